// caplens.mjs — the caplens core as an ES module, for other pages and for Node (20+).
//
//   import * as caplens from './caplens.mjs';          // build/wasm/api/ after the wasm build
//   const capture = await caplens.open(source, { onProgress: (fraction, phase) => {} });
//   await capture.info();          // what `caplens info FILE --json` prints, as an object
//   await capture.phs();           // `caplens phs --json`: the protocol hierarchy
//   await capture.rtt();           // `caplens rtt --json`: TCP handshakes, capture side
//   await capture.conversations('tcp');  // `caplens conv --type TYPE --json` (eth ip ipv6 tcp udp)
//   await capture.endpoints('ip');       // `caplens endpoints --type TYPE --json`
//   await capture.dests();         // `caplens dests --json` ('ip' or 'ipv6' for one table)
//   await capture.findings();      // `caplens findings --json` (a second pass over the capture)
//   await capture.filter('tcp.port == 80');  // frame numbers passing a display filter (a pass)
//   await capture.exportFrames({ filter: 'tcp', format: 'pcapng' });  // Uint8Array: the file
//                                  // `caplens export FILE -w OUT -Y EXPR -F FORMAT` writes
//   await capture.frame(1);        // `caplens frame FILE 1 --json`: the details tree
//   await capture.protocols(1);    // 'eth:ip:tcp', frame 1's line of `caplens protocols`;
//                                  // protocols() gives every frame's, in an array
//   capture.close();               // frees the wasm side (else done when collected)
//
// `source` is a File, a Blob, an ArrayBuffer, a Uint8Array (or other typed array), or a URL
// string; in Node also a file path or a file: URL (read through fs.openAsBlob, by slices).
// Options of open(): `name` (the file name the info reports; default: the File's name or
// the URL's last segment), `onProgress(fraction, phase)` with phase 'download', 'decompress'
// or 'read' (fraction 0..1 of that phase), `strict` (reject a damaged capture instead of
// opening what precedes the damage).
//
// Every result is the command line's JSON for the same question, parsed: compare it with
// `caplens <command> FILE --json`. Pass `{ raw: true }` as the last argument for the JSON
// text itself (JavaScript numbers round integers beyond 2^53, e.g. start_ns in info).
// phs, rtt, conversations, endpoints and dests take `{ filter: 'EXPR' }` to count only the
// frames passing a display filter, as the command line's `-Y EXPR`; with a filter they read
// the whole capture again, as findings() and filter() do (each as the command line's own
// pass), and those calls accept `{ onProgress }` too.
// Calls on one capture run one after another, in the order made.
//
// Errors reject with a CaplensError: `message`, `offset` (the byte offset in the capture, or
// in the filter expression counting from 0; null when neither applies), `column`/`endColumn`
// (display filters, from 1, as `caplens filter` prints), `info` (strict open: the info
// object). A damaged capture opens with what precedes the damage (as the command line
// reports it): `capture.error` is then `{message, offset}`, equal to info().error.
//
// The bytes never go whole into wasm memory: the core asks for slices by offset (4 MiB),
// answered with Blob.slice() or a typed array's subarray(). A gzip file (decided by content)
// is first inflated with DecompressionStream into a Blob. A URL is downloaded into a Blob.

import { ByteFeeder } from './byte_feeder.mjs';

const IS_NODE = typeof process === 'object' && typeof process.versions?.node === 'string';

// Time the core works between two turns of the event loop: a page stays responsive.
const STEP_BUDGET_MS = IS_NODE ? 50 : 8;

// ApiStatus of wasm/api/api_capture.hpp.
const STATUS_WAITING_FOR_BYTES = 1;
const STATUS_DONE = 2;

export class CaplensError extends Error {
  constructor({ message, offset = null, column, end_column: endColumn }, info) {
    super(message);
    this.name = 'CaplensError';
    this.offset = offset;
    if (column !== undefined) {
      this.column = column;
      this.endColumn = endColumn;
    }
    if (info !== undefined) this.info = info;
  }
}

let corePromise = null;

// The first pass, run by open() only.
const READ_FIRST_PASS = Symbol('readFirstPass');

// Frees the wasm side of a capture that was dropped without close().
const finalizer = new FinalizationRegistry((native) => native.delete());

// The wasm core, instantiated once per page or process.
function loadCore() {
  if (!corePromise) {
    corePromise = (async () => {
      const { default: createCaplensCore } = await import('./caplens_core.mjs');
      const wasmUrl = new URL('./caplens_core.wasm', import.meta.url);
      // Node's fetch cannot read file: URLs, which the glue would hand it.
      if (IS_NODE && wasmUrl.protocol === 'file:') {
        const { readFile } = await import('node:fs/promises');
        return createCaplensCore({ wasmBinary: await readFile(wasmUrl) });
      }
      return createCaplensCore();
    })();
  }
  return corePromise;
}

// A typed array read as a Blob is (size, slice, arrayBuffer), without copying it whole.
class BufferBlob {
  constructor(bytes) { this.bytes = bytes; }
  get size() { return this.bytes.byteLength; }
  slice(start, end) { return new BufferBlob(this.bytes.subarray(start, end)); }
  async arrayBuffer() { return this.bytes.slice().buffer; }
}

// The file name at the end of a path (as the command line's info reports it).
function baseName(path) {
  const parts = path.split(/[/\\]/);
  return parts[parts.length - 1] || '';
}

// The file name at the end of a URL's path, %-escapes decoded where they are sound.
function urlFileName(url) {
  const name = baseName(url.pathname);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

// Downloads `url` into a Blob, reporting the fraction received when the size is known.
async function download(url, onProgress) {
  const response = await fetch(url);
  if (!response.ok) throw new CaplensError({ message: `${url}: HTTP ${response.status} ${response.statusText}` });
  const total = Number(response.headers.get('content-length')) || 0;
  const parts = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.byteLength;
    if (total) onProgress(Math.min(received / total, 1));
  }
  onProgress(1);
  return new Blob(parts);
}

// The Blob-like object to read `source` from, and its name.
async function resolveSource(source, options, onProgress) {
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    return { blob: source, name: options.name ?? source.name ?? '' };
  }
  if (source instanceof ArrayBuffer) return { blob: new BufferBlob(new Uint8Array(source)), name: options.name ?? '' };
  if (ArrayBuffer.isView(source)) {
    const bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    return { blob: new BufferBlob(bytes), name: options.name ?? '' };
  }
  if (source instanceof URL) source = source.href;
  if (typeof source !== 'string') {
    throw new CaplensError({ message: 'open() takes a File, Blob, ArrayBuffer, typed array or URL' });
  }
  const isUrl = /^(https?|blob|data):/i.test(source);
  if (isUrl || !IS_NODE) {
    const url = new URL(source, globalThis.location?.href);
    return { blob: await download(url, onProgress), name: options.name ?? urlFileName(url) };
  }
  // Node: a path or a file: URL, read by slices from the file.
  const { openAsBlob } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const path = source.startsWith('file:') ? fileURLToPath(source) : source;
  try {
    return { blob: await openAsBlob(path), name: options.name ?? baseName(path) };
  } catch (error) {
    throw new CaplensError({ message: `${path}: ${error.message}` });
  }
}

function describe(error) {
  return error && error.message ? error.message : String(error);
}

function yieldToEventLoop() {
  return new Promise((resolve) => (IS_NODE ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

// Runs the operation `native` has started to its end, answering its reads from `feeder`.
// Resolves to the operation's JSON text; rejects with a CaplensError.
async function drive(native, feeder, onProgress) {
  for (;;) {
    const status = native.step(STEP_BUDGET_MS);
    if (status === STATUS_DONE) break;
    const read = native.takeRequest();
    if (read) {
      let bytes = null;
      try {
        bytes = await feeder.read(read.offset, read.length);
      } catch (error) {
        native.failSource(describe(error));
      }
      if (bytes && !native.receive(read.offset, bytes)) {
        throw new CaplensError({ message: `caplens: the read at offset ${read.offset} was not expected` });
      }
    } else if (status === STATUS_WAITING_FOR_BYTES) {
      // Waiting for a read already answered would spin forever: report it instead.
      throw new CaplensError({ message: 'caplens: the core waits for bytes it did not ask for' });
    } else {
      await yieldToEventLoop();
    }
    if (onProgress) onProgress(native.progress());
  }
  if (native.failed()) throw new CaplensError(JSON.parse(native.errorJson()));
  return native.resultJson();
}

// The options object at the end of a call's arguments, if any.
function trailingOptions(args) {
  const last = args[args.length - 1];
  return last !== null && typeof last === 'object' ? last : {};
}

export class Capture {
  #native;
  #feeder;
  #queue = Promise.resolve();

  constructor(native, feeder, name) {
    this.#native = native;
    this.#feeder = feeder;
    this.name = name;
    this.error = null;
    finalizer.register(this, native, this);
  }

  // Runs `start` (which starts an operation on the native capture) after the calls before;
  // `answer(native, json)` makes the result (by default the JSON, parsed unless `raw`).
  #run(start, { onProgress, raw } = {}, answer = (native, json) => (raw ? json : JSON.parse(json))) {
    const result = this.#queue.then(async () => {
      if (!this.#native) throw new CaplensError({ message: 'the capture is closed' });
      start(this.#native);
      const json = await drive(this.#native, this.#feeder, onProgress);
      return answer(this.#native, json);
    });
    this.#queue = result.catch(() => {});
    return result;
  }

  info(options) { return this.#run((n) => n.startInfo(), options); }
  phs(options) { return this.#run((n) => n.startPhs(filterOption(options)), options); }
  rtt(options) { return this.#run((n) => n.startRtt(filterOption(options)), options); }

  conversations(type = 'tcp', options) {
    if (typeof type === 'object') return this.conversations(undefined, type);
    return this.#run((n) => n.startConversations(String(type), filterOption(options)), options);
  }

  endpoints(type = 'ip', options) {
    if (typeof type === 'object') return this.endpoints(undefined, type);
    return this.#run((n) => n.startEndpoints(String(type), filterOption(options)), options);
  }

  dests(type = '', options) {
    if (typeof type === 'object') return this.dests(undefined, type);
    return this.#run((n) => n.startDests(String(type), filterOption(options)), options);
  }

  findings(options) { return this.#run((n) => n.startFindings(), options); }

  filter(expression, options) {
    return this.#run((n) => n.startFilter(String(expression)), options);
  }

  // The frames passing `filter` (every frame without one) as a pcap or pcapng file, exactly
  // those (caplens export FILE -w OUT -Y EXPR -F FORMAT): a Uint8Array. `format` 'pcap' or
  // 'pcapng'; by default pcapng for a pcapng capture, else pcap.
  exportFrames(options = {}) {
    const format = options.format ? String(options.format) : '';
    return this.#run((n) => n.startExport(filterOption(options), format), options,
                     (native) => native.takeResultBytes());
  }

  frame(number, options) {
    return this.#run((n) => n.startFrame(frameNumber(number)), options);
  }

  protocols(...args) {
    const all = args.length === 0 || (typeof args[0] === 'object' && args[0] !== null);
    return this.#run((n) => n.startProtocols(all ? 0 : frameNumber(args[0])), trailingOptions(args));
  }

  // Frees the wasm side (after the calls already made); later calls reject.
  close() {
    this.#queue = this.#queue.then(() => {
      finalizer.unregister(this);
      if (this.#native) this.#native.delete();
      this.#native = null;
      this.#feeder.cancel();
    });
    return this.#queue;
  }

  // Opening: the first pass. Resolves to the info object.
  async [READ_FIRST_PASS](onProgress) {
    const info = await this.#run((n) => n.startOpen(), { onProgress });
    this.error = info.error;
    return info;
  }
}

// The display filter of a statistic's options ('' for every frame).
function filterOption(options) {
  return options && options.filter ? String(options.filter) : '';
}

function frameNumber(number) {
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new CaplensError({ message: `a frame number is a positive integer (not ${number})` });
  }
  return number;
}

// Opens `source` (see the top of this file) and reads it once. Resolves to a Capture.
export async function open(source, options = {}) {
  const onProgress = options.onProgress ?? (() => {});
  const core = await loadCore();
  const { blob, name } = await resolveSource(source, options, (f) => onProgress(f, 'download'));
  const feeder = new ByteFeeder(blob);
  let gzip = false;
  let streamSize = 0;
  try {
    gzip = await feeder.sniff();
    streamSize = await feeder.prepare((f) => onProgress(f, 'decompress'));
  } catch (error) {
    throw new CaplensError({ message: `${name}: ${describe(error)}`, offset: 0 });
  }
  const capture = new Capture(new core.Capture(name, blob.size, gzip, streamSize), feeder, name);
  const info = await capture[READ_FIRST_PASS]((f) => onProgress(f, 'read'));
  if (options.strict && info.error) {
    await capture.close();
    throw new CaplensError(info.error, info);
  }
  return capture;
}
