#include "core/io/pcap_writer.hpp"

#include <algorithm>
#include <string>

namespace caplens {
namespace {

constexpr std::uint32_t kMicrosecondMagic = 0xa1b2c3d4;
constexpr std::uint32_t kNanosecondMagic = 0xa1b23c4d;
constexpr std::int64_t kNsPerSecond = 1'000'000'000;

// The link type a pcap file of no frames states: the input's first interface's, else Ethernet.
LinkType emptyFileLinkType(const CaptureMetadata& input) {
    for (const InterfaceInfo& interface : input.interfaces) {
        if (interface.linkType < linktype::PrivateBase) return interface.linkType;
    }
    return linktype::Ethernet;
}

std::string linkTypeText(LinkType type) {
    return std::string(linkTypeNames(type).longName) + " (LINKTYPE " + std::to_string(type) + ")";
}

}  // namespace

CaptureError PcapWriter::write(const CapturedFrame& frame, const CaptureMetadata& input) {
    if (CaptureError error = checkLinkType(frame, "pcap")) return error;
    if (!m_haveHeader) writeFileHeader(frame.linkType, input);
    if (frame.linkType != m_linkType) {
        return {CaptureErrorCode::UnwritableFrame,
                "pcap holds one link type per file: this frame is " + linkTypeText(frame.linkType) +
                    ", earlier ones " + linkTypeText(m_linkType) + "; export as pcapng",
                frame.fileOffset};
    }
    // pcap's seconds are an unsigned 32-bit count: times outside it are clamped (a frame
    // without a timestamp, from a pcapng Simple Packet Block, gets 0).
    const std::int64_t ns = frame.hasTimestamp() ? std::max<std::int64_t>(frame.timestampNs, 0) : 0;
    const std::int64_t seconds = std::min<std::int64_t>(ns / kNsPerSecond, UINT32_MAX);
    put32(static_cast<std::uint32_t>(seconds));
    put32(static_cast<std::uint32_t>((ns % kNsPerSecond) / m_nsPerUnit));
    put32(recordCapturedLength(frame));
    put32(recordOriginalLength(frame));
    putBytes(frame.data);
    flushRecord();
    countFrame();
    return {};
}

void PcapWriter::finish(const CaptureMetadata& input) {
    if (!m_haveHeader) writeFileHeader(emptyFileLinkType(input), input);
}

void PcapWriter::writeFileHeader(LinkType linkType, const CaptureMetadata& input) {
    m_haveHeader = true;
    m_linkType = linkType;
    m_nsPerUnit = input.timestampDigits > 6 ? 1 : 1000;
    std::uint32_t snapLength = 0;
    for (const InterfaceInfo& interface : input.interfaces) {
        if (interface.linkType == linkType) snapLength = std::max(snapLength, interface.snapLength);
    }
    put32(m_nsPerUnit == 1 ? kNanosecondMagic : kMicrosecondMagic);
    put16(2);  // version 2.4
    put16(4);
    put32(0);  // thiszone
    put32(0);  // sigfigs
    put32(snapLength != 0 ? snapLength : kDefaultSnapLength);
    put32(linkType);
    flushRecord();
}

}  // namespace caplens
