// capture_info_view.hpp — the "Capture file properties" window: the figures of `caplens info`
// (formatted by the same core code as the CLI) for the open capture, a progress bar while it
// is read, and the error with its byte offset when the file is damaged or unsupported.
#pragma once

#include "web/view.hpp"

namespace caplens::web {

class CaptureInfoView final : public View {
public:
    [[nodiscard]] const char* name() const override { return "capture info"; }
    void draw(App& app) override;

private:
    // The workspace size the window was last placed for: when the page is resized the
    // window is centred again (layout state, not per-capture state).
    ImVec2 m_placedFor{0, 0};
};

}  // namespace caplens::web
