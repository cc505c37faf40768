#include "web/views/capture_info_view.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>

#include "core/capture/capture_info.hpp"
#include "core/util/time_format.hpp"
#include "web/app.hpp"
#include "web/text_format.hpp"
#include "web/widgets.hpp"

namespace caplens::web {
namespace {

std::string joined(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) out += separator;
        out += part;
    }
    return out;
}

// One line per interface: "lo (Loopback)"; the count alone when none is named.
std::string interfacesText(const CaptureMetadata& metadata) {
    const auto& interfaces = metadata.interfaces;
    std::vector<std::string> names;
    for (const InterfaceInfo& itf : interfaces) {
        if (itf.name.empty() && itf.description.empty()) continue;
        std::string text = itf.name.empty() ? itf.description : itf.name;
        if (!itf.name.empty() && !itf.description.empty()) text += " (" + itf.description + ")";
        names.push_back(std::move(text));
    }
    std::string out = groupedNumber(interfaces.size());
    if (!names.empty()) out += " \u2014 " + joined(names, ", ");
    return out;
}

void errorBanner(const App& app, const CaptureInfo& info) {
    const Palette& p = app.palette();
    const float s = app.scale();
    const float pad = std::round(14 * s);
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* list = ImGui::GetWindowDrawList();
    // Text first (on a split channel) so the banner's height follows it.
    list->ChannelsSplit(2);
    list->ChannelsSetCurrent(1);
    const float icon = std::round(20 * s);
    const float textLeft = origin.x + pad + icon + std::round(12 * s);
    ImGui::SetCursorScreenPos(ImVec2(textLeft, origin.y + pad));
    // Wrap positions are window-local.
    ImGui::PushTextWrapPos(origin.x + width - pad - ImGui::GetWindowPos().x + ImGui::GetScrollX());
    ImGui::PushFont(app.fonts().strong);
    ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
    ImGui::TextUnformatted(errorHeadline(info.error, info.properties.frames).c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::SetCursorScreenPos(ImVec2(textLeft, ImGui::GetCursorScreenPos().y));
    ImGui::TextUnformatted(asSentence(info.error.message).c_str());
    // Where it happened matters for damage, not for a file that is no capture at all.
    std::string where;
    if (info.error.code != CaptureErrorCode::UnsupportedFormat) {
        where = "At byte offset " + groupedNumber(info.error.offset);
        if (info.gzip) where += " of the decompressed stream";
        where += info.properties.frames > 0
                     ? ". The figures below cover the " +
                           countOf(info.properties.frames, "frame", "frames") + " read before it."
                     : ".";
    } else if (info.gzip) {
        where = "The file was decompressed first (gzip).";
    }
    if (!where.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(textLeft, ImGui::GetCursorScreenPos().y));
        ImGui::PushStyleColor(ImGuiCol_Text, p.textMuted);
        ImGui::TextUnformatted(where.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
    const float bottom = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y + pad;

    list->ChannelsSetCurrent(0);
    const ImVec2 max(origin.x + width, bottom);
    list->AddRectFilled(origin, max, toU32(p.dangerSurface), std::round(8 * s));
    list->AddRectFilled(origin, ImVec2(origin.x + std::round(4 * s), max.y), toU32(p.danger),
                        std::round(8 * s), ImDrawFlags_RoundCornersLeft);
    // A round "!" mark.
    const ImVec2 centre(origin.x + pad + icon / 2, origin.y + pad + ImGui::GetTextLineHeight() / 2);
    list->AddCircleFilled(centre, icon / 2, toU32(p.danger), 24);
    const float bar = std::max(1.0f, std::round(2 * s));
    list->AddRectFilled(ImVec2(centre.x - bar / 2, centre.y - icon * 0.28f),
                        ImVec2(centre.x + bar / 2, centre.y + icon * 0.08f), toU32(p.dangerSurface));
    list->AddRectFilled(ImVec2(centre.x - bar / 2, centre.y + icon * 0.17f),
                        ImVec2(centre.x + bar / 2, centre.y + icon * 0.17f + bar), toU32(p.dangerSurface));
    list->ChannelsMerge();

    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(width, max.y - origin.y));
}

void progressSection(const App& app, const wasm::CaptureSession& session) {
    const CaptureInfo& info = session.info();
    std::string label;
    if (session.phase() == wasm::SessionPhase::Decompressing) {
        label = "Decompressing\u2026 " + percent(session.phaseProgress()) + " of " +
                byteSize(info.fileSize.value_or(0));
    } else {
        label = "Reading\u2026 " + byteSize(session.streamPosition()) + " of " +
                byteSize(session.streamSize()) + " \u2014 " +
                countOf(info.properties.frames, "frame", "frames") + " so far";
    }
    mutedText(app, label);
    thinProgressBar(app, static_cast<float>(session.phaseProgress()));
}

struct Row {
    const char* label;
    std::string value;
    std::string note;  // muted, after the value
};

std::vector<Row> figureRows(const CaptureInfo& info) {
    const CaptureProperties& p = info.properties;
    const int digits = info.metadata.timestampDigits;
    std::vector<Row> rows;
    const std::string formatName(captureFormatName(info.format));
    const std::string formatDescription(captureFormatDescription(info.format));
    rows.push_back({"Format", formatName,
                    info.format == CaptureFormat::Unknown || formatDescription == formatName
                        ? std::string()
                        : formatDescription});
    const auto encapsulations = encapsulationNames(info);
    rows.push_back({encapsulations.size() > 1 ? "Encapsulations" : "Encapsulation",
                    encapsulations.empty() ? "\u2014" : joined(encapsulations, ", "), {}});
    rows.push_back({"Frames", groupedNumber(p.frames), {}});
    rows.push_back({"Data size", countOf(p.bytes, "byte", "bytes"),
                    p.bytes >= 1000 ? byteSize(p.bytes) : std::string()});
    rows.push_back({"Captured size", countOf(p.capturedBytes, "byte", "bytes"),
                    p.capturedBytes >= 1000 ? byteSize(p.capturedBytes) : std::string()});
    rows.push_back({"First packet", p.start ? formatUtc(*p.start, digits) : "\u2014", p.start ? "UTC" : ""});
    rows.push_back({"Last packet", p.end ? formatUtc(*p.end, digits) : "\u2014", p.end ? "UTC" : ""});
    rows.push_back({"Duration", p.start && p.end ? formatSeconds(*p.end - *p.start, digits) + " s" : "\u2014", {}});
    rows.push_back({"Cut by snap length", countOf(p.truncatedFrames, "frame", "frames"), {}});
    rows.push_back({"Interfaces", interfacesText(info.metadata), {}});
    if (info.fileSize) {
        rows.push_back({"File size", countOf(*info.fileSize, "byte", "bytes"),
                        info.gzip ? "gzip-compressed" : std::string()});
    }
    if (!info.metadata.application.empty()) rows.push_back({"Written by", info.metadata.application, {}});
    if (!info.metadata.os.empty()) rows.push_back({"Operating system", info.metadata.os, {}});
    if (!info.metadata.hardware.empty()) rows.push_back({"Hardware", info.metadata.hardware, {}});
    return rows;
}

void figuresTable(const App& app, const CaptureInfo& info) {
    const float s = app.scale();
    constexpr ImGuiTableFlags kFlags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX;
    if (!ImGui::BeginTable("##figures", 2, kFlags)) return;
    ImGui::TableSetupColumn("Property", ImGuiTableColumnFlags_WidthFixed, std::round(160 * s));
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch);
    for (const Row& row : figureRows(info)) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        mutedText(app, row.label);
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(row.value.c_str());
        ImGui::PopTextWrapPos();
        if (!row.note.empty()) {
            ImGui::SameLine(0, std::round(8 * s));
            mutedText(app, row.note);
        }
    }
    ImGui::EndTable();
}

}  // namespace

void CaptureInfoView::draw(App& app) {
    const wasm::CaptureSession* session = app.session();
    if (!session) return;
    // Once a capture is read, the window is the Properties screen.
    if (session->finished() && session->frameCount() > 0 && app.screen() != Screen::Properties) return;
    const CaptureInfo& info = session->info();
    const Rect area = app.layout().workspace;
    const float s = app.scale();

    const float width = std::max(std::min(std::round(720 * s), area.width() - std::round(48 * s)),
                                 std::round(320 * s));
    if (area.size().x != m_placedFor.x || area.size().y != m_placedFor.y) {
        ImGui::SetNextWindowPos(ImVec2(std::round(area.center().x - width / 2),
                                       area.min.y + std::round(28 * s)));
        m_placedFor = area.size();
    }
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, area.height() - std::round(56 * s)));
    constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                        ImGuiWindowFlags_AlwaysAutoResize;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(std::round(20 * s), std::round(16 * s)));
    const bool open = ImGui::Begin("Capture file properties###capture_info", nullptr, kFlags);
    ImGui::PopStyleVar();
    if (open) {
        ImGui::PushFont(app.fonts().heading);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(info.fileName.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
        std::vector<std::string> summary;
        if (info.format != CaptureFormat::Unknown) summary.emplace_back(captureFormatDescription(info.format));
        if (info.fileSize) summary.push_back(byteSize(*info.fileSize) + (info.gzip ? " (gzip)" : ""));
        if (session->finished() || info.properties.frames > 0) {
            summary.push_back(countOf(info.properties.frames, "frame", "frames"));
        }
        mutedText(app, joined(summary, "  \u00B7  "));
        ImGui::Dummy(ImVec2(0, std::round(4 * s)));

        if (!session->finished()) {
            progressSection(app, *session);
            ImGui::Dummy(ImVec2(0, std::round(4 * s)));
        }
        if (info.error) {
            errorBanner(app, info);
            ImGui::Dummy(ImVec2(0, std::round(4 * s)));
        }
        if (info.format != CaptureFormat::Unknown || info.properties.frames > 0) {
            figuresTable(app, info);
        } else if (info.fileSize && session->finished()) {
            mutedText(app, "File size: " + countOf(*info.fileSize, "byte", "bytes") +
                               (info.gzip ? " (gzip-compressed)" : ""));
        }
    }
    ImGui::End();
}

}  // namespace caplens::web
