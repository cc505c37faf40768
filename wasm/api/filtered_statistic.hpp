// filtered_statistic.hpp — one table of a Statistics command over the frames a display filter
// passes, as the command line's `-Y FILTER` (phs, rtt, conv, endpoints, dests): fed by an
// AnalysisPass that dissects every frame in order with the filter's fields, it hands on only
// the frames that pass. The table itself stays with the caller, behind three functions.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/capture/capture_model.hpp"
#include "core/filter/display_filter.hpp"

namespace caplens::wasm {

class FilteredStatistic final : public FrameAnalyzer {
public:
    using OnFrame = std::function<void(const CapturedFrame&, const proto::Packet&)>;

    // `onFinish` may be empty (tables with nothing to complete at the end).
    FilteredStatistic(std::unique_ptr<filter::DisplayFilter> filter, OnFrame onFrame, std::function<void()> onFinish,
                      std::function<std::string()> json)
        : m_filter(std::move(filter)), m_onFrame(std::move(onFrame)), m_onFinish(std::move(onFinish)), m_json(std::move(json)) {}

    // The fields the filter reads: the pass records them.
    [[nodiscard]] const proto::FieldMask& mask() const { return m_filter->mask(); }

    void onFrame(const CapturedFrame& frame, const proto::Packet& packet) override {
        if (m_filter->matches(packet)) m_onFrame(frame, packet);
    }
    void finish() override {
        if (m_onFinish) m_onFinish();
    }
    // The table's JSON, as the command prints it (once finished).
    [[nodiscard]] std::string json() const { return m_json(); }

private:
    std::unique_ptr<filter::DisplayFilter> m_filter;
    OnFrame m_onFrame;
    std::function<void()> m_onFinish;
    std::function<std::string()> m_json;
};

}  // namespace caplens::wasm
