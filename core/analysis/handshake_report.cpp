#include "core/analysis/handshake_report.hpp"

#include <algorithm>
#include <cmath>

#include "core/proto/registry.hpp"
#include "core/util/json_writer.hpp"

namespace caplens {
namespace {

// TCP header flags (TapRecord::tcpFlags).
constexpr std::uint16_t kSyn = 0x002;
constexpr std::uint16_t kRst = 0x004;
constexpr std::uint16_t kAck = 0x010;

std::optional<double> seconds(const std::optional<std::int64_t>& ns) {
    if (!ns) return std::nullopt;
    return static_cast<double>(*ns) / 1e9;
}

std::string secondsText(const std::optional<std::int64_t>& ns) {
    if (!ns) return "-";
    return formatText("%.6f", static_cast<double>(*ns) / 1e9);
}

std::string frameText(std::uint64_t frame) { return frame ? std::to_string(frame) : "-"; }

std::int64_t percentile(const std::vector<std::int64_t>& sorted, double fraction) {
    // Nearest rank: the smallest value with at least `fraction` of the values at or below it.
    const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(fraction * static_cast<double>(sorted.size()))));
    return sorted[std::min(rank, sorted.size()) - 1];
}

}  // namespace

std::string_view handshakeOutcomeName(HandshakeOutcome outcome) {
    switch (outcome) {
        case HandshakeOutcome::Established: return "established";
        case HandshakeOutcome::Incomplete: return "incomplete";
        case HandshakeOutcome::Reset: return "reset";
        case HandshakeOutcome::NoAnswer: return "no answer";
        case HandshakeOutcome::Unavailable: return "unavailable";
    }
    return "";
}

std::string_view captureSideName(CaptureSide side) {
    switch (side) {
        case CaptureSide::Unknown: return "unknown";
        case CaptureSide::Client: return "client";
        case CaptureSide::Server: return "server";
        case CaptureSide::Middle: return "middle";
        case CaptureSide::Mixed: return "mixed";
    }
    return "";
}

HandshakeReport::HandshakeReport() {
    // TCP headers quoted inside ICMP errors are not segments of the connection.
    if (const auto* icmp = proto::registry().findProtocol("icmp")) m_icmp = icmp->id();
    if (const auto* icmpv6 = proto::registry().findProtocol("icmpv6")) m_icmpv6 = icmpv6->id();
}

HandshakeReport::PairKey HandshakeReport::pairOf(const StatAddress& a, const StatAddress& b) {
    return a < b ? PairKey{a, b} : PairKey{b, a};
}

void HandshakeReport::onFrame(const CapturedFrame& frame, const proto::Packet& packet, const FrameTaps& taps) {
    for (const proto::ProtocolId layer : packet.layers()) {
        if (layer == m_icmp || layer == m_icmpv6) return;
    }
    const std::uint64_t number = packet.frame().number;
    if (taps.tcpHeaderMissing() && frame.cutBySnapLength()) {
        ++m_unavailableFrames;
        const proto::TapRecord* ip = taps.network();
        m_lastCutFrame[pairOf(tapSource(*ip), tapDestination(*ip))] = number;
        return;
    }
    const proto::TapRecord* tcp = taps.tcp();
    if (tcp == nullptr || tcp->addressLength == 0) return;
    const std::optional<TimestampNs> time =
        frame.hasTimestamp() ? std::optional<TimestampNs>(frame.timestampNs) : std::nullopt;
    onSegment(*tcp, number, time);
}

Handshake& HandshakeReport::handshakeFor(std::uint32_t stream, bool& created) {
    if (stream >= m_byStream.size()) m_byStream.resize(std::max<std::size_t>(stream + 1, m_byStream.size() * 2), -1);
    created = m_byStream[stream] < 0;
    if (created) {
        m_byStream[stream] = static_cast<std::int32_t>(m_handshakes.size());
        m_handshakes.emplace_back();
        m_handshakes.back().stream = stream;
        m_progress.emplace_back();
    }
    return m_handshakes[static_cast<std::size_t>(m_byStream[stream])];
}

void HandshakeReport::onSegment(const proto::TapRecord& tcp, std::uint64_t frame, std::optional<TimestampNs> time) {
    const std::uint16_t flags = tcp.tcpFlags;
    const bool syn = (flags & kSyn) != 0;
    const bool known = tcp.stream < m_byStream.size() && m_byStream[tcp.stream] >= 0;
    if (!syn && !known) return;  // only connections whose handshake is in the capture
    bool created = false;
    Handshake& h = handshakeFor(tcp.stream, created);
    Progress& p = m_progress[static_cast<std::size_t>(m_byStream[tcp.stream])];
    const StatAddress source = tapSource(tcp);
    const StatAddress destination = tapDestination(tcp);
    const auto elapsed = [&](const std::optional<TimestampNs>& since) -> std::optional<std::int64_t> {
        if (!time || !since) return std::nullopt;
        return *time - *since;
    };

    if (syn && !(flags & kAck)) {
        if (h.synCount++ == 0) {
            // The SYN names the client, even when its SYN/ACK was seen first.
            h.synFrame = frame;
            h.clientAddress = source;
            h.clientPort = tcp.sourcePort;
            h.serverAddress = destination;
            h.serverPort = tcp.destinationPort;
            p.firstSyn = time;
        }
        p.lastSyn = time;
        return;
    }
    if (syn) {
        if (created) {
            h.clientAddress = destination;
            h.clientPort = tcp.destinationPort;
            h.serverAddress = source;
            h.serverPort = tcp.sourcePort;
        }
        if (h.synAckCount++ == 0) {
            h.synAckFrame = frame;
            p.firstSynAck = time;
            if (h.synCount > 0) h.synToSynAckNs = elapsed(p.firstSyn);
        }
        return;
    }
    // Wireshark's tcp.analysis.initial_rtt: the first ACK-flagged segment after a SYN; a zero
    // delay does not count (it measures again at the next one).
    if ((flags & kAck) && !h.wiresharkIrttNs && p.lastSyn && time && *time != *p.lastSyn) {
        h.wiresharkIrttNs = *time - *p.lastSyn;
        h.wiresharkIrttFrame = frame;
    }
    const bool fromServer = source == h.serverAddress && tcp.sourcePort == h.serverPort;
    const bool fromClient = source == h.clientAddress && tcp.sourcePort == h.clientPort;
    if ((flags & kRst) && fromServer && h.synAckFrame == 0 && h.resetFrame == 0) {
        h.resetFrame = frame;
        h.synToResetNs = elapsed(p.lastSyn);
    }
    if ((flags & kAck) && !(flags & kRst) && fromClient && h.synAckFrame != 0 && h.ackFrame == 0) {
        h.ackFrame = frame;
        h.synAckToAckNs = elapsed(p.firstSynAck);
        h.irttNs = elapsed(p.lastSyn);
    }
}

void HandshakeReport::decide(Handshake& h) const {
    const auto it = m_lastCutFrame.find(pairOf(h.clientAddress, h.serverAddress));
    const auto cutAfter = [&](std::uint64_t frame) { return it != m_lastCutFrame.end() && it->second > frame; };
    if (h.synAckFrame != 0) {
        if (h.ackFrame != 0) {
            h.outcome = HandshakeOutcome::Established;
        } else {
            h.outcome = cutAfter(h.synAckFrame) ? HandshakeOutcome::Unavailable : HandshakeOutcome::Incomplete;
        }
    } else if (h.resetFrame != 0) {
        h.outcome = HandshakeOutcome::Reset;
    } else {
        h.outcome = cutAfter(h.synFrame) ? HandshakeOutcome::Unavailable : HandshakeOutcome::NoAnswer;
    }
    if (h.outcome != HandshakeOutcome::Established || !h.synToSynAckNs || !h.synAckToAckNs) return;
    const std::int64_t a = *h.synToSynAckNs;
    const std::int64_t b = *h.synAckToAckNs;
    if (a <= 0 && b <= 0) return;
    if (static_cast<double>(a) >= kSideRatio * static_cast<double>(b)) {
        h.side = CaptureSide::Client;
        h.rttNs = a;
    } else if (static_cast<double>(b) >= kSideRatio * static_cast<double>(a)) {
        h.side = CaptureSide::Server;
        h.rttNs = b;
    } else {
        h.side = CaptureSide::Middle;
        h.rttNs = h.irttNs ? *h.irttNs : a + b;
    }
}

void HandshakeReport::finish() {
    std::size_t sides[5] = {};
    for (Handshake& h : m_handshakes) {
        decide(h);
        ++sides[static_cast<std::size_t>(h.side)];
    }
    const std::size_t classified = sides[1] + sides[2] + sides[3];
    m_side = CaptureSide::Unknown;
    if (classified > 0) {
        const auto most = [&](CaptureSide s) { return sides[static_cast<std::size_t>(s)] * 10 >= classified * 9; };
        m_side = most(CaptureSide::Client) ? CaptureSide::Client
                 : most(CaptureSide::Server) ? CaptureSide::Server
                                             : CaptureSide::Mixed;
    }

    // Per server endpoint, over the connections with an RTT, in order of first appearance.
    std::vector<std::vector<std::int64_t>> rtts;
    m_servers.clear();
    for (const Handshake& h : m_handshakes) {
        if (!h.rttNs) continue;
        auto it = std::find_if(m_servers.begin(), m_servers.end(), [&](const ServerRtt& s) {
            return s.address == h.serverAddress && s.port == h.serverPort;
        });
        if (it == m_servers.end()) {
            m_servers.push_back(ServerRtt{h.serverAddress, h.serverPort});
            rtts.emplace_back();
            it = m_servers.end() - 1;
        }
        rtts[static_cast<std::size_t>(it - m_servers.begin())].push_back(*h.rttNs);
    }
    for (std::size_t i = 0; i < m_servers.size(); ++i) {
        std::vector<std::int64_t>& values = rtts[i];
        std::sort(values.begin(), values.end());
        ServerRtt& s = m_servers[i];
        s.count = values.size();
        s.minNs = values.front();
        s.maxNs = values.back();
        const std::size_t mid = values.size() / 2;
        s.medianNs = values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
        s.p95Ns = percentile(values, 0.95);
    }
    std::stable_sort(m_servers.begin(), m_servers.end(), [](const ServerRtt& x, const ServerRtt& y) { return x.count > y.count; });
}

std::string HandshakeReport::json() const {
    JsonWriter w;
    w.beginObject();
    w.key("capture_side").value(captureSideName(m_side));
    w.key("handshakes").beginArray();
    const auto frameOrNull = [&](std::uint64_t frame) -> JsonWriter& { return frame ? w.value(frame) : w.null(); };
    for (const Handshake& h : m_handshakes) {
        w.beginObject();
        w.key("stream").value(static_cast<std::uint64_t>(h.stream));
        w.key("client").value(formatEndpoint(h.clientAddress, h.clientPort));
        w.key("server").value(formatEndpoint(h.serverAddress, h.serverPort));
        w.key("syn_frame");
        frameOrNull(h.synFrame);
        w.key("synack_frame");
        frameOrNull(h.synAckFrame);
        w.key("ack_frame");
        frameOrNull(h.ackFrame);
        w.key("syn_retries").value(static_cast<std::uint64_t>(h.synRetries()));
        w.key("syn_to_synack_s").value(seconds(h.synToSynAckNs));
        w.key("synack_to_ack_s").value(seconds(h.synAckToAckNs));
        w.key("irtt_s").value(seconds(h.irttNs));
        w.key("outcome").value(handshakeOutcomeName(h.outcome));
        w.key("synack_count").value(static_cast<std::uint64_t>(h.synAckCount));
        w.key("reset_frame");
        frameOrNull(h.resetFrame);
        w.key("syn_to_reset_s").value(seconds(h.synToResetNs));
        w.key("side").value(captureSideName(h.side));
        w.key("rtt_s").value(seconds(h.rttNs));
        w.key("filter").value("tcp.stream == " + std::to_string(h.stream));
        w.endObject();
    }
    w.endArray();
    w.key("servers").beginArray();
    for (const ServerRtt& s : m_servers) {
        w.beginObject();
        w.key("server").value(formatEndpoint(s.address, s.port));
        w.key("count").value(static_cast<std::uint64_t>(s.count));
        w.key("min_s").value(static_cast<double>(s.minNs) / 1e9);
        w.key("median_s").value(static_cast<double>(s.medianNs) / 1e9);
        w.key("p95_s").value(static_cast<double>(s.p95Ns) / 1e9);
        w.key("max_s").value(static_cast<double>(s.maxNs) / 1e9);
        w.endObject();
    }
    w.endArray();
    w.key("unavailable_frames").value(m_unavailableFrames);
    w.endObject();
    return w.take();
}

std::string HandshakeReport::text(std::string_view filter) const {
    std::string out = "================================================================================\n";
    out += "TCP Handshakes (initial RTT)\n";
    out += "Filter:" + (filter.empty() ? std::string("<No Filter>") : std::string(filter)) + "\n";
    out += "Capture side: " + std::string(captureSideName(m_side));
    switch (m_side) {
        case CaptureSide::Client: out += " (SYN -> SYN/ACK is the network RTT)\n"; break;
        case CaptureSide::Server: out += " (SYN/ACK -> ACK is the network RTT; SYN -> SYN/ACK is the server's own delay)\n"; break;
        case CaptureSide::Mixed: out += " (connections seen from different sides: RTT per connection)\n"; break;
        default: out += " (no complete handshake with times)\n"; break;
    }
    if (m_unavailableFrames > 0) {
        out += std::to_string(m_unavailableFrames) +
               " frame(s) were cut by the snap length before their TCP header: their handshakes are unavailable\n";
    }
    out += formatText("%6s  %-26s %-26s %7s %7s %7s %7s %12s %12s %12s %12s  %s\n", "Stream", "Client", "Server", "SYN",
                      "SYN/ACK", "ACK", "Retries", "SYN->SYN/ACK", "SYN/ACK->ACK", "iRTT", "RTT", "Outcome");
    for (const Handshake& h : m_handshakes) {
        out += formatText("%6u  %-26s %-26s %7s %7s %7s %7u %12s %12s %12s %12s  %s\n", h.stream,
                          formatEndpoint(h.clientAddress, h.clientPort).c_str(),
                          formatEndpoint(h.serverAddress, h.serverPort).c_str(), frameText(h.synFrame).c_str(),
                          frameText(h.synAckFrame).c_str(), frameText(h.ackFrame).c_str(), h.synRetries(),
                          secondsText(h.synToSynAckNs).c_str(), secondsText(h.synAckToAckNs).c_str(),
                          secondsText(h.irttNs).c_str(), secondsText(h.rttNs).c_str(),
                          std::string(handshakeOutcomeName(h.outcome)).c_str());
    }
    out += "\nRTT per server (seconds)\n";
    out += formatText("%-40s %7s %12s %12s %12s %12s\n", "Server", "Count", "Min", "Median", "P95", "Max");
    for (const ServerRtt& s : m_servers) {
        out += formatText("%-40s %7zu %12.6f %12.6f %12.6f %12.6f\n", formatEndpoint(s.address, s.port).c_str(), s.count,
                          static_cast<double>(s.minNs) / 1e9, static_cast<double>(s.medianNs) / 1e9,
                          static_cast<double>(s.p95Ns) / 1e9, static_cast<double>(s.maxNs) / 1e9);
    }
    out += "================================================================================\n";
    return out;
}

}  // namespace caplens
