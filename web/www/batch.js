// The batch tab: a commission's files picked or dropped at once, each file's role told
// from its content (and changeable) and its problems shown before scoring; the batch
// scored in a Web Worker (a progress bar, the page never frozen) by the same
// WebAssembly scorer as `kip score`; the results ranked per category (a tab each),
// sortable and searchable, the rejected submissions with their places and reasons; and
// every download the CLI writes — the workbook, CSV, JSON, the HTML report, the report
// cards and the fill-in template — made by the same Rust code.

const BATCH_WORDS = {
  tabBatch: ['Penilaian (batch)', 'Batch'],
  batchIntro: [
    'Pilih atau seret semua berkas sekaligus: instrumen, jawaban (JSON, JSON Lines, CSV, .xlsx), verifikasi, nilai tahap, daftar badan publik. Peran setiap berkas dikenali dari isinya; ubah bila keliru.',
    'Pick or drop every file at once: the instrument, submissions (JSON, JSON Lines, CSV, .xlsx), verification, stage scores, the roster. Each file\'s role is told from its content; change it if wrong.',
  ],
  score: ['Nilai', 'Score'],
  roles: {
    instrument: ['Instrumen', 'Instrument'],
    submissions: ['Jawaban', 'Submissions'],
    verification: ['Verifikasi', 'Verification'],
    'stage-scores': ['Nilai tahap', 'Stage scores'],
    roster: ['Daftar badan publik', 'Roster'],
    ignore: ['Abaikan berkas ini', 'Ignore this file'],
    '': ['(pilih peran)', '(choose a role)'],
  },
  rank: ['Peringkat', 'Rank'],
  body: ['Badan publik', 'Public body'],
  final: ['Nilai akhir', 'Final score'],
  qualification: ['Kualifikasi', 'Qualification'],
  rejected: ['Pengajuan ditolak', 'Rejected submissions'],
  warnings: ['Peringatan', 'Warnings'],
  notAssessed: ['Tidak Dinilai', 'Not assessed'],
  downloadJson: ['Hasil (JSON)', 'Results (JSON)'],
  downloadXlsx: ['Hasil (Excel)', 'Results (Excel)'],
  downloadCsv: ['Hasil (CSV)', 'Results (CSV)'],
  downloadReport: ['Laporan (HTML)', 'Report (HTML)'],
  downloadCards: ['Rapor semua badan publik (cetak)', 'Every report card (print)'],
  downloadTemplate: ['Templat isian (Excel)', 'Fill-in template (Excel)'],
  letterhead: ['Kop surat dan lampiran (untuk laporan, rapor dan buku kerja)', 'Letterhead and annex (for the report, cards and workbook)'],
  commission: ['Komisi Informasi', 'Commission'],
  year: ['Tahun Monev', 'Monev year'],
  decree: ['Nomor keputusan', 'Decree number'],
  placeDate: ['Tempat dan tanggal', 'Place and date'],
  signatory: ['Penanda tangan ("Nama, Jabatan")', 'Signatory ("Name, Title")'],
  logo: ['Logo (PNG, JPEG, GIF, WebP, SVG)', 'Logo (PNG, JPEG, GIF, WebP, SVG)'],
  annexRanks: ['Peringkat di lampiran', 'Ranks in the annex'],
  annexAll: ['semua badan publik', 'every body'],
  annexTop: ['hanya kualifikasi tertinggi', 'the top qualification only'],
  annexQualification: ['per kualifikasi (peringkat dalam kualifikasi)', 'by qualification (ranked within it)'],
  allCategories: ['Semua kategori', 'All categories'],
  fileOk: [(n) => `${n} catatan, tanpa masalah`, (n) => `${n} record(s), no problems`],
  fileProblems: [(n, p) => `${n} catatan, ${p} masalah:`, (n, p) => `${n} record(s), ${p} problem(s):`],
  fileUnchecked: ['belum diperiksa: perlu satu instrumen yang benar', 'not checked: needs one valid instrument'],
  fileNoRole: ['isi berkas ini tidak dikenali: pilih perannya, atau abaikan', 'nothing tells this file\'s role: choose it, or ignore the file'],
  andMore: [(n) => `dan ${n} lainnya`, (n) => `and ${n} more`],
  reading: [(done, total) => `Membaca jawaban: ${done} dari ${total} MB`, (done, total) => `Reading submissions: ${done} of ${total} MB`],
  ranking: ['Menilai dan memeringkat…', 'Scoring and ranking…'],
  scored: [(ms) => `Selesai dalam ${ms} detik`, (ms) => `Done in ${ms} s`],
  making: ['Menyiapkan unduhan…', 'Preparing the download…'],
  clear: ['Kosongkan daftar berkas', 'Clear the files'],
  fileEmpty: ['berkas ini tidak berisi satu pun pengajuan', 'this file holds no submission'],
  failed: [(n) => `Penilaian tidak dapat dijalankan: ${n} masalah di bawah ini harus diperbaiki dulu.`,
    (n) => `The batch cannot be scored: fix the ${n} problem(s) below first.`],
  counts: [(g) => `Wajib ${g.due ?? '–'} · dinilai ${g.scored} · ditolak ${g.rejected} · tidak dinilai ${g.not_assessed}${g.late ? ` (${g.late} terlambat)` : ''}${g.not_on_roster ? ` · di luar daftar ${g.not_on_roster}` : ''}`,
    (g) => `Due ${g.due ?? '–'} · scored ${g.scored} · rejected ${g.rejected} · not assessed ${g.not_assessed}${g.late ? ` (${g.late} late)` : ''}${g.not_on_roster ? ` · not on the roster ${g.not_on_roster}` : ''}`],
  late: [(sent, deadline) => `terlambat: dikirim ${sent}, setelah batas waktu ${deadline ?? ''}`.trimEnd(),
    (sent, deadline) => `late: sent ${sent}, after the deadline ${deadline ?? ''}`.trimEnd()],
  summary: [(s, r, n) => `${s} badan publik dinilai, ${r} pengajuan ditolak, ${n} tidak dinilai`,
    (s, r, n) => `${s} bodies scored, ${r} submission(s) rejected, ${n} not assessed`],
  search: ['Cari badan publik', 'Search bodies'],
  zeroLegend: ['0* : tidak ada nilai tahap ini (tidak diikuti, atau syaratnya tidak terpenuhi); menurut instrumen dihitung 0 dalam nilai akhir',
    '0* : no score in this stage (not taken, or its gate not passed); the instrument counts it 0 in the final'],
  scoring: ['Menilai…', 'Scoring…'],
  tabProgress: ['Kemajuan', 'Progress'],
  progressLetterhead: ['Kop surat (untuk surat per atasan)', 'Letterhead (for the letters per superior)'],
  progressIntro: [
    'Selama Monev berjalan: pilih atau seret instrumen, jawaban yang sudah masuk, dan daftar badan publik (dengan kolom superior dan contact). Setiap badan publik diberi satu keadaan; jawaban yang belum diisi bukan masalah.',
    'While the Monev is open: pick or drop the instrument, the submissions received so far, and the roster (with superior and contact columns). Every body gets one state; an unanswered question is no problem.',
  ],
  states: {
    not_received: ['Belum mengirim', 'Not received'],
    draft: ['Draf', 'Draft'],
    complete: ['Lengkap', 'Complete'],
    rejected: ['Ditolak', 'Rejected'],
    late: ['Terlambat', 'Late'],
  },
  due: ['Wajib', 'Due'],
  superior: ['Atasan', 'Superior'],
  noSuperior: ['Tanpa atasan', 'No superior named'],
  contact: ['Kontak', 'Contact'],
  answered: ['Dijawab', 'Answered'],
  lacks: ['Yang kurang', 'What is missing'],
  state: ['Keadaan', 'State'],
  total: ['Jumlah', 'Total'],
  notOnRoster: ['Di luar daftar', 'Not on the roster'],
  downloadPages: ['Surat per atasan (HTML, cetak)', 'A letter per superior (HTML, print)'],
  downloadProgressXlsx: ['Kemajuan (Excel)', 'Progress (Excel)'],
  downloadProgressCsv: ['Kemajuan (CSV)', 'Progress (CSV)'],
  downloadProgressJson: ['Kemajuan (JSON)', 'Progress (JSON)'],
  progressSummary: [(t) => `${t.due} badan publik wajib: ${t.complete} lengkap, ${t.draft} draf, ${t.rejected} ditolak, ${t.late} terlambat, ${t.not_received} belum mengirim`,
    (t) => `${t.due} bodies due: ${t.complete} complete, ${t.draft} draft, ${t.rejected} rejected, ${t.late} late, ${t.not_received} not received`],
  progressFailed: [(n) => `Kemajuan tidak dapat dibaca: ${n} masalah di bawah ini harus diperbaiki dulu.`,
    (n) => `Progress cannot be read: fix the ${n} problem(s) below first.`],
};

/** How many rows of the results are drawn between two breaths of the page. */
const ROWS_AT_ONCE = 250;

/** The worker that scores, from its own file (the served page). */
function makeWorker() {
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
}

/**
 * A way to ask the worker: `call(op, args, onProgress)` resolves to its answer. Where a
 * browser refuses the worker, the same handler runs on the page's own thread.
 */
function connect(kip) {
  let local = null;
  let worker = null;
  try {
    worker = makeWorker();
  } catch {
    document.getElementById('batch-view').dataset.worker = 'no';
    local = kip.workbenchHandler();
  }
  const pending = new Map();
  let next = 1;
  if (worker) {
    worker.onmessage = ({ data }) => {
      document.getElementById('batch-view').dataset.worker = 'yes';
      const waiting = pending.get(data.id);
      if (!waiting) return;
      if (data.progress) {
        waiting.progress?.(data.progress);
        return;
      }
      pending.delete(data.id);
      if (data.error) {
        const error = new Error(data.error.message);
        if (data.error.problems) error.problems = data.error.problems;
        waiting.reject(error);
      } else {
        waiting.resolve(data.value);
      }
    };
    // A worker that cannot start: what was asked of it is done here instead.
    worker.onerror = (e) => {
      e.preventDefault?.();
      document.getElementById('batch-view').dataset.worker = 'no';
      worker = null;
      local = kip.workbenchHandler();
      for (const waiting of pending.values()) {
        local(waiting.op, waiting.args, waiting.progress).then(waiting.resolve, waiting.reject);
      }
      pending.clear();
    };
  }
  return (op, args, progress) => {
    if (local) return local(op, args, progress);
    return new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { op, args, progress, resolve, reject });
      worker.postMessage({ id, op, args });
    });
  };
}

/** Sets up the batch tab: `kip` the scorer's API, `language()` the page's language. */
export function setupBatch(kip, language) {
  const $ = (id) => document.getElementById(id);
  const say = (key, ...args) => {
    const pair = key.split('.').reduce((o, k) => o[k], BATCH_WORDS);
    const word = pair[language() === 'en' ? 1 : 0];
    return typeof word === 'function' ? word(...args) : word;
  };
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  };
  const number = (text) => (language() === 'en' ? String(text) : String(text).replace('.', ','));
  const call = connect(kip);
  let files = [];
  let checks = [];
  let resultsText = null;
  let category = null;
  let runs = 0;
  let draws = 0;

  /** The page's language changed: its words, and the scorer's messages and warnings,
   * which come in the language asked for — so what was checked and scored is done again. */
  async function translate() {
    for (const node of document.querySelectorAll('[data-tb]')) node.textContent = say(node.dataset.tb);
    $('batch-search').placeholder = say('search');
    drawFiles();
    if (files.length && (resultsText || checks.length)) {
      await check();
      await run();
    }
  }

  // A problem with its place, as much of it as is known: `file:line /path: message`.
  const described = (p) => {
    const place = [`${p.file ?? ''}${p.line ? `:${p.line}` : ''}`, p.path ?? ''].filter(Boolean).join(' ');
    return place ? `${place}: ${p.message}` : p.message;
  };

  function drawFiles() {
    $('batch-file-list').replaceChildren(...files.map((f, i) => {
      const select = el('select', { 'data-index': String(i), 'aria-label': f.name });
      for (const role of ['instrument', 'submissions', 'verification', 'stage-scores', 'roster', 'ignore', '']) {
        const option = el('option', { value: role }, say(`roles.${role}`));
        if (role === f.role) option.selected = true;
        select.append(option);
      }
      select.addEventListener('change', async () => {
        files[i].role = select.value;
        await check();
        await run();
      });
      // What `kip validate` finds in this file, before anything is scored.
      const found = checks[i];
      let note = null;
      if (f.role === 'ignore') {
        note = null;
      } else if (!f.role) {
        note = el('div', { class: 'file-problems' }, say('fileNoRole'));
      } else if (found && found.role !== 'instrument' && found.records === null) {
        note = el('div', { class: 'muted' }, say('fileUnchecked'));
      } else if (found && found.problems.length) {
        const shown = found.problems.slice(0, 20).map((p) => el('li', {}, described(p)));
        if (found.problems.length > 20) shown.push(el('li', {}, say('andMore', found.problems.length - 20)));
        note = el('div', { class: 'file-problems' },
          found.records !== null ? say('fileProblems', found.records, found.problems.length) : '',
          el('ul', {}, ...shown));
      } else if (found && found.records === 0 && f.role === 'submissions') {
        note = el('div', { class: 'file-problems' }, say('fileEmpty'));
      } else if (found && found.records !== null) {
        note = el('div', { class: 'file-ok' }, say('fileOk', found.records));
      }
      return el('li', { 'data-role': f.role, 'data-file': f.name }, select, ' ', el('span', {}, f.name), note);
    }));
  }

  const roles = () => files.map((f) => f.role || null);

  /** Files picked or dropped join those already listed (one of the same name is
   * replaced), so that a late submission can be added to a Monev already loaded. */
  async function pick(list) {
    const picked = await Promise.all([...list].map(async (file) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      return { name: file.name, bytes, role: kip.roleOf(bytes) };
    }));
    files = [...files.filter((f) => !picked.some((p) => p.name === f.name)), ...picked];
    checks = [];
    drawFiles();
    // The files cross to the worker once; each check and run then names their roles.
    await call('load', { files: files.map((f) => ({ name: f.name, bytes: f.bytes })) });
    await check();
    await run();
  }

  /** Where the tab is, for people who script it: `#batch-view[data-state]` is `checking`,
   * `scoring`, `drawing`, `done` or `failed`; `data-done` counts the runs finished. */
  function state(now) {
    const view = $('batch-view');
    view.dataset.state = now;
    if (now === 'done' || now === 'failed') view.dataset.done = String(Number(view.dataset.done ?? 0) + 1);
  }

  async function check() {
    if (!files.length) return;
    state('checking');
    try {
      checks = await call('check', { roles: roles(), options: { lang: language() } });
    } catch {
      checks = [];
    }
    drawFiles();
  }

  function showProgress(p) {
    const mb = (bytes) => number((bytes / 1e6).toFixed(1));
    if (p.phase === 'read') {
      $('batch-progress').value = p.total ? Math.round((800 * p.done) / p.total) : 800;
      $('batch-progress-text').textContent = say('reading', mb(p.done), mb(p.total));
    } else {
      $('batch-progress').value = p.done === p.total && p.total ? 1000 : 850;
      $('batch-progress-text').textContent = say('ranking');
    }
  }

  async function run() {
    if (!files.length) return;
    const mine = ++runs;
    state('scoring');
    $('batch-status').textContent = say('scoring');
    $('batch-problems').replaceChildren();
    $('batch-progress-box').hidden = false;
    $('batch-progress').value = 0;
    $('batch-progress-text').textContent = '';
    const started = performance.now();
    try {
      const text = await call('score', { roles: roles(), options: { lang: language() } }, showProgress);
      if (mine !== runs) return;
      resultsText = text;
      $('batch-progress').value = 1000;
      $('batch-status').textContent = say('scored', number(((performance.now() - started) / 1000).toFixed(2)));
      state('drawing');
      if (await drawResults()) state('done');
    } catch (e) {
      if (mine !== runs) return;
      resultsText = null;
      $('results').replaceChildren();
      $('batch-out').hidden = true;
      const problems = e.problems ?? [{ message: String(e.message ?? e) }];
      $('batch-status').textContent = say('failed', problems.length);
      $('batch-problems').replaceChildren(...problems.map((p) => el('li', {}, el('bdi', {}, described(p)))));
      state('failed');
    } finally {
      if (mine === runs) $('batch-progress-box').hidden = true;
    }
  }

  async function drawResults() {
    const results = JSON.parse(resultsText);
    const instrumentFile = files.find((f) => f.role === 'instrument');
    let instrument = { categories: [], qualifications: [], stages: [] };
    try { instrument = JSON.parse(new TextDecoder().decode(instrumentFile.bytes)); } catch { /* names fall back to ids */ }
    const nameOf = (list, id) => (list ?? []).find((x) => x.id === id)?.name ?? id ?? '';
    const groups = new Map();
    for (const card of results.results) {
      const key = card.agency.category ?? '';
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(card);
    }
    const order = [...(instrument.categories ?? []).map((c) => c.id), ''].filter((id) => groups.has(id));
    const stages = Object.keys(results.results[0]?.stages ?? {});
    // Under `absent_stage: zero` (the default) a stage without a score counts 0 in the
    // final, and is shown so: 0* with its legend, never a blank (as the CLI's table).
    const decimals = instrument.decimals ?? 2;
    const zeroed = (instrument.absent_stage ?? 'zero') === 'zero';
    const stageCell = (value) => (value !== null ? number(value.toFixed(decimals))
      : zeroed ? `${number((0).toFixed(decimals))}*` : '–');
    const row = (card) => el('tr', {
      'data-agency': card.agency.id,
      'data-final': card.final.toFixed(decimals),
      'data-rank-category': String(card.rank?.category ?? card.rank?.overall ?? ''),
    },
    el('td', { class: 'n', 'data-sort': String(card.rank?.category ?? card.rank?.overall ?? '') },
      String(card.rank?.category ?? card.rank?.overall ?? '')),
    el('td', {}, el('bdi', {}, card.agency.name), ' ', el('small', {}, '(', el('bdi', {}, card.agency.id), ')')),
    el('td', { class: 'n', 'data-sort': String(card.final) }, number(card.final.toFixed(decimals))),
    // Qualifications sort by their order in the instrument (best first), not by name.
    el('td', { 'data-sort': String((instrument.qualifications ?? []).findIndex((q) => q.id === card.qualification)) },
      nameOf(instrument.qualifications, card.qualification)),
    ...stages.map((s) => el('td', { class: 'n', 'data-sort': String(card.stages[s] ?? -1) },
      stageCell(card.stages[s]))));
    const bodies = new Map();
    const sections = order.map((id) => {
      const body = el('tbody');
      bodies.set(id, body);
      const zero = zeroed && groups.get(id).some((card) => Object.values(card.stages).includes(null));
      const counted = results.summary?.categories?.[id];
      return el('section', { class: 'box', 'data-category': id },
        el('h3', {}, id ? nameOf(instrument.categories, id) : (instrument.name ?? '')),
        counted ? el('p', { class: 'muted counts' }, say('counts', counted)) : null,
        el('table', { class: 'ranking' },
          el('thead', {}, el('tr', {}, ...[say('rank'), say('body'), say('final'), say('qualification'),
            ...stages.map((s) => nameOf(instrument.stages, s))].map((h) => el('th', {}, h)))),
          body),
        zero ? el('p', { class: 'muted' }, say('zeroLegend')) : null);
    });
    const lists = [];
    if (results.warnings?.length) {
      lists.push(el('section', { class: 'box' }, el('h3', {}, say('warnings')),
        el('ul', {}, ...results.warnings.map((w) => el('li', {}, el('bdi', {}, w.message))))));
    }
    if (results.rejected?.length) {
      lists.push(el('section', { class: 'box', id: 'batch-rejected' }, el('h3', {}, say('rejected')),
        el('ul', { class: 'problems' }, ...results.rejected.map((r) => el('li', { 'data-source': r.source },
          el('code', {}, el('bdi', {}, r.source)), r.agency ? ' ' : '', r.agency ? el('bdi', { class: 'agency' }, r.agency) : null,
          ': ', el('bdi', {}, r.errors.map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`).join('; ')))))));
    }
    if (results.not_assessed?.length) {
      lists.push(el('section', { class: 'box' }, el('h3', {}, say('notAssessed')),
        el('ul', {}, ...results.not_assessed.map((a) => el('li', { 'data-reason': a.reason },
          el('bdi', {}, a.name), ' (', el('bdi', {}, a.id), ')',
          a.reason === 'late' ? `: ${say('late', a.submitted_at, results.deadline)}` : '')))));
    }
    $('batch-summary').textContent = say('summary', results.results.length, results.rejected.length,
      results.not_assessed.length);
    // One tab per category, and one for all of them.
    if (category !== '*' && !order.includes(category)) category = order[0] ?? '*';
    const tab = (id, label) => {
      const button = el('button', { type: 'button', role: 'tab', 'data-category': id,
        'aria-selected': String(id === category) }, label);
      button.addEventListener('click', () => { category = id; showCategory(); });
      return button;
    };
    $('batch-categories').replaceChildren(
      ...order.map((id) => tab(id, id ? nameOf(instrument.categories, id) : (instrument.name ?? ''))),
      ...(order.length > 1 ? [tab('*', say('allCategories'))] : []));
    $('batch-out').hidden = false;
    $('results').replaceChildren(...sections, ...lists);
    for (const table of document.querySelectorAll('#results table.ranking')) sortable(table);
    showCategory();
    // The rows a few hundred at a time, the page answering in between: ten thousand
    // bodies never freeze it. A newer draw stops this one.
    const mine = ++draws;
    for (const id of order) {
      const cards = groups.get(id);
      for (let at = 0; at < cards.length; at += ROWS_AT_ONCE) {
        if (mine !== draws) return false;
        bodies.get(id).append(...cards.slice(at, at + ROWS_AT_ONCE).map(row));
        if (cards.length > ROWS_AT_ONCE) await new Promise((ok) => setTimeout(ok, 0));
      }
    }
    showCategory();
    return mine === draws;
  }

  /** The chosen category's table (all of them for "all", or while searching). */
  function showCategory() {
    const needle = $('batch-search').value.trim().toLowerCase();
    for (const button of document.querySelectorAll('#batch-categories button')) {
      button.setAttribute('aria-selected', String(button.dataset.category === category));
    }
    for (const row of document.querySelectorAll('#results tr[data-agency]')) {
      row.hidden = needle !== '' && !row.textContent.toLowerCase().includes(needle);
    }
    for (const section of document.querySelectorAll('#results section[data-category]')) {
      const matches = section.querySelector('tr[data-agency]:not([hidden])') !== null;
      section.hidden = needle !== '' ? !matches : category !== '*' && section.dataset.category !== category;
    }
  }

  /** Clicking a column's heading sorts the table by it; clicking again reverses. */
  function sortable(table) {
    const headings = [...table.querySelectorAll('thead th')];
    headings.forEach((th, column) => {
      th.setAttribute('aria-sort', 'none');
      th.classList.add('sortable');
      th.addEventListener('click', () => {
        const ascending = th.getAttribute('aria-sort') !== 'ascending';
        headings.forEach((h) => h.setAttribute('aria-sort', 'none'));
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        const body = table.tBodies[0];
        const key = (row) => {
          const cell = row.cells[column];
          const sort = cell?.dataset.sort;
          return sort !== undefined ? Number(sort) : (cell?.textContent ?? '');
        };
        const rows = [...body.rows].sort((a, b) => {
          const [x, y] = [key(a), key(b)];
          const order = typeof x === 'number' ? x - y : String(x).localeCompare(String(y), 'id');
          return ascending ? order : -order;
        });
        body.append(...rows);
      });
    });
  }

  /** The heading and annex options of the publications, from the form. */
  async function publishOptions() {
    const value = (id) => $(id).value.trim();
    const today = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    const options = {
      lang: language(),
      'annex-ranks': $('kop-annex-ranks').value,
      commission: value('kop-commission'),
      year: value('kop-year'),
      decree: value('kop-decree'),
      'place-date': value('kop-place-date'),
      signatory: value('kop-signatory'),
      made: `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`,
    };
    const picked = $('kop-logo').files?.[0];
    const logo = picked ? new Uint8Array(await picked.arrayBuffer()) : new Uint8Array(0);
    return { options, logo };
  }

  function save(name, data, type) {
    const link = el('a', { href: URL.createObjectURL(new Blob([data], { type })), download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const downloads = {
    'batch-download-json': async () => save('hasil.json', resultsText, 'application/json'),
    // Excel set to Indonesian: `;` between cells and a decimal comma (`--csv-locale id`).
    'batch-download-csv': async () => save('hasil.csv', await call('csv', { style: 'id' }), 'text/csv'),
    'batch-download-xlsx': async () => save('hasil.xlsx', await call('workbook', await publishOptions()), XLSX),
    'batch-download-report': async () => save('laporan.html', await call('report', await publishOptions()), 'text/html'),
    'batch-download-cards': async () => save('rapor.html', await call('cards', await publishOptions()), 'text/html'),
    'batch-download-template': async () => save('templat.xlsx',
      await call('template', { options: { lang: language() } }), XLSX),
  };
  for (const [id, make] of Object.entries(downloads)) {
    $(id).addEventListener('click', async () => {
      if (!resultsText) return;
      // One download at a time: a second click while a large one is made does nothing.
      const buttons = document.querySelectorAll('#batch-out .downloads button');
      buttons.forEach((b) => { b.disabled = true; });
      $('batch-status').textContent = say('making');
      try {
        await make();
        $('batch-status').textContent = '';
      } catch (e) {
        const problems = e.problems ?? [{ message: String(e.message ?? e) }];
        $('batch-status').textContent = problems.map(described).join('; ');
      } finally {
        buttons.forEach((b) => { b.disabled = false; });
      }
    });
  }

  $('batch-files').addEventListener('change', async (e) => {
    await pick(e.target.files);
    e.target.value = '';
  });
  $('batch-clear').addEventListener('click', () => {
    files = [];
    checks = [];
    resultsText = null;
    runs += 1;
    draws += 1;
    drawFiles();
    $('results').replaceChildren();
    $('batch-out').hidden = true;
    $('batch-problems').replaceChildren();
    $('batch-status').textContent = '';
  });
  $('batch-score').addEventListener('click', run);
  $('batch-search').addEventListener('input', showCategory);
  const drop = $('batch-view');
  drop.addEventListener('dragover', (e) => e.preventDefault());
  drop.addEventListener('drop', (e) => { e.preventDefault(); pick(e.dataTransfer.files); });
  const progress = setupProgress(kip, { $, say, el, described, save, language });
  const both = async () => {
    await translate();
    await progress.translate();
  };
  return { translate: both, results: () => resultsText };
}

/**
 * The Kemajuan tab: the instrument, the submissions received so far and the roster
 * read on the page's own thread by the same code as `kip progress`; each superior's
 * bodies with their state and what they lack, the counts, and its downloads (a letter
 * per superior to print, the workbook, CSV, JSON). `#progress-view[data-state]` is
 * `reading`, `done` or `failed`.
 */
function setupProgress(kip, { $, say, el, described, save, language }) {
  let files = [];
  let bench = null;

  function drawFiles() {
    $('progress-file-list').replaceChildren(...files.map((f, i) => {
      const select = el('select', { 'data-index': String(i), 'aria-label': f.name });
      for (const role of ['instrument', 'submissions', 'roster', 'ignore', '']) {
        const option = el('option', { value: role }, say(`roles.${role}`));
        if (role === f.role) option.selected = true;
        select.append(option);
      }
      select.addEventListener('change', () => { files[i].role = select.value; read(); });
      return el('li', { 'data-role': f.role, 'data-file': f.name }, select, ' ', el('span', {}, f.name));
    }));
  }

  async function read() {
    const view = $('progress-view');
    bench?.free();
    bench = null;
    $('progress-out').hidden = true;
    $('progress-problems').replaceChildren();
    if (!files.length) return;
    view.dataset.state = 'reading';
    try {
      const chosen = files.filter((f) => f.role !== 'ignore')
        .map((f) => ({ name: f.name, bytes: f.bytes, role: f.role || null }));
      bench = await kip.openProgress(chosen, { lang: language() });
      draw(JSON.parse(bench.json()));
      view.dataset.state = 'done';
      $('progress-status').textContent = '';
    } catch (e) {
      const problems = e.problems ?? [{ message: String(e.message ?? e) }];
      $('progress-status').textContent = say('progressFailed', problems.length);
      $('progress-problems').replaceChildren(...problems.map((p) => el('li', {}, el('bdi', {}, described(p)))));
      view.dataset.state = 'failed';
    }
  }

  function counts(title, groups, total) {
    const states = Object.keys(BATCH_WORDS.states);
    const row = (name, c, cls) => el('tr', cls ? { class: cls } : {}, el('td', {}, el('bdi', {}, name)),
      el('td', { class: 'n' }, String(c.due)), ...states.map((s) => el('td', { class: 'n' }, String(c[s]))));
    return el('table', { class: 'counts' },
      el('thead', {}, el('tr', {}, ...[title, say('due'), ...states.map((s) => say(`states.${s}`))].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...Object.entries(groups).map(([name, c]) => row(name, c)), row(say('total'), total, 'total')));
  }

  function draw(progress) {
    const groups = new Map();
    for (const body of progress.bodies) {
      const key = body.superior ?? '';
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(body);
    }
    const keys = [...groups.keys()].sort((a, b) => (a === '') - (b === '') || a.localeCompare(b, 'id'));
    const bodyRow = (b) => el('tr', { 'data-agency': b.id, 'data-state': b.state },
      el('td', {}, el('bdi', {}, b.name ?? b.id), ' ', el('small', {}, '(', el('bdi', {}, b.id), ')')),
      el('td', { class: `state ${b.state}` }, say(`states.${b.state}`)),
      el('td', { class: 'n' }, b.answered === null ? '–' : `${b.answered}/${b.applicable}`),
      el('td', {}, el('bdi', {}, b.lacks)),
      el('td', {}, el('bdi', {}, b.contact ?? '')));
    const table = (bodies) => el('table', { class: 'ranking' },
      el('thead', {}, el('tr', {}, ...[say('body'), say('state'), say('answered'), say('lacks'), say('contact')].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...bodies.map(bodyRow)));
    const sections = keys.map((key) => el('section', { class: 'box', 'data-superior': key },
      el('h3', {}, el('bdi', {}, key || say('noSuperior'))), table(groups.get(key))));
    if (progress.not_on_roster.length) {
      sections.push(el('section', { class: 'box', id: 'progress-off-roster' }, el('h3', {}, say('notOnRoster')),
        table(progress.not_on_roster)));
    }
    if (progress.unplaced.length || progress.warnings.length) {
      sections.push(el('section', { class: 'box' }, el('h3', {}, say('warnings')),
        el('ul', { class: 'problems' },
          ...progress.unplaced.map((r) => el('li', {}, el('bdi', {}, `${r.source} ${r.path}: ${r.message}`))),
          ...progress.warnings.map((w) => el('li', {}, el('bdi', {}, w))))));
    }
    $('progress-summary').textContent = say('progressSummary', progress.total);
    $('progress-counts').replaceChildren(counts(say('superior'), progress.by_superior, progress.total));
    $('progress-tables').replaceChildren(...sections);
    $('progress-out').hidden = false;
  }

  async function pick(list) {
    const picked = await Promise.all([...list].map(async (file) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const told = kip.roleOf(bytes);
      return { name: file.name, bytes, role: ['instrument', 'submissions', 'roster'].includes(told) ? told : '' };
    }));
    files = [...files.filter((f) => !picked.some((p) => p.name === f.name)), ...picked];
    drawFiles();
    await read();
  }

  const today = () => {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  };
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const downloads = {
    'progress-download-pages': async () => {
      const value = (id) => $(id).value.trim();
      const picked = $('progress-kop-logo').files?.[0];
      const logo = picked ? new Uint8Array(await picked.arrayBuffer()) : new Uint8Array(0);
      const options = { lang: language(), commission: value('progress-kop-commission'),
        'place-date': value('progress-kop-place-date'), signatory: value('progress-kop-signatory'), made: today() };
      save('kemajuan.html', bench.pages(options, logo), 'text/html');
    },
    'progress-download-xlsx': async () => save('kemajuan.xlsx', bench.workbook(), XLSX),
    'progress-download-csv': async () => save('kemajuan.csv', bench.csv('id'), 'text/csv'),
    'progress-download-json': async () => save('kemajuan.json', bench.json(), 'application/json'),
  };
  for (const [id, make] of Object.entries(downloads)) {
    $(id).addEventListener('click', async () => {
      if (!bench) return;
      try {
        await make();
      } catch (e) {
        const problems = e.problems ?? [{ message: String(e.message ?? e) }];
        $('progress-status').textContent = problems.map(described).join('; ');
      }
    });
  }
  $('progress-files').addEventListener('change', async (e) => {
    await pick(e.target.files);
    e.target.value = '';
  });
  $('progress-clear').addEventListener('click', () => {
    files = [];
    drawFiles();
    read();
  });
  const drop = $('progress-view');
  drop.addEventListener('dragover', (e) => e.preventDefault());
  drop.addEventListener('drop', (e) => { e.preventDefault(); pick(e.dataTransfer.files); });
  return {
    translate: async () => {
      drawFiles();
      if (files.length) await read();
    },
  };
}
