// Writes web/dist/kip.html: the whole page in one file that works opened by
// double-click (file://), with the network off. Browsers refuse ES modules and fetch()
// on file:// pages, so this file holds classic scripts only: wasm-bindgen's
// `--target no-modules` glue, the WebAssembly as base64, kip.js, batch.js and app.js
// with their import/export lines taken out, the bundled instrument as text, and the
// style inline. The glue, the WebAssembly and kip.js are one script (`#kip-core`) that
// the batch tab's worker is also made from (a Blob URL: a worker file cannot be loaded
// from file://), with worker.js after it.
//
//   node web/onefile.mjs   (web/build.sh runs it after building web/dist/)
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(fileURLToPath(import.meta.url));
const dist = join(web, 'dist');
const read = (path) => readFileSync(path, 'utf8');

/** Fails the build when `text` lacks `part`: a change to the sources must not pass unseen. */
function replaceOnce(text, part, by, where) {
  const at = text.indexOf(part);
  if (at < 0 || text.indexOf(part, at + part.length) >= 0) {
    throw new Error(`onefile.mjs: expected exactly one \`${part}\` in ${where}`);
  }
  return text.slice(0, at) + by + text.slice(at + part.length);
}

const glue = read(join(dist, 'nomodules', 'kip_web.js'));
// The WebAssembly gzipped (a third of its size) and unpacked by the browser's own
// DecompressionStream, which every current browser has.
const wasm = gzipSync(readFileSync(join(dist, 'nomodules', 'kip_web_bg.wasm')), { level: 9 }).toString('base64');
const instrument = read(join(dist, 'instrument.json'));

// kip.js: its bindings from the no-modules glue, the WebAssembly from the base64 text,
// its exports gathered into one object.
let kip = read(join(web, 'www', 'kip.js'));
const imports = /^import init, \{([^}]*)\} from '\.\/pkg\/kip_web\.js';$/m.exec(kip);
if (!imports) throw new Error('onefile.mjs: kip.js must import its bindings from ./pkg/kip_web.js');
const bindings = imports[1].split(',').map((b) => b.trim().replace(/ as /, ': ')).filter(Boolean);
kip = kip.replace(imports[0], `const { ${bindings.join(', ')} } = wasm_bindgen;`);
kip = replaceOnce(kip,
  "await init({ module_or_path: new URL('./pkg/kip_web_bg.wasm', import.meta.url) });",
  "await wasm_bindgen({ module_or_path: await new Response(new Blob([Uint8Array.from(atob(KIP_WASM), (c) => c.charCodeAt(0))]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer() });",
  'kip.js');
const exported = [...kip.matchAll(/^export (?:async )?(?:function|class|const) (\w+)/gm)].map((m) => m[1]);
kip = kip.replace(/^export /gm, '');
kip += `\nconst kip = { ${exported.join(', ')} };\n`;

// batch.js: its one export a plain function; its worker made from #kip-core's text.
let batch = read(join(web, 'www', 'batch.js'));
batch = replaceOnce(batch, 'export function setupBatch(', 'function setupBatch(', 'batch.js');
batch = replaceOnce(batch,
  "return new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });",
  "return new Worker(URL.createObjectURL(new Blob([document.getElementById('kip-core').textContent, '\\n', KIP_WORKER], { type: 'text/javascript' })));",
  'batch.js');

// worker.js: the handler from kip.js once the WebAssembly is ready.
let worker = read(join(web, 'www', 'worker.js'));
worker = replaceOnce(worker, "import { workbenchHandler } from './kip.js';\n", '', 'worker.js');
worker = replaceOnce(worker, 'const handle = workbenchHandler();',
  'const ready = kipReady.then((kip) => kip.workbenchHandler());\nconst handle = async (op, args, progress) => (await ready)(op, args, progress);',
  'worker.js');

// app.js: kip is the object above; the instrument is the bundled one's text.
let app = read(join(web, 'www', 'app.js'));
app = replaceOnce(app, "import * as kip from './kip.js';", '', 'app.js');
app = replaceOnce(app, "import { setupBatch } from './batch.js';", '', 'app.js');
app = replaceOnce(app,
  "  const response = await fetch('instrument.json');\n  loadInstrument(await response.text(), 'instrument.json');",
  '  loadInstrument(KIP_INSTRUMENT, \'instrument.json\');',
  'app.js');
for (const [name, code] of [['app.js', app], ['batch.js', batch], ['worker.js', worker]]) {
  if (/^\s*(import|export) /m.test(code)) throw new Error(`onefile.mjs: ${name} has another import or export`);
}

// `</script` inside a script would end it early: the texts are JSON strings, and any
// `</` in the code is written `<\/` (the same characters in a JavaScript string).
const safe = (code) => code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
const core = [
  glue,
  `const KIP_WASM = ${JSON.stringify(wasm)};`,
  'const kipReady = (async () => {',
  kip,
  'return kip;',
  '})();',
].join('\n');
const script = [
  `const KIP_INSTRUMENT = ${JSON.stringify(instrument)};`,
  `const KIP_WORKER = ${JSON.stringify(worker)};`,
  'kipReady.then(async (kip) => {',
  batch,
  app,
  '}).catch((e) => { document.body.prepend(String(e)); throw e; });',
].join('\n');

let page = read(join(web, 'www', 'index.html'));
// Inline script and style, WebAssembly compiled from bytes; still nothing fetched.
page = replaceOnce(page,
  "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; style-src 'self';",
  "script-src 'unsafe-inline' 'wasm-unsafe-eval'; worker-src blob:; connect-src 'none'; style-src 'unsafe-inline';",
  'index.html');
page = replaceOnce(page, '<link rel="stylesheet" href="style.css">',
  `<style>\n${read(join(web, 'www', 'style.css'))}</style>`, 'index.html');
page = replaceOnce(page, '<script type="module" src="app.js"></script>', '', 'index.html');
page = replaceOnce(page, '</body>',
  `<script id="kip-core">\n${safe(core)}\n</script>\n<script>\n${safe(script)}\n</script>\n</body>`, 'index.html');

const out = join(dist, 'kip.html');
writeFileSync(out, page);
const size = Buffer.byteLength(page);
const budget = 3 * 1024 * 1024;
if (size > budget) throw new Error(`onefile.mjs: kip.html is ${size} bytes, over its budget of ${budget}`);
console.log(`onefile.mjs: web/dist/kip.html written, ${size} bytes (budget ${budget})`);
