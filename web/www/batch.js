// The batch tab: a commission's files picked or dropped at once, each file's role told
// from its content (and changeable), the batch scored by the same WebAssembly scorer as
// `kip score`, the results ranked per category, the rejected submissions with their
// places and reasons, and the results JSON to download (byte for byte the CLI's).

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
    '': ['(pilih peran)', '(choose a role)'],
  },
  rank: ['Peringkat', 'Rank'],
  body: ['Badan publik', 'Public body'],
  final: ['Nilai akhir', 'Final score'],
  qualification: ['Kualifikasi', 'Qualification'],
  rejected: ['Pengajuan ditolak', 'Rejected submissions'],
  warnings: ['Peringatan', 'Warnings'],
  notAssessed: ['Tidak Dinilai', 'Not assessed'],
  downloadJson: ['Unduh hasil (JSON)', 'Download the results (JSON)'],
  summary: [(s, r, n) => `${s} badan publik dinilai, ${r} pengajuan ditolak, ${n} tidak dinilai`,
    (s, r, n) => `${s} bodies scored, ${r} submission(s) rejected, ${n} not assessed`],
  search: ['Cari badan publik', 'Search bodies'],
  zeroLegend: ['0* : tidak ada nilai tahap ini; menurut instrumen dihitung 0 dalam nilai akhir',
    '0* : no score in this stage; the instrument counts it 0 in the final'],
  scoring: ['Menilai…', 'Scoring…'],
};

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
  const number = (text) => (language() === 'en' ? text : String(text).replace('.', ','));
  let files = [];
  let resultsText = null;

  function translate() {
    for (const node of document.querySelectorAll('[data-tb]')) node.textContent = say(node.dataset.tb);
    $('batch-search').placeholder = say('search');
    drawFiles();
    if (resultsText) drawResults();
  }

  function drawFiles() {
    $('batch-file-list').replaceChildren(...files.map((f, i) => {
      const select = el('select', { 'data-index': String(i), 'aria-label': f.name });
      for (const role of ['instrument', 'submissions', 'verification', 'stage-scores', 'roster', '']) {
        const option = el('option', { value: role }, say(`roles.${role}`));
        if (role === f.role) option.selected = true;
        select.append(option);
      }
      select.addEventListener('change', () => { files[i].role = select.value; });
      return el('li', { 'data-role': f.role }, select, ' ', el('span', {}, f.name));
    }));
  }

  async function pick(list) {
    files = await Promise.all([...list].map(async (file) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      return { name: file.name, bytes, role: kip.roleOf(bytes) };
    }));
    drawFiles();
    await run();
  }

  async function run() {
    if (!files.length) return;
    $('batch-status').textContent = say('scoring');
    $('batch-problems').replaceChildren();
    try {
      resultsText = await kip.scoreFiles(files.map((f) => ({ name: f.name, bytes: f.bytes, role: f.role || null })),
        { lang: language() });
      $('batch-status').textContent = '';
      drawResults();
    } catch (e) {
      resultsText = null;
      $('results').replaceChildren();
      $('batch-status').textContent = '';
      const problems = e.problems ?? [{ message: String(e) }];
      $('batch-problems').replaceChildren(...problems.map((p) => el('li', {},
        `${p.file ?? ''}${p.line ? `:${p.line}` : ''}${p.path ? ` ${p.path}` : ''}: ${p.message}`)));
    }
  }

  function drawResults() {
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
    const sections = order.map((category) => {
      const rows = groups.get(category).map((card) => el('tr', {
        'data-agency': card.agency.id,
        'data-final': card.final.toFixed(instrument.decimals ?? 2),
        'data-rank-category': String(card.rank?.category ?? card.rank?.overall ?? ''),
      },
      el('td', { class: 'n', 'data-sort': String(card.rank?.category ?? card.rank?.overall ?? '') },
        String(card.rank?.category ?? card.rank?.overall ?? '')),
      el('td', {}, card.agency.name, ' ', el('small', {}, `(${card.agency.id})`)),
      el('td', { class: 'n', 'data-sort': String(card.final) }, number(card.final.toFixed(decimals))),
      // Qualifications sort by their order in the instrument (best first), not by name.
      el('td', { 'data-sort': String((instrument.qualifications ?? []).findIndex((q) => q.id === card.qualification)) },
        nameOf(instrument.qualifications, card.qualification)),
      ...stages.map((s) => el('td', { class: 'n', 'data-sort': String(card.stages[s] ?? -1) },
        stageCell(card.stages[s])))));
      const zero = zeroed && groups.get(category).some((card) => Object.values(card.stages).includes(null));
      return el('section', { class: 'box' },
        el('h3', {}, category ? nameOf(instrument.categories, category) : (instrument.name ?? '')),
        el('table', { class: 'ranking' },
          el('thead', {}, el('tr', {}, ...[say('rank'), say('body'), say('final'), say('qualification'),
            ...stages.map((s) => nameOf(instrument.stages, s))].map((h) => el('th', {}, h)))),
          el('tbody', {}, ...rows)),
        zero ? el('p', { class: 'muted' }, say('zeroLegend')) : null);
    });
    const lists = [];
    if (results.warnings?.length) {
      lists.push(el('section', { class: 'box' }, el('h3', {}, say('warnings')),
        el('ul', {}, ...results.warnings.map((w) => el('li', {}, w.message)))));
    }
    if (results.rejected?.length) {
      lists.push(el('section', { class: 'box', id: 'batch-rejected' }, el('h3', {}, say('rejected')),
        el('ul', { class: 'problems' }, ...results.rejected.map((r) => el('li', { 'data-source': r.source },
          el('code', {}, r.source), ' ', r.errors.map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`).join('; '))))));
    }
    if (results.not_assessed?.length) {
      lists.push(el('section', { class: 'box' }, el('h3', {}, say('notAssessed')),
        el('ul', {}, ...results.not_assessed.map((a) => el('li', {}, `${a.name} (${a.id})`)))));
    }
    $('batch-summary').textContent = say('summary', results.results.length, results.rejected.length,
      results.not_assessed.length);
    $('results').replaceChildren(...sections, ...lists);
    for (const table of document.querySelectorAll('#results table.ranking')) sortable(table);
    filter();
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

  function filter() {
    const needle = $('batch-search').value.trim().toLowerCase();
    for (const row of document.querySelectorAll('#results tr[data-agency]')) {
      row.hidden = needle !== '' && !row.textContent.toLowerCase().includes(needle);
    }
  }

  $('batch-files').addEventListener('change', (e) => pick(e.target.files));
  $('batch-score').addEventListener('click', run);
  $('batch-search').addEventListener('input', filter);
  const drop = $('batch-view');
  drop.addEventListener('dragover', (e) => e.preventDefault());
  drop.addEventListener('drop', (e) => { e.preventDefault(); pick(e.dataTransfer.files); });
  $('batch-download-json').addEventListener('click', () => {
    if (!resultsText) return;
    const link = el('a', { href: URL.createObjectURL(new Blob([resultsText], { type: 'application/json' })), download: 'hasil.json' });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });
  return { translate, results: () => resultsText };
}
