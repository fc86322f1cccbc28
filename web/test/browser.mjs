// The browser test: web/dist/ served on 127.0.0.1, driven in Debian's Chromium by
// Playwright, checked against the `kip` command line on the same inputs.
//
//   bash web/build.sh && cargo build -p kip-cli && (cd web && npm ci && npm test)
//
// KIP_BIN names the kip binary (default target/debug/kip); CHROMIUM the browser
// (default /usr/bin/chromium). Screenshots and the timings go to target/web-test/.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, extname, dirname, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'web', 'dist');
const out = join(root, 'target', 'web-test');
const kipBin = process.env.KIP_BIN ?? join(root, 'target', 'debug', 'kip');
mkdirSync(out, { recursive: true });
for (const [what, path] of [['web/dist (run bash web/build.sh)', join(dist, 'index.html')], ['kip (run cargo build -p kip-cli)', kipBin]]) {
  if (!existsSync(path)) throw new Error(`missing ${what}: ${path}`);
}

const read = (path) => readFileSync(join(root, path), 'utf8');
/** `kip ARGS` run in the repository, its standard output. */
const kip = (...args) => execFileSync(kipBin, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
/** The first `"final": N` of a results text, as written (a JSON parser drops zeros). */
const finalOf = (text) => /"final": ([0-9.]+)/.exec(text)?.[1];

// ------------------------------------------------------------------ a static server
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };
const server = createServer((request, response) => {
  const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
  const file = join(dist, path.endsWith('/') ? `${path}index.html` : path);
  if (relative(dist, file).startsWith('..') || !existsSync(file)) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  response.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const report = {};
let failed = false;
const step = async (name, run) => {
  try {
    await run();
    console.log(`ok   ${name}`);
  } catch (e) {
    failed = true;
    console.log(`FAIL ${name}\n${e.stack ?? e}`);
  }
};

try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const outside = [];
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('blob:')) outside.push(r.url()); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The page's Content-Security-Policy holds: nothing it does is refused.
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) errors.push(m.text()); });
  await page.goto(base);
  await page.waitForFunction(() => window.kipReady === true, null, { timeout: 30000 });

  await step('the page is Indonesian by default and English on request', async () => {
    assert.equal(await page.getAttribute('html', 'lang'), 'id');
    assert.equal((await page.textContent('#tab-saq')).trim(), 'Kuesioner');
    await page.selectOption('#lang', 'en');
    assert.equal((await page.textContent('#tab-saq')).trim(), 'Questionnaire');
    await page.selectOption('#lang', 'id');
  });

  await step('on first load every question shows, and nothing on the Indonesian page is English', async () => {
    const fields = await page.$$eval('fieldset.question', (all) => all.map((f) => f.hidden));
    assert.ok(fields.length >= 40, `${fields.length} questions`);
    assert.ok(fields.every((hidden) => !hidden), 'a question is hidden before any answer');
    const text = await page.evaluate(() => document.body.innerText);
    for (const english of ['expected', 'found', 'Final score', 'answer ', 'with evidence', 'What to fix']) {
      assert.ok(!text.includes(english), `English on the Indonesian page: ${english}`);
    }
  });

  await step('a number is read by the scorer\'s rule: 1.250 is refused as 1250 or 1,25', async () => {
    const read = JSON.parse(await page.evaluate(() => window.kip.readNumber('1.250', 'id')));
    assert.match(read.message, /1250/);
    assert.match(read.message, /1,25/);
    assert.equal(JSON.parse(await page.evaluate(() => window.kip.readNumber('1.250.000,5', 'id'))).value, '1250000.5');
    assert.equal(JSON.parse(await page.evaluate(() => window.kip.readNumber('87,5', 'id'))).value, '87.5');
  });

  // One Banten body (Pandeglang: every kind of question, an N/A) answered through the form.
  const line = read('examples/monev-2025/submissions/banten-kabkota.jsonl').split('\n').find((l) => l.includes('"3601"'));
  const body = JSON.parse(line);
  await step('the form, filled for Kabupaten Pandeglang, shows the final kip score gives', async () => {
    await page.fill('#agency-id', body.agency.id);
    await page.fill('#agency-name', body.agency.name);
    await page.selectOption('#agency-category', body.agency.category);
    await page.fill('#agency-region', body.agency.region ?? '');
    // In the instrument's order, so that a `when` opens its questions before they are answered.
    const order = await page.$$eval('fieldset.question', (all) => all.map((f) => f.dataset.question));
    for (const id of order) {
      const answer = body.answers[id];
      if (!answer) continue;
      const field = `#q-${id}`;
      assert.equal(await page.isVisible(field), true, `${id} is asked`);
      const kind = await page.getAttribute(field, 'data-kind');
      if (answer.na) await page.check(`${field} [data-role=na]`);
      if (answer.value !== undefined && answer.value !== null) {
        if (kind === 'checklist') {
          for (const item of answer.value) await page.check(`${field} input[value="${item}"]`);
        } else if (['yes_no', 'choice', 'scale'].includes(kind)) {
          await page.check(`${field} input[value="${String(answer.value)}"]`);
        } else {
          await page.fill(`${field} [data-role=value]`, String(answer.value));
        }
      }
      if (answer.evidence) await page.fill(`${field} [data-role=evidence]`, answer.evidence.join('\n'));
    }
    await page.waitForTimeout(300);
    writeFileSync(join(out, 'pandeglang.jsonl'), `${line}\n`);
    // The headline is the SAQ score and the band it alone falls in (90.23: Informatif).
    const cli = JSON.parse(kip('score', 'examples/monev-2025/instrument.json', join(out, 'pandeglang.jsonl'), '--without-stage-scores', '--format', 'json'));
    const saq = /"saq": ([0-9.]+)/.exec(kip('score', 'examples/monev-2025/instrument.json', join(out, 'pandeglang.jsonl'), '--without-stage-scores', '--format', 'json'))[1];
    assert.equal(await page.getAttribute('#saq', 'data-value'), saq);
    assert.match(await page.textContent('#saq'), /^\d+,\d\d$/, 'a decimal comma in Indonesian');
    assert.equal(await page.getAttribute('#qualification', 'data-id'), 'informatif');
    // The final as a range: with the visitasi at 0 (what kip scores without it) and at 100.
    const at = (score) => {
      const file = join(out, `visitasi-${score}.csv`);
      writeFileSync(file, `agency,stage,score\n3601,visitasi,${score}\n`);
      return finalOf(kip('score', 'examples/monev-2025/instrument.json', join(out, 'pandeglang.jsonl'), '--stage-scores', file, '--format', 'json'));
    };
    assert.equal(await page.getAttribute('#final-low', 'data-value'), finalOf(kip('score', 'examples/monev-2025/instrument.json', join(out, 'pandeglang.jsonl'), '--without-stage-scores', '--format', 'json')));
    assert.equal(await page.getAttribute('#final-high', 'data-value'), at(100));
    // A visitasi score tried: the final kip gives with it.
    await page.fill('#try-stage', '85');
    assert.equal(await page.getAttribute('#try-final', 'data-value'), at(85));
    assert.equal(cli.results[0].agency.id, '3601');
    assert.ok((await page.$$('#fixes li')).length > 0, 'what to fix first is listed');
    const advice = await page.textContent('#fixes li');
    assert.match(advice, /jawab|lampirkan|pastikan/, `advice in Indonesian: ${advice}`);
    report.pandeglang_saq = saq;
  });

  await step('a `when` hides and shows its questions as the answer changes', async () => {
    // JI07 is asked only when JI05 is answered yes.
    await page.check('#q-JI05 input[value="false"]');
    assert.equal(await page.isVisible('#q-JI07'), false);
    await page.check('#q-JI05 input[value="true"]');
    assert.equal(await page.isVisible('#q-JI07'), true);
    await page.check(`#q-JI05 input[value="${String(body.answers.JI05?.value ?? true)}"]`);
  });

  await step('the exported answers score the same with kip score', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const saved = join(out, 'export.json');
    await download.saveAs(saved);
    const cli = kip('score', 'examples/monev-2025/instrument.json', saved, '--without-stage-scores', '--format', 'json');
    assert.equal(finalOf(cli), await page.getAttribute('#final-low', 'data-value'));
    assert.equal(JSON.parse(cli).rejected.length, 0);
  });

  await page.evaluate(() => { window.scrollTo(0, 0); document.getElementById('panel').scrollTop = 0; });
  await page.screenshot({ path: join(out, 'saq.png'), fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(out, 'saq-phone.png') });
  await step('on a phone screen nothing is wider than the screen', async () => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page is ${width} px wide`);
    // The score stays in view at the bottom of the screen.
    assert.equal(await page.isVisible('#score-strip'), true);
    assert.equal(await page.textContent('#strip-saq'), await page.textContent('#saq'));
  });
  await page.setViewportSize({ width: 1280, height: 900 });

  await step('window.kip.score on the Banten batch is the CLI results JSON, byte for byte', async () => {
    const files = {
      instrument: 'examples/monev-2025/instrument.json',
      kabkota: 'examples/monev-2025/submissions/banten-kabkota.jsonl',
      opd: 'examples/monev-2025/submissions/banten-opd.json',
      verification: 'examples/monev-2025/verification.json',
      stages: 'examples/monev-2025/stage-scores.json',
      roster: 'examples/monev-2025/roster.json',
    };
    const texts = Object.fromEntries(Object.entries(files).map(([k, p]) => [k, read(p)]));
    const inBrowser = await page.evaluate(([f, t]) => window.kip.score(
      t.instrument,
      [{ name: f.kabkota, text: t.kabkota }, { name: f.opd, text: t.opd }],
      t.verification, t.stages, { roster: t.roster }), [files, texts]);
    const cli = kip('score', files.instrument, files.kabkota, files.opd, '--verification', files.verification,
      '--stage-scores', files.stages, '--roster', files.roster, '--format', 'json');
    assert.equal(inBrowser, cli);
    // And with the inputs named as the API names them.
    const named = await page.evaluate((t) => window.kip.score(t.instrument, t.kabkota, null, null), texts);
    assert.equal(JSON.parse(named).results.length, 8);
    // The report cards: the same as `kip cards -o cards.json` writes.
    const cards = JSON.parse(await page.evaluate(([f, t]) => window.kip.cards(
      t.instrument,
      [{ name: f.kabkota, text: t.kabkota }, { name: f.opd, text: t.opd }],
      t.verification, t.stages, { roster: t.roster }), [files, texts]));
    const cardsFile = join(out, 'cards.json');
    kip('cards', files.instrument, files.kabkota, files.opd, '--verification', files.verification,
      '--stage-scores', files.stages, '--roster', files.roster, '-o', cardsFile);
    assert.deepEqual(cards.cards, JSON.parse(readFileSync(cardsFile, 'utf8')));
    assert.deepEqual(cards.failed, []);
    assert.equal(cards.cards.length, 20);
  });

  await step('window.kip.validate names every problem with its pointer', async () => {
    const batch = 'examples/invalid/batch.jsonl';
    const problems = JSON.parse(await page.evaluate(([i, s]) => window.kip.validate(i, s),
      [read('examples/monev-2025/instrument.json'), { name: batch, text: read(batch) }]));
    // kip validate prints one line per problem (and exits 1): the same problems.
    const cli = spawnSync(kipBin, ['validate', 'examples/monev-2025/instrument.json', 'examples/invalid/batch.jsonl'],
      { cwd: root, encoding: 'utf8' }).stdout.trim().split('\n');
    assert.equal(problems.length, cli.length);
    problems.forEach((p, i) => assert.equal(cli[i], `${p.file}:${p.record}${p.path ? `:${p.path}` : ''}: ${p.message}`));
    assert.ok(problems.length > 0);
    for (const p of problems) {
      assert.equal(typeof p.path, 'string');
      assert.equal(typeof p.message, 'string');
      assert.ok('file' in p && 'record' in p);
    }
  });

  await step('the check tab lists problems and highlights their line', async () => {
    await page.click('#tab-check');
    await page.click('#check-use-instrument');
    await page.fill('#check-submissions', read('examples/invalid/batch.jsonl'));
    await page.click('#check');
    const items = await page.$$('#check-problems li');
    assert.ok(items.length > 0);
    const firstLine = await items[0].getAttribute('data-line');
    const current = await page.getAttribute('#check-text .line.current', 'data-line');
    assert.equal(current, firstLine);
    assert.ok((await page.$$eval('#check-problems li code', (all) => all.map((c) => c.textContent))).includes('/instrument'));
    await page.screenshot({ path: join(out, 'check.png') });
    await page.click('#tab-saq');
  });

  await step('an instrument with problems is listed, not drawn', async () => {
    await page.setInputFiles('#instrument-file', join(root, 'examples/invalid/instrument-problems.json'));
    await page.waitForSelector('#instrument-problems li');
    const listed = await page.$$eval('#instrument-problems li code', (all) => all.map((c) => c.textContent));
    const cli = spawnSync(kipBin, ['validate', 'examples/invalid/instrument-problems.json'], { cwd: root, encoding: 'utf8' });
    assert.equal(listed.length, cli.stdout.trim().split('\n').length);
    assert.ok(listed.some((path) => path.startsWith('/')));
  });

  await step('re-scoring a 150-question instrument after one answer (timed, reported)', async () => {
    const big = widened(JSON.parse(read('examples/monev-2025/instrument.json')), 4);
    const path = join(out, 'instrument-168.json');
    writeFileSync(path, JSON.stringify(big, null, 1));
    await page.setInputFiles('#instrument-file', path);
    await page.waitForFunction(() => document.querySelectorAll('fieldset.question').length >= 150);
    const count = await page.$$eval('fieldset.question', (all) => all.length);
    const yes = await page.$$eval('fieldset.question[data-kind=yes_no]:not([hidden])', (all) => all.map((f) => f.id).slice(0, 40));
    const times = [];
    for (const id of yes) {
      await page.check(`#${id} input[value="true"]`);
      times.push(Number(await page.getAttribute('#timing', 'data-ms')));
    }
    // The scorer alone, without drawing: 200 evaluations of the same answers.
    const direct = await page.evaluate((text) => {
      const q = new window.kip.Questionnaire(text);
      const submission = JSON.stringify({ instrument: JSON.parse(text).id, agency: { id: '1', name: 'A', category: 'pemkot' }, answers: {} });
      const started = performance.now();
      for (let i = 0; i < 200; i++) q.evaluate(submission);
      const evaluate = (performance.now() - started) / 200;
      const s2 = performance.now();
      q.fixes(submission);
      const fixes = performance.now() - s2;
      q.free();
      return { evaluate, fixes };
    }, JSON.stringify(big));
    times.sort((a, b) => a - b);
    report.rescore = {
      questions: count,
      answers: times.length,
      median_ms: times[Math.floor(times.length / 2)],
      max_ms: times[times.length - 1],
      evaluate_only_ms: direct.evaluate,
      fixes_ms: direct.fixes,
    };
    assert.ok(count >= 150);
  });

  await step('the served page\'s batch tab scores in its module worker, as kip.html does', async () => {
    await page.click('#tab-batch');
    const banten = ['examples/monev-2025/instrument.json', 'examples/monev-2025/submissions/banten-kabkota.jsonl',
      'examples/monev-2025/submissions/banten-opd.json'];
    assert.equal(await pickAndWait(page, banten.map((p) => join(root, p))), 'done');
    assert.equal(await page.getAttribute('#batch-view', 'data-worker'), 'yes');
    assert.equal(await page.getAttribute('#results tr[data-agency="3671"]', 'data-final'),
      finalOf(kip('score', ...banten, '--format', 'json').replace(/^[\s\S]*?"id": "3671"/, '')));
  });
  await step('nothing was fetched from outside 127.0.0.1, and no script error', async () => {
    assert.deepEqual(outside, []);
    assert.deepEqual(errors, []);
  });
  await context.close();

  // The one-file page (web/dist/kip.html), opened as a double-click opens it: from
  // file://, with every request that is not the file itself refused.
  const offline = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const fetched = [];
  await offline.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file://') && url.endsWith('/kip.html')) return route.continue();
    fetched.push(url);
    return route.abort();
  });
  await offline.setOffline(true);
  const single = await offline.newPage();
  const singleErrors = [];
  single.on('pageerror', (e) => singleErrors.push(String(e)));
  single.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) singleErrors.push(m.text()); });
  await step('kip.html works from file:// with the network off: the SAQ page and window.kip', async () => {
    await single.goto(`file://${join(dist, 'kip.html')}`);
    await single.waitForFunction(() => window.kipReady === true, null, { timeout: 30000 });
    assert.equal((await single.textContent('#tab-saq')).trim(), 'Kuesioner');
    assert.ok((await single.$$('fieldset.question')).length >= 40);
    // The form scores as the served page does: one yes with its evidence.
    await single.fill('#agency-id', '3673');
    await single.fill('#agency-name', 'Pemerintah Kota Serang');
    await single.selectOption('#agency-category', 'pemkot');
    await single.check('#q-JI01 input[value="true"]');
    await single.fill('#q-JI01 [data-role=evidence]', 'https://ppid.example.go.id/profil');
    await single.waitForFunction(() => document.querySelector('#saq').textContent.trim() !== '–');
    // The batch API: the Banten batch is the CLI's results JSON, byte for byte.
    const files = ['examples/monev-2025/instrument.json', 'examples/monev-2025/submissions/banten-kabkota.jsonl'];
    const texts = files.map(read);
    const inPage = await single.evaluate(([f, t]) => window.kip.score(t[0], [{ name: f[1], text: t[1] }], null, null,
      { withoutStageScores: true }), [files, texts]);
    assert.equal(inPage, kip('score', files[0], files[1], '--without-stage-scores', '--format', 'json'));
    // Files as dropped on the page: bytes, roles told from the content, a workbook read
    // in WebAssembly as the CLI reads it.
    const template = join(out, 'template.xlsx');
    kip('template', 'examples/monev-2025/instrument.json', '-o', template);
    const banten = ['examples/monev-2025/instrument.json', 'examples/monev-2025/submissions/banten-kabkota.jsonl',
      'examples/monev-2025/submissions/banten-opd.json', 'examples/monev-2025/verification.json',
      'examples/monev-2025/stage-scores.json', 'examples/monev-2025/roster.json'];
    const dropped = banten.map((p) => ({ name: p, bytes: [...readFileSync(join(root, p))] }));
    const fromFiles = await single.evaluate((all) => window.kip.scoreFiles(
      all.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }))), dropped);
    assert.equal(fromFiles, kip('score', banten[0], banten[1], banten[2], '--verification', banten[3],
      '--stage-scores', banten[4], '--roster', banten[5], '--format', 'json'));
    const workbook = [{ name: banten[0], bytes: [...readFileSync(join(root, banten[0]))] },
      { name: template, bytes: [...readFileSync(template)] }];
    const fromWorkbook = await single.evaluate((all) => window.kip.scoreFiles(
      all.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }))), workbook);
    const cliWorkbook = spawnSync(kipBin, ['score', banten[0], template, '--format', 'json'],
      { cwd: root, encoding: 'utf8' }).stdout;
    assert.equal(fromWorkbook, cliWorkbook);
    assert.deepEqual(fetched, []);
    assert.deepEqual(singleErrors, []);
    await single.screenshot({ path: join(out, 'kip-html.png') });
  });
  await step('kip.html batch tab: the Banten files picked at once give the CLI\'s ranks, finals and JSON', async () => {
    const banten = ['examples/monev-2025/instrument.json', 'examples/monev-2025/submissions/banten-kabkota.jsonl',
      'examples/monev-2025/submissions/banten-opd.json', 'examples/monev-2025/verification.json',
      'examples/monev-2025/stage-scores.json', 'examples/monev-2025/roster.json'];
    await single.click('#tab-batch');
    assert.equal(await single.isVisible('#batch-view'), true);
    assert.equal(await pickAndWait(single, banten.map((p) => join(root, p))), 'done');
    assert.equal((await single.$$('#results tr[data-agency]')).length, 20);
    // Each file's role told from its content.
    const roles = await single.$$eval('#batch-file-list select', (all) => all.map((s) => s.value));
    assert.deepEqual(roles, ['instrument', 'submissions', 'submissions', 'verification', 'stage-scores', 'roster']);
    const cli = kip('score', ...banten.slice(0, 3), '--verification', banten[3], '--stage-scores', banten[4],
      '--roster', banten[5], '--format', 'json');
    const expected = JSON.parse(cli).results;
    for (const card of expected) {
      const row = `#results tr[data-agency="${card.agency.id}"]`;
      const written = new RegExp(`"id": "${card.agency.id}"[\\s\\S]*?"final": ([0-9.]+)`).exec(cli)[1];
      assert.equal(await single.getAttribute(row, 'data-final'), written, card.agency.id);
      assert.equal(await single.getAttribute(row, 'data-rank-category'), String(card.rank.category));
    }
    assert.ok((await single.textContent('#results')).includes('96,33'), 'decimal comma');
    assert.ok((await single.textContent('#results')).includes('Tidak Dinilai'));
    // Lebak (SAQ 84,20, below the visitasi's gate of 85): the stage counts 0, shown 0,00*.
    assert.equal((await single.textContent('#results tr[data-agency="3602"] td:last-child')).trim(), '0,00*');
    // Sortable: the cities by final, lowest first, then highest first.
    // A tab per category: the cities' tab shows their table alone.
    const tabs = await single.$$eval('#batch-categories button', (all) => all.map((b) => b.dataset.category));
    assert.deepEqual(tabs, ['pemkab', 'pemkot', 'opd', '*']);
    await single.click('#batch-categories button[data-category="pemkot"]');
    const visible = await single.$$eval('#results section[data-category]', (all) => all.filter((s) => !s.hidden).map((s) => s.dataset.category));
    assert.deepEqual(visible, ['pemkot']);
    // Scored in a Web Worker (made from the page's own script: file:// has no worker file).
    assert.equal(await single.getAttribute('#batch-view', 'data-worker'), 'yes');
    const cities = '#results section[data-category="pemkot"] table.ranking';
    const firstCity = async () => single.getAttribute(`${cities} tbody tr:first-child`, 'data-agency');
    await single.click(`${cities} thead th:nth-child(3)`);
    assert.equal(await firstCity(), '3672', 'Cilegon, 36,75, first when ascending');
    await single.click(`${cities} thead th:nth-child(3)`);
    assert.equal(await firstCity(), '3671', 'Tangerang, 96,33, first when descending');
    // Searchable: only the rows that hold the text stay.
    await single.fill('#batch-search', 'serang');
    const shown = await single.$$eval('#results tr[data-agency]', (rows) => rows.filter((r) => !r.hidden && !r.closest('section').hidden).map((r) => r.dataset.agency));
    assert.deepEqual(shown.sort(), ['3604', '3673']);
    await single.fill('#batch-search', '');
    const [download] = await Promise.all([single.waitForEvent('download'), single.click('#batch-download-json')]);
    const saved = join(out, 'hasil.json');
    await download.saveAs(saved);
    assert.equal(readFileSync(saved, 'utf8'), cli);
    await single.screenshot({ path: join(out, 'kip-html-batch.png'), fullPage: false });
    assert.deepEqual(fetched, []);
    assert.deepEqual(singleErrors, []);
  });
  await step('kip.html downloads: workbook, CSV, report, cards and template are the CLI\'s files', async () => {
    // The CLI run in a folder holding the same files under the same names as the page
    // was given, so that every source and input name agrees.
    const flat = join(out, 'banten');
    mkdirSync(flat, { recursive: true });
    const names = ['instrument.json', 'banten-kabkota.jsonl', 'banten-opd.json', 'verification.json', 'stage-scores.json', 'roster.json'];
    const from = ['examples/monev-2025/instrument.json', 'examples/monev-2025/submissions/banten-kabkota.jsonl',
      'examples/monev-2025/submissions/banten-opd.json', 'examples/monev-2025/verification.json',
      'examples/monev-2025/stage-scores.json', 'examples/monev-2025/roster.json'];
    from.forEach((f, i) => writeFileSync(join(flat, names[i]), readFileSync(join(root, f))));
    const batchArgs = [names[0], names[1], names[2], '--verification', names[3], '--stage-scores', names[4], '--roster', names[5]];
    const cli = (...args) => spawnSync(kipBin, args, { cwd: flat, encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(await pickAndWait(single, names.map((n) => join(flat, n))), 'done');
    // The picture in the README: the files with their roles, the downloads, a category.
    await single.click('#batch-categories button[data-category="pemkot"]');
    await single.setViewportSize({ width: 1100, height: 1280 });
    await single.evaluate(() => window.scrollTo(0, 0));
    await single.screenshot({ path: join(out, 'kip-html-workbench.png') });
    await single.setViewportSize({ width: 1280, height: 900 });
    // Each file's problems, before scoring: here none, and each file's count of records.
    const notes = await single.$$eval('#batch-file-list li', (all) => all.map((li) => li.querySelector('.file-ok, .file-problems')?.textContent ?? ''));
    assert.equal(notes[1], '8 catatan, tanpa masalah');
    // Each category's counts add up: the cities' four due, four scored.
    assert.equal((await single.textContent('#results section[data-category="pemkot"] .counts')).trim(),
      'Wajib 4 · dinilai 4 · ditolak 0 · tidak dinilai 0');
    const fetch = async (button, name) => {
      const [download] = await Promise.all([single.waitForEvent('download'), single.click(button)]);
      const saved = join(out, `web-${name}`);
      await download.saveAs(saved);
      return readFileSync(saved);
    };
    // The workbook: every part of the archive the CLI's (the creation time aside).
    const webBook = await fetch('#batch-download-xlsx', 'hasil.xlsx');
    cli('score', ...batchArgs, '-o', join(out, 'cli-hasil.xlsx'));
    sameWorkbook(webBook, readFileSync(join(out, 'cli-hasil.xlsx')));
    // CSV for Excel set to Indonesian, byte for byte.
    const webCsv = (await fetch('#batch-download-csv', 'hasil.csv')).toString('utf8');
    assert.equal(webCsv, cli('score', ...batchArgs, '--format', 'csv', '--csv-locale', 'id').stdout);
    assert.ok(webCsv.includes('96,33'), 'decimal comma');
    // The report: the CLI's page but for the day it was made.
    const day = (html) => html.replace(/\d{4}-\d\d-\d\d \(UTC\)/, 'DAY (UTC)');
    const webReport = (await fetch('#batch-download-report', 'laporan.html')).toString('utf8');
    cli('report', ...batchArgs, '-o', join(out, 'cli-laporan.html'));
    assert.equal(day(webReport), day(readFileSync(join(out, 'cli-laporan.html'), 'utf8')));
    // The cards: one printable document, as `kip cards -o rapor.html`.
    const webCards = (await fetch('#batch-download-cards', 'rapor.html')).toString('utf8');
    cli('cards', ...batchArgs, '-o', join(out, 'cli-rapor.html'));
    assert.equal(webCards, readFileSync(join(out, 'cli-rapor.html'), 'utf8'));
    assert.equal((webCards.match(/<section class="card">/g) ?? []).length, 20);
    // The fill-in template, as `kip template`.
    const webTemplate = await fetch('#batch-download-template', 'templat.xlsx');
    cli('template', names[0], '-o', join(out, 'cli-templat.xlsx'));
    sameWorkbook(webTemplate, readFileSync(join(out, 'cli-templat.xlsx')));
    // The letterhead from the form, on the report and the cards.
    await single.click('#batch-letterhead summary');
    await single.fill('#kop-commission', 'Komisi Informasi Provinsi Banten');
    await single.fill('#kop-signatory', 'Dr. Nama Ketua, S.H., Ketua');
    await single.selectOption('#kop-annex-ranks', 'top');
    const headed = (await fetch('#batch-download-cards', 'rapor-kop.html')).toString('utf8');
    cli('cards', ...batchArgs, '--commission', 'Komisi Informasi Provinsi Banten', '--signatory',
      'Dr. Nama Ketua, S.H., Ketua', '-o', join(out, 'cli-rapor-kop.html'));
    assert.equal(headed, readFileSync(join(out, 'cli-rapor-kop.html'), 'utf8'));
    const topBook = await fetch('#batch-download-xlsx', 'hasil-top.xlsx');
    cli('score', ...batchArgs, '--annex-ranks', 'top', '--commission', 'Komisi Informasi Provinsi Banten',
      '--signatory', 'Dr. Nama Ketua, S.H., Ketua', '-o', join(out, 'cli-hasil-top.xlsx'));
    sameWorkbook(topBook, readFileSync(join(out, 'cli-hasil-top.xlsx')));
    assert.deepEqual(fetched, []);
    assert.deepEqual(singleErrors, []);
  });
  await step('kip.html holds the instrument\'s deadline: a late questionnaire is listed, not scored, as the CLI does', async () => {
    const dir = join(out, 'batas-waktu');
    mkdirSync(dir, { recursive: true });
    const instrument = JSON.parse(readFileSync(join(root, 'examples/monev-2025/instrument.json'), 'utf8'));
    instrument.deadline = '2025-09-30T23:59:59+07:00';
    writeFileSync(join(dir, 'instrument.json'), JSON.stringify(instrument, null, 2));
    // Kota Cilegon sent at 08:00 WITA on 1 October (07:00 WIB): late.
    const lines = readFileSync(join(root, 'examples/monev-2025/submissions/banten-kabkota.jsonl'), 'utf8')
      .trim().split('\n').map((line) => {
        const body = JSON.parse(line);
        if (body.agency.id === '3672') body.submitted_at = '2025-10-01T08:00:00+08:00';
        return JSON.stringify(body);
      });
    writeFileSync(join(dir, 'saq.jsonl'), lines.join('\n') + '\n');
    assert.equal(await pickAndWait(single, [join(dir, 'instrument.json'), join(dir, 'saq.jsonl')]), 'done');
    assert.equal(await single.$('#results tr[data-agency="3672"]'), null);
    const late = (await single.textContent('li[data-reason="late"]')).trim();
    assert.equal(late, 'Pemerintah Kota Cilegon (3672): terlambat: dikirim 2025-10-01T08:00:00+08:00, setelah batas waktu 2025-09-30T23:59:59+07:00');
    assert.match(await single.textContent('#results section[data-category="pemkot"] .counts'), /tidak dinilai 1 \(1 terlambat\)/);
    // The results JSON is the CLI's, byte for byte.
    const [download] = await Promise.all([single.waitForEvent('download'), single.click('#batch-download-json')]);
    const saved = join(dir, 'hasil.json');
    await download.saveAs(saved);
    const cli = spawnSync(kipBin, ['score', 'instrument.json', 'saq.jsonl', '--format', 'json'],
      { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(readFileSync(saved, 'utf8'), cli.stdout);
    assert.deepEqual(singleErrors, []);
  });
  await step('kip.html Kemajuan tab: six bodies under two superiors, their states, the CLI\'s JSON and one printed page per superior', async () => {
    const example = join(root, 'examples/progress-2025');
    await single.click('#tab-progress');
    await single.setInputFiles('#progress-files', ['instrument.json', 'submissions.jsonl', 'roster.csv'].map((f) => join(example, f)));
    await single.waitForFunction(() => ['done', 'failed'].includes(document.getElementById('progress-view').dataset.state));
    assert.equal(await single.getAttribute('#progress-view', 'data-state'), 'done');
    const states = await single.$$eval('#progress-tables tr[data-agency]', (rows) => Object.fromEntries(rows.map((r) => [r.dataset.agency, r.dataset.state])));
    assert.deepEqual(states, {
      '36-bpkad': 'rejected', '36-dinkes': 'draft', '36-diskominfo': 'complete',
      '3601-bappeda': 'not_received', '3601-disdik': 'draft', '3601-dpmptsp': 'late',
    });
    const dinkes = await single.textContent('#progress-tables tr[data-agency="36-dinkes"]');
    assert.match(dinkes, /belum dijawab 1 dari 4: PL02/);
    assert.match(await single.textContent('#progress-summary'), /^6 badan publik wajib: 1 lengkap, 2 draf, 1 ditolak, 1 terlambat, 1 belum mengirim$/);
    // The JSON is the CLI's, byte for byte.
    const dir = join(out, 'kemajuan');
    mkdirSync(dir, { recursive: true });
    const [json] = await Promise.all([single.waitForEvent('download'), single.click('#progress-download-json')]);
    await json.saveAs(join(dir, 'kemajuan.json'));
    const cli = spawnSync(kipBin, ['progress', 'instrument.json', 'submissions.jsonl', '--roster', 'roster.csv', '--format', 'json'],
      { cwd: example, encoding: 'utf8' });
    assert.equal(readFileSync(join(dir, 'kemajuan.json'), 'utf8'), cli.stdout);
    // The letters: one printed page per superior.
    await single.click('#progress-out details summary');
    await single.fill('#progress-kop-commission', 'Komisi Informasi Provinsi Banten');
    const [pages] = await Promise.all([single.waitForEvent('download'), single.click('#progress-download-pages')]);
    await pages.saveAs(join(dir, 'kemajuan.html'));
    const letters = await browser.newPage();
    await letters.goto(`file://${join(dir, 'kemajuan.html')}`);
    const pdf = await letters.pdf({ format: 'A4' });
    await letters.close();
    const text = pdf.toString('latin1');
    assert.equal(text.split('/Type /Page').length - text.split('/Type /Pages').length, 2);
    assert.match(readFileSync(join(dir, 'kemajuan.html'), 'utf8'), /Komisi Informasi Provinsi Banten/);
    await single.click('#tab-batch');
    assert.deepEqual(singleErrors, []);
  });
  await step('kip.html names each file\'s problems before scoring, and still scores the rest', async () => {
    const broken = join(out, 'rusak.csv');
    writeFileSync(broken, 'agency_id;agency_name;category;JI01\r\n3699;Dinas Contoh;pemkab;mungkin\r\n');
    assert.equal(await pickAndWait(single, [join(root, 'examples/monev-2025/instrument.json'), broken]), 'done');
    const note = await single.textContent('#batch-file-list li[data-file="rusak.csv"] .file-problems');
    assert.match(note, /1 catatan, \d+ masalah/);
    assert.match(note, /rusak\.csv:2/);
    assert.ok(await single.$('#batch-rejected li[data-source^="rusak.csv:2"]'));
    // A file nothing tells stops the run until its role is chosen, or it is ignored.
    const notes = join(out, 'catatan.txt');
    writeFileSync(notes, 'rapat tanggal 3\n');
    assert.equal(await pickAndWait(single, [join(root, 'examples/monev-2025/instrument.json'), broken, notes]), 'failed');
    assert.match(await single.textContent('#batch-file-list li[data-file="catatan.txt"]'), /pilih perannya/);
    const before = Number(await single.getAttribute('#batch-view', 'data-done'));
    await single.selectOption('#batch-file-list li[data-file="catatan.txt"] select', 'ignore');
    await single.waitForFunction((n) => Number(document.getElementById('batch-view').dataset.done) > n, before);
    assert.equal(await single.getAttribute('#batch-view', 'data-state'), 'done');
    assert.ok(await single.$('#batch-rejected li[data-source^="rusak.csv:2"]'));
    assert.match(await single.textContent('#batch-file-list li[data-file="rusak.csv"]'), /1 catatan/);
    // A late file joins the files already listed: the Monev is scored again with it.
    const late = join(out, 'susulan.csv');
    writeFileSync(late, 'agency_id;agency_name;category;JI01\r\n3698;Dinas Susulan;pemkab;ya\r\n');
    const picked = Number(await single.getAttribute('#batch-view', 'data-done'));
    await single.setInputFiles('#batch-files', [late]);
    await single.waitForFunction((n) => Number(document.getElementById('batch-view').dataset.done) > n, picked);
    assert.deepEqual(await single.$$eval('#batch-file-list > li', (all) => all.map((li) => li.dataset.file)),
      ['instrument.json', 'rusak.csv', 'catatan.txt', 'susulan.csv']);
    assert.ok(await single.$('#results tr[data-agency="3698"]'), 'the late body is scored');
    // The language changed: the scorer's reasons come again in English.
    const shown = Number(await single.getAttribute('#batch-view', 'data-done'));
    await single.selectOption('#lang', 'en');
    await single.waitForFunction((n) => Number(document.getElementById('batch-view').dataset.done) > n, shown);
    assert.match(await single.textContent('#batch-rejected'), /expected/);
    const english = Number(await single.getAttribute('#batch-view', 'data-done'));
    await single.selectOption('#lang', 'id');
    await single.waitForFunction((n) => Number(document.getElementById('batch-view').dataset.done) > n, english);
    assert.match(await single.textContent('#batch-rejected'), /seharusnya/);
  });
  await step('kip.html scores a province (500 bodies × 168 questions) and a 10,000-body batch in its worker (timed, reported)', async () => {
    // A province: the bundled instrument widened to 168 questions, 500 bodies.
    const wide = widened(JSON.parse(read('examples/monev-2025/instrument.json')), 4);
    const lines = read('examples/monev-2025/submissions/banten-kabkota.jsonl').trim().split('\n').map((l) => JSON.parse(l));
    const body = (k, copies) => {
      const line = structuredClone(lines[k % lines.length]);
      line.instrument = wide.id;
      line.agency = { ...line.agency, id: `B${String(k).padStart(5, '0')}`, name: `Badan Publik ${k}` };
      const answers = {};
      for (const [id, answer] of Object.entries(line.answers)) {
        for (let c = 1; c <= copies; c++) answers[c === 1 ? id : `${id}_${c}`] = answer;
      }
      line.answers = answers;
      return JSON.stringify(line);
    };
    const widePath = join(out, 'instrumen-lebar.json');
    writeFileSync(widePath, JSON.stringify(wide));
    const timed = async (count, name) => {
      const path = join(out, name);
      writeFileSync(path, `${Array.from({ length: count }, (_, k) => body(k, 4)).join('\n')}\n`);
      const seen = [];
      await single.click('#batch-clear');
      const before = Number(await single.getAttribute('#batch-view', 'data-done') ?? 0);
      const started = Date.now();
      await single.setInputFiles('#batch-files', [widePath, path]);
      // While it scores, the page answers: each round trip is timed, the bar read.
      let drawn = false;
      let drawnAt = null;
      while (!drawn && Date.now() - started < 120000) {
        const asked = Date.now();
        const state = await single.evaluate(() => ({
          value: document.getElementById('batch-progress').value,
          shown: !document.getElementById('batch-progress-box').hidden,
          rows: document.querySelectorAll('#results tr[data-agency]').length,
          done: Number(document.getElementById('batch-view').dataset.done ?? 0),
        }));
        seen.push({ at: asked - started, answer_ms: Date.now() - asked, ...state });
        drawn = state.done > before;
        if (drawn) drawnAt = Date.now() - started;
        await new Promise((ok) => setTimeout(ok, 25));
      }
      assert.ok(drawn, `${count} rows drawn`);
      assert.equal(await single.getAttribute('#batch-view', 'data-state'), 'done');
      assert.equal((await single.$$('#results tr[data-agency]')).length, count);
      const status = await single.textContent('#batch-status');
      return { bodies: count, questions: 168, bytes: readFileSync(path).length, until_drawn_ms: drawnAt,
        status, progress_values: [...new Set(seen.filter((s) => s.shown).map((s) => s.value))],
        page_answers: seen.length, slowest_answer_ms: Math.max(...seen.map((s) => s.answer_ms)),
        stalls: seen.filter((s) => s.answer_ms > 100) };
    };
    report.province = await timed(500, 'provinsi-500.jsonl');
    report.national = await timed(10000, 'nasional-10000.jsonl');
    // The bar advanced: values between empty and full were seen while reading.
    assert.ok(report.national.progress_values.some((v) => v > 0 && v < 1000), JSON.stringify(report.national));
    assert.ok(report.national.page_answers >= 3, 'the page answered while scoring');
    assert.deepEqual(singleErrors, []);
  });
  await step('download/kip.html, the commissions\' copy, is this build\'s page and scores as the CLI', async () => {
    const committed = readFileSync(join(root, 'download', 'kip.html'), 'utf8');
    const built = readFileSync(join(dist, 'kip.html'), 'utf8');
    // The WebAssembly's bytes hold the build machine's paths; everything else must agree.
    const masked = (page) => page.replace(/const KIP_WASM = "[^"]*";/, 'const KIP_WASM = "";');
    assert.ok(masked(committed) === masked(built),
      'download/kip.html is not this build\'s page: bash web/build.sh && cp web/dist/kip.html download/kip.html');
    const copy = await offline.newPage();
    copy.on('pageerror', (e) => singleErrors.push(String(e)));
    await copy.goto(`file://${join(root, 'download', 'kip.html')}`);
    await copy.waitForFunction(() => window.kipReady === true, null, { timeout: 30000 });
    const banten = ['examples/monev-2025/instrument.json', 'examples/monev-2025/submissions/banten-kabkota.jsonl',
      'examples/monev-2025/submissions/banten-opd.json', 'examples/monev-2025/verification.json',
      'examples/monev-2025/stage-scores.json', 'examples/monev-2025/roster.json'];
    const dropped = banten.map((p) => ({ name: p, bytes: [...readFileSync(join(root, p))] }));
    const scored = await copy.evaluate((all) => window.kip.scoreFiles(
      all.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }))), dropped);
    assert.equal(scored, kip('score', banten[0], banten[1], banten[2], '--verification', banten[3],
      '--stage-scores', banten[4], '--roster', banten[5], '--format', 'json'));
    await copy.close();
    assert.deepEqual(singleErrors, []);
  });
  report.kip_html_bytes = readFileSync(join(dist, 'kip.html')).length;
  await offline.close();
} finally {
  await browser.close();
  server.close();
}

const wasm = join(dist, 'pkg', 'kip_web_bg.wasm');
const { gzipSync } = await import('node:zlib');
report.wasm_bytes = readFileSync(wasm).length;
report.wasm_gzip_bytes = gzipSync(readFileSync(wasm), { level: 9 }).length;
writeFileSync(join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
if (report.wasm_gzip_bytes > 1.5 * 1024 * 1024) {
  console.log('FAIL the .wasm is over 1.5 MB gzipped');
  failed = true;
}
process.exit(failed ? 1 : 0);

/** Picks `paths` in the batch tab of `page` and waits until that run is drawn (or failed). */
async function pickAndWait(page, paths) {
  await page.click('#batch-clear');
  const before = Number(await page.getAttribute('#batch-view', 'data-done') ?? 0);
  await page.setInputFiles('#batch-files', paths);
  await page.waitForFunction((n) => Number(document.getElementById('batch-view').dataset.done ?? 0) > n,
    before, { timeout: 120000 });
  return page.getAttribute('#batch-view', 'data-state');
}

/** The parts of a zip archive (a workbook): name → bytes, inflated. */
function unzip(buffer) {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const parts = new Map();
  for (let i = 0; i < count; i++) {
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const [name, extra, comment] = [buffer.readUInt16LE(at + 28), buffer.readUInt16LE(at + 30), buffer.readUInt16LE(at + 32)];
    const local = buffer.readUInt32LE(at + 42);
    const file = buffer.toString('utf8', at + 46, at + 46 + name);
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + size);
    parts.set(file, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + name + extra + comment;
  }
  return parts;
}

/** Two workbooks hold the same parts, byte for byte, but for the time each was made. */
function sameWorkbook(a, b) {
  const [x, y] = [unzip(a), unzip(b)];
  assert.deepEqual([...x.keys()].sort(), [...y.keys()].sort());
  const untimed = (text) => text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, 'TIME');
  for (const [name, bytes] of x) {
    assert.equal(untimed(bytes.toString('utf8')), untimed(y.get(name).toString('utf8')), name);
  }
}

/** The instrument with each leaf indicator's questions written `copies` times (ids and
 * `when`s suffixed), for a questionnaire of more than 150 questions. */
function widened(instrument, copies) {
  const walk = (indicators) => indicators.forEach((indicator) => {
    if (indicator.questions) {
      const all = [];
      for (let c = 1; c <= copies; c++) {
        const suffix = c === 1 ? '' : `_${c}`;
        for (const q of indicator.questions) {
          const copy = { ...q, id: q.id + suffix };
          if (q.when) copy.when = { ...q.when, question: q.when.question + suffix };
          all.push(copy);
        }
      }
      indicator.questions = all;
    }
    walk(indicator.indicators ?? []);
  });
  walk(instrument.indicators);
  instrument.id = `${instrument.id}-lebar`;
  return instrument;
}
