// kip.js: kip-index's exact scorer as an ES module, for a portal's own code.
//
//   import * as kip from './kip.js';
//   const results = JSON.parse(kip.score(instrumentText, submissionsText, null, null));
//
// Every function takes texts (the files as they are) and returns JSON text, the same
// that `kip validate` finds and `kip score --format json` writes. An input is a string,
// null, an array of strings, or {name, text} objects; a string is named after its part
// (`instrument`, `submissions`, `verification`, `stage-scores`, `roster`), a name's
// extension (.json, .jsonl, .csv) gives its framing, otherwise the text does.
import init, { validateInputs, scoreInputs, scoreFiles as scoreFileBytes, checkFiles as checkFileBytes, Workbench, ProgressBench, detectRole, cardsInputs, readNumber as readNumberText, Questionnaire as Planned } from './pkg/kip_web.js';

await init({ module_or_path: new URL('./pkg/kip_web_bg.wasm', import.meta.url) });

/** Problems that stop a run: `problems` is `[{file, record, path, line, column, kind, message}]`. */
export class KipError extends Error {
  constructor(problemsText) {
    const problems = JSON.parse(problemsText);
    super(problems.map((p) => `${p.file ?? ''}${p.record ? ':' + p.record : ''}:${p.path}: ${p.message}`).join('\n'));
    this.name = 'KipError';
    this.problems = problems;
  }
}

/** Runs `call`, turning the problems the scorer throws (JSON text) into a KipError. */
function checked(call) {
  try {
    return call();
  } catch (e) {
    throw typeof e === 'string' ? new KipError(e) : e;
  }
}

function files(part, value) {
  if (value === null || value === undefined) return [];
  const all = Array.isArray(value) ? value : [value];
  return all.map((v, i) => {
    if (typeof v === 'string') return { name: all.length > 1 ? `${part}-${i + 1}` : part, text: v };
    if (v && typeof v.name === 'string' && typeof v.text === 'string') return { name: v.name, text: v.text };
    throw new TypeError(`kip: ${part} must be text, an array of texts, or {name, text} objects`);
  });
}

function inputs(instrument, submissions, verification, stageScores, options = {}) {
  const [named] = files('instrument', instrument);
  if (!named) throw new TypeError('kip: the instrument is required');
  return JSON.stringify({
    instrument: named,
    submissions: files('submissions', submissions),
    verification: files('verification', verification),
    'stage-scores': files('stage-scores', stageScores),
    roster: files('roster', options.roster),
    'without-stage-scores': Boolean(options.withoutStageScores),
    strict: Boolean(options.strict),
    lang: options.lang ?? 'id',
    agencies: options.agencies ?? [],
  });
}

/**
 * Every problem in an instrument and its submissions (and, optionally, the other
 * files), as JSON text: `[{file, record, path, line, column, kind, message}]`, `[]`
 * when all is well.
 */
export function validate(instrument, submissions = null, verification = null, stageScores = null, options = {}) {
  return validateInputs(inputs(instrument, submissions, verification, stageScores, options));
}

/**
 * The batch scored and ranked: the results JSON text of `kip score --format json`.
 * `options.roster` adds a roster, `options.withoutStageScores` says none are meant,
 * `options.strict` rejects a body with a missing answer (`--strict`).
 * Throws a KipError when the instrument, verification, stage scores or roster have
 * problems; a bad submission is only rejected, in the results.
 */
export function score(instrument, submissions, verification = null, stageScores = null, options = {}) {
  return checked(() => scoreInputs(inputs(instrument, submissions, verification, stageScores, options)));
}

/**
 * A file's role in a batch told from its bytes (a Uint8Array): `instrument`,
 * `submissions`, `verification`, `stage-scores`, `roster`, or `''` when nothing tells.
 */
export function roleOf(bytes) {
  return detectRole(bytes);
}

/** The files' bytes one after another, and the manifest that says where each is. */
async function packed(files, options) {
  const parts = await Promise.all(files.map(async (f) => {
    const bytes = typeof f.arrayBuffer === 'function' ? new Uint8Array(await f.arrayBuffer())
      : f.bytes instanceof Uint8Array ? f.bytes : new Uint8Array(f.bytes);
    return { name: f.name, bytes, role: f.role ?? null };
  }));
  const all = new Uint8Array(parts.reduce((n, p) => n + p.bytes.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p.bytes, at);
    at += p.bytes.length;
  }
  const manifest = JSON.stringify({
    files: parts.map((p) => (p.role ? { name: p.name, length: p.bytes.length, role: p.role }
      : { name: p.name, length: p.bytes.length })),
    lang: options.lang ?? 'id',
    'without-stage-scores': Boolean(options.withoutStageScores),
    strict: Boolean(options.strict),
  });
  return { manifest, all };
}

/**
 * The batch scored from files as they were picked or dropped: `files` is an array of
 * `File`s or `{name, bytes, role?}` (bytes a Uint8Array or ArrayBuffer); each file's role
 * (`instrument`, `submissions`, `verification`, `stage-scores`, `roster`) is told from
 * its content unless given, and workbooks (.xlsx) are read as `kip score` reads them.
 * Resolves to the results JSON text of `kip score --format json` for the same files;
 * rejects with a KipError for problems that stop the run. `options` as for `score`.
 */
export async function scoreFiles(files, options = {}) {
  const { manifest, all } = await packed(files, options);
  return checked(() => scoreFileBytes(manifest, all));
}

/**
 * Each file's problems before scoring, as `kip validate` finds them: resolves to
 * `[{name, role, records, problems}]` in the files' order (`files` as for `scoreFiles`).
 * Without an instrument that can be planned, the other files are not checked.
 */
export async function checkFiles(files, options = {}) {
  const { manifest, all } = await packed(files, options);
  return JSON.parse(checked(() => checkFileBytes(manifest, all)));
}

/**
 * A Monev scored once from its files (as `scoreFiles`), kept for every publication:
 * `json()` the results JSON text; `csv(style)` (`id`: Excel set to Indonesian, `;` and
 * a decimal comma); `workbook(options, logo)` the results workbook of `kip score -o
 * hasil.xlsx` (a Uint8Array); `report(options, logo)` the HTML report; `cards(options,
 * logo)` every report card in one printable document; `template(options)` the fill-in
 * workbook of `kip template`; `free()`. `options` is `{lang, 'annex-ranks': 'all'|'top',
 * commission, year, decree, 'place-date', signatory, made, agencies}`, every key
 * optional; `logo` the image's bytes (a Uint8Array, empty for none). `onProgress` is
 * called with `{phase: 'read'|'score', done, total}` while scoring.
 */
export async function openBatch(files, options = {}, onProgress = null) {
  const { manifest, all } = await packed(files, options);
  const progress = onProgress ? (text) => onProgress(JSON.parse(text)) : undefined;
  const bench = checked(() => Workbench.open(manifest, all, progress));
  const text = (o) => JSON.stringify(o ?? {});
  const logoOf = (logo) => (logo instanceof Uint8Array ? logo : new Uint8Array(logo ?? []));
  return {
    json: () => bench.resultsJson(),
    csv: (style = 'id') => bench.csv(style),
    workbook: (o, logo) => checked(() => bench.workbook(text(o), logoOf(logo))),
    report: (o, logo) => checked(() => bench.report(text(o), logoOf(logo))),
    cards: (o, logo) => checked(() => bench.cards(text(o), logoOf(logo))),
    template: (o) => checked(() => bench.template(text(o))),
    free: () => bench.free(),
  };
}

/**
 * Where the Monev stands, from files as they were picked or dropped (`files` as for
 * `scoreFiles`: the instrument, the submissions received so far, the roster), as `kip
 * progress` reads them: `json()` the JSON text of `kip progress --format json` (every
 * roster body's state, what it lacks, the counts per category, region and superior);
 * `csv(style)`; `workbook()` (a Uint8Array); `pages(options, logo)` one printable page
 * per superior (`options` as for `openBatch`); `free()`. Rejects with a KipError for
 * problems that stop it (an instrument or a roster that cannot be read).
 */
export async function openProgress(files, options = {}) {
  const { manifest, all } = await packed(files, options);
  const bench = checked(() => ProgressBench.open(manifest, all));
  const logoOf = (logo) => (logo instanceof Uint8Array ? logo : new Uint8Array(logo ?? []));
  return {
    json: () => bench.json(),
    csv: (style = 'id') => bench.csv(style),
    workbook: () => checked(() => bench.workbook()),
    pages: (o, logo) => checked(() => bench.pages(JSON.stringify(o ?? {}), logoOf(logo))),
    free: () => bench.free(),
  };
}

/**
 * What the batch tab's worker does with a message, in one place so that the page can
 * do the same on its own thread where a browser refuses a worker: `op` is `load` (the
 * files, `{files}`, kept so that they cross to the worker once), `check` and `score`
 * (`{roles, options}`: each file's role as the page shows it, `ignore` to leave one
 * out), then `json`, `csv`,
 * `workbook`, `report`, `cards` or `template` of what was scored.
 */
export function workbenchHandler() {
  let batch = null;
  let files = [];
  // A file the page says to ignore is left out; the others keep their order.
  const withRoles = (roles) => files.map((f, i) => ({ ...f, role: roles?.[i] || null }))
    .filter((f) => f.role !== 'ignore');
  return async (op, args, progress) => {
    switch (op) {
      case 'load':
        files = args.files;
        return files.length;
      case 'check': {
        // One answer per file the page lists, `null` for one it ignores.
        const found = await checkFiles(withRoles(args.roles), args.options);
        let k = 0;
        return files.map((_, i) => (args.roles?.[i] === 'ignore' ? null : found[k++]));
      }
      case 'score':
        if (batch) batch.free();
        batch = null;
        batch = await openBatch(withRoles(args.roles), args.options, progress);
        return batch.json();
      default:
        if (!batch) throw new Error('kip: nothing scored yet');
        if (op === 'csv') return batch.csv(args.style);
        if (op === 'template') return batch.template(args.options);
        if (['workbook', 'report', 'cards'].includes(op)) return batch[op](args.options, args.logo);
        throw new Error(`kip: unknown operation ${op}`);
    }
  };
}

/**
 * The report card (rapor) of every scored body, as `kip cards -o cards.json` makes
 * them: JSON text `{cards: [...], failed: [{agency, problems}]}`, the cards in rank
 * order (`report-card.schema.json`). `options.agencies` (an array of ids) picks bodies.
 * Throws a KipError as `score` does.
 */
export function cards(instrument, submissions, verification = null, stageScores = null, options = {}) {
  return checked(() => cardsInputs(inputs(instrument, submissions, verification, stageScores, options)));
}

/**
 * A number as a person typed it, read by the rule every reader of kip uses (`87,5` and
 * `87.5` are 87.5, `1.250.000` is 1250000, `1.250` is refused as 1250 or 1.25): JSON
 * text `{"value": "87.5"}` or `{"message": "..."}` in `lang` (`id` or `en`).
 */
export function readNumber(typed, lang = 'id') {
  return readNumberText(typed, lang);
}

/**
 * An instrument planned once, for scoring one body's answers as they change.
 * `evaluate(submissionText)` → `{open, problems, scorecard}` (JSON text);
 * `fixes(submissionText)` → what to fix first (JSON text); `instrumentJson()` → the
 * instrument with every default written out.
 */
export class Questionnaire {
  constructor(instrumentText) {
    this.inner = checked(() => new Planned(instrumentText));
  }
  /** Frees the planned instrument's WebAssembly memory. */
  free() { this.inner.free(); }
  instrumentJson() { return this.inner.instrumentJson(); }
  /** The language of messages and advice: `id` (the default) or `en`. */
  setLanguage(lang) { this.inner.setLanguage(lang); }
  /** `{open, problems, scorecard, outlook}`: `outlook` is the SAQ score with its own
   * qualification and the final with the later stages at 0 and 100. */
  evaluate(submissionText) { return this.inner.evaluate(submissionText); }
  /** The final with later-stage scores tried (`{"visitasi": "85"}`): `{final, qualification}`. */
  tryStages(submissionText, stagesText) {
    return checked(() => this.inner.tryStages(submissionText, stagesText));
  }
  fixes(submissionText) {
    return checked(() => this.inner.fixes(submissionText));
  }
}
