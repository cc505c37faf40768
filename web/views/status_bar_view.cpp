#include "web/views/status_bar_view.hpp"

#include <cmath>
#include <string>

#include "web/app.hpp"
#include "web/text_format.hpp"
#include "web/widgets.hpp"

namespace caplens::web {
namespace {

std::string statusText(const wasm::CaptureSession* session) {
    if (!session) return "Ready \u2014 drop a capture file on the page, or open one.";
    const CaptureInfo& info = session->info();
    switch (session->phase()) {
        case wasm::SessionPhase::Decompressing:
            return "Decompressing " + info.fileName + "\u2026 " + percent(session->phaseProgress());
        case wasm::SessionPhase::Reading:
            return "Reading " + info.fileName + "\u2026 " + percent(session->phaseProgress());
        case wasm::SessionPhase::Done: {
            std::string text = info.fileName + ": " + countOf(info.properties.frames, "frame", "frames");
            if (session->filtering()) {
                text += "  \u00B7  Filtering\u2026 " + percent(session->filterProgress()) + ", " +
                        groupedNumber(session->displayedCount()) + " matched so far";
            } else if (!session->appliedFilter().empty()) {
                text += "  \u00B7  Displayed: " + groupedNumber(session->displayedCount()) + " (" +
                        percent(info.properties.frames ? static_cast<double>(session->displayedCount()) /
                                                             static_cast<double>(info.properties.frames)
                                                       : 0.0) +
                        ")";
            }
            if (session->sorting() && !session->filtering()) {
                text += "  \u00B7  Sorting\u2026 " + percent(session->sortProgress());
            }
            return text;
        }
        case wasm::SessionPhase::Failed:
            if (info.error.message == wasm::kCancelledMessage) {
                return info.fileName + ": " + countOf(info.properties.frames, "frame", "frames") +
                       " read, then cancelled (Esc): the rest of the file was not read.";
            }
            if (info.properties.frames == 0) {
                return info.fileName + ": " + errorHeadline(info.error, 0) + ".";
            }
            return info.fileName + ": " + countOf(info.properties.frames, "frame", "frames") +
                   " read, then an error at byte offset " + groupedNumber(info.error.offset) + ".";
    }
    return {};
}

}  // namespace

void StatusBarView::draw(App& app) {
    const Rect bar = app.layout().statusBar;
    const Palette& p = app.palette();
    const float s = app.scale();
    const float pad = std::round(20 * s);
    constexpr ImGuiWindowFlags kFlags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
        ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoFocusOnAppearing |
        ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoInputs;

    ImGui::SetNextWindowPos(bar.min);
    ImGui::SetNextWindowSize(bar.size());
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("##statusbar", nullptr, kFlags);
    ImGui::PopStyleVar(3);

    ImDrawList* list = ImGui::GetWindowDrawList();
    const float hairline = std::max(1.0f, std::floor(s));
    list->AddRectFilled(bar.min, ImVec2(bar.max.x, bar.min.y + hairline), toU32(p.border));

    ImGui::PushFont(app.fonts().small);
    const float top = std::round(bar.center().y - ImGui::GetTextLineHeight() / 2);
    const wasm::CaptureSession* session = app.session();
    const bool failed = session && session->phase() == wasm::SessionPhase::Failed;
    const std::string status = statusText(session);
    ImGui::SetCursorScreenPos(ImVec2(bar.min.x + pad, top));
    ImGui::PushStyleColor(ImGuiCol_Text, failed ? p.danger : p.textMuted);
    ImGui::TextUnformatted(status.c_str());
    ImGui::PopStyleColor();

    // The reminder on the right gives way when the window is too narrow for both.
    constexpr const char* kPrivacy = "Read in this browser tab \u2014 nothing is uploaded";
    const float width = ImGui::CalcTextSize(kPrivacy).x;
    if (bar.min.x + pad + ImGui::CalcTextSize(status.c_str()).x + pad * 2 + width <= bar.max.x - pad) {
        ImGui::SetCursorScreenPos(ImVec2(bar.max.x - pad - width, top));
        mutedText(app, kPrivacy);
    }
    ImGui::PopFont();

    ImGui::End();
}

}  // namespace caplens::web
