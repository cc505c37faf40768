// ip_hosts.hpp — Statistics > IPv4 (IPv6) Statistics > All Addresses, as tshark's
// `-z ip_hosts,tree` (`-z ipv6_hosts,tree`): each IP header of the version ticks the frame's
// source and destination address as Wireshark's pinfo holds them once the frame is dissected
// (net_src, net_dst: the innermost IP header's, of either version).
#pragma once

#include "core/analysis/stats_support.hpp"
#include "core/analysis/stats_tree.hpp"
#include "core/io/captured_frame.hpp"
#include "core/proto/packet.hpp"

namespace caplens {

class AllAddresses {
public:
    explicit AllAddresses(IpVersion version);
    void onFrame(const CapturedFrame& frame, const proto::Packet& packet) { onFrame(frame, packet, FrameTaps(packet)); }
    void onFrame(const CapturedFrame& frame, const proto::Packet& packet, const FrameTaps& taps);
    [[nodiscard]] const StatsTree& tree() const { return m_tree; }

private:
    IpVersion m_version;
    StatsTree m_tree;
    StatsTree::NodeId m_top;
};

}  // namespace caplens
