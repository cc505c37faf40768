#include "web/theme.hpp"

#include <algorithm>
#include <cmath>

namespace caplens::web {
namespace {

constexpr ImVec4 rgb(int hex, float alpha = 1.0f) {
    return ImVec4(static_cast<float>((hex >> 16) & 0xFF) / 255.0f,
                  static_cast<float>((hex >> 8) & 0xFF) / 255.0f,
                  static_cast<float>(hex & 0xFF) / 255.0f, alpha);
}

// Slate greys with one blue accent: quiet enough for long sessions, with contrast ratios
// above 4.5:1 for body text on both surfaces.
constexpr Palette kDark{
    rgb(0x111418),       rgb(0x181C21),       rgb(0x222830),       rgb(0x2C333C),
    rgb(0xE6E9ED),       rgb(0x98A2AE),       rgb(0x3B82F6),       rgb(0x5B96F8),
    rgb(0x2F6FDB),       rgb(0xFFFFFF),       rgb(0xF87171),       rgb(0x3A1F22),
    rgb(0x34D399),       rgb(0x3B82F6, 0.16f),
};

constexpr Palette kLight{
    rgb(0xEEF1F4),       rgb(0xFFFFFF),       rgb(0xEEF1F5),       rgb(0xD5DAE1),
    rgb(0x18202B),       rgb(0x5A6573),       rgb(0x2563EB),       rgb(0x1D55D6),
    rgb(0x1A4BBE),       rgb(0xFFFFFF),       rgb(0xB42318),       rgb(0xFDECEA),
    rgb(0x0E9F6E),       rgb(0x2563EB, 0.12f),
};

ImVec4 mix(const ImVec4& a, const ImVec4& b, float t) {
    return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t,
                  a.w + (b.w - a.w) * t);
}

}  // namespace

const Palette& paletteFor(ThemeMode mode) { return mode == ThemeMode::Dark ? kDark : kLight; }

void applyTheme(ThemeMode mode, float scale) {
    const Palette& p = paletteFor(mode);
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    if (mode == ThemeMode::Dark) {
        ImGui::StyleColorsDark(&style);
    } else {
        ImGui::StyleColorsLight(&style);
    }

    style.WindowPadding = ImVec2(16, 14);
    style.FramePadding = ImVec2(12, 7);
    style.CellPadding = ImVec2(10, 6);
    style.ItemSpacing = ImVec2(10, 8);
    style.ItemInnerSpacing = ImVec2(8, 6);
    style.ScrollbarSize = 12;
    style.GrabMinSize = 10;
    style.WindowRounding = 8;
    style.ChildRounding = 6;
    style.FrameRounding = 6;
    style.PopupRounding = 6;
    style.ScrollbarRounding = 6;
    style.GrabRounding = 6;
    style.TabRounding = 6;
    style.WindowTitleAlign = ImVec2(0.0f, 0.5f);
    style.SeparatorTextBorderSize = 1;
    style.ScaleAllSizes(scale);
    // Hairlines stay one device pixel wide (rounded up on fractional ratios).
    const float line = std::max(1.0f, std::floor(scale));
    style.WindowBorderSize = line;
    style.ChildBorderSize = line;
    style.PopupBorderSize = line;
    style.FrameBorderSize = 0;
    style.TabBorderSize = 0;

    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = p.text;
    c[ImGuiCol_TextDisabled] = p.textMuted;
    c[ImGuiCol_WindowBg] = p.surface;
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = p.surface;
    c[ImGuiCol_Border] = p.border;
    c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_FrameBg] = p.surfaceRaised;
    c[ImGuiCol_FrameBgHovered] = mix(p.surfaceRaised, p.accent, 0.15f);
    c[ImGuiCol_FrameBgActive] = mix(p.surfaceRaised, p.accent, 0.25f);
    c[ImGuiCol_TitleBg] = mix(p.surface, p.surfaceRaised, 0.6f);
    c[ImGuiCol_TitleBgActive] = mix(p.surface, p.surfaceRaised, 0.6f);
    c[ImGuiCol_TitleBgCollapsed] = mix(p.surface, p.surfaceRaised, 0.6f);
    c[ImGuiCol_MenuBarBg] = p.surface;
    c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ScrollbarGrab] = p.border;
    c[ImGuiCol_ScrollbarGrabHovered] = p.textMuted;
    c[ImGuiCol_ScrollbarGrabActive] = p.accent;
    c[ImGuiCol_CheckMark] = p.accent;
    c[ImGuiCol_SliderGrab] = p.accent;
    c[ImGuiCol_SliderGrabActive] = p.accentActive;
    c[ImGuiCol_Button] = p.surfaceRaised;
    c[ImGuiCol_ButtonHovered] = mix(p.surfaceRaised, p.accent, 0.18f);
    c[ImGuiCol_ButtonActive] = mix(p.surfaceRaised, p.accent, 0.30f);
    c[ImGuiCol_Header] = mix(p.surfaceRaised, p.accent, 0.10f);
    c[ImGuiCol_HeaderHovered] = mix(p.surfaceRaised, p.accent, 0.20f);
    c[ImGuiCol_HeaderActive] = mix(p.surfaceRaised, p.accent, 0.30f);
    c[ImGuiCol_Separator] = p.border;
    c[ImGuiCol_SeparatorHovered] = p.accent;
    c[ImGuiCol_SeparatorActive] = p.accentActive;
    c[ImGuiCol_ResizeGrip] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ResizeGripHovered] = mix(p.surface, p.accent, 0.5f);
    c[ImGuiCol_ResizeGripActive] = p.accent;
    c[ImGuiCol_PlotHistogram] = p.accent;
    c[ImGuiCol_PlotHistogramHovered] = p.accentHovered;
    c[ImGuiCol_TableHeaderBg] = p.surfaceRaised;
    c[ImGuiCol_TableBorderStrong] = p.border;
    c[ImGuiCol_TableBorderLight] = mix(p.surface, p.border, 0.6f);
    c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_TableRowBgAlt] = mix(p.surface, p.surfaceRaised, 0.45f);
    c[ImGuiCol_TextSelectedBg] = mix(p.surface, p.accent, 0.35f);
    c[ImGuiCol_NavHighlight] = p.accent;
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.45f);
}

}  // namespace caplens::web
