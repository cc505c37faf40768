// view_link_view.hpp — what the page says about a link to a view (web/view_links.hpp): "drop
// NAME to continue" while the link waits for its capture, and, in the same place, why a link
// was refused or why the capture read is not the link's (dismissible).
#pragma once

#include "web/view.hpp"

namespace caplens::web {

class ViewLinkView final : public View {
public:
    [[nodiscard]] const char* name() const override { return "view_link"; }
    void draw(App& app) override;
};

}  // namespace caplens::web
