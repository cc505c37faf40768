// tcp_analysis_result.hpp — what Wireshark's TCP sequence analysis says about one segment
// (see tcp_analysis.hpp for how it is computed).
#pragma once

#include <cstdint>
#include <optional>

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
    kTcpUrg = 0x020,
};

// What a FIN says about who closes the connection (tcp.connection.fin_active / fin_passive).
enum class TcpClosing : std::uint8_t { None, Active, Passive };

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
    TcpClosing closing = TcpClosing::None;    // for FIN segments
};

}  // namespace caplens::proto
