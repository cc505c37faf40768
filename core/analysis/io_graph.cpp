#include "core/analysis/io_graph.hpp"

#include <algorithm>

#include "core/analysis/stats_support.hpp"
#include "core/util/json_writer.hpp"

namespace caplens {

IoGraph::IoGraph(std::int64_t intervalNs) : m_intervalNs(std::max<std::int64_t>(intervalNs, 1)) {
    m_series.emplace_back();
}

std::size_t IoGraph::addSeries(std::unique_ptr<filter::DisplayFilter> filter) {
    Series series;
    series.filter = filter->text();
    const proto::FieldMask& mask = filter->mask();
    if (m_mask.size() < mask.size()) m_mask.resize(mask.size(), 0);
    for (std::size_t i = 0; i < mask.size(); ++i) m_mask[i] |= mask[i];
    m_filters.push_back(std::move(filter));
    m_series.push_back(std::move(series));
    return m_series.size() - 1;
}

void IoGraph::count(Series& series, std::size_t interval, std::uint32_t length) {
    if (series.frames.size() <= interval) {
        // Grow geometrically: a new interval every few frames must not allocate each time.
        const std::size_t size = std::max(interval + 1, std::min(kMaxIntervals, series.frames.size() * 2));
        series.frames.resize(size, 0);
        series.bytes.resize(size, 0);
    }
    ++series.frames[interval];
    series.bytes[interval] += length;
}

IoGraph::Series IoGraph::series(std::size_t index) const {
    Series copy = m_series[index];
    copy.frames.resize(m_intervals, 0);
    copy.bytes.resize(m_intervals, 0);
    return copy;
}

void IoGraph::onFrame(const CapturedFrame& frame, const proto::Packet& packet) {
    const std::int64_t since = std::max<std::int64_t>(packet.frame().sinceFirstNs, 0);
    const auto interval = static_cast<std::uint64_t>(since / m_intervalNs);
    if (interval >= kMaxIntervals) {
        ++m_dropped;
        return;
    }
    const auto index = static_cast<std::size_t>(interval);
    m_intervals = std::max(m_intervals, index + 1);
    m_lastNs = std::max(m_lastNs, since);
    count(m_series[0], index, frame.originalLength);
    for (std::size_t i = 0; i < m_filters.size(); ++i) {
        if (m_filters[i]->matches(packet)) count(m_series[i + 1], index, frame.originalLength);
    }
}

std::string IoGraph::json() const {
    JsonWriter w;
    w.beginObject();
    w.key("interval_s").value(static_cast<double>(m_intervalNs) / 1e9);
    w.key("intervals").value(static_cast<std::uint64_t>(m_intervals));
    w.key("series").beginArray();
    for (const Series& s : m_series) {
        w.beginObject();
        w.key("filter");
        if (s.filter.empty()) {
            w.null();
        } else {
            w.value(s.filter);
        }
        for (const auto& [name, values] : {std::pair{"frames", &s.frames}, std::pair{"bytes", &s.bytes}}) {
            w.key(name).beginArray();
            for (std::size_t i = 0; i < m_intervals; ++i) w.value(i < values->size() ? (*values)[i] : std::uint64_t{0});
            w.endArray();
        }
        w.endObject();
    }
    w.endArray();
    w.key("dropped_frames").value(m_dropped);
    w.endObject();
    return w.take();
}

std::string IoGraph::text(std::string_view filter) const {
    const double interval = static_cast<double>(m_intervalNs) / 1e9;
    std::string out = "================================================================================\n";
    out += "IO Statistics\n";
    out += "Filter:" + (filter.empty() ? std::string("<No Filter>") : std::string(filter)) + "\n";
    out += formatText("Duration: %.6f secs\nInterval: %g secs\n", nstimeSeconds(m_lastNs), interval);
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        out += formatText("Col %zu: %s\n", i + 1, m_series[i].filter.empty() ? "Frames and bytes" : m_series[i].filter.c_str());
    }
    out += "--------------------------------------------------------------------------------\n";
    out += formatText("%-25s", "Interval");
    for (std::size_t i = 0; i < m_series.size(); ++i) out += formatText(" | %8s %12s", formatText("%zu:Frames", i + 1).c_str(), "Bytes");
    out += "\n";
    for (std::size_t row = 0; row < m_intervals; ++row) {
        out += formatText("%11.6f <> %11.6f", row * interval, (row + 1) * interval);
        for (const Series& s : m_series) {
            const std::uint64_t frames = row < s.frames.size() ? s.frames[row] : 0;
            const std::uint64_t bytes = row < s.bytes.size() ? s.bytes[row] : 0;
            out += formatText(" | %8llu %12llu", static_cast<unsigned long long>(frames), static_cast<unsigned long long>(bytes));
        }
        out += "\n";
    }
    out += "================================================================================\n";
    return out;
}

}  // namespace caplens
