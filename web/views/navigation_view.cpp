#include "web/views/navigation_view.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "web/app.hpp"
#include "web/text_format.hpp"
#include "web/widgets.hpp"

namespace caplens::web {
namespace {

// Wireshark's filter-bar colours (#AFFFAF valid, #FFAFAF invalid), darkened for the dark theme.
ImVec4 validColour(ThemeMode mode) {
    return mode == ThemeMode::Dark ? ImVec4(0.12f, 0.30f, 0.18f, 1) : ImVec4(0.69f, 1.0f, 0.69f, 1);
}
ImVec4 invalidColour(ThemeMode mode) {
    return mode == ThemeMode::Dark ? ImVec4(0.38f, 0.13f, 0.15f, 1) : ImVec4(1.0f, 0.69f, 0.69f, 1);
}

int resizeCallback(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* text = static_cast<std::string*>(data->UserData);
        text->resize(static_cast<std::size_t>(data->BufTextLen));
        data->Buf = text->data();
    }
    return 0;
}

bool tab(App& app, const char* label, bool active, const char* target) {
    const Palette& p = app.palette();
    const float s = app.scale();
    ImGui::PushStyleColor(ImGuiCol_Button, active ? p.surfaceRaised : ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Text, active ? p.text : p.textMuted);
    ImGui::PushFont(active ? app.fonts().strong : app.fonts().body);
    const bool clicked = ImGui::Button(label);
    ImGui::PopFont();
    ImGui::PopStyleColor(2);
    pointerOnHover();
    if (active) {
        const ImVec2 min = ImGui::GetItemRectMin();
        const ImVec2 max = ImGui::GetItemRectMax();
        const float bar = std::max(2.0f, std::round(2 * s));
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(min.x + std::round(10 * s), max.y - bar),
                                                  ImVec2(max.x - std::round(10 * s), max.y), toU32(p.accent),
                                                  bar);
    }
    app.exposeTarget(target, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    return clicked;
}

// "Statistics" beside the tabs: a menu of the windows (Wireshark's Statistics menu); a checked
// item is open, choosing it again brings it to the front.
void statisticsMenu(App& app) {
    const float s = app.scale();
    if (tab(app, "Statistics    ", false, "menu.statistics")) ImGui::OpenPopup("##statistics_menu");
    // The menu's arrow, drawn: the text fonts have no triangle glyph.
    const ImVec2 max = ImGui::GetItemRectMax();
    const ImVec2 min = ImGui::GetItemRectMin();
    const float size = std::round(4 * s);
    const ImVec2 centre(max.x - std::round(20 * s), (min.y + max.y) / 2 + size / 3);
    ImGui::GetWindowDrawList()->AddTriangleFilled(ImVec2(centre.x - size, centre.y - size / 2),
                                                  ImVec2(centre.x + size, centre.y - size / 2),
                                                  ImVec2(centre.x, centre.y + size / 2), toU32(app.palette().textMuted));
    if (!ImGui::BeginPopup("##statistics_menu")) return;
    for (const StatisticsWindowInfo& info : statisticsWindows()) {
        if (ImGui::MenuItem(info.title, nullptr, app.windowOpen(info.window))) {
            app.setWindowOpen(info.window, true);
            ImGui::SetWindowFocus((std::string(info.title) + "###" + info.name).c_str());
        }
        app.exposeTarget(std::string("menu.statistics.") + info.name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    }
    ImGui::EndPopup();
}

// The recent filters (Wireshark's drop-down at the filter bar's end): a click applies one.
void filterHistory(App& app, ImVec2 size, ImVec4 background) {
    const Palette& p = app.palette();
    const float s = app.scale();
    ImGui::PushStyleColor(ImGuiCol_Button, background);
    const bool open = ImGui::Button("##history", size);
    ImGui::PopStyleColor();
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    const ImVec2 centre((min.x + max.x) / 2, (min.y + max.y) / 2 + std::round(1 * s));
    const float half = std::round(4 * s);
    ImGui::GetWindowDrawList()->AddTriangleFilled(ImVec2(centre.x - half, centre.y - half / 2),
                                                  ImVec2(centre.x + half, centre.y - half / 2),
                                                  ImVec2(centre.x, centre.y + half / 2), toU32(p.textMuted));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Recent display filters");
    app.exposeTarget("filter.history", min, max);
    if (open) ImGui::OpenPopup("##filter_history");
    ImGui::SetNextWindowPos(ImVec2(max.x, max.y), ImGuiCond_Appearing, ImVec2(1, 0));
    if (!ImGui::BeginPopup("##filter_history")) return;
    const std::vector<std::string>& history = app.filterHistory();
    if (history.empty()) ImGui::TextDisabled("No display filter applied yet");
    for (std::size_t i = 0; i < history.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(history[i].c_str())) app.applyFilter(history[i]);
        ImGui::PopID();
        app.exposeTarget("filter.history." + std::to_string(i), ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    }
    ImGui::EndPopup();
}

}  // namespace

void NavigationView::draw(App& app) {
    const Rect bar = app.layout().navigation;
    wasm::CaptureSession* session = app.session();
    if (bar.height() <= 0 || session == nullptr) return;
    const Palette& p = app.palette();
    const float s = app.scale();
    const float pad = std::round(20 * s);
    constexpr ImGuiWindowFlags kFlags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
        ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::SetNextWindowPos(bar.min);
    ImGui::SetNextWindowSize(bar.size());
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("##navigation", nullptr, kFlags);
    ImGui::PopStyleVar(3);
    ImDrawList* list = ImGui::GetWindowDrawList();
    const float hairline = std::max(1.0f, std::floor(s));
    list->AddRectFilled(ImVec2(bar.min.x, bar.max.y - hairline), bar.max, toU32(p.border));

    // ---- tabs
    const float mid = bar.center().y;
    const float frame = ImGui::GetFrameHeight();
    ImGui::SetCursorScreenPos(ImVec2(bar.min.x + pad - std::round(8 * s), std::round(mid - frame / 2)));
    const Screen screen = app.screen();
    if (tab(app, "Summary", screen == Screen::Summary, "tab.summary")) app.setScreen(Screen::Summary);
    ImGui::SameLine(0, std::round(2 * s));
    if (tab(app, "Packets", screen == Screen::Packets, "tab.packets")) app.setScreen(Screen::Packets);
    ImGui::SameLine(0, std::round(2 * s));
    if (tab(app, "Properties", screen == Screen::Properties, "tab.properties")) app.setScreen(Screen::Properties);
    ImGui::SameLine(0, std::round(2 * s));
    statisticsMenu(app);
    ImGui::SameLine(0, std::round(2 * s));
    if (tab(app, "Export", app.exportOpen(), "menu.export")) app.setExportOpen(true);
    ImGui::SameLine(0, std::round(2 * s));
    if (tab(app, "Copy link", false, "menu.copy_link")) (void)app.copyViewLink();
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("Copy a link to this view (filter, packet, sort, windows); it holds no packet");
    }
    ImGui::SameLine(0, std::round(24 * s));

    // ---- the filter bar
    FilterEdit& edit = app.filterEdit();
    app.checkFilterText();
    const bool empty = edit.text.empty();
    const bool valid = !edit.error;
    ImGui::PushFont(app.fonts().strong);
    const ImVec2 applySize = buttonSize("Apply");
    ImGui::PopFont();
    const float clearWidth = frame;
    const float left = ImGui::GetCursorScreenPos().x;
    const float inputWidth = std::max(std::round(160 * s), bar.max.x - pad - applySize.x - std::round(8 * s) - left);
    if (ImGui::IsKeyPressed(ImGuiKey_Slash) && ImGui::GetIO().KeyCtrl) edit.focusRequested = true;
    if (edit.focusRequested) {
        ImGui::SetKeyboardFocusHere();
        edit.focusRequested = false;
    }
    ImGui::PushStyleColor(ImGuiCol_FrameBg, empty ? p.surfaceRaised : valid ? validColour(app.themeMode()) : invalidColour(app.themeMode()));
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(std::round(12 * s), ImGui::GetStyle().FramePadding.y));
    ImGui::SetNextItemWidth(inputWidth - 2 * clearWidth);
    const ImVec2 inputMin = ImGui::GetCursorScreenPos();
    const bool entered = ImGui::InputTextWithHint(
        "##filter", "Apply a display filter \u2026  (Ctrl+/)", edit.text.data(), edit.text.capacity() + 1,
        ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackResize, resizeCallback, &edit.text);
    const ImVec2 inputMax = ImGui::GetItemRectMax();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    app.exposeTarget("filter.input", inputMin, inputMax);
    app.checkFilterText();

    // The error's columns underlined (when the text is not scrolled: it fits the box).
    if (edit.error && edit.error->column > 0) {
        const float textX = inputMin.x + std::round(12 * s);
        const std::string& t = edit.text;
        const std::size_t from = std::min<std::size_t>(edit.error->column - 1, t.size());
        const std::size_t to = std::min<std::size_t>(std::max(edit.error->endColumn, edit.error->column), t.size());
        const float x0 = textX + ImGui::CalcTextSize(t.data(), t.data() + from).x;
        float x1 = textX + ImGui::CalcTextSize(t.data(), t.data() + to).x;
        if (x1 <= x0) x1 = x0 + std::round(8 * s);
        if (x1 < inputMax.x - clearWidth) {
            const float y = inputMax.y - std::round(7 * s);
            for (float x = x0; x < x1; x += std::round(4 * s)) {
                list->AddLine(ImVec2(x, y), ImVec2(std::min(x + std::round(2 * s), x1), y + std::round(2 * s)),
                              toU32(p.danger), std::max(1.0f, std::round(1.5f * s)));
                list->AddLine(ImVec2(std::min(x + std::round(2 * s), x1), y + std::round(2 * s)),
                              ImVec2(std::min(x + std::round(4 * s), x1), y), toU32(p.danger),
                              std::max(1.0f, std::round(1.5f * s)));
            }
        }
    }

    // Clear (×) inside the box's right end.
    ImGui::SameLine(0, 0);
    ImGui::PushStyleColor(ImGuiCol_Button, empty ? p.surfaceRaised : valid ? validColour(app.themeMode()) : invalidColour(app.themeMode()));
    ImGui::PushStyleColor(ImGuiCol_Text, p.textMuted);
    const bool clear = ImGui::Button("\u00D7##clear", ImVec2(clearWidth, frame));
    ImGui::PopStyleColor(2);
    app.exposeTarget("filter.clear", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    if (clear) app.applyFilter("");
    ImGui::SameLine(0, 0);
    filterHistory(app, ImVec2(clearWidth, frame), empty ? p.surfaceRaised : valid ? validColour(app.themeMode()) : invalidColour(app.themeMode()));

    ImGui::SameLine(0, std::round(8 * s));
    ImGui::PushFont(app.fonts().strong);
    const bool apply = primaryButton(app, "Apply");
    ImGui::PopFont();
    app.exposeTarget("filter.apply", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    if ((entered || apply) && valid) app.applyFilter(edit.text);

    // Progress of the filter pass: a thin line along the box's bottom edge.
    if (session->filtering()) {
        const float h = std::max(2.0f, std::round(2 * s));
        const float w = (inputMax.x - inputMin.x) * static_cast<float>(session->filterProgress());
        list->AddRectFilled(ImVec2(inputMin.x, inputMax.y - h), ImVec2(inputMin.x + w, inputMax.y), toU32(p.accent));
    }
    const bool hovered = ImGui::IsMouseHoveringRect(inputMin, inputMax);
    const bool focused = ImGui::IsItemActive() || hovered;
    ImGui::End();

    // The error explained, under the box (while the box is focused or hovered, or just typed).
    if (edit.error && !empty) {
        const std::string message = edit.error->message + "  (column " + std::to_string(edit.error->column) + ")";
        ImGui::SetNextWindowPos(ImVec2(inputMin.x, inputMax.y + std::round(6 * s)));
        ImGui::SetNextWindowBgAlpha(1.0f);
        constexpr ImGuiWindowFlags kTip = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                          ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                          ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs;
        ImGui::PushStyleColor(ImGuiCol_WindowBg, p.dangerSurface);
        ImGui::PushStyleColor(ImGuiCol_Border, p.danger);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(std::round(12 * s), std::round(8 * s)));
        ImGui::Begin("##filter_error", nullptr, kTip);
        ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
        ImGui::TextUnformatted(message.c_str());
        ImGui::PopStyleColor();
        ImGui::End();
        ImGui::PopStyleVar();
        ImGui::PopStyleColor(2);
        (void)focused;
    }
}

}  // namespace caplens::web
