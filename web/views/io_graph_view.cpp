#include "web/views/io_graph_view.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/util/json_writer.hpp"
#include "web/app.hpp"
#include "web/widgets.hpp"

namespace caplens::web {
namespace {

struct IntervalChoice {
    const char* label;
    std::uint32_t seconds;  // multiples of the first pass's one-second buckets
};
constexpr std::array<IntervalChoice, 4> kIntervals = {{{"1 s", 1}, {"10 s", 10}, {"1 min", 60}, {"10 min", 600}}};

// The largest "nice" step (1, 2 or 5 times a power of ten) that splits `range` into at most
// `ticks` parts.
double niceStep(double range, int ticks) {
    if (range <= 0) return 1;
    const double raw = range / ticks;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * power >= raw) return m * power;
    }
    return 10 * power;
}

std::string axisNumber(double value) {
    char text[32];
    if (value >= 1e9) std::snprintf(text, sizeof text, "%gG", value / 1e9);
    else if (value >= 1e6) std::snprintf(text, sizeof text, "%gM", value / 1e6);
    else if (value >= 1e4) std::snprintf(text, sizeof text, "%gk", value / 1e3);
    else std::snprintf(text, sizeof text, "%g", value);
    return text;
}

// Sums `perSecond` into buckets of `seconds`.
std::vector<double> bucketed(const std::vector<std::uint64_t>& perSecond, std::uint32_t seconds) {
    std::vector<double> out((perSecond.size() + seconds - 1) / seconds, 0.0);
    for (std::size_t i = 0; i < perSecond.size(); ++i) out[i / seconds] += static_cast<double>(perSecond[i]);
    return out;
}

}  // namespace

void IoGraphView::refresh(App& app) {
    const wasm::CaptureSession* session = app.session();
    const int id = session != nullptr && session->statistics() != nullptr ? session->id() : -1;
    if (id == m_session) return;
    m_session = id;
    m_frames.clear();
    m_bytes.clear();
    if (id < 0) return;
    const IoGraph::Series all = session->statistics()->ioGraph().series(0);
    m_frames = all.frames;
    m_bytes = all.bytes;
}

void IoGraphView::draw(App& app) {
    if (!app.windowOpen(StatisticsWindow::IoGraph)) return;
    refresh(app);
    const StatisticsWindowInfo& info = statisticsWindowInfo(StatisticsWindow::IoGraph);
    placeFloatingWindow(app, static_cast<int>(StatisticsWindow::IoGraph),
                        ImVec2(std::round(900 * app.scale()), std::round(440 * app.scale())));
    bool open = true;
    const std::string title = std::string(info.title) + "###" + info.name;
    if (ImGui::Begin(title.c_str(), &open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        if (m_session < 0) {
            mutedText(app, "The I/O graph appears once the capture is read.");
        } else {
            drawControls(app);
            const std::uint32_t seconds = kIntervals[static_cast<std::size_t>(m_intervalChoice)].seconds;
            drawPlot(app, bucketed(m_showBytes ? m_bytes : m_frames, seconds), seconds);
        }
    }
    ImGui::End();
    if (!open) app.setWindowOpen(StatisticsWindow::IoGraph, false);
}

void IoGraphView::drawControls(App& app) {
    const float s = app.scale();
    ImGui::AlignTextToFramePadding();
    mutedText(app, "All packets:");
    ImGui::SameLine();
    if (ImGui::RadioButton("Packets", !m_showBytes)) m_showBytes = false;
    app.exposeTarget("io_graph.unit.packets", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImGui::SameLine();
    if (ImGui::RadioButton("Bytes", m_showBytes)) m_showBytes = true;
    app.exposeTarget("io_graph.unit.bytes", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImGui::SameLine(0, std::round(24 * s));
    mutedText(app, "Interval:");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::round(100 * s));
    if (ImGui::BeginCombo("##interval", kIntervals[static_cast<std::size_t>(m_intervalChoice)].label)) {
        for (int i = 0; i < static_cast<int>(kIntervals.size()); ++i) {
            if (ImGui::Selectable(kIntervals[static_cast<std::size_t>(i)].label, i == m_intervalChoice)) m_intervalChoice = i;
        }
        ImGui::EndCombo();
    }
}

void IoGraphView::drawPlot(App& app, const std::vector<double>& points, double intervalSeconds) {
    const Palette& p = app.palette();
    const float s = app.scale();
    ImDrawList* list = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float lineHeight = ImGui::GetTextLineHeight();
    const double peak = points.empty() ? 0 : *std::max_element(points.begin(), points.end());
    const double yStep = niceStep(std::max(peak, 1.0), 4);
    const double yTop = std::max(yStep, std::ceil(std::max(peak, 1.0) / yStep) * yStep);
    const float left = origin.x + ImGui::CalcTextSize(axisNumber(yTop).c_str()).x + std::round(10 * s);
    const float right = origin.x + avail.x - std::round(12 * s);
    const float top = origin.y + std::round(8 * s);
    const float bottom = origin.y + avail.y - lineHeight * 2 - std::round(8 * s);
    if (right - left < 40 * s || bottom - top < 40 * s) return;
    const ImVec2 plotMin(left, top);
    const ImVec2 plotMax(right, bottom);
    // Pressed on release over the plot: the interval under the pointer is applied below.
    const bool clicked = ImGui::InvisibleButton("##plot", ImVec2(avail.x, avail.y));
    const bool hovered = ImGui::IsItemHovered();
    app.exposeTarget("io_graph.plot", plotMin, plotMax);

    const std::size_t n = std::max<std::size_t>(points.size(), 1);
    const double xRange = static_cast<double>(n) * intervalSeconds;
    const auto xOf = [&](double seconds) { return left + static_cast<float>(seconds / xRange) * (right - left); };
    const auto yOf = [&](double value) { return bottom - static_cast<float>(value / yTop) * (bottom - top); };

    // Axes: horizontal grid lines with the counts, time ticks under the plot.
    const ImU32 grid = toU32(p.border);
    const ImU32 muted = toU32(p.textMuted);
    for (double v = 0; v <= yTop + yStep / 2; v += yStep) {
        const float y = yOf(v);
        list->AddLine(ImVec2(left, y), ImVec2(right, y), grid, std::max(1.0f, std::floor(s)));
        const std::string label = axisNumber(v);
        list->AddText(ImVec2(left - std::round(6 * s) - ImGui::CalcTextSize(label.c_str()).x, y - lineHeight / 2), muted,
                      label.c_str());
    }
    const double xStep = niceStep(xRange, std::max(2, static_cast<int>((right - left) / (90 * s))));
    for (double t = 0; t <= xRange + xStep / 2; t += xStep) {
        const float x = xOf(t);
        list->AddLine(ImVec2(x, bottom), ImVec2(x, bottom + std::round(4 * s)), muted);
        const std::string label = axisNumber(t) + " s";
        list->AddText(ImVec2(x - ImGui::CalcTextSize(label.c_str()).x / 2, bottom + std::round(6 * s)), muted, label.c_str());
    }
    const char* unit = m_showBytes ? "bytes per interval" : "packets per interval";
    list->AddText(ImVec2(left, bottom + lineHeight + std::round(8 * s)), muted, unit);

    // The series: a filled area under a line through each interval's middle.
    const ImU32 line = toU32(p.accent);
    ImVec4 fill = p.accent;
    fill.w = 0.18f;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const float x0 = xOf(static_cast<double>(i) * intervalSeconds);
        const float x1 = xOf(static_cast<double>(i + 1) * intervalSeconds);
        list->AddRectFilled(ImVec2(x0, yOf(points[i])), ImVec2(x1, bottom), toU32(fill));
        if (i + 1 < points.size()) {
            list->AddLine(ImVec2((x0 + x1) / 2, yOf(points[i])), ImVec2(x1 + (x1 - x0) / 2, yOf(points[i + 1])), line,
                          std::max(1.5f, std::round(2 * s)));
        }
    }
    if (points.size() == 1) {
        list->AddLine(ImVec2(left, yOf(points[0])), ImVec2(right, yOf(points[0])), line, std::max(1.5f, std::round(2 * s)));
    }

    // Hover: the interval's figure; click: its frames in the packet list.
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (!points.empty() && hovered && mouse.x >= left && mouse.x < right && mouse.y >= top && mouse.y <= bottom) {
        const auto i = std::min(points.size() - 1, static_cast<std::size_t>((mouse.x - left) / (right - left) * static_cast<float>(n)));
        const double from = static_cast<double>(i) * intervalSeconds;
        const float x0 = xOf(from);
        const float x1 = xOf(from + intervalSeconds);
        list->AddRectFilled(ImVec2(x0, top), ImVec2(x1, bottom), toU32(ImVec4(p.accent.x, p.accent.y, p.accent.z, 0.12f)));
        ImGui::SetTooltip("%g s \u2013 %g s: %.0f %s\nClick to show these packets", from, from + intervalSeconds, points[i],
                          m_showBytes ? "bytes" : "packets");
        if (clicked) {
            char filter[96];
            std::snprintf(filter, sizeof filter, "frame.time_relative >= %g && frame.time_relative < %g", from,
                          from + intervalSeconds);
            app.applyFilter(filter);
        }
    }

    JsonWriter w;
    w.beginObject();
    w.key("unit").value(m_showBytes ? "bytes" : "packets");
    w.key("interval_s").value(intervalSeconds);
    w.key("points").value(static_cast<std::uint64_t>(points.size()));
    w.key("peak").value(peak);
    w.endObject();
    app.exposeState("io_graph", w.take());
}

}  // namespace caplens::web
