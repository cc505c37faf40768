// text_lines.hpp — the lines of the line-oriented text protocols over TCP (FTP, SMTP, POP,
// IMAP), read as Wireshark's tvb_find_line_end and get_token_len read them: a line ends at
// LF, CR LF or a lone CR; the last line of the bytes may have no terminator at all (it is
// then the rest of the bytes); a line's first token ends at its first space.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/proto/byte_view.hpp"
#include "core/proto/packet.hpp"
#include "core/proto/transport_endpoints.hpp"

namespace caplens::proto {

struct TextLine {
    std::uint32_t offset = 0;  // where the line starts in the view
    std::uint32_t length = 0;  // without its terminator
    std::uint32_t next = 0;    // where the line after it starts
    bool terminated = false;   // false: the captured bytes ended first
};

// The line starting at `offset` of the view's captured bytes.
[[nodiscard]] inline TextLine textLineAt(const ByteView& view, std::uint32_t offset) {
    const std::uint32_t end = view.captured();
    TextLine line{offset, 0, end, false};
    for (std::uint32_t i = offset; i < end; ++i) {
        const std::uint8_t c = view.u8(i);
        if (c != '\n' && c != '\r') continue;
        line.length = i - offset;
        line.next = (c == '\r' && i + 1 < end && view.u8(i + 1) == '\n') ? i + 2 : i + 1;
        line.terminated = true;
        return line;
    }
    line.length = end > offset ? end - offset : 0;
    return line;
}

// A line cut at its first space (Wireshark's get_token_len): "USER anonymous" gives the token
// "USER" and the rest "anonymous" (the spaces between them belong to neither).
struct LineToken {
    std::string_view token;
    std::string_view rest;
    std::uint32_t restOffset = 0;  // where the rest starts, from the start of the line
};

[[nodiscard]] inline LineToken firstToken(std::string_view line) {
    const std::size_t space = std::min(line.find(' '), line.size());
    std::size_t rest = space;
    while (rest < line.size() && line[rest] == ' ') ++rest;
    return {line.substr(0, space), line.substr(rest), static_cast<std::uint32_t>(rest)};
}

// Commands and keywords of these protocols are case-insensitive ASCII.
[[nodiscard]] inline bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::toupper(static_cast<unsigned char>(a[i])) !=
            std::toupper(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

// A line as Wireshark's format_text shows it in the Info column: printable ASCII as it is,
// anything else as a C escape.
[[nodiscard]] inline std::string printableText(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c < 0x7F) {
            out.push_back(ch);
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else {
            out += "\\x";
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xF]);
        }
    }
    return out;
}

// Whether the segment goes to one of the protocol's well-known server ports: Wireshark's
// "pinfo->match_uint == pinfo->destport", which these dissectors take for "a request".
[[nodiscard]] inline bool sentToServerPort(const Packet& p,
                                           std::span<const std::uint16_t> serverPorts) {
    const TransportEndpoints endpoints = tcpEndpoints(p);
    if (!endpoints.valid) return false;
    return std::find(serverPorts.begin(), serverPorts.end(), endpoints.destinationPort) !=
           serverPorts.end();
}

}  // namespace caplens::proto
