// p2p.* — peer-to-peer file sharing: bandwidth, copyright and malware exposure that most
// networks do not expect.
#include "core/findings/rule.hpp"

namespace caplens::findings {
namespace {

constexpr RuleInfo kBittorrent{
    "p2p.bittorrent", Severity::Warning, "BitTorrent peer-to-peer traffic",
    "Hosts exchange BitTorrent peer-wire messages or DHT queries: file sharing with many peers on the "
    "Internet, which uses bandwidth and is often against policy.",
    "Find the host running the client (the endpoints below) and check whether peer-to-peer file sharing is "
    "allowed; block or rate-limit it at the firewall if not."};

constexpr RuleInfo kGnutella{
    "p2p.gnutella", Severity::Warning, "Gnutella peer-to-peer handshakes",
    "Hosts open Gnutella connections (\"GNUTELLA CONNECT\" handshakes): peer-to-peer file sharing.",
    "Find the host running the client (the endpoints below) and check whether peer-to-peer file sharing is "
    "allowed."};


}  // namespace

void addP2pRules(RuleList& rules) {
    rules.push_back(std::make_unique<StaticRule>(kBittorrent, "bittorrent || bt-dht", anyFrame));
    rules.push_back(std::make_unique<StaticRule>(
        kGnutella, "tcp.payload matches \"^GNUTELLA (CONNECT|OK|/0\\\\.[0-9])|^GNUTELLA/0\\\\.[0-9] [0-9]{3}\"", anyFrame));
}

}  // namespace caplens::findings
