#include "web/views/views.hpp"

#include "web/views/capture_info_view.hpp"
#include "web/views/drop_overlay_view.hpp"
#include "web/views/export_view.hpp"
#include "web/views/follow_stream_view.hpp"
#include "web/views/go_to_packet_view.hpp"
#include "web/views/io_graph_view.hpp"
#include "web/views/navigation_view.hpp"
#include "web/views/packets_view.hpp"
#include "web/views/summary_view.hpp"
#include "web/views/table_window_view.hpp"
#include "web/views/status_bar_view.hpp"
#include "web/views/toolbar_view.hpp"
#include "web/views/view_link_view.hpp"
#include "web/views/welcome_view.hpp"

namespace caplens::web {
namespace {

// The Statistics menu's windows, floating above the screens (after them, so they draw on top).
void addStatisticsWindows(std::vector<std::unique_ptr<View>>& views) {
    using Table = wasm::StatisticsTable;
    using Tab = TableWindowView::Tab;
    const std::vector<Tab> types = {{"Ethernet", "eth", 0}, {"IPv4", "ipv4", 1}, {"IPv6", "ipv6", 2},
                                    {"TCP", "tcp", 3},      {"UDP", "udp", 4}};
    const std::vector<Tab> versions = {{"IPv4", "ipv4", 0}, {"IPv6", "ipv6", 1}};
    views.push_back(std::make_unique<TableWindowView>(StatisticsWindow::ProtocolHierarchy, Table::ProtocolHierarchy));
    views.push_back(std::make_unique<TableWindowView>(StatisticsWindow::Conversations, Table::Conversations, types));
    views.push_back(std::make_unique<TableWindowView>(StatisticsWindow::Endpoints, Table::Endpoints, types));
    views.push_back(std::make_unique<TableWindowView>(StatisticsWindow::Destinations, Table::Destinations, versions));
    views.push_back(std::make_unique<TableWindowView>(StatisticsWindow::AllAddresses, Table::AllAddresses, versions));
    views.push_back(std::make_unique<TableWindowView>(StatisticsWindow::IpProtocolTypes, Table::IpProtocolTypes, versions));
    views.push_back(std::make_unique<TableWindowView>(StatisticsWindow::PacketLengths, Table::PacketLengths));
    views.push_back(std::make_unique<TableWindowView>(StatisticsWindow::Handshakes, Table::Handshakes));
    views.push_back(std::make_unique<IoGraphView>());
    views.push_back(std::make_unique<TableWindowView>(StatisticsWindow::Expert, Table::Expert));
}

}  // namespace

std::vector<std::unique_ptr<View>> registerViews() {
    std::vector<std::unique_ptr<View>> views;
    views.push_back(std::make_unique<ToolbarView>());
    views.push_back(std::make_unique<StatusBarView>());
    views.push_back(std::make_unique<WelcomeView>());
    views.push_back(std::make_unique<NavigationView>());
    views.push_back(std::make_unique<SummaryView>());
    views.push_back(std::make_unique<PacketsView>());
    views.push_back(std::make_unique<CaptureInfoView>());
    addStatisticsWindows(views);
    views.push_back(std::make_unique<ExportView>());
    views.push_back(std::make_unique<FollowStreamView>());
    views.push_back(std::make_unique<GoToPacketView>());
    views.push_back(std::make_unique<ViewLinkView>());
    views.push_back(std::make_unique<DropOverlayView>());
    return views;
}

}  // namespace caplens::web
