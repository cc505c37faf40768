// filter_error.hpp — why a display filter was rejected, and where.
//
// Every stage (lexer, parser, semantic analysis) reports its first error as one message in
// Wireshark 4.0's words where sensible, with the columns it concerns so the filter bar can
// underline them. Columns count bytes of the filter text from 1.
#pragma once

#include <cstdint>
#include <string>

namespace caplens::filter {

struct FilterError {
    std::string message;          // "\"tcp.prt\" is neither a field nor a protocol name."
    std::uint32_t column = 0;     // first column concerned, from 1 (0: no error)
    std::uint32_t endColumn = 0;  // last column concerned (>= column; the end of the text + 1
                                  // when the filter ended too early)

    [[nodiscard]] explicit operator bool() const { return column != 0; }
};

// A range of the filter text, as byte offsets [begin, end).
struct SourceSpan {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

// The error for `message` about the text in `span` (an empty span marks the position itself).
[[nodiscard]] inline FilterError errorAt(SourceSpan span, std::string message) {
    FilterError e;
    e.message = std::move(message);
    e.column = span.begin + 1;
    e.endColumn = span.end > span.begin ? span.end : span.begin + 1;
    return e;
}

}  // namespace caplens::filter
