// export.mjs — Export Specified Packets in headless Chromium (playwright-core): the dialog
// writes the chosen frames in the page and the browser downloads them; the downloaded file must
// be byte for byte what `caplens export` writes for the same frames and format.
//
//   node tests/e2e/export.mjs   (after building build/native and build/wasm; scripts/test.sh does)
//
// On the bundled sample: the displayed frames of a filter (pcapng, the sample's own format), a
// range of the captured frames as pcap, the selected packet only, and a range that is not one
// (a message, no download).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  OUTPUT, SAMPLE, applyFilter, check, checkEqual, cli, clickAndSettle, cliCount, fatal, frames, openInNewPage,
  runBrowserTest, screenshot, setScreenshotPrefix, state,
} from './harness.mjs';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'caplens-export-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));  // runBrowserTest exits

// `caplens export SAMPLE -w OUT -F format [-Y filter]`'s bytes.
function cliExport(filter, format) {
  const out = path.join(scratch, `cli-${format}.out`);
  const run = cli(['export', SAMPLE, '-w', out, '-F', format, ...(filter ? ['-Y', filter] : [])]);
  if (run.status !== 0) fatal(`caplens export failed (${run.status}): ${run.stderr}`);
  return readFileSync(out);
}

// Clicks Export and returns the downloaded file's name and bytes.
async function exportAndDownload(page) {
  const download = page.waitForEvent('download', { timeout: 60000 });
  await clickAndSettle(page, 'export.go');
  const file = await download;
  const bytes = readFileSync(await file.path());
  await page.waitForFunction(() => window.caplens.state().export.last !== null, null, { timeout: 10000 });
  return { name: file.suggestedFilename(), bytes, state: (await state(page)).export };
}

function sameBytes(what, actual, expected) {
  check(what, Buffer.compare(actual, expected) === 0, `${actual.length} bytes, caplens export ${expected.length}`);
}

async function displayedFrames(page) {
  const filter = 'dns || tcp.flags.syn == 1';
  await applyFilter(page, filter);
  await clickAndSettle(page, 'menu.export');
  let s = (await state(page)).export;
  check('Export opens the dialog', s && s.open === true);
  checkEqual('... proposing the displayed frames when a filter is applied', s.packets, 'displayed');
  checkEqual('... in the capture\'s own format', s.format, 'pcapng');
  await screenshot(page, 'export-dialog');
  const got = await exportAndDownload(page);
  checkEqual('the download is named after the capture', got.name, 'sample-export.pcapng');
  checkEqual('it holds the displayed frames', got.state.last.frames, cliCount(SAMPLE, filter));
  sameBytes('its bytes are caplens export -Y\'s', got.bytes, cliExport(filter, 'pcapng'));
  await screenshot(page, 'export-done');
}

async function capturedRangeAsPcap(page) {
  await clickAndSettle(page, 'export.captured');
  await clickAndSettle(page, 'export.range.text');
  await page.keyboard.type('1-10, 20, 25-', { delay: 5 });
  await clickAndSettle(page, 'export.format.pcap');
  const s = (await state(page)).export;
  checkEqual('typing a range chooses it', s.range, 'range');
  const got = await exportAndDownload(page);
  checkEqual('the range exports through its frame-number set', got.state.filter, 'frame.number in {1..10, 20, 25..28}');
  checkEqual('a pcap download is named .pcap', got.name, 'sample-export.pcap');
  sameBytes('a range of the captured frames as pcap is caplens export\'s', got.bytes,
    cliExport('frame.number in {1..10, 20, 25..28}', 'pcap'));
}

async function selectedOnly(page) {
  await page.keyboard.press('Control+g');
  await frames(page, 4);
  await page.keyboard.type('17', { delay: 5 });
  await page.keyboard.press('Enter');
  await frames(page, 6);
  checkEqual('frame 17 is selected (Go to packet)', (await state(page)).selected, 17);
  await clickAndSettle(page, 'menu.export');
  await clickAndSettle(page, 'export.captured');
  await clickAndSettle(page, 'export.range.selected');
  const got = await exportAndDownload(page);
  checkEqual('the selected packet only: one frame', got.state.last.frames, 1);
  sameBytes('... the bytes of caplens export -Y frame.number == 17', got.bytes,
    cliExport('frame.number == 17', 'pcap'));
}

async function badRange(page) {
  await clickAndSettle(page, 'export.range.text');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('12x', { delay: 5 });
  await frames(page, 2);
  let downloaded = false;
  const listener = () => { downloaded = true; };
  page.on('download', listener);
  await clickAndSettle(page, 'export.go');
  await frames(page, 10);
  page.off('download', listener);
  const s = (await state(page)).export;
  check('a range that is not one is explained', s.error.includes('"12x" is not a packet number'), s.error);
  check('... and nothing is downloaded', !downloaded && s.last === null);
  await screenshot(page, 'export-bad-range');
}

async function main() {
  mkdirSync(OUTPUT, { recursive: true });
  setScreenshotPrefix('export-');
  await runBrowserTest(async ({ browser, url, problems }) => {
    const page = await openInNewPage(browser, url, SAMPLE, problems);
    await clickAndSettle(page, 'tab.packets');
    await displayedFrames(page);
    await capturedRangeAsPcap(page);
    await selectedOnly(page);
    await badRange(page);
  });
}

main().catch((error) => fatal(error.stack || String(error)));
