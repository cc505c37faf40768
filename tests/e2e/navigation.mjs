// navigation.mjs — moving around a capture in headless Chromium (playwright-core): Go to packet
// (Ctrl+G) and the display-filter history.
//
//   node tests/e2e/navigation.mjs   (after building build/native and build/wasm; scripts/test.sh does)
//
// On the bundled sample: Ctrl+G opens the bar, a frame number + Enter selects that frame and
// shows the packet list; a number past the end and a frame the filter hides get a message and
// select nothing. Every applied filter goes to the top of the history (no repeats); picking one
// from the history applies it and the list shows `caplens filter --count` frames.
import { mkdirSync } from 'node:fs';
import {
  OUTPUT, SAMPLE, applyFilter, check, checkEqual, clickAndSettle, cliCount, fatal, frames, openInNewPage, runBrowserTest,
  screenshot, setScreenshotPrefix, state, waitForFilter,
} from './harness.mjs';

// Ctrl+G, the number, Enter; returns the state after.
async function goTo(page, number) {
  await page.keyboard.press('Control+g');
  await frames(page, 4);
  const opened = (await state(page)).go_to;
  check(`Ctrl+G opens Go to packet (for ${number})`, opened && opened.open === true);
  await page.keyboard.type(String(number), { delay: 5 });
  await page.keyboard.press('Enter');
  await frames(page, 6);
  return state(page);
}

async function goToTests(page) {
  const frameCount = (await state(page)).frames;
  let s = await goTo(page, 17);
  checkEqual('Go to packet 17 selects frame 17', s.selected, 17);
  checkEqual('... and shows the packet list', s.view, 'packets');
  check('... and closes the bar', s.go_to.open === false);
  await screenshot(page, 'go-to-17');

  s = await goTo(page, frameCount + 5);
  check('a number past the end is explained', s.go_to.open && s.go_to.error.includes(`has ${frameCount}`), s.go_to.error);
  checkEqual('... and selects nothing else', s.selected, 17);
  await screenshot(page, 'go-to-past-the-end');
  await page.keyboard.press('Escape');
  await frames(page, 4);
  check('Esc closes the bar', (await state(page)).go_to.open === false);

  s = await applyFilter(page, 'dns');
  const hidden = cliCount(SAMPLE, 'frame.number == 17 && !dns') === 1;
  check('frame 17 is not DNS (the next check relies on it)', hidden);
  s = await goTo(page, 17);
  check('a frame the filter hides is explained', s.go_to.open && s.go_to.error.includes('hidden'), s.go_to.error);
  await page.keyboard.press('Escape');
  await frames(page, 4);
}

async function historyTests(page) {
  await applyFilter(page, 'tcp.port == 8080');
  await applyFilter(page, 'dns');  // again: moves to the top, no repeat
  let s = await state(page);
  checkEqual('the history lists applied filters, most recent first, without repeats', s.filter_history,
    ['dns', 'tcp.port == 8080']);
  await clickAndSettle(page, 'filter.history');
  await screenshot(page, 'filter-history');
  await clickAndSettle(page, 'filter.history.1');
  s = await waitForFilter(page, 'tcp.port == 8080');
  checkEqual('picking a filter from the history applies it', s.displayed, cliCount(SAMPLE, 'tcp.port == 8080'));
  checkEqual('... and moves it to the top', s.filter_history, ['tcp.port == 8080', 'dns']);
}

async function main() {
  mkdirSync(OUTPUT, { recursive: true });
  setScreenshotPrefix('navigation-');
  await runBrowserTest(async ({ browser, url, problems }) => {
    const page = await openInNewPage(browser, url, SAMPLE, problems);
    await goToTests(page);
    await historyTests(page);
  });
}

main().catch((error) => fatal(error.stack || String(error)));
