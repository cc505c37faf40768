#include "web/views/welcome_view.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/io/capture_format.hpp"
#include "web/app.hpp"
#include "web/widgets.hpp"

namespace caplens::web {
namespace {

// The formats the core reads, from the core itself, so the promise stays true as readers
// are added. Variants ("libpcap (nanosecond timestamps)") fold into their family.
std::string readableFormats() {
    std::string list;
    std::string previous;
    for (int f = 0; f <= static_cast<int>(CaptureFormat::Gzip); ++f) {
        const auto format = static_cast<CaptureFormat>(f);
        if (!isReadableFormat(format)) continue;
        const std::string description(captureFormatDescription(format));
        if (!previous.empty() && description.rfind(previous, 0) == 0) continue;
        // "modified (Kuznetzov) libpcap" is a libpcap variant too.
        if (description.find("libpcap") != std::string::npos && list.find("libpcap") != std::string::npos) {
            continue;
        }
        if (!list.empty()) list += ", ";
        list += description;
        previous = description;
    }
    return list;
}

// A tray with an arrow into it: "drop here".
void drawDropIcon(ImDrawList* list, ImVec2 centre, float size, ImU32 colour, float stroke) {
    const float h = size * 0.5f;
    // Arrow.
    list->AddLine(ImVec2(centre.x, centre.y - h), ImVec2(centre.x, centre.y + h * 0.25f), colour, stroke);
    list->AddLine(ImVec2(centre.x - h * 0.38f, centre.y - h * 0.12f),
                  ImVec2(centre.x, centre.y + h * 0.27f), colour, stroke);
    list->AddLine(ImVec2(centre.x + h * 0.38f, centre.y - h * 0.12f),
                  ImVec2(centre.x, centre.y + h * 0.27f), colour, stroke);
    // Tray.
    list->PathLineTo(ImVec2(centre.x - h, centre.y + h * 0.15f));
    list->PathLineTo(ImVec2(centre.x - h, centre.y + h));
    list->PathLineTo(ImVec2(centre.x + h, centre.y + h));
    list->PathLineTo(ImVec2(centre.x + h, centre.y + h * 0.15f));
    list->PathStroke(colour, 0, stroke);
}

}  // namespace

void WelcomeView::draw(App& app) {
    if (app.session()) return;
    const Rect area = app.layout().workspace;
    const Palette& p = app.palette();
    const FontRoles& fonts = app.fonts();
    const float s = app.scale();
    constexpr ImGuiWindowFlags kFlags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
        ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground;

    ImGui::SetNextWindowPos(area.min);
    ImGui::SetNextWindowSize(area.size());
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::Begin("##welcome", nullptr, kFlags);
    ImGui::PopStyleVar();

    // One centred column; the block is vertically centred a little above the middle, where
    // the eye lands first.
    const float column = std::min(std::round(560 * s), area.width() - std::round(48 * s));
    const float left = std::round(area.center().x - column / 2);
    const float zoneHeight = std::round(200 * s);
    const float blockHeight = std::round(36 * s) + std::round(60 * s) + zoneHeight + std::round(96 * s);
    const float top = std::max(area.min.y + std::round(24 * s),
                               std::round(area.center().y - blockHeight * 0.55f));
    ImGui::SetCursorScreenPos(ImVec2(left, top));

    centredText(fonts.title, "Open a packet capture", left, column, toU32(p.text));
    ImGui::Dummy(ImVec2(0, std::round(4 * s)));
    centredText(fonts.body,
                "See a capture's figures at once. The file is read here, in your browser: "
                "nothing is uploaded.",
                left, column, toU32(p.textMuted));
    ImGui::Dummy(ImVec2(0, std::round(16 * s)));

    // The drop zone: also clickable, as people expect of it.
    const ImVec2 zoneMin(left, ImGui::GetCursorScreenPos().y);
    const Rect zone{zoneMin, ImVec2(left + column, zoneMin.y + zoneHeight)};
    ImGui::SetCursorScreenPos(zone.min);
    const bool zoneClicked = ImGui::InvisibleButton("##dropzone", zone.size());
    const bool zoneHovered = ImGui::IsItemHovered();
    pointerOnHover();
    app.exposeTarget("welcome.drop_zone", zone.min, zone.max);
    ImDrawList* list = ImGui::GetWindowDrawList();
    const float rounding = std::round(12 * s);
    const bool highlight = zoneHovered || app.dragHover();
    list->AddRectFilled(zone.min, zone.max, toU32(highlight ? p.dropOverlay : p.surface), rounding);
    dashedRect(list, zone, toU32(highlight ? p.accent : p.border), std::max(1.0f, std::round(1.5f * s)),
               std::round(6 * s), rounding);
    const ImVec2 c = zone.center();
    drawDropIcon(list, ImVec2(c.x, c.y - std::round(30 * s)), std::round(34 * s),
                 toU32(highlight ? p.accent : p.textMuted), std::max(1.0f, std::round(2 * s)));
    ImGui::SetCursorScreenPos(ImVec2(left, c.y + std::round(10 * s)));
    centredText(fonts.strong, "Drop a .pcap, .pcapng or .cap file here", left, column, toU32(p.text));
    centredText(fonts.small, "or click to choose one \u2014 gzip-compressed captures work too", left,
                column, toU32(p.textMuted));
    if (zoneClicked) app.openFilePicker();

    // The two actions, centred under the zone.
    ImGui::SetCursorScreenPos(ImVec2(left, zone.max.y + std::round(20 * s)));
    const float gap = std::round(10 * s);
    ImGui::PushFont(fonts.strong);
    const ImVec2 openSize = buttonSize("Open file\u2026");
    ImGui::PopFont();
    const ImVec2 sampleSize = buttonSize("Open sample");
    const float rowWidth = openSize.x + gap + sampleSize.x;
    const float rowTop = ImGui::GetCursorScreenPos().y;
    ImGui::SetCursorScreenPos(ImVec2(std::round(area.center().x - rowWidth / 2), rowTop));
    if (primaryButton(app, "Open file\u2026")) app.openFilePicker();
    app.exposeTarget("welcome.open_file", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImGui::SameLine(0, gap);
    if (secondaryButton(app, "Open sample")) app.openSample();
    app.exposeTarget("welcome.open_sample", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());

    ImGui::Dummy(ImVec2(0, std::round(14 * s)));
    const std::string formats = "Reads " + readableFormats() + ".";
    centredText(fonts.small, formats, left, column, toU32(p.textMuted));

    ImGui::End();
}

}  // namespace caplens::web
