#include "core/capture/frame_index.hpp"

namespace caplens {
namespace {

// TcpEntry::bits
constexpr std::uint8_t kForward = 1u << 0;         // travels like the stream's first segment
constexpr std::uint8_t kReverseBaseSet = 1u << 1;
constexpr std::uint8_t kHasInitialRtt = 1u << 2;
constexpr std::uint8_t kHasConversation = 1u << 3;
constexpr std::uint8_t kHasDetail = 1u << 4;       // an entry in m_tcpDetails
constexpr std::uint8_t kFinActive = 1u << 5;       // a FIN that initiates the closing
constexpr std::uint8_t kFinPassive = 1u << 6;      // a FIN that undergoes it

}  // namespace

void FrameIndex::add(const CapturedFrame& frame, const proto::Packet& packet) {
    const auto index = static_cast<std::uint32_t>(m_time.size());
    // A frame without a timestamp counts as time 0 (Wireshark zeroes its abs_ts), the first
    // frame being the reference whether it has one or not.
    if (m_time.empty()) m_firstTime = frame.hasTimestamp() ? frame.timestampNs : 0;
    m_time.push_back(frame.timestampNs);
    m_offset.push_back(frame.fileOffset);
    m_capturedLength.push_back(frame.capturedLength);
    m_originalLength.push_back(frame.originalLength);

    std::uint16_t encapsulation = 0;
    for (; encapsulation < m_encapsulations.size(); ++encapsulation) {
        const Encapsulation& e = m_encapsulations[encapsulation];
        if (e.linkType == frame.linkType && e.interfaceId == frame.interfaceId && e.flags == frame.flags) break;
    }
    if (encapsulation == m_encapsulations.size() && encapsulation < 0xFFFF) {
        m_encapsulations.push_back({frame.linkType, frame.interfaceId, frame.flags});
    }
    m_encapsulation.push_back(encapsulation);
    m_protocolColumn.push_back(internProtocolColumn(packet.protocolColumn()));

    const proto::FrameFacts& facts = packet.facts();
    if (!facts.notes.empty()) m_notes.emplace(index, facts.notes);
    if (facts.hasTcp) {
        m_transport.push_back(static_cast<std::uint32_t>(m_tcp.size()));
        addTcp(index, facts.tcp);
    } else if (facts.hasUdp) {
        m_transport.push_back(kUdpTag | static_cast<std::uint32_t>(m_udp.size()));
        m_udp.push_back({facts.udp.stream, facts.udp.conversationProtocol});
    } else {
        m_transport.push_back(kNoTransport);
    }
}

void FrameIndex::addTcp(std::uint32_t /*frameIndex*/, const proto::TcpFrameFacts& tcp) {
    if (m_tcpStreams.size() <= tcp.stream) m_tcpStreams.resize(static_cast<std::size_t>(tcp.stream) + 1);
    TcpStreamFacts& stream = m_tcpStreams[tcp.stream];
    const int direction = tcp.forward ? 0 : 1;
    if (!stream.baseSet[direction]) {
        stream.baseSet[direction] = true;
        stream.baseSeq[direction] = tcp.baseSeq;
    }
    if (tcp.reverseBaseSet && !stream.baseSet[1 - direction]) {
        stream.baseSet[1 - direction] = true;
        stream.baseSeq[1 - direction] = tcp.reverseBaseSeq;
    }
    if (tcp.initialRttNs) stream.initialRttNs = *tcp.initialRttNs;
    stream.serverPort = tcp.serverPort;
    if (tcp.conversationProtocol != 0xFFFF) stream.conversationProtocol = tcp.conversationProtocol;

    TcpEntry entry{};
    entry.stream = tcp.stream;
    entry.analysisFlags = static_cast<std::uint16_t>(tcp.analysis.flags);
    entry.role = static_cast<std::uint8_t>(tcp.role);
    entry.windowScale = tcp.windowScale;
    entry.bits = (direction == 0 ? kForward : 0) | (tcp.reverseBaseSet ? kReverseBaseSet : 0) |
                 (tcp.initialRttNs ? kHasInitialRtt : 0) | (tcp.conversationProtocol != 0xFFFF ? kHasConversation : 0) |
                 (tcp.analysis.closing == proto::TcpClosing::Active ? kFinActive : 0) |
                 (tcp.analysis.closing == proto::TcpClosing::Passive ? kFinPassive : 0);
    entry.bytesInFlight = tcp.analysis.bytesInFlight.value_or(0);
    entry.pushBytesSent = tcp.analysis.pushBytesSent.value_or(0);
    const bool detailed = tcp.analysis.ackedFrame || tcp.analysis.duplicateAckNumber || tcp.alreadySeen ||
                          !tcp.pieces.empty() || tcp.pduTail || (tcp.analysis.hasAnalysis && !tcp.analysis.flags &&
                                                                  !tcp.analysis.bytesInFlight);
    if (detailed) {
        entry.bits |= kHasDetail;
        TcpDetail detail;
        detail.ackedFrame = tcp.analysis.ackedFrame;
        detail.ackRttNs = tcp.analysis.ackRttNs;
        detail.duplicateAckNumber = tcp.analysis.duplicateAckNumber;
        detail.duplicateAckFrame = tcp.analysis.duplicateAckFrame;
        detail.alreadySeen = tcp.alreadySeen;
        detail.pduTail = tcp.pduTail;
        detail.pieces = tcp.pieces;
        m_tcpDetails.emplace(static_cast<std::uint32_t>(m_tcp.size()), std::move(detail));
    }
    m_tcp.push_back(entry);
}

std::uint16_t FrameIndex::internProtocolColumn(std::string_view name) {
    auto it = m_protocolIds.find(std::string(name));
    if (it != m_protocolIds.end()) return it->second;
    if (m_protocolNames.size() >= 0xFFFF) return 0;
    const auto id = static_cast<std::uint16_t>(m_protocolNames.size());
    m_protocolNames.emplace_back(name);
    m_protocolIds.emplace(std::string(name), id);
    return id;
}

IndexedFrame FrameIndex::frame(std::uint64_t number) const {
    const std::size_t i = static_cast<std::size_t>(number - 1);
    const Encapsulation& e = m_encapsulations[m_encapsulation[i]];
    return {number, m_time[i], m_offset[i], m_capturedLength[i], m_originalLength[i], e.linkType, e.interfaceId, e.flags};
}

proto::FrameInfo FrameIndex::frameInfo(std::uint64_t number) const {
    const IndexedFrame f = frame(number);
    proto::FrameInfo info;
    info.number = number;
    info.timestampNs = f.timestampNs;
    info.capturedLength = f.capturedLength;
    info.originalLength = f.originalLength;
    info.linkType = f.linkType;
    info.interfaceId = f.interfaceId;
    info.flags = f.flags;
    // Frames without a timestamp count as time 0, as the first pass saw them.
    const auto timeOf = [](TimestampNs t) { return t != kNoTimestamp ? t : TimestampNs{0}; };
    info.sinceFirstNs = timeOf(f.timestampNs) - m_firstTime;
    if (number > 1) info.sincePreviousNs = timeOf(f.timestampNs) - timeOf(m_time[static_cast<std::size_t>(number - 2)]);
    return info;
}

proto::FrameFacts FrameIndex::facts(std::uint64_t number) const {
    proto::FrameFacts facts;
    if (const auto notes = m_notes.find(static_cast<std::uint32_t>(number - 1)); notes != m_notes.end()) {
        facts.notes = notes->second;
    }
    const std::uint32_t transport = m_transport[static_cast<std::size_t>(number - 1)];
    if (transport == kNoTransport) return facts;
    if (transport & kUdpTag) {
        const UdpEntry& udp = m_udp[transport & ~kUdpTag];
        facts.hasUdp = true;
        facts.udp.stream = udp.stream;
        facts.udp.conversationProtocol = udp.conversationProtocol;
        return facts;
    }
    const TcpEntry& entry = m_tcp[transport];
    const TcpStreamFacts& stream = m_tcpStreams[entry.stream];
    const int direction = (entry.bits & kForward) ? 0 : 1;
    facts.hasTcp = true;
    proto::TcpFrameFacts& tcp = facts.tcp;
    tcp.stream = entry.stream;
    tcp.forward = direction == 0;
    tcp.baseSeq = stream.baseSeq[direction];
    tcp.reverseBaseSet = (entry.bits & kReverseBaseSet) != 0;
    tcp.reverseBaseSeq = stream.baseSeq[1 - direction];
    tcp.windowScale = entry.windowScale;
    if (entry.bits & kHasInitialRtt) tcp.initialRttNs = stream.initialRttNs;
    tcp.serverPort = stream.serverPort;
    if (entry.bits & kHasConversation) tcp.conversationProtocol = stream.conversationProtocol;
    tcp.role = static_cast<proto::TcpPayloadRole>(entry.role);
    tcp.analysis.flags = entry.analysisFlags;
    if (entry.bits & kFinActive) tcp.analysis.closing = proto::TcpClosing::Active;
    if (entry.bits & kFinPassive) tcp.analysis.closing = proto::TcpClosing::Passive;
    if (entry.bytesInFlight) tcp.analysis.bytesInFlight = entry.bytesInFlight;
    if (entry.pushBytesSent) tcp.analysis.pushBytesSent = entry.pushBytesSent;
    tcp.analysis.hasAnalysis = entry.analysisFlags || entry.bytesInFlight || entry.pushBytesSent;
    if (entry.bits & kHasDetail) {
        const TcpDetail& d = m_tcpDetails.at(transport);
        tcp.analysis.ackedFrame = d.ackedFrame;
        tcp.analysis.ackRttNs = d.ackRttNs;
        tcp.analysis.duplicateAckNumber = d.duplicateAckNumber;
        tcp.analysis.duplicateAckFrame = d.duplicateAckFrame;
        tcp.analysis.hasAnalysis = true;
        tcp.alreadySeen = d.alreadySeen;
        tcp.pduTail = d.pduTail;
        tcp.pieces = d.pieces;
    }
    return facts;
}

std::string_view FrameIndex::protocolColumn(std::uint64_t number) const {
    return m_protocolNames[m_protocolColumn[static_cast<std::size_t>(number - 1)]];
}

std::int64_t FrameIndex::tcpStream(std::uint64_t number) const {
    const std::uint32_t transport = m_transport[static_cast<std::size_t>(number - 1)];
    if (transport == kNoTransport || (transport & kUdpTag)) return -1;
    return m_tcp[transport].stream;
}

std::size_t FrameIndex::memoryBytes() const {
    std::size_t bytes = m_time.capacity() * sizeof(TimestampNs) + m_offset.capacity() * 8 +
                        m_capturedLength.capacity() * 4 + m_originalLength.capacity() * 4 +
                        m_encapsulation.capacity() * 2 + m_protocolColumn.capacity() * 2 + m_transport.capacity() * 4 +
                        m_tcp.capacity() * sizeof(TcpEntry) + m_udp.capacity() * sizeof(UdpEntry) +
                        m_tcpStreams.capacity() * sizeof(TcpStreamFacts);
    // Hash maps: a node per entry plus the bucket array.
    bytes += m_tcpDetails.size() * (sizeof(TcpDetail) + 32) + m_tcpDetails.bucket_count() * sizeof(void*);
    for (const auto& [key, detail] : m_tcpDetails) bytes += detail.pieces.capacity() * sizeof(proto::PduPiece);
    bytes += m_notes.bucket_count() * sizeof(void*);
    for (const auto& [key, notes] : m_notes) {
        bytes += 32 + notes.capacity() * sizeof(proto::PacketNote);
        for (const proto::PacketNote& note : notes) bytes += note.bytes.capacity();
    }
    return bytes;
}

}  // namespace caplens
