#include "web/views/toolbar_view.hpp"

#include <algorithm>
#include <cmath>

#include "web/app.hpp"
#include "web/widgets.hpp"

namespace caplens::web {
namespace {

// The app's mark: a lens over a capture, drawn rather than shipped as an image so it stays
// sharp at any pixel ratio.
void drawMark(ImDrawList* list, ImVec2 origin, float size, const Palette& p) {
    const ImVec2 end(origin.x + size, origin.y + size);
    list->AddRectFilled(origin, end, toU32(p.accent), size * 0.24f);
    const ImVec2 centre(origin.x + size * 0.44f, origin.y + size * 0.44f);
    const float radius = size * 0.22f;
    const float stroke = std::max(1.0f, size * 0.09f);
    list->AddCircle(centre, radius, toU32(p.onAccent), 24, stroke);
    const float d = radius * 0.7071f;
    list->AddLine(ImVec2(centre.x + d, centre.y + d),
                  ImVec2(origin.x + size * 0.76f, origin.y + size * 0.76f), toU32(p.onAccent),
                  stroke * 1.2f);
}

}  // namespace

void ToolbarView::draw(App& app) {
    const Rect bar = app.layout().toolbar;
    const Palette& p = app.palette();
    const float s = app.scale();
    const float pad = std::round(20 * s);
    constexpr ImGuiWindowFlags kFlags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
        ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoFocusOnAppearing |
        ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoScrollWithMouse;

    ImGui::SetNextWindowPos(bar.min);
    ImGui::SetNextWindowSize(bar.size());
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("##toolbar", nullptr, kFlags);
    ImGui::PopStyleVar(3);

    ImDrawList* list = ImGui::GetWindowDrawList();
    const float hairline = std::max(1.0f, std::floor(s));
    list->AddRectFilled(ImVec2(bar.min.x, bar.max.y - hairline), bar.max, toU32(p.border));

    const float mid = bar.center().y;
    const float mark = std::round(26 * s);
    const ImVec2 markAt(bar.min.x + pad, std::round(mid - mark / 2));
    drawMark(list, markAt, mark, p);

    ImGui::PushFont(app.fonts().heading);
    ImGui::SetCursorScreenPos(ImVec2(markAt.x + mark + std::round(10 * s),
                                     std::round(mid - ImGui::GetTextLineHeight() / 2)));
    ImGui::TextUnformatted("caplens");
    ImGui::PopFont();
    ImGui::SameLine(0, std::round(14 * s));
    ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x,
                                     std::round(mid - ImGui::GetTextLineHeight() / 2)));
    mutedText(app, "Packet-capture analyzer");

    // Right-aligned actions: the theme switch is quiet, "Open file…" is the primary action.
    const char* themeLabel = app.themeMode() == ThemeMode::Dark ? "Light theme" : "Dark theme";
    const float gap = std::round(8 * s);
    const ImVec2 themeSize = buttonSize(themeLabel);
    const ImVec2 sampleSize = buttonSize("Open sample");
    ImGui::PushFont(app.fonts().strong);
    const ImVec2 openSize = buttonSize("Open file\u2026");
    ImGui::PopFont();
    float x = bar.max.x - pad - openSize.x - gap - sampleSize.x - gap * 2 - themeSize.x;
    const float top = std::round(mid - openSize.y / 2);

    ImGui::SetCursorScreenPos(ImVec2(x, top));
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Text, p.textMuted);
    if (secondaryButton(app, themeLabel)) {
        app.setThemeMode(app.themeMode() == ThemeMode::Dark ? ThemeMode::Light : ThemeMode::Dark);
    }
    ImGui::PopStyleColor(2);
    app.exposeTarget("toolbar.theme", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    x += themeSize.x + gap * 2;

    ImGui::SetCursorScreenPos(ImVec2(x, top));
    if (secondaryButton(app, "Open sample")) app.openSample();
    app.exposeTarget("toolbar.open_sample", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    x += sampleSize.x + gap;

    ImGui::SetCursorScreenPos(ImVec2(x, top));
    if (primaryButton(app, "Open file\u2026")) app.openFilePicker();
    app.exposeTarget("toolbar.open_file", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());

    ImGui::End();
}

}  // namespace caplens::web
