// follow.mjs — Follow TCP/UDP Stream in headless Chromium (playwright-core): right-click a
// packet of the bundled sample, Follow TCP Stream; the window shows the stream `caplens follow`
// computes (the same JSON), the list shows `tcp.stream eq N`'s frames; the same for a DNS
// packet's UDP stream; the hex view.
//
//   node tests/e2e/follow.mjs   (after building build/native and build/wasm; scripts/test.sh does)
import { mkdirSync } from 'node:fs';
import {
  OUTPUT, SAMPLE, check, checkEqual, clickAndSettle, cliCount, cliJson, fatal, frames, openInNewPage,
  runBrowserTest, screenshot, setScreenshotPrefix, state, waitForFilter,
} from './harness.mjs';

async function follow(page, row, protocol, stream) {
  await clickAndSettle(page, 'tab.packets');
  await clickAndSettle(page, 'filter.clear');
  await clickAndSettle(page, `packets.row.${row}`, { button: 'right' });
  await clickAndSettle(page, 'packets.menu.follow');
  const filter = `${protocol}.stream eq ${stream}`;
  const s = await waitForFilter(page, filter);
  await page.waitForFunction(() => window.caplens.state().follow.result !== null, null, { timeout: 30000 });
  const f = (await state(page)).follow;
  checkEqual(`frame ${row}: Follow opens the ${protocol.toUpperCase()} stream`, [f.open, f.protocol, f.stream],
    [true, protocol, stream]);
  checkEqual(`... applies ${filter}`, s.displayed, cliCount(SAMPLE, filter));
  checkEqual('... and shows what caplens follow computes', f.result,
    cliJson(['follow', SAMPLE, protocol, String(stream), '--json']));
  check('... as lines of text', f.lines > 0, `${f.lines} lines`);
  return f;
}

async function main() {
  mkdirSync(OUTPUT, { recursive: true });
  setScreenshotPrefix('follow-');
  await runBrowserTest(async ({ browser, url, problems }) => {
    const page = await openInNewPage(browser, url, SAMPLE, problems);
    await follow(page, 5, 'tcp', 0);
    await screenshot(page, 'tcp-ascii');
    await clickAndSettle(page, 'follow.mode.hex');
    await frames(page, 4);
    checkEqual('the hex view', (await state(page)).follow.mode, 'hex');
    await screenshot(page, 'tcp-hex');
    await clickAndSettle(page, 'follow.mode.ascii');
    await follow(page, 1, 'udp', 0);
    await screenshot(page, 'udp');
  });
}

main().catch((error) => fatal(error.stack || String(error)));
