// view_link.mjs — links to a view in headless Chromium (playwright-core): "Copy link" on a
// view of the bundled sample, the link opened in a new page ("drop sample.pcapng to
// continue"), the same file dropped (the view comes back: filter, selected packet, sort, time
// format, Statistics window and its tab, screen), another file dropped (opened as it is, with
// a warning) and a damaged link (refused with a message).
//
//   node tests/e2e/view_link.mjs   (after building build/native and build/wasm; scripts/test.sh does)
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  OUTPUT, SAMPLE, applyFilter, check, checkEqual, cli, clickAndSettle, dropFile, fatal, frames, openInNewPage,
  runBrowserTest, screenshot, setScreenshotPrefix, state, waitForCapture, waitForReady, watchForProblems,
} from './harness.mjs';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'caplens-link-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));  // runBrowserTest exits

// The view the link is made of: what the restored page must show again.
const FILTER = 'tcp';
const FRAME = 17;

async function makeView(page) {
  await applyFilter(page, FILTER);
  await page.keyboard.press('Control+g');
  await frames(page, 4);
  await page.keyboard.type(String(FRAME), { delay: 5 });
  await page.keyboard.press('Enter');
  await frames(page, 6);
  await clickAndSettle(page, 'packets.header.length');
  await clickAndSettle(page, 'packets.header.length');  // descending
  await clickAndSettle(page, 'packets.header.time', { button: 'right' });
  await clickAndSettle(page, 'packets.time_format.utc');
  await clickAndSettle(page, 'menu.statistics');
  await clickAndSettle(page, 'menu.statistics.conversations');
  await clickAndSettle(page, 'table.conversations.tab.udp');
  await page.waitForFunction(() => window.caplens.state().link.fragment !== '', null, { timeout: 10000 });
  return state(page);
}

function checkView(label, s) {
  checkEqual(`${label}: the filter`, s.filter, FILTER);
  checkEqual(`${label}: the selected packet`, s.selected, FRAME);
  checkEqual(`${label}: the sort`, [s.sort.column, s.sort.ascending], ['length', false]);
  checkEqual(`${label}: the time format`, s.packet_list && s.packet_list.time_format, 'utc');
  check(`${label}: the Conversations window`, s.windows.includes('conversations'), JSON.stringify(s.windows));
  checkEqual(`${label}: its tab`, s['table.conversations'] && s['table.conversations'].tab, 'udp');
  checkEqual(`${label}: the screen`, s.view, 'packets');
}

async function copyLink(page) {
  const made = await makeView(page);
  checkView('the view made', made);
  await clickAndSettle(page, 'menu.copy_link');
  const s = await state(page);
  const link = s.clipboard || '';
  const url = new URL(link);
  checkEqual('Copy link copies the page address with the view in its fragment', url.hash.slice(1), s.link.fragment);
  const fields = new URLSearchParams(url.hash.slice(1));
  checkEqual('the link names the capture', fields.get('name'), 'sample.pcapng');
  checkEqual('... with its size', Number(fields.get('size')), readFileSync(SAMPLE).length);
  checkEqual('... and its frame count', Number(fields.get('frames')), s.frames);
  checkEqual('... and a 64-bit hash of its edges', /^[0-9a-f]{16}$/.test(fields.get('hash')), true);
  check('it holds no packet bytes', link.length < 600, `${link.length} characters`);
  return link;
}

async function openLink(browser, link, problems) {
  const page = await browser.newPage();
  watchForProblems(page, problems);
  await page.goto(link);
  await waitForReady(page);
  await frames(page, 4);
  return page;
}

async function sameFile(browser, link, problems) {
  const page = await openLink(browser, link, problems);
  checkEqual('the link waits for its capture', (await state(page)).link.waiting_for, 'sample.pcapng');
  await screenshot(page, 'drop-to-continue');
  await dropFile(page, 'sample.pcapng', readFileSync(SAMPLE));
  await waitForCapture(page, 'sample.pcapng');
  await page.waitForFunction((f) => {
    const s = window.caplens.state();
    return s.filter === f && !s.filter_running && s.link.restoring.length === 0;
  }, FILTER, { timeout: 30000 });
  await frames(page, 6);
  const s = await state(page);
  checkView('the same file dropped on the link', s);
  checkEqual('... and nothing to warn about', s.link.problem, '');
  await screenshot(page, 'view-restored');
  await page.close();
}

async function otherFile(browser, link, problems) {
  const other = path.join(scratch, 'sample.pcapng');  // same name, other content: the DNS frames only
  const run = cli(['export', SAMPLE, '-w', other, '-Y', 'dns']);
  if (run.status !== 0) fatal(`caplens export failed: ${run.stderr}`);
  const page = await openLink(browser, link, problems);
  await dropFile(page, 'sample.pcapng', readFileSync(other));
  await waitForCapture(page, 'sample.pcapng');
  await page.waitForFunction(() => window.caplens.state().link.problem !== '', null, { timeout: 10000 });
  const s = await state(page);
  check('another file is opened with a warning', s.link.problem.startsWith(
    'sample.pcapng is not the capture this link was made for (it has'), s.link.problem);
  checkEqual('... and without the link\'s view', [s.filter, s.selected], ['', 0]);
  await screenshot(page, 'other-file-warning');
  await page.close();
}

async function damagedLink(browser, url, problems) {
  const page = await openLink(browser, `${url}#view=1&filter=%zz`, problems);
  const s = await state(page);
  checkEqual('a damaged link is refused with a message', s.link.problem,
    'The link is damaged: a broken %-escape in "filter=%zz".');
  checkEqual('... and waits for nothing', s.link.waiting_for, null);
  await page.close();
}

async function main() {
  mkdirSync(OUTPUT, { recursive: true });
  setScreenshotPrefix('view-link-');
  await runBrowserTest(async ({ browser, url, problems }) => {
    const page = await openInNewPage(browser, url, SAMPLE, problems);
    const link = await copyLink(page);
    await page.close();
    await sameFile(browser, link, problems);
    await otherFile(browser, link, problems);
    await damagedLink(browser, url, problems);
  });
}

main().catch((error) => fatal(error.stack || String(error)));
