#include "web/views/drop_overlay_view.hpp"

#include <algorithm>
#include <cmath>

#include "web/app.hpp"
#include "web/widgets.hpp"

namespace caplens::web {

void DropOverlayView::draw(App& app) {
    if (!app.dragHover()) return;
    const Palette& p = app.palette();
    const float s = app.scale();
    const Rect area = app.layout().workspace;
    // The foreground list draws over every window without taking input.
    ImDrawList* list = ImGui::GetForegroundDrawList();
    list->AddRectFilled(area.min, area.max, toU32(p.dropOverlay));
    const float inset = std::round(10 * s);
    const Rect frame{ImVec2(area.min.x + inset, area.min.y + inset),
                     ImVec2(area.max.x - inset, area.max.y - inset)};
    dashedRect(list, frame, toU32(p.accent), std::max(1.0f, std::round(2 * s)), std::round(8 * s),
               std::round(14 * s));
    // Without a capture the welcome view's drop zone lights up and says it all.
    if (!app.session()) return;

    const char* headline = "Drop to open the capture";
    const char* detail = "It replaces the capture that is open now.";
    ImFont* big = app.fonts().title;
    ImFont* small = app.fonts().body;
    const ImVec2 headlineSize = big->CalcTextSizeA(big->FontSize, FLT_MAX, 0, headline);
    const ImVec2 detailSize = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, detail);
    const float padX = std::round(28 * s);
    const float padY = std::round(20 * s);
    const float gap = std::round(6 * s);
    const float boxWidth = std::max(headlineSize.x, detailSize.x) + padX * 2;
    const float boxHeight = headlineSize.y + gap + detailSize.y + padY * 2;
    const ImVec2 centre = frame.center();
    const ImVec2 boxMin(std::round(centre.x - boxWidth / 2), std::round(centre.y - boxHeight / 2));
    const ImVec2 boxMax(boxMin.x + boxWidth, boxMin.y + boxHeight);
    list->AddRectFilled(boxMin, boxMax, toU32(p.surface), std::round(12 * s));
    list->AddRect(boxMin, boxMax, toU32(p.accent), std::round(12 * s), 0, std::max(1.0f, std::floor(s)));
    list->AddText(big, big->FontSize, ImVec2(std::round(centre.x - headlineSize.x / 2), boxMin.y + padY),
                  toU32(p.text), headline);
    list->AddText(small, small->FontSize,
                  ImVec2(std::round(centre.x - detailSize.x / 2), boxMin.y + padY + headlineSize.y + gap),
                  toU32(p.textMuted), detail);
}

}  // namespace caplens::web
