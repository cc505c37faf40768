// api_browser_test.mjs — the JavaScript API in headless Chromium: another page (made here, with
// a strict Content-Security-Policy: its own origin only, no eval, WebAssembly allowed) imports
// build/wasm/api/caplens.mjs, opens the sample by URL and as a File, and its answers must be
// the native CLI's JSON, as in Node (api_test.mjs).
//
//   node tests/wasm/api_browser_test.mjs   (needs build/native/caplens, the wasm build and
//                                           scripts/setup.sh browser; scripts/test.sh runs it)
// CAPLENS_API_DIR and CAPLENS_CLI override build/wasm/api and build/native/caplens.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CLI as BUILT_CLI, ROOT, SAMPLE, checkEqual, check, launchBrowser, reportAndExit, startServer, watchForProblems,
} from '../e2e/harness.mjs';

const CLI = process.env.CAPLENS_CLI ?? BUILT_CLI;

function cliJson(...args) {
  return spawnSync(CLI, [...args, '--json'], { encoding: 'utf8' }).stdout.replace(/\n$/, '');
}

// The column `caplens filter` reports for a bad filter.
function cliFilterErrorColumn(expression) {
  const stderr = spawnSync(CLI, ['filter', SAMPLE, '-Y', expression], { encoding: 'utf8' }).stderr;
  return Number(stderr.match(/filter error at column (\d+)/)?.[1]);
}

function cliFrames(expression) {
  return spawnSync(CLI, ['filter', SAMPLE, '-Y', expression], { encoding: 'utf8' })
    .stdout.split('\n').filter(Boolean).map(Number);
}

// Runs in the page: the API over the sample, opened by URL and as a File.
async function answersInPage() {
  const caplens = await import('/api/caplens.mjs');
  const phases = new Set();
  const byUrl = await caplens.open('/sample.pcapng', { onProgress: (fraction, phase) => phases.add(phase) });
  const bytes = await (await fetch('/sample.pcapng')).arrayBuffer();
  const byFile = await caplens.open(new File([bytes], 'sample.pcapng'));
  let filterError = null;
  try {
    await byFile.filter('tcp.port ==');
  } catch (error) {
    filterError = { name: error.name, column: error.column };
  }
  const answers = {
    phases: [...phases].sort(),
    urlInfo: await byUrl.info({ raw: true }),
    fileInfo: await byFile.info({ raw: true }),
    phs: await byFile.phs({ raw: true }),
    rtt: await byFile.rtt({ raw: true }),
    dests: await byFile.dests({ raw: true }),
    findings: await byFile.findings({ raw: true }),
    frame: await byFile.frame(5, { raw: true }),
    dns: await byFile.filter('dns'),
    filterError,
  };
  await byUrl.close();
  await byFile.close();
  return answers;
}

// The other page: its policy (sent as a header by the static server too), the API and the sample.
const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const pageDir = mkdtempSync(path.join(os.tmpdir(), 'caplens-api-page-'));
writeFileSync(path.join(pageDir, 'index.html'),
  `<!doctype html><meta http-equiv="Content-Security-Policy" content="${POLICY}"><title>caplens API</title>\n`);
symlinkSync(process.env.CAPLENS_API_DIR ?? path.join(ROOT, 'build/wasm/api'), path.join(pageDir, 'api'));
copyFileSync(SAMPLE, path.join(pageDir, 'sample.pcapng'));
writeFileSync(path.join(pageDir, 'favicon.ico'), '');  // Chromium asks for one: no 404 in the console
const { server, url } = await startServer(pageDir);
const { browser, close } = await launchBrowser();
const problems = [];
const requests = [];
try {
  const page = await browser.newPage();
  watchForProblems(page, problems);
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(url);
  const answers = await page.evaluate(answersInPage);
  checkEqual('progress phases of a URL', answers.phases, ['download', 'read']);
  checkEqual('info by URL = caplens info --json', answers.urlInfo, cliJson('info', SAMPLE));
  checkEqual('info of a File = caplens info --json', answers.fileInfo, cliJson('info', SAMPLE));
  checkEqual('phs = caplens phs --json', answers.phs, cliJson('phs', SAMPLE));
  checkEqual('rtt = caplens rtt --json', answers.rtt, cliJson('rtt', SAMPLE));
  checkEqual('dests = caplens dests --json', answers.dests, cliJson('dests', SAMPLE));
  checkEqual('findings = caplens findings --json', answers.findings, cliJson('findings', SAMPLE));
  checkEqual('frame 5 = caplens frame 5 --json', answers.frame, cliJson('frame', SAMPLE, '5'));
  checkEqual('filter dns = caplens filter -Y dns', answers.dns, cliFrames('dns'));
  checkEqual('a bad filter rejects with its column', answers.filterError,
    { name: 'CaplensError', column: cliFilterErrorColumn('tcp.port ==') });
  check('no request beyond the page\'s origin', requests.every((r) => r.startsWith(url)),
    requests.filter((r) => !r.startsWith(url)).join(', '));
  check('no page or console error', problems.length === 0, problems.join('; '));
} finally {
  await close();
  server.kill();
  rmSync(pageDir, { recursive: true, force: true });
}
reportAndExit();
