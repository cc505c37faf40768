#include "web/views/follow_stream_view.hpp"

#include <cmath>
#include <cstdio>

#include "core/analysis/stream_follow.hpp"
#include "core/util/json_writer.hpp"
#include "web/app.hpp"
#include "web/text_format.hpp"
#include "web/widgets.hpp"

namespace caplens::web {
namespace {

constexpr std::size_t kHexBytesPerLine = 16;
// Streams up to this size are in the test hook's state whole.
constexpr std::uint64_t kExposedStreamBytes = 64 * 1024;

// Wireshark's colours for the two sides (client: dark red on pink, server: dark blue on light
// blue); in the dark theme the text keeps the hue on the window's background.
ImVec4 nodeColour(const App& app, int node) {
    const bool dark = app.themeMode() == ThemeMode::Dark;
    if (node == 0) return dark ? ImVec4(1.0f, 0.55f, 0.55f, 1) : ImVec4(0.5f, 0.0f, 0.0f, 1);
    return dark ? ImVec4(0.55f, 0.7f, 1.0f, 1) : ImVec4(0.0f, 0.0f, 0.5f, 1);
}

// Printable ASCII as is, other bytes as '.'; a line ends at each newline (as Wireshark's ASCII view).
void asciiLines(const FollowChunk& chunk, std::vector<std::string>& out) {
    std::string line;
    for (const std::uint8_t b : chunk.bytes) {
        if (b == '\n') {
            out.push_back(std::move(line));
            line.clear();
        } else if (b != '\r') {
            line += (b >= 0x20 && b < 0x7f) || b == '\t' ? static_cast<char>(b) : '.';
        }
    }
    if (!line.empty()) out.push_back(std::move(line));
}

// "00000010  47 45 54 20 ...  GET ..." (offsets count each direction's bytes).
void hexLines(const FollowChunk& chunk, std::uint64_t& offset, std::vector<std::string>& out) {
    for (std::size_t at = 0; at < chunk.bytes.size(); at += kHexBytesPerLine) {
        char text[128];
        int n = std::snprintf(text, sizeof text, "%08llx  ", static_cast<unsigned long long>(offset + at));
        std::string line(text, static_cast<std::size_t>(n));
        std::string ascii;
        for (std::size_t i = 0; i < kHexBytesPerLine; ++i) {
            if (at + i < chunk.bytes.size()) {
                const std::uint8_t b = chunk.bytes[at + i];
                n = std::snprintf(text, sizeof text, "%02x ", b);
                line.append(text, static_cast<std::size_t>(n));
                ascii += b >= 0x20 && b < 0x7f ? static_cast<char>(b) : '.';
            } else {
                line += "   ";
            }
        }
        out.push_back(line + " " + ascii);
    }
    offset += chunk.bytes.size();
}

}  // namespace

void FollowStreamView::draw(App& app) {
    wasm::CaptureSession* session = app.session();
    if (session == nullptr || !session->finished() || session->id() != m_sessionId) {
        // No capture, or another one: a window left open was the old capture's stream.
        app.setFollowOpen(false);
        if (session != nullptr && session->finished()) m_sessionId = session->id();
        // Follow generations count per capture: what was laid out belongs to the old one.
        m_laidOut = 0;
        m_jsonFor = 0;
        m_lines.clear();
    }
    if (!app.followOpen()) {
        expose(app);
        return;
    }
    const auto target = session->followTarget();
    const char* title = target && target->protocol == FollowProtocol::Udp ? "Follow UDP Stream" : "Follow TCP Stream";
    const std::string window = std::string(title) + (target ? " (" + followFilter(target->protocol, target->stream) + ")" : "") +
                               "###follow_stream";
    placeFloatingWindow(app, 4, ImVec2(std::round(900 * app.scale()), std::round(560 * app.scale())));
    bool open = true;
    if (ImGui::Begin(window.c_str(), &open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        if (const FollowedStream* stream = session->followed()) {
            drawStream(app, *stream);
        } else {
            thinProgressBar(app, static_cast<float>(session->followProgress()));
            mutedText(app, "Reading the stream\u2026 (" + percent(session->followProgress()) + ")");
        }
    }
    ImGui::End();
    if (!open) app.setFollowOpen(false);
    expose(app);
}

void FollowStreamView::drawStream(App& app, const FollowedStream& stream) {
    const float s = app.scale();
    ImGui::PushStyleColor(ImGuiCol_Text, nodeColour(app, 0));
    ImGui::TextUnformatted((stream.nodes[0] + " \u2192 " + stream.nodes[1] + ": " + byteSize(stream.bytes[0])).c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine(0, std::round(24 * s));
    ImGui::PushStyleColor(ImGuiCol_Text, nodeColour(app, 1));
    ImGui::TextUnformatted((stream.nodes[1] + " \u2192 " + stream.nodes[0] + ": " + byteSize(stream.bytes[1])).c_str());
    ImGui::PopStyleColor();
    ImGui::AlignTextToFramePadding();
    mutedText(app, "Show data as");
    ImGui::SameLine();
    if (ImGui::RadioButton("ASCII", !m_hex)) m_hex = false;
    app.exposeTarget("follow.mode.ascii", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImGui::SameLine();
    if (ImGui::RadioButton("Hex dump", m_hex)) m_hex = true;
    app.exposeTarget("follow.mode.hex", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    if (stream.missingSegments > 0) {
        ImGui::SameLine(0, std::round(24 * s));
        mutedText(app, countOf(stream.missingSegments, "segment", "segments") +
                           " after a gap the capture never fills are not shown");
    }
    if (stream.chunks.empty()) {
        mutedText(app, "This stream carries no payload.");
        return;
    }
    layOut(stream, app.session()->followGeneration());
    ImGui::PushStyleColor(ImGuiCol_ChildBg, app.palette().surface);
    ImGui::BeginChild("##follow_text", ImVec2(0, 0), ImGuiChildFlags_Border, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PushFont(app.fonts().mono);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(m_lines.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const Line& line = m_lines[static_cast<std::size_t>(i)];
            ImGui::PushStyleColor(ImGuiCol_Text, nodeColour(app, line.node));
            ImGui::TextUnformatted(line.text.empty() ? " " : line.text.c_str());
            ImGui::PopStyleColor();
        }
    }
    ImGui::PopFont();
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

// The lines are made once per stream and mode, not every frame.
void FollowStreamView::layOut(const FollowedStream& stream, std::uint64_t generation) {
    if (m_laidOut == generation && m_laidOutHex == m_hex) return;
    m_laidOut = generation;
    m_laidOutHex = m_hex;
    m_lines.clear();
    std::uint64_t offsets[2] = {0, 0};
    std::vector<std::string> texts;
    for (const FollowChunk& chunk : stream.chunks) {
        texts.clear();
        if (m_hex) {
            hexLines(chunk, offsets[chunk.node], texts);
        } else {
            asciiLines(chunk, texts);
        }
        for (std::string& text : texts) m_lines.push_back({chunk.node, std::move(text)});
    }
}

void FollowStreamView::expose(App& app) {
    const wasm::CaptureSession* session = app.session();
    JsonWriter w;
    w.beginObject();
    w.key("open").value(app.followOpen());
    const auto target = session != nullptr ? session->followTarget() : std::nullopt;
    w.key("protocol");
    target ? w.value(followProtocolName(target->protocol)) : w.null();
    w.key("stream");
    target ? w.value(static_cast<std::uint64_t>(target->stream)) : w.null();
    w.key("filter").value(target ? followFilter(target->protocol, target->stream) : std::string());
    w.key("running").value(session != nullptr && session->following());
    w.key("mode").value(m_hex ? "hex" : "ascii");
    w.key("lines").value(static_cast<std::uint64_t>(m_lines.size()));
    const FollowedStream* stream = session != nullptr ? session->followed() : nullptr;
    w.key("result");
    if (stream != nullptr && stream->bytes[0] + stream->bytes[1] <= kExposedStreamBytes) {
        if (m_jsonFor != session->followGeneration()) {
            m_jsonFor = session->followGeneration();
            m_json = stream->json();
        }
        w.raw(m_json);
    } else {
        w.null();  // none yet, or too large to copy into the state every frame
    }
    w.endObject();
    app.exposeState("follow", w.take());
}

}  // namespace caplens::web
