// offline.mjs — the browser test of caplens without a network (headless Chromium).
//
//   node tests/e2e/offline.mjs     (after building build/native and build/wasm; scripts/test.sh does)
//
//  - the single file build/wasm/site/caplens.html, opened from file://: the app starts, "Open
//    sample" and a dropped capture give the figures of `caplens info --json`, its policy allows
//    no connection at all, and the page makes no request beyond loading itself;
//  - the hosted site: after a first visit has installed the service worker, the server goes
//    away and a reload still starts the app and opens the sample, from the cache.
// Screenshots go to tests/e2e/output/offline-*.png. Exits non-zero on any failure.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CLI, OUTPUT, SAMPLE, SHARED, SITE, check, clickTarget, compareWithCli, dropFile, fatal,
  launchBrowser, reportAndExit, screenshot, setScreenshotPrefix, startServer, state, waitForCapture, waitForReady,
  watchForProblems,
} from './harness.mjs';

const SINGLE_FILE = path.join(SITE, 'caplens.html');
// A capture from the shared corpus to drop, when the corpus is on this machine.
const DROPPED = path.join(SHARED, 'filesamples__simple_http.pcap');

async function openSampleAndCompare(page, label) {
  if (!(await clickTarget(page, 'welcome.open_sample'))) return;
  const s = await waitForCapture(page, 'sample.pcapng');
  compareWithCli(`${label}: Open sample`, s, SAMPLE);
}

async function singleFileTests(problems) {
  const html = readFileSync(SINGLE_FILE, 'utf8');
  const policy = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/)[1];
  check('caplens.html: the policy allows no connection (default-src \'none\', no connect-src)',
    policy.includes("default-src 'none'") && !policy.includes('connect-src') && !policy.includes("'self'"), policy);
  check('caplens.html: no inline script runs without its hash (no \'unsafe-inline\')', !policy.includes('unsafe-inline'));

  const { browser, close } = await launchBrowser();
  const pageUrl = pathToFileURL(SINGLE_FILE).href;
  const requests = [];
  browser.on('request', (request) => requests.push(request.url()));
  try {
    const page = browser.pages()[0] || await browser.newPage();
    watchForProblems(page, problems);
    await page.goto(pageUrl);
    await waitForReady(page);
    const s = await state(page);
    check('caplens.html from file://: the app starts', s.ready === true);
    await screenshot(page, 'single-file-welcome');
    await openSampleAndCompare(page, 'caplens.html');
    await screenshot(page, 'single-file-sample');
    if (existsSync(DROPPED)) {
      await dropFile(page, path.basename(DROPPED), readFileSync(DROPPED));
      compareWithCli(`caplens.html: dropped ${path.basename(DROPPED)}`, await waitForCapture(page, path.basename(DROPPED)), DROPPED);
      await screenshot(page, 'single-file-dropped');
    } else {
      console.log(`skip  dropping ${path.basename(DROPPED)} (not in ${SHARED})`);
    }
  } finally {
    await close();
  }
  // data: URLs are the page's own inlined bytes (the favicon), not connections.
  const others = requests.filter((u) => u !== pageUrl && !u.startsWith('data:'));
  check(`caplens.html: no request beyond the page itself (${requests.length} seen)`, others.length === 0,
    others.slice(0, 3).join(' '));
}

async function serviceWorkerTests(problems) {
  const { server, url } = await startServer();
  const { browser, close } = await launchBrowser();
  try {
    const page = browser.pages()[0] || await browser.newPage();
    watchForProblems(page, problems);
    await page.goto(url);
    await waitForReady(page);
    const controlled = await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      // clients.claim() hands this page to the worker without a reload.
      for (let i = 0; i < 100 && !navigator.serviceWorker.controller; ++i) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return Boolean(navigator.serviceWorker.controller);
    });
    check('hosted site: the service worker installs and controls the page', controlled);

    server.kill();
    await new Promise((resolve) => server.once('exit', resolve));
    const offline = await page.request.get(url).then(() => false, () => true);
    check('hosted site: the server is gone', offline);
    await page.reload();
    await waitForReady(page);
    check('hosted site, server gone: a reload starts the app from the cache', (await state(page)).ready === true);
    await openSampleAndCompare(page, 'hosted site offline');
    await screenshot(page, 'service-worker-offline');
  } finally {
    await close();
    server.kill();
  }
}

async function main() {
  for (const [file, hint] of [[SINGLE_FILE, 'cmake --preset wasm && cmake --build --preset wasm'],
    [CLI, 'cmake --preset native && cmake --build --preset native']]) {
    if (!existsSync(file)) fatal(`${file} is missing: build it first (${hint})`);
  }
  mkdirSync(OUTPUT, { recursive: true });
  setScreenshotPrefix('offline-');
  const problems = [];
  try {
    await singleFileTests(problems);
    await serviceWorkerTests(problems);
  } catch (error) {
    check(`no exception (${error.message.split('\n')[0]})`, false);
  }
  // Loading a resource while the server is down is expected to log a failed request; nothing
  // else may.
  const unexpected = problems.filter((p) => !p.includes('net::ERR_CONNECTION_REFUSED'));
  check('no page errors or console errors', unexpected.length === 0, unexpected.slice(0, 3).join(' | '));
  reportAndExit();
}

main().catch((error) => fatal(error.stack || String(error)));
