// literals.hpp — values written in a filter, read as the type of what they are compared with.
//
// Wireshark gives a literal its meaning from the other side of the comparison: "80" is a port
// next to tcp.port, the byte 0x80 next to eth.src[0], the text "80" next to http.host. Each
// FieldType accepts:
//   unsigned/signed integers  decimal, 0x hex, 0 octal, 0b binary; value names of the field
//                             ("ip.proto == UDP", case-insensitive; quoted names only)
//   booleans                  1/0 (any non-zero integer is true), TRUE/True/FALSE/False,
//                             the field's own names ("Set", "Not set")
//   floats                    C syntax (1.5, 1e3, inf, nan)
//   IPv4 / IPv6               dotted quad / RFC 4291 text, with a CIDR prefix (/8, /64)
//   Ether                     6 bytes: 00:11:22:33:44:55, 00-11-..., 0011.2233.4455, 001122334455
//   bytes                     hex bytes separated by ':', '-' or '.', or unseparated (an even
//                             number of digits), or one byte as an integer (0x47); a quoted
//                             string is its bytes
//   strings                   the word or the decoded quoted string
//   relative times            seconds with up to 9 decimals (1.5, 0.000001)
//   absolute times            "Nov 12, 1999 08:55:44.123" or "2011-07-04 12:34:56[.frac][Z]"
//                             (read as UTC: captures carry UTC and the browser has no zone)
// A character constant ('G', '\x47') is one byte / its numeric value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/filter/value.hpp"
#include "core/proto/field.hpp"

namespace caplens::filter {

// How the literal was written.
enum class LiteralForm : std::uint8_t { Word, String, CharConst };

// A value read from the filter text; `bytes` backs value.data (the caller keeps it stable).
struct Constant {
    Value value;
    std::string bytes;
};

// Reads `text` as a value of `type`. `field` (may be null) supplies value names and the name
// used in messages. On failure returns false with Wireshark's message in `error`.
[[nodiscard]] bool parseLiteral(proto::FieldType type, LiteralForm form, std::string_view text,
                                const proto::FieldDef* field, Constant& out, std::string& error);

// Wireshark 4.0's name of a type ("Unsigned integer (2 bytes)").
[[nodiscard]] std::string_view typeName(proto::FieldType type);

// The largest value of an unsigned type / the range of a signed one.
[[nodiscard]] std::uint64_t unsignedMax(proto::FieldType type);
[[nodiscard]] std::int64_t signedMax(proto::FieldType type);
[[nodiscard]] std::int64_t signedMin(proto::FieldType type);

// Integer text in C syntax (0x.., 0.., 0b.., decimal) without sign; false if not one.
[[nodiscard]] bool parseUnsignedText(std::string_view text, std::uint64_t& value, bool& overflow);

}  // namespace caplens::filter
