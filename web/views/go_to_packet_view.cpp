#include "web/views/go_to_packet_view.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

#include "core/util/json_writer.hpp"
#include "web/app.hpp"
#include "web/widgets.hpp"

namespace caplens::web {

void GoToPacketView::draw(App& app) {
    wasm::CaptureSession* session = app.session();
    if (session == nullptr || !session->finished() || session->frameCount() == 0) {
        m_open = false;
        return;
    }
    const ImGuiIO& io = ImGui::GetIO();
    if ((io.KeyCtrl || io.KeySuper) && ImGui::IsKeyPressed(ImGuiKey_G, false)) {
        m_open = true;
        m_focus = true;
        m_error.clear();
        m_text.fill('\0');
    }
    if (m_open && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) m_open = false;
    expose(app);
    if (!m_open) return;

    const Palette& p = app.palette();
    const float s = app.scale();
    const Rect area = app.layout().workspace;
    ImGui::SetNextWindowPos(ImVec2(area.center().x, area.min.y + std::round(12 * s)), ImGuiCond_Always, ImVec2(0.5f, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(std::round(14 * s), std::round(10 * s)));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, p.surfaceRaised);
    constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                        ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove;
    ImGui::Begin("##go_to_packet", nullptr, kFlags);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Go to packet:");
    ImGui::SameLine();
    if (m_focus) {
        ImGui::SetKeyboardFocusHere();
        m_focus = false;
    }
    ImGui::SetNextItemWidth(std::round(140 * s));
    const bool entered = ImGui::InputTextWithHint("##number", "frame number", m_text.data(), m_text.size(),
                                                  ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
    app.exposeTarget("go_to.input", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImGui::SameLine();
    const bool clicked = primaryButton(app, "Go");
    app.exposeTarget("go_to.go", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImGui::SameLine();
    if (secondaryButton(app, "Cancel")) m_open = false;
    if (!m_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
        ImGui::TextUnformatted(m_error.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    if (entered || clicked) go(app);
}

void GoToPacketView::go(App& app) {
    wasm::CaptureSession& session = *app.session();
    const char* begin = m_text.data();
    const char* end = begin + std::strlen(begin);
    std::uint64_t number = 0;
    const auto [rest, error] = std::from_chars(begin, end, number);
    if (error != std::errc() || rest != end || begin == end) {
        m_error = "Type a packet number.";
        m_focus = true;
        return;
    }
    const std::uint64_t frames = session.frameCount();
    if (number == 0 || number > frames) {
        m_error = "There is no packet " + std::to_string(number) + ": the capture has " + std::to_string(frames) + ".";
        m_focus = true;
        return;
    }
    if (!session.displayedIndexOf(number)) {
        m_error = "Packet " + std::to_string(number) + " is hidden by the display filter.";
        m_focus = true;
        return;
    }
    session.select(number);
    app.setScreen(Screen::Packets);
    m_error.clear();
    m_open = false;
}

void GoToPacketView::expose(App& app) const {
    JsonWriter w;
    w.beginObject();
    w.key("open").value(m_open);
    w.key("text").value(m_text.data());
    w.key("error").value(m_error);
    w.endObject();
    app.exposeState("go_to", w.take());
}

}  // namespace caplens::web
