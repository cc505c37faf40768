// tcp_analysis.hpp — Wireshark's TCP sequence analysis ("SEQ/ACK analysis"): per segment,
// retransmissions, lost and out-of-order segments, duplicate ACKs, window conditions, which
// earlier segment an ACK acknowledges and after how long (tcp.analysis.ack_rtt), bytes in
// flight. It runs on every segment in capture order, as tshark's single pass does.
#pragma once

#include <cstdint>
#include <optional>

#include "core/io/captured_frame.hpp"
#include "core/proto/tcp_streams.hpp"

namespace caplens::proto {

// The tcp.analysis.* conditions a segment can raise (Wireshark's TCP_A_*).
enum TcpAnalysisFlag : std::uint32_t {
    kTcpRetransmission = 1u << 0,
    kTcpFastRetransmission = 1u << 1,
    kTcpSpuriousRetransmission = 1u << 2,
    kTcpOutOfOrder = 1u << 3,
    kTcpLostSegment = 1u << 4,
    kTcpAckLostSegment = 1u << 5,
    kTcpDuplicateAck = 1u << 6,
    kTcpZeroWindow = 1u << 7,
    kTcpZeroWindowProbe = 1u << 8,
    kTcpZeroWindowProbeAck = 1u << 9,
    kTcpWindowFull = 1u << 10,
    kTcpWindowUpdate = 1u << 11,
    kTcpKeepAlive = 1u << 12,
    kTcpKeepAliveAck = 1u << 13,
    kTcpReusedPorts = 1u << 14,
};

// TCP header flag bits.
enum TcpHeaderFlag : std::uint16_t {
    kTcpFin = 0x001,
    kTcpSyn = 0x002,
    kTcpRst = 0x004,
    kTcpPsh = 0x008,
    kTcpAck = 0x010,
};

// One segment as the analysis sees it.
struct TcpSegmentFacts {
    std::uint64_t frame = 0;
    TimestampNs time = 0;
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint32_t length = 0;  // payload bytes
    std::uint16_t flags = 0;
    std::uint32_t window = 0;  // as in the header (unscaled)
    // SACK blocks of the segment (raw sequence numbers), for bytes in flight.
    std::uint8_t sackCount = 0;
    std::uint32_t sackLeft[4] = {};
    std::uint32_t sackRight[4] = {};
};

struct TcpAnalysisResult {
    // Wireshark shows a SEQ/ACK analysis subtree (and the iRTT in it) only for segments it
    // kept analysis data for: any flag, an acknowledged segment, or data it measured.
    bool hasAnalysis = false;
    std::uint32_t flags = 0;                  // TcpAnalysisFlag bits
    std::uint64_t ackedFrame = 0;             // tcp.analysis.acks_frame (0: none)
    std::int64_t ackRttNs = 0;                // tcp.analysis.ack_rtt (with ackedFrame)
    std::uint32_t duplicateAckNumber = 0;     // tcp.analysis.duplicate_ack_num (0: none)
    std::uint64_t duplicateAckFrame = 0;      // tcp.analysis.duplicate_ack_frame
    std::optional<std::uint32_t> bytesInFlight;
    std::optional<std::uint32_t> pushBytesSent;
};

// Analyses `segment`, travelling in `direction` of `stream`, and updates the stream's state.
// Sets the directions' base sequence numbers when first seen.
[[nodiscard]] TcpAnalysisResult analyzeSegment(TcpStream& stream, int direction, const TcpSegmentFacts& segment);

}  // namespace caplens::proto
