// packet_range.hpp — Wireshark's "Packet Range" text (Export Specified Packets, Print):
// frame numbers and ranges separated by commas, "1-10, 20, 35-" (a range open at its end runs
// to the last frame, "-5" starts at the first). The page turns it into a display filter so
// that an export of a range is one more filter pass.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace caplens::wasm {

struct PacketRangeError {
    std::string message;  // e.g. "\"12x\" is not a packet number or range (such as 1-10, 20, 35-)"
};

// The display filter selecting the frames `text` names among frames 1..`lastFrame`
// ("frame.number in {1..10, 20, 35..40}"), or why `text` is not a range. Empty text is an error.
[[nodiscard]] std::variant<std::string, PacketRangeError> packetRangeFilter(std::string_view text,
                                                                           std::uint64_t lastFrame);

}  // namespace caplens::wasm
