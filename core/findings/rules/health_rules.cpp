// health.* — TCP connections that did not go well: SYNs nobody answered, resets, heavy
// retransmission, slow handshakes, receivers that stopped reading. Built on the handshake
// report (handshake_report.hpp) and TCP's sequence analysis (tcp.analysis.*). Attempts of
// sources scan.* found scanning are left out: they are the scan's, not the network's.
#include <algorithm>
#include <map>

#include "core/findings/rule.hpp"

namespace caplens::findings {
namespace {

constexpr std::uint16_t kSyn = 0x002;
constexpr std::uint16_t kAck = 0x010;
// An attempt this close to the end of the capture may have been answered after it stopped.
constexpr std::int64_t kAnswerGraceNs = 1'000'000'000;

// "10.0.0.5:445 (3), 10.0.0.9:80 (1)" for the most frequent entries.
std::string topCounts(const std::map<std::string, std::size_t>& counts, std::size_t limit = 3) {
    std::vector<std::pair<std::string, std::size_t>> v(counts.begin(), counts.end());
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string out;
    for (std::size_t i = 0; i < v.size() && i < limit; ++i) {
        out += formatText("%s%s (%zu)", i ? ", " : "", v[i].first.c_str(), v[i].second);
    }
    if (v.size() > limit) out += ", ...";
    return out;
}

std::vector<std::string> topEndpoints(const std::map<std::string, std::size_t>& counts, std::size_t limit = 5) {
    std::vector<std::pair<std::string, std::size_t>> v(counts.begin(), counts.end());
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v.size() && i < limit; ++i) out.push_back(v[i].first);
    return out;
}

// ---- health.unanswered_syn ----

constexpr RuleInfo kUnanswered{
    "health.unanswered_syn", Severity::Note, "Connection attempts without an answer",
    "Clients sent SYNs that got neither a SYN/ACK nor a reset: a firewall or network security group drops "
    "them silently, the server is down, or the route is broken.",
    "Check the firewall / NSG rules and the server for the destinations below; tcping or Test-NetConnection "
    "from the client tells a filtered port from a dead host."};

class UnansweredSynRule final : public Rule {
public:
    UnansweredSynRule() : m_syns("tcp.flags.syn == 1 && tcp.flags.ack == 0", {"tcp.stream"}) {}
    [[nodiscard]] const RuleInfo& info() const override { return kUnanswered; }
    [[nodiscard]] bool valid() const override { return m_syns.valid(); }
    void addMask(proto::FieldMask& mask) const override { mergeMask(mask, m_syns.mask()); }
    void onFrame(const proto::Packet& packet, const FrameTaps& taps) override {
        m_syns.observe(packet, taps);
        const proto::TapRecord* tcp = taps.tcp();
        if (tcp == nullptr || (tcp->tcpFlags & (kSyn | kAck)) != kSyn) return;
        const TimestampNs t = packet.frame().timestampNs;
        if (t != kNoTimestamp) m_lastSyn[tcp->stream] = t;
    }
    void finish(FindingsContext& context, std::vector<Finding>& out) override {
        std::vector<std::uint32_t> streams;
        std::map<std::string, std::size_t> perServer;
        for (const Handshake& h : context.handshakes->handshakes()) {
            if (h.outcome != HandshakeOutcome::NoAnswer || h.synFrame == 0 || context.isScanner(h.clientAddress)) continue;
            const auto last = m_lastSyn.find(h.stream);
            if (last != m_lastSyn.end() && context.last && *context.last - last->second < kAnswerGraceNs) continue;
            streams.push_back(h.stream);
            ++perServer[formatEndpoint(h.serverAddress, h.serverPort)];
        }
        if (streams.empty()) return;
        std::sort(streams.begin(), streams.end());
        KeyedSelection selection = m_syns.select([&](const KeyValue& k) {
            return k.field == 0 && std::binary_search(streams.begin(), streams.end(), static_cast<std::uint32_t>(k.number));
        });
        if (selection.count == 0) return;
        const Severity severity = streams.size() >= 10 ? Severity::Warning : kUnanswered.severity;
        const std::string particulars = formatText("%zu connection attempt%s got no answer, to %s.", streams.size(),
                                                   streams.size() == 1 ? "" : "s", topCounts(perServer).c_str());
        out.push_back(makeFinding(kUnanswered, severity, particulars, selection.count, topEndpoints(perServer),
                                  std::move(selection.filter)));
    }

private:
    KeyedTally m_syns;
    std::unordered_map<std::uint32_t, TimestampNs> m_lastSyn;
};

// ---- health.resets ----

constexpr RuleInfo kResets{
    "health.resets", Severity::Note, "Many connections reset",
    "A large share of the TCP connections end with a reset (RST) rather than a normal close, or are refused "
    "outright: a closed port, an application that aborts connections, or a middlebox (firewall, load "
    "balancer) tearing them down.",
    "Look at who sends the resets (the first frames of the filter): a server refusing a port means the "
    "service is not listening; resets from a firewall or load balancer point at idle timeouts or policy."};

constexpr std::size_t kMinResetStreams = 3;
constexpr double kMinResetShare = 0.10;

class ResetsRule final : public Rule {
public:
    ResetsRule() : m_resets("tcp.flags.reset == 1", {"tcp.stream"}) {}
    [[nodiscard]] const RuleInfo& info() const override { return kResets; }
    [[nodiscard]] bool valid() const override { return m_resets.valid(); }
    void addMask(proto::FieldMask& mask) const override { mergeMask(mask, m_resets.mask()); }
    void onFrame(const proto::Packet& packet, const FrameTaps& taps) override { m_resets.observe(packet, taps); }
    void finish(FindingsContext& context, std::vector<Finding>& out) override {
        // Streams of scanners are theirs.
        std::unordered_map<std::uint32_t, bool> scannerStream;
        std::size_t refused = 0;
        std::map<std::string, std::size_t> refusedPorts;
        for (const Handshake& h : context.handshakes->handshakes()) {
            const bool scanner = context.isScanner(h.clientAddress);
            scannerStream[h.stream] = scanner;
            if (!scanner && h.outcome == HandshakeOutcome::Reset) {
                ++refused;
                ++refusedPorts[formatEndpoint(h.serverAddress, h.serverPort)];
            }
        }
        std::size_t resetStreams = 0;
        for (const KeyValue& k : m_resets.allKeys()) {
            const auto it = scannerStream.find(static_cast<std::uint32_t>(k.number));
            if (it == scannerStream.end() || !it->second) ++resetStreams;
        }
        std::size_t streams = 0;
        for (const auto& [stream, counts] : context.streams) {
            const auto it = scannerStream.find(stream);
            if (it == scannerStream.end() || !it->second) ++streams;
        }
        if (resetStreams < kMinResetStreams || streams == 0) return;
        const double share = static_cast<double>(resetStreams) / static_cast<double>(streams);
        if (share < kMinResetShare) return;
        KeyedSelection all = m_resets.select([](const KeyValue&) { return false; }, true);
        std::string particulars = formatText("%zu of %zu TCP connections (%s) saw a reset", resetStreams, streams,
                                             percentText(share).c_str());
        particulars += refused ? formatText("; %zu attempts were refused: %s.", refused, topCounts(refusedPorts).c_str())
                               : std::string(".");
        out.push_back(makeFinding(kResets, kResets.severity, particulars, all.count, all.endpoints.top(),
                                  std::move(all.filter)));
    }

private:
    KeyedTally m_resets;
};

// ---- health.retransmissions ----

constexpr RuleInfo kRetransmissions{
    "health.retransmissions", Severity::Note, "Connections with heavy retransmission",
    "Some connections retransmit a large share of their data segments: packets are lost on the path (a "
    "congested or faulty link, a policer, a duplex mismatch), which costs throughput and adds delay.",
    "Compare the connections below: a common path or server points at the culprit. Check interface error "
    "and drop counters along that path, and the VM's or appliance's bandwidth limits."};

constexpr std::uint64_t kMinRetransmissions = 3;
constexpr double kMinRetransmissionShare = 0.05;

class RetransmissionsRule final : public Rule {
public:
    RetransmissionsRule() : m_retransmissions("tcp.analysis.retransmission && tcp.flags.syn == 0", {"tcp.stream"}) {}
    [[nodiscard]] const RuleInfo& info() const override { return kRetransmissions; }
    [[nodiscard]] bool valid() const override { return m_retransmissions.valid(); }
    void addMask(proto::FieldMask& mask) const override { mergeMask(mask, m_retransmissions.mask()); }
    void onFrame(const proto::Packet& packet, const FrameTaps& taps) override { m_retransmissions.observe(packet, taps); }
    void finish(FindingsContext& context, std::vector<Finding>& out) override {
        std::vector<std::uint32_t> streams;
        std::uint64_t retransmitted = 0, segments = 0;
        std::string worst;
        double worstShare = 0;
        for (const auto& [key, frames] : m_retransmissions.perKey()) {
            const auto stream = static_cast<std::uint32_t>(key.number);
            const auto it = context.streams.find(stream);
            if (it == context.streams.end() || it->second.dataSegments == 0 || frames < kMinRetransmissions) continue;
            const double share = static_cast<double>(frames) / static_cast<double>(it->second.dataSegments);
            if (share < kMinRetransmissionShare) continue;
            streams.push_back(stream);
            retransmitted += frames;
            segments += it->second.dataSegments;
            if (share > worstShare) {
                worstShare = share;
                worst = formatText("tcp.stream %u: %llu of %llu data segments", stream, static_cast<unsigned long long>(frames),
                                   static_cast<unsigned long long>(it->second.dataSegments));
            }
        }
        if (streams.empty()) return;
        std::sort(streams.begin(), streams.end());
        KeyedSelection selection = m_retransmissions.select([&](const KeyValue& k) {
            return std::binary_search(streams.begin(), streams.end(), static_cast<std::uint32_t>(k.number));
        });
        if (selection.count == 0) return;
        const double share = static_cast<double>(retransmitted) / static_cast<double>(segments);
        const Severity severity = share >= 0.10 && retransmitted >= 20 ? Severity::Warning : kRetransmissions.severity;
        const std::string particulars =
            formatText("%zu connection%s retransmitted %s of their data segments (worst: %s).", streams.size(),
                       streams.size() == 1 ? "" : "s", percentText(share).c_str(), worst.c_str());
        out.push_back(makeFinding(kRetransmissions, severity, particulars, selection.count, selection.endpoints.top(),
                                  std::move(selection.filter)));
    }

private:
    KeyedTally m_retransmissions;
};

// ---- health.slow_handshake ----

constexpr RuleInfo kSlow{
    "health.slow_handshake", Severity::Note, "Slow TCP handshakes",
    "Some connections took far longer to set up than the others in this capture (their handshake RTT is an "
    "outlier: at least 5 times the median and 100 ms above it): lost SYNs retried after a timeout, an "
    "overloaded server slow to accept, or a much longer path.",
    "Look at the handshakes below (caplens rtt shows their legs): SYN retries mean loss on the way; a slow "
    "SYN/ACK from one server means that server (or its accept queue) is overloaded."};

constexpr std::size_t kMinHandshakes = 5;

class SlowHandshakeRule final : public Rule {
public:
    SlowHandshakeRule() : m_syns("tcp.flags.syn == 1", {"tcp.stream"}) {}
    [[nodiscard]] const RuleInfo& info() const override { return kSlow; }
    [[nodiscard]] bool valid() const override { return m_syns.valid(); }
    void addMask(proto::FieldMask& mask) const override { mergeMask(mask, m_syns.mask()); }
    void onFrame(const proto::Packet& packet, const FrameTaps& taps) override { m_syns.observe(packet, taps); }
    void finish(FindingsContext& context, std::vector<Finding>& out) override {
        std::vector<std::int64_t> rtts;
        for (const Handshake& h : context.handshakes->handshakes()) {
            if (h.outcome == HandshakeOutcome::Established && h.rttNs) rtts.push_back(*h.rttNs);
        }
        if (rtts.size() < kMinHandshakes) return;
        std::sort(rtts.begin(), rtts.end());
        const std::int64_t median = rtts[(rtts.size() - 1) / 2];
        const std::int64_t threshold = std::max<std::int64_t>(5 * median, median + 100'000'000);
        std::vector<std::uint32_t> streams;
        std::map<std::string, std::size_t> perServer;
        std::int64_t slowest = 0;
        for (const Handshake& h : context.handshakes->handshakes()) {
            if (h.outcome != HandshakeOutcome::Established || !h.rttNs || *h.rttNs < threshold) continue;
            streams.push_back(h.stream);
            ++perServer[formatEndpoint(h.serverAddress, h.serverPort)];
            slowest = std::max(slowest, *h.rttNs);
        }
        if (streams.empty()) return;
        std::sort(streams.begin(), streams.end());
        KeyedSelection selection = m_syns.select([&](const KeyValue& k) {
            return std::binary_search(streams.begin(), streams.end(), static_cast<std::uint32_t>(k.number));
        });
        if (selection.count == 0) return;
        const std::string particulars = formatText(
            "%zu of %zu handshakes took %.3f s or more (median %.6f s, slowest %.3f s), to %s.", streams.size(),
            rtts.size(), static_cast<double>(threshold) / 1e9, static_cast<double>(median) / 1e9,
            static_cast<double>(slowest) / 1e9, topCounts(perServer).c_str());
        out.push_back(makeFinding(kSlow, kSlow.severity, particulars, selection.count, topEndpoints(perServer),
                                  std::move(selection.filter)));
    }

private:
    KeyedTally m_syns;
};

// ---- health.zero_window ----

constexpr RuleInfo kZeroWindow{
    "health.zero_window", Severity::Note, "Receivers advertising a zero window",
    "A receiver told its peer to stop sending (TCP window 0): the application on that host does not read its "
    "data fast enough (busy CPU, slow disk, a stalled process), so transfers stall regardless of the network.",
    "Look at the host advertising the zero window (the frames' source): its application and resources, not "
    "the network, limit these transfers."};

}  // namespace

void addHealthRules(RuleList& rules) {
    rules.push_back(std::make_unique<UnansweredSynRule>());
    rules.push_back(std::make_unique<ResetsRule>());
    rules.push_back(std::make_unique<RetransmissionsRule>());
    rules.push_back(std::make_unique<SlowHandshakeRule>());
    rules.push_back(std::make_unique<StaticRule>(kZeroWindow, "tcp.analysis.zero_window", anyFrame));
}

}  // namespace caplens::findings
