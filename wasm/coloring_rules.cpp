#include "wasm/coloring_rules.hpp"

#include <algorithm>

namespace caplens::wasm {
namespace {

struct DefaultRule {
    const char* name;
    const char* filter;
    std::uint32_t background;
    std::uint32_t foreground;
};

// Wireshark 4.0's colorfilters, in order ([background][foreground] as 16-bit channels there,
// 8-bit here).
constexpr DefaultRule kDefaults[] = {
    {"Bad TCP", "tcp.analysis.flags && !tcp.analysis.window_update && !tcp.analysis.keep_alive && !tcp.analysis.keep_alive_ack", 0x12272E, 0xF78787},
    {"HSRP State Change", "hsrp.state != 8 && hsrp.state != 16", 0x12272E, 0xFFFC9C},
    {"Spanning Tree Topology  Change", "stp.type == 0x80", 0x12272E, 0xFFFC9C},
    {"OSPF State Change", "ospf.msg != 1", 0x12272E, 0xFFFC9C},
    {"ICMP errors", "icmp.type in { 3..5, 11 } || icmpv6.type in { 1..4 }", 0x12272E, 0xB7F774},
    {"ARP", "arp", 0xFAF0D7, 0x12272E},
    {"ICMP", "icmp || icmpv6", 0xFCE0FF, 0x12272E},
    {"TCP RST", "tcp.flags.reset eq 1", 0xA40000, 0xFFFC9C},
    {"SCTP ABORT", "sctp.chunk_type eq ABORT", 0xA40000, 0xFFFC9C},
    {"TTL low or unexpected", "(ip.dst != 224.0.0.0/4 && ip.ttl < 5 && !pim && !ospf) || (ip.dst == 224.0.0.0/24 && ip.dst != 224.0.0.251 && ip.ttl != 1 && !(vrrp || carp))", 0xA40000, 0xECF0EB},
    {"Checksum Errors", "eth.fcs.status==\"Bad\" || ip.checksum.status==\"Bad\" || tcp.checksum.status==\"Bad\" || udp.checksum.status==\"Bad\" || sctp.checksum.status==\"Bad\" || mstp.checksum.status==\"Bad\" || cdp.checksum.status==\"Bad\" || edp.checksum.status==\"Bad\" || wlan.fcs.status==\"Bad\" || stt.checksum.status==\"Bad\"", 0x12272E, 0xF78787},
    {"SMB", "smb || nbss || nbns || netbios", 0xFEFFD0, 0x12272E},
    {"HTTP", "http || tcp.port == 80 || http2", 0xE4FFC7, 0x12272E},
    {"DCERPC", "dcerpc", 0xC797FF, 0x12272E},
    {"Routing", "hsrp || eigrp || ospf || bgp || cdp || vrrp || carp || gvrp || igmp || ismp", 0xFFF3D6, 0x12272E},
    {"TCP SYN/FIN", "tcp.flags & 0x02 || tcp.flags.fin == 1", 0xA0A0A0, 0x12272E},
    {"TCP", "tcp", 0xE7E6FF, 0x12272E},
    {"UDP", "udp", 0xDAEEFF, 0x12272E},
    {"Broadcast", "eth[0] & 1", 0xFFFFFF, 0xBABDB6},
    {"System Event", "systemd_journal || sysdig", 0xE6E6E6, 0x2D6F9A},
};

}  // namespace

ColoringRules::ColoringRules() {
    for (const DefaultRule& d : kDefaults) {
        ColoringRule rule{d.name, d.filter, d.background, d.foreground, nullptr};
        filter::CompileResult compiled = filter::compile(rule.filterText);
        if (compiled) {
            const proto::FieldMask& mask = compiled.filter->mask();
            if (m_mask.size() < mask.size()) m_mask.resize(mask.size(), 0);
            for (std::size_t i = 0; i < mask.size(); ++i) m_mask[i] |= mask[i];
            rule.filter = std::move(compiled.filter);
        }
        m_rules.push_back(std::move(rule));
    }
}

int ColoringRules::match(const proto::Packet& packet) const {
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        if (m_rules[i].filter && m_rules[i].filter->matches(packet)) return static_cast<int>(i);
    }
    return -1;
}

}  // namespace caplens::wasm
