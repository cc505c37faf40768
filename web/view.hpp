// view.hpp — the interface every view implements, and the rectangles the app lays them out in.
//
// A view is a small class in web/views/, listed once in registerViews(). Each frame the app
// calls draw() on every view in that order; a view decides itself whether it shows anything
// (the welcome view only without a capture, the info window only with one). Views read the
// capture through the App's const accessors and keep no per-capture state.
#pragma once

#include "imgui.h"

namespace caplens::web {

class App;

// An axis-aligned rectangle in device pixels.
struct Rect {
    ImVec2 min;
    ImVec2 max;

    [[nodiscard]] float width() const { return max.x - min.x; }
    [[nodiscard]] float height() const { return max.y - min.y; }
    [[nodiscard]] ImVec2 size() const { return ImVec2(width(), height()); }
    [[nodiscard]] ImVec2 center() const { return ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f); }
};

// Where the fixed parts of the page go this frame.
struct Layout {
    Rect toolbar;     // across the top
    Rect navigation;  // under the toolbar once a capture is read: tabs and the filter bar
                      // (empty otherwise)
    Rect workspace;   // between the navigation (or toolbar) and the status bar: the views
    Rect statusBar;  // across the bottom
};

class View {
public:
    virtual ~View() = default;
    // A stable name, for diagnostics.
    [[nodiscard]] virtual const char* name() const = 0;
    // Draws the view for this frame (or nothing).
    virtual void draw(App& app) = 0;
};

}  // namespace caplens::web
