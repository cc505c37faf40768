// run.mjs — the browser end-to-end test of the caplens page (headless Chromium, playwright-core).
//
//   node tests/e2e/run.mjs        (after building build/native and build/wasm; scripts/test.sh does)
//
// Serves build/wasm/site with scripts/static_server.mjs on a free port, opens the page at a
// device pixel ratio of 2, and checks, through the page's read-only hook window.caplens.state():
//  - the app starts, sizes its canvas to CSS size x devicePixelRatio, and follows resizes;
//  - "Open sample" (clicked on the canvas at the rectangle the hook publishes) opens the bundled
//    capture, and so does "Open file…" through the browser's file chooser;
//  - captures dropped on the canvas with a real drop event (a DataTransfer holding a File) give
//    exactly the figures of `build/native/caplens info FILE --json`: the sample, captures from
//    ../shared/captures/public when present (pcap, pcapng, NetMon, gzip, damaged), a file that
//    is not a capture, and a generated 12 MB capture (plain and gzip) read in several chunks;
//  - the page makes no request to any other origin, and logs no error.
// A screenshot per step goes to tests/e2e/output/. Exits non-zero on any failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SITE = path.join(ROOT, 'build/wasm/site');
const CLI = path.join(ROOT, 'build/native/caplens');
const SHARED = path.join(ROOT, '../shared/captures/public');
const OUTPUT = path.join(ROOT, 'tests/e2e/output');
const SAMPLE = path.join(ROOT, 'public/sample.pcapng');

// Captures from the shared corpus (used when it is present), one per kind of input.
const SHARED_CAPTURES = [
  'filesamples__simple_http.pcap',                 // pcap
  'wswiki__many_interfaces.pcapng',                // pcapng, several interfaces and link types
  'wswiki__MicrosoftNTP.cap',                      // NetMon 2.x (frame table at the end)
  'wswiki__vlan.cap.gz',                           // gzip
  'broken__trunc100000_ndpi__bittorrent.pcap',     // cut in the middle of a record
  'broken__trunc10000_wswiki__vlan.cap.gz',        // truncated gzip stream
  'broken__trunc20_hdr_tcpdump__dns_tcp.pcap',     // cut inside the file header
];

const results = [];
function check(what, ok, detail = '') {
  results.push({ what, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${what}${detail ? `  (${detail})` : ''}`);
  return ok;
}
function checkEqual(what, actual, expected) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  return check(what, a === e, a === e ? '' : `got ${a}, expected ${e}`);
}
function fatal(message) {
  console.error(`e2e: ${message}`);
  process.exit(1);
}

// `caplens info FILE --json`, with start_ns/end_ns kept as exact strings (JSON numbers beyond
// 2^53 lose digits in JavaScript).
function cliInfo(file) {
  const run = spawnSync(CLI, ['info', file, '--json'], { encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) {
    fatal(`${CLI} info ${file} --json failed (status ${run.status}): ${run.stderr}`);
  }
  const text = run.stdout.trim();
  const exact = (key) => {
    const match = text.match(new RegExp(`"${key}":(null|-?\\d+)`));
    return match && match[1] !== 'null' ? match[1] : null;
  };
  return { json: JSON.parse(text), start: exact('start_ns'), end: exact('end_ns') };
}

function compareWithCli(label, state, file) {
  const cli = cliInfo(file);
  const c = cli.json;
  let ok = true;
  ok &= checkEqual(`${label}: frames = ${c.frames}`, state.frames, c.frames);
  ok &= checkEqual(`${label}: bytes`, state.bytes, c.bytes);
  ok &= checkEqual(`${label}: captured_bytes`, state.captured_bytes, c.captured_bytes);
  ok &= checkEqual(`${label}: format = ${c.format}`, state.format, c.format);
  ok &= checkEqual(`${label}: encapsulations`, state.encapsulations, c.encapsulations);
  ok &= checkEqual(`${label}: truncated_frames`, state.truncated_frames, c.truncated_frames);
  ok &= checkEqual(`${label}: interfaces`, state.interfaces, c.interfaces);
  ok &= checkEqual(`${label}: start_ns (exact)`, state.start_ns, cli.start);
  ok &= checkEqual(`${label}: end_ns (exact)`, state.end_ns, cli.end);
  ok &= checkEqual(`${label}: error = ${c.error ? JSON.stringify(c.error.message) : 'null'}`,
    state.error, c.error ? c.error.message : null);
  ok &= checkEqual(`${label}: error offset`, state.error_offset, c.error ? c.error.offset : null);
  ok &= checkEqual(`${label}: the page's info object equals the CLI's`, state.info, c);
  return ok;
}

// A deterministic pcap of about `megabytes` MB (Ethernet/IPv4/UDP frames of varied sizes), so
// that reading takes several 4 MiB requests and records straddle their boundaries.
function syntheticPcap(megabytes) {
  const target = megabytes * 1000 * 1000;
  const chunks = [];
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  chunks.push(header);
  let size = header.length;
  let seconds = 1700000000;
  let micros = 0;
  let noise = 0x2545f491;
  for (let i = 0; size < target; ++i) {
    const length = 60 + ((i * 7919) % 1455);
    const record = Buffer.alloc(16 + length);
    micros += 137 + (i % 1000);
    if (micros >= 1000000) { seconds += 1; micros -= 1000000; }
    record.writeUInt32LE(seconds, 0);
    record.writeUInt32LE(micros, 4);
    record.writeUInt32LE(length, 8);
    record.writeUInt32LE(length, 12);
    const frame = record.subarray(16);
    frame.fill(0x02, 0, 12);                 // MAC addresses
    frame.writeUInt16BE(0x0800, 12);         // IPv4
    frame[14] = 0x45;
    frame.writeUInt16BE(length - 14, 16);
    frame[23] = 17;                          // UDP
    // Pseudo-random payload, so that the gzip'd copy stays large (decompression takes a while).
    for (let b = 34; b < length; ++b) {
      noise ^= noise << 13; noise ^= noise >>> 17; noise ^= noise << 5;
      frame[b] = noise & 0xff;
    }
    chunks.push(record);
    size += record.length;
  }
  return Buffer.concat(chunks);
}

async function startServer() {
  const server = spawn(process.execPath, [path.join(ROOT, 'scripts/static_server.mjs'), SITE, '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let text = '';
    server.stdout.on('data', (data) => {
      text += data;
      const match = text.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (match) resolve(match[0]);
    });
    server.on('exit', (code) => reject(new Error(`static server exited (${code})`)));
    setTimeout(() => reject(new Error('static server did not start')), 10000);
  });
  return { server, url };
}

async function state(page) {
  return page.evaluate(() => window.caplens.state());
}

// Waits until `name` is the open capture and it has been read to the end (or its error).
async function waitForCapture(page, name, timeout = 60000) {
  await page.waitForFunction((n) => {
    const s = window.caplens.state();
    return s.file === n && s.progress === 1;
  }, name, { timeout, polling: 50 });
  // One more frame so that the screenshot shows the final figures.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return state(page);
}

// A real drop: dragenter/dragover/drop events carrying a DataTransfer with the file, dispatched
// on the canvas (they bubble to the document, where the page listens).
async function dropFile(page, name, bytes) {
  await page.evaluate(async ({ name, base64 }) => {
    const binary = atob(base64);
    const data = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; ++i) data[i] = binary.charCodeAt(i);
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], name, { type: 'application/octet-stream' }));
    const canvas = document.getElementById('canvas');
    const rect = canvas.getBoundingClientRect();
    const at = { clientX: rect.width / 2, clientY: rect.height / 2 };
    for (const type of ['dragenter', 'dragover', 'drop']) {
      canvas.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true, ...at }));
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }, { name, base64: Buffer.from(bytes).toString('base64') });
}

async function clickTarget(page, id) {
  const s = await state(page);
  const rect = s.targets && s.targets[id];
  if (!check(`target ${id} is published`, Array.isArray(rect))) return false;
  const box = await page.locator('#canvas').boundingBox();
  await page.mouse.move(box.x + rect[0] + rect[2] / 2, box.y + rect[1] + rect[3] / 2);
  await page.waitForTimeout(50);
  await page.mouse.click(box.x + rect[0] + rect[2] / 2, box.y + rect[1] + rect[3] / 2);
  return true;
}

// Records (phase, progress) on every animation frame while `name` is being opened.
async function watchProgress(page, name) {
  await page.evaluate((n) => {
    window.__caplensSamples = [];
    const tick = () => {
      const s = window.caplens.state();
      if (s.file === n) window.__caplensSamples.push([s.phase, s.progress]);
      if (s.file !== n || s.progress !== 1) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, name);
}

// Slows the page's CPU down so that the progress display can be photographed mid-way.
async function screenshotsWhileReading(page, name) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 40 });
  try {
    const taken = new Set();
    const deadline = Date.now() + 20000;
    while (taken.size < 2 && Date.now() < deadline) {
      const s = await state(page);
      if (s.file === name && s.progress === 1) break;
      if (s.file === name && s.progress > 0 && !taken.has(s.phase)) {
        taken.add(s.phase);
        await screenshot(page, `progress-${s.phase}`);
      }
    }
  } finally {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.detach();
  }
}

async function checkProgressSamples(page, name) {
  const samples = await page.evaluate(() => window.__caplensSamples);
  const progress = samples.map(([, p]) => p);
  const monotonic = progress.every((p, i) => i === 0 || p >= progress[i - 1]);
  check(`${name}: progress rises monotonically to 1 (${samples.length} frames sampled)`,
    monotonic && progress.at(-1) === 1);
  check(`${name}: progress shown while decompressing and while reading`,
    samples.some(([ph, p]) => ph === 'decompressing' && p > 0 && p < 1) &&
    samples.some(([ph, p]) => ph === 'reading' && p > 0 && p < 1));
}

let shot = 0;
async function screenshot(page, name) {
  const file = path.join(OUTPUT, `${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  console.log(`      screenshot ${path.relative(ROOT, file)}`);
}

async function main() {
  for (const [file, hint] of [[path.join(SITE, 'index.html'), 'cmake --preset wasm && cmake --build --preset wasm'],
    [path.join(SITE, 'caplens_app.wasm'), 'cmake --build --preset wasm'],
    [CLI, 'cmake --preset native && cmake --build --preset native']]) {
    if (!existsSync(file)) fatal(`${path.relative(ROOT, file)} is missing: build it first (${hint})`);
  }
  rmSync(OUTPUT, { recursive: true, force: true });
  mkdirSync(OUTPUT, { recursive: true });

  // Generated inputs live in output/ so that the CLI can read the same bytes.
  const generated = {
    notCapture: path.join(OUTPUT, 'not-a-capture.txt'),
    big: path.join(OUTPUT, 'synthetic-12mb.pcap'),
    bigGzip: path.join(OUTPUT, 'synthetic-12mb.pcap.gz'),
  };
  writeFileSync(generated.notCapture, 'This is a text file, not a packet capture.\n');
  const big = syntheticPcap(12);
  writeFileSync(generated.big, big);
  writeFileSync(generated.bigGzip, gzipSync(big, { level: 6 }));

  const { server, url } = await startServer();
  process.on('exit', () => server.kill());
  const origin = new URL(url).origin;
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'caplens-e2e-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic'],
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 2,
    colorScheme: 'dark',
  });
  const requests = [];
  const problems = [];
  browser.on('request', (request) => requests.push(request.url()));
  const page = browser.pages()[0] || await browser.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });

  try {
    // ---- start-up
    const response = await page.goto(url);
    const headers = response.headers();
    const html = readFileSync(path.join(SITE, 'index.html'), 'utf8');
    const metaPolicy = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/)[1];
    checkEqual('the server sends the page\'s Content-Security-Policy as a header',
      headers['content-security-policy'], metaPolicy);
    const wasm = await page.request.head(`${url}caplens_app.wasm`);
    checkEqual('.wasm is served as application/wasm', wasm.headers()['content-type'], 'application/wasm');
    await page.waitForFunction(() => window.caplens && window.caplens.state().ready === true, null, { timeout: 30000 });
    let s = await state(page);
    check('the app starts (state().ready)', s.ready === true);
    checkEqual('no capture open at start', [s.file, s.phase, s.frames, s.error], [null, 'idle', 0, null]);
    checkEqual('device pixel ratio seen by the app', s.device_pixel_ratio, 2);
    checkEqual('canvas drawing buffer = CSS size x 2', s.canvas_pixels, [2560, 1600]);
    await screenshot(page, 'welcome-dark');

    // ---- a drag over the page highlights it; leaving removes the highlight
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['x'], 'x.pcap'));
      document.getElementById('canvas').dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => window.caplens.state().drag_hover === true, null, { timeout: 5000 });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await screenshot(page, 'drag-over');
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['x'], 'x.pcap'));
      document.getElementById('canvas').dispatchEvent(new DragEvent('dragleave', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => window.caplens.state().drag_hover === false, null, { timeout: 5000 });
    check('drag highlight on dragenter, gone on dragleave', true);

    // ---- "Open sample" in the empty state
    if (await clickTarget(page, 'welcome.open_sample')) {
      s = await waitForCapture(page, 'sample.pcapng');
      check('"Open sample" opens the bundled sample', s.file === 'sample.pcapng' && s.frames > 0);
      compareWithCli('sample (Open sample)', s, SAMPLE);
      await screenshot(page, 'sample-opened');
    }

    // ---- drops
    const drops = [];
    if (existsSync(SHARED)) {
      for (const name of SHARED_CAPTURES) {
        const file = path.join(SHARED, name);
        if (existsSync(file)) drops.push({ name, file });
        else console.log(`skip  ${name} (not in ${SHARED})`);
      }
    } else {
      console.log(`skip  shared captures (${SHARED} not present)`);
    }
    drops.push({ name: 'sample.pcapng', file: SAMPLE, label: 'sample (dropped)' });
    drops.push({ name: path.basename(generated.notCapture), file: generated.notCapture });
    drops.push({ name: path.basename(generated.big), file: generated.big });
    drops.push({ name: path.basename(generated.bigGzip), file: generated.bigGzip });
    for (const { name, file, label } of drops) {
      const watched = file === generated.bigGzip;
      if (watched) await watchProgress(page, name);
      await dropFile(page, name, readFileSync(file));
      if (watched) await screenshotsWhileReading(page, name);
      s = await waitForCapture(page, name);
      if (watched) await checkProgressSamples(page, name);
      compareWithCli(label || name, s, file);
      if (file === generated.big || file === generated.bigGzip) {
        check(`${name}: read in ${s.reads} slices of at most 4 MiB, never whole`, s.reads >= 3);
      }
      await screenshot(page, `drop-${name.replace(/[^A-Za-z0-9.]+/g, '_')}`);
    }

    // ---- "Open file…" through the browser's file chooser
    const chooserFile = existsSync(path.join(SHARED, 'filesamples__simple_http.pcap'))
      ? path.join(SHARED, 'filesamples__simple_http.pcap') : SAMPLE;
    const chooser = page.waitForEvent('filechooser', { timeout: 10000 });
    if (await clickTarget(page, 'toolbar.open_file')) {
      await (await chooser).setFiles(chooserFile);
      s = await waitForCapture(page, path.basename(chooserFile));
      compareWithCli(`${path.basename(chooserFile)} (Open file…)`, s, chooserFile);
    }

    // ---- the toolbar's "Open sample" replaces the open capture
    if (await clickTarget(page, 'toolbar.open_sample')) {
      s = await waitForCapture(page, 'sample.pcapng');
      check('toolbar "Open sample" replaces the open capture', s.file === 'sample.pcapng' && s.error === null);
    }

    // ---- light theme
    if (await clickTarget(page, 'toolbar.theme')) {
      await page.waitForFunction(() => window.caplens.state().theme === 'light', null, { timeout: 5000 });
      check('the theme switch turns the page light', true);
      await screenshot(page, 'sample-light');
    }

    // ---- the canvas follows the window
    await page.setViewportSize({ width: 900, height: 640 });
    await page.waitForFunction(() => {
      const p = window.caplens.state().canvas_pixels;
      return p[0] === 1800 && p[1] === 1280;
    }, null, { timeout: 5000 }).catch(() => {});
    s = await state(page);
    checkEqual('after a resize the canvas is 900x640 CSS px x 2', s.canvas_pixels, [1800, 1280]);
    await screenshot(page, 'resized');

    // ---- a second page, light: then its pixel ratio changes from 2 to 1 (another screen,
    // browser zoom) and the app must re-rasterise its fonts and resize its canvas
    const page1 = await browser.newPage();
    page1.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page1.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page1.setViewportSize({ width: 1100, height: 720 });
    await page1.emulateMedia({ colorScheme: 'light' });
    await page1.goto(url);
    await page1.waitForFunction(() => window.caplens && window.caplens.state().ready === true, null, { timeout: 30000 });
    const s1 = await state(page1);
    checkEqual('light scheme preferred: the app starts light', s1.theme, 'light');
    const cdp = await page1.context().newCDPSession(page1);
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1100, height: 720, deviceScaleFactor: 1, mobile: false });
    await page1.waitForFunction(() => window.caplens.state().device_pixel_ratio === 1, null, { timeout: 5000 }).catch(() => {});
    await page1.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const s2 = await state(page1);
    checkEqual('pixel ratio 2 -> 1: the app follows', s2.device_pixel_ratio, 1);
    checkEqual('pixel ratio 1: canvas drawing buffer = CSS size', s2.canvas_pixels, [1100, 720]);
    await screenshot(page1, 'welcome-light');
    await cdp.detach();
    await page1.close();
  } catch (error) {
    check(`no exception (${error.message.split('\n')[0]})`, false);
    await screenshot(page, 'failure').catch(() => {});
  } finally {
    await browser.close();
    server.kill();
    rmSync(userDataDir, { recursive: true, force: true });
  }

  const foreign = requests.filter((u) => new URL(u).origin !== origin);
  check(`all ${requests.length} requests went to the page's own origin`, foreign.length === 0, foreign.slice(0, 3).join(' '));
  check('no page errors or console errors', problems.length === 0, problems.slice(0, 3).join(' | '));

  const failed = results.filter((r) => !r.ok);
  console.log(`\n${results.length - failed.length} of ${results.length} checks passed` +
    (failed.length ? `; FAILED: ${failed.map((r) => r.what).join('; ')}` : ''));
  process.exit(failed.length ? 1 : 0);
}

main().catch((error) => fatal(error.stack || String(error)));
