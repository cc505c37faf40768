#include "core/io/pcapng_reader.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <string>

#include "core/io/pseudo_header.hpp"
#include "core/io/saturated_timestamp.hpp"

namespace caplens {
namespace {

// Every block:
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +---------------------------------------------------------------+
//   |                          Block Type                           |
//   +---------------------------------------------------------------+
//   |                      Block Total Length                       |
//   +---------------------------------------------------------------+
//   /                          Block Body                           /
//   +---------------------------------------------------------------+
//   |                      Block Total Length                       |
//   +---------------------------------------------------------------+
constexpr std::size_t kBlockHeader = 8;
constexpr std::size_t kBlockTrailer = 4;
constexpr std::uint32_t kMinBlock = kBlockHeader + kBlockTrailer;

constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr std::uint32_t kInterfaceDescription = 0x00000001;
constexpr std::uint32_t kObsoletePacket = 0x00000002;
constexpr std::uint32_t kSimplePacket = 0x00000003;
constexpr std::uint32_t kNameResolution = 0x00000004;
constexpr std::uint32_t kInterfaceStatistics = 0x00000005;
constexpr std::uint32_t kEnhancedPacket = 0x00000006;
constexpr std::uint32_t kDecryptionSecrets = 0x0000000A;
constexpr std::uint32_t kCustomCopy = 0x00000BAD;
constexpr std::uint32_t kCustomNoCopy = 0x40000BAD;

constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;

// Minimum total lengths: the header and trailer plus each block's fixed fields.
constexpr std::uint32_t kMinSectionHeader = kMinBlock + 16;  // magic, version, section length
constexpr std::uint32_t kMinInterface = kMinBlock + 8;       // link type, reserved, snap length
constexpr std::uint32_t kMinEnhancedPacket = kMinBlock + 20;
constexpr std::uint32_t kMinObsoletePacket = kMinBlock + 20;
constexpr std::uint32_t kMinSimplePacket = kMinBlock + 4;
constexpr std::uint32_t kMinNameResolution = kMinBlock + 4;  // one record header
constexpr std::uint32_t kMinStatistics = kMinBlock + 12;
constexpr std::uint32_t kMinDecryptionSecrets = kMinBlock + 8;
constexpr std::uint32_t kMinCustom = kMinBlock + 4;          // private enterprise number
constexpr std::uint32_t kMaxSecretsLength = 1024u * 1024u * 1024u;

// Option codes.
constexpr std::uint16_t kOptEnd = 0;
constexpr std::uint16_t kOptComment = 1;
constexpr std::array<std::uint16_t, 4> kOptCustom{2988, 2989, 19372, 19373};
constexpr std::uint16_t kShbHardware = 2;
constexpr std::uint16_t kShbOs = 3;
constexpr std::uint16_t kShbUserApplication = 4;
constexpr std::uint16_t kIfName = 2;
constexpr std::uint16_t kIfDescription = 3;
constexpr std::uint16_t kIfTsResolution = 9;
constexpr std::uint16_t kIfFilter = 11;
constexpr std::uint16_t kIfOs = 12;
constexpr std::uint16_t kIfTsOffset = 14;
constexpr std::uint16_t kEpbVerdict = 7;

// Name Resolution Block record types.
constexpr std::uint16_t kNrbEnd = 0;
constexpr std::uint16_t kNrbIpv4 = 1;
constexpr std::uint16_t kNrbIpv6 = 2;

constexpr std::uint64_t padTo4(std::uint64_t n) { return (n + 3) & ~std::uint64_t{3}; }

struct Option {
    std::uint16_t code = 0;
    Bytes value;
};

// Walks the options in `bytes` until opt_endofopt or the end, calling visit(option), which
// returns an error message or "". Returns the first error.
//
//   +-------------------------------+-------------------------------+
//   |          Option Code          |         Option Length         |
//   +-------------------------------+-------------------------------+
//   /        Option Value (padded to 32 bits)                       /
template <typename Visit>
std::string forEachOption(Bytes bytes, ByteOrder order, Visit&& visit) {
    SpanReader in(bytes, order);
    while (!in.atEnd()) {
        if (!in.has(4)) return "pcapng: Not enough data for option header";
        const std::uint16_t code = in.u16();
        const std::uint16_t length = in.u16();
        if (padTo4(length) > in.remaining()) {
            return "pcapng: Not enough data to handle option of length " + std::to_string(length);
        }
        const Bytes value = in.take(length);
        in.skip(padTo4(length) - length);
        if (code == kOptEnd) break;
        if (std::find(kOptCustom.begin(), kOptCustom.end(), code) != kOptCustom.end() && length < 4) {
            return "pcapng: option length (" + std::to_string(length) + ") too small for custom option";
        }
        std::string error = visit(Option{code, value});
        if (!error.empty()) return error;
    }
    return {};
}

// A UTF-8 option value, up to a terminating NUL if the writer added one.
std::string optionText(Bytes value) {
    const auto end = std::find(value.begin(), value.end(), std::uint8_t{0});
    return {value.begin(), end};
}

// The fixed lengths Wireshark insists on for packet block options (0: any length of at least
// `minimum`).
struct PacketOptionRule {
    std::uint16_t code;
    std::uint16_t exact;
    std::uint16_t minimum;
    const char* name;
};
constexpr std::array kPacketOptionRules{
    PacketOptionRule{2, 4, 0, "flags"},       PacketOptionRule{3, 0, 1, "hash"},
    PacketOptionRule{4, 8, 0, "drop count"},  PacketOptionRule{5, 8, 0, "packet id"},
    PacketOptionRule{6, 4, 0, "queue"},       PacketOptionRule{7, 0, 1, "verdict"},
};

std::string checkPacketOption(const Option& option) {
    for (const auto& rule : kPacketOptionRules) {
        if (rule.code != option.code) continue;
        const auto length = option.value.size();
        if (rule.exact != 0 && length != rule.exact) {
            return std::string("pcapng: packet block ") + rule.name + " option length " +
                   std::to_string(length) + " is not " + std::to_string(rule.exact);
        }
        if (length < rule.minimum) {
            return std::string("pcapng: packet block ") + rule.name + " option length " +
                   std::to_string(length) + " is < " + std::to_string(rule.minimum);
        }
        // Linux eBPF TC (1) and XDP (2) verdicts carry one 64-bit value.
        if (option.code == kEpbVerdict && (option.value[0] == 1 || option.value[0] == 2) && length != 9) {
            return "pcapng: packet block verdict option length " + std::to_string(length) + " is != 9";
        }
    }
    return {};
}

// if_tsresol: the top bit selects 2^-n instead of 10^-n. Resolutions finer than a 64-bit count
// can express make the clock useless, as in Wireshark (every time stamp becomes ~0).
std::uint64_t unitsPerSecond(std::uint8_t resolution) {
    const bool binary = (resolution & 0x80) != 0;
    const unsigned exponent = resolution & 0x7F;
    if (binary) return exponent < 64 ? std::uint64_t{1} << exponent : std::numeric_limits<std::uint64_t>::max();
    if (exponent >= 20) return std::numeric_limits<std::uint64_t>::max();
    std::uint64_t units = 1;
    for (unsigned i = 0; i < exponent; ++i) units *= 10;
    return units;
}

// The decimal digits capinfos prints for a clock of `units` ticks per second.
std::uint8_t digitsFor(std::uint64_t units) {
    if (units >= 1'000'000'000) return 9;
    if (units >= 1'000'000) return 6;
    if (units >= 1'000) return 3;
    if (units >= 100) return 2;
    if (units >= 10) return 1;
    return 0;
}

std::string hex32(std::uint32_t value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", value);
    return text;
}

}  // namespace

PcapngReader::PcapngReader() : CaptureReader(CaptureFormat::Pcapng) { want(0, kMinBlock); }

void PcapngReader::parse(const ByteWindow& window, FrameSink& sink) {
    const auto start = requestedIndex(window);
    if (!start) {
        failTruncated(request().offset);
        return;
    }
    std::size_t at = *start;
    while (state() == ReaderState::Reading) {
        const std::size_t used = parseBlock(window, at, sink);
        if (used == 0) break;
        at += used;
    }
}

void PcapngReader::corrupt(std::string message, std::uint64_t offset) {
    fail(CaptureErrorCode::CorruptRecord, std::move(message), offset);
}

std::size_t PcapngReader::parseBlock(const ByteWindow& window, std::size_t at, FrameSink& sink) {
    const std::uint64_t offset = window.offset + at;
    const Bytes rest = window.bytes.subspan(at);
    if (rest.empty() && window.reachesEnd) {
        finish();
        return 0;
    }
    const auto needMore = [&](std::size_t bytes) {
        if (window.reachesEnd) failTruncated(offset);
        else want(offset, bytes);
    };
    if (rest.size() < kMinBlock) {
        needMore(kMinBlock);
        return 0;
    }
    Block block;
    ByteOrder order = m_order;
    if (!readBlockHeader(rest, offset, block, order)) return 0;
    if (rest.size() < block.length) {
        needMore(block.length);
        return 0;
    }
    const Bytes whole = rest.first(block.length);
    block.body = whole.subspan(kBlockHeader, block.length - kMinBlock);
    block.trailer = padTo4(load<std::uint32_t>(whole.data() + block.length - 4, order));
    if (!dispatch(block, order, sink)) return 0;
    want(offset + block.length, kMinBlock);
    return block.length;
}

bool PcapngReader::readBlockHeader(Bytes bytes, std::uint64_t offset, Block& block, ByteOrder& order) {
    block.offset = offset;
    // The SHB's type reads the same in both byte orders; its byte-order magic decides the
    // order of everything else in the section, its own length included.
    block.type = load<std::uint32_t>(bytes.data(), order);
    if (loadLe32(bytes.data()) == kSectionHeader) {
        block.type = kSectionHeader;
        const std::uint32_t magic = loadLe32(bytes.data() + 8);
        if (magic == kByteOrderMagic) {
            order = ByteOrder::Little;
        } else if (byteSwap(magic) == kByteOrderMagic) {
            order = ByteOrder::Big;
        } else {
            corrupt("pcapng: unknown byte-order magic number " + hex32(magic), offset);
            return false;
        }
    } else if (!m_haveSection) {
        corrupt("pcapng: the file does not start with a Section Header Block", offset);
        return false;
    }
    const std::uint64_t length = padTo4(load<std::uint32_t>(bytes.data() + 4, order));
    if (length < kMinBlock) {
        corrupt("pcapng: total block length " + std::to_string(length) +
                    " is less than the minimum block size " + std::to_string(kMinBlock),
                offset);
        return false;
    }
    if (length > kMaxBlockLength) {
        corrupt("pcapng: total block length " + std::to_string(length) + " is too large (> " +
                    std::to_string(kMaxBlockLength) + ")",
                offset);
        return false;
    }
    block.length = static_cast<std::uint32_t>(length);
    return true;
}

bool PcapngReader::trailerMatches(const Block& block) {
    if (block.trailer == block.length) return true;
    corrupt("pcapng: total block lengths (first " + std::to_string(block.length) + " and second " +
                std::to_string(block.trailer) + ") don't match",
            block.offset);
    return false;
}

bool PcapngReader::dispatch(const Block& block, ByteOrder order, FrameSink& sink) {
    switch (block.type) {
        case kSectionHeader: return readSectionHeader(block, order);
        case kInterfaceDescription: return readInterfaceDescription(block);
        case kEnhancedPacket: return readEnhancedPacket(block, sink);
        case kSimplePacket: return readSimplePacket(block, sink);
        case kObsoletePacket: return readObsoletePacket(block, sink);
        case kNameResolution: return readNameResolution(block);
        case kInterfaceStatistics: return readStatistics(block);
        case kDecryptionSecrets: return readDecryptionSecrets(block);
        case kCustomCopy:
        case kCustomNoCopy: return requireLength(block, kMinCustom, "a CB") && trailerMatches(block);
        default: return trailerMatches(block);  // unknown block types are skipped, as the specification says
    }
}

bool PcapngReader::requireLength(const Block& block, std::uint32_t minimum, const char* name) {
    if (block.length >= minimum) return true;
    corrupt("pcapng: total block length " + std::to_string(block.length) + " of " + name +
                " is less than the minimum size " + std::to_string(minimum),
            block.offset);
    return false;
}

// Section Header Block body:
//   byte-order magic (4) | major (2) | minor (2) | section length (8) | options
bool PcapngReader::readSectionHeader(const Block& block, ByteOrder order) {
    if (!requireLength(block, kMinSectionHeader, "an SHB")) return false;
    SpanReader in(block.body, order);
    in.skip(4);
    const std::uint16_t major = in.u16();
    const std::uint16_t minor = in.u16();
    in.skip(8);  // the section length may be -1 (unknown); nothing depends on it
    // Wireshark reads 1.0, and 1.2 which some writers of newer block types announce.
    if (major != 1 || (minor != 0 && minor != 2)) {
        fail(CaptureErrorCode::UnsupportedVersion,
             "pcapng: unknown SHB version " + std::to_string(major) + "." + std::to_string(minor),
             block.offset);
        return false;
    }
    const bool first = !m_haveSection;
    std::vector<std::string> comments;
    std::string hardware, os, application;
    const std::string error = forEachOption(in.rest(), order, [&](const Option& option) {
        switch (option.code) {
            case kOptComment: comments.push_back(optionText(option.value)); break;
            case kShbHardware: hardware = optionText(option.value); break;
            case kShbOs: os = optionText(option.value); break;
            case kShbUserApplication: application = optionText(option.value); break;
            default: break;
        }
        return std::string();
    });
    if (!error.empty()) {
        corrupt(error, block.offset);
        return false;
    }
    if (!trailerMatches(block)) return false;
    m_order = order;
    m_haveSection = true;
    m_sectionBase = m_clocks.size();
    ++m_metadata.sections;
    if (first) {
        m_metadata.hardware = hardware;
        m_metadata.os = os;
        m_metadata.application = application;
    }
    for (auto& comment : comments) m_metadata.comments.push_back(std::move(comment));
    return true;
}

// Interface Description Block body:
//   link type (2) | reserved (2) | snap length (4) | options
bool PcapngReader::readInterfaceDescription(const Block& block) {
    if (!requireLength(block, kMinInterface, "an IDB")) return false;
    SpanReader in(block.body, m_order);
    InterfaceInfo info;
    InterfaceClock clock;
    info.linkType = in.u16();
    in.skip(2);
    info.snapLength = in.u32();
    bool haveResolution = false, haveOffset = false;
    const std::string error = forEachOption(in.rest(), m_order, [&](const Option& option) -> std::string {
        switch (option.code) {
            case kIfName: if (info.name.empty()) info.name = optionText(option.value); break;
            case kIfDescription: if (info.description.empty()) info.description = optionText(option.value); break;
            case kIfOs: if (info.os.empty()) info.os = optionText(option.value); break;
            case kIfFilter:
                if (option.value.empty()) return "pcapng: if_filter option length 0 is < 1";
                // Type 0 is a libpcap filter string; type 1 (BPF byte code) is not shown.
                if (option.value[0] == 0 && info.filter.empty()) info.filter = optionText(option.value.subspan(1));
                break;
            case kIfTsResolution:
                if (option.value.size() == 1 && !haveResolution) {
                    clock.unitsPerSecond = unitsPerSecond(option.value[0]);
                    haveResolution = true;
                }
                break;
            case kIfTsOffset:
                if (option.value.size() == 8 && !haveOffset) {
                    clock.offsetSeconds = static_cast<std::int64_t>(load<std::uint64_t>(option.value.data(), m_order));
                    haveOffset = true;
                }
                break;
            default: break;
        }
        return {};
    });
    if (!error.empty()) {
        corrupt(error, block.offset);
        return false;
    }
    if (!trailerMatches(block)) return false;
    clock.snapLength = info.snapLength;
    clock.linkType = info.linkType;
    info.timestampDigits = digitsFor(clock.unitsPerSecond);
    m_metadata.timestampDigits = m_clocks.empty()
                                     ? info.timestampDigits
                                     : std::max(m_metadata.timestampDigits, info.timestampDigits);
    m_metadata.interfaces.push_back(std::move(info));
    m_clocks.push_back(clock);
    return true;
}

const PcapngReader::InterfaceClock* PcapngReader::sectionInterface(std::uint32_t localId,
                                                                  std::uint64_t offset) {
    const std::size_t declared = m_clocks.size() - m_sectionBase;
    if (localId < declared) return &m_clocks[m_sectionBase + localId];
    corrupt("pcapng: interface index " + std::to_string(localId) +
                " is not less than section interface count " + std::to_string(declared),
            offset);
    return nullptr;
}

// Enhanced Packet Block body:
//   interface id (4) | timestamp high (4) | timestamp low (4) | captured length (4) |
//   original length (4) | packet data (padded to 32 bits) | options
bool PcapngReader::readEnhancedPacket(const Block& block, FrameSink& sink) {
    if (!requireLength(block, kMinEnhancedPacket, "an EPB")) return false;
    SpanReader in(block.body, m_order);
    PacketFields fields;
    fields.interfaceId = in.u32();
    const std::uint32_t high = in.u32();
    const std::uint32_t low = in.u32();
    fields.ticks = (std::uint64_t{high} << 32) | low;
    fields.capturedLength = in.u32();
    fields.originalLength = in.u32();
    fields.fixedLength = 20;
    return readPacket(block, fields, sink);
}

// Obsolete Packet Block body: as the EPB, but a 16-bit interface id and a 16-bit drop count.
bool PcapngReader::readObsoletePacket(const Block& block, FrameSink& sink) {
    if (!requireLength(block, kMinObsoletePacket, "a PB")) return false;
    SpanReader in(block.body, m_order);
    PacketFields fields;
    fields.interfaceId = in.u16();
    in.skip(2);  // drops count
    const std::uint32_t high = in.u32();
    const std::uint32_t low = in.u32();
    fields.ticks = (std::uint64_t{high} << 32) | low;
    fields.capturedLength = in.u32();
    fields.originalLength = in.u32();
    fields.fixedLength = 20;
    return readPacket(block, fields, sink);
}

bool PcapngReader::readPacket(const Block& block, const PacketFields& fields, FrameSink& sink) {
    const std::uint64_t dataEnd = fields.fixedLength + padTo4(fields.capturedLength);
    if (dataEnd > block.body.size()) {
        corrupt("pcapng: total block length " + std::to_string(block.length) +
                    " is too small for " + std::to_string(fields.capturedLength) +
                    " bytes of packet data",
                block.offset);
        return false;
    }
    const InterfaceClock* clock = sectionInterface(fields.interfaceId, block.offset);
    if (clock == nullptr) return false;
    if (fields.capturedLength > kMaxFrameLength) {
        corrupt("pcapng: cap_len " + std::to_string(fields.capturedLength) + " is larger than " +
                    std::to_string(kMaxFrameLength),
                block.offset);
        return false;
    }
    std::vector<std::string> comments;
    const std::string error = forEachOption(block.body.subspan(dataEnd), m_order, [&](const Option& option) {
        if (option.code == kOptComment) comments.push_back(optionText(option.value));
        return checkPacketOption(option);
    });
    if (!error.empty()) {
        corrupt(error, block.offset);
        return false;
    }
    CapturedFrame frame;
    frame.timestampNs = toNanoseconds(fields.ticks, *clock);
    frame.linkType = clock->linkType;
    frame.interfaceId = static_cast<std::uint32_t>(m_sectionBase + fields.interfaceId);
    frame.fileOffset = block.offset + kBlockHeader + fields.fixedLength;
    frame.data = block.body.subspan(fields.fixedLength, fields.capturedLength);
    const auto pseudoHeader = pseudoHeaderLength(frame.linkType, frame.data);
    if (!pseudoHeader) {
        corrupt("pcapng: packet too short for its link type's pseudo-header", block.offset);
        return false;
    }
    if (!trailerMatches(block)) return false;
    frame.pseudoHeaderLength = *pseudoHeader;
    frame.capturedLength = fields.capturedLength - *pseudoHeader;
    frame.originalLength = fields.originalLength > *pseudoHeader ? fields.originalLength - *pseudoHeader : 0;
    if (!comments.empty()) frame.flags |= kFrameHasComment;
    for (auto& comment : comments) commentNextFrame(std::move(comment));
    emit(sink, frame);
    return true;
}

// Simple Packet Block body: original length (4) | packet data (padded). The captured length is
// the original length limited by the snap length of the section's first interface.
bool PcapngReader::readSimplePacket(const Block& block, FrameSink& sink) {
    if (!requireLength(block, kMinSimplePacket, "an SPB")) return false;
    if (m_clocks.size() == m_sectionBase) {
        corrupt("pcapng: SPB appeared before any IDBs in the section", block.offset);
        return false;
    }
    const InterfaceClock& clock = m_clocks[m_sectionBase];
    const std::uint32_t originalLength = load<std::uint32_t>(block.body.data(), m_order);
    std::uint32_t capturedLength = originalLength;
    if (clock.snapLength != 0) capturedLength = std::min(capturedLength, clock.snapLength);
    if (4 + padTo4(capturedLength) > block.body.size()) {
        corrupt("pcapng: total block length " + std::to_string(block.length) +
                    " of an SPB is too small for " + std::to_string(originalLength) +
                    " bytes of packet data",
                block.offset);
        return false;
    }
    if (capturedLength > kMaxFrameLength) {
        corrupt("pcapng: cap_len " + std::to_string(capturedLength) + " is larger than " +
                    std::to_string(kMaxFrameLength),
                block.offset);
        return false;
    }
    CapturedFrame frame;
    frame.linkType = clock.linkType;
    frame.interfaceId = static_cast<std::uint32_t>(m_sectionBase);
    frame.fileOffset = block.offset + kBlockHeader + 4;
    frame.data = block.body.subspan(4, capturedLength);
    const auto pseudoHeader = pseudoHeaderLength(frame.linkType, frame.data);
    if (!pseudoHeader) {
        corrupt("pcapng: packet too short for its link type's pseudo-header", block.offset);
        return false;
    }
    if (!trailerMatches(block)) return false;
    frame.pseudoHeaderLength = *pseudoHeader;
    frame.capturedLength = capturedLength - *pseudoHeader;
    frame.originalLength = originalLength > *pseudoHeader ? originalLength - *pseudoHeader : 0;
    emit(sink, frame);
    return true;
}

// Name Resolution Block body: records, then options.
//   record type (2) | record value length (2) | value (padded to 32 bits)
// IPv4 and IPv6 records hold an address and one or more NUL-terminated names.
bool PcapngReader::readNameResolution(const Block& block) {
    if (!requireLength(block, kMinNameResolution, "an NRB")) return false;
    SpanReader in(block.body, m_order);
    std::vector<ResolvedName> names;
    while (!in.atEnd()) {
        if (!in.has(4)) {
            corrupt("pcapng: " + std::to_string(in.remaining()) +
                        " bytes left in the block < NRB record header size 4",
                    block.offset);
            return false;
        }
        const std::uint16_t type = in.u16();
        const std::uint16_t length = in.u16();
        if (padTo4(length) > in.remaining()) {
            corrupt("pcapng: " + std::to_string(in.remaining()) +
                        " bytes left in the block < NRB record length + padding " +
                        std::to_string(padTo4(length)),
                    block.offset);
            return false;
        }
        const Bytes value = in.take(length);
        in.skip(padTo4(length) - length);
        if (type == kNrbEnd) break;
        if ((type == kNrbIpv4 || type == kNrbIpv6) && !readNameRecord(value, type == kNrbIpv6, block.offset, names)) {
            return false;
        }
    }
    const std::string error = forEachOption(in.rest(), m_order, [](const Option&) { return std::string(); });
    if (!error.empty()) {
        corrupt(error, block.offset);
        return false;
    }
    if (!trailerMatches(block)) return false;
    for (auto& name : names) m_metadata.names.push_back(std::move(name));
    return true;
}

bool PcapngReader::readNameRecord(Bytes value, bool ipv6, std::uint64_t offset,
                                  std::vector<ResolvedName>& out) {
    const std::size_t addressLength = ipv6 ? 16 : 4;
    if (value.size() < addressLength) {
        corrupt(std::string("pcapng: NRB record length for IPv") + (ipv6 ? "6" : "4") + " record " +
                    std::to_string(value.size()) + " < minimum length " + std::to_string(addressLength),
                offset);
        return false;
    }
    Bytes rest = value.subspan(addressLength);
    while (!rest.empty()) {
        const auto nul = std::find(rest.begin(), rest.end(), std::uint8_t{0});
        if (nul == rest.end()) {
            corrupt("pcapng: NRB record has non-null-terminated host name", offset);
            return false;
        }
        ResolvedName name;
        name.ipv6 = ipv6;
        std::copy_n(value.begin(), addressLength, name.address.begin());
        name.name.assign(rest.begin(), nul);
        out.push_back(std::move(name));
        rest = rest.subspan(static_cast<std::size_t>(nul - rest.begin()) + 1);
    }
    return true;
}

// Interface Statistics Block body: interface id (4) | timestamp (8) | options. Checked only.
bool PcapngReader::readStatistics(const Block& block) {
    if (!requireLength(block, kMinStatistics, "an ISB")) return false;
    const std::string error = forEachOption(block.body.subspan(12), m_order, [](const Option&) { return std::string(); });
    if (!error.empty()) {
        corrupt(error, block.offset);
        return false;
    }
    return trailerMatches(block);
}

// Decryption Secrets Block body: secrets type (4) | secrets length (4) | secrets (padded) |
// options. Checked only (Wireshark reads no options here either).
bool PcapngReader::readDecryptionSecrets(const Block& block) {
    if (!requireLength(block, kMinDecryptionSecrets, "a DSB")) return false;
    const std::uint32_t length = load<std::uint32_t>(block.body.data() + 4, m_order);
    if (length > kMaxSecretsLength || 8 + std::uint64_t{length} > block.body.size()) {
        corrupt("pcapng: secrets block is too large: " + std::to_string(length), block.offset);
        return false;
    }
    return trailerMatches(block);
}

TimestampNs PcapngReader::toNanoseconds(std::uint64_t ticks, const InterfaceClock& clock) const {
    // Whole seconds, plus the remainder scaled exactly (128-bit, so picosecond clocks are
    // right too), plus if_tsoffset. Times a 64-bit nanosecond count cannot hold saturate.
    using Wide = __int128;
    const std::uint64_t units = clock.unitsPerSecond;
    const Wide seconds = static_cast<Wide>(ticks / units) + clock.offsetSeconds;
    const Wide fraction = static_cast<Wide>((static_cast<unsigned __int128>(ticks % units) * 1'000'000'000u) / units);
    return saturatedTimestamp(seconds * 1'000'000'000 + fraction);
}

}  // namespace caplens
