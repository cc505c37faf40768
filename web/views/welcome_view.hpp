// welcome_view.hpp — the empty state before any capture: a drop zone, "Open file…" and "Open
// sample".
#pragma once

#include "web/view.hpp"

namespace caplens::web {

class WelcomeView final : public View {
public:
    [[nodiscard]] const char* name() const override { return "welcome"; }
    void draw(App& app) override;
};

}  // namespace caplens::web
