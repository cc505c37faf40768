#include "core/io/snoop_reader.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "core/util/byte_order.hpp"

namespace caplens {
namespace {

// File header: magic (8) | version (4) | datalink type (4).
constexpr std::size_t kFileHeader = 16;
// Record header: original length | included length | record length | cumulative drops |
// seconds | microseconds (4 each), then the data and padding up to the record length.
constexpr std::size_t kRecordHeader = 24;
// A Surveyor record trailer (in the padding): 2 + 2 + 4 + 4 + 4 bytes.
constexpr std::uint32_t kSurveyorTrailer = 16;
constexpr std::uint32_t kPrivateDatalink = 0x80000000;
constexpr std::uint32_t kSunAtmHeader = 4;

// RFC 1761 / DLPI datalink types (index) -> link type; Unknown = unsupported.
constexpr std::array<LinkType, 27> kDatalinks{
    linktype::Ethernet,   // 0: IEEE 802.3
    linktype::Unknown,    // 1: IEEE 802.4 Token Bus
    linktype::Ieee802_5,  // 2: IEEE 802.5 Token Ring
    linktype::Unknown,    // 3: IEEE 802.6 Metro Net
    linktype::Ethernet,   // 4: Ethernet
    linktype::Unknown,    // 5: HDLC
    linktype::Unknown,    // 6: character synchronous
    linktype::Unknown,    // 7: IBM channel-to-channel
    linktype::Fddi,       // 8: FDDI
    linktype::Null,       // 9: other
    linktype::Unknown,    // 10: Frame Relay LAPF
    linktype::Unknown,    // 11: multi-protocol over Frame Relay
    linktype::Unknown,    // 12: character asynchronous
    linktype::Unknown,    // 13: X.25 classical IP
    linktype::Null,       // 14: software loopback
    linktype::Unknown,    // 15: undefined
    linktype::IpOverFc,   // 16: Fibre Channel
    linktype::Unknown,    // 17: ATM
    linktype::SunAtm,     // 18: ATM classical IP (atmsnoop)
    linktype::Unknown,    // 19: X.25 LAPB
    linktype::Unknown,    // 20: ISDN
    linktype::Unknown,    // 21: HIPPI
    linktype::Unknown,    // 22: 100VG-AnyLAN Ethernet
    linktype::Unknown,    // 23: 100VG-AnyLAN Token Ring
    linktype::Unknown,    // 24: ISO 8802/3 and Ethernet
    linktype::Unknown,    // 25: 100BaseT
    linktype::Unknown,    // 26: InfiniBand (a snoop-only encapsulation caplens does not read)
};

// Surveyor's own numbering.
constexpr std::array<LinkType, 20> kSurveyorDatalinks{
    linktype::Ethernet, linktype::Unknown,   linktype::Ieee802_5, linktype::Unknown,
    linktype::Ethernet, linktype::Unknown,   linktype::Unknown,   linktype::Unknown,
    linktype::Fddi,     linktype::Unknown,   linktype::Ethernet,  linktype::Ieee802_5,
    linktype::Ethernet, linktype::Ieee802_5, linktype::Ieee802_5, linktype::Unknown,
    linktype::Unknown,  linktype::Unknown,
    linktype::Unknown,   // 18: 802.11 with Surveyor's radio header
    linktype::Ethernet,  // 19: 10 Gigabit Ethernet
};

// Solaris private datalink types (low bits, with the top bit set).
constexpr std::uint32_t kPrivateIpnet = 5;

}  // namespace

SnoopReader::SnoopReader() : CaptureReader(CaptureFormat::Snoop) {
    want(0, kFileHeader + kRecordHeader);
}

void SnoopReader::corrupt(std::string message, std::uint64_t offset) {
    fail(CaptureErrorCode::CorruptRecord, std::move(message), offset);
}

void SnoopReader::parse(const ByteWindow& window, FrameSink& sink) {
    const auto start = requestedIndex(window);
    if (!start) return;
    if (!m_haveHeader && !parseFileHeader(window.bytes.subspan(*start), window.reachesEnd)) return;
    std::size_t at = static_cast<std::size_t>(request().offset - window.offset);
    while (state() == ReaderState::Reading) {
        const std::size_t used = parseRecord(window, at, sink);
        if (used == 0) break;
        at += used;
    }
}

bool SnoopReader::parseFileHeader(Bytes bytes, bool atEnd) {
    // The first record header is needed too: its padding tells snoop from Surveyor.
    if (bytes.size() < kFileHeader + kRecordHeader && !atEnd) {
        want(0, kFileHeader + kRecordHeader);
        return false;
    }
    if (bytes.size() < kFileHeader) {
        failTruncated(0, "the file header");
        return false;
    }
    const std::uint32_t version = loadBe32(bytes.data() + 8);
    if (version < 2 || version > 5) {
        fail(CaptureErrorCode::UnsupportedVersion, "snoop: version " + std::to_string(version) + " unsupported", 8);
        return false;
    }
    bool surveyor = false;
    if (bytes.size() >= kFileHeader + kRecordHeader) {
        const std::uint64_t included = loadBe32(bytes.data() + kFileHeader + 4);
        const std::uint64_t recordLength = loadBe32(bytes.data() + kFileHeader + 8);
        surveyor = recordLength > kRecordHeader + included &&
                   recordLength - kRecordHeader - included >= kSurveyorTrailer;
    }
    if (!chooseLinkType(loadBe32(bytes.data() + 12), surveyor)) return false;
    InterfaceInfo implicit;
    implicit.linkType = m_linkType;
    m_metadata.interfaces.push_back(implicit);
    m_haveHeader = true;
    want(kFileHeader, kRecordHeader);
    return true;
}

bool SnoopReader::chooseLinkType(std::uint32_t datalink, bool surveyor) {
    if (surveyor) {
        if (datalink < kSurveyorDatalinks.size()) m_linkType = kSurveyorDatalinks[datalink];
    } else if ((datalink & kPrivateDatalink) != 0) {
        if ((datalink & ~kPrivateDatalink) == kPrivateIpnet) m_linkType = linktype::Ipnet;
    } else if (datalink < kDatalinks.size()) {
        m_linkType = kDatalinks[datalink];
    }
    if (m_linkType == linktype::Unknown) {
        fail(CaptureErrorCode::UnsupportedVersion,
             std::string("snoop: ") + (surveyor ? "Shomiti " : "") + "network type " +
                 std::to_string(datalink) + " unknown or unsupported",
             12);
        return false;
    }
    if (m_linkType == linktype::SunAtm) m_pseudoHeader = kSunAtmHeader;
    return true;
}

std::size_t SnoopReader::parseRecord(const ByteWindow& window, std::size_t at, FrameSink& sink) {
    const std::uint64_t offset = window.offset + at;
    const Bytes rest = window.bytes.subspan(at);
    if (rest.empty() && window.reachesEnd) {
        finish();
        return 0;
    }
    const auto needMore = [&](std::size_t length) {
        if (window.reachesEnd) failTruncated(offset);
        else want(offset, length);
    };
    if (rest.size() < kRecordHeader) {
        needMore(kRecordHeader);
        return 0;
    }
    SpanReader in(rest, ByteOrder::Big);
    const std::uint32_t originalLength = in.u32();
    const std::uint32_t includedLength = in.u32();
    const std::uint32_t recordLength = in.u32();
    in.skip(4);  // cumulative drops
    const std::uint32_t seconds = in.u32();
    const std::uint32_t microseconds = in.u32();
    if (originalLength > kMaxFrameLength || includedLength > kMaxFrameLength) {
        corrupt("snoop: File has " + std::to_string(std::max(originalLength, includedLength)) +
                    "-byte packet, bigger than maximum of " + std::to_string(kMaxFrameLength),
                offset);
        return 0;
    }
    if (recordLength < kRecordHeader + includedLength) {
        corrupt("snoop: File has " + std::to_string(recordLength) + "-byte record with packet size of " +
                    std::to_string(includedLength),
                offset);
        return 0;
    }
    // Wireshark reads the padding too, so a record is only whole with it. Padding is a few
    // bytes in practice; more than a block's worth is not a snoop record.
    if (recordLength > kMaxBlockLength) {
        corrupt("snoop: File has " + std::to_string(recordLength) + "-byte record, longer than any packet needs",
                offset);
        return 0;
    }
    if (includedLength < m_pseudoHeader) {
        corrupt("snoop: atmsnoop file has a " + std::to_string(includedLength) +
                    "-byte packet, too small to have even an ATM pseudo-header",
                offset);
        return 0;
    }
    if (rest.size() < recordLength) {
        needMore(recordLength);
        return 0;
    }
    CapturedFrame frame;
    // As Wireshark: microseconds scaled in 32-bit arithmetic, no carry into the seconds.
    frame.timestampNs = std::int64_t{seconds} * 1'000'000'000 + static_cast<std::uint32_t>(microseconds * 1000u);
    frame.linkType = m_linkType;
    frame.fileOffset = offset + kRecordHeader;
    frame.data = rest.subspan(kRecordHeader, includedLength);
    frame.pseudoHeaderLength = m_pseudoHeader;
    frame.capturedLength = includedLength - m_pseudoHeader;
    frame.originalLength = originalLength > m_pseudoHeader ? originalLength - m_pseudoHeader : 0;
    emit(sink, frame);
    want(offset + recordLength, kRecordHeader);
    return recordLength;
}

}  // namespace caplens
