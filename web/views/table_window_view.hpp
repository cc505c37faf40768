// table_window_view.hpp — a window of the Statistics menu that shows one of the capture's
// tables (wasm/statistics_tables.hpp): Conversations and Endpoints with a tab per type, the
// Destinations and Ports / All Addresses / IP Protocol Types trees per IP version, Packet
// Lengths, TCP handshakes, Expert Information and the Protocol Hierarchy.
//
// Like Wireshark's dialogs: columns sort by a click on their header (flat tables; trees keep
// tshark's order), a click on a row applies its display filter and shows the packet list, the
// row's context menu prepares or copies the filter, "Copy as CSV" puts the table on the
// clipboard, and "Limit to display filter" counts only the frames the applied filter passes.
// The test hook gets, per open window, its tab, row count, whether it is limited, and the cells
// and filters of the first rows in display order (state `table.<name>`), and the targets
// `table.<name>.row.<i>`, `table.<name>.tab.<id>`, `table.<name>.csv`, `table.<name>.limit`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "web/statistics_windows.hpp"
#include "web/view.hpp"
#include "wasm/statistics_tables.hpp"

namespace caplens::web {

class TableWindowView final : public View {
public:
    // A tab of the window: its label, its id for the test hook, the table variant it shows.
    struct Tab {
        const char* label;
        const char* id;
        int variant;
    };

    TableWindowView(StatisticsWindow window, wasm::StatisticsTable table, std::vector<Tab> tabs = {});

    [[nodiscard]] const char* name() const override { return statisticsWindowInfo(m_window).name; }
    void draw(App& app) override;

private:
    // The "Limit to display filter" check box, and the table to show under it: the displayed
    // frames' (once the filter pass has counted them; null meanwhile) or every frame's.
    const wasm::StatTable* limitToFilter(App& app, wasm::StatisticsTables& all, int variant);
    void drawTable(App& app, const wasm::StatTable& table);
    void drawRow(App& app, const wasm::StatTable& table, std::uint32_t index, int displayIndex);
    // The rows in display order: sorted by the header the user clicked (flat tables only).
    // Computed again only when the table (tab, capture) or the sort changes.
    const std::vector<std::uint32_t>& displayOrder(const wasm::StatTable& table, int session,
                                                   const ImGuiTableSortSpecs* specs);
    void exposeRows(App& app, const wasm::StatTable& table);
    void linkTab(App& app);

    StatisticsWindow m_window;
    wasm::StatisticsTable m_table;
    std::vector<Tab> m_tabs;
    int m_tab = 0;
    int m_tabRequest = -1;  // a tab to select on the next frame (from a view link)
    // The display order and what it was computed for (a new capture builds new tables, which
    // may reuse an old table's address: the session id tells them apart).
    const wasm::StatTable* m_orderedTable = nullptr;
    int m_orderedSession = -1;
    int m_sortColumn = -1;
    bool m_sortAscending = true;
    std::vector<std::uint32_t> m_order;
};

}  // namespace caplens::web
