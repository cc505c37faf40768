// api_test.mjs — the JavaScript API (build/wasm/api/caplens.mjs) against the native command
// line: for each capture, every answer of the API must be the very JSON text that
// `build/native/caplens <command> FILE --json` prints (and the frames of `caplens filter`, the
// lines of `caplens protocols`, the errors of `caplens info` and of a bad display filter).
//
//   node tests/wasm/api_test.mjs      (after the native and wasm builds; scripts/test.sh runs it)
//
// CAPLENS_CLI, CAPLENS_API and CAPLENS_CORPUS override where the command line, the API and the
// corpus are. The sample (public/sample.pcapng) always runs; the corpus cases are skipped,
// saying so, when ../shared is missing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, openAsBlob, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { syntheticPcap } from '../e2e/synthetic_pcap.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = process.env.CAPLENS_CLI ?? join(root, 'build/native/caplens');
const apiPath = process.env.CAPLENS_API ?? join(root, 'build/wasm/api/caplens.mjs');
const corpus = process.env.CAPLENS_CORPUS ?? join(root, '../shared/captures/public');
const sample = join(root, 'public/sample.pcapng');

for (const [what, path] of [['the native command line', cli], ['the JavaScript API', apiPath]]) {
  if (!existsSync(path)) {
    console.error(`api_test: ${what} is missing (${path}): build it first (scripts/test.sh)`);
    process.exit(1);
  }
}
const caplens = await import(pathToFileURL(apiPath).href);

// One capture of each kind the readers handle, plain, compressed and damaged.
const CORPUS_CASES = [
  'filesamples__simple_http.pcap',
  'ndpi__bittorrent.pcap',
  'ndpi__http2.pcapng',
  'msod__MS-ADOD_Example2_10_WS2019v2004_X64_Win10v2004_X64_Domain_ObtainAListOfUserAccountsUsingTheLDAPProtocol.pcapng',
  'msod__MS-ADOD_Example1_3_Win2016_X64_Win2016_X64_Domain_JoiningADomainByCreatingAnAccountViaLDAP.cap',
  'wswiki__nfsv3.pcap.gz',
  'broken__trunc100000_ndpi__bittorrent.pcap',
  'broken__trunc10000_wswiki__vlan.cap.gz',
  'broken__trunc20_hdr_tcpdump__dns_tcp.pcap',
  'broken__trunc2000_wswiki__BitTorrent.Transfer1.cap',
];

const FILTERS = ['tcp', 'udp && !dns', 'frame.len > 100', 'tcp.flags.syn == 1 && tcp.flags.ack == 0', 'ip.addr == 10.0.0.0/8'];

// What `caplens ARGS` prints on stdout and stderr (a damaged file exits 1 and still prints).
function runCli(...args) {
  const run = spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw run.error;
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

// The command's JSON text, as printed (without the final newline).
function cliJson(...args) {
  const { stdout, stderr, status } = runCli(...args, '--json');
  assert.ok(status === 0 || status === 1, `caplens ${args.join(' ')} exited ${status}: ${stderr}`);
  return stdout.replace(/\n$/, '');
}

// Compares every question of the API with the command line's answer for `file`.
async function compareWithCli(t, file, capture) {
  const info = await capture.info();
  await t.test('info', async () => {
    assert.equal(await capture.info({ raw: true }), cliJson('info', file));
    assert.deepEqual(capture.error, info.error);
  });
  await t.test('phs', async () => assert.equal(await capture.phs({ raw: true }), cliJson('phs', file)));
  await t.test('rtt', async () => assert.equal(await capture.rtt({ raw: true }), cliJson('rtt', file)));
  await t.test('conversations', async () => {
    assert.equal(await capture.conversations({ raw: true }), cliJson('conv', file));
    for (const type of ['eth', 'ip', 'ipv6', 'tcp', 'udp']) {
      assert.equal(await capture.conversations(type, { raw: true }), cliJson('conv', file, '--type', type), type);
    }
  });
  await t.test('endpoints', async () => {
    assert.equal(await capture.endpoints({ raw: true }), cliJson('endpoints', file));
    for (const type of ['eth', 'ip', 'ipv6', 'tcp', 'udp']) {
      assert.equal(await capture.endpoints(type, { raw: true }), cliJson('endpoints', file, '--type', type), type);
    }
  });
  await t.test('dests', async () => {
    assert.equal(await capture.dests({ raw: true }), cliJson('dests', file));
    assert.equal(await capture.dests('ip', { raw: true }), cliJson('dests', file, '--type', 'ip'));
    assert.equal(await capture.dests('ipv6', { raw: true }), cliJson('dests', file, '--type', 'ipv6'));
  });
  await t.test('statistics over a display filter (-Y)', async () => {
    for (const expression of ['tcp', 'udp && !dns']) {
      const options = { filter: expression, raw: true };
      assert.equal(await capture.phs(options), cliJson('phs', file, '-Y', expression), `phs -Y ${expression}`);
      assert.equal(await capture.rtt(options), cliJson('rtt', file, '-Y', expression), `rtt -Y ${expression}`);
      assert.equal(await capture.conversations('udp', options), cliJson('conv', file, '--type', 'udp', '-Y', expression));
      assert.equal(await capture.endpoints('tcp', options), cliJson('endpoints', file, '--type', 'tcp', '-Y', expression));
      assert.equal(await capture.dests(options), cliJson('dests', file, '-Y', expression), `dests -Y ${expression}`);
    }
  });
  await t.test('findings', async () => {
    assert.equal(await capture.findings({ raw: true }), cliJson('findings', file));
  });
  await t.test('filter', async () => {
    for (const expression of FILTERS) {
      const expected = runCli('filter', file, '-Y', expression).stdout.split('\n').filter(Boolean).map(Number);
      assert.deepEqual(await capture.filter(expression), expected, expression);
    }
  });
  await t.test('exportFrames', async () => {
    for (const options of [{}, { filter: 'tcp' }, { filter: 'frame.number <= 20', format: 'pcap' }, { filter: 'udp', format: 'pcapng' }]) {
      await checkExport(file, capture, options);
    }
  });
  await t.test('protocols', async () => {
    const lines = runCli('protocols', file).stdout.split('\n').filter(Boolean);
    const expected = lines.map((line) => line.split('\t')[1] ?? '');
    assert.deepEqual(await capture.protocols(), expected);
    if (lines.length > 0) assert.equal(await capture.protocols(lines.length), expected[lines.length - 1]);
  });
  await t.test('frame', async () => {
    const frames = info.frames;
    for (const number of new Set(frames > 0 ? [1, Math.ceil(frames / 2), frames] : [])) {
      assert.equal(await capture.frame(number, { raw: true }), cliJson('frame', file, String(number)), `frame ${number}`);
    }
    await assert.rejects(capture.frame(frames + 1), { name: 'CaplensError', message: new RegExp(`no frame ${frames + 1}`) });
  });
  return info;
}

const scratch = await mkdtemp(join(tmpdir(), 'caplens-api-export-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

// capture.exportFrames(options) against `caplens export FILE -w OUT -Y filter -F format`: the
// same bytes, or (where the command line writes nothing) a rejection with its message.
async function checkExport(file, capture, options) {
  const out = join(scratch, 'out');
  await rm(out, { force: true });
  const args = ['export', file, '-w', out];
  if (options.filter) args.push('-Y', options.filter);
  if (options.format) args.push('-F', options.format);
  const run = runCli(...args);
  const what = `caplens ${args.slice(2).join(' ')}`;
  if (!existsSync(out)) {
    assert.ok(run.status === 1 || run.status === 2, `${what}: exit ${run.status} without a file`);
    await assert.rejects(capture.exportFrames(options), (error) => {
      assert.equal(error.name, 'CaplensError');
      assert.ok(run.stderr.includes(error.message), `${what}: '${run.stderr}' names '${error.message}'`);
      return true;
    });
    return;
  }
  const bytes = await capture.exportFrames(options);
  assert.ok(bytes instanceof Uint8Array, 'exportFrames resolves to a Uint8Array');
  assert.ok(Buffer.from(bytes).equals(await readFile(out)), `${what}: the same ${bytes.length} bytes`);
}

// The error of a damaged or unreadable capture: the same message and offset as `caplens info`.
async function checkDamage(t, file) {
  const expected = JSON.parse(cliJson('info', file)).error;
  await t.test('damage reported as the command line does', async () => {
    const capture = await caplens.open(file);
    assert.deepEqual(capture.error, expected);
    await capture.close();
    if (expected === null) return;
    await assert.rejects(caplens.open(file, { strict: true }), (error) => {
      assert.equal(error.name, 'CaplensError');
      assert.equal(error.message, expected.message);
      assert.equal(error.offset, expected.offset);
      assert.deepEqual(error.info, JSON.parse(cliJson('info', file)));
      return true;
    });
  });
}

test('sample (public/sample.pcapng), opened from its bytes', async (t) => {
  const bytes = new Uint8Array(await readFile(sample));
  const phases = new Set();
  const capture = await caplens.open(bytes, {
    name: basename(sample),
    onProgress: (fraction, phase) => {
      assert.ok(fraction >= 0 && fraction <= 1, `progress ${fraction}`);
      phases.add(phase);
    },
  });
  assert.ok(phases.has('read'), 'progress reported while reading');
  await compareWithCli(t, sample, capture);
  await t.test('a bad display filter rejects with its message and column', async () => {
    const expression = 'tcp.port == ';
    const printed = runCli('filter', sample, '-Y', expression).stderr;
    const [, column, message] = printed.match(/filter error at column (\d+): (.*)\n/);
    await assert.rejects(capture.filter(expression), (error) => {
      assert.equal(error.name, 'CaplensError');
      assert.equal(error.message, message);
      assert.equal(error.column, Number(column));
      assert.equal(error.offset, Number(column) - 1);
      return true;
    });
  });
  await t.test('exportFrames rejects a bad filter and an unknown format', async () => {
    const printed = runCli('export', sample, '-w', join(scratch, 'bad'), '-Y', 'tcp.port == ').stderr;
    const [, column, message] = printed.match(/filter error at column (\d+): (.*)\n/);
    await assert.rejects(capture.exportFrames({ filter: 'tcp.port == ' }), { name: 'CaplensError', message, column: Number(column) });
    await assert.rejects(capture.exportFrames({ format: 'erf' }), { name: 'CaplensError', message: /pcap or pcapng/ });
  });
  await t.test('a bad conversation type rejects', async () => {
    await assert.rejects(capture.conversations('ipx'), { name: 'CaplensError', message: /must be eth, ip, ipv6, tcp or udp/ });
  });
  await t.test('calls made together answer in order', async () => {
    const [rtt, frames, tree] = await Promise.all([capture.rtt(), capture.filter('dns'), capture.frame(2)]);
    assert.deepEqual(rtt, JSON.parse(cliJson('rtt', sample)));
    assert.deepEqual(frames, runCli('filter', sample, '-Y', 'dns').stdout.split('\n').filter(Boolean).map(Number));
    assert.deepEqual(tree, JSON.parse(cliJson('frame', sample, '2')));
  });
  await capture.close();
  await t.test('a closed capture rejects', async () => {
    await assert.rejects(capture.info(), { name: 'CaplensError', message: /closed/ });
  });
});

test('sample, opened as a File and as a path', async () => {
  const file = new File([await readFile(sample)], 'sample.pcapng');
  const fromFile = await caplens.open(file);
  const fromPath = await caplens.open(sample);
  const expected = cliJson('info', sample);
  assert.equal(await fromFile.info({ raw: true }), expected);
  assert.equal(await fromPath.info({ raw: true }), expected);
  await fromFile.close();
  await fromPath.close();
});

test('a capture of several slices is read a slice at a time, never whole', async (t) => {
  const folder = await mkdtemp(join(tmpdir(), 'caplens-api-'));
  t.after(() => rm(folder, { recursive: true, force: true }));
  const file = join(folder, 'synthetic.pcap');
  await writeFile(file, syntheticPcap(14));
  const blob = await openAsBlob(file);
  const slices = [];
  const slice = blob.slice.bind(blob);
  blob.slice = (start = 0, end = blob.size) => {
    slices.push(end - start);
    return slice(start, end);
  };
  const capture = await caplens.open(blob, { name: 'synthetic.pcap' });
  const sliceBytes = 4 * 1024 * 1024;
  assert.ok(blob.size > 3 * sliceBytes, `the capture spans several slices (${blob.size} bytes)`);
  assert.ok(slices.length >= Math.ceil(blob.size / sliceBytes), `${slices.length} slices read`);
  assert.ok(Math.max(...slices) <= sliceBytes, `no slice beyond 4 MiB (largest: ${Math.max(...slices)})`);
  assert.equal(await capture.info({ raw: true }), cliJson('info', file));
  assert.equal(await capture.phs({ raw: true }), cliJson('phs', file));
  assert.equal(await capture.conversations('udp', { raw: true }), cliJson('conv', file, '--type', 'udp'));
  const expression = 'frame.len > 1400 || frame.number in {1..3}';
  const expected = runCli('filter', file, '-Y', expression).stdout.split('\n').filter(Boolean).map(Number);
  assert.deepEqual(await capture.filter(expression), expected);
  const last = (await capture.info()).frames;
  assert.equal(await capture.frame(last, { raw: true }), cliJson('frame', file, String(last)));
  const started = performance.now();
  await checkExport(file, capture, {});
  await checkExport(file, capture, { filter: expression, format: 'pcapng' });
  console.log(`# exportFrames of a ${(blob.size / 1e6).toFixed(1)} MB capture, twice (with the CLI's): ${Math.round(performance.now() - started)} ms`);
  await capture.close();
});

test('a missing file rejects', async () => {
  await assert.rejects(caplens.open(join(root, 'no/such/capture.pcap')), { name: 'CaplensError' });
});

const haveCorpus = existsSync(corpus);
if (!haveCorpus) console.log(`# api_test: corpus cases skipped: ${corpus} is missing (the sample still runs)`);

for (const name of CORPUS_CASES) {
  const file = join(corpus, name);
  const skip = !haveCorpus ? `${corpus} is missing` : !existsSync(file) ? `${name} is not in the corpus` : false;
  test(name, { skip }, async (t) => {
    const capture = await caplens.open(file);
    await compareWithCli(t, file, capture);
    await capture.close();
    await checkDamage(t, file);
  });
}
