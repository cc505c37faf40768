#include "core/analysis/ip_protocol_types.hpp"

namespace caplens {

IpProtocolTypes::IpProtocolTypes(IpVersion version)
    : m_version(version),
      m_tree(version == IpVersion::V4 ? "IPv4 Statistics/IP Protocol Types" : "IPv6 Statistics/IP Protocol Types"),
      m_top(m_tree.addTopNode("IP Protocol Types")) {}

void IpProtocolTypes::onFrame(const CapturedFrame&, const proto::Packet& packet, const FrameTaps& taps) {
    const proto::TapRecord* transport = taps.transport();
    const std::uint32_t key = portTypeKey(transport);
    for (const proto::TapRecord& tap : taps.all()) {
        if (!isIpTap(tap, m_version)) continue;
        m_tree.beginFrame(packet.frame().sinceFirstNs);
        m_tree.tick(m_top);
        m_tree.tick(m_tree.child(m_top, StatsTree::numberKey(key), [&] { return std::string(portTypeName(transport)); }));
    }
}

}  // namespace caplens
