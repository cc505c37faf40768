// statistics_windows.hpp — the windows of the Statistics menu: which exist, in menu order, with
// the name the test hook reports for each (window.caplens.state().windows).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace caplens::web {

enum class StatisticsWindow : std::uint8_t {
    ProtocolHierarchy,
    Conversations,
    Endpoints,
    Destinations,
    AllAddresses,
    IpProtocolTypes,
    PacketLengths,
    Handshakes,
    IoGraph,
    Expert,
};
inline constexpr std::size_t kStatisticsWindowCount = 10;

struct StatisticsWindowInfo {
    StatisticsWindow window;
    const char* name;   // "conversations": test hook and test targets
    const char* title;  // "Conversations": menu item and window title
};

// Every window, in the order of the Statistics menu.
[[nodiscard]] std::span<const StatisticsWindowInfo> statisticsWindows();
[[nodiscard]] const StatisticsWindowInfo& statisticsWindowInfo(StatisticsWindow window);

}  // namespace caplens::web
