// frame_index.hpp — what the capture model keeps per frame after the first pass: where the
// frame's bytes are, its times and lengths, its Protocol column, and the facts its dissection
// took from earlier frames (frame_facts.hpp), so that any frame can be dissected again on its
// own. Struct of arrays, a few tens of bytes per frame (measured by memoryBytes()); frame
// bytes are never kept — they are read again from the source by offset.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/io/captured_frame.hpp"
#include "core/proto/frame_facts.hpp"
#include "core/proto/packet.hpp"

namespace caplens {

// One frame as the index describes it.
struct IndexedFrame {
    std::uint64_t number = 0;  // from 1
    TimestampNs timestampNs = kNoTimestamp;
    std::uint64_t fileOffset = 0;
    std::uint32_t capturedLength = 0;
    std::uint32_t originalLength = 0;
    LinkType linkType = linktype::Unknown;
    std::uint32_t interfaceId = 0;
    std::uint8_t flags = 0;
};

class FrameIndex {
public:
    // Records frame number size()+1, dissected in the first pass as `packet`.
    void add(const CapturedFrame& frame, const proto::Packet& packet);

    [[nodiscard]] std::size_t size() const { return m_time.size(); }
    [[nodiscard]] bool empty() const { return m_time.empty(); }

    // Frame `number` (1-based, <= size()).
    [[nodiscard]] IndexedFrame frame(std::uint64_t number) const;
    // What the dissector is told about frame `number` (times relative to the first frame and
    // to the previous one).
    [[nodiscard]] proto::FrameInfo frameInfo(std::uint64_t number) const;
    // The recorded facts of frame `number`.
    [[nodiscard]] proto::FrameFacts facts(std::uint64_t number) const;
    // The Protocol column of frame `number` as the first pass left it.
    [[nodiscard]] std::string_view protocolColumn(std::uint64_t number) const;
    // The TCP stream of frame `number`, or -1.
    [[nodiscard]] std::int64_t tcpStream(std::uint64_t number) const;

    // Bytes used by the index (for the documentation's figure and the heap guard).
    [[nodiscard]] std::size_t memoryBytes() const;

private:
    // Compact per-TCP-segment facts; the rest lives per stream or in sparse maps.
    struct TcpEntry {
        std::uint32_t stream;
        std::uint16_t analysisFlags;
        std::uint8_t role;           // TcpPayloadRole
        std::int8_t windowScale;
        std::uint8_t bits;           // kForward | kReverseBaseSet | kHasInitialRtt | kHasConversation...
        std::uint32_t bytesInFlight; // 0: none
        std::uint32_t pushBytesSent; // 0: none
    };
    // Facts that are rare or only exist on some segments.
    struct TcpDetail {
        std::uint64_t ackedFrame = 0;
        std::int64_t ackRttNs = 0;
        std::uint32_t duplicateAckNumber = 0;
        std::uint64_t duplicateAckFrame = 0;
        std::uint32_t alreadySeen = 0;
        std::uint32_t pduTail = 0;
        std::vector<proto::PduPiece> pieces;
    };
    // What stays the same over a stream once known.
    struct TcpStreamFacts {
        std::uint32_t baseSeq[2] = {0, 0};   // [0]: direction of the stream's first segment
        bool baseSet[2] = {false, false};
        std::int64_t initialRttNs = 0;
        std::uint16_t serverPort = 0;
        std::uint16_t conversationProtocol = 0xFFFF;
    };
    struct UdpEntry {
        std::uint32_t stream;
        std::uint16_t conversationProtocol;
    };

    void addTcp(std::uint32_t index, const proto::TcpFrameFacts& tcp);
    [[nodiscard]] std::uint16_t internProtocolColumn(std::string_view name);

    static constexpr std::uint32_t kNoTransport = 0xFFFFFFFF;
    static constexpr std::uint32_t kUdpTag = 0x80000000;

    std::vector<TimestampNs> m_time;
    std::vector<std::uint64_t> m_offset;
    std::vector<std::uint32_t> m_capturedLength;
    std::vector<std::uint32_t> m_originalLength;
    std::vector<std::uint16_t> m_encapsulation;  // index into m_encapsulations
    std::vector<std::uint16_t> m_protocolColumn; // index into m_protocolNames
    std::vector<std::uint32_t> m_transport;      // index into m_tcp, or kUdpTag | index into m_udp
    std::vector<TcpEntry> m_tcp;
    std::vector<UdpEntry> m_udp;
    std::unordered_map<std::uint32_t, TcpDetail> m_tcpDetails;  // by index into m_tcp
    std::vector<TcpStreamFacts> m_tcpStreams;
    std::unordered_map<std::uint32_t, std::vector<proto::PacketNote>> m_notes;  // by frame index
    struct Encapsulation {
        LinkType linkType;
        std::uint32_t interfaceId;
        std::uint8_t flags;
    };
    std::vector<Encapsulation> m_encapsulations;
    std::vector<std::string> m_protocolNames;
    std::unordered_map<std::string, std::uint16_t> m_protocolIds;
    TimestampNs m_firstTime = kNoTimestamp;
};

}  // namespace caplens
