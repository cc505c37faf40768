#include "wasm/packet_range.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

namespace caplens::wasm {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// A frame number, or nullopt when `text` is not only digits (or is out of range).
std::optional<std::uint64_t> number(std::string_view text) {
    text = trim(text);
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

struct Span {
    std::uint64_t first = 0;
    std::uint64_t last = 0;
};

// One comma-separated part: "N", "N-M", "N-" or "-M".
std::optional<Span> span(std::string_view part, std::uint64_t lastFrame) {
    const std::size_t dash = part.find('-');
    if (dash == std::string_view::npos) {
        const auto n = number(part);
        if (!n) return std::nullopt;
        return Span{*n, *n};
    }
    const std::string_view from = trim(part.substr(0, dash));
    const std::string_view to = trim(part.substr(dash + 1));
    if (from.empty() && to.empty()) return std::nullopt;
    const auto first = from.empty() ? std::optional<std::uint64_t>(1) : number(from);
    if (!first) return std::nullopt;
    // An open end past the last frame selects nothing rather than running backwards.
    const auto last = to.empty() ? std::optional<std::uint64_t>(std::max(*first, lastFrame)) : number(to);
    if (!last) return std::nullopt;
    return Span{*first, *last};
}

}  // namespace

std::variant<std::string, PacketRangeError> packetRangeFilter(std::string_view text, std::uint64_t lastFrame) {
    if (trim(text).empty()) return PacketRangeError{"Type the packets to export, such as 1-10, 20, 35-."};
    std::string set;
    std::size_t at = 0;
    while (at <= text.size()) {
        const std::size_t comma = std::min(text.find(',', at), text.size());
        const std::string_view part = trim(text.substr(at, comma - at));
        at = comma + 1;
        const auto s = span(part, lastFrame);
        if (!s) {
            return PacketRangeError{"\"" + std::string(part) +
                                    "\" is not a packet number or range (such as 1-10, 20, 35-)."};
        }
        if (s->first > s->last) {
            return PacketRangeError{"\"" + std::string(part) + "\" runs backwards."};
        }
        if (!set.empty()) set += ", ";
        set += std::to_string(s->first);
        if (s->last != s->first) set += ".." + std::to_string(s->last);
    }
    return "frame.number in {" + set + "}";
}

}  // namespace caplens::wasm
