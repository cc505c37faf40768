// tcp_streams.hpp — what TCP remembers across frames, per capture: its streams (numbered as
// tshark's tcp.stream), per direction the base sequence number, the highest sequence seen and
// the PDUs being reassembled from several segments.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "core/io/captured_frame.hpp"
#include "core/proto/dissector.hpp"
#include "core/proto/frame_facts.hpp"

namespace caplens::proto {

// Sequence-number arithmetic modulo 2^32 (RFC 793 section 3.3).
[[nodiscard]] inline bool seqLess(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }
[[nodiscard]] inline bool seqLessEqual(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) <= 0; }

// The endpoints of a segment: addresses of its innermost IP header and its ports.
struct TcpEndpoints {
    std::array<std::uint8_t, 16> source{};
    std::array<std::uint8_t, 16> destination{};
    std::uint8_t addressLength = 4;
    std::uint16_t sourcePort = 0;
    std::uint16_t destinationPort = 0;
};

// A higher-level PDU that continues over several segments (Wireshark's multisegment PDU).
struct MultiSegmentPdu {
    std::uint32_t seq = 0;  // raw sequence number of its first byte
    std::uint32_t end = 0;  // raw sequence number just past its last byte
    std::vector<std::uint8_t> data;
    std::vector<PduPiece> pieces;  // where its bytes came from, in order
    bool piecesInFrames = true;    // every piece lies in its frame's own bytes (rebuildable)
};

// A segment sent but not yet acknowledged (for ACK RTTs, retransmission timing, bytes in flight).
struct UnackedSegment {
    std::uint64_t frame = 0;
    std::uint32_t seq = 0;
    std::uint32_t nextSeq = 0;
    TimestampNs time = 0;
};

struct TcpDirection {
    // ---- sequence numbers shown relative to the base ----
    bool baseSet = false;
    std::uint32_t baseSeq = 0;  // tcp.seq is relative to this (the SYN's sequence number)

    // ---- sequence analysis (Wireshark's tcp_analyze_seq_info; 0 means "not seen yet") ----
    std::uint32_t nextSeq = 0;          // highest seq + len seen so far
    std::uint64_t nextSeqFrame = 0;
    TimestampNs nextSeqTime = 0;
    std::uint32_t maxSeqToBeAcked = 0;  // highest contiguous sequence number seen
    std::uint32_t lastAck = 0;
    TimestampNs lastAckTime = 0;
    std::uint64_t lastNonDupAck = 0;    // frame of the last ACK that was not a duplicate
    std::int32_t dupAckNumber = 0;
    std::uint32_t window = 0;           // last window, unscaled
    std::int8_t windowScale = -1;       // shift from this side's SYN: -1 unknown, -2 no scaling
    std::uint32_t lastSegmentFlags = 0; // analysis flags of this side's last segment
    std::deque<UnackedSegment> unacked; // newest first
    bool validBytesInFlight = true;
    std::uint32_t pushBytesSent = 0;
    bool pushSetLast = false;
    std::uint8_t sackCount = 0;         // SACK blocks of this side's last segment
    std::uint32_t sackLeft[4] = {};
    std::uint32_t sackRight[4] = {};
    bool closingInitiator = false;      // this side sent a FIN before the other side did

    // ---- payload handed to dissectors, and PDUs being reassembled ----
    bool maxNextSeqSet = false;
    std::uint32_t maxNextSeq = 0;   // end of the payload already handed to dissectors
    bool sawSyn = false;
    std::vector<MultiSegmentPdu> pdus;

    // The PDU being reassembled that contains sequence number `seq`.
    [[nodiscard]] MultiSegmentPdu* pduContaining(std::uint32_t seq);
    void erasePdu(const MultiSegmentPdu* pdu);
};

struct TcpStream {
    std::uint32_t index = 0;
    TcpEndpoints first;      // endpoints as the first segment of the stream saw them
    std::array<TcpDirection, 2> directions;  // [0]: from `first.source`, [1]: the reverse
    std::uint16_t serverPort = 0;             // destination port of the SYN
    const Dissector* conversationDissector = nullptr;
    bool sawSyn = false;
    bool sawSynAck = false;
    std::optional<TimestampNs> lastSynTime;   // of the most recent SYN (iRTT counts from it)
    std::optional<std::int64_t> initialRttNs; // tcp.analysis.initial_rtt once the handshake's ACK is seen
    bool reusedPorts = false;                 // opened by a SYN on the ports of an earlier stream
    bool closed = false;     // a FIN or RST was seen
    bool fresh = true;       // created by this segment (checked once for expected conversations)
};

class TcpStreams {
public:
    // The stream this segment belongs to, created (with the next index) when new or when a
    // SYN with a new initial sequence number reuses the ports of an old one, as tshark does.
    // Returns the stream and which direction of it the segment travels.
    std::pair<TcpStream*, int> lookup(const TcpEndpoints& endpoints, bool synWithoutAck, std::uint32_t seq);
    [[nodiscard]] std::size_t count() const { return m_streams.size(); }

private:
    struct Key {
        std::array<std::uint8_t, 16> a{}, b{};
        std::uint16_t portA = 0, portB = 0;
        std::uint8_t length = 4;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const;
    };
    static Key keyOf(const TcpEndpoints& e);

    std::deque<TcpStream> m_streams;  // a deque: streams never move once created
    std::unordered_map<Key, std::uint32_t, KeyHash> m_current;  // key -> index of its latest stream
};

}  // namespace caplens::proto
