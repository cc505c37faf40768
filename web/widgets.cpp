#include "web/widgets.hpp"

#include <algorithm>
#include <cmath>

#include "web/app.hpp"

namespace caplens::web {

bool primaryButton(const App& app, const char* label, ImVec2 size) {
    const Palette& p = app.palette();
    ImGui::PushStyleColor(ImGuiCol_Button, p.accent);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, p.accentHovered);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, p.accentActive);
    ImGui::PushStyleColor(ImGuiCol_Text, p.onAccent);
    ImGui::PushFont(app.fonts().strong);
    const bool clicked = ImGui::Button(label, size);
    ImGui::PopFont();
    ImGui::PopStyleColor(4);
    pointerOnHover();
    return clicked;
}

bool secondaryButton(const App&, const char* label, ImVec2 size) {
    const bool clicked = ImGui::Button(label, size);
    pointerOnHover();
    return clicked;
}

ImVec2 buttonSize(const char* label) {
    const ImVec2 text = ImGui::CalcTextSize(label, nullptr, true);
    const ImGuiStyle& style = ImGui::GetStyle();
    return ImVec2(text.x + style.FramePadding.x * 2, text.y + style.FramePadding.y * 2);
}

void mutedText(const App& app, std::string_view text) {
    ImGui::PushStyleColor(ImGuiCol_Text, app.palette().textMuted);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopStyleColor();
}

void mutedTextWrapped(const App& app, std::string_view text) {
    ImGui::PushStyleColor(ImGuiCol_Text, app.palette().textMuted);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

void centredText(ImFont* font, std::string_view text, float left, float width, ImU32 colour) {
    ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    const auto emit = [&](std::string_view line) {
        const float lineWidth = ImGui::CalcTextSize(line.data(), line.data() + line.size()).x;
        ImGui::SetCursorScreenPos(ImVec2(std::round(left + (width - lineWidth) / 2),
                                         ImGui::GetCursorScreenPos().y));
        ImGui::TextUnformatted(line.data(), line.data() + line.size());
    };
    // Greedy line breaking: take words while the line still fits.
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.size();
        std::string_view line = text.substr(start);
        while (ImGui::CalcTextSize(line.data(), line.data() + line.size()).x > width) {
            const std::size_t space = text.rfind(' ', end - 1);
            if (space == std::string_view::npos || space <= start) break;
            end = space;
            line = text.substr(start, end - start);
        }
        emit(line);
        start = end;
        while (start < text.size() && text[start] == ' ') ++start;
    }
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

void thinProgressBar(const App& app, float fraction) {
    const Palette& p = app.palette();
    const float height = std::round(6 * app.scale());
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 max(min.x + width, min.y + height);
    ImDrawList* list = ImGui::GetWindowDrawList();
    list->AddRectFilled(min, max, toU32(p.surfaceRaised), height * 0.5f);
    const float filled = width * std::clamp(fraction, 0.0f, 1.0f);
    if (filled >= 1.0f) {
        list->AddRectFilled(min, ImVec2(min.x + std::max(filled, height), max.y), toU32(p.accent),
                            height * 0.5f);
    }
    ImGui::Dummy(ImVec2(width, height));
}

void dashedRect(ImDrawList* list, const Rect& rect, ImU32 colour, float thickness, float dash,
                float rounding) {
    // Straight edges are dashed; the rounded corners are drawn whole so the outline reads as
    // one shape.
    const float r = rounding;
    const auto dashes = [&](ImVec2 from, ImVec2 to) {
        const float dx = to.x - from.x;
        const float dy = to.y - from.y;
        const float length = std::sqrt(dx * dx + dy * dy);
        if (length <= 0) return;
        const int count = std::max(1, static_cast<int>(std::round(length / (dash * 2))));
        const float step = length / static_cast<float>(count);
        for (int i = 0; i < count; ++i) {
            const float a = (static_cast<float>(i) * step + step * 0.25f) / length;
            const float b = (static_cast<float>(i) * step + step * 0.75f) / length;
            list->AddLine(ImVec2(from.x + dx * a, from.y + dy * a),
                          ImVec2(from.x + dx * b, from.y + dy * b), colour, thickness);
        }
    };
    const ImVec2 a = rect.min;
    const ImVec2 b = rect.max;
    dashes(ImVec2(a.x + r, a.y), ImVec2(b.x - r, a.y));
    dashes(ImVec2(b.x, a.y + r), ImVec2(b.x, b.y - r));
    dashes(ImVec2(b.x - r, b.y), ImVec2(a.x + r, b.y));
    dashes(ImVec2(a.x, b.y - r), ImVec2(a.x, a.y + r));
    constexpr float kPi = 3.14159265f;
    const auto corner = [&](ImVec2 centre, float from) {
        list->PathArcTo(centre, r, from, from + kPi * 0.5f, 8);
        list->PathStroke(colour, 0, thickness);
    };
    corner(ImVec2(a.x + r, a.y + r), kPi);
    corner(ImVec2(b.x - r, a.y + r), kPi * 1.5f);
    corner(ImVec2(b.x - r, b.y - r), 0);
    corner(ImVec2(a.x + r, b.y - r), kPi * 0.5f);
}

void pointerOnHover() {
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
}

void placeFloatingWindow(const App& app, int index, ImVec2 size) {
    const Rect area = app.layout().workspace;
    const float s = app.scale();
    const ImVec2 fitted(std::min(area.width() * 0.85f, size.x), std::min(area.height() * 0.8f, size.y));
    const float cascade = std::round((24 + 26 * static_cast<float>(index)) * s);
    const ImVec2 at(std::min(area.min.x + cascade, area.max.x - fitted.x),
                    std::min(area.min.y + cascade, area.max.y - fitted.y));
    ImGui::SetNextWindowPos(at, ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(fitted, ImGuiCond_FirstUseEver);
}

}  // namespace caplens::web
