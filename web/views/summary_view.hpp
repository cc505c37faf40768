// summary_view.hpp — the first screen after opening a capture: the three questions of
// DESIGN.md at once. Latency (handshake RTT histogram, slowest connections, the capture side),
// the protocol hierarchy with the protocols that deserve a look flagged, and the top
// destinations and ports; every row is one click from its display filter (which then shows
// the packet list). A banner says when frames were cut by the snap length.
#pragma once

#include "web/view.hpp"

namespace caplens::web {

class SummaryView final : public View {
public:
    [[nodiscard]] const char* name() const override { return "summary"; }
    void draw(App& app) override;
};

}  // namespace caplens::web
