#include "core/analysis/packet_lengths.hpp"

#include <algorithm>
#include <limits>

namespace caplens {
namespace {

// Wireshark's default "plen" ranges (the stats_tree plen UAT).
constexpr StatsTree::Range kRanges[] = {
    {0, 19, "0-19"},         {20, 39, "20-39"},       {40, 79, "40-79"},
    {80, 159, "80-159"},     {160, 319, "160-319"},   {320, 639, "320-639"},
    {640, 1279, "640-1279"}, {1280, 2559, "1280-2559"}, {2560, 5119, "2560-5119"},
    {5120, -1, "5120 and greater"},
};

}  // namespace

PacketLengths::PacketLengths() : m_tree("Packet Lengths"), m_top(m_tree.addRangeNode("Packet Lengths", kRanges)) {}

void PacketLengths::onFrame(const CapturedFrame& frame, const proto::Packet& packet) {
    m_tree.beginFrame(packet.frame().sinceFirstNs);
    m_tree.tick(m_top);
    const auto length = static_cast<std::int32_t>(
        std::min<std::uint32_t>(frame.originalLength, std::numeric_limits<std::int32_t>::max()));
    m_tree.tickRange(m_top, length);
}

}  // namespace caplens
