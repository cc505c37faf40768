// toolbar_view.hpp — the bar across the top: the app's name and the actions that open a capture,
// plus the theme switch.
#pragma once

#include "web/view.hpp"

namespace caplens::web {

class ToolbarView final : public View {
public:
    [[nodiscard]] const char* name() const override { return "toolbar"; }
    void draw(App& app) override;
};

}  // namespace caplens::web
