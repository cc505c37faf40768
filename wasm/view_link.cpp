#include "wasm/view_link.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace caplens::wasm {
namespace {

constexpr std::string_view kVersionKey = "view";
constexpr std::string_view kVersion = "1";

bool unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '~';
}

std::string percentEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (unreserved(c)) {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Percent-decoding ('+' stays '+': the page writes %20); false on a broken escape.
bool percentDecode(std::string_view text, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        const int high = i + 1 < text.size() ? hexDigit(text[i + 1]) : -1;
        const int low = i + 2 < text.size() ? hexDigit(text[i + 2]) : -1;
        if (high < 0 || low < 0) return false;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return true;
}

bool parseNumber(const std::string& text, std::uint64_t& value) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

void append(std::string& out, std::string_view key, std::string_view value) {
    if (!out.empty()) out += '&';
    out += percentEncode(key);
    out += '=';
    out += percentEncode(value);
}

}  // namespace

std::string encodeViewLink(const ViewLink& link) {
    std::string out;
    append(out, kVersionKey, kVersion);
    append(out, "name", link.capture.name);
    append(out, "size", std::to_string(link.capture.size));
    append(out, "frames", std::to_string(link.capture.frames));
    append(out, "hash", link.capture.hash);
    for (const auto& [key, value] : link.view) append(out, key, value);
    return out;
}

std::variant<ViewLink, ViewLinkError> parseViewLink(std::string_view fragment) {
    if (!fragment.empty() && fragment.front() == '#') fragment.remove_prefix(1);
    if (fragment.size() > kMaxViewLinkLength) {
        return ViewLinkError{"The link is too long (" + std::to_string(fragment.size()) + " characters; at most " +
                             std::to_string(kMaxViewLinkLength) + ")."};
    }
    std::map<std::string, std::string> pairs;
    std::size_t at = 0;
    while (at < fragment.size()) {
        const std::size_t end = std::min(fragment.find('&', at), fragment.size());
        const std::string_view pair = fragment.substr(at, end - at);
        at = end + 1;
        if (pair.empty()) continue;
        const std::size_t equals = pair.find('=');
        std::string key;
        std::string value;
        if (!percentDecode(pair.substr(0, equals), key) ||
            (equals != std::string_view::npos && !percentDecode(pair.substr(equals + 1), value))) {
            return ViewLinkError{"The link is damaged: a broken %-escape in \"" + std::string(pair.substr(0, 40)) + "\"."};
        }
        pairs[key] = value;  // a repeated key: the last one counts
    }
    const auto version = pairs.find(std::string(kVersionKey));
    if (version == pairs.end()) return ViewLinkError{};
    if (version->second != kVersion) {
        return ViewLinkError{"This link was made by another version of caplens (view=" + version->second.substr(0, 8) +
                             ")."};
    }
    ViewLink link;
    link.capture.name = pairs["name"];
    link.capture.hash = pairs["hash"];
    if (!parseNumber(pairs["size"], link.capture.size) || !parseNumber(pairs["frames"], link.capture.frames) ||
        link.capture.hash.size() != 16) {
        return ViewLinkError{"The link is damaged: it does not say which capture it is for."};
    }
    for (auto& [key, value] : pairs) {
        if (key == kVersionKey || key == "name" || key == "size" || key == "frames" || key == "hash") continue;
        link.view[key] = std::move(value);
    }
    return link;
}

std::string fingerprintMismatch(const CaptureFingerprint& link, const CaptureFingerprint& file) {
    if (file.size != link.size) {
        return "it has " + std::to_string(file.size) + " bytes, the link's capture " + std::to_string(link.size);
    }
    if (file.frames != link.frames) {
        return "it has " + std::to_string(file.frames) + " frames, the link's capture " + std::to_string(link.frames);
    }
    if (file.hash != link.hash) return "its content differs from the link's capture";
    return "";
}

void EdgesHash::add(const std::uint8_t* bytes, std::size_t length) {
    for (std::size_t i = 0; i < length; ++i) {
        m_state ^= bytes[i];
        m_state *= 0x100000001b3ull;
    }
}

std::string EdgesHash::hex() const {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(m_state));
    return text;
}

}  // namespace caplens::wasm
