// ip_protocol_types.hpp — Statistics > IPv4 (IPv6) Statistics > IP Protocol Types, as tshark's
// `-z ptype,tree` (`-z ipv6_ptype,tree`): each IP header of the version ticks the frame's port
// type — its innermost TCP or UDP ("TCP", "UDP"), else "NONE" (Wireshark's pinfo->ptype).
#pragma once

#include "core/analysis/stats_support.hpp"
#include "core/analysis/stats_tree.hpp"
#include "core/io/captured_frame.hpp"
#include "core/proto/packet.hpp"

namespace caplens {

class IpProtocolTypes {
public:
    explicit IpProtocolTypes(IpVersion version);
    void onFrame(const CapturedFrame& frame, const proto::Packet& packet) { onFrame(frame, packet, FrameTaps(packet)); }
    void onFrame(const CapturedFrame& frame, const proto::Packet& packet, const FrameTaps& taps);
    [[nodiscard]] const StatsTree& tree() const { return m_tree; }

private:
    IpVersion m_version;
    StatsTree m_tree;
    StatsTree::NodeId m_top;
};

}  // namespace caplens
