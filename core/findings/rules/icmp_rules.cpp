// icmp.* — routers and hosts reporting that traffic could not be delivered.
#include "core/findings/rule.hpp"

namespace caplens::findings {
namespace {

constexpr RuleInfo kUnreachable{
    "icmp.unreachable", Severity::Note, "ICMP destination unreachable",
    "Routers or hosts answered traffic with ICMP Destination Unreachable: no route to the network or host, a "
    "UDP port nobody listens on, traffic administratively prohibited by a filter, or fragmentation needed "
    "(path MTU discovery).",
    "Open the frames: the quoted header says which traffic failed, the code why. Port unreachable means the "
    "service is not running; host/network unreachable and prohibited point at routing or filtering; "
    "fragmentation needed at an MTU mismatch (VPNs, tunnels)."};

// A lone unreachable is informational; a few are worth a note.
bool unreachableDecide(const FilterTally& tally, const FindingsContext&, Severity& severity, std::string& particulars) {
    particulars = framesText(tally.count()) + ".";
    if (tally.count() < 3) severity = Severity::Info;
    return true;
}

}  // namespace

void addIcmpRules(RuleList& rules) {
    rules.push_back(std::make_unique<StaticRule>(kUnreachable, "icmp.type == 3 || icmpv6.type == 1", unreachableDecide));
}

}  // namespace caplens::findings
