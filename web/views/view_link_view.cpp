#include "web/views/view_link_view.hpp"

#include <cmath>
#include <string>

#include "web/app.hpp"
#include "web/text_format.hpp"
#include "web/widgets.hpp"

namespace caplens::web {

void ViewLinkView::draw(App& app) {
    ViewLinks& links = app.links();
    const auto& waiting = links.waiting();
    const bool reading = app.session() != nullptr && !app.session()->finished();
    const bool showWaiting = waiting.has_value() && !reading;
    if (!showWaiting && links.problem().empty()) return;

    const Palette& p = app.palette();
    const float s = app.scale();
    const Rect area = app.layout().workspace;
    ImGui::SetNextWindowPos(ImVec2(area.center().x, area.min.y + std::round(12 * s)), ImGuiCond_Always,
                            ImVec2(0.5f, 0));
    ImGui::SetNextWindowSizeConstraints(ImVec2(std::round(520 * s), 0), ImVec2(std::round(720 * s), area.height()));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(std::round(16 * s), std::round(12 * s)));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, p.surfaceRaised);
    constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                        ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoFocusOnAppearing;
    ImGui::Begin("##view_link", nullptr, kFlags);
    ImGui::PushTextWrapPos(std::round(680 * s));
    if (!links.problem().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
        ImGui::TextWrapped("%s", links.problem().c_str());
        ImGui::PopStyleColor();
        if (secondaryButton(app, "Dismiss")) links.dismissProblem();
        app.exposeTarget("link.dismiss", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    }
    if (showWaiting) {
        const wasm::CaptureFingerprint& capture = waiting->capture;
        ImGui::PushFont(app.fonts().strong);
        ImGui::TextWrapped("Drop %s to continue", capture.name.empty() ? "the capture" : capture.name.c_str());
        ImGui::PopFont();
        mutedTextWrapped(app, "This link shows a view of " + capture.name + " (" +
                                  countOf(capture.frames, "frame", "frames") + ", " + byteSize(capture.size) +
                                  "). The link holds no packet: open that file from your machine and the view "
                                  "comes back.");
    }
    ImGui::PopTextWrapPos();
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
}

}  // namespace caplens::web
