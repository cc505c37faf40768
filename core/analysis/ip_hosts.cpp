#include "core/analysis/ip_hosts.hpp"

namespace caplens {

AllAddresses::AllAddresses(IpVersion version)
    : m_version(version),
      m_tree(version == IpVersion::V4 ? "IPv4 Statistics/All Addresses" : "IPv6 Statistics/All Addresses"),
      m_top(m_tree.addTopNode("All Addresses")) {}

void AllAddresses::onFrame(const CapturedFrame&, const proto::Packet& packet, const FrameTaps& taps) {
    // Once per IP header of the version, with the frame's final pinfo->net_src and net_dst:
    // the innermost IP header's addresses (Wireshark's ip_hosts tree).
    const proto::TapRecord* innermost = taps.network();
    for (const proto::TapRecord& tap : taps.all()) {
        if (!isIpTap(tap, m_version)) continue;
        m_tree.beginFrame(packet.frame().sinceFirstNs);
        m_tree.tick(m_top);
        for (const StatAddress& address : {tapSource(*innermost), tapDestination(*innermost)}) {
            m_tree.tick(m_tree.child(m_top, address, [&] { return formatAddress(address); }));
        }
    }
}

}  // namespace caplens
