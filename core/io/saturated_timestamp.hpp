// saturated_timestamp.hpp — times read from a file, clamped to what a TimestampNs holds.
#pragma once

#include "core/io/captured_frame.hpp"

namespace caplens {

// A time computed in wider arithmetic, clamped to what a TimestampNs holds (above kNoTimestamp):
// a file's times that no 64-bit nanosecond count can hold saturate instead of overflowing.
[[nodiscard]] inline TimestampNs saturatedTimestamp(__int128 ns) {
    const __int128 lowest = static_cast<__int128>(kNoTimestamp) + 1;
    const __int128 highest = std::numeric_limits<TimestampNs>::max();
    return static_cast<TimestampNs>(ns < lowest ? lowest : ns > highest ? highest : ns);
}

}  // namespace caplens
