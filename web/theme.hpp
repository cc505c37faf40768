// theme.hpp — the app's two colour schemes and its sizes, applied to Dear ImGui's style.
//
// Everything is laid out in device pixels: the canvas is sized to CSS size x devicePixelRatio
// and every size here is multiplied by that `scale`, so text and lines stay crisp on HiDPI
// screens (see fonts.hpp for the text itself).
#pragma once

#include "imgui.h"

namespace caplens::web {

enum class ThemeMode { Dark, Light };

// Colours the views use beyond ImGui's own style slots.
struct Palette {
    ImVec4 background;    // behind everything (the canvas clear colour)
    ImVec4 surface;       // windows and bars
    ImVec4 surfaceRaised; // frames, table header, secondary buttons
    ImVec4 border;
    ImVec4 text;
    ImVec4 textMuted;     // labels, hints
    ImVec4 accent;        // primary buttons, progress, focus
    ImVec4 accentHovered;
    ImVec4 accentActive;
    ImVec4 onAccent;      // text on accent
    ImVec4 danger;        // error text and marks
    ImVec4 dangerSurface; // error banner background
    ImVec4 success;
    ImVec4 dropOverlay;   // tint over the page while a file is dragged over it
};

[[nodiscard]] const Palette& paletteFor(ThemeMode mode);

// Resets ImGui's style to caplens' look for `mode`, with every size multiplied by `scale`.
void applyTheme(ThemeMode mode, float scale);

// ImGui's packed colour from a palette entry.
[[nodiscard]] inline ImU32 toU32(const ImVec4& colour) { return ImGui::ColorConvertFloat4ToU32(colour); }

}  // namespace caplens::web
