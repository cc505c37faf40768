// text_format.hpp — numbers and sizes as people read them in the UI.
#pragma once

#include <cstdint>
#include <string>

#include "core/io/capture_error.hpp"

namespace caplens::web {

// 1234567 -> "1,234,567".
[[nodiscard]] std::string groupedNumber(std::uint64_t value);

// Bytes in decimal units, as capinfos and Wireshark print them: "512 bytes", "4.4 kB",
// "12.3 MB", "4.20 GB".
[[nodiscard]] std::string byteSize(std::uint64_t bytes);

// 0.4567 -> "46%".
[[nodiscard]] std::string percent(double fraction);

// "1 frame" / "2 frames": `count` with `singular` or `plural`.
[[nodiscard]] std::string countOf(std::uint64_t count, const char* singular, const char* plural);

// A short headline for why a capture could not be read (further): "The capture is damaged",
// "Not a capture file caplens can read", ...; `frames` read before the error.
[[nodiscard]] std::string errorHeadline(const CaptureError& error, std::uint64_t frames);

// The core's one-sentence message as a sentence: capital first letter, final full stop.
[[nodiscard]] std::string asSentence(std::string text);

}  // namespace caplens::web
