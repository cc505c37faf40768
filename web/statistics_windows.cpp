#include "web/statistics_windows.hpp"

#include <array>

namespace caplens::web {
namespace {

// Titles as Wireshark's Statistics menu names them.
constexpr std::array<StatisticsWindowInfo, kStatisticsWindowCount> kWindows = {{
    {StatisticsWindow::ProtocolHierarchy, "protocol_hierarchy", "Protocol Hierarchy"},
    {StatisticsWindow::Conversations, "conversations", "Conversations"},
    {StatisticsWindow::Endpoints, "endpoints", "Endpoints"},
    {StatisticsWindow::Destinations, "destinations", "Destinations and Ports"},
    {StatisticsWindow::AllAddresses, "all_addresses", "All Addresses"},
    {StatisticsWindow::IpProtocolTypes, "ip_protocol_types", "IP Protocol Types"},
    {StatisticsWindow::PacketLengths, "packet_lengths", "Packet Lengths"},
    {StatisticsWindow::Handshakes, "handshakes", "TCP Handshakes (RTT)"},
    {StatisticsWindow::IoGraph, "io_graph", "I/O Graph"},
    {StatisticsWindow::Expert, "expert", "Expert Information"},
}};

}  // namespace

std::span<const StatisticsWindowInfo> statisticsWindows() { return kWindows; }

const StatisticsWindowInfo& statisticsWindowInfo(StatisticsWindow window) {
    return kWindows[static_cast<std::size_t>(window)];
}

}  // namespace caplens::web
