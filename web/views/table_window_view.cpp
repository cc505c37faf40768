#include "web/views/table_window_view.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/util/json_writer.hpp"
#include "web/app.hpp"
#include "web/widgets.hpp"

namespace caplens::web {
namespace {

// How many rows the test hook lists (and exposes as targets), from the top of the order.
constexpr int kExposedRows = 20;

// Text right-aligned in the current table cell.
void rightAligned(const std::string& text) {
    const float width = ImGui::CalcTextSize(text.c_str()).x;
    const float free = ImGui::GetContentRegionAvail().x - width;
    if (free > 0) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + free);
    ImGui::TextUnformatted(text.c_str());
}

}  // namespace

TableWindowView::TableWindowView(StatisticsWindow window, wasm::StatisticsTable table, std::vector<Tab> tabs)
    : m_window(window), m_table(table), m_tabs(std::move(tabs)) {}

void TableWindowView::draw(App& app) {
    linkTab(app);
    if (!app.windowOpen(m_window)) return;
    wasm::CaptureSession* session = app.session();
    wasm::StatisticsTables* tables = session != nullptr ? session->tables() : nullptr;
    const StatisticsWindowInfo& info = statisticsWindowInfo(m_window);
    placeFloatingWindow(app, static_cast<int>(m_window), ImVec2(std::round(1040 * app.scale()), std::round(560 * app.scale())));
    bool open = true;
    const std::string title = std::string(info.title) + "###" + info.name;
    if (ImGui::Begin(title.c_str(), &open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        if (tables == nullptr) {
            mutedText(app, "The statistics appear once the capture is read.");
        } else {
            if (!m_tabs.empty() && ImGui::BeginTabBar("##tabs")) {
                for (int i = 0; i < static_cast<int>(m_tabs.size()); ++i) {
                    const ImGuiTabItemFlags flags = i == m_tabRequest ? ImGuiTabItemFlags_SetSelected : 0;
                    const bool selected = ImGui::BeginTabItem(m_tabs[i].label, nullptr, flags);
                    app.exposeTarget(std::string("table.") + info.name + ".tab." + m_tabs[i].id, ImGui::GetItemRectMin(),
                                     ImGui::GetItemRectMax());
                    if (selected) {
                        m_tab = i;
                        ImGui::EndTabItem();
                    }
                }
                ImGui::EndTabBar();
                m_tabRequest = -1;
            }
            const int variant = m_tabs.empty() ? 0 : m_tabs[static_cast<std::size_t>(m_tab)].variant;
            if (const wasm::StatTable* table = limitToFilter(app, *tables, variant)) drawTable(app, *table);
        }
    }
    ImGui::End();
    if (!open) app.setWindowOpen(m_window, false);
}

// The shown tab is part of a view link ("tab.<window>") while the window is open.
void TableWindowView::linkTab(App& app) {
    if (m_tabs.empty()) return;
    const std::string key = std::string("tab.") + statisticsWindowInfo(m_window).name;
    if (const auto id = app.links().takeRestore(key)) {
        for (int i = 0; i < static_cast<int>(m_tabs.size()); ++i) {
            if (*id == m_tabs[static_cast<std::size_t>(i)].id) m_tabRequest = i;
        }
    }
    if (app.windowOpen(m_window)) app.links().write(key, m_tabs[static_cast<std::size_t>(m_tab)].id);
}

const wasm::StatTable* TableWindowView::limitToFilter(App& app, wasm::StatisticsTables& all, int variant) {
    wasm::CaptureSession& session = *app.session();
    bool limited = session.statisticsLimited();
    if (ImGui::Checkbox("Limit to display filter", &limited)) session.limitStatisticsToFilter(limited);
    app.exposeTarget(std::string("table.") + statisticsWindowInfo(m_window).name + ".limit", ImGui::GetItemRectMin(),
                     ImGui::GetItemRectMax());
    if (!limited || session.appliedFilter().empty()) {
        if (limited) {
            ImGui::SameLine();
            mutedText(app, "(no display filter applied: every frame counts)");
        }
        return &all.table(m_table, variant);
    }
    ImGui::SameLine();
    if (wasm::StatisticsTables* displayed = session.displayedTables()) {
        mutedText(app, "Frames of: " + session.appliedFilter());
        return &displayed->table(m_table, variant);
    }
    mutedText(app, "Counting the frames of the display filter\u2026");
    return nullptr;
}

void TableWindowView::drawTable(App& app, const wasm::StatTable& table) {
    const StatisticsWindowInfo& info = statisticsWindowInfo(m_window);
    const Palette& p = app.palette();
    const float s = app.scale();

    // The line above the table: what a click does, and the CSV copy on the right.
    const std::string count = std::to_string(table.rows.size()) + (table.rows.size() == 1 ? " row" : " rows");
    mutedText(app, count + (table.rows.empty() ? "" : " \u00B7 click a row to apply its display filter"));
    const ImVec2 csvSize = buttonSize("Copy as CSV");
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - csvSize.x));
    if (secondaryButton(app, "Copy as CSV")) app.copyText(table.csv());
    app.exposeTarget(std::string("table.") + info.name + ".csv", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());

    const int columns = static_cast<int>(table.columns.size());
    ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_BordersInnerV |
                            ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_Resizable | ImGuiTableFlags_RowBg |
                            ImGuiTableFlags_SizingFixedFit;
    if (!table.tree) flags |= ImGuiTableFlags_Sortable | ImGuiTableFlags_SortTristate;
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(std::round(8 * s), std::round(3 * s)));
    ImGui::PushStyleColor(ImGuiCol_TableBorderLight, p.border);
    // One ImGui table per tab, so that each keeps its own column widths and sort.
    const std::string id = "##table" + std::to_string(m_tab);
    if (columns == 0 || !ImGui::BeginTable(id.c_str(), columns, flags)) {
        ImGui::PopStyleColor();
        ImGui::PopStyleVar();
        return;
    }
    ImGui::TableSetupScrollFreeze(1, 1);
    for (const wasm::StatColumn& column : table.columns) {
        ImGui::TableSetupColumn(column.title.c_str(),
                                column.numeric ? ImGuiTableColumnFlags_PreferSortDescending : ImGuiTableColumnFlags_None);
    }
    ImGui::PushFont(app.fonts().strong);
    ImGui::TableHeadersRow();
    ImGui::PopFont();

    const std::vector<std::uint32_t>& order =
        displayOrder(table, app.session()->id(), table.tree ? nullptr : ImGui::TableGetSortSpecs());
    const float rowHeight = ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(order.size()), rowHeight);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) drawRow(app, table, order[static_cast<std::size_t>(i)], i);
    }
    ImGui::EndTable();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    if (table.rows.empty()) mutedText(app, std::string("No ") + info.title + " in this capture.");
    exposeRows(app, table);
}

void TableWindowView::drawRow(App& app, const wasm::StatTable& table, std::uint32_t index, int displayIndex) {
    const wasm::StatRow& row = table.rows[index];
    const float s = app.scale();
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushID(displayIndex);
    // The selectable spans the row: the whole row is the click target.
    const bool clicked = ImGui::Selectable("##row", false,
                                           ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowOverlap);
    const bool filtered = !row.filter.empty();
    if (filtered) pointerOnHover();
    if (filtered && ImGui::IsItemHovered()) ImGui::SetTooltip("Apply the display filter: %s", row.filter.c_str());
    if (displayIndex < kExposedRows) {
        app.exposeTarget(std::string("table.") + statisticsWindowInfo(m_window).name + ".row." + std::to_string(displayIndex),
                         ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    }
    if (clicked && filtered) app.applyFilter(row.filter);
    if (filtered && ImGui::BeginPopupContextItem("##row_menu")) {
        ImGui::TextDisabled("%s", row.filter.c_str());
        if (ImGui::MenuItem("Apply as Filter")) app.applyFilter(row.filter);
        if (ImGui::MenuItem("Prepare as Filter")) app.prepareFilter(row.filter);
        if (ImGui::MenuItem("Copy filter")) app.copyText(row.filter);
        ImGui::EndPopup();
    }
    ImGui::PopID();
    ImGui::SameLine(0, 0);
    for (std::size_t c = 0; c < row.cells.size() && c < table.columns.size(); ++c) {
        if (c > 0) ImGui::TableNextColumn();
        if (c == 0 && row.depth > 0) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::round(16 * s) * static_cast<float>(row.depth));
        if (table.columns[c].numeric) {
            rightAligned(row.cells[c].text);
        } else {
            ImGui::TextUnformatted(row.cells[c].text.c_str());
        }
    }
}

const std::vector<std::uint32_t>& TableWindowView::displayOrder(const wasm::StatTable& table, int session,
                                                                const ImGuiTableSortSpecs* specs) {
    int column = -1;
    bool ascending = true;
    if (specs != nullptr && specs->SpecsCount > 0) {
        column = specs->Specs[0].ColumnIndex;
        ascending = specs->Specs[0].SortDirection != ImGuiSortDirection_Descending;
    }
    if (&table == m_orderedTable && session == m_orderedSession && column == m_sortColumn &&
        ascending == m_sortAscending) {
        return m_order;
    }
    m_orderedTable = &table;
    m_orderedSession = session;
    m_sortColumn = column;
    m_sortAscending = ascending;
    m_order.resize(table.rows.size());
    std::iota(m_order.begin(), m_order.end(), 0u);
    if (column < 0 || column >= static_cast<int>(table.columns.size())) return m_order;
    const auto c = static_cast<std::size_t>(column);
    const bool numeric = table.columns[c].numeric;
    std::stable_sort(m_order.begin(), m_order.end(), [&](std::uint32_t a, std::uint32_t b) {
        const wasm::StatCell& x = table.rows[a].cells[c];
        const wasm::StatCell& y = table.rows[b].cells[c];
        const bool less = numeric ? x.number < y.number : x.text < y.text;
        const bool greater = numeric ? y.number < x.number : y.text < x.text;
        return ascending ? less : greater;
    });
    return m_order;
}

void TableWindowView::exposeRows(App& app, const wasm::StatTable& table) {
    const std::vector<std::uint32_t>& order = m_order;  // displayOrder() ran for `table` this frame
    JsonWriter w;
    w.beginObject();
    w.key("tab").value(m_tabs.empty() ? "" : m_tabs[static_cast<std::size_t>(m_tab)].id);
    w.key("rows").value(static_cast<std::uint64_t>(table.rows.size()));
    w.key("limited").value(app.session()->statisticsLimited() && !app.session()->appliedFilter().empty());
    w.key("sort_column").value(static_cast<std::int64_t>(m_sortColumn));
    w.key("first_rows").beginArray();
    for (std::size_t i = 0; i < order.size() && i < static_cast<std::size_t>(kExposedRows); ++i) {
        const wasm::StatRow& row = table.rows[order[i]];
        w.beginObject();
        w.key("cells").beginArray();
        for (const wasm::StatCell& cell : row.cells) w.value(cell.text);
        w.endArray();
        w.key("filter").value(row.filter);
        w.endObject();
    }
    w.endArray();
    w.endObject();
    app.exposeState(std::string("table.") + statisticsWindowInfo(m_window).name, w.take());
}

}  // namespace caplens::web
