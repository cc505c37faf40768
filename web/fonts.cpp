#include "web/fonts.hpp"

#include <cmath>

namespace caplens::web {
namespace {

// Latin-1 plus the typographic marks the views print: dashes, quotes, bullet, ellipsis,
// arrows, multiplication and minus signs.
constexpr ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement
    0x2010, 0x2027,  // dashes, quotes, bullet, ellipsis
    0x2190, 0x2193,  // arrows
    0x2212, 0x2212,  // minus sign
    0,
};

}  // namespace

FontLibrary::FontLibrary(std::vector<std::uint8_t> regular, std::vector<std::uint8_t> semiBold,
                         std::vector<std::uint8_t> mono)
    : m_regular(std::move(regular)), m_semiBold(std::move(semiBold)), m_mono(std::move(mono)) {}

ImFont* FontLibrary::add(std::vector<std::uint8_t>& file, float pixels) {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    ImFontConfig config;
    config.SizePixels = pixels;
    if (file.empty()) return atlas.AddFontDefault(&config);
    // The library keeps the bytes (rebuild() needs them again), so the atlas must not free them.
    config.FontDataOwnedByAtlas = false;
    config.OversampleH = 2;
    config.OversampleV = 1;
    return atlas.AddFontFromMemoryTTF(file.data(), static_cast<int>(file.size()), pixels, &config,
                                      kGlyphRanges);
}

void FontLibrary::rebuild(float scale) {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    atlas.Clear();
    // Whole device pixels: fractional sizes blur the glyphs' stems.
    const auto px = [scale](float logical) { return std::round(logical * scale); };
    m_roles.body = add(m_regular, px(15));
    m_roles.strong = add(m_semiBold, px(15));
    m_roles.small = add(m_regular, px(13));
    m_roles.heading = add(m_semiBold, px(18));
    m_roles.title = add(m_semiBold, px(26));
    m_roles.mono = add(m_mono, px(13));
    atlas.Build();
    ImGui::GetIO().FontDefault = m_roles.body;
    m_scale = scale;
}

}  // namespace caplens::web
