#!/usr/bin/env python3
"""make_corpus.py — hostile capture files, built byte by byte, with what caplens must do on each.

    make_corpus.py OUTDIR          writes OUTDIR/<case>.<ext> for every case
    make_corpus.py --list          prints the case names (tests/CMakeLists.txt makes one test each)

Every case is a file and its documented outcome (docs/hostile-input.md): the frames caplens
reads, and, for a damaged file, the byte offset its one error message names. check_cli.py runs
`caplens info|phs|stats|filter` on each and checks exit code, message, frame count and time.
The files are generated into the build tree, never committed.
"""
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

# ---------------------------------------------------------------- frames

MAC_A = bytes.fromhex("001122334455")
MAC_B = bytes.fromhex("feff20000100")


def ethernet(ethertype: int, payload: bytes) -> bytes:
    return MAC_A + MAC_B + struct.pack(">H", ethertype) + payload


def ipv4(protocol: int, payload: bytes, src=0x0A000001, dst=0x0A000002) -> bytes:
    return struct.pack(">BBHHHBBHII", 0x45, 0, 20 + len(payload), 1, 0x4000, 64, protocol, 0, src, dst) + payload


def udp(sport: int, dport: int, payload: bytes) -> bytes:
    return struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload


def tcp(sport: int, dport: int, seq: int, ack: int, flags: int, payload: bytes = b"") -> bytes:
    return struct.pack(">HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 0x50, flags, 65535, 0, 0) + payload


def nested_vlans(depth: int) -> bytes:
    """depth 802.1Q tags in a row, then IPv4/UDP."""
    tags = b"".join(struct.pack(">HH", n % 4096, 0x8100) for n in range(depth - 1))
    return MAC_A + MAC_B + struct.pack(">H", 0x8100) + tags + struct.pack(">HH", 1, 0x0800) + ipv4(17, udp(1, 2, b"x"))


def nested_gre(depth: int) -> bytes:
    """IPv4/GRE carrying IPv4/GRE ... depth times, then IPv4/UDP."""
    inner = ipv4(17, udp(1, 2, b"x"))
    for _ in range(depth):
        inner = ipv4(47, struct.pack(">HH", 0, 0x0800) + inner)
    return ethernet(0x0800, inner[:]) if len(inner) <= 65535 else b""


def nested_ip_in_ip(depth: int) -> bytes:
    inner = ipv4(17, udp(1, 2, b"x"))
    for _ in range(depth):
        inner = ipv4(4, inner)
    return ethernet(0x0800, inner)


SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01


def tcp_wrap_and_overlaps() -> list:
    """A TCP connection whose sequence numbers wrap past 2^32, with retransmissions that
    overlap earlier segments partly and wholly, and an out-of-order segment."""
    c, s = 0x0A000001, 0x0A000002
    isn = 0xFFFFFF00  # wraps after 256 bytes
    frames = [
        ethernet(0x0800, ipv4(6, tcp(40000, 80, isn, 0, SYN), c, s)),
        ethernet(0x0800, ipv4(6, tcp(80, 40000, 7, isn + 1, SYN | ACK), s, c)),
        ethernet(0x0800, ipv4(6, tcp(40000, 80, isn + 1, 8, ACK), c, s)),
    ]
    seq = isn + 1
    for n in range(8):
        frames.append(ethernet(0x0800, ipv4(6, tcp(40000, 80, seq, 8, PSH | ACK, bytes([65 + n]) * 100), c, s)))
        seq += 100
    frames += [
        ethernet(0x0800, ipv4(6, tcp(40000, 80, isn + 151, 8, PSH | ACK, b"o" * 200), c, s)),   # overlaps 2 segments
        ethernet(0x0800, ipv4(6, tcp(40000, 80, isn + 201, 8, PSH | ACK, b"r" * 100), c, s)),   # whole retransmission
        ethernet(0x0800, ipv4(6, tcp(40000, 80, seq + 100, 8, PSH | ACK, b"z" * 50), c, s)),    # out of order
        ethernet(0x0800, ipv4(6, tcp(40000, 80, seq, 8, PSH | ACK, b"y" * 100), c, s)),         # fills the hole
        ethernet(0x0800, ipv4(6, tcp(80, 40000, 8, seq + 150, ACK), s, c)),
        ethernet(0x0800, ipv4(6, tcp(40000, 80, seq + 150, 8, FIN | ACK), c, s)),
    ]
    return frames


def tcp_reassembly_holes(streams: int) -> list:
    """Streams whose first segment announces a 16 MB BitTorrent message and whose second lands
    near its end: the hole between them must not be allocated."""
    frames = []
    announced = 0x00FFFFF0
    for n in range(streams):
        c, s = 0x0A000001, 0x0B000000 + n
        first = struct.pack(">I", announced) + b"\x07" + b"x" * 20
        frames.append(ethernet(0x0800, ipv4(6, tcp(40000, 6881, 1000, 1, PSH | ACK, first), c, s)))
        frames.append(ethernet(0x0800, ipv4(6, tcp(40000, 6881, 1000 + announced - 100, 1, PSH | ACK, b"y" * 50), c, s)))
    return frames


SAMPLE_FRAME = ethernet(0x0800, ipv4(17, udp(53535, 53, b"\x12\x34\x01\x00" + b"\x00" * 8)))

# ---------------------------------------------------------------- pcap

TS = 1_700_000_000


def pcap_header(snaplen=65535, linktype=1, magic=0xA1B2C3D4) -> bytes:
    return struct.pack("<IHHiIII", magic, 2, 4, 0, 0, snaplen, linktype)


def pcap_record(data: bytes, ts_sec=TS, ts_usec=0, incl=None, orig=None) -> bytes:
    incl = len(data) if incl is None else incl
    orig = len(data) if orig is None else orig
    return struct.pack("<IIII", ts_sec & 0xFFFFFFFF, ts_usec, incl, orig) + data


def pcap(frames, **header) -> bytes:
    return pcap_header(**header) + b"".join(pcap_record(f, ts_usec=i) for i, f in enumerate(frames))


# ---------------------------------------------------------------- pcapng (little-endian)

def pad4(b: bytes) -> bytes:
    return b + b"\x00" * (-len(b) % 4)


def block(block_type: int, body: bytes, length=None, trailer=None) -> bytes:
    body = pad4(body)
    real = 12 + len(body)
    return struct.pack("<II", block_type, real if length is None else length) + body + \
        struct.pack("<I", real if trailer is None else trailer)


def shb() -> bytes:
    return block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))


def idb(linktype=1, snaplen=65535, options=b"") -> bytes:
    return block(0x00000001, struct.pack("<HHI", linktype, 0, snaplen) + options)


def option(code: int, value: bytes) -> bytes:
    return struct.pack("<HH", code, len(value)) + pad4(value)


END_OF_OPTIONS = b"\x00\x00\x00\x00"


def epb(data: bytes, interface=0, ticks=TS * 1_000_000, orig=None) -> bytes:
    orig = len(data) if orig is None else orig
    return block(0x00000006, struct.pack("<IIIII", interface, ticks >> 32, ticks & 0xFFFFFFFF, len(data), orig) + pad4(data))


def pcapng(*blocks) -> bytes:
    return b"".join(blocks)


# ---------------------------------------------------------------- NetMon 2.0

def netmon(frames, table, systemtime=struct.pack("<8H", 2024, 1, 1, 1, 0, 0, 0, 0)) -> bytes:
    """A NetMon 2.0 file: 72-byte header, the frame records, then the frame table `table`
    (None: the true offsets of the records)."""
    records, offsets, at = b"", [], 72
    for i, f in enumerate(frames):
        offsets.append(at)
        record = struct.pack("<QII", i, len(f), len(f)) + f
        records += record
        at += len(record)
    table = offsets if table is None else table
    header = b"GMBU" + struct.pack("<BBH", 0, 2, 1) + systemtime + struct.pack("<II", at, 4 * len(table))
    header += b"\x00" * (72 - len(header))
    return header + records + struct.pack(f"<{len(table)}I", *table)


# ---------------------------------------------------------------- snoop and ERF

def snoop(records: bytes, datalink=4) -> bytes:
    return b"snoop\x00\x00\x00" + struct.pack(">II", 2, datalink) + records


def snoop_record(data: bytes, included=None, record_length=None) -> bytes:
    included = len(data) if included is None else included
    padded = pad4(data)
    record_length = 24 + len(padded) if record_length is None else record_length
    return struct.pack(">IIIIII", len(data), included, record_length, 0, TS, 0) + padded


def erf_record(data: bytes, rlen=None, wlen=None) -> bytes:
    body = b"\x00\x00" + data  # Ethernet ERF records carry 2 bytes of padding
    rlen = 16 + len(body) if rlen is None else rlen
    return struct.pack("<Q", TS << 32) + struct.pack(">BBHHH", 2, 0x04, rlen, 0, len(data) if wlen is None else wlen) + body


# ---------------------------------------------------------------- the cases

@dataclass
class Case:
    name: str
    ext: str
    build: Callable[[], bytes]
    frames: int                          # frames read before the end or the damage
    error_offset: Optional[int] = None   # None: the file reads cleanly
    message: str = ""                    # a phrase the error message must contain
    seconds: float = 30.0                # the time every command must finish in (asan build included)
    max_rss_mb: int = 1024               # the memory no command may exceed (asan build included)


def good_then(bad: bytes, good_frames=2, **header) -> bytes:
    return pcap([SAMPLE_FRAME] * good_frames, **header) + bad


RECORD = 16 + len(SAMPLE_FRAME)  # one good pcap record
PCAP_AFTER_TWO = 24 + 2 * RECORD
SHB_LEN = len(shb())
IDB_LEN = len(idb())


def many_interfaces() -> bytes:
    return pcapng(shb(), *([idb()] * 65535), epb(SAMPLE_FRAME, interface=65534), epb(SAMPLE_FRAME, interface=0))


def hollow_frames(link_count: int) -> bytes:
    return pcap([nested_vlans(link_count)])


CASES = [
    # pcap: lengths that cannot be true
    Case("pcap_absurd_caplen", "pcap", lambda: good_then(pcap_record(b"", incl=0xFFFFFFF0)),
         2, PCAP_AFTER_TWO, "packet"),
    Case("pcap_caplen_above_limit", "pcap", lambda: good_then(pcap_record(b"", incl=300_000)),
         2, PCAP_AFTER_TWO, "packet"),
    Case("pcap_caplen_past_end", "pcap", lambda: good_then(pcap_record(SAMPLE_FRAME, incl=5000)),
         2, PCAP_AFTER_TWO, "cut short"),
    Case("pcap_huge_snaplen", "pcap", lambda: pcap([SAMPLE_FRAME] * 3, snaplen=0xFFFFFFFF), 3),
    Case("pcap_zero_snaplen", "pcap", lambda: pcap([SAMPLE_FRAME] * 3, snaplen=0), 3),
    Case("pcap_orig_below_caplen", "pcap", lambda: pcap_header() + pcap_record(SAMPLE_FRAME, orig=1), 1),
    Case("pcap_header_only_cut", "pcap", lambda: pcap_header()[:20], 0, 0, "cut short"),
    Case("pcap_timestamps_far_apart", "pcap", lambda: pcap_header() + pcap_record(SAMPLE_FRAME, ts_sec=0xFFFFFFFF, ts_usec=999_999)
         + pcap_record(SAMPLE_FRAME, ts_sec=0, ts_usec=0) + pcap_record(SAMPLE_FRAME, ts_sec=TS, ts_usec=0xFFFFFFFF), 3),
    # pcapng: block lengths that point backwards, at the block itself, or nowhere
    Case("pcapng_zero_length_block", "pcapng", lambda: pcapng(shb(), idb(), epb(SAMPLE_FRAME), block(6, b"", length=0)),
         1, SHB_LEN + IDB_LEN + len(epb(SAMPLE_FRAME)), "block"),
    Case("pcapng_length_points_backwards", "pcapng", lambda: pcapng(shb(), idb(), epb(SAMPLE_FRAME), block(6, b"\x00" * 20, length=8)),
         1, SHB_LEN + IDB_LEN + len(epb(SAMPLE_FRAME)), "block"),
    Case("pcapng_length_not_multiple_of_4_below_min", "pcapng", lambda: pcapng(shb(), idb(), block(1, b"\x00" * 8, length=13)),
         0, SHB_LEN + IDB_LEN, "block"),
    Case("pcapng_absurd_block_length", "pcapng", lambda: pcapng(shb(), idb(), epb(SAMPLE_FRAME), block(6, b"\x00" * 20, length=0xFFFFFFF0)),
         1, SHB_LEN + IDB_LEN + len(epb(SAMPLE_FRAME)), "block"),
    Case("pcapng_trailer_mismatch", "pcapng", lambda: pcapng(shb(), idb(), block(6, struct.pack("<IIIII", 0, 0, 0, 4, 4) + b"abcd", trailer=99)),
         0, SHB_LEN + IDB_LEN, "block"),
    Case("pcapng_undeclared_interface", "pcapng", lambda: pcapng(shb(), idb(), epb(SAMPLE_FRAME), epb(SAMPLE_FRAME, interface=70000)),
         1, SHB_LEN + IDB_LEN + len(epb(SAMPLE_FRAME)), "interface"),
    Case("pcapng_65535_interfaces", "pcapng", many_interfaces, 2),
    Case("pcapng_huge_snaplen", "pcapng", lambda: pcapng(shb(), idb(snaplen=0xFFFFFFFF), epb(SAMPLE_FRAME)), 1),
    Case("pcapng_timestamp_far_future", "pcapng", lambda: pcapng(
        shb(), idb(options=option(9, b"\x00") + END_OF_OPTIONS),  # if_tsresol 10^0: ticks are seconds
        epb(SAMPLE_FRAME, ticks=0xFFFFFFFFFFFFFFFF), epb(SAMPLE_FRAME, ticks=0)), 2),
    Case("pcapng_timestamp_tsoffset_extremes", "pcapng", lambda: pcapng(
        shb(), idb(options=option(14, struct.pack("<q", -(2**63))) + END_OF_OPTIONS),  # if_tsoffset
        epb(SAMPLE_FRAME), epb(SAMPLE_FRAME, ticks=0xFFFFFFFFFFFFFFFF)), 2),
    Case("pcapng_option_past_block", "pcapng", lambda: pcapng(shb(), idb(options=struct.pack("<HH", 2, 60000) + b"eth0")),
         0, SHB_LEN, "option"),
    # NetMon: a frame table whose entries point backwards, into the header, and past the end
    Case("netmon_table_points_into_header", "cap", lambda: netmon([SAMPLE_FRAME], [72, 0, 72]), 1, 0,
         "frame table entry 2 points at byte offset 0, inside the file header"),
    Case("netmon_table_points_past_end", "cap", lambda: netmon([SAMPLE_FRAME], [72, 0x7FFFFFF0]), 1, 0x7FFFFFF0,
         "past the end of the file"),
    Case("netmon_start_time_beyond_any_clock", "cap", lambda: netmon([SAMPLE_FRAME], None, struct.pack("<8H", *[0xFFFF] * 8)), 1),
    # snoop and ERF
    Case("snoop_record_length_zero", "snoop", lambda: snoop(snoop_record(SAMPLE_FRAME) + snoop_record(SAMPLE_FRAME, record_length=0)),
         1, 16 + 24 + len(pad4(SAMPLE_FRAME)), ""),
    Case("snoop_absurd_included_length", "snoop", lambda: snoop(snoop_record(SAMPLE_FRAME, included=0xFFFFFF00)),
         0, 16, ""),
    # (after 20 good records: format detection checks up to 20 and would not call it ERF)
    Case("erf_record_length_below_header", "erf", lambda: erf_record(SAMPLE_FRAME) * 20 + erf_record(SAMPLE_FRAME, rlen=4),
         20, 20 * (16 + 2 + len(SAMPLE_FRAME)), ""),
    Case("erf_absurd_record_length", "erf", lambda: erf_record(SAMPLE_FRAME) * 8 + erf_record(SAMPLE_FRAME, rlen=0xFFF8),
         8, 8 * (16 + 2 + len(SAMPLE_FRAME)), "cut short"),
    # frames that nest without end
    Case("vlan_nested_2000", "pcap", lambda: hollow_frames(2000), 1),
    Case("gre_nested_300", "pcap", lambda: pcap([nested_gre(300)]), 1),
    Case("ip_in_ip_nested_1000", "pcap", lambda: pcap([nested_ip_in_ip(1000)]), 1),
    Case("tcp_reassembly_holes", "pcap", lambda: pcap(tcp_reassembly_holes(200)), 400),
    Case("tcp_sequence_wrap_and_overlaps", "pcap", lambda: pcap(tcp_wrap_and_overlaps()), len(tcp_wrap_and_overlaps())),
]


def main(argv) -> int:
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(c.name for c in CASES))
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        (out / f"{case.name}.{case.ext}").write_bytes(case.build())
    print(f"{len(CASES)} hostile captures in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
