#include "web/views/summary_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/util/time_format.hpp"
#include "web/app.hpp"
#include "web/text_format.hpp"
#include "web/widgets.hpp"

namespace caplens::web {
namespace {

constexpr ImVec4 kWarning(0.96f, 0.62f, 0.04f, 1.0f);

std::string milliseconds(const std::optional<std::int64_t>& ns) {
    if (!ns) return "\u2014";
    char text[32];
    std::snprintf(text, sizeof text, "%.3f ms", static_cast<double>(*ns) / 1e6);
    return text;
}

std::string sideSentence(const std::string& side) {
    if (side == "client") {
        return "Captured on the client side: SYN \u2192 SYN/ACK is the network round trip; "
               "SYN/ACK \u2192 ACK is the client's own turnaround.";
    }
    if (side == "server") {
        return "Captured on the server side: SYN/ACK \u2192 ACK is the network round trip; "
               "SYN \u2192 SYN/ACK is the server's own turnaround (near zero).";
    }
    if (side == "middle") return "Captured between client and server: the whole iRTT (SYN \u2192 ACK) is the round trip.";
    if (side == "mixed") {
        return "The connections disagree on the capture side: each RTT below is taken on the leg "
               "that is the network round trip for that connection.";
    }
    return "No complete TCP handshake in this capture, so no round trip can be measured.";
}

// A card: a rounded surface with a title; content follows until endCard().
void beginCard(App& app, const char* id, const char* title, const char* subtitle = nullptr) {
    const Palette& p = app.palette();
    const float s = app.scale();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.surface);
    ImGui::PushStyleColor(ImGuiCol_Border, p.border);
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, std::round(10 * s));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(std::round(18 * s), std::round(14 * s)));
    ImGui::BeginChild(id, ImVec2(0, 0),
                      ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_AlwaysUseWindowPadding,
                      ImGuiWindowFlags_NoScrollbar);
    ImGui::PushFont(app.fonts().heading);
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    if (subtitle != nullptr) {
        ImGui::PushFont(app.fonts().small);
        mutedTextWrapped(app, subtitle);
        ImGui::PopFont();
    }
    ImGui::Dummy(ImVec2(0, std::round(2 * s)));
}

void endCard() {
    ImGui::EndChild();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor(2);
}

// One figure: a big number over a muted label.
void figure(App& app, const std::string& value, const char* label, ImVec4 colour) {
    ImGui::BeginGroup();
    ImGui::PushFont(app.fonts().title);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(value.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::PushFont(app.fonts().small);
    mutedText(app, label);
    ImGui::PopFont();
    ImGui::EndGroup();
}

// A clickable table row (the first column's selectable spans the row); true when clicked.
bool rowSelectable(App& app, const std::string& id, const std::string& target) {
    const bool clicked = ImGui::Selectable(("##" + id).c_str(), false,
                                           ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowOverlap);
    pointerOnHover();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Apply the display filter: %s", id.c_str());
    app.exposeTarget(target, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImGui::SameLine(0, 0);
    return clicked;
}

void histogram(App& app, const std::vector<std::int64_t>& rtts) {
    const Palette& p = app.palette();
    const float s = app.scale();
    const wasm::Histogram h = wasm::histogramOf(rtts, 32);
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = std::round(110 * s);
    const float axis = ImGui::GetTextLineHeight() + std::round(6 * s);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, height + axis));
    ImDrawList* list = ImGui::GetWindowDrawList();
    const std::uint32_t peak = std::max<std::uint32_t>(1, *std::max_element(h.counts.begin(), h.counts.end()));
    const float slot = width / static_cast<float>(h.counts.size());
    const float gap = std::max(1.0f, std::round(2 * s));
    const float baseline = origin.y + height;
    list->AddLine(ImVec2(origin.x, baseline), ImVec2(origin.x + width, baseline), toU32(p.border),
                  std::max(1.0f, std::floor(s)));
    int hovered = -1;
    for (std::size_t i = 0; i < h.counts.size(); ++i) {
        const float x0 = origin.x + static_cast<float>(i) * slot;
        if (ImGui::IsMouseHoveringRect(ImVec2(x0, origin.y), ImVec2(x0 + slot, baseline))) hovered = static_cast<int>(i);
        if (h.counts[i] == 0) continue;
        const float barHeight = std::max(std::round(2 * s), height * static_cast<float>(h.counts[i]) / static_cast<float>(peak));
        list->AddRectFilled(ImVec2(x0 + gap / 2, baseline - barHeight), ImVec2(x0 + slot - gap / 2, baseline),
                            toU32(hovered == static_cast<int>(i) ? p.accentHovered : p.accent), std::round(2 * s),
                            ImDrawFlags_RoundCornersTop);
    }
    ImGui::PushFont(app.fonts().small);
    const std::string left = "0 ms";
    const std::string right = milliseconds(h.bucketNs * static_cast<std::int64_t>(h.counts.size()));
    list->AddText(ImVec2(origin.x, baseline + std::round(4 * s)), toU32(p.textMuted), left.c_str());
    list->AddText(ImVec2(origin.x + width - ImGui::CalcTextSize(right.c_str()).x, baseline + std::round(4 * s)),
                  toU32(p.textMuted), right.c_str());
    const std::string peakText = std::to_string(peak) + (peak == 1 ? " connection" : " connections");
    list->AddText(ImVec2(origin.x + std::round(4 * s), origin.y), toU32(p.textMuted), peakText.c_str());
    ImGui::PopFont();
    if (hovered >= 0 && h.counts[static_cast<std::size_t>(hovered)] > 0) {
        const std::int64_t from = h.bucketNs * hovered;
        ImGui::SetTooltip("%s \u2013 %s: %u", milliseconds(from).c_str(), milliseconds(from + h.bucketNs).c_str(),
                          h.counts[static_cast<std::size_t>(hovered)]);
    }
}

void latencyCard(App& app, const wasm::Summary& sm) {
    const Palette& p = app.palette();
    const float s = app.scale();
    const std::string sentence =
        sm.handshakes == 0 && sm.unavailableFrames > 0
            ? "The TCP headers were cut by the snap length: handshakes and their round trips cannot be "
              "computed from this capture."
            : sideSentence(sm.captureSide);
    beginCard(app, "##latency", "Latency \u2014 TCP handshakes", sentence.c_str());
    figure(app, groupedNumber(sm.handshakes), "handshakes", p.text);
    ImGui::SameLine(0, std::round(36 * s));
    figure(app, groupedNumber(sm.established), "established", p.success);
    ImGui::SameLine(0, std::round(36 * s));
    figure(app, groupedNumber(sm.unanswered), "unanswered or reset", sm.unanswered ? kWarning : p.textMuted);
    ImGui::SameLine(0, std::round(36 * s));
    figure(app, sm.captureSide, "capture side", p.text);
    ImGui::Dummy(ImVec2(0, std::round(4 * s)));
    if (!sm.rttsNs.empty()) {
        ImGui::PushFont(app.fonts().strong);
        ImGui::TextUnformatted("Round-trip times");
        ImGui::PopFont();
        histogram(app, sm.rttsNs);
    }
    if (sm.slowest.empty()) {
        endCard();
        return;
    }
    ImGui::PushFont(app.fonts().strong);
    ImGui::TextUnformatted("Slowest connections");
    ImGui::PopFont();
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(std::round(8 * s), std::round(4 * s)));
    if (ImGui::BeginTable("##slowest", 5, kFlags)) {
        ImGui::TableSetupColumn("Client", ImGuiTableColumnFlags_WidthStretch, 1.3f);
        ImGui::TableSetupColumn("Server", ImGuiTableColumnFlags_WidthStretch, 1.3f);
        ImGui::TableSetupColumn("SYN\u2192SYN/ACK", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn("RTT", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn("Outcome", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::PushStyleColor(ImGuiCol_Text, p.textMuted);
        ImGui::TableHeadersRow();
        ImGui::PopStyleColor();
        for (const wasm::SummaryConnection& c : sm.slowest) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (rowSelectable(app, c.filter, "summary.conn." + std::to_string(c.stream))) app.applyFilter(c.filter);
            ImGui::TextUnformatted(c.client.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(c.server.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(milliseconds(c.synToSynAckNs).c_str());
            ImGui::TableNextColumn();
            ImGui::PushFont(app.fonts().strong);
            ImGui::TextUnformatted(milliseconds(c.rttNs ? c.rttNs : c.irttNs).c_str());
            ImGui::PopFont();
            ImGui::TableNextColumn();
            ImGui::PushStyleColor(ImGuiCol_Text, c.outcome == "established" ? p.textMuted : kWarning);
            ImGui::TextUnformatted(c.outcome.c_str());
            ImGui::PopStyleColor();
        }
        ImGui::EndTable();
    }
    ImGui::PopStyleVar();
    endCard();
}

void protocolsCard(App& app, const wasm::Summary& sm) {
    const Palette& p = app.palette();
    const float s = app.scale();
    beginCard(app, "##protocols", "Protocol hierarchy", "Frames and bytes per protocol path, as Wireshark's Statistics / Protocol Hierarchy.");
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(std::round(8 * s), std::round(3 * s)));
    std::vector<std::string> exposed;
    if (ImGui::BeginTable("##hierarchy", 4, kFlags)) {
        ImGui::TableSetupColumn("Protocol", ImGuiTableColumnFlags_WidthStretch, 1.6f);
        ImGui::TableSetupColumn("Frames", ImGuiTableColumnFlags_WidthStretch, 0.6f);
        ImGui::TableSetupColumn("% frames", ImGuiTableColumnFlags_WidthStretch, 0.9f);
        ImGui::TableSetupColumn("Bytes", ImGuiTableColumnFlags_WidthStretch, 0.7f);
        ImGui::PushStyleColor(ImGuiCol_Text, p.textMuted);
        ImGui::TableHeadersRow();
        ImGui::PopStyleColor();
        const std::size_t shown = std::min<std::size_t>(sm.protocols.size(), 40);
        for (std::size_t i = 0; i < shown; ++i) {
            const wasm::SummaryProtocol& proto = sm.protocols[i];
            const bool flagged = !proto.flagReason.empty() ||
                                 std::any_of(sm.flagged.begin(), sm.flagged.end(),
                                             [&](const wasm::SummaryProtocol& f) { return f.abbrev == proto.abbrev; });
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            std::string target = "summary.proto." + proto.abbrev;
            if (std::find(exposed.begin(), exposed.end(), proto.abbrev) != exposed.end()) target += "." + std::to_string(i);
            exposed.push_back(proto.abbrev);
            if (rowSelectable(app, proto.abbrev + "##" + std::to_string(i), target)) app.applyFilter(proto.abbrev);
            ImGui::Dummy(ImVec2(std::round(14 * s) * static_cast<float>(std::min(proto.depth, 8)), 0));
            ImGui::SameLine(0, 0);
            ImGui::PushStyleColor(ImGuiCol_Text, flagged ? kWarning : p.text);
            if (flagged) ImGui::PushFont(app.fonts().strong);
            ImGui::TextUnformatted(proto.abbrev.c_str());
            if (flagged) ImGui::PopFont();
            if (!proto.flagReason.empty()) {
                ImGui::SameLine();
                ImGui::PushFont(app.fonts().small);
                ImGui::TextUnformatted(std::string(proto.flagReason).c_str());
                ImGui::PopFont();
            }
            ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(groupedNumber(proto.frames).c_str());
            ImGui::TableNextColumn();
            const float fraction = sm.totalFrames ? static_cast<float>(proto.frames) / static_cast<float>(sm.totalFrames) : 0.0f;
            const ImVec2 at = ImGui::GetCursorScreenPos();
            const float barWidth = ImGui::GetContentRegionAvail().x * 0.55f;
            const float h = ImGui::GetTextLineHeight();
            ImDrawList* list = ImGui::GetWindowDrawList();
            list->AddRectFilled(ImVec2(at.x, at.y + h * 0.35f), ImVec2(at.x + barWidth, at.y + h * 0.65f), toU32(p.surfaceRaised), h);
            list->AddRectFilled(ImVec2(at.x, at.y + h * 0.35f), ImVec2(at.x + barWidth * fraction, at.y + h * 0.65f),
                                toU32(flagged ? kWarning : p.accent), h);
            ImGui::Dummy(ImVec2(barWidth + std::round(6 * s), h));
            ImGui::SameLine(0, 0);
            ImGui::PushFont(app.fonts().small);
            mutedText(app, percent(fraction));
            ImGui::PopFont();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(byteSize(proto.bytes).c_str());
        }
        ImGui::EndTable();
        if (sm.protocols.size() > shown) {
            mutedText(app, std::to_string(sm.protocols.size() - shown) + " more paths not shown.");
        }
    }
    ImGui::PopStyleVar();
    endCard();
}

void rowsCard(App& app, const char* id, const char* title, const char* subtitle, const char* firstColumn,
              const std::vector<wasm::SummaryRow>& rows, const std::string& targetPrefix, std::uint64_t total) {
    const Palette& p = app.palette();
    const float s = app.scale();
    beginCard(app, id, title, subtitle);
    if (rows.empty()) {
        mutedText(app, "None in this capture.");
        endCard();
        return;
    }
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(std::round(8 * s), std::round(3 * s)));
    if (ImGui::BeginTable(id, 3, kFlags)) {
        ImGui::TableSetupColumn(firstColumn, ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn("Frames", ImGuiTableColumnFlags_WidthStretch, 0.5f);
        ImGui::TableSetupColumn("Filter", ImGuiTableColumnFlags_WidthStretch, 1.1f);
        ImGui::PushStyleColor(ImGuiCol_Text, p.textMuted);
        ImGui::TableHeadersRow();
        ImGui::PopStyleColor();
        for (const wasm::SummaryRow& r : rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            std::string key = r.label;
            std::replace(key.begin(), key.end(), ' ', '.');
            std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (rowSelectable(app, r.filter, targetPrefix + key)) app.applyFilter(r.filter);
            // A bar behind the label: the row's share of all frames.
            const ImVec2 at = ImGui::GetCursorScreenPos();
            const float full = ImGui::GetContentRegionAvail().x;
            const float fraction = total ? std::min(1.0f, static_cast<float>(r.frames) / static_cast<float>(total)) : 0.0f;
            ImGui::GetWindowDrawList()->AddRectFilled(
                ImVec2(at.x - std::round(4 * s), at.y), ImVec2(at.x - std::round(4 * s) + full * fraction, at.y + ImGui::GetTextLineHeight()),
                ImGui::GetColorU32(ImVec4(p.accent.x, p.accent.y, p.accent.z, 0.18f)), std::round(3 * s));
            ImGui::TextUnformatted(r.label.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(groupedNumber(r.frames).c_str());
            ImGui::TableNextColumn();
            ImGui::PushFont(app.fonts().small);
            ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
            ImGui::TextUnformatted(r.filter.c_str());
            ImGui::PopStyleColor();
            ImGui::PopFont();
        }
        ImGui::EndTable();
    }
    ImGui::PopStyleVar();
    endCard();
}

void banner(App& app, const std::string& headline, const std::string& text) {
    const Palette& p = app.palette();
    const float s = app.scale();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(kWarning.x, kWarning.y, kWarning.z, app.themeMode() == ThemeMode::Dark ? 0.12f : 0.16f));
    ImGui::PushStyleColor(ImGuiCol_Border, kWarning);
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, std::round(8 * s));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(std::round(16 * s), std::round(10 * s)));
    ImGui::BeginChild("##snaplen", ImVec2(0, 0),
                      ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::PushFont(app.fonts().strong);
    ImGui::PushStyleColor(ImGuiCol_Text, kWarning);
    ImGui::TextUnformatted(headline.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
    ImGui::EndChild();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor(2);
}

}  // namespace

void SummaryView::draw(App& app) {
    const wasm::CaptureSession* session = app.session();
    if (session == nullptr || !session->finished() || session->frameCount() == 0 || app.screen() != Screen::Summary) {
        return;
    }
    const wasm::Summary* sm = session->summary();
    if (sm == nullptr) return;
    const CaptureInfo& info = session->info();
    const Palette& p = app.palette();
    const float s = app.scale();
    const Rect area = app.layout().workspace;
    constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::SetNextWindowPos(area.min);
    ImGui::SetNextWindowSize(area.size());
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    const float margin = std::max(std::round(24 * s), (area.width() - std::round(1400 * s)) / 2);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(margin, std::round(20 * s)));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, p.background);
    ImGui::Begin("##summary", nullptr, kFlags | ImGuiWindowFlags_NoScrollbar);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(3);

    // ---- heading
    ImGui::PushFont(app.fonts().heading);
    ImGui::TextUnformatted(info.fileName.c_str());
    ImGui::PopFont();
    const CaptureProperties& props = info.properties;
    std::string line = countOf(props.frames, "frame", "frames") + "  \u00B7  " + byteSize(props.bytes);
    if (props.start && props.end) line += "  \u00B7  " + formatSeconds(*props.end - *props.start, 3) + " s";
    if (const auto seconds = session->openSeconds(); seconds && *seconds > 0) {
        char rate[64];
        std::snprintf(rate, sizeof rate, "  \u00B7  read in %.2f s (%s frames/s)", *seconds,
                      groupedNumber(static_cast<std::uint64_t>(static_cast<double>(props.frames) / *seconds)).c_str());
        line += rate;
    }
    mutedText(app, line);
    if (info.error) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
        ImGui::TextWrapped("%s The figures cover the frames before byte offset %s.",
                           asSentence(info.error.message).c_str(), groupedNumber(info.error.offset).c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Dummy(ImVec2(0, std::round(4 * s)));

    // ---- snap length
    if (sm->truncatedFrames > 0) {
        std::uint32_t snap = 0;
        for (const InterfaceInfo& itf : info.metadata.interfaces) snap = std::max(snap, itf.snapLength);
        std::string headline = groupedNumber(sm->truncatedFrames) + " of " + countOf(props.frames, "frame", "frames") +
                               " were cut by the snap length" +
                               (snap > 0 && snap < 65535 ? " (" + std::to_string(snap) + " bytes per frame)" : std::string()) + ".";
        std::string text =
            "Fields beyond the cut are absent from those frames. ";
        text += sm->unavailableFrames > 0
                    ? groupedNumber(sm->unavailableFrames) +
                          " frames end before their TCP header: their ports, flags and handshakes cannot be told, "
                          "so RTTs, ports and application protocols below cover only the rest."
                    : "Application-layer protocols and payload-based figures may be undercounted.";
        banner(app, headline, text);
        ImGui::Dummy(ImVec2(0, std::round(4 * s)));
    }

    // ---- flagged protocols
    if (!sm->flagged.empty()) {
        ImGui::PushFont(app.fonts().strong);
        ImGui::TextUnformatted("Needs a look:");
        ImGui::PopFont();
        for (const wasm::SummaryProtocol& f : sm->flagged) {
            ImGui::SameLine(0, std::round(10 * s));
            const std::string label = f.abbrev + "  \u00B7  " + groupedNumber(f.frames) + " frames  \u00B7  " + std::string(f.flagReason);
            ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(kWarning.x, kWarning.y, kWarning.z, 0.16f));
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(kWarning.x, kWarning.y, kWarning.z, 0.28f));
            ImGui::PushStyleColor(ImGuiCol_Text, kWarning);
            if (ImGui::SmallButton((label + "##flag").c_str())) app.applyFilter(f.abbrev);
            ImGui::PopStyleColor(3);
            pointerOnHover();
            app.exposeTarget("summary.flag." + f.abbrev, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        }
        ImGui::Dummy(ImVec2(0, std::round(4 * s)));
    }

    // ---- the three questions: two columns when there is room, else one
    const bool twoColumns = ImGui::GetContentRegionAvail().x > std::round(900 * s);
    ImGui::BeginChild("##cards", ImVec2(0, 0), ImGuiChildFlags_None);
    const float gap = std::round(16 * s);
    if (twoColumns && ImGui::BeginTable("##layout", 2, ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_NoPadOuterX)) {
        ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        latencyCard(app, *sm);
        ImGui::Dummy(ImVec2(0, std::round(2 * s)));
        rowsCard(app, "##dests", "Top destinations", "IPv4 and IPv6 destination addresses (Statistics / Destinations and Ports).",
                 "Destination", sm->destinations, "summary.dest.", props.frames);
        ImGui::TableNextColumn();
        protocolsCard(app, *sm);
        ImGui::Dummy(ImVec2(0, std::round(2 * s)));
        rowsCard(app, "##ports", "Top destination ports", "Frames sent to each TCP/UDP port; the filter matches both directions.",
                 "Port", sm->ports, "summary.port.", props.frames);
        ImGui::PopStyleVar();
        ImGui::EndTable();
    } else {
        latencyCard(app, *sm);
        protocolsCard(app, *sm);
        rowsCard(app, "##dests", "Top destinations", nullptr, "Destination", sm->destinations, "summary.dest.", props.frames);
        rowsCard(app, "##ports", "Top destination ports", nullptr, "Port", sm->ports, "summary.port.", props.frames);
    }
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace caplens::web
