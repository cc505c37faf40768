#include "web/views/export_view.hpp"

#include <cmath>
#include <variant>

#include "core/util/json_writer.hpp"
#include "wasm/packet_range.hpp"
#include "web/app.hpp"
#include "web/platform/browser.hpp"
#include "web/text_format.hpp"
#include "web/widgets.hpp"

namespace caplens::web {
namespace {

const char* packetsName(bool displayed) { return displayed ? "displayed" : "captured"; }

// A radio button exposed to the test hook as `target`.
bool radio(App& app, const char* label, bool active, const std::string& target) {
    const bool clicked = ImGui::RadioButton(label, active);
    app.exposeTarget(target, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    return clicked;
}

}  // namespace

void ExportView::draw(App& app) {
    wasm::CaptureSession* session = app.session();
    if (session == nullptr || !session->finished() || session->frameCount() == 0) {
        app.setExportOpen(false);
        m_last.reset();
        m_format.reset();
        return;
    }
    if (session->id() != m_sessionId) {
        // Another capture: the last export and the format were the old one's.
        m_sessionId = session->id();
        m_last.reset();
        m_format.reset();
        m_error.clear();
        app.setExportOpen(false);
    }
    collectResult(app);
    const bool open = app.exportOpen();
    if (open && !m_wasOpen) {
        // Opening: what Wireshark proposes — the displayed frames when a filter hides some.
        m_packets = session->appliedFilter().empty() ? Packets::Captured : Packets::Displayed;
        if (!m_format) m_format = defaultExportFormat(session->info().format);
        m_error.clear();
    }
    m_wasOpen = open;
    expose(app);
    if (!open) return;

    placeFloatingWindow(app, 3, ImVec2(std::round(560 * app.scale()), std::round(420 * app.scale())));
    bool keepOpen = true;
    if (ImGui::Begin("Export Specified Packets###export", &keepOpen,
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        drawOptions(app);
        drawActions(app);
    }
    ImGui::End();
    if (!keepOpen) app.setExportOpen(false);
}

void ExportView::drawOptions(App& app) {
    const wasm::CaptureSession& session = *app.session();
    const float s = app.scale();
    const bool filtered = !session.appliedFilter().empty();
    ImGui::PushFont(app.fonts().strong);
    ImGui::TextUnformatted("Packets");
    ImGui::PopFont();
    const std::string captured = "Captured (" + groupedNumber(session.frameCount()) + ")";
    if (radio(app, captured.c_str(), m_packets == Packets::Captured, "export.captured")) m_packets = Packets::Captured;
    ImGui::SameLine(0, std::round(24 * s));
    const std::string displayed = "Displayed (" + groupedNumber(session.displayedCount()) + ")";
    if (radio(app, displayed.c_str(), m_packets == Packets::Displayed, "export.displayed")) {
        m_packets = Packets::Displayed;
    }
    if (filtered) {
        mutedText(app, "Display filter: " + session.appliedFilter());
    } else {
        mutedText(app, "No display filter applied: every packet is displayed.");
    }
    ImGui::Spacing();
    if (radio(app, "All packets", m_range == Range::All, "export.range.all")) m_range = Range::All;
    const std::string selected =
        session.selected() != 0 ? "Selected packet only (" + std::to_string(session.selected()) + ")"
                                : std::string("Selected packet only (none selected)");
    ImGui::BeginDisabled(session.selected() == 0);
    if (radio(app, selected.c_str(), m_range == Range::Selected, "export.range.selected")) m_range = Range::Selected;
    ImGui::EndDisabled();
    if (radio(app, "Range:", m_range == Range::Numbers, "export.range.range")) m_range = Range::Numbers;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::round(220 * s));
    if (ImGui::InputTextWithHint("##range", "1-10, 20, 35-", m_rangeText.data(), m_rangeText.size())) {
        m_range = Range::Numbers;
    }
    app.exposeTarget("export.range.text", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());

    ImGui::Spacing();
    ImGui::PushFont(app.fonts().strong);
    ImGui::TextUnformatted("Format");
    ImGui::PopFont();
    if (radio(app, "pcapng", m_format == ExportFormat::Pcapng, "export.format.pcapng")) m_format = ExportFormat::Pcapng;
    ImGui::SameLine(0, std::round(24 * s));
    if (radio(app, "pcap", m_format == ExportFormat::Pcap, "export.format.pcap")) m_format = ExportFormat::Pcap;
    mutedText(app, "pcap holds one link type per file and no interface names.");
    ImGui::Spacing();
}

void ExportView::drawActions(App& app) {
    wasm::CaptureSession& session = *app.session();
    const Palette& p = app.palette();
    if (session.exporting()) {
        thinProgressBar(app, static_cast<float>(session.exportProgress()));
        mutedText(app, "Writing the packets\u2026 (" + percent(session.exportProgress()) + ")");
        if (secondaryButton(app, "Stop")) session.cancelExport();
        app.exposeTarget("export.cancel", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        return;
    }
    if (primaryButton(app, "Export")) start(app);
    app.exposeTarget("export.go", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImGui::SameLine();
    if (secondaryButton(app, "Close")) app.setExportOpen(false);
    app.exposeTarget("export.cancel", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    if (!m_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
        ImGui::TextWrapped("%s", m_error.c_str());
        ImGui::PopStyleColor();
    } else if (m_last) {
        const std::string saved = "Downloaded " + m_last->file + ": " + countOf(m_last->frames, "packet", "packets") +
                                  ", " + byteSize(m_last->bytes) + ".";
        mutedTextWrapped(app, m_last->complete ? saved : saved + " " + asSentence(m_last->error));
    }
}

std::optional<std::string> ExportView::chosenFilter(const App& app) {
    const wasm::CaptureSession& session = *app.session();
    std::string filter;
    const auto add = [&](const std::string& clause) {
        filter = filter.empty() ? clause : "(" + filter + ") && (" + clause + ")";
    };
    if (m_packets == Packets::Displayed && !session.appliedFilter().empty()) add(session.appliedFilter());
    if (m_range == Range::Selected) {
        if (session.selected() == 0) {
            m_error = "No packet is selected.";
            return std::nullopt;
        }
        add("frame.number == " + std::to_string(session.selected()));
    } else if (m_range == Range::Numbers) {
        auto range = wasm::packetRangeFilter(m_rangeText.data(), session.frameCount());
        if (const auto* error = std::get_if<wasm::PacketRangeError>(&range)) {
            m_error = error->message;
            return std::nullopt;
        }
        add(std::get<std::string>(range));
    }
    return filter;
}

void ExportView::start(App& app) {
    m_error.clear();
    m_last.reset();
    const std::optional<std::string> filter = chosenFilter(app);
    if (!filter) return;
    m_filter = *filter;
    if (!app.session()->startExport(m_filter, m_format)) m_error = app.session()->exportError();
}

// A finished export is downloaded at once (the browser saves it, or asks where).
void ExportView::collectResult(App& app) {
    std::optional<wasm::ExportResult> result = app.session()->takeExportResult();
    if (!result) return;
    if (result->bytes.empty()) {
        m_error = "Nothing was exported: " + result->error;
        return;
    }
    m_last = LastExport{result->fileName, result->frames, result->bytes.size(), result->complete, result->error};
    platform::downloadFile(result->fileName, result->bytes);
}

void ExportView::expose(App& app) const {
    const wasm::CaptureSession& session = *app.session();
    JsonWriter w;
    w.beginObject();
    w.key("open").value(app.exportOpen());
    w.key("packets").value(packetsName(m_packets == Packets::Displayed));
    w.key("range").value(m_range == Range::All ? "all" : m_range == Range::Selected ? "selected" : "range");
    w.key("range_text").value(m_rangeText.data());
    w.key("format");
    m_format ? w.value(exportFormatName(*m_format)) : w.null();
    w.key("filter").value(m_filter);
    w.key("error").value(m_error);
    w.key("running").value(session.exporting());
    w.key("progress").value(session.exportProgress());
    w.key("last");
    if (m_last) {
        w.beginObject();
        w.key("file").value(m_last->file);
        w.key("frames").value(m_last->frames);
        w.key("bytes").value(m_last->bytes);
        w.key("complete").value(m_last->complete);
        w.key("error").value(m_last->error);
        w.endObject();
    } else {
        w.null();
    }
    w.endObject();
    app.exposeState("export", w.take());
}

}  // namespace caplens::web
