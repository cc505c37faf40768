// handshake_report.hpp — the latency of every TCP connection from its handshake (DESIGN.md,
// question 1): per TCP stream with a SYN or a SYN/ACK, the client and server, the SYN, SYN/ACK
// and ACK frames, SYN retries, SYN -> SYN/ACK, SYN/ACK -> ACK, the initial RTT, and the outcome.
//
// The figures are tshark's:
//   syn_to_synack  tcp.analysis.ack_rtt on the first SYN/ACK: from the *first* SYN (a
//                  retransmitted SYN is not what Wireshark's SEQ/ACK analysis says it acks);
//   synack_to_ack  tcp.analysis.ack_rtt on the client's ACK: from the first SYN/ACK;
//   irtt           tcp.analysis.initial_rtt: from the most recent SYN to that ACK.
// Outcome: "established" (SYN/ACK and the client's ACK), "incomplete" (a SYN/ACK but no ACK
// from the client), "reset" (the server answered the SYN with a RST: closed port), "no answer"
// (only SYNs: filtered, or the server is down), "unavailable" (frames between the two hosts
// were cut by the snap length before their TCP header, so what happened cannot be told).
//
// Which side the capture was taken on: on the client, SYN -> SYN/ACK is the network RTT and
// SYN/ACK -> ACK is the client's own turnaround (near zero); on the server it is the other way
// round; a capture in between (a router, a tap) sees two comparable halves. Each established
// connection is classified by the ratio of its two legs (kSideRatio); the capture is "client"
// or "server" when at least 90% of them agree, "mixed" otherwise, "unknown" without any. The
// per-connection RTT (rtt_s) is the leg that is the network RTT for that connection (the
// whole iRTT in between), and the per-server summary (count, min, median, p95, max) is taken
// over it.
//
// Frames cut by the snap length before their TCP header (a 34-byte Ethernet + IPv4 capture)
// carry no ports, flags or stream: no figure is invented for them. They are counted
// (unavailableFrames), and a handshake whose missing answer may be among them is reported as
// "unavailable". Frames without a timestamp give no times (null).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/analysis/stats_support.hpp"
#include "core/io/captured_frame.hpp"
#include "core/proto/packet.hpp"

namespace caplens {

enum class HandshakeOutcome : std::uint8_t { Established, Incomplete, Reset, NoAnswer, Unavailable };
enum class CaptureSide : std::uint8_t { Unknown, Client, Server, Middle, Mixed };

[[nodiscard]] std::string_view handshakeOutcomeName(HandshakeOutcome outcome);  // "no answer"
[[nodiscard]] std::string_view captureSideName(CaptureSide side);               // "client"

// One leg is the network RTT when it is at least this many times the other.
inline constexpr double kSideRatio = 4.0;

struct Handshake {
    std::uint32_t stream = 0;
    StatAddress clientAddress;
    std::uint16_t clientPort = 0;
    StatAddress serverAddress;
    std::uint16_t serverPort = 0;
    std::uint64_t synFrame = 0;      // first SYN (0: none seen)
    std::uint32_t synCount = 0;
    std::uint64_t synAckFrame = 0;   // first SYN/ACK
    std::uint32_t synAckCount = 0;
    std::uint64_t ackFrame = 0;      // the client's first ACK after the SYN/ACK
    std::uint64_t resetFrame = 0;    // the server's first RST before any SYN/ACK
    std::optional<std::int64_t> synToSynAckNs;
    std::optional<std::int64_t> synAckToAckNs;
    std::optional<std::int64_t> irttNs;       // most recent SYN -> ACK
    std::optional<std::int64_t> synToResetNs;
    // tcp.analysis.initial_rtt as Wireshark sets it: the first ACK-flagged segment without SYN
    // after a SYN (it may be the RST), and its frame.
    std::optional<std::int64_t> wiresharkIrttNs;
    std::uint64_t wiresharkIrttFrame = 0;
    HandshakeOutcome outcome = HandshakeOutcome::NoAnswer;
    CaptureSide side = CaptureSide::Unknown;  // Client/Server/Middle for established ones
    std::optional<std::int64_t> rttNs;        // the network RTT by `side`

    [[nodiscard]] std::uint32_t synRetries() const { return synCount > 0 ? synCount - 1 : 0; }
};

struct ServerRtt {
    StatAddress address;
    std::uint16_t port = 0;
    std::size_t count = 0;  // connections with an RTT
    std::int64_t minNs = 0, medianNs = 0, p95Ns = 0, maxNs = 0;
};

class HandshakeReport {
public:
    HandshakeReport();

    void onFrame(const CapturedFrame& frame, const proto::Packet& packet) { onFrame(frame, packet, FrameTaps(packet)); }
    void onFrame(const CapturedFrame& frame, const proto::Packet& packet, const FrameTaps& taps);
    // Decides outcomes, sides and the per-server summary; call once after the last frame.
    void finish();

    // In stream order.
    [[nodiscard]] const std::vector<Handshake>& handshakes() const { return m_handshakes; }
    // By number of connections, descending (then by first appearance).
    [[nodiscard]] const std::vector<ServerRtt>& servers() const { return m_servers; }
    [[nodiscard]] CaptureSide captureSide() const { return m_side; }
    // Frames whose IP header announced TCP but that end before the TCP header.
    [[nodiscard]] std::uint64_t unavailableFrames() const { return m_unavailableFrames; }

    // {"capture_side":"client","handshakes":[{"stream":0,"client":"10.0.0.4:50432",
    //  "server":"10.0.0.5:443","syn_frame":1,"synack_frame":2,"ack_frame":3,"syn_retries":0,
    //  "syn_to_synack_s":0.002211,"synack_to_ack_s":0.000081,"irtt_s":0.002292,
    //  "outcome":"established", ...}],"servers":[{"server":"10.0.0.5:443","count":N,"min_s":..,
    //  "median_s":..,"p95_s":..,"max_s":..}],"unavailable_frames":N}  (README: Statistics)
    [[nodiscard]] std::string json() const;
    [[nodiscard]] std::string text(std::string_view filter) const;

private:
    struct PairKey {
        StatAddress low, high;
        bool operator==(const PairKey& o) const { return low == o.low && high == o.high; }
    };
    struct PairKeyHash {
        std::size_t operator()(const PairKey& k) const {
            return static_cast<std::size_t>(hashAddress(hashAddress(kHashSeed, k.low), k.high));
        }
    };
    // What is followed per stream while its handshake is going on.
    struct Progress {
        std::optional<TimestampNs> firstSyn, lastSyn, firstSynAck;
    };
    static PairKey pairOf(const StatAddress& a, const StatAddress& b);
    Handshake& handshakeFor(std::uint32_t stream, bool& created);
    void onSegment(const proto::TapRecord& tcp, std::uint64_t frame, std::optional<TimestampNs> time);
    void decide(Handshake& h) const;

    std::vector<Handshake> m_handshakes;
    std::vector<Progress> m_progress;                  // parallel to m_handshakes
    std::vector<std::int32_t> m_byStream;              // stream -> index in m_handshakes, -1
    std::unordered_map<PairKey, std::uint64_t, PairKeyHash> m_lastCutFrame;  // per address pair
    std::vector<ServerRtt> m_servers;
    CaptureSide m_side = CaptureSide::Unknown;
    std::uint64_t m_unavailableFrames = 0;
    proto::ProtocolId m_icmp = proto::kNoProtocol;
    proto::ProtocolId m_icmpv6 = proto::kNoProtocol;
};

}  // namespace caplens
