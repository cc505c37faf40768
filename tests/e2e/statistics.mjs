// statistics.mjs — the Statistics menu's windows in headless Chromium (playwright-core).
//
//   node tests/e2e/statistics.mjs   (after building build/native and build/wasm; scripts/test.sh does)
//
// On the bundled sample and, when ../shared is present, on a corpus capture with TCP, UDP, DNS
// and SMB: every window of the menu opens (state().windows names it) and shows the rows of the
// CLI's statistics for the same file (`caplens conv|endpoints|rtt|expert|iograph --json`), in
// the same order with the same filters; a click on a conversation row, an endpoint row, a
// destination row and an I/O graph interval applies that filter and the packet list shows
// `caplens filter -Y ... --count` frames; "Limit to display filter" gives `caplens conv -Y`'s rows.
// A screenshot per window goes to tests/e2e/output/.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  OUTPUT, SAMPLE, SHARED, check, checkEqual, clickAndSettle, cliCount, cliJson, fatal, frames, openInNewPage,
  runBrowserTest, screenshot, setScreenshotPrefix, state, waitForFilter,
} from './harness.mjs';

const CORPUS_CAPTURE = path.join(SHARED, 'wswiki__smb-on-windows-10.pcapng');

const WINDOWS = ['protocol_hierarchy', 'conversations', 'endpoints', 'destinations', 'all_addresses',
  'ip_protocol_types', 'packet_lengths', 'handshakes', 'io_graph', 'expert'];

async function openWindow(page, name) {
  await clickAndSettle(page, 'menu.statistics');
  await clickAndSettle(page, `menu.statistics.${name}`);
  const s = await state(page);
  check(`${name}: the window is open`, s.windows.includes(name));
  return s;
}

// The table state of window `name` once its tab `tab` is shown.
async function showTab(page, name, tab) {
  await clickAndSettle(page, `table.${name}.tab.${tab}`);
  const s = await state(page);
  const table = s[`table.${name}`];
  check(`${name}: tab ${tab} is shown`, table && table.tab === tab);
  return table;
}

// Rows of a window equal the CLI's: count, and the filters of the first rows in order.
function compareRows(what, table, cliRows) {
  checkEqual(`${what}: ${cliRows.length} rows as the CLI`, table.rows, cliRows.length);
  checkEqual(`${what}: the first rows' filters are the CLI's, in its order`,
    table.first_rows.map((r) => r.filter), cliRows.slice(0, table.first_rows.length).map((r) => r.filter));
}

// A click on row `index` applies its filter; the list shows what `caplens filter --count` counts.
async function clickRow(page, file, name, index) {
  const table = (await state(page))[`table.${name}`];
  const row = table && table.first_rows[index];
  if (!check(`${name}: row ${index} exists`, Boolean(row))) return null;
  await clickAndSettle(page, `table.${name}.row.${index}`);
  const s = await waitForFilter(page, row.filter);
  checkEqual(`${name}: row ${index} applied "${row.filter}" and shows caplens filter's count`, s.displayed,
    cliCount(file, row.filter));
  checkEqual(`${name}: the packet list is shown`, s.view, 'packets');
  return { row, s };
}

// "Limit to display filter" with `filter` applied: the TCP conversations of the displayed frames
// are `caplens conv -Y filter`'s; turned off, every frame's again.
async function limitToFilterTests(page, file, filter) {
  await clickAndSettle(page, 'table.conversations.limit');
  await page.waitForFunction(() => {
    const t = window.caplens.state()['table.conversations'];
    return t && t.limited && !window.caplens.state().filter_running;
  }, null, { timeout: 120000, polling: 50 });
  await frames(page, 4);
  const limited = (await state(page))['table.conversations'];
  compareRows(`conversations limited to "${filter}"`, limited,
    cliJson(['conv', file, '--type', 'tcp', '-Y', filter, '--json']).conversations);
  await screenshot(page, 'conversations-limited');
  await clickAndSettle(page, 'table.conversations.limit');
  checkEqual('the limit turned off shows every conversation again', (await state(page))['table.conversations'].limited,
    false);
}

async function statisticsTests(browser, url, file, problems) {
  const page = await openInNewPage(browser, url, file, problems);
  console.log(`-- ${path.basename(file)}`);

  // Conversations: TCP and UDP tabs equal `caplens conv`; a row click filters its frames.
  await openWindow(page, 'conversations');
  const tcp = cliJson(['conv', file, '--type', 'tcp', '--json']).conversations;
  compareRows('conversations (TCP)', await showTab(page, 'conversations', 'tcp'), tcp);
  await screenshot(page, 'conversations-tcp');
  const clicked = await clickRow(page, file, 'conversations', 0);
  if (clicked) checkEqual('conversations: the row counts as many packets', clicked.s.displayed, tcp[0].frames);
  if (clicked) await limitToFilterTests(page, file, clicked.row.filter);
  compareRows('conversations (UDP)', await showTab(page, 'conversations', 'udp'),
    cliJson(['conv', file, '--type', 'udp', '--json']).conversations);

  // Endpoints (IPv4) equal `caplens endpoints --type ip`.
  await openWindow(page, 'endpoints');
  compareRows('endpoints (IPv4)', await showTab(page, 'endpoints', 'ipv4'),
    cliJson(['endpoints', file, '--type', 'ip', '--json']).endpoints);
  await screenshot(page, 'endpoints-ipv4');
  await clickRow(page, file, 'endpoints', 0);

  // Handshakes and expert information: one row per handshake / entry of the CLI.
  await openWindow(page, 'handshakes');
  const rtt = cliJson(['rtt', file, '--json']);
  checkEqual('handshakes: one row per handshake of caplens rtt', (await state(page))['table.handshakes'].rows,
    rtt.handshakes.length);
  await screenshot(page, 'handshakes');
  await openWindow(page, 'expert');
  checkEqual('expert: one row per entry of caplens expert', (await state(page))['table.expert'].rows,
    cliJson(['expert', file, '--json']).entries.length);
  await screenshot(page, 'expert');

  // The trees: a destination's row selects its frames.
  for (const tree of ['protocol_hierarchy', 'destinations', 'all_addresses', 'ip_protocol_types', 'packet_lengths']) {
    const s = await openWindow(page, tree);
    check(`${tree}: rows are shown`, s[`table.${tree}`] && s[`table.${tree}`].rows > 0);
    await screenshot(page, tree.replaceAll('_', '-'));
  }
  await openWindow(page, 'destinations');
  await clickRow(page, file, 'destinations', 1);

  // The I/O graph: one point per second of `caplens iograph`; a click shows that second's frames.
  let s = await openWindow(page, 'io_graph');
  const io = cliJson(['iograph', file, '--json']);
  checkEqual('io_graph: as many one-second points as caplens iograph', s.io_graph && s.io_graph.points, io.intervals);
  checkEqual('io_graph: its peak is the CLI\'s', s.io_graph && s.io_graph.peak, Math.max(...io.series[0].frames));
  await screenshot(page, 'io-graph');
  await clickAndSettle(page, 'io_graph.plot');
  s = await state(page);
  check('io_graph: a click applies the interval\'s filter', s.filter.startsWith('frame.time_relative >= '),
    s.filter);
  if (s.filter) {
    s = await waitForFilter(page, s.filter);
    checkEqual('io_graph: the interval shows caplens filter\'s count', s.displayed, cliCount(file, s.filter));
  }
  s = await state(page);
  checkEqual('every window of the menu is open', [...s.windows].sort(), [...WINDOWS].sort());
  await screenshot(page, 'all-windows');
  await page.close();
}

async function main() {
  mkdirSync(OUTPUT, { recursive: true });
  setScreenshotPrefix('statistics-');
  const files = [SAMPLE];
  if (existsSync(CORPUS_CAPTURE)) files.push(CORPUS_CAPTURE);
  else console.log(`(../shared is absent: only the bundled sample; ${CORPUS_CAPTURE} not found)`);
  await runBrowserTest(async ({ browser, url, problems }) => {
    for (const file of files) await statisticsTests(browser, url, file, problems);
  });
}

main().catch((error) => fatal(error.stack || String(error)));
