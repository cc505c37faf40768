// drop_overlay_view.hpp — a full-page highlight while a file is dragged over the page.
#pragma once

#include "web/view.hpp"

namespace caplens::web {

class DropOverlayView final : public View {
public:
    [[nodiscard]] const char* name() const override { return "drop overlay"; }
    void draw(App& app) override;
};

}  // namespace caplens::web
