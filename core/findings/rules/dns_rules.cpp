// dns.* — name resolution that fails (error answers) or goes unanswered: applications wait on
// it first, so it often explains "the network is slow".
#include <algorithm>
#include <map>

#include "core/findings/rule.hpp"

namespace caplens::findings {
namespace {

constexpr std::int64_t kAnswerGraceNs = 1'000'000'000;

constexpr RuleInfo kFailures{
    "dns.failures", Severity::Note, "DNS queries answered with an error",
    "DNS servers answered queries with an error code (NXDOMAIN: the name does not exist; SERVFAIL: the server "
    "could not resolve it; REFUSED: it will not answer this client). A few NXDOMAINs are normal (search "
    "suffixes, probes); many, or any SERVFAIL/REFUSED, point at a misconfigured name, resolver or forwarder.",
    "Look at the names that fail (the filter's frames): typos and stale names are fixed in the client's "
    "configuration; SERVFAIL and REFUSED are fixed on the resolver (forwarders, conditional forwarding, "
    "private DNS zones)."};

const char* rcodeName(std::uint64_t rcode) {
    switch (rcode) {
        case 1: return "FORMERR";
        case 2: return "SERVFAIL";
        case 3: return "NXDOMAIN";
        case 4: return "NOTIMP";
        case 5: return "REFUSED";
        default: return nullptr;
    }
}

constexpr std::uint64_t kMinFailures = 3;
constexpr double kMinFailureShare = 0.05;

class FailuresRule final : public Rule {
public:
    FailuresRule()
        : m_failures("dns.flags.response == 1 && dns.flags.rcode != 0", {"dns.flags.rcode"}),
          m_responses("dns.flags.response == 1") {}
    [[nodiscard]] const RuleInfo& info() const override { return kFailures; }
    [[nodiscard]] bool valid() const override { return m_failures.valid() && m_responses.valid(); }
    void addMask(proto::FieldMask& mask) const override {
        mergeMask(mask, m_failures.mask());
        mergeMask(mask, m_responses.mask());
    }
    void onFrame(const proto::Packet& packet, const FrameTaps& taps) override {
        m_failures.observe(packet, taps);
        m_responses.observe(packet, taps);
    }
    void finish(FindingsContext&, std::vector<Finding>& out) override {
        if (m_failures.baseCount() == 0 || m_responses.count() == 0) return;
        const double share = static_cast<double>(m_failures.baseCount()) / static_cast<double>(m_responses.count());
        std::string codes;
        bool serious = false;
        for (const auto& [key, frames] : m_failures.perKey()) {
            const char* name = rcodeName(key.number);
            codes += formatText("%s%llu %s", codes.empty() ? "" : ", ", static_cast<unsigned long long>(frames),
                                name ? name : formatText("rcode %llu", static_cast<unsigned long long>(key.number)).c_str());
            if (key.number == 2 || key.number == 5) serious = true;
        }
        // A few NXDOMAINs are everyday noise; SERVFAIL / REFUSED are not.
        const std::uint64_t failures = m_failures.baseCount();
        if (!serious && failures < kMinFailures) return;
        if (!serious && failures < 10 * kMinFailures && share < kMinFailureShare) return;
        const Severity severity = serious || share >= 0.20 ? Severity::Note : Severity::Info;
        const std::string particulars = formatText("%llu of %llu DNS responses (%s) are errors: %s.",
                                                   static_cast<unsigned long long>(m_failures.baseCount()),
                                                   static_cast<unsigned long long>(m_responses.count()),
                                                   percentText(share).c_str(), codes.c_str());
        KeyedSelection all = m_failures.select([](const KeyValue&) { return false; }, true);
        out.push_back(makeFinding(kFailures, severity, particulars, all.count, all.endpoints.top(), std::move(all.filter)));
    }

private:
    KeyedTally m_failures;
    FilterTally m_responses;
};

constexpr RuleInfo kUnanswered{
    "dns.unanswered", Severity::Note, "DNS queries without an answer",
    "DNS queries got no response in the capture (queries in its last second are not counted): the resolver is "
    "unreachable, overloaded, or a firewall drops DNS. Clients wait seconds before retrying another server.",
    "Check that the DNS servers the clients use (the queries' destinations) are reachable on UDP and TCP 53 "
    "from them, and that they answer (nslookup name server)."};

constexpr std::size_t kMinUnanswered = 2;
constexpr std::size_t kSilentServerQueries = 5;

class UnansweredRule final : public Rule {
public:
    UnansweredRule()
        : m_queries("dns.flags.response == 0 && !dns.retransmission && !mdns && !llmnr", {"frame.number"}),
          m_answers("dns.flags.response == 1", {"dns.response_to"}) {}
    [[nodiscard]] const RuleInfo& info() const override { return kUnanswered; }
    [[nodiscard]] bool valid() const override { return m_queries.valid() && m_answers.valid(); }
    void addMask(proto::FieldMask& mask) const override {
        mergeMask(mask, m_queries.mask());
        mergeMask(mask, m_answers.mask());
    }
    void onFrame(const proto::Packet& packet, const FrameTaps& taps) override {
        if (m_queries.observe(packet, taps)) {
            m_queryTimes.emplace_back(packet.frame().number, packet.frame().timestampNs);
            const proto::TapRecord* network = taps.network();
            m_queryServer.push_back(network ? tapDestination(*network) : StatAddress{});
        }
        m_answers.observe(packet, taps);
    }
    void finish(FindingsContext& context, std::vector<Finding>& out) override {
        std::vector<std::uint64_t> answered;
        for (const KeyValue& k : m_answers.allKeys()) answered.push_back(k.number);
        std::sort(answered.begin(), answered.end());
        std::vector<std::uint64_t> unanswered;
        std::map<std::string, std::size_t> perServer;
        std::map<std::string, std::size_t> sentTo;  // every query, per server
        for (const StatAddress& server : m_queryServer) {
            if (server.length) ++sentTo[formatAddress(server)];
        }
        for (std::size_t i = 0; i < m_queryTimes.size(); ++i) {
            const auto& [frame, time] = m_queryTimes[i];
            if (std::binary_search(answered.begin(), answered.end(), frame)) continue;
            if (time != kNoTimestamp && context.last && *context.last - time < kAnswerGraceNs) continue;
            unanswered.push_back(frame);
            if (m_queryServer[i].length) ++perServer[formatAddress(m_queryServer[i])];
        }
        if (unanswered.size() < kMinUnanswered) return;
        KeyedSelection selection = m_queries.select([&](const KeyValue& k) {
            return std::binary_search(unanswered.begin(), unanswered.end(), k.number);
        });
        if (selection.count == 0) return;
        std::string servers;
        std::vector<std::pair<std::string, std::size_t>> v(perServer.begin(), perServer.end());
        std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        std::vector<std::string> endpoints;
        for (std::size_t i = 0; i < v.size() && i < 5; ++i) {
            servers += formatText("%s%s (%zu)", i ? ", " : "", v[i].first.c_str(), v[i].second);
            endpoints.push_back(v[i].first);
        }
        std::string particulars = formatText("%zu of %zu queries got no response; sent to %s.", unanswered.size(),
                                                   m_queryTimes.size(), servers.c_str());
        // A server that answered none of several queries is down or unreachable.
        Severity severity = kUnanswered.severity;
        std::string silent;
        for (const auto& [server, unanswered] : perServer) {
            if (unanswered >= kSilentServerQueries && unanswered == sentTo[server]) {
                severity = Severity::Warning;
                silent += (silent.empty() ? "" : ", ") + server;
            }
        }
        if (!silent.empty()) particulars += " " + silent + " answered none of its queries.";
        out.push_back(makeFinding(kUnanswered, severity, particulars, selection.count, std::move(endpoints),
                                  std::move(selection.filter)));
    }

private:
    KeyedTally m_queries;
    KeyedTally m_answers;
    std::vector<std::pair<std::uint64_t, TimestampNs>> m_queryTimes;
    std::vector<StatAddress> m_queryServer;
};

}  // namespace

void addDnsRules(RuleList& rules) {
    rules.push_back(std::make_unique<FailuresRule>());
    rules.push_back(std::make_unique<UnansweredRule>());
}

}  // namespace caplens::findings
