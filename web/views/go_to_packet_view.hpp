// go_to_packet_view.hpp — Wireshark's Go > Go to Packet (Ctrl+G): a small bar over the
// workspace where the user types a frame number; Enter (or Go) selects that frame in the packet
// list and scrolls to it. A number beyond the capture, or a frame the display filter hides, is
// answered with a message instead. Esc closes the bar.
//
// The test hook gets state `go_to` (open, text, error) and the targets `go_to.input` and
// `go_to.go`.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "web/view.hpp"

namespace caplens::web {

class GoToPacketView final : public View {
public:
    [[nodiscard]] const char* name() const override { return "go_to_packet"; }
    void draw(App& app) override;

private:
    // Selects the typed frame, or explains why not (m_error).
    void go(App& app);
    void expose(App& app) const;

    bool m_open = false;
    bool m_focus = false;  // put the keyboard in the box on the next frame
    std::array<char, 24> m_text{};  // digits only
    std::string m_error;
};

}  // namespace caplens::web
