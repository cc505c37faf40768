#include "core/io/pcap_reader.hpp"

#include <cstdio>
#include <string>

#include "core/io/pseudo_header.hpp"
#include "core/util/span_reader.hpp"

namespace caplens {
namespace {

// Global header: magic, version 2.4, thiszone, sigfigs, snaplen, network.
constexpr std::size_t kFileHeaderLength = 24;
// Record header: ts_sec, ts_frac, incl_len, orig_len (+ ifindex, protocol, pkt_type, pad when
// modified).
constexpr std::size_t kRecordHeaderLength = 16;
constexpr std::size_t kModifiedRecordHeaderLength = 24;

// The "network" field: link type in the low 16 bits, FCS information in the top bits, and
// bits 16..25 reserved (libpcap refuses files that set them, and so do we).
constexpr std::uint32_t kLinkTypeMask = 0x0000FFFF;
constexpr std::uint32_t kReservedMask = 0x03FF0000;

}  // namespace

PcapReader::PcapReader(CaptureFormat format) : CaptureReader(format) {
    want(0, kFileHeaderLength);
    if (format == CaptureFormat::PcapNsec) {
        m_fractionToNs = 1;
        m_metadata.timestampDigits = 9;
    }
    m_recordHeaderLength = format == CaptureFormat::PcapModified ? kModifiedRecordHeaderLength : kRecordHeaderLength;
}

void PcapReader::parse(const ByteWindow& window, FrameSink& sink) {
    if (!m_haveHeader && !parseFileHeader(window)) return;
    std::size_t at = static_cast<std::size_t>(request().offset - window.offset);
    while (state() == ReaderState::Reading) {
        const std::size_t used = parseRecord(window, at, sink);
        if (used == 0) break;
        at += used;
    }
}

bool PcapReader::parseFileHeader(const ByteWindow& window) {
    if (window.bytes.size() < kFileHeaderLength) {
        failTruncated(0, "the file header");
        return false;
    }
    m_order = loadLe32(window.bytes.data()) == 0xa1b2c3d4 ||
                      loadLe32(window.bytes.data()) == 0xa1b23c4d ||
                      loadLe32(window.bytes.data()) == 0xa1b2cd34
                  ? ByteOrder::Little
                  : ByteOrder::Big;
    SpanReader in(window.bytes, m_order);
    in.skip(4);
    const std::uint16_t major = in.u16();
    const std::uint16_t minor = in.u16();
    in.skip(8);  // thiszone, sigfigs: always zero in practice, ignored by libpcap
    const std::uint32_t snapLength = in.u32();
    const std::uint32_t network = in.u32();
    if (major != 2) {
        fail(CaptureErrorCode::UnsupportedVersion,
             "pcap: major version " + std::to_string(major) + " unsupported", 4);
        return false;
    }
    (void)minor;
    if ((network & kReservedMask) != 0) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "0x%08x", network & kReservedMask);
        fail(CaptureErrorCode::CorruptRecord,
             std::string("pcap: network type reserved field not zero (") + hex + ")", 20);
        return false;
    }
    InterfaceInfo interface;
    interface.linkType = network & kLinkTypeMask;
    interface.snapLength = snapLength;
    interface.timestampDigits = m_metadata.timestampDigits;
    m_metadata.interfaces.push_back(interface);
    m_haveHeader = true;
    want(kFileHeaderLength, m_recordHeaderLength);
    return true;
}

std::size_t PcapReader::parseRecord(const ByteWindow& window, std::size_t at, FrameSink& sink) {
    const std::uint64_t recordOffset = window.offset + at;
    const std::size_t available = window.bytes.size() - at;
    if (available == 0 && window.reachesEnd) {
        finish();
        return 0;
    }
    if (available < m_recordHeaderLength) {
        if (window.reachesEnd) failTruncated(recordOffset);
        else want(recordOffset, m_recordHeaderLength);
        return 0;
    }
    SpanReader in(window.bytes.subspan(at), m_order);
    const std::uint32_t seconds = in.u32();
    const std::uint32_t fraction = in.u32();
    const std::uint32_t capturedLength = in.u32();
    const std::uint32_t originalLength = in.u32();
    if (capturedLength > kMaxFrameLength) {
        fail(CaptureErrorCode::CorruptRecord,
             "pcap: File has " + std::to_string(capturedLength) +
                 "-byte packet, bigger than maximum of " + std::to_string(kMaxFrameLength),
             recordOffset);
        return 0;
    }
    const std::size_t recordLength = m_recordHeaderLength + capturedLength;
    if (available < recordLength) {
        if (window.reachesEnd) failTruncated(recordOffset);
        else want(recordOffset, recordLength);
        return 0;
    }
    CapturedFrame frame;
    // Invalid fractions (>= one second, which some writers emit) are taken as Wireshark takes
    // them: scaled to nanoseconds in 32-bit unsigned arithmetic, then added to the seconds.
    const std::uint32_t nanoseconds = fraction * static_cast<std::uint32_t>(m_fractionToNs);
    frame.timestampNs = static_cast<std::int64_t>(seconds) * 1'000'000'000 + nanoseconds;
    frame.linkType = m_metadata.interfaces.front().linkType;
    frame.fileOffset = recordOffset + m_recordHeaderLength;
    frame.data = window.bytes.subspan(at + m_recordHeaderLength, capturedLength);
    const auto pseudoHeader = pseudoHeaderLength(frame.linkType, frame.data);
    if (!pseudoHeader) {
        fail(CaptureErrorCode::CorruptRecord,
             "pcap: " + std::to_string(capturedLength) +
                 "-byte packet is too short for its link type's pseudo-header",
             recordOffset);
        return 0;
    }
    frame.pseudoHeaderLength = *pseudoHeader;
    frame.capturedLength = capturedLength - *pseudoHeader;
    frame.originalLength = originalLength > *pseudoHeader ? originalLength - *pseudoHeader : 0;
    emit(sink, frame);
    want(recordOffset + recordLength, m_recordHeaderLength);
    return recordLength;
}

}  // namespace caplens
