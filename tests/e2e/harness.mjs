// harness.mjs — what the browser tests share: paths, checks, the CLI as the reference, the
// static server, Chromium, and the page's test hook (window.caplens.state()).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SITE = path.join(ROOT, 'build/wasm/site');
export const CLI = path.join(ROOT, 'build/native/caplens');
export const SHARED = path.join(ROOT, '../shared/captures/public');
export const OUTPUT = path.join(ROOT, 'tests/e2e/output');
export const SAMPLE = path.join(ROOT, 'public/sample.pcapng');

const results = [];
export function check(what, ok, detail = '') {
  results.push({ what, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${what}${detail ? `  (${detail})` : ''}`);
  return ok;
}

export function checkEqual(what, actual, expected) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  return check(what, a === e, a === e ? '' : `got ${a}, expected ${e}`);
}

export function fatal(message) {
  console.error(`e2e: ${message}`);
  process.exit(1);
}

// `caplens info FILE --json`, with start_ns/end_ns kept as exact strings (JSON numbers beyond
// 2^53 lose digits in JavaScript).
export function cliInfo(file) {
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

export function compareWithCli(label, state, file) {
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

export async function startServer(site = SITE) {
  const server = spawn(process.execPath, [path.join(ROOT, 'scripts/static_server.mjs'), site, '0'],
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

// The native CLI, the reference the page's figures are compared with.
export function cli(args) {
  const run = spawnSync(CLI, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
export const cliJson = (args) => JSON.parse(cli(args).stdout);
export const cliCount = (file, expr) => Number(cli(['filter', file, '-Y', expr, '--count']).stdout.trim());

// Waits for `n` animation frames of the page.
export async function frames(page, n = 2) {
  await page.evaluate((n) => new Promise(async (resolve) => {
    for (let i = 0; i < n; ++i) await new Promise((r) => requestAnimationFrame(r));
    resolve();
  }), n);
}

// Waits until `text` is the applied filter and its pass has finished.
export async function waitForFilter(page, text, timeout = 120000) {
  await page.waitForFunction((t) => {
    const s = window.caplens.state();
    return s.filter === t && s.filter_running === false;
  }, text, { timeout, polling: 50 });
  await frames(page, 4);
  return state(page);
}

export async function state(page) {
  return page.evaluate(() => window.caplens.state());
}

// Waits until `name` is the open capture and it has been read to the end (or its error).
export async function waitForCapture(page, name, timeout = 60000) {
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
export async function dropFile(page, name, bytes) {
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

export async function clickTarget(page, id, { button = 'left' } = {}) {
  const s = await state(page);
  const rect = s.targets && s.targets[id];
  if (!check(`target ${id} is published`, Array.isArray(rect))) return false;
  const box = await page.locator('#canvas').boundingBox();
  await page.mouse.move(box.x + rect[0] + rect[2] / 2, box.y + rect[1] + rect[3] / 2);
  await page.waitForTimeout(50);
  await page.mouse.click(box.x + rect[0] + rect[2] / 2, box.y + rect[1] + rect[3] / 2, { button });
  return true;
}

// Screenshots are numbered in the order taken; `prefix` keeps each script's apart.
let shot = 0;
let shotPrefix = '';
export function setScreenshotPrefix(prefix) {
  shotPrefix = prefix;
}
export async function screenshot(page, name) {
  const file = path.join(OUTPUT, `${shotPrefix}${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  console.log(`      screenshot ${path.relative(ROOT, file)}`);
}

// Headless Chromium with a fresh profile (removed by close()), drawing WebGL2 in software.
export async function launchBrowser(options = {}) {
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
    ...options,
  });
  const close = async () => {
    await browser.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { browser, close };
}

// Collects page errors and console errors of `page` into `problems`.
export function watchForProblems(page, problems) {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
}

export async function waitForReady(page) {
  await page.waitForFunction(() => window.caplens && window.caplens.state().ready === true, null, { timeout: 30000 });
}

// Prints the tally and exits: non-zero when any check failed.
export function reportAndExit() {
  const failed = results.filter((r) => !r.ok);
  console.log(`\n${results.length - failed.length} of ${results.length} checks passed` +
    (failed.length ? `; FAILED: ${failed.map((r) => r.what).join('; ')}` : ''));
  process.exit(failed.length ? 1 : 0);
}

// A click on target `id`, then a few frames for the app to act on it.
export async function clickAndSettle(page, id, options = {}) {
  const ok = await clickTarget(page, id, options);
  await frames(page, 4);
  return ok;
}

// A new page of the app (watched for errors) with `file` dropped on it and read to its end.
export async function openInNewPage(browser, url, file, problems) {
  const page = await browser.newPage();
  watchForProblems(page, problems);
  await page.goto(url);
  await waitForReady(page);
  await dropFile(page, path.basename(file), readFileSync(file));
  await waitForCapture(page, path.basename(file));
  return page;
}

// Types `text` into the filter bar as a user does, presses Enter and waits for its pass.
export async function applyFilter(page, text) {
  await clickAndSettle(page, 'filter.input');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.press('Enter');
  return waitForFilter(page, text);
}

// Serves the site, launches Chromium, runs `body({ browser, url, problems })` (pages watched
// with watchForProblems add to `problems`), then checks that no page logged an error and prints
// the tally: the process exits non-zero on any failure.
export async function runBrowserTest(body) {
  const { server, url } = await startServer();
  const { browser, close } = await launchBrowser();
  const problems = [];
  try {
    await body({ browser, url, problems });
  } catch (error) {
    problems.push(`exception: ${error.stack || error}`);
  } finally {
    await close();
    server.kill();
  }
  check('no page errors or console errors', problems.length === 0, problems.join('; '));
  reportAndExit();
}
