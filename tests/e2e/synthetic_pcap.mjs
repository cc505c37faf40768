// synthetic_pcap.mjs — a generated capture for the tests that must read several 4 MiB slices
// (the page's tests in run.mjs, the JavaScript API's in tests/wasm/). No dependencies.

export // A deterministic pcap of about `megabytes` MB (Ethernet/IPv4/UDP frames of varied sizes), so
// that reading takes several 4 MiB requests and records straddle their boundaries.
function syntheticPcap(megabytes) {
  const target = megabytes * 1000 * 1000;
  const chunks = [];
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  chunks.push(header);
  let size = header.length;
  let seconds = 1700000000;
  let micros = 0;
  let noise = 0x2545f491;
  for (let i = 0; size < target; ++i) {
    const length = 60 + ((i * 7919) % 1455);
    const record = Buffer.alloc(16 + length);
    micros += 137 + (i % 1000);
    if (micros >= 1000000) { seconds += 1; micros -= 1000000; }
    record.writeUInt32LE(seconds, 0);
    record.writeUInt32LE(micros, 4);
    record.writeUInt32LE(length, 8);
    record.writeUInt32LE(length, 12);
    const frame = record.subarray(16);
    frame.fill(0x02, 0, 12);                 // MAC addresses
    frame.writeUInt16BE(0x0800, 12);         // IPv4
    frame[14] = 0x45;
    frame.writeUInt16BE(length - 14, 16);
    frame[23] = 17;                          // UDP
    // Pseudo-random payload, so that the gzip'd copy stays large (decompression takes a while).
    for (let b = 34; b < length; ++b) {
      noise ^= noise << 13; noise ^= noise >>> 17; noise ^= noise << 5;
      frame[b] = noise & 0xff;
    }
    chunks.push(record);
    size += record.length;
  }
  return Buffer.concat(chunks);
}
