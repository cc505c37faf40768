// tcp_analysis.hpp — Wireshark's TCP sequence analysis ("SEQ/ACK analysis"): per segment,
// retransmissions, lost and out-of-order segments, duplicate ACKs, window conditions, which
// earlier segment an ACK acknowledges and after how long (tcp.analysis.ack_rtt), bytes in
// flight. It runs on every segment in capture order, as tshark's single pass does.
#pragma once

#include <cstdint>
#include <optional>

#include "core/io/captured_frame.hpp"
#include "core/proto/tcp_analysis_result.hpp"
#include "core/proto/tcp_streams.hpp"

namespace caplens::proto {

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


// Analyses `segment`, travelling in `direction` of `stream`, and updates the stream's state.
// Sets the directions' base sequence numbers when first seen.
[[nodiscard]] TcpAnalysisResult analyzeSegment(TcpStream& stream, int direction, const TcpSegmentFacts& segment);

}  // namespace caplens::proto
