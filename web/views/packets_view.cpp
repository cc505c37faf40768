#include "web/views/packets_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <imgui_internal.h>  // TableSetColumnWidth, TableSetColumnSortDirection

#include "core/util/json_writer.hpp"
#include "core/util/time_format.hpp"
#include "web/app.hpp"
#include "web/platform/browser.hpp"
#include "web/text_format.hpp"
#include "web/widgets.hpp"

namespace caplens::web {
namespace {

ImVec4 fromRgb(std::uint32_t rgb) {
    return ImVec4(static_cast<float>((rgb >> 16) & 0xFF) / 255.0f, static_cast<float>((rgb >> 8) & 0xFF) / 255.0f,
                  static_cast<float>(rgb & 0xFF) / 255.0f, 1.0f);
}

ImVec4 mixColour(const ImVec4& a, const ImVec4& b, float t) {
    return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1.0f);
}

float luminance(const ImVec4& c) { return 0.2126f * c.x + 0.7152f * c.y + 0.0722f * c.z; }

// A coloring rule's row colours in the app's theme: Wireshark's own colours in the light theme;
// in the dark theme its pastel backgrounds become tints of the surface (its dark ones, such as
// Bad TCP's, stay as they are).
void ruleColours(const App& app, const wasm::ColoringRule& rule, ImVec4& background, ImVec4& text) {
    const Palette& p = app.palette();
    background = fromRgb(rule.background);
    text = fromRgb(rule.foreground);
    if (app.themeMode() == ThemeMode::Dark && luminance(background) > 0.5f) {
        background = mixColour(p.surface, background, 0.22f);
        text = p.text;
    }
}

// The value a field's "Copy value" puts on the clipboard.
std::string copyValue(const DetailNode& node) {
    if (!node.filterValue.empty()) {
        std::string v = node.filterValue;
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
        return v;
    }
    const auto colon = node.label.find(": ");
    return colon == std::string::npos ? node.label : node.label.substr(colon + 2);
}

struct TimeFormatChoice {
    TimeFormat format;
    const char* id;     // in the test hook and the targets
    const char* label;  // Wireshark's words
};
constexpr TimeFormatChoice kTimeFormats[] = {
    {TimeFormat::SinceStart, "since_start", "Seconds Since Beginning of Capture"},
    {TimeFormat::SincePreviousDisplayed, "since_previous_displayed", "Seconds Since Previous Displayed Packet"},
    {TimeFormat::Absolute, "absolute", "Date and Time of Day"},
    {TimeFormat::Utc, "utc", "UTC Date and Time of Day"},
};

const char* timeFormatId(TimeFormat format) {
    for (const auto& choice : kTimeFormats) {
        if (choice.format == format) return choice.id;
    }
    return "since_start";
}

constexpr const char* kColumnNames[] = {"No.", "Time", "Source", "Destination", "Protocol", "Length", "Info"};

}  // namespace

void PacketsView::draw(App& app) {
    wasm::CaptureSession* session = app.session();
    if (session != nullptr && session->finished()) linkTimeFormat(app);
    if (session == nullptr || !session->finished() || session->frameCount() == 0 || app.screen() != Screen::Packets) {
        return;
    }
    const Rect area = app.layout().workspace;
    const float s = app.scale();
    constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                        ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::SetNextWindowPos(area.min);
    ImGui::SetNextWindowSize(area.size());
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
    ImGui::Begin("##packets_view", nullptr, kFlags);
    ImGui::PopStyleVar(4);

    const float handle = std::round(7 * s);
    const float total = std::max(1.0f, area.height() - 2 * handle);
    const float listHeight = std::round(total * m_listFraction);
    const float detailsHeight = std::round(total * m_detailsFraction);
    const float bytesHeight = std::max(1.0f, total - listHeight - detailsHeight);

    if (session->selected() != m_lastSelected) {
        m_lastSelected = session->selected();
        m_bytesSource = 0;
        // Selected elsewhere (Go to packet): bring the row into view.
        m_scrollToSelected = true;
    }
    drawList(app, listHeight);
    splitter(app, "##split1", m_listFraction, total);
    drawDetails(app, detailsHeight);
    float bytesFraction = m_listFraction + m_detailsFraction;
    splitter(app, "##split2", bytesFraction, total);
    m_detailsFraction = std::clamp(bytesFraction - m_listFraction, 0.08f, 0.8f);
    drawBytes(app, bytesHeight);
    ImGui::End();
}

void PacketsView::splitter(App& app, const char* id, float& fraction, float total) {
    const Palette& p = app.palette();
    const float s = app.scale();
    const float handle = std::round(7 * s);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::InvisibleButton(id, ImVec2(width, handle));
    const bool active = ImGui::IsItemActive();
    if (ImGui::IsItemHovered() || active) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeNS);
    if (active) fraction = std::clamp(fraction + ImGui::GetIO().MouseDelta.y / total, 0.12f, 0.85f);
    ImDrawList* list = ImGui::GetWindowDrawList();
    list->AddRectFilled(at, ImVec2(at.x + width, at.y + handle), toU32(p.background));
    const float line = std::max(1.0f, std::floor(s));
    const float mid = std::round(at.y + handle / 2);
    list->AddRectFilled(ImVec2(at.x, mid - line / 2), ImVec2(at.x + width, mid + line / 2),
                        toU32(active ? p.accent : p.border));
}

// The header row, submitted cell by cell so that each header is a target of the test hook;
// a click sorts (ImGui keeps the spec), the Time header's context menu picks the time format.
void PacketsView::drawListHeader(App& app) {
    wasm::CaptureSession& session = *app.session();
    ImGui::PushFont(app.fonts().strong);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int column = 0; column < 7; ++column) {
        ImGui::TableSetColumnIndex(column);
        ImGui::TableHeader(kColumnNames[column]);
        app.exposeTarget(std::string("packets.header.") + wasm::packetColumnName(static_cast<wasm::PacketColumn>(column)),
                         ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        if (column == 1) {
            ImGui::PopFont();
            timeFormatMenu(app);
            ImGui::PushFont(app.fonts().strong);
        }
    }
    ImGui::PopFont();
    syncSort(session);
}

// The header's sort arrow and the session's sort agree: a click on a header sorts the session;
// a sort set elsewhere (a view link, a new capture) or found when the table first appears moves
// the arrow instead.
void PacketsView::syncSort(wasm::CaptureSession& session) {
    ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
    if (specs == nullptr) return;
    wasm::SortSpec shown;
    if (specs->SpecsCount > 0) {
        shown.column = static_cast<wasm::PacketColumn>(specs->Specs[0].ColumnIndex);
        shown.ascending = specs->Specs[0].SortDirection != ImGuiSortDirection_Descending;
    }
    const bool clicked = specs->SpecsDirty && m_sortSession == session.id();
    specs->SpecsDirty = false;
    m_sortSession = session.id();
    if (clicked) {
        session.sortBy(shown);
        m_scrollToSelected = true;
    } else if (!(shown == session.sortSpec())) {
        const wasm::SortSpec& wanted = session.sortSpec();
        ImGui::TableSetColumnSortDirection(static_cast<int>(wanted.column),
                                           wanted.ascending ? ImGuiSortDirection_Ascending : ImGuiSortDirection_Descending,
                                           false);
    }
}

void PacketsView::timeFormatMenu(App& app) {
    if (!ImGui::BeginPopupContextItem("##time_format")) return;
    ImGui::TextDisabled("Time Display Format");
    for (const auto& choice : kTimeFormats) {
        if (ImGui::MenuItem(choice.label, nullptr, m_timeFormat == choice.format) && m_timeFormat != choice.format) {
            m_timeFormat = choice.format;
            m_fitTimeColumn = true;
        }
        app.exposeTarget(std::string("packets.time_format.") + choice.id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    }
    ImGui::EndPopup();
}

std::string PacketsView::timeText(const wasm::CaptureSession& session, const wasm::PacketRow& row) const {
    switch (m_timeFormat) {
        case TimeFormat::SinceStart: return formatSeconds(row.sinceFirstNs, 6);
        case TimeFormat::SincePreviousDisplayed: {
            const auto previous = session.previousDisplayedTime(row.number);
            const bool known = previous && *previous != kNoTimestamp && row.timestampNs != kNoTimestamp;
            return formatSeconds(known ? row.timestampNs - *previous : 0, 6);
        }
        case TimeFormat::Absolute: {
            if (row.timestampNs == kNoTimestamp) return {};
            const double milliseconds = static_cast<double>(row.timestampNs / 1'000'000);
            const std::int64_t offsetNs = std::int64_t{platform::utcOffsetMinutes(milliseconds)} * 60'000'000'000;
            return formatUtc(row.timestampNs + offsetNs, 6);
        }
        case TimeFormat::Utc: return row.timestampNs == kNoTimestamp ? std::string() : formatUtc(row.timestampNs, 6);
    }
    return {};
}

void PacketsView::drawList(App& app, float height) {
    wasm::CaptureSession& session = *app.session();
    const Palette& p = app.palette();
    const float s = app.scale();
    const std::uint64_t count = session.displayedCount();

    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                       ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                       ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Sortable;
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(std::round(8 * s), std::round(3 * s)));
    ImGui::PushStyleColor(ImGuiCol_TableBorderLight, p.border);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.surface);
    if (!ImGui::BeginTable("##packet_list", 7, kFlags, ImVec2(0, height))) {
        ImGui::PopStyleColor(2);
        ImGui::PopStyleVar();
        return;
    }
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("No.", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort, std::round(64 * s));
    ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, std::round(92 * s));
    ImGui::TableSetupColumn("Source", ImGuiTableColumnFlags_WidthFixed, std::round(150 * s));
    ImGui::TableSetupColumn("Destination", ImGuiTableColumnFlags_WidthFixed, std::round(150 * s));
    ImGui::TableSetupColumn("Protocol", ImGuiTableColumnFlags_WidthFixed, std::round(76 * s));
    ImGui::TableSetupColumn("Length", ImGuiTableColumnFlags_WidthFixed, std::round(60 * s));
    ImGui::TableSetupColumn("Info", ImGuiTableColumnFlags_WidthFixed, std::round(1400 * s));
    if (m_fitTimeColumn) {
        // A date and time needs about twice the width of seconds.
        const bool dated = m_timeFormat == TimeFormat::Absolute || m_timeFormat == TimeFormat::Utc;
        ImGui::TableSetColumnWidth(1, std::round((dated ? 200 : 92) * s));
        m_fitTimeColumn = false;
    }
    drawListHeader(app);

    const float rowHeight = ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y;

    // Keyboard: up/down/home/end move the selection while the list has focus.
    const bool focused = ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows);
    if (focused && count > 0 && !ImGui::GetIO().WantTextInput) {
        const auto current = session.displayedIndexOf(session.selected());
        std::int64_t target = -1;
        if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) target = current ? std::min<std::int64_t>(*current + 1, count - 1) : 0;
        if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) target = current ? std::max<std::int64_t>(*current, 1) - 1 : 0;
        if (ImGui::IsKeyPressed(ImGuiKey_Home)) target = 0;
        if (ImGui::IsKeyPressed(ImGuiKey_End)) target = static_cast<std::int64_t>(count) - 1;
        if (target >= 0) {
            session.select(session.displayedFrame(static_cast<std::uint64_t>(target)));
            m_scrollToSelected = true;
        }
    }
    if (m_scrollToSelected) {
        m_scrollToSelected = false;
        if (const auto index = session.displayedIndexOf(session.selected())) {
            const float y = static_cast<float>(*index) * rowHeight;
            const float visible = ImGui::GetWindowHeight() - rowHeight * 2;
            if (y < ImGui::GetScrollY()) ImGui::SetScrollY(y);
            else if (y > ImGui::GetScrollY() + visible) ImGui::SetScrollY(y - visible);
        }
    }

    JsonWriter rows;
    rows.beginArray();
    std::uint64_t firstVisible = 0;
    int published = 0;
    bool pending = false;  // a read is on its way: ask for no other frame this frame
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(std::min<std::uint64_t>(count, INT32_MAX)), rowHeight);
    ImGui::PushStyleColor(ImGuiCol_Header, p.accent);
    ImGui::PushStyleColor(ImGuiCol_HeaderHovered, mixColour(p.surface, p.accent, 0.25f));
    ImGui::PushStyleColor(ImGuiCol_HeaderActive, p.accentActive);
    while (clipper.Step()) {
        if (firstVisible == 0 && clipper.DisplayStart < clipper.DisplayEnd) firstVisible = clipper.DisplayStart + 1;
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const std::uint64_t number = session.displayedFrame(static_cast<std::uint64_t>(i));
            const wasm::PacketRow* row = pending ? nullptr : session.row(number);
            if (row == nullptr) pending = true;
            const bool selected = number == session.selected();
            ImGui::TableNextRow(ImGuiTableRowFlags_None, rowHeight);
            ImVec4 text = p.text;
            if (row != nullptr && row->coloringRule >= 0) {
                ImVec4 background;
                ruleColours(app, session.coloringRules().rules()[static_cast<std::size_t>(row->coloringRule)], background, text);
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, toU32(background));
            } else if (i % 2 == 1) {
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, toU32(mixColour(p.surface, p.surfaceRaised, 0.5f)));
            }
            if (selected) text = p.onAccent;
            ImGui::PushStyleColor(ImGuiCol_Text, text);
            ImGui::TableNextColumn();
            char label[32];
            std::snprintf(label, sizeof label, "%llu", static_cast<unsigned long long>(number));
            ImGui::PushID(i);
            if (ImGui::Selectable(label, selected, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowOverlap,
                                  ImVec2(0, rowHeight - 2 * ImGui::GetStyle().CellPadding.y))) {
                session.select(number);
            }
            rowMenu(app, number);
            ImGui::PopID();
            if (published < 40) {
                app.exposeTarget("packets.row." + std::to_string(number), ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
            }
            if (row != nullptr) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(timeText(session, *row).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(row->source.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(row->destination.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(row->protocol.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%u", row->length);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(row->info.c_str());
                if (published < 40) {
                    rows.beginObject();
                    rows.key("number").value(number);
                    rows.key("time").value(timeText(session, *row));
                    rows.key("source").value(row->source);
                    rows.key("destination").value(row->destination);
                    rows.key("protocol").value(row->protocol);
                    rows.key("length").value(static_cast<std::uint64_t>(row->length));
                    rows.key("info").value(row->info);
                    rows.key("color");
                    if (row->coloringRule >= 0) {
                        rows.value(session.coloringRules().rules()[static_cast<std::size_t>(row->coloringRule)].name);
                    } else {
                        rows.null();
                    }
                    rows.endObject();
                }
            } else {
                ImGui::TableNextColumn();
                ImGui::TextDisabled("\u2026");
            }
            ++published;
            ImGui::PopStyleColor();
        }
    }
    ImGui::PopStyleColor(3);
    rows.endArray();
    const float scrollY = ImGui::GetScrollY();
    const float scrollMax = ImGui::GetScrollMaxY();
    ImGui::EndTable();
    ImGui::PopStyleColor(2);
    ImGui::PopStyleVar();

    app.exposeState("packet_rows", rows.take());
    JsonWriter list;
    list.beginObject();
    list.key("first_visible").value(firstVisible);
    list.key("time_format").value(timeFormatId(m_timeFormat));
    list.key("row_height").value(static_cast<double>(rowHeight / s));
    list.key("scroll_y").value(static_cast<double>(scrollY / s));
    list.key("scroll_max").value(static_cast<double>(scrollMax / s));
    list.key("pending").value(pending);
    list.endObject();
    app.exposeState("packet_list", list.take());
}

// A packet's context menu: Follow TCP Stream / Follow UDP Stream (Wireshark's Follow), which
// applies the stream's filter and opens the stream's window.
void PacketsView::rowMenu(App& app, std::uint64_t number) {
    if (!ImGui::BeginPopupContextItem("##row_menu")) return;
    wasm::CaptureSession& session = *app.session();
    session.select(number);
    const auto stream = session.streamOf(number);
    const bool udp = stream && stream->protocol == FollowProtocol::Udp;
    if (ImGui::MenuItem(udp ? "Follow UDP Stream" : "Follow TCP Stream", nullptr, false, stream.has_value())) {
        app.followStream(*stream);
    }
    app.exposeTarget("packets.menu.follow", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImGui::EndPopup();
}

// The time format is part of a view link ("time"), written only when it is not the default.
void PacketsView::linkTimeFormat(App& app) {
    if (const auto id = app.links().takeRestore("time")) {
        for (const auto& choice : kTimeFormats) {
            if (*id == choice.id && m_timeFormat != choice.format) {
                m_timeFormat = choice.format;
                m_fitTimeColumn = true;
            }
        }
    }
    if (m_timeFormat != TimeFormat::SinceStart) app.links().write("time", timeFormatId(m_timeFormat));
}

void PacketsView::drawDetails(App& app, float height) {
    wasm::CaptureSession& session = *app.session();
    const Palette& p = app.palette();
    const float s = app.scale();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.surface);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(std::round(8 * s), std::round(6 * s)));
    ImGui::BeginChild("##details", ImVec2(0, height), ImGuiChildFlags_AlwaysUseWindowPadding,
                      ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PopStyleVar();
    const FrameDetails* details = session.details();
    JsonWriter state;
    if (details == nullptr) {
        mutedText(app, session.selected() == 0 ? "Select a packet to see its details." : "Reading the frame\u2026");
        state.null();
    } else {
        // The ancestors of the node to reveal are opened.
        std::vector<char> open(details->nodes.size(), 0);
        if (m_revealNode >= 0 && static_cast<std::size_t>(m_revealNode) < details->nodes.size()) {
            for (std::int32_t n = details->nodes[static_cast<std::size_t>(m_revealNode)].parent; n >= 0;
                 n = details->nodes[static_cast<std::size_t>(n)].parent) {
                open[static_cast<std::size_t>(n)] = 1;
            }
        }
        std::vector<std::string> exposed;
        bool openMenu = false;  // opened below, outside the tree's ID scopes (BeginPopup's)
        app.exposeTarget("pane.details", ImGui::GetWindowPos(),
                         ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x,
                                ImGui::GetWindowPos().y + ImGui::GetWindowSize().y));
        ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(std::round(6 * s), std::round(1 * s)));
        ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(std::round(4 * s), std::round(2 * s)));
        ImGui::PushStyleVar(ImGuiStyleVar_IndentSpacing, std::round(18 * s));
        std::function<void(std::int32_t)> drawNode = [&](std::int32_t index) {
            const DetailNode& node = details->nodes[static_cast<std::size_t>(index)];
            ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_OpenOnDoubleClick |
                                       ImGuiTreeNodeFlags_SpanAvailWidth;
            const bool leaf = node.children.empty();
            if (leaf) flags |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
            if (index == session.selectedNode()) flags |= ImGuiTreeNodeFlags_Selected;
            if (open[static_cast<std::size_t>(index)]) ImGui::SetNextItemOpen(true);
            if (node.generated) ImGui::PushStyleColor(ImGuiCol_Text, p.textMuted);
            const bool isOpen = ImGui::TreeNodeEx(reinterpret_cast<void*>(static_cast<std::intptr_t>(index) + 1), flags,
                                                  "%s", node.label.c_str());
            if (node.generated) ImGui::PopStyleColor();
            if (ImGui::IsItemClicked(ImGuiMouseButton_Left) && !ImGui::IsItemToggledOpen()) session.selectNode(index);
            if (ImGui::IsItemClicked(ImGuiMouseButton_Right)) {
                session.selectNode(index);
                m_menuNode = index;
                openMenu = true;
            }
            if (index == m_revealNode) {
                ImGui::SetScrollHereY(0.4f);
                m_revealNode = -1;
            }
            const std::string abbrev(node.abbrev);
            if (!abbrev.empty() && std::find(exposed.begin(), exposed.end(), abbrev) == exposed.end()) {
                exposed.push_back(abbrev);
                app.exposeTarget("details." + abbrev, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
            }
            if (isOpen && !leaf) {
                for (const std::int32_t child : node.children) drawNode(child);
                ImGui::TreePop();
            }
        };
        for (const std::int32_t root : details->roots) drawNode(root);
        ImGui::PopStyleVar(3);
        if (openMenu) ImGui::OpenPopup("##field_menu");

        // The field's context menu (Wireshark's Apply as Filter / Prepare as Filter / Copy).
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(std::round(8 * s), std::round(8 * s)));
        if (ImGui::BeginPopup("##field_menu")) {
            if (m_menuNode >= 0 && static_cast<std::size_t>(m_menuNode) < details->nodes.size()) {
                const DetailNode& node = details->nodes[static_cast<std::size_t>(m_menuNode)];
                const std::string selected = details->filterFor(m_menuNode);
                const std::string current = app.filterEdit().text;
                ImGui::PushFont(app.fonts().small);
                mutedText(app, selected);
                ImGui::PopFont();
                ImGui::Separator();
                const auto item = [&](const char* label, const char* target) {
                    const bool clicked = ImGui::MenuItem(label);
                    app.exposeTarget(target, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
                    return clicked;
                };
                const auto combined = [&](const char* op) {
                    return current.empty() ? selected : "(" + current + ") " + op + " (" + selected + ")";
                };
                if (item("Apply as Filter", "menu.apply")) app.applyFilter(selected);
                if (item("Apply as Filter: Not Selected", "menu.apply_not")) app.applyFilter("!(" + selected + ")");
                if (item("Prepare as Filter", "menu.prepare")) app.prepareFilter(selected);
                if (item("Prepare: \u2026and Selected", "menu.and_selected")) app.prepareFilter(combined("&&"));
                if (item("Prepare: \u2026or Selected", "menu.or_selected")) app.prepareFilter(combined("||"));
                ImGui::Separator();
                if (item("Copy value", "menu.copy_value")) app.copyText(copyValue(node));
                if (item("Copy as filter", "menu.copy_filter")) app.copyText(selected);
                if (item("Copy line", "menu.copy_line")) app.copyText(node.label);
            }
            ImGui::EndPopup();
        }
        ImGui::PopStyleVar();

        state.beginObject();
        state.key("frame").value(details->number);
        state.key("roots").beginArray();
        for (const std::int32_t root : details->roots) state.value(details->nodes[static_cast<std::size_t>(root)].label);
        state.endArray();
        state.key("nodes").value(static_cast<std::uint64_t>(details->nodes.size()));
        state.key("selected");
        if (session.selectedNode() >= 0) {
            const DetailNode& node = details->nodes[static_cast<std::size_t>(session.selectedNode())];
            state.beginObject();
            state.key("label").value(node.label);
            state.key("abbrev").value(node.abbrev);
            state.key("offset").value(static_cast<std::uint64_t>(node.offset));
            state.key("length").value(static_cast<std::uint64_t>(node.length));
            state.key("source").value(static_cast<std::uint64_t>(node.source));
            state.key("filter").value(details->filterFor(session.selectedNode()));
            state.endObject();
        } else {
            state.null();
        }
        state.key("menu_open").value(ImGui::IsPopupOpen("##field_menu"));
        state.endObject();
    }
    app.exposeState("details", state.take());
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void PacketsView::drawBytes(App& app, float height) {
    wasm::CaptureSession& session = *app.session();
    const Palette& p = app.palette();
    const float s = app.scale();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.surface);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(std::round(12 * s), std::round(8 * s)));
    ImGui::BeginChild("##bytes", ImVec2(0, height), ImGuiChildFlags_AlwaysUseWindowPadding,
                      ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PopStyleVar();
    const FrameDetails* details = session.details();
    if (details == nullptr) {
        ImGui::EndChild();
        ImGui::PopStyleColor();
        app.exposeState("bytes", "null");
        return;
    }
    // Data sources: the frame, then reassembled or decoded buffers.
    if (!details->sources.empty()) {
        ImGui::PushFont(app.fonts().small);
        const auto sourceTab = [&](const std::string& label, std::uint8_t index) {
            ImGui::PushStyleColor(ImGuiCol_Button, m_bytesSource == index ? p.surfaceRaised : ImVec4(0, 0, 0, 0));
            if (ImGui::SmallButton((label + "##src" + std::to_string(index)).c_str())) m_bytesSource = index;
            ImGui::PopStyleColor();
            ImGui::SameLine();
        };
        sourceTab("Frame (" + std::to_string(details->frameBytes.size()) + " bytes)", 0);
        for (std::size_t i = 0; i < details->sources.size(); ++i) {
            sourceTab(details->sources[i].name, static_cast<std::uint8_t>(i + 1));
        }
        ImGui::NewLine();
        ImGui::PopFont();
    }
    if (m_bytesSource > details->sources.size()) m_bytesSource = 0;
    const std::vector<std::uint8_t>& bytes =
        m_bytesSource == 0 ? details->frameBytes : details->sources[m_bytesSource - 1].bytes;
    std::uint32_t hiFrom = 0;
    std::uint32_t hiTo = 0;
    if (session.selectedNode() >= 0) {
        const DetailNode& node = details->nodes[static_cast<std::size_t>(session.selectedNode())];
        if (node.source == m_bytesSource) {
            hiFrom = node.offset;
            hiTo = node.offset + node.length;
        }
    }

    ImGui::PushFont(app.fonts().mono);
    const float cw = ImGui::CalcTextSize("0").x;
    const float lh = std::round(ImGui::GetTextLineHeight() + 3 * s);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
    const std::size_t lines = (bytes.size() + 15) / 16;
    ImDrawList* list = ImGui::GetWindowDrawList();
    const ImU32 highlight = toU32(mixColour(p.surface, p.accent, 0.55f));
    const ImU32 hover = toU32(mixColour(p.surface, p.accent, 0.22f));
    const ImU32 textColour = toU32(p.text);
    const ImU32 mutedColour = toU32(p.textMuted);
    const float hexX = 6 * cw;
    const float asciiX = hexX + (16 * 3 + 2) * cw;
    const auto hexCell = [&](int j) { return hexX + static_cast<float>(j * 3 + (j >= 8 ? 1 : 0)) * cw; };
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(lines), lh);
    std::int64_t clickedOffset = -1;
    while (clipper.Step()) {
        for (int line = clipper.DisplayStart; line < clipper.DisplayEnd; ++line) {
            const ImVec2 origin = ImGui::GetCursorScreenPos();
            ImGui::Dummy(ImVec2(asciiX + 16 * cw, lh));
            char text[8];
            std::snprintf(text, sizeof text, "%04x", line * 16);
            list->AddText(origin, mutedColour, text);
            for (int j = 0; j < 16; ++j) {
                const std::size_t offset = static_cast<std::size_t>(line) * 16 + static_cast<std::size_t>(j);
                if (offset >= bytes.size()) break;
                const ImVec2 hexMin(origin.x + hexCell(j), origin.y);
                const ImVec2 hexMax(hexMin.x + 2 * cw, origin.y + ImGui::GetTextLineHeight());
                const ImVec2 ascMin(origin.x + asciiX + static_cast<float>(j) * cw, origin.y);
                const ImVec2 ascMax(ascMin.x + cw, hexMax.y);
                const bool inField = offset >= hiFrom && offset < hiTo;
                const bool hovered = ImGui::IsWindowHovered() &&
                                     (ImGui::IsMouseHoveringRect(hexMin, hexMax) || ImGui::IsMouseHoveringRect(ascMin, ascMax));
                if (inField || hovered) {
                    // Highlight runs on to the next byte of the field (no gaps inside it).
                    const bool joinNext = inField && offset + 1 < hiTo && j != 15 && j != 7;
                    list->AddRectFilled(hexMin, ImVec2(hexMax.x + (joinNext ? cw : 0), hexMax.y), inField ? highlight : hover);
                    list->AddRectFilled(ascMin, ascMax, inField ? highlight : hover);
                }
                if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) clickedOffset = static_cast<std::int64_t>(offset);
                if (offset < 64) app.exposeTarget("bytes." + std::to_string(offset), hexMin, hexMax);
                const std::uint8_t b = bytes[offset];
                std::snprintf(text, sizeof text, "%02x", b);
                list->AddText(hexMin, textColour, text);
                const char c[2] = {b >= 0x20 && b < 0x7f ? static_cast<char>(b) : '.', 0};
                list->AddText(ascMin, b >= 0x20 && b < 0x7f ? textColour : mutedColour, c);
            }
        }
    }
    ImGui::PopStyleVar();
    ImGui::PopFont();
    if (clickedOffset >= 0) {
        const std::int32_t node = details->nodeAt(m_bytesSource, static_cast<std::uint32_t>(clickedOffset));
        if (node >= 0) {
            session.selectNode(node);
            m_revealNode = node;
        }
    }
    JsonWriter state;
    state.beginObject();
    state.key("source").value(static_cast<std::uint64_t>(m_bytesSource));
    state.key("length").value(static_cast<std::uint64_t>(bytes.size()));
    state.key("highlight");
    if (hiTo > hiFrom) {
        state.beginArray().value(static_cast<std::uint64_t>(hiFrom)).value(static_cast<std::uint64_t>(hiTo - hiFrom)).endArray();
    } else {
        state.null();
    }
    state.endObject();
    app.exposeState("bytes", state.take());
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

}  // namespace caplens::web
