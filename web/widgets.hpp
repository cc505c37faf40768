// widgets.hpp — caplens' small additions to Dear ImGui's widgets, drawn in the app's theme.
#pragma once

#include <string_view>

#include "imgui.h"
#include "web/theme.hpp"
#include "web/view.hpp"

namespace caplens::web {

class App;

// A filled accent-coloured button for the main action of a screen; true when clicked.
bool primaryButton(const App& app, const char* label, ImVec2 size = ImVec2(0, 0));
// An ordinary (quiet) button; true when clicked.
bool secondaryButton(const App& app, const char* label, ImVec2 size = ImVec2(0, 0));
// The size a button with `label` takes in the current font.
[[nodiscard]] ImVec2 buttonSize(const char* label);

// Text in the muted colour.
void mutedText(const App& app, std::string_view text);
// Wrapped text in the muted colour.
void mutedTextWrapped(const App& app, std::string_view text);

// `text` in `font` and `colour`, broken into lines at spaces to fit `width`, each line
// centred in [left, left + width]; starts at the cursor's line and advances the cursor.
void centredText(ImFont* font, std::string_view text, float left, float width, ImU32 colour);

// A thin progress bar across the available width; `fraction` in 0..1.
void thinProgressBar(const App& app, float fraction);

// A dashed rounded rectangle outline (ImGui has no dashed lines).
void dashedRect(ImDrawList* list, const Rect& rect, ImU32 colour, float thickness, float dash,
                float rounding);

// Places the next window (on its first appearance) in the workspace: cascaded by `index` so
// that windows opened one after another stay visible, at most `size` (device pixels), never
// past the workspace's edges.
void placeFloatingWindow(const App& app, int index, ImVec2 size);

// Marks the last item as clickable: a pointer cursor while it is hovered.
void pointerOnHover();

}  // namespace caplens::web
