// io_graph_view.hpp — Statistics > I/O Graph: frames (or bytes) per interval over the whole
// capture, drawn as a filled line with labelled axes (ImGui has no plot widget worth the name;
// the draw list keeps it crisp at any pixel ratio).
//
// The first pass counts per second (CaptureStatistics' IoGraph); coarser intervals add those
// seconds up. Hovering shows an interval's figure; a click applies the display filter of that
// interval's frames (frame.time_relative range) and shows the packet list. The test hook gets
// state `io_graph` (unit, interval_s, points, peak) and the target `io_graph.plot`.
#pragma once

#include <cstdint>
#include <vector>

#include "web/view.hpp"

namespace caplens::web {

class IoGraphView final : public View {
public:
    [[nodiscard]] const char* name() const override { return "io_graph"; }
    void draw(App& app) override;

private:
    void drawControls(App& app);
    void drawPlot(App& app, const std::vector<double>& points, double intervalSeconds);
    // The per-second counts of the session's capture, copied once per capture.
    void refresh(App& app);

    int m_session = -1;
    std::vector<std::uint64_t> m_frames;  // per second
    std::vector<std::uint64_t> m_bytes;
    bool m_showBytes = false;
    int m_intervalChoice = 0;  // index into kIntervals (io_graph_view.cpp)
};

}  // namespace caplens::web
