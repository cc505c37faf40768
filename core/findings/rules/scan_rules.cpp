// scan.* — one source probing many ports of a host (scan.ports) or one port across many hosts
// (scan.hosts), seen in the TCP handshake report: connection attempts that were refused
// (RST), left unanswered, or abandoned after the SYN/ACK (a half-open "SYN scan").
//
// A source is a scanner when its failed attempts reach kMinPorts distinct ports of one host,
// or kMinHosts distinct hosts, and make at least half of its attempts. The finding's frames
// are the scanner's SYNs; later rules (health.*) leave its attempts out.
#include <map>
#include <set>

#include "core/findings/rule.hpp"

namespace caplens::findings {
namespace {

constexpr std::size_t kMinPorts = 10;
constexpr std::size_t kMinHosts = 20;

constexpr RuleInfo kPorts{
    "scan.ports", Severity::Warning, "Port scan",
    "One source tried many ports of the same host, and most attempts were refused or went unanswered: the "
    "pattern of a port scanner (nmap and the like) looking for open services.",
    "Find out whether the scanning host is an authorised vulnerability scanner; if not, treat it as "
    "compromised or hostile, block it, and check what the scanned host exposes."};

constexpr RuleInfo kHosts{
    "scan.hosts", Severity::Warning, "Host sweep",
    "One source tried to connect to many hosts, and most attempts were refused or went unanswered: a sweep for "
    "a service across the network (worms and attackers look for one open port this way).",
    "Identify the process on the sweeping host; unless it is an authorised scanner, isolate the host and "
    "block it."};

class ScanRule final : public Rule {
public:
    ScanRule() : m_syns("tcp.flags.syn == 1 && tcp.flags.ack == 0", {"ip.src", "ipv6.src"}) {}

    [[nodiscard]] const RuleInfo& info() const override { return kPorts; }
    [[nodiscard]] bool valid() const override { return m_syns.valid(); }
    void addMask(proto::FieldMask& mask) const override { mergeMask(mask, m_syns.mask()); }
    void onFrame(const proto::Packet& packet, const FrameTaps& taps) override { m_syns.observe(packet, taps); }

    void finish(FindingsContext& context, std::vector<Finding>& out) override {
        struct Source {
            std::size_t attempts = 0, failed = 0, refused = 0, unanswered = 0;
            std::map<StatAddress, std::set<std::uint16_t>> failedPorts;  // per host
            std::set<StatAddress> failedHosts;
        };
        std::map<StatAddress, Source> sources;
        for (const Handshake& h : context.handshakes->handshakes()) {
            if (h.synFrame == 0) continue;
            Source& s = sources[h.clientAddress];
            ++s.attempts;
            if (h.outcome == HandshakeOutcome::Established || h.outcome == HandshakeOutcome::Unavailable) continue;
            ++s.failed;
            if (h.outcome == HandshakeOutcome::Reset) ++s.refused;
            if (h.outcome == HandshakeOutcome::NoAnswer) ++s.unanswered;
            s.failedPorts[h.serverAddress].insert(h.serverPort);
            s.failedHosts.insert(h.serverAddress);
        }
        std::vector<StatAddress> portScanners, hostSweepers;
        std::string portText, hostText;
        for (const auto& [address, s] : sources) {
            if (s.failed * 2 < s.attempts) continue;
            std::size_t maxPorts = 0;
            StatAddress target;
            for (const auto& [host, ports] : s.failedPorts) {
                if (ports.size() > maxPorts) {
                    maxPorts = ports.size();
                    target = host;
                }
            }
            const std::string tally = formatText("%zu attempts refused, %zu unanswered", s.refused, s.unanswered);
            if (maxPorts >= kMinPorts) {
                portScanners.push_back(address);
                if (portScanners.size() <= 3) {
                    portText += formatText("%s%s tried %zu ports of %s (%s).", portText.empty() ? "" : " ",
                                           formatAddress(address).c_str(), maxPorts, formatAddress(target).c_str(),
                                           tally.c_str());
                }
            }
            if (s.failedHosts.size() >= kMinHosts) {
                hostSweepers.push_back(address);
                if (hostSweepers.size() <= 3) {
                    hostText += formatText("%s%s failed to connect to %zu hosts (%s).", hostText.empty() ? "" : " ",
                                           formatAddress(address).c_str(), s.failedHosts.size(), tally.c_str());
                }
            }
            if (maxPorts >= kMinPorts || s.failedHosts.size() >= kMinHosts) context.scanners.push_back(address);
        }
        report(kPorts, portScanners, portText, out);
        report(kHosts, hostSweepers, hostText, out);
    }

private:
    void report(const RuleInfo& info, const std::vector<StatAddress>& scanners, const std::string& text,
                std::vector<Finding>& out) const {
        if (scanners.empty()) return;
        std::vector<KeyValue> keys;
        for (const StatAddress& a : scanners) keys.push_back(KeyedTally::addressKey(a.length == 4 ? 0 : 1, a));
        KeyedSelection selection = m_syns.select([&](const KeyValue& k) {
            return std::find(keys.begin(), keys.end(), k) != keys.end();
        });
        if (selection.count == 0) return;
        std::vector<std::string> endpoints;
        for (const StatAddress& a : scanners) {
            if (endpoints.size() < 5) endpoints.push_back(formatAddress(a));
        }
        for (const std::string& e : selection.endpoints.top(5)) {
            if (endpoints.size() < 5 && std::find(endpoints.begin(), endpoints.end(), e) == endpoints.end()) endpoints.push_back(e);
        }
        out.push_back(makeFinding(info, info.severity, text + " The filter shows the scanner's SYNs.", selection.count,
                                  std::move(endpoints), std::move(selection.filter)));
    }

    KeyedTally m_syns;
};

}  // namespace

void addScanRules(RuleList& rules) { rules.push_back(std::make_unique<ScanRule>()); }

}  // namespace caplens::findings
