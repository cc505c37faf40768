#include "core/io/pcapng_writer.hpp"

#include <algorithm>
#include <span>

namespace caplens {
namespace {

constexpr std::uint32_t kSectionHeaderBlock = 0x0A0D0D0A;
constexpr std::uint32_t kInterfaceDescriptionBlock = 1;
constexpr std::uint32_t kEnhancedPacketBlock = 6;
constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;

constexpr std::uint16_t kOptEndOfOpt = 0;
constexpr std::uint16_t kShbHardware = 2;
constexpr std::uint16_t kShbOs = 3;
constexpr std::uint16_t kShbUserAppl = 4;
constexpr std::uint16_t kIfName = 2;
constexpr std::uint16_t kIfDescription = 3;
constexpr std::uint16_t kIfTsresol = 9;
constexpr std::uint16_t kIfOs = 12;

constexpr std::size_t kMaxOptionLength = 0xFFFC;  // an option's length is 16 bits; stay aligned

}  // namespace

CaptureError PcapngWriter::write(const CapturedFrame& frame, const CaptureMetadata& input) {
    if (CaptureError error = checkLinkType(frame, "pcapng")) return error;
    if (!m_haveSection) writeSectionHeader(input);
    const std::uint32_t interfaceIndex = outputInterface(frame, input);
    const std::int64_t ns = frame.hasTimestamp() ? std::max<std::int64_t>(frame.timestampNs, 0) : 0;
    const auto units = static_cast<std::uint64_t>(ns / m_interfaces[interfaceIndex].nsPerUnit);
    //  Enhanced Packet Block:
    //  | type 6 | length | interface id | timestamp high | timestamp low |
    //  | captured length | original length | data, padded to 4 | (options) | length |
    beginBlock(kEnhancedPacketBlock);
    put32(interfaceIndex);
    put32(static_cast<std::uint32_t>(units >> 32));
    put32(static_cast<std::uint32_t>(units));
    put32(recordCapturedLength(frame));
    put32(recordOriginalLength(frame));
    putBytes(frame.data);
    padTo4();
    endBlock();
    countFrame();
    return {};
}

void PcapngWriter::finish(const CaptureMetadata& input) {
    if (!m_haveSection) writeSectionHeader(input);
}

void PcapngWriter::writeSectionHeader(const CaptureMetadata& input) {
    m_haveSection = true;
    //  | type 0x0A0D0D0A | length | byte-order magic | major 1 | minor 0 |
    //  | section length (64 bits, -1: not given) | options | length |
    beginBlock(kSectionHeaderBlock);
    put32(kByteOrderMagic);
    put16(1);
    put16(0);
    put32(0xFFFFFFFF);
    put32(0xFFFFFFFF);
    putStringOption(kShbHardware, input.hardware);
    putStringOption(kShbOs, input.os);
    putStringOption(kShbUserAppl, "caplens");
    put16(kOptEndOfOpt);
    put16(0);
    endBlock();
}

std::uint32_t PcapngWriter::outputInterface(const CapturedFrame& frame, const CaptureMetadata& input) {
    const auto matches = [&](const OutputInterface& out) {
        return out.inputId == frame.interfaceId && out.linkType == frame.linkType;
    };
    if (m_lastInterface < m_interfaces.size() && matches(m_interfaces[m_lastInterface])) {
        return static_cast<std::uint32_t>(m_lastInterface);
    }
    const auto found = std::find_if(m_interfaces.begin(), m_interfaces.end(), matches);
    m_lastInterface = static_cast<std::size_t>(found - m_interfaces.begin());
    if (found != m_interfaces.end()) return static_cast<std::uint32_t>(m_lastInterface);

    // A new (interface, link type): NetMon gives each frame its own link type and describes
    // no interface, so the input interface may be missing or of another link type.
    const InterfaceInfo* described = frameInterface(frame, input);
    const bool same = described != nullptr && described->linkType == frame.linkType;
    const std::uint8_t digits = described != nullptr ? described->timestampDigits : input.timestampDigits;
    const OutputInterface out{frame.interfaceId, frame.linkType, digits > 6 ? 1 : 1000};
    m_interfaces.push_back(out);
    //  | type 1 | length | link type (16) | reserved (16) | snap length | options | length |
    beginBlock(kInterfaceDescriptionBlock);
    put16(static_cast<std::uint16_t>(frame.linkType));
    put16(0);
    put32(same ? described->snapLength : 0);
    if (same) {
        putStringOption(kIfName, described->name);
        putStringOption(kIfDescription, described->description);
        putStringOption(kIfOs, described->os);
    }
    if (out.nsPerUnit == 1) {
        const std::uint8_t nanoseconds = 9;  // 10^-9 s
        put16(kIfTsresol);
        put16(1);
        putBytes(std::span(&nanoseconds, 1));
        padTo4();
    }
    put16(kOptEndOfOpt);
    put16(0);
    endBlock();
    return static_cast<std::uint32_t>(m_lastInterface);
}

void PcapngWriter::beginBlock(std::uint32_t type) {
    put32(type);
    put32(0);  // the length, filled in by endBlock()
}

void PcapngWriter::endBlock() {
    const auto length = static_cast<std::uint32_t>(recordSize() + 4);
    patch32(4, length);
    put32(length);
    flushRecord();
}

void PcapngWriter::putStringOption(std::uint16_t code, std::string_view text) {
    if (text.empty()) return;
    const std::size_t length = std::min(text.size(), kMaxOptionLength);
    put16(code);
    put16(static_cast<std::uint16_t>(length));
    putBytes(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), length));
    padTo4();
}

}  // namespace caplens
