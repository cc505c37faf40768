#include "core/analysis/destinations.hpp"

#include "core/util/json_writer.hpp"

namespace caplens {
DestinationsAndPorts::DestinationsAndPorts(IpVersion version)
    : m_version(version),
      m_tree(version == IpVersion::V4 ? "IPv4 Statistics/Destinations and Ports" : "IPv6 Statistics/Destinations and Ports"),
      m_top(m_tree.addTopNode("Destinations and Ports")) {}

void DestinationsAndPorts::onFrame(const CapturedFrame&, const proto::Packet& packet, const FrameTaps& taps) {
    // Wireshark's tree ticks once per IP header of its version, but reads the frame's final
    // pinfo: the innermost IP destination (net_dst) and the innermost port type and port.
    const proto::TapRecord* transport = taps.transport();
    const std::uint16_t port = transport ? transport->destinationPort : 0;
    const proto::TapRecord* innermost = taps.network();
    for (const proto::TapRecord& tap : taps.all()) {
        if (!isIpTap(tap, m_version)) continue;
        m_tree.beginFrame(packet.frame().sinceFirstNs);
        m_tree.tick(m_top);
        const StatAddress destination = tapDestination(*innermost);
        const auto address = m_tree.child(m_top, destination, [&] { return formatAddress(destination); });
        m_tree.tick(address);
        const auto type = m_tree.child(address, StatsTree::numberKey(portTypeKey(transport)),
                                       [&] { return std::string(portTypeName(transport)); });
        m_tree.tick(type);
        m_tree.tick(m_tree.child(type, StatsTree::numberKey(port), [&] { return std::to_string(port); }));
    }
}

void DestinationsAndPorts::appendDestinationsJson(JsonWriter& w) const {
    const std::string addressField = m_version == IpVersion::V4 ? "ip.dst" : "ipv6.dst";
    for (const auto addressId : m_tree.sortedChildren(m_top)) {
        const StatsTree::Node& address = m_tree.node(addressId);
        const std::string addressFilter = addressField + " == " + address.name;
        w.beginObject();
        w.key("address").value(address.name);
        w.key("frames").value(static_cast<std::uint64_t>(address.counter));
        w.key("filter").value(addressFilter);
        w.key("protocols").beginArray();
        for (const auto typeId : m_tree.sortedChildren(addressId)) {
            const StatsTree::Node& type = m_tree.node(typeId);
            const bool hasPorts = type.name == "TCP" || type.name == "UDP" || type.name == "SCTP";
            std::string protocol;
            for (const char c : type.name) protocol += static_cast<char>(c - 'A' + 'a');
            if (!hasPorts) protocol.clear();
            w.beginObject();
            w.key("name").value(type.name);
            w.key("frames").value(static_cast<std::uint64_t>(type.counter));
            w.key("filter").value(hasPorts ? addressFilter + " && " + protocol : addressFilter + " && !tcp && !udp && !sctp");
            w.key("ports").beginArray();
            for (const auto portId : m_tree.sortedChildren(typeId)) {
                const StatsTree::Node& port = m_tree.node(portId);
                w.beginObject();
                w.key("port").value(static_cast<std::uint64_t>(std::stoul(port.name)));
                w.key("frames").value(static_cast<std::uint64_t>(port.counter));
                if (hasPorts) {
                    w.key("filter").value(addressFilter + " && " + protocol + ".dstport == " + port.name);
                } else {
                    w.key("filter").value(addressFilter + " && !tcp && !udp && !sctp");
                }
                w.endObject();
            }
            w.endArray();
            w.endObject();
        }
        w.endArray();
        w.endObject();
    }
}

std::string destinationsJson(const DestinationsAndPorts* ipv4, const DestinationsAndPorts* ipv6) {
    JsonWriter w;
    w.beginObject().key("destinations").beginArray();
    if (ipv4 != nullptr) ipv4->appendDestinationsJson(w);
    if (ipv6 != nullptr) ipv6->appendDestinationsJson(w);
    w.endArray().endObject();
    return w.take();
}

}  // namespace caplens
