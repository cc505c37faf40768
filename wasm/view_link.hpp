// view_link.hpp — a link to a view of a capture, in the page URL's fragment (Wireshark has no
// equivalent; a colleague opens the link, drops the same file and sees the same view).
//
//   #view=1&name=trace.pcapng&size=4428&frames=28&hash=9f2c…&filter=dns&frame=17&sort=length.desc
//    &time=utc&window=conversations&tab=tcp
//
// The fragment never reaches a server, and it holds no byte of the capture: only its
// fingerprint (name, stored size, frame count, a hash of its first and last 64 KiB) and the
// view. Each view of the page writes and restores its own keys (see ViewParameters); this file
// only encodes, parses and compares. Parsing hostile text never fails badly: a malformed link
// is refused with a message, unknown keys are ignored (links made by later versions), and the
// text is bounded.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>

namespace caplens::wasm {

// What identifies the capture a link was made for.
struct CaptureFingerprint {
    std::string name;        // shown ("drop trace.pcapng to continue"); not compared
    std::uint64_t size = 0;  // bytes as stored
    std::uint64_t frames = 0;
    std::string hash;  // 16 hex digits: captureEdgesHash() of the stream
};

// The view's keys and values, as the views write them ("filter" -> "dns", "frame" -> "17").
using ViewParameters = std::map<std::string, std::string>;

struct ViewLink {
    CaptureFingerprint capture;
    ViewParameters view;
};

struct ViewLinkError {
    std::string message;
};

// The longest fragment parsed, and the longest value kept (a display filter is the long one).
inline constexpr std::size_t kMaxViewLinkLength = 16 * 1024;

// The fragment (without '#') for `link`; values are percent-encoded.
[[nodiscard]] std::string encodeViewLink(const ViewLink& link);
// The link in `fragment` (with or without its '#'), or why it is not one. A fragment without
// "view=1" is not a view link (ViewLinkError with an empty message: nothing to report).
[[nodiscard]] std::variant<ViewLink, ViewLinkError> parseViewLink(std::string_view fragment);

// Why `file` is not the capture `link` was made for ("" when it is): the sentence the page's
// warning shows, e.g. "it has 120 frames, the link's capture 28".
[[nodiscard]] std::string fingerprintMismatch(const CaptureFingerprint& link, const CaptureFingerprint& file);

// FNV-1a (64 bits) over a capture's first and last `kEdgeBytes` of stream, as 16 hex digits:
// cheap to compute from two reads, and different for different captures of the same size.
inline constexpr std::size_t kEdgeBytes = 64 * 1024;
class EdgesHash {
public:
    void add(const std::uint8_t* bytes, std::size_t length);
    [[nodiscard]] std::string hex() const;

private:
    std::uint64_t m_state = 0xcbf29ce484222325ull;
};

}  // namespace caplens::wasm
