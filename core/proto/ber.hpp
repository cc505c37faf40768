// ber.hpp — reading ASN.1 BER/DER type-length-value headers (SNMP, LDAP, Kerberos).
//
//   identifier octets | length octets | contents
//   class(2) P/C(1) tag(5, or 31 + base-128 continuation) | short form, or 0x8N + N bytes
#pragma once

#include <cstdint>
#include <optional>

#include "core/proto/byte_view.hpp"

namespace caplens::proto {

enum class BerClass : std::uint8_t { Universal = 0, Application = 1, ContextSpecific = 2, Private = 3 };

struct BerTlv {
    BerClass tagClass = BerClass::Universal;
    bool constructed = false;
    std::uint32_t tag = 0;
    std::uint32_t headerLength = 0;  // identifier + length octets
    std::uint32_t length = 0;        // contents (0 with `indefinite`)
    bool indefinite = false;         // length form 0x80: contents end at an end-of-contents TLV

    [[nodiscard]] std::uint32_t totalLength() const { return headerLength + length; }
};

// Universal tags used by the protocols here.
namespace ber {
inline constexpr std::uint32_t kBoolean = 1;
inline constexpr std::uint32_t kInteger = 2;
inline constexpr std::uint32_t kBitString = 3;
inline constexpr std::uint32_t kOctetString = 4;
inline constexpr std::uint32_t kNull = 5;
inline constexpr std::uint32_t kObjectIdentifier = 6;
inline constexpr std::uint32_t kEnumerated = 10;
inline constexpr std::uint32_t kSequence = 16;
inline constexpr std::uint32_t kSet = 17;
inline constexpr std::uint32_t kGeneralString = 27;
inline constexpr std::uint32_t kGeneralizedTime = 24;
}  // namespace ber

// The TLV header at `offset`, or nullopt when it is cut or nonsensical (tag numbers beyond
// 32 bits, lengths of more than 4 octets).
[[nodiscard]] inline std::optional<BerTlv> readBerTlv(const ByteView& view, std::uint32_t offset) {
    if (!view.has(offset, 2)) return std::nullopt;
    BerTlv tlv;
    const std::uint8_t identifier = view.u8(offset);
    tlv.tagClass = static_cast<BerClass>(identifier >> 6);
    tlv.constructed = (identifier & 0x20) != 0;
    std::uint32_t at = offset + 1;
    tlv.tag = identifier & 0x1F;
    if (tlv.tag == 0x1F) {
        tlv.tag = 0;
        for (int octets = 0;; ++octets) {
            if (octets == 5 || !view.has(at, 1)) return std::nullopt;
            const std::uint8_t b = view.u8(at++);
            tlv.tag = (tlv.tag << 7) | (b & 0x7F);
            if (!(b & 0x80)) break;
        }
    }
    if (!view.has(at, 1)) return std::nullopt;
    const std::uint8_t first = view.u8(at++);
    if (first < 0x80) {
        tlv.length = first;
    } else if (first == 0x80) {
        tlv.indefinite = true;
    } else {
        const std::uint32_t octets = first & 0x7F;
        if (octets > 4 || !view.has(at, octets)) return std::nullopt;
        tlv.length = static_cast<std::uint32_t>(view.uint(at, octets));
        at += octets;
    }
    tlv.headerLength = at - offset;
    return tlv;
}

// A BER INTEGER's contents (two's complement, big-endian; at most 8 octets used).
[[nodiscard]] inline std::int64_t readBerInteger(const ByteView& view, std::uint32_t offset, std::uint32_t length) {
    if (length == 0 || !view.has(offset, length)) return 0;
    const std::uint32_t used = length > 8 ? 8 : length;
    const std::uint32_t start = offset + length - used;
    std::uint64_t value = (view.u8(start) & 0x80) ? ~std::uint64_t{0} : 0;
    for (std::uint32_t i = 0; i < used; ++i) value = (value << 8) | view.u8(start + i);
    return static_cast<std::int64_t>(value);
}

}  // namespace caplens::proto
