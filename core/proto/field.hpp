// field.hpp — how a protocol declares its fields, once (design principle 1).
//
// Every protocol file holds one table of FieldDef, in the order of its own field enum. The
// registry gives each field a global FieldId; the display-filter language, the details tree,
// Apply-as-Filter, the packet list and the CLI all read names, labels and types from it.
// Abbreviations are Wireshark's, verbatim ("tcp.srcport").
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace caplens::proto {

// Index of a field in the registry (all protocols' fields, protocols included).
using FieldId = std::uint32_t;
inline constexpr FieldId kNoField = 0xFFFFFFFF;

// Index of a field within its protocol's table (the protocol's own field enum).
using FieldIndex = std::uint16_t;

enum class FieldType : std::uint8_t {
    Protocol,   // the protocol itself ("tcp"): present when the protocol is in the frame
    None,       // a label or subtree with no value of its own ("tcp.segments")
    Bool,       // a flag; with a bitmask, one bit of its container
    UInt8,
    UInt16,
    UInt24,
    UInt32,
    UInt64,
    Int8,
    Int16,
    Int32,
    Int64,
    Float,      // IEEE single (stored as double)
    Double,
    Ipv4,
    Ipv6,
    Ether,      // 6-byte MAC address
    Bytes,      // a byte string (also Wireshark's FT_UINT_BYTES)
    String,     // text (UTF-8 or ASCII as on the wire)
    AbsoluteTime,  // nanoseconds since the epoch
    RelativeTime,  // nanoseconds (durations: tcp.analysis.ack_rtt)
    FrameNumber,   // a reference to another frame (tcp.analysis.acks_frame)
};

// How integers are displayed (Wireshark's BASE_*).
enum class Base : std::uint8_t { None, Dec, Hex, Oct, DecHex, HexDec };

// A number with a name (Wireshark's value_string / true_false_string).
struct ValueName {
    std::uint64_t value;
    std::string_view name;
};

enum class FieldFlags : std::uint8_t {
    None = 0,
    // Not part of the details tree by default but filterable (ip.addr, tcp.port).
    Hidden = 1 << 0,
    // Computed by caplens rather than read from the bytes (shown in [brackets]).
    Generated = 1 << 1,
};
[[nodiscard]] constexpr FieldFlags operator|(FieldFlags a, FieldFlags b) {
    return static_cast<FieldFlags>(static_cast<std::uint8_t>(a) | static_cast<std::uint8_t>(b));
}
[[nodiscard]] constexpr bool hasFlag(FieldFlags set, FieldFlags flag) {
    return (static_cast<std::uint8_t>(set) & static_cast<std::uint8_t>(flag)) != 0;
}

struct FieldDef {
    FieldIndex index;          // must equal the position in its table (checked at registration)
    std::string_view abbrev;   // "tcp.srcport"
    std::string_view name;     // "Source Port"
    FieldType type;
    Base base = Base::None;
    std::uint64_t bitmask = 0;             // 0: the whole container
    std::span<const ValueName> values{};   // names of values (enums, flags' true/false text)
    std::string_view blurb{};              // one-line description
};

// Width in bytes of an integer field's container (0 for others).
[[nodiscard]] constexpr unsigned fieldWidth(FieldType type) {
    switch (type) {
        case FieldType::UInt8:
        case FieldType::Int8: return 1;
        case FieldType::UInt16:
        case FieldType::Int16: return 2;
        case FieldType::UInt24: return 3;
        case FieldType::UInt32:
        case FieldType::Int32:
        case FieldType::FrameNumber: return 4;
        case FieldType::UInt64:
        case FieldType::Int64: return 8;
        default: return 0;
    }
}

[[nodiscard]] constexpr bool isUnsignedType(FieldType type) {
    return type == FieldType::UInt8 || type == FieldType::UInt16 || type == FieldType::UInt24 ||
           type == FieldType::UInt32 || type == FieldType::UInt64 || type == FieldType::FrameNumber;
}
[[nodiscard]] constexpr bool isSignedType(FieldType type) {
    return type == FieldType::Int8 || type == FieldType::Int16 || type == FieldType::Int32 ||
           type == FieldType::Int64;
}
[[nodiscard]] constexpr bool isIntegerType(FieldType type) {
    return isUnsignedType(type) || isSignedType(type) || type == FieldType::Bool;
}

// Wireshark's name of a field type ("Unsigned integer (16 bits)"), for errors and docs.
[[nodiscard]] std::string_view fieldTypeName(FieldType type);

}  // namespace caplens::proto
