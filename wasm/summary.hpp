// summary.hpp — the figures of the page's first screen, the three questions of DESIGN.md,
// taken from the first pass's analyses (no ImGui here; the view only draws them):
//   1. latency: handshake RTTs as a histogram, the slowest connections, the capture side;
//   2. protocols: the protocol hierarchy, with the protocols that deserve a second look;
//   3. top destinations (IPv4 and IPv6) and destination ports.
// Every row carries the display filter one click applies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/capture_statistics.hpp"
#include "core/analysis/protocol_hierarchy.hpp"

namespace caplens::wasm {

// A protocol worth a second look, and why.
struct FlaggedProtocol {
    std::string_view abbrev;  // "bittorrent"
    std::string_view reason;  // "peer-to-peer file sharing"
};
// The list the summary checks (protocols absent from the registry never match).
[[nodiscard]] const std::vector<FlaggedProtocol>& flaggedProtocols();

struct SummaryConnection {
    std::uint32_t stream = 0;
    std::string client;  // "10.0.0.4:50432"
    std::string server;
    std::optional<std::int64_t> synToSynAckNs, synAckToAckNs, irttNs, rttNs;
    std::string outcome;  // "established", "no answer", ...
    std::string filter;   // "tcp.stream == 3"
};

struct SummaryProtocol {
    std::string abbrev;
    std::uint64_t frames = 0;
    std::uint64_t bytes = 0;
    int depth = 0;
    bool hasChildren = false;
    std::string_view flagReason;  // empty: not flagged
};

struct SummaryRow {
    std::string label;   // "10.0.0.5", "TCP 443"
    std::uint64_t frames = 0;
    std::string filter;  // "ip.dst == 10.0.0.5", "tcp.port == 443"
};

struct Summary {
    // 1. latency
    std::string captureSide;              // "client", "server", "middle", "mixed", "unknown"
    std::uint64_t handshakes = 0;
    std::uint64_t established = 0;
    std::uint64_t unanswered = 0;         // no answer, reset
    std::uint64_t unavailableFrames = 0;  // cut before their TCP header
    std::vector<std::int64_t> rttsNs;     // the network RTT of each established connection
    std::vector<SummaryConnection> slowest;  // by RTT (or SYN time for unanswered), descending
    // 2. protocols, in tree order (depth-first)
    std::vector<SummaryProtocol> protocols;
    std::uint64_t totalFrames = 0;
    std::uint64_t totalBytes = 0;
    std::vector<SummaryProtocol> flagged;  // one per flagged protocol present (summed over paths)
    // 3. destinations and ports
    std::vector<SummaryRow> destinations;
    std::vector<SummaryRow> ports;
    // cut by the snap length
    std::uint64_t truncatedFrames = 0;
};

// At most `limit` slowest connections / destinations / ports.
[[nodiscard]] Summary buildSummary(const CaptureStatistics& stats, const ProtocolHierarchy& hierarchy,
                                   std::size_t limit = 10);

// Buckets of a histogram of `values` (ns) between 0 and their maximum: counts per bucket, and
// each bucket's width in ns.
struct Histogram {
    std::vector<std::uint32_t> counts;
    std::int64_t bucketNs = 1;
};
[[nodiscard]] Histogram histogramOf(const std::vector<std::int64_t>& values, std::size_t buckets);

}  // namespace caplens::wasm
