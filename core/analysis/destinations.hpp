// destinations.hpp — Statistics > IPv4 (IPv6) Statistics > Destinations and Ports, as tshark's
// `-z dests,tree` (`-z ipv6_dests,tree`): per destination address, the frame's port type
// ("TCP", "UDP", "NONE"), then its destination port.
//
// Each IP header of the version counts once (Wireshark queues its "ip" tap per header); the
// destination is the frame's innermost IP destination (pinfo->net_dst, of either version), the
// port type and port are the frame's innermost TCP/UDP ones — Wireshark's pinfo->ptype and
// pinfo->destport once the whole frame is dissected — or "NONE" and 0.
#pragma once

#include <string>

#include "core/analysis/stats_support.hpp"
#include "core/analysis/stats_tree.hpp"
#include "core/io/captured_frame.hpp"
#include "core/proto/packet.hpp"

namespace caplens {

class JsonWriter;

class DestinationsAndPorts {
public:
    explicit DestinationsAndPorts(IpVersion version);
    void onFrame(const CapturedFrame& frame, const proto::Packet& packet) { onFrame(frame, packet, FrameTaps(packet)); }
    void onFrame(const CapturedFrame& frame, const proto::Packet& packet, const FrameTaps& taps);

    [[nodiscard]] IpVersion version() const { return m_version; }
    [[nodiscard]] const StatsTree& tree() const { return m_tree; }
    // tshark's table.
    [[nodiscard]] std::string text() const { return m_tree.text(); }
    // Appends one object per destination, in tshark's order, to the open array of `w`:
    // {"address":"10.0.0.5","frames":N,"filter":"ip.dst == 10.0.0.5","protocols":[{"name":"TCP",
    //  "frames":N,"filter":..,"ports":[{"port":443,"frames":N,"filter":"ip.dst == 10.0.0.5 && tcp.dstport == 443"}]}]}
    void appendDestinationsJson(JsonWriter& w) const;

private:
    IpVersion m_version;
    StatsTree m_tree;
    StatsTree::NodeId m_top;
};

// `caplens dests --json`: {"destinations":[...]} with the IPv4 table's destinations, then the
// IPv6 table's (either may be null: `--type ip` / `--type ipv6`). The CLI and the JavaScript
// API both print it, so their outputs compare exactly.
[[nodiscard]] std::string destinationsJson(const DestinationsAndPorts* ipv4, const DestinationsAndPorts* ipv6);

}  // namespace caplens
