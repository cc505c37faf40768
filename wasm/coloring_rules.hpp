// coloring_rules.hpp — Wireshark's default coloring rules (its `colorfilters` file, 4.0), each a
// display filter with a background and a foreground colour. The first rule a frame passes
// colours its row in the packet list. A rule whose filter does not compile over caplens'
// registry (a protocol caplens does not dissect yet, such as hsrp) is kept but inactive, as
// Wireshark disables rules it cannot compile.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/filter/display_filter.hpp"

namespace caplens::wasm {

struct ColoringRule {
    std::string name;          // "Bad TCP"
    std::string filterText;    // "tcp.analysis.flags && !tcp.analysis.window_update && ..."
    std::uint32_t background;  // 0xRRGGBB
    std::uint32_t foreground;
    std::unique_ptr<filter::DisplayFilter> filter;  // null: inactive
};

class ColoringRules {
public:
    // Wireshark's defaults.
    ColoringRules();

    [[nodiscard]] const std::vector<ColoringRule>& rules() const { return m_rules; }
    // The union of the active rules' fields: dissect rows in Filter mode with it.
    [[nodiscard]] const proto::FieldMask& mask() const { return m_mask; }
    // The first active rule `packet` passes, or -1.
    [[nodiscard]] int match(const proto::Packet& packet) const;

private:
    std::vector<ColoringRule> m_rules;
    proto::FieldMask m_mask;
};

}  // namespace caplens::wasm
