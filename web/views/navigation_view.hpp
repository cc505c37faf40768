// navigation_view.hpp — the row under the toolbar once a capture is read: the screens' tabs
// (Summary, Packets, Properties), the Statistics menu that opens the statistics windows, and
// Wireshark's display-filter bar (green when the text compiles, red with the error underlined
// and explained when it does not; Enter applies it, a progress line follows the filter pass;
// Ctrl+/ focuses it).
#pragma once

#include "web/view.hpp"

namespace caplens::web {

class NavigationView final : public View {
public:
    [[nodiscard]] const char* name() const override { return "navigation"; }
    void draw(App& app) override;
};

}  // namespace caplens::web
