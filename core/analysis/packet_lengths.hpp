// packet_lengths.hpp — Statistics > Packet Lengths, as tshark's `-z plen,tree`: every frame's
// length (frame.len) in Wireshark's default ranges, with average, minimum and maximum.
#pragma once

#include "core/analysis/stats_tree.hpp"
#include "core/io/captured_frame.hpp"
#include "core/proto/packet.hpp"

namespace caplens {

class PacketLengths {
public:
    PacketLengths();
    void onFrame(const CapturedFrame& frame, const proto::Packet& packet);
    [[nodiscard]] const StatsTree& tree() const { return m_tree; }

private:
    StatsTree m_tree;
    StatsTree::NodeId m_top;
};

}  // namespace caplens
