// byte_feeder.js — reads a capture File for the wasm core, a slice at a time.
//
// The core never sees the whole file: it asks for (offset, length) windows and this module
// answers each with `file.slice(offset, offset + length).arrayBuffer()`, so a multi-gigabyte
// capture costs a few megabytes of wasm memory. A gzip file (magic 1f 8b, decided by content,
// never by name) is first inflated with the browser's own DecompressionStream into a Blob,
// which is then read the same way; the browser may keep a large Blob on disk.
//
//   const feeder = new ByteFeeder(file);
//   const gzip = await feeder.sniff();                  // true for 1f 8b
//   const size = await feeder.prepare(p => ...);        // inflates when gzip; p in 0..1
//   const bytes = await feeder.read(offset, length);    // Uint8Array, shorter only at the end
//
// A stream cut short inflates as far as its data goes and then ends (as zlib's gzread does in
// the command line), so the core reports the record it ends in. feeder.cancel() stops an
// inflate in progress when another file replaces this one.

// How much of a gzip file is handed to the decompressor at a time.
const INFLATE_SLICE_BYTES = 1024 * 1024;

export class ByteFeeder {
  constructor(file) {
    this.file = file;
    this.stream = file;      // the Blob the core reads: the file or its inflated content
    this.gzip = false;
    this.truncatedGzip = false;
    this.cancelled = false;
    this.reader = null;
  }

  async sniff() {
    const head = new Uint8Array(await this.file.slice(0, 2).arrayBuffer());
    this.gzip = head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
    return this.gzip;
  }

  // Resolves to the size of the stream the core will read.
  async prepare(onProgress) {
    if (this.gzip) this.stream = await this.inflate(onProgress);
    return this.stream.size;
  }

  async read(offset, length) {
    const end = Math.min(offset + length, this.stream.size);
    return new Uint8Array(await this.stream.slice(offset, end).arrayBuffer());
  }

  cancel() {
    this.cancelled = true;
    if (this.reader) this.reader.cancel().catch(() => {});
  }

  async inflate(onProgress) {
    // The compressed bytes are pulled a slice at a time, when the decompressor asks for
    // them, so that the fraction pulled is an honest progress figure (File.stream() may hand
    // over a whole in-memory file as one chunk).
    const file = this.file;
    const total = file.size || 1;
    let pulled = 0;
    const compressed = new ReadableStream({
      async pull(controller) {
        if (pulled >= file.size) {
          controller.close();
          return;
        }
        const end = Math.min(pulled + INFLATE_SLICE_BYTES, file.size);
        const slice = new Uint8Array(await file.slice(pulled, end).arrayBuffer());
        pulled = end;
        onProgress(Math.min(pulled / total, 1));
        controller.enqueue(slice);
      },
    }, { highWaterMark: 0 });
    this.reader = compressed.pipeThrough(new DecompressionStream('gzip')).getReader();
    const parts = [];
    try {
      for (;;) {
        const { done, value } = await this.reader.read();
        if (done || this.cancelled) break;
        parts.push(value);
      }
    } catch (error) {
      // A damaged or cut stream: keep what inflated cleanly; the core reports the cut.
      this.truncatedGzip = true;
    }
    this.reader = null;
    return new Blob(parts);
  }
}
