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
//  - the analyzer (after the capture-info checks, on a fresh page): the summary's figures equal
//    `caplens rtt/phs/dests --json`; a click on a port row applies `tcp.port == N` and the
//    packet list shows `caplens filter -Y ... --count` frames; row 1's columns and the details
//    tree's roots equal the CLI's (`caplens fields`, `caplens frame N --json`, tshark's
//    reference columns); a SYN's Syn bit → Apply as Filter; a byte click selects its field;
//    Copy value; a bad filter shows the CLI's error and column; keyboard navigation; and on a
//    generated capture of a million frames: first-pass frames/s, filter pass time, and the
//    packet list's frame times while scrolling;
//  - the page makes no request to any other origin, and logs no error.
// A screenshot per step goes to tests/e2e/output/. Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CLI, OUTPUT, ROOT, SAMPLE, SHARED, SITE, check, checkEqual, cli, cliCount, cliJson, clickTarget, compareWithCli,
  dropFile, fatal, frames, launchBrowser, reportAndExit, screenshot, startServer, state, waitForCapture, waitForFilter,
  waitForReady, watchForProblems,
} from './harness.mjs';
import { syntheticPcap } from './synthetic_pcap.mjs';

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


// A pcap of `count` small frames (Ethernet/IPv4/TCP or UDP, 60 bytes each, every 50th a SYN,
// every 400th a RST): a packet list of a million rows.
function manyFramesPcap(count) {
  const recordLength = 16 + 60;
  const out = Buffer.alloc(24 + count * recordLength);
  out.writeUInt32LE(0xa1b2c3d4, 0);
  out.writeUInt16LE(2, 4);
  out.writeUInt16LE(4, 6);
  out.writeUInt32LE(65535, 16);
  out.writeUInt32LE(1, 20);
  let offset = 24;
  for (let i = 0; i < count; ++i) {
    const micros = i * 100;
    out.writeUInt32LE(1700000000 + Math.floor(micros / 1e6), offset);
    out.writeUInt32LE(micros % 1e6, offset + 4);
    out.writeUInt32LE(60, offset + 8);
    out.writeUInt32LE(60, offset + 12);
    const f = offset + 16;
    out.fill(0x02, f, f + 12);
    out.writeUInt16BE(0x0800, f + 12);
    out[f + 14] = 0x45;
    out.writeUInt16BE(46, f + 16);
    out[f + 22] = 64;                                  // TTL
    const tcp = i % 4 !== 3;
    out[f + 23] = tcp ? 6 : 17;
    out.writeUInt32BE(0x0a000001 + (i % 7), f + 26);   // 10.0.0.1..7
    out.writeUInt32BE(0x0a000101 + (i % 3), f + 30);   // 10.0.1.1..3
    const t = f + 34;
    out.writeUInt16BE(40000 + (i % 50), t);
    out.writeUInt16BE([443, 80, 111][i % 3], t + 2);
    if (tcp) {
      out.writeUInt32BE(i, t + 4);
      out[t + 12] = 0x50;
      out[t + 13] = i % 400 === 0 ? 0x04 : i % 50 === 0 ? 0x02 : 0x10;
      out.writeUInt16BE(1024, t + 14);
    } else {
      out.writeUInt16BE(26, t + 4);
    }
    offset += recordLength;
  }
  return out;
}

// `arrow`: on the left end of the rectangle (a tree node's open/close arrow).
async function clickAt(page, id, { button = 'left', clickCount = 1, quiet = false, arrow = false } = {}) {
  let s = await state(page);
  let rect = s.targets && s.targets[id];
  // A details-tree node may lie outside the pane's visible part: scroll the pane to it.
  const pane = s.targets && s.targets['pane.details'];
  for (let i = 0; rect && pane && id.startsWith('details.') && i < 20; ++i) {
    const top = rect[1] - pane[1];
    if (top >= 4 && rect[1] + rect[3] <= pane[1] + pane[3] - 4) break;
    const where = await page.locator('#canvas').boundingBox();
    await page.mouse.move(where.x + pane[0] + pane[2] / 2, where.y + pane[1] + pane[3] / 2);
    await page.mouse.wheel(0, top - pane[3] / 3);
    await frames(page, 4);
    s = await state(page);
    rect = s.targets && s.targets[id];
  }
  if (!quiet && !check(`target ${id} is published`, Array.isArray(rect))) return false;
  if (!rect) return false;
  const box = await page.locator('#canvas').boundingBox();
  const x = box.x + rect[0] + (arrow ? 9 : rect[2] / 2);
  const y = box.y + rect[1] + rect[3] / 2;
  await page.mouse.move(x, y);
  await frames(page, 2);
  await page.mouse.click(x, y, { button, clickCount });
  await frames(page, 3);
  return true;
}

// Types `text` into the filter bar and presses Enter; waits for the filter pass to finish.
async function typeFilter(page, text, { enter = true, timeout = 120000 } = {}) {
  await clickAt(page, 'filter.input', { quiet: true });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await frames(page, 2);
  if (text) await page.keyboard.type(text, { delay: 5 });
  await frames(page, 2);
  if (!enter) return state(page);
  await page.keyboard.press('Enter');
  return waitForFilter(page, text, timeout);
}

async function openByChooser(page, file) {
  const chooser = page.waitForEvent('filechooser', { timeout: 10000 });
  await clickAt(page, 'toolbar.open_file', { quiet: true });
  await (await chooser).setFiles(file);
  return waitForCapture(page, path.basename(file), 180000);
}

// Depth-first (name, frames, bytes) of `caplens phs --json`'s tree.
function flattenPhs(nodes, depth = 0, out = []) {
  for (const n of nodes) {
    out.push({ name: n.name, depth, frames: n.frames, bytes: n.bytes });
    flattenPhs(n.children || [], depth + 1, out);
  }
  return out;
}

// Waits until the list is sorted by `column` in the given direction (the order computed).
async function waitForSort(page, column, ascending) {
  await page.waitForFunction(({ column, ascending }) => {
    const sort = window.caplens.state().sort;
    return sort && sort.column === column && sort.ascending === ascending && !sort.running;
  }, { column, ascending }, { timeout: 60000 });
  await frames(page, 4);
  return state(page);
}

// Column sorts and time formats on the sample, against `caplens fields` (No., length, epoch
// time) and `caplens filter` (the displayed frames for "since previous displayed").
async function sortAndTimeFormatTests(page) {
  const table = cli(['fields', SAMPLE, '-e', 'frame.number', '-e', 'frame.len', '-e', 'frame.time_epoch'])
    .stdout.trim().split('\n').map((line) => line.split('\t'));
  const frameRows = table.map(([number, length, epoch]) => ({ number: Number(number), length: Number(length), epoch }));
  const visibleNumbers = (s) => s.packet_rows.map((r) => r.number);
  // Stable: ties keep frame order, as Wireshark's list.
  const byLength = (direction) => [...frameRows].sort((a, b) => direction * (a.length - b.length) || a.number - b.number)
    .map((r) => r.number);

  await clickAt(page, 'packets.header.length');
  let s = await waitForSort(page, 'length', true);
  checkEqual('Length header: ascending, ties in frame order (caplens fields frame.len)',
    visibleNumbers(s), byLength(1).slice(0, s.packet_rows.length));
  await screenshot(page, 'packets-sorted-length');
  await clickAt(page, 'packets.header.length');
  s = await waitForSort(page, 'length', false);
  checkEqual('Length header again: descending', visibleNumbers(s), byLength(-1).slice(0, s.packet_rows.length));
  // The Info column is wider than the window: click its header's left end.
  await clickAt(page, 'packets.header.info', { arrow: true });
  s = await waitForSort(page, 'info', true);
  const infos = s.packet_rows.map((r) => r.info);
  check('Info header: the rows in ascending Info order (a pass over the frames)',
    infos.every((info, i) => i === 0 || infos[i - 1] <= info) && s.displayed === s.frames, infos.slice(0, 4).join(' | '));
  await clickAt(page, 'packets.header.number');
  s = await waitForSort(page, 'number', true);
  checkEqual('No. header: back to frame order', visibleNumbers(s).slice(0, 5), [1, 2, 3, 4, 5]);

  // Time formats (right-click the Time header).
  const pickTimeFormat = async (id) => {
    await clickAt(page, 'packets.header.time', { button: 'right' });
    await clickAt(page, `packets.time_format.${id}`);
    await page.waitForFunction((f) => window.caplens.state().packet_list.time_format === f, id, { timeout: 5000 });
    await frames(page, 3);
    return state(page);
  };
  // "1795672184.046634620" -> "2026-11-26 ...:44.046634" (UTC, microseconds, as Wireshark).
  const utc = (epoch) => {
    const [seconds, fraction] = epoch.split('.');
    const iso = new Date(Number(seconds) * 1000).toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction.slice(0, 6)}`;
  };
  s = await pickTimeFormat('utc');
  checkEqual('UTC Date and Time of Day: rows = caplens fields frame.time_epoch in UTC',
    s.packet_rows.slice(0, 5).map((r) => r.time), frameRows.slice(0, 5).map((r) => utc(r.epoch)));
  await screenshot(page, 'packets-time-utc');
  s = await pickTimeFormat('absolute');
  checkEqual('Date and Time of Day: the browser\'s zone (UTC here)', s.packet_rows[0].time, utc(frameRows[0].epoch));
  const displayedFilter = 'tcp';
  s = await typeFilter(page, displayedFilter);
  s = await pickTimeFormat('since_previous_displayed');
  const shown = cli(['filter', SAMPLE, '-Y', displayedFilter]).stdout.trim().split('\n').map(Number);
  const epochNs = (n) => BigInt(frameRows[n - 1].epoch.replace('.', ''));
  const deltas = shown.slice(0, 5).map((n, i) => (i === 0 ? 0n : epochNs(n) - epochNs(shown[i - 1])));
  const seconds = (ns) => `${ns / 1000000000n}.${String((ns % 1000000000n) / 1000n).padStart(6, '0')}`;
  checkEqual(`Seconds Since Previous Displayed Packet, filter "${displayedFilter}"`,
    s.packet_rows.slice(0, 5).map((r) => r.time), deltas.map(seconds));
  await pickTimeFormat('since_start');
  s = await typeFilter(page, '');
  await clickAt(page, 'packets.row.1', { quiet: true });
}

// `?src=<url>`: a capture on the same site opens; another origin is refused without a request
// (the test's request log proves it: every request must go to the page's origin).
async function linkTests(browser, url, problems) {
  const page = await browser.newPage();
  watchForProblems(page, problems);
  await page.goto(`${url}?src=sample.pcapng`);
  await waitForReady(page);
  compareWithCli('?src=sample.pcapng', await waitForCapture(page, 'sample.pcapng'), SAMPLE);
  await page.goto(`${url}?src=${encodeURIComponent('https://captures.invalid/ring/x.pcap')}`);
  await waitForReady(page);
  const s = await waitForCapture(page, 'x.pcap');
  check('?src= of another origin: refused with the reason, nothing fetched',
    s.phase === 'failed' && /only captures on this site/.test(s.error || ''), s.error);
  await screenshot(page, 'link-other-origin');
  await page.close();
}

async function analyzerTests(browser, url, problems, generated) {
  const page = await browser.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium's intervention notice for Emscripten GLFW's wheel handler (it calls
    // preventDefault in a listener Chromium treats as passive) while the test scrolls.
    if (message.text().startsWith('Unable to preventDefault inside passive event listener')) return;
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(url);
  await waitForReady(page);

  // ---- summary of the sample
  await dropFile(page, 'sample.pcapng', readFileSync(SAMPLE));
  let s = await waitForCapture(page, 'sample.pcapng');
  await frames(page, 4);
  s = await state(page);
  checkEqual('after opening, the summary is the first screen', s.view, 'summary');
  checkEqual('the model indexed every frame', s.indexed_frames, s.frames);
  const rtt = cliJson(['rtt', SAMPLE, '--json']);
  checkEqual('summary: capture side = caplens rtt', s.summary.capture_side, rtt.capture_side);
  checkEqual('summary: handshakes = caplens rtt', s.summary.handshakes, rtt.handshakes.length);
  checkEqual('summary: established = caplens rtt',
    s.summary.established, rtt.handshakes.filter((h) => h.outcome === 'established').length);
  const slowestCli = [...rtt.handshakes].filter((h) => h.rtt_s !== null).sort((a, b) => b.rtt_s - a.rtt_s)[0];
  checkEqual('summary: slowest connection = caplens rtt\'s largest RTT',
    [s.summary.slowest[0].client, s.summary.slowest[0].server, s.summary.slowest[0].rtt_s],
    [slowestCli.client, slowestCli.server, slowestCli.rtt_s]);
  const phs = flattenPhs(cliJson(['phs', SAMPLE, '--json']).protocols);
  checkEqual('summary: protocol hierarchy = caplens phs --json',
    s.summary.protocols.map((p) => [p.name, p.depth, p.frames, p.bytes]), phs.map((p) => [p.name, p.depth, p.frames, p.bytes]));
  const dests = cliJson(['dests', SAMPLE, '--json']).destinations;
  checkEqual('summary: top destination = caplens dests',
    [s.summary.destinations[0].label, s.summary.destinations[0].frames], [dests[0].address, dests[0].frames]);
  await screenshot(page, 'summary-sample');

  // ---- a click on a port row applies its filter and shows the packet list
  const port = s.summary.ports[0];
  const portTarget = `summary.port.${port.label.toLowerCase().replace(' ', '.')}`;
  if (await clickAt(page, portTarget)) {
    s = await waitForFilter(page, port.filter);
    checkEqual(`port row ${port.label} applies "${port.filter}"`, s.filter, port.filter);
    checkEqual('... and shows the packet list', s.view, 'packets');
    checkEqual(`displayed = caplens filter -Y "${port.filter}" --count`, s.displayed, cliCount(SAMPLE, port.filter));
    await screenshot(page, 'packets-port-filter');
  }

  // ---- clear the filter: every frame; row 1 and its details equal the CLI's
  await clickAt(page, 'filter.clear');
  s = await waitForFilter(page, '');
  checkEqual('cleared filter: every frame displayed', s.displayed, s.frames);
  const fields = cli(['fields', SAMPLE, '-e', 'ip.src', '-e', 'ip.dst', '-e', 'frame.len']).stdout.split('\n')[0].split('\t');
  const row1 = s.packet_rows[0];
  checkEqual('row 1: Source, Destination, Length = caplens fields ip.src ip.dst frame.len',
    [row1.source, row1.destination, String(row1.length)], fields);
  check('row 1: Time 0.000000, Protocol DNS, Info "Standard query ..."',
    row1.time === '0.000000' && row1.protocol === 'DNS' && row1.info.startsWith('Standard query'), JSON.stringify(row1));
  check('rows are coloured by Wireshark\'s rules (DNS/UDP: "UDP", SYN: "TCP SYN/FIN")',
    row1.color === 'UDP' && s.packet_rows.find((r) => r.info.includes('[SYN]')).color === 'TCP SYN/FIN');
  await clickAt(page, 'packets.row.1');
  await page.waitForFunction(() => { const d = window.caplens.state().details; return d && d.frame === 1; }, null, { timeout: 10000 });
  s = await state(page);
  const tree = cliJson(['frame', SAMPLE, '1', '--json']);
  checkEqual('details of frame 1: roots = caplens frame 1 --json', s.details.roots, tree.map((n) => n.name));
  checkEqual('selected frame 1', s.selected, 1);
  await sortAndTimeFormatTests(page);

  // ---- a byte click selects its field; the field's bytes are highlighted
  await clickAt(page, 'bytes.12');
  s = await state(page);
  checkEqual('clicking byte 12 selects eth.type (offset 12, 2 bytes)',
    [s.details.selected && s.details.selected.abbrev, s.bytes.highlight], ['eth.type', [12, 2]]);
  await screenshot(page, 'packets-byte-selected');

  // ---- keyboard: Down moves the selection
  await clickAt(page, 'packets.row.2', { quiet: true });
  await page.keyboard.press('ArrowDown');
  await frames(page, 3);
  checkEqual('ArrowDown selects the next frame', (await state(page)).selected, 3);

  // ---- a SYN: open TCP, then its flags; Apply as Filter on the Syn bit
  const synFilter = 'tcp.flags.syn == 1 && tcp.flags.ack == 0';
  s = await typeFilter(page, synFilter);
  checkEqual(`typed "${synFilter}": displayed = caplens filter --count`, s.displayed, cliCount(SAMPLE, synFilter));
  const synNumber = s.packet_rows[0].number;
  await clickAt(page, `packets.row.${synNumber}`);
  await page.waitForFunction((n) => { const d = window.caplens.state().details; return d && d.frame === n; }, synNumber, { timeout: 10000 });
  await clickAt(page, 'details.tcp', { arrow: true });
  await clickAt(page, 'details.tcp.flags', { arrow: true });
  if (await clickAt(page, 'details.tcp.flags.syn', { button: 'right' })) {
    await screenshot(page, 'packets-field-menu');
    await clickAt(page, 'menu.apply');
    s = await waitForFilter(page, 'tcp.flags.syn == 1');
    checkEqual('Apply as Filter on the Syn bit: "tcp.flags.syn == 1" (Wireshark\'s)', s.filter, 'tcp.flags.syn == 1');
    checkEqual('... displayed = caplens filter --count', s.displayed, cliCount(SAMPLE, 'tcp.flags.syn == 1'));
  }

  // ---- Copy value of a field
  await clickAt(page, `packets.row.${s.packet_rows[0].number}`, { quiet: true });
  await frames(page, 4);
  await clickAt(page, 'details.ip', { arrow: true });
  if (await clickAt(page, 'details.ip.src', { button: 'right' })) {
    await clickAt(page, 'menu.copy_value');
    checkEqual('Copy value of ip.src', (await state(page)).clipboard, '127.0.0.1');
  }

  // ---- the packets screen in the light theme
  if (await clickAt(page, 'toolbar.theme')) {
    await frames(page, 4);
    await screenshot(page, 'packets-light');
    await clickAt(page, 'tab.summary', { quiet: true });
    await frames(page, 4);
    await screenshot(page, 'summary-light');
    await clickAt(page, 'toolbar.theme', { quiet: true });
    await clickAt(page, 'tab.packets', { quiet: true });
  }

  // ---- a bad filter: red, with the CLI's message and column
  const applied = (await state(page)).filter;
  s = await typeFilter(page, 'tcp.prt == 1', { enter: false });
  await frames(page, 3);
  s = await state(page);
  const bad = cli(['filter', SAMPLE, '-Y', 'tcp.prt == 1', '--count']).stderr.match(/column (\d+): (.*)/);
  checkEqual('bad filter: message and column = caplens filter\'s',
    s.filter_error && [s.filter_error.column, s.filter_error.message], [Number(bad[1]), bad[2]]);
  await screenshot(page, 'filter-error');
  await page.keyboard.press('Enter');
  await frames(page, 3);
  checkEqual('Enter on a bad filter applies nothing', (await state(page)).filter, applied);

  // ---- a capture cut by the snap length: the banner
  // (made like Azure Network Watcher's "maximum bytes per packet = 34": editcap -s 34)
  const cut = path.join(OUTPUT, 'simple_http-snap34.pcap');
  const source = path.join(SHARED, 'filesamples__simple_http.pcap');
  const snapCapture = existsSync(source) && spawnSync('editcap', ['-s', '34', source, cut]).status === 0 ? cut : null;
  if (snapCapture) {
    s = await openByChooser(page, snapCapture);
    check('snap-length capture: summary counts the cut frames', s.summary.truncated_frames === s.truncated_frames && s.truncated_frames > 0);
    await screenshot(page, 'summary-snaplen');
  }

  // ---- shared captures: summary, then row columns against tshark's reference
  const http = path.join(SHARED, 'filesamples__simple_http.pcap');
  const reference = path.join(ROOT, '../shared/captures/reference/filesamples__simple_http.pcap/packets.tsv');
  if (existsSync(http) && existsSync(reference)) {
    s = await openByChooser(page, http);
    await clickAt(page, 'tab.packets');
    await frames(page, 6);
    s = await state(page);
    const lines = readFileSync(reference, 'utf8').trim().split('\n');
    const header = lines[0].split('\t');
    const col = (name) => header.indexOf(name);
    const expected = lines.slice(1, 1 + s.packet_rows.length).map((l) => l.split('\t'))
      .map((f) => [Number(f[0]), f[col('ip.src')], f[col('ip.dst')], Number(f[col('frame.len')]), f[col('_ws.col.Protocol')]]);
    checkEqual(`simple_http: ${expected.length} visible rows' No., Source, Destination, Length, Protocol = tshark's`,
      s.packet_rows.map((r) => [r.number, r.source, r.destination, r.length, r.protocol]), expected);
    await screenshot(page, 'packets-simple-http');
  }
  const bittorrent = path.join(SHARED, 'ndpi__bittorrent.pcap');
  if (existsSync(bittorrent)) {
    s = await openByChooser(page, bittorrent);
    await frames(page, 4);
    s = await state(page);
    check('bittorrent capture: bittorrent is flagged in the summary', s.summary.flagged.some((f) => f.name === 'bittorrent'));
    await screenshot(page, 'summary-bittorrent');
    if (await clickAt(page, 'summary.flag.bittorrent')) {
      s = await waitForFilter(page, 'bittorrent');
      checkEqual('flagged bittorrent → filter "bittorrent": displayed = caplens filter --count', s.displayed, cliCount(bittorrent, 'bittorrent'));
    }
  }

  // ---- Esc while a million frames are read: the frames so far stay, with the reason
  {
    const chooser = page.waitForEvent('filechooser', { timeout: 10000 });
    await clickAt(page, 'toolbar.open_file', { quiet: true });
    await (await chooser).setFiles(generated.million);
    await page.waitForFunction(() => { const t = window.caplens.state(); return t.phase === 'reading' && t.frames > 20000; },
      null, { timeout: 180000, polling: 50 });
    await page.keyboard.press('Escape');
    s = await waitForCapture(page, path.basename(generated.million));
    check('Esc while reading stops it: some frames, not all, and the reason',
      s.phase === 'failed' && s.frames > 20000 && s.frames < 1000000 && s.error === 'reading cancelled (Esc)',
      `${s.phase}, ${s.frames} frames, ${s.error}`);
    await screenshot(page, 'reading-cancelled');
    // Another file in between, so that waiting for the million frames below cannot mistake
    // this cancelled session (same name, finished) for the new one.
    await clickAt(page, 'toolbar.open_sample', { quiet: true });
    await waitForCapture(page, 'sample.pcapng');
  }

  // ---- a million frames: first pass, filter pass, scrolling
  s = await openByChooser(page, generated.million);
  checkEqual('1M frames: indexed', s.indexed_frames, 1000000);
  const openRate = Math.round(s.frames / s.open_seconds);
  console.log(`      1M frames: first pass ${s.open_seconds.toFixed(2)} s = ${openRate} frames/s in the page`);
  await screenshot(page, 'summary-1m');
  await clickAt(page, 'tab.packets');
  await frames(page, 6);
  await clickAt(page, 'packets.row.1');  // the list takes the keyboard focus
  // Scroll with the mouse wheel over the list while recording each animation frame's duration.
  const box = await page.locator('#canvas').boundingBox();
  await page.mouse.move(box.x + 600, box.y + 250);
  await page.evaluate(() => {
    window.__frameTimes = [];
    let last = performance.now();
    const tick = (now) => { window.__frameTimes.push(now - last); last = now; if (window.__frameTimes.length < 100000) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  for (let i = 0; i < 60; ++i) {
    await page.mouse.wheel(0, 2400);
    await page.waitForTimeout(16);
  }
  // A jump to the far end (the clipper formats only the visible rows).
  await page.keyboard.press('End');
  await frames(page, 10);
  const times = await page.evaluate(() => { const t = window.__frameTimes.slice(2); window.__frameTimes = [100000]; return t; });
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(`      1M frames, scrolling: ${times.length} frames, mean ${mean.toFixed(1)} ms (${(1000 / mean).toFixed(0)} fps), ` +
    `median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)].toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms`);
  s = await state(page);
  checkEqual('1M frames: End selects the last frame', s.selected, 1000000);
  check('1M frames: the list scrolled to its end and shows the last rows',
    s.packet_rows.some((r) => r.number === 1000000), `first visible ${s.packet_list.first_visible}`);
  await screenshot(page, 'packets-1m-end');
  const millionFilter = 'tcp.flags.reset == 1';
  // A pass over a million frames: about 40 s on an idle machine, minutes on a busy one.
  s = await typeFilter(page, millionFilter, { timeout: 900000 });
  checkEqual(`1M frames: "${millionFilter}" displayed = caplens filter --count`, s.displayed, cliCount(generated.million, millionFilter));
  console.log(`      1M frames: filter pass ${s.filter_seconds.toFixed(2)} s = ${Math.round(1000000 / s.filter_seconds)} frames/s`);
  await screenshot(page, 'packets-1m-filtered');
  await page.close();
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
    million: path.join(OUTPUT, 'synthetic-1m-frames.pcap'),
    notCapture: path.join(OUTPUT, 'not-a-capture.txt'),
    big: path.join(OUTPUT, 'synthetic-12mb.pcap'),
    bigGzip: path.join(OUTPUT, 'synthetic-12mb.pcap.gz'),
  };
  writeFileSync(generated.notCapture, 'This is a text file, not a packet capture.\n');
  const big = syntheticPcap(12);
  writeFileSync(generated.big, big);
  writeFileSync(generated.bigGzip, gzipSync(big, { level: 6 }));
  writeFileSync(generated.million, manyFramesPcap(1000000));

  const { server, url } = await startServer();
  process.on('exit', () => server.kill());
  const origin = new URL(url).origin;
  const { browser, close } = await launchBrowser();
  const requests = [];
  const problems = [];
  browser.on('request', (request) => requests.push(request.url()));
  const page = browser.pages()[0] || await browser.newPage();
  watchForProblems(page, problems);

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
    await waitForReady(page);
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
    watchForProblems(page1, problems);
    await page1.setViewportSize({ width: 1100, height: 720 });
    await page1.emulateMedia({ colorScheme: 'light' });
    await page1.goto(url);
    await waitForReady(page1);
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
    await linkTests(browser, url, problems);
    // ---- the analyzer: summary, packets, filter bar
    await analyzerTests(browser, url, problems, generated);
  } catch (error) {
    check(`no exception (${error.message.split('\n')[0]})`, false);
    await screenshot(page, 'failure').catch(() => {});
  } finally {
    await close();
    server.kill();
  }

  const foreign = requests.filter((u) => new URL(u).origin !== origin);
  check(`all ${requests.length} requests went to the page's own origin`, foreign.length === 0, foreign.slice(0, 3).join(' '));
  check('no page errors or console errors', problems.length === 0, problems.slice(0, 3).join(' | '));

  reportAndExit();
}

main().catch((error) => fatal(error.stack || String(error)));
