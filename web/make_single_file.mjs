// make_single_file.mjs — writes SITE/caplens.html: the whole app in one self-contained page
// for machines without a network (opened from disk, from file://).
//
//   node web/make_single_file.mjs SITE      (run by the wasm build after the app is linked)
//
// A page opened from file:// can fetch nothing, not even its neighbours, so everything is
// inlined: the style sheet, the page glue and Emscripten's glue as one module script (their
// imports and exports removed, since an inline module cannot import files), and the wasm, the
// fonts and the sample capture as base64 in a JSON block that public/caplens.js reads instead
// of fetching. The Content-Security-Policy is stricter than the hosted site's: the one script
// and the one style block are allowed by their SHA-256 hashes, and no connection to anywhere
// is allowed at all.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const INLINED_ASSETS = [
  'caplens_app.wasm',
  'sample.pcapng',
  'fonts/Inter-Regular.otf',
  'fonts/Inter-SemiBold.otf',
  'fonts/NotoSansMono-Regular.ttf',
];

function fail(message) {
  console.error(`make_single_file: ${message}`);
  process.exit(1);
}

const site = process.argv[2];
if (!site) fail('usage: node web/make_single_file.mjs SITE');
const read = (name) => readFileSync(path.join(site, name));
const readText = (name) => read(name).toString('utf8');

// Removes the module syntax that joins the three scripts, and insists that nothing else of it
// is left: a new import or export in any of them must be handled here, not silently dropped.
function withoutModuleSyntax(name, text) {
  const stripped = text
    .replace(/^import .* from '\.\/[\w.]+\.js';$/gm, '')
    .replace(/^export default \w+;$/gm, '')
    .replace(/^export (class|function|const) /gm, '$1 ');
  const left = stripped.match(/^\s*(import|export)\b.*$/m);
  if (left) fail(`${name}: cannot inline "${left[0].trim()}"`);
  if (/<\/script/i.test(stripped)) fail(`${name} contains "</script", which would end the inline script`);
  return `// ---- ${name}\n${stripped}`;
}

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const script = ['byte_feeder.js', 'caplens_app.js', 'caplens.js']
  .map((name) => withoutModuleSyntax(name, readText(name)))
  .join('\n');
const style = readText('style.css');
const assets = Object.fromEntries(INLINED_ASSETS.map((name) => [name, read(name).toString('base64')]));
const favicon = `data:image/svg+xml;base64,${read('favicon.svg').toString('base64')}`;

const policy = [
  "default-src 'none'",
  `script-src ${sha256(script)} 'wasm-unsafe-eval'`,
  `style-src ${sha256(style)}`,
  'img-src data:',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// index.html's comments describe the hosted page's policy, not this one's.
let html = readText('index.html').replace(/<!--[\s\S]*?-->\n?/g, '');
const replaceOnce = (pattern, replacement) => {
  if (!pattern.test(html)) fail(`index.html no longer has ${pattern}`);
  html = html.replace(pattern, () => replacement);
};
replaceOnce(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/,
  `<meta http-equiv="Content-Security-Policy" content="${policy}">`);
replaceOnce(/<link rel="icon" href="favicon.svg"[^>]*>/, `<link rel="icon" href="${favicon}" type="image/svg+xml">`);
replaceOnce(/<link rel="stylesheet" href="style.css">/, `<style>${style}</style>`);
replaceOnce(/<script type="module" src="caplens.js"><\/script>/, '');
// The scripts go at the end of <body>, after the canvas they look up.
replaceOnce(/<\/body>/,
  `<script type="application/json" id="caplens-inline-assets">${JSON.stringify(assets)}</script>\n` +
  `<script type="module">${script}</script>\n</body>`);

const output = path.join(site, 'caplens.html');
writeFileSync(output, html);
console.log(`make_single_file: ${output} (${(html.length / 1e6).toFixed(1)} MB)`);
