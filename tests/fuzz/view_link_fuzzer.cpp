// Fuzzes the parsing of view links (wasm/view_link.hpp): the input is a URL fragment, as a
// stranger's link would carry it. Parsing must end with a link or a message; a link must come
// back unchanged from encoding and parsing again (what the page copies is what it reads).
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "wasm/view_link.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace caplens::wasm;
    const std::string_view fragment(reinterpret_cast<const char*>(data), size);
    const auto parsed = parseViewLink(fragment);
    const auto* link = std::get_if<ViewLink>(&parsed);
    if (link == nullptr) return 0;
    const auto again = parseViewLink(encodeViewLink(*link));
    const auto* same = std::get_if<ViewLink>(&again);
    if (same == nullptr || same->view != link->view || same->capture.name != link->capture.name ||
        same->capture.size != link->capture.size || same->capture.frames != link->capture.frames ||
        same->capture.hash != link->capture.hash) {
        std::abort();
    }
    return 0;
}
