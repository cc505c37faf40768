// exposed.* — remote administration and RPC services reached from outside the capture's local
// subnets: the usual doors of break-ins and worms.
//
// A finding counts the frames outside clients send to the service's port (`tcp.dstport == 3389`
// and a source outside the local subnets). Local subnets: the private and special ranges
// (RFC 1918, loopback, link-local, RFC 6598 shared space; IPv6 ULA, link-local, loopback) and
// the /16 (IPv6: /48) of each host that answered on the service's port: clients in the
// server's own network are its organisation's. The rule reports only when the service answered an outside
// client (a SYN/ACK, or data from its port): attempts that were refused or went unanswered
// are scan.* and health.* material.
#include <algorithm>
#include <set>

#include "core/findings/rule.hpp"

namespace caplens::findings {
namespace {

constexpr std::uint16_t kSynAck = 0x012;

struct Subnet {
    StatAddress network;
    std::uint8_t prefix = 0;

    [[nodiscard]] bool contains(const StatAddress& a) const {
        if (a.length != network.length) return false;
        std::uint8_t bits = prefix;
        for (std::size_t i = 0; i < a.length && bits > 0; ++i) {
            const std::uint8_t take = std::min<std::uint8_t>(bits, 8);
            const auto mask = static_cast<std::uint8_t>(0xFF00u >> take);
            if ((a.bytes[i] & mask) != (network.bytes[i] & mask)) return false;
            bits = static_cast<std::uint8_t>(bits - take);
        }
        return true;
    }
    [[nodiscard]] std::string text() const {
        const std::string address = formatAddress(network);
        const std::uint8_t full = network.length == 4 ? 32 : 128;
        return prefix == full ? address : address + "/" + std::to_string(prefix);
    }
    bool operator<(const Subnet& o) const {
        return network == o.network ? prefix < o.prefix : network < o.network;
    }
};

Subnet subnet4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d, std::uint8_t prefix) {
    Subnet s;
    s.network.length = 4;
    s.network.bytes[0] = a;
    s.network.bytes[1] = b;
    s.network.bytes[2] = c;
    s.network.bytes[3] = d;
    s.prefix = prefix;
    return s;
}

Subnet subnet6(std::uint8_t b0, std::uint8_t b1, std::uint8_t last, std::uint8_t prefix) {
    Subnet s;
    s.network.length = 16;
    s.network.bytes[0] = b0;
    s.network.bytes[1] = b1;
    s.network.bytes[15] = last;
    s.prefix = prefix;
    return s;
}

// The ranges that are local wherever the capture was taken.
std::vector<Subnet> privateRanges() {
    return {subnet4(10, 0, 0, 0, 8),     subnet4(172, 16, 0, 0, 12), subnet4(192, 168, 0, 0, 16),
            subnet4(127, 0, 0, 0, 8),    subnet4(169, 254, 0, 0, 16), subnet4(100, 64, 0, 0, 10),
            subnet6(0xfc, 0x00, 0, 7),   subnet6(0xfe, 0x80, 0, 10),  subnet6(0, 0, 1, 128)};
}

// `address` with its host bits cleared.
Subnet subnetOf(const StatAddress& address) {
    Subnet s;
    s.network = address;
    s.prefix = address.length == 4 ? 16 : 48;
    for (std::size_t i = s.prefix / 8u; i < address.length; ++i) s.network.bytes[i] = 0;
    return s;
}

struct ServiceDecl {
    RuleInfo info;
    std::string_view base;        // frames to the service's port(s)
    std::vector<std::uint16_t> tcpPorts;
    std::vector<std::uint16_t> udpPorts;
};

class ExposedRule final : public Rule {
public:
    explicit ExposedRule(const ServiceDecl& decl) : m_decl(decl), m_tally(decl.base, {"ip.src", "ipv6.src"}) {}

    [[nodiscard]] const RuleInfo& info() const override { return m_decl.info; }
    [[nodiscard]] bool valid() const override { return m_tally.valid(); }
    void addMask(proto::FieldMask& mask) const override { mergeMask(mask, m_tally.mask()); }

    void onFrame(const proto::Packet& packet, const FrameTaps& taps) override {
        m_tally.observe(packet, taps);
        // Who the service answered: a SYN/ACK or data from its port.
        const proto::TapRecord* transport = taps.transport();
        if (transport == nullptr || transport->addressLength == 0) return;
        const bool tcp = transport->kind == proto::TapKind::Tcp;
        const auto& ports = tcp ? m_decl.tcpPorts : m_decl.udpPorts;
        if (std::find(ports.begin(), ports.end(), transport->sourcePort) == ports.end()) return;
        const bool answer = !tcp || (transport->tcpFlags & kSynAck) == kSynAck || transport->payloadLength > 0;
        if (!answer) return;
        m_answers.emplace(tapSource(*transport), tapDestination(*transport));
    }

    void finish(FindingsContext&, std::vector<Finding>& out) override {
        std::vector<Subnet> local = privateRanges();
        std::set<Subnet> serverSubnets;
        for (const auto& [server, client] : m_answers) serverSubnets.insert(subnetOf(server));
        auto isLocal = [&](const StatAddress& a) {
            return std::any_of(local.begin(), local.end(), [&](const Subnet& s) { return s.contains(a); }) ||
                   std::any_of(serverSubnets.begin(), serverSubnets.end(), [&](const Subnet& s) { return s.contains(a); });
        };
        // Servers that answered an outside client.
        std::set<StatAddress> exposedServers;
        std::set<StatAddress> outsideClients;
        for (const auto& [server, client] : m_answers) {
            if (isLocal(client)) continue;
            exposedServers.insert(server);
            outsideClients.insert(client);
        }
        if (exposedServers.empty()) return;

        std::string v4, v6;
        auto append = [](std::string& set, const Subnet& s) { set += (set.empty() ? "" : ", ") + s.text(); };
        for (const Subnet& s : local) append(s.network.length == 4 ? v4 : v6, s);
        for (const Subnet& s : serverSubnets) {
            const bool covered = std::any_of(local.begin(), local.end(), [&](const Subnet& l) {
                return l.prefix <= s.prefix && l.contains(s.network);
            });
            if (!covered) append(s.network.length == 4 ? v4 : v6, s);
        }
        const std::string clause = "ip.src in {" + v4 + "} || ipv6.src in {" + v6 + "}";
        auto keyIsLocal = [&](const KeyValue& k) {
            StatAddress a;
            if (k.field == 0) {
                a.length = 4;
                for (int i = 0; i < 4; ++i) a.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(k.number >> (24 - 8 * i));
            } else {
                a.length = 16;
                a.bytes = k.bytes;
            }
            return isLocal(a);
        };
        KeyedSelection selection = m_tally.select(keyIsLocal, true, clause);
        if (selection.count == 0) return;
        std::string servers;
        std::size_t shown = 0;
        for (const StatAddress& s : exposedServers) {
            if (shown++ == 3) {
                servers += ", ...";
                break;
            }
            servers += (servers.empty() ? "" : ", ") + formatAddress(s);
        }
        const std::string particulars = formatText("%s answered %zu outside address%s (%s from outside).",
                                                   servers.c_str(), outsideClients.size(),
                                                   outsideClients.size() == 1 ? "" : "es",
                                                   framesText(selection.count).c_str());
        std::vector<std::string> endpoints;
        for (const StatAddress& s : exposedServers) {
            if (endpoints.size() == 2) break;
            endpoints.push_back(formatAddress(s));
        }
        for (const std::string& e : selection.endpoints.top(5)) {
            if (endpoints.size() == 5) break;
            if (std::find(endpoints.begin(), endpoints.end(), e) == endpoints.end()) endpoints.push_back(e);
        }
        out.push_back(makeFinding(m_decl.info, m_decl.info.severity, particulars, selection.count, std::move(endpoints),
                                  std::move(selection.filter)));
    }

private:
    const ServiceDecl& m_decl;
    KeyedTally m_tally;
    std::set<std::pair<StatAddress, StatAddress>> m_answers;  // (server, client)
};

const std::vector<ServiceDecl>& services() {
    static const std::vector<ServiceDecl> kServices = {
        {{"exposed.rdp", Severity::Warning, "Remote Desktop reachable from outside",
          "A Remote Desktop (RDP, TCP 3389) server answered clients outside the local subnets. Exposed RDP is a "
          "favourite target of password guessing and ransomware operators.",
          "Put RDP behind a VPN or a gateway with multi-factor authentication, or restrict the source addresses "
          "allowed to reach port 3389 (network security group / firewall)."},
         "tcp.dstport == 3389", {3389}, {}},
        {{"exposed.ssh", Severity::Note, "SSH reachable from outside",
          "An SSH server (TCP 22) answered clients outside the local subnets. SSH is encrypted, but a server "
          "open to the Internet receives constant password guessing.",
          "Allow port 22 only from known addresses (or a bastion / just-in-time access), use keys rather than "
          "passwords, and check the server's logs for failed logins."},
         "tcp.dstport == 22", {22}, {}},
        {{"exposed.smb", Severity::Warning, "SMB file sharing reachable from outside",
          "An SMB/NetBIOS server (TCP 445 or 139) answered clients outside the local subnets. SMB should never "
          "cross the Internet: worms (WannaCry) and credential relaying use it.",
          "Block TCP 445 and 139 at the network edge; if remote file access is needed, use a VPN."},
         "tcp.dstport in {139, 445}", {139, 445}, {}},
        {{"exposed.portmap", Severity::Warning, "ONC RPC portmapper reachable from outside",
          "An RPC portmapper (port 111) answered clients outside the local subnets. It lists the RPC services of "
          "the host (NFS, NIS, ...) to anyone who asks and is abused for reflection attacks.",
          "Block port 111 (TCP and UDP) from outside; if NFS must be reachable, restrict it to known clients."},
         "tcp.dstport == 111 || udp.dstport == 111", {111}, {111}},
        {{"exposed.winrm", Severity::Warning, "WinRM remote management reachable from outside",
          "A Windows Remote Management server (TCP 5985/5986) answered clients outside the local subnets: "
          "PowerShell remoting with administrative rights.",
          "Restrict ports 5985/5986 to management hosts or a VPN."},
         "tcp.dstport in {5985, 5986}", {5985, 5986}, {}},
        {{"exposed.vnc", Severity::Warning, "VNC remote desktop reachable from outside",
          "A VNC server (TCP 5900-5903) answered clients outside the local subnets; VNC authentication is weak "
          "and often sent without encryption.",
          "Put VNC behind a VPN or an SSH tunnel and restrict ports 5900-5903 at the firewall."},
         "tcp.dstport in {5900..5903}", {5900, 5901, 5902, 5903}, {}},
    };
    return kServices;
}

}  // namespace

void addExposedRules(RuleList& rules) {
    for (const ServiceDecl& decl : services()) rules.push_back(std::make_unique<ExposedRule>(decl));
}

}  // namespace caplens::findings
