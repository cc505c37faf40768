// fonts.hpp — the app's typefaces: Inter (Debian's fonts-inter) and, for bytes, Noto Sans Mono
// (fonts-noto-mono), rasterised at the size the
// screen shows them, i.e. logical size x devicePixelRatio, so text is crisp on HiDPI screens.
// rebuild() re-rasterises when the ratio changes (another screen, browser zoom).
#pragma once

#include <cstdint>
#include <vector>

#include "imgui.h"

namespace caplens::web {

// The roles text plays; views pick a role, never a size.
struct FontRoles {
    ImFont* body = nullptr;     // 15 px regular: tables, buttons, text
    ImFont* strong = nullptr;   // 15 px semibold: values that matter, primary buttons
    ImFont* small = nullptr;    // 13 px regular: hints, status bar
    ImFont* heading = nullptr;  // 18 px semibold: window sections, file name
    ImFont* title = nullptr;    // 26 px semibold: the empty state's headline
    ImFont* mono = nullptr;     // 13 px Noto Sans Mono: the bytes pane
};

class FontLibrary {
public:
    // Takes the font files' bytes (from the page glue; an empty one falls back to ImGui's
    // built-in font for that face).
    FontLibrary(std::vector<std::uint8_t> regular, std::vector<std::uint8_t> semiBold,
                std::vector<std::uint8_t> mono);

    // Rebuilds ImGui's font atlas for `scale` device pixels per CSS pixel. The caller
    // re-uploads the atlas texture when a renderer already holds the old one.
    void rebuild(float scale);

    [[nodiscard]] const FontRoles& roles() const { return m_roles; }
    [[nodiscard]] float scale() const { return m_scale; }

private:
    ImFont* add(std::vector<std::uint8_t>& file, float pixels);

    std::vector<std::uint8_t> m_regular;
    std::vector<std::uint8_t> m_semiBold;
    std::vector<std::uint8_t> m_mono;
    FontRoles m_roles;
    float m_scale = 0;
};

}  // namespace caplens::web
