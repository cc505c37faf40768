// io_graph.hpp — Statistics > I/O Graph: frames and bytes per time interval, for the whole
// capture (series 0) and for each display filter added as a series (tshark's `-z io,stat`).
//
// Intervals are counted from the capture's first frame (frame.time_relative), as tshark does.
// A series' filter is a compiled display filter evaluated on each frame: the frames must be
// dissected in Filter mode with fieldMask() (the union of the series' fields), or in Tree mode.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/filter/display_filter.hpp"
#include "core/io/captured_frame.hpp"
#include "core/proto/packet.hpp"

namespace caplens {

class IoGraph {
public:
    // At most this many intervals are kept (a smaller interval over a long capture is refused by
    // the caller up front; later intervals are dropped and counted in droppedFrames()).
    static constexpr std::size_t kMaxIntervals = 10'000'000;

    explicit IoGraph(std::int64_t intervalNs);

    // Adds a series counting the frames `filter` passes; returns its index (series 0 is every
    // frame).
    std::size_t addSeries(std::unique_ptr<filter::DisplayFilter> filter);
    // The fields the series' filters read (empty when there is no filtered series).
    [[nodiscard]] const proto::FieldMask& fieldMask() const { return m_mask; }

    void onFrame(const CapturedFrame& frame, const proto::Packet& packet);

    struct Series {
        std::string filter;  // empty for series 0
        std::vector<std::uint64_t> frames;  // per interval
        std::vector<std::uint64_t> bytes;
    };
    [[nodiscard]] std::int64_t intervalNs() const { return m_intervalNs; }
    [[nodiscard]] std::size_t intervals() const { return m_intervals; }
    // A copy holding exactly intervals() entries (up to the last frame's interval): the
    // stored vectors grow geometrically and per series.
    [[nodiscard]] Series series(std::size_t index) const;
    [[nodiscard]] std::size_t seriesCount() const { return m_series.size(); }
    [[nodiscard]] std::uint64_t droppedFrames() const { return m_dropped; }

    // {"interval_s":1,"intervals":N,"series":[{"filter":null,"frames":[..],"bytes":[..]},
    //  {"filter":"tcp","frames":[..],"bytes":[..]}]}
    [[nodiscard]] std::string json() const;
    // A table like tshark's io,stat: one row per interval, frames and bytes per series.
    [[nodiscard]] std::string text(std::string_view filter) const;

private:
    void count(Series& series, std::size_t interval, std::uint32_t length);

    std::int64_t m_intervalNs;
    std::vector<Series> m_series;
    std::vector<std::unique_ptr<filter::DisplayFilter>> m_filters;  // [i] for series i + 1
    proto::FieldMask m_mask;
    std::size_t m_intervals = 0;
    std::int64_t m_lastNs = 0;
    std::uint64_t m_dropped = 0;
};

}  // namespace caplens
