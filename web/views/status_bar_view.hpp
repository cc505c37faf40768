// status_bar_view.hpp — the bar across the bottom: what the app is doing, and the promise that
// nothing is uploaded.
#pragma once

#include "web/view.hpp"

namespace caplens::web {

class StatusBarView final : public View {
public:
    [[nodiscard]] const char* name() const override { return "status bar"; }
    void draw(App& app) override;
};

}  // namespace caplens::web
