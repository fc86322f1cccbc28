// The SAQ page: the questionnaire drawn from an instrument, scored by the WebAssembly
// scorer on every answer, and a tab that checks pasted or loaded files.
import * as kip from './kip.js';
import { setupBatch } from './batch.js';

// Every word of the page: each key with its Indonesian, then its English.
const WORDS = {
  title: ['kip-index — Kuesioner Penilaian Mandiri (SAQ)', 'kip-index — Self Assessment Questionnaire (SAQ)'],
  tabSaq: ['Kuesioner', 'Questionnaire'],
  tabCheck: ['Periksa berkas', 'Check files'],
  language: ['Bahasa', 'Language'],
  loading: ['Memuat penilai…', 'Loading the scorer…'],
  instrument: ['Instrumen (JSON)', 'Instrument (JSON)'],
  instrumentLoaded: ['Instrumen:', 'Instrument:'],
  agency: ['Badan publik', 'Public body'],
  agencyId: ['Kode', 'Id'],
  agencyName: ['Nama', 'Name'],
  category: ['Kategori', 'Category'],
  region: ['Wilayah', 'Region'],
  final: ['Nilai akhir', 'Final score'],
  saq: ['Nilai SAQ', 'SAQ score'],
  timing: ['Dihitung dalam', 'Computed in'],
  saqNote: [
    'Dari jawaban Anda saja, sebelum verifikasi. Kualifikasi di atas adalah rentang tempat nilai SAQ ini berada, bukan kualifikasi akhir.',
    'From your answers alone, before verification. The qualification above is the band this SAQ score falls in, not the final one.',
  ],
  finalRange: ['Nilai akhir nanti, menurut nilai', 'The final to come, by the score in'],
  to: ['sampai', 'to'],
  tryStage: ['Coba nilai', 'Try a score in'],
  gateRule: ['syarat', 'gate'],
  gateReached: ['tercapai dengan nilai ini', 'reached with these scores'],
  gateNotReached: ['belum tercapai', 'not reached'],
  gateDepends: ['tergantung badan publik lain (peringkat tidak diketahui dari satu kuesioner)', 'depends on the other bodies (one questionnaire cannot know its rank)'],
  noLaterStage: ['Nilai akhir sama dengan nilai SAQ: tidak ada tahap lain yang diikuti.', 'The final is the SAQ score: no other stage is taken part in.'],
  ms: ['md', 'ms'],
  fixes: ['Yang perlu diperbaiki lebih dulu', 'What to fix first'],
  noFixes: [
    'Tidak ada: setiap jawaban sudah bernilai penuh.',
    'Nothing: every answer already scores in full.',
  ],
  export: ['Unduh jawaban (JSON)', 'Download answers (JSON)'],
  import: ['Buka jawaban (JSON)', 'Open answers (JSON)'],
  yes: ['Ya', 'Yes'],
  no: ['Tidak', 'No'],
  na: ['Tidak berlaku (N/A)', 'Not applicable (N/A)'],
  evidence: ['Data dukung (satu tautan per baris)', 'Evidence (one link per line)'],
  evidenceRequired: ['Data dukung (wajib; satu tautan per baris)', 'Evidence (required; one link per line)'],
  weight: ['bobot', 'weight'],
  asked: ['Ditanyakan bila', 'Asked when'],
  notScored: ['tidak dinilai', 'not scored'],
  answer: ['Jawab', 'Answer'],
  withEvidence: ['dengan data dukung', 'with evidence'],
  andOpens: ['dan pertanyaan yang dibukanya', 'and the questions it opens'],
  opensGate: ['membuka tahap', 'opens the stage'],
  checkIntro: [
    'Tempel atau buka instrumen dan berkas jawaban (JSON, JSON Lines atau CSV). Setiap masalah ditampilkan dengan JSON pointer dan barisnya.',
    'Paste or open an instrument and a submissions file (JSON, JSON Lines or CSV). Every problem is shown with its JSON pointer and line.',
  ],
  submissions: ['Jawaban (JSON, JSON Lines, CSV)', 'Submissions (JSON, JSON Lines, CSV)'],
  check: ['Periksa', 'Check'],
  useInstrument: ['Pakai instrumen yang terbuka', 'Use the open instrument'],
  checkFine: ['Tidak ada masalah.', 'No problems.'],
  checkFound: [(n) => `${n} masalah ditemukan.`, (n) => `${n} problem(s) found.`],
  line: ['baris', 'line'],
  record: ['rekaman', 'record'],
  wholeText: ['(seluruh teks)', '(the whole text)'],
  footer: [
    'Dihitung di peramban ini dengan kip-index (WebAssembly): tidak ada data yang dikirim ke mana pun.',
    'Scored in this browser by kip-index (WebAssembly): no data is sent anywhere.',
  ],
};

const $ = (id) => document.getElementById(id);
let lang = 'id';
const t = (key) => WORDS[key]?.[lang === 'en' ? 1 : 0] ?? key;

/** Builds an element: el('div', {class: 'x'}, child, 'text'). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'class') node.className = v;
    // Through the CSSOM: the page's Content-Security-Policy allows no style attributes.
    else if (k === 'style') node.style.cssText = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

/** A score (already rounded by the scorer) shown with the instrument's decimals. */
function shown(value, decimals) {
  if (value === null || value === undefined) return '–';
  const text = Number(value).toFixed(decimals);
  return lang === 'id' ? text.replace('.', ',') : text;
}

// ---------------------------------------------------------------- JSON with exact numbers

/**
 * A decimal typed by a person, read by the scorer's own rule (`87,5` and `87.5` are
 * 87.5, `1.250.000` is 1250000, `1.250` — 1250 or 1.25? — is refused): `{value}` as
 * JSON number text, or `{message}` saying what is wrong, in the page's language.
 */
function decimalText(typed) {
  return JSON.parse(kip.readNumber(typed, lang));
}

/** JSON text in which {raw} objects are written as they are: numbers stay exact. */
function stringify(value, indent = '', step = '') {
  const nl = step ? '\n' : '';
  const inner = indent + step;
  if (value && typeof value === 'object' && 'raw' in value) return value.raw;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${nl}${value.map((v) => inner + stringify(v, inner, step)).join(`,${nl}`)}${nl}${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const sep = step ? ': ' : ':';
    return `{${nl}${entries.map(([k, v]) => inner + JSON.stringify(k) + sep + stringify(v, inner, step)).join(`,${nl}`)}${nl}${indent}}`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------- the questionnaire

const state = {
  form: null,        // kip.Questionnaire
  instrument: null,  // the instrument with every default written out
  instrumentText: '',
  questions: [],     // {question, indicator}
  open: new Set(),
  timer: 0,
};

function loadInstrument(text, name) {
  $('instrument-problems').replaceChildren();
  let form;
  try {
    form = new kip.Questionnaire(text);
  } catch (e) {
    if (!(e instanceof kip.KipError)) throw e;
    $('instrument-problems').replaceChildren(...e.problems.map(problemItem));
    return;
  }
  state.form?.free();
  state.form = form;
  form.setLanguage(lang);
  state.instrumentText = text;
  state.instrument = JSON.parse(form.instrumentJson());
  $('instrument-name').textContent = `${state.instrument.name} (${name})`;
  drawAgency();
  drawQuestions();
  rescore();
}

function drawAgency() {
  const select = $('agency-category');
  select.replaceChildren(...state.instrument.categories.map((c) => el('option', { value: c.id }, c.name)));
}

function drawQuestions() {
  state.questions = [];
  const form = $('questions');
  form.replaceChildren(...state.instrument.indicators.map((i) => indicatorSection(i, 2)));
}

function indicatorSection(indicator, level) {
  const head = el(`h${Math.min(level, 6)}`, {}, indicator.name,
    el('span', { class: 'indicator-score', 'data-indicator': indicator.id }, ''));
  const parts = (indicator.questions ?? []).map((q) => {
    state.questions.push({ question: q, indicator });
    return questionField(q);
  });
  const children = (indicator.indicators ?? []).map((i) => indicatorSection(i, level + 1));
  return el('section', { class: `indicator level-${level}`, id: `indicator-${indicator.id}` }, head, parts, children);
}

function questionField(q) {
  const name = `q-${q.id}`;
  const input = answerInput(q, name);
  const notes = [];
  if (q.when) {
    const equals = typeof q.when.equals === 'boolean' ? (q.when.equals ? t('yes') : t('no')) : q.when.equals;
    notes.push(`${t('asked')} ${q.when.question} = ${equals}`);
  }
  if (q.kind === 'text' || Number(q.weight) === 0) notes.push(t('notScored'));
  const na = q.allow_na
    ? el('label', { class: 'na' }, el('input', { type: 'checkbox', name: `${name}-na`, 'data-role': 'na' }), ' ', t('na'))
    : null;
  const evidence = q.evidence === 'none' ? null : el('label', { class: 'evidence' },
    t(q.evidence === 'required' ? 'evidenceRequired' : 'evidence'),
    el('textarea', { name: `${name}-evidence`, rows: '1', 'data-role': 'evidence', inputmode: 'url' }));
  return el('fieldset', { class: 'question', id: name, 'data-question': q.id, 'data-kind': q.kind },
    el('legend', {}, el('span', { class: 'qid' }, q.id), ' ', q.text),
    notes.length ? el('p', { class: 'muted' }, notes.join(' · ')) : null,
    input, na, evidence,
    el('p', { class: 'field-problem', 'data-role': 'problem' }));
}

function answerInput(q, name) {
  const radio = (value, label) => el('label', { class: 'option' },
    el('input', { type: 'radio', name, value, 'data-role': 'value' }), ' ', label);
  switch (q.kind) {
    case 'yes_no':
      return el('div', { class: 'options' }, radio('true', t('yes')), radio('false', t('no')));
    case 'choice':
      return el('div', { class: 'options' }, q.options.map((o) => radio(o.id, o.label)));
    case 'checklist':
      return el('div', { class: 'options' }, q.items.map((i) => el('label', { class: 'option' },
        el('input', { type: 'checkbox', name, value: i.id, 'data-role': 'value' }), ' ', i.label)));
    case 'scale': {
      const points = [];
      for (let v = Number(q.min); v <= Number(q.max) && points.length < 101; v++) points.push(radio(String(v), String(v)));
      return el('div', { class: 'options scale' }, points);
    }
    case 'number':
    case 'rating':
      return el('input', { type: 'text', name, inputmode: 'decimal', autocomplete: 'off', 'data-role': 'value',
        placeholder: q.kind === 'rating' ? '0–100' : [q.min, q.max].filter((x) => x !== undefined).join(' – ') });
    default:
      return el('input', { type: 'text', name, autocomplete: 'off', 'data-role': 'value' });
  }
}

/** The answer a question's field holds, as the submission format writes it. */
function answerOf(fieldset, q) {
  const answer = {};
  const na = fieldset.querySelector('[data-role=na]');
  if (na?.checked) answer.na = true;
  const values = [...fieldset.querySelectorAll('[data-role=value]')];
  switch (q.kind) {
    case 'yes_no': {
      const picked = values.find((v) => v.checked);
      if (picked) answer.value = picked.value === 'true';
      break;
    }
    case 'choice': {
      const picked = values.find((v) => v.checked);
      if (picked) answer.value = picked.value;
      break;
    }
    case 'scale': {
      const picked = values.find((v) => v.checked);
      if (picked) answer.value = { raw: picked.value };
      break;
    }
    case 'checklist': {
      const picked = values.filter((v) => v.checked).map((v) => v.value);
      if (picked.length) answer.value = picked;
      break;
    }
    case 'number':
    case 'rating': {
      const typed = values[0]?.value ?? '';
      if (typed.trim()) {
        const read = decimalText(typed);
        if (read.value !== undefined) answer.value = { raw: read.value };
        // Not a number (or one that could be two): the field says why, and the answer
        // is left out until it is one.
        else answer.unread = read.message;
      }
      break;
    }
    default: {
      const typed = values[0]?.value ?? '';
      if (typed) answer.value = typed;
    }
  }
  const links = fieldset.querySelector('[data-role=evidence]')?.value.split('\n').map((l) => l.trim()).filter(Boolean) ?? [];
  if (links.length) answer.evidence = links;
  return answer.value === undefined && !answer.na && !answer.evidence && !answer.unread ? null : answer;
}

/** The submission the form holds; `onlyOpen` leaves out the answers of hidden questions. */
function submission(onlyOpen) {
  const agency = {
    id: $('agency-id').value.trim(),
    name: $('agency-name').value.trim(),
    category: $('agency-category').value,
  };
  const region = $('agency-region').value.trim();
  if (region) agency.region = region;
  const answers = {};
  state.unread = {};
  for (const { question } of state.questions) {
    if (onlyOpen && !state.open.has(question.id)) continue;
    const answer = answerOf($(`q-${question.id}`), question);
    if (answer?.unread) {
      state.unread[question.id] = answer.unread;
      delete answer.unread;
      if (answer.value === undefined && !answer.na && !answer.evidence) continue;
    }
    if (answer) answers[question.id] = answer;
  }
  return { instrument: state.instrument.id, agency, answers };
}

function rescore() {
  if (!state.form) return;
  const text = stringify(submission(false));
  const started = performance.now();
  const evaluation = JSON.parse(state.form.evaluate(text));
  const ms = performance.now() - started;
  // `open` is null while the answers cannot be read (no Kode yet): every question shows.
  state.open = new Set(evaluation.open ?? state.questions.map(({ question }) => question.id));
  state.text = text;
  showOpen();
  const unread = Object.entries(state.unread ?? {}).map(([id, message]) => ({ path: `/answers/${id}/value`, message }));
  showProblems([...unread, ...evaluation.problems]);
  showScore(evaluation.scorecard, evaluation.outlook);
  showGates(evaluation.gates ?? []);
  $('timing').textContent = `${(lang === 'id' ? ms.toFixed(2).replace('.', ',') : ms.toFixed(2))} ${t('ms')}`;
  $('timing').dataset.ms = String(ms);
  // "What to fix first" rescores the body once per question: after a pause in typing.
  clearTimeout(state.timer);
  state.timer = setTimeout(() => showFixes(text, evaluation.scorecard), 150);
}

function showOpen() {
  for (const { question } of state.questions) {
    $(`q-${question.id}`).hidden = !state.open.has(question.id);
  }
}

/** The final the answers reach with the score typed in the trial field. */
function showTry() {
  const out = $('try-final');
  const typed = $('try-stage').value.trim();
  const stage = state.laterStages?.[0];
  out.textContent = '';
  out.dataset.value = '';
  $('try-qualification').textContent = '';
  if (!typed || !stage || !state.text) return;
  const read = decimalText(typed);
  if (read.value === undefined) {
    $('try-qualification').textContent = read.message;
    return;
  }
  const stages = Object.fromEntries(state.laterStages.map((s) => [s, read.value]));
  let tried;
  try {
    tried = JSON.parse(state.form.tryStages(state.text, JSON.stringify(stages)));
  } catch (e) {
    if (!(e instanceof kip.KipError)) throw e;
    $('try-qualification').textContent = e.problems.map((p) => p.message).join('; ');
    return;
  }
  const decimals = state.instrument.decimals;
  out.textContent = `${t('final')}: ${shown(tried.final, decimals)}`;
  out.dataset.value = Number(tried.final).toFixed(decimals);
  $('try-qualification').textContent = `— ${qualificationName(tried.qualification)}`;
}

function qualificationName(id) {
  return state.instrument.qualifications.find((q) => q.id === id)?.name ?? id ?? '';
}

function showProblems(problems) {
  for (const node of document.querySelectorAll('.question.invalid')) {
    node.classList.remove('invalid');
    node.querySelector('[data-role=problem]').textContent = '';
  }
  const general = [];
  for (const p of problems) {
    const id = /^\/answers\/([^/]+)/.exec(p.path)?.[1]?.replaceAll('~1', '/').replaceAll('~0', '~');
    const field = id && $(`q-${id}`);
    if (field) {
      field.classList.add('invalid');
      field.querySelector('[data-role=problem]').textContent = p.message;
    }
    general.push(problemItem(p));
  }
  $('answer-problems').replaceChildren(...general);
}

/**
 * The headline is what the body can know: its SAQ score and the band that score alone
 * falls in; the final only as the range the later stages (visitasi) can bring, and a
 * trial score — never a qualification it has not earned.
 */
// Each gated stage: its rule, and whether these answers reach it — or, for a rank,
// that it depends on the other bodies (one questionnaire cannot know its rank).
function showGates(gates) {
  $('gates').hidden = gates.length === 0;
  $('gates').replaceChildren(...gates.map((g) => {
    const state = g.reached === true ? t('gateReached') : g.reached === false ? t('gateNotReached') : t('gateDepends');
    return el('li', { 'data-stage': g.stage, 'data-reached': String(g.reached) },
      `${g.name} — ${t('gateRule')}: ${g.rule}: ${state}`);
  }));
}

function showScore(card, outlook) {
  const decimals = state.instrument.decimals;
  const set = (id, value) => {
    $(id).textContent = shown(value, decimals);
    $(id).dataset.value = value === null || value === undefined ? '' : Number(value).toFixed(decimals);
  };
  $('score-strip').hidden = $('saq-view').hidden;
  if (!card || !outlook) {
    set('saq', null);
    $('qualification').textContent = '–';
    $('qualification').dataset.id = '';
    $('reach').hidden = true;
    $('strip-saq').textContent = '–';
    $('strip-qualification').textContent = '';
    state.laterStages = [];
    return;
  }
  set('saq', outlook.questionnaire);
  $('qualification').textContent = qualificationName(outlook.questionnaire_qualification);
  $('qualification').dataset.id = outlook.questionnaire_qualification ?? '';
  $('strip-saq').textContent = $('saq').textContent;
  $('strip-qualification').textContent = $('qualification').textContent;
  state.laterStages = outlook.later_stages;
  const names = outlook.later_stages.map((id) => state.instrument.stages.find((s) => s.id === id)?.name ?? id);
  $('reach').hidden = false;
  if (names.length === 0) {
    $('later-stages').textContent = t('noLaterStage');
  } else {
    $('later-stages').textContent = `${names.join(', ')} (0 ${t('to')} 100):`;
  }
  set('final-low', outlook.lowest.final);
  set('final-high', outlook.highest.final);
  $('qualification-low').textContent = `(${qualificationName(outlook.lowest.qualification)})`;
  $('qualification-high').textContent = `(${qualificationName(outlook.highest.qualification)})`;
  $('try-stage-name').textContent = names.join(', ');
  $('try-stage').closest('label').hidden = names.length === 0;
  showTry();
  // Stages and indicators are maps from id to score, as in the results JSON.
  $('bars').replaceChildren(...state.instrument.indicators.map((i) => {
    const score = card.indicators[i.id] ?? null;
    return el('div', { class: 'bar', 'data-indicator': i.id },
      el('span', { class: 'bar-name' }, i.name),
      el('span', { class: 'bar-track' }, el('span', { class: 'bar-fill', style: `width:${score === null ? 0 : Number(score)}%` })),
      el('span', { class: 'bar-value' }, shown(score, decimals)));
  }));
  for (const [id, score] of Object.entries(card.indicators)) {
    const head = document.querySelector(`.indicator-score[data-indicator="${CSS.escape(id)}"]`);
    if (head) head.textContent = ` ${shown(score, decimals)}`;
  }
}

function showFixes(text, card) {
  if (!card) {
    $('fixes').replaceChildren();
    return;
  }
  let fixes;
  try {
    fixes = JSON.parse(state.form.fixes(text));
  } catch (e) {
    if (e instanceof kip.KipError) return;
    throw e;
  }
  const decimals = state.instrument.decimals;
  // Each fix is advice from the scorer, in the page's language: the answer to give and
  // the answer now, and what it gains.
  const items = fixes.slice(0, 10).map((f) => el('li', { 'data-question': f.question },
    el('a', { href: `#q-${f.question}` }, f.advice),
    f.text ? el('div', { class: 'muted' }, f.text) : null));
  $('fixes').replaceChildren(...(items.length ? items : [el('li', {}, t('noFixes'))]));
}

function exportAnswers() {
  const text = `${stringify(submission(true), '', '  ')}\n`;
  const blob = new Blob([text], { type: 'application/json' });
  const link = el('a', { href: URL.createObjectURL(blob), download: `jawaban-${$('agency-id').value.trim() || 'saq'}.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/** Fills the form from a submission (one object), as a body's earlier answers. */
function importAnswers(text) {
  const s = JSON.parse(text);
  $('agency-id').value = s.agency?.id ?? '';
  $('agency-name').value = s.agency?.name ?? '';
  if (s.agency?.category) $('agency-category').value = s.agency.category;
  $('agency-region').value = s.agency?.region ?? '';
  for (const { question } of state.questions) {
    const field = $(`q-${question.id}`);
    const answer = s.answers?.[question.id] ?? {};
    for (const input of field.querySelectorAll('input, textarea')) {
      const role = input.dataset.role;
      if (role === 'na') input.checked = Boolean(answer.na);
      else if (role === 'evidence') input.value = (answer.evidence ?? []).join('\n');
      else if (input.type === 'radio') input.checked = answer.value !== undefined && String(answer.value) === input.value;
      else if (input.type === 'checkbox') input.checked = Array.isArray(answer.value) && answer.value.includes(input.value);
      else input.value = answer.value === undefined ? '' : String(answer.value);
    }
  }
  rescore();
}

// ---------------------------------------------------------------- checking files

function problemItem(p) {
  const where = [p.file, p.line ? `${t('line')} ${p.line}` : (p.record ? `${t('record')} ${p.record}` : null)]
    .filter(Boolean).join(', ');
  return el('li', { 'data-file': p.file ?? '', 'data-line': p.line ?? '' },
    where ? el('span', { class: 'where' }, where) : null, ' ',
    el('code', {}, p.path || t('wholeText')), ' ', p.message);
}

function check() {
  const instrument = $('check-instrument').value;
  const submissions = $('check-submissions').value;
  const problems = JSON.parse(kip.validate(instrument, submissions.trim() ? submissions : null, null, null, { lang }));
  $('check-summary').textContent = problems.length ? t('checkFound')(problems.length) : t('checkFine');
  const texts = { instrument, submissions };
  const items = problems.map((p) => {
    const item = problemItem(p);
    item.tabIndex = 0;
    const show = () => showText(texts[p.file] ?? '', problems.filter((q) => q.file === p.file), p.line);
    item.addEventListener('click', show);
    item.addEventListener('keydown', (e) => { if (e.key === 'Enter') show(); });
    return item;
  });
  $('check-problems').replaceChildren(...items);
  const first = problems[0];
  if (first) showText(texts[first.file] ?? '', problems.filter((q) => q.file === first.file), first.line);
  else $('check-text').replaceChildren();
}

/** The text with line numbers, the lines with problems marked and `line` in view. */
function showText(text, problems, line) {
  const bad = new Set(problems.map((p) => p.line).filter(Boolean));
  const lines = text.split('\n');
  const shownLines = lines.map((content, i) => el('span', {
    class: `line${bad.has(i + 1) ? ' bad' : ''}${i + 1 === line ? ' current' : ''}`, 'data-line': String(i + 1),
  }, content, '\n'));
  $('check-text').replaceChildren(...shownLines);
  const current = $('check-text').querySelector('.current');
  current?.scrollIntoView({ block: 'center' });
}

async function readFile(input) {
  const file = input.files?.[0];
  return file ? { name: file.name, text: await file.text() } : null;
}

// ---------------------------------------------------------------- the page

function translate() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll('[data-t]')) {
    const value = t(node.dataset.t);
    if (typeof value === 'string') node.textContent = value;
  }
  document.title = t('title');
}

function showTab(which) {
  $('saq-view').hidden = which !== 'saq';
  $('check-view').hidden = which !== 'check';
  $('batch-view').hidden = which !== 'batch';
  $('progress-view').hidden = which !== 'progress';
  $('tab-batch').setAttribute('aria-selected', String(which === 'batch'));
  $('tab-progress').setAttribute('aria-selected', String(which === 'progress'));
  $('tab-saq').setAttribute('aria-selected', String(which === 'saq'));
  $('tab-check').setAttribute('aria-selected', String(which === 'check'));
  $('score-strip').hidden = which !== 'saq';
}

async function start() {
  lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'id';
  $('lang').value = lang;
  translate();
  $('lang').addEventListener('change', () => {
    lang = $('lang').value;
    state.form?.setLanguage(lang);
    translate();
    if (state.instrument) {
      const saved = stringify(submission(false));
      drawQuestions();
      importAnswers(saved);
    }
  });
  $('tab-saq').addEventListener('click', () => showTab('saq'));
  $('tab-check').addEventListener('click', () => showTab('check'));
  $('tab-batch').addEventListener('click', () => showTab('batch'));
  $('tab-progress').addEventListener('click', () => showTab('progress'));
  const batch = setupBatch(kip, () => lang);
  batch.translate();
  $('lang').addEventListener('change', () => batch.translate());
  // `input` fires for every kind of field (text, radio, checkbox, select); `change`
  // would score the same answer a second time.
  $('questions').addEventListener('input', rescore);
  $('agency').addEventListener('input', rescore);
  $('try-stage').addEventListener('input', showTry);
  $('export').addEventListener('click', exportAnswers);
  $('instrument-file').addEventListener('change', async (e) => {
    const file = await readFile(e.target);
    if (file) loadInstrument(file.text, file.name);
  });
  $('answers-file').addEventListener('change', async (e) => {
    const file = await readFile(e.target);
    if (file) importAnswers(file.text);
  });
  for (const [input, area] of [['check-instrument-file', 'check-instrument'], ['check-submissions-file', 'check-submissions']]) {
    $(input).addEventListener('change', async (e) => {
      const file = await readFile(e.target);
      if (file) $(area).value = file.text;
    });
  }
  $('check').addEventListener('click', check);
  $('check-use-instrument').addEventListener('click', () => { $('check-instrument').value = state.instrumentText; });

  const response = await fetch('instrument.json');
  loadInstrument(await response.text(), 'instrument.json');
  $('loading').hidden = true;
  showTab('saq');
}

window.kip = {
  readNumber: kip.readNumber,
  validate: kip.validate,
  score: kip.score,
  scoreFiles: kip.scoreFiles,
  cards: kip.cards,
  Questionnaire: kip.Questionnaire,
  KipError: kip.KipError,
};
await start();
window.kipReady = true;
