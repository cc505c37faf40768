#include "core/proto/field_format.hpp"

#include <cinttypes>
#include <cstdio>

#include "core/proto/names.hpp"
#include "core/util/time_format.hpp"

namespace caplens::proto {
namespace {

std::string hexOf(std::uint64_t value, unsigned width) {
    char text[32];
    std::snprintf(text, sizeof text, "0x%0*" PRIx64, static_cast<int>(width * 2), value);
    return text;
}

std::string integerText(const FieldDef& def, std::uint64_t value, std::int64_t signedValue) {
    const unsigned width = fieldWidth(def.type) ? fieldWidth(def.type) : 1;
    const std::string dec = isSignedType(def.type) ? std::to_string(signedValue) : std::to_string(value);
    switch (def.base) {
        case Base::Hex: return hexOf(value, width);
        case Base::Oct: {
            char text[32];
            std::snprintf(text, sizeof text, "0%" PRIo64, value);
            return text;
        }
        case Base::DecHex: return dec + " (" + hexOf(value, width) + ")";
        case Base::HexDec: return hexOf(value, width) + " (" + dec + ")";
        default: return dec;
    }
}

std::string bytesHex(std::span<const std::uint8_t> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const auto b : bytes) {
        out += kDigits[b >> 4];
        out += kDigits[b & 0xF];
    }
    return out;
}

std::string secondsText(std::int64_t ns) { return formatSeconds(ns, 9) + " seconds"; }

// ".... ..1." for the bits of `mask` within a container of `bits` bits, showing `value`.
std::string bitPattern(std::uint64_t mask, std::uint64_t value, unsigned bits) {
    if (mask == 0 || bits == 0 || bits > 64) return {};
    const unsigned shift = static_cast<unsigned>(__builtin_ctzll(mask));
    const std::uint64_t shifted = value << shift;
    std::string out;
    for (int bit = static_cast<int>(bits) - 1; bit >= 0; --bit) {
        const std::uint64_t b = std::uint64_t{1} << bit;
        out += (mask & b) ? ((shifted & b) ? '1' : '0') : '.';
        if (bit % 4 == 0 && bit != 0) out += ' ';
    }
    return out;
}

// "Nov 27, 2024 17:45:16.680626000 UTC": how tshark prints a date, and what filters accept.
std::string wiresharkDate(std::int64_t timestampNs) {
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::string iso = formatUtc(timestampNs, 9);  // "2024-11-27 17:45:16.680626000"
    const int month = std::stoi(iso.substr(5, 2));
    const int day = std::stoi(iso.substr(8, 2));
    return std::string(kMonths[(month + 11) % 12]) + " " + std::to_string(day) + ", " + iso.substr(0, 4) + " " +
           iso.substr(11) + " UTC";
}

}  // namespace

std::string formatValue(const FieldDef& def, const FieldRecord& record) {
    const FieldValue& v = record.value;
    switch (def.type) {
        case FieldType::Protocol:
        case FieldType::None: return {};
        case FieldType::Bool: {
            const std::string_view name = nameOf(def.values, v.u ? 1 : 0);
            return name.empty() ? (v.u ? "True" : "False") : std::string(name);
        }
        case FieldType::Float:
        case FieldType::Double: {
            char text[64];
            std::snprintf(text, sizeof text, "%g", v.d);
            return text;
        }
        case FieldType::Ipv4: return formatIpv4(static_cast<std::uint32_t>(v.u));
        case FieldType::Ipv6: return formatIpv6(v.bytes());
        case FieldType::Ether: return formatEther(v.bytes());
        case FieldType::Bytes: return bytesHex(v.bytes());
        case FieldType::String: return std::string(v.text());
        case FieldType::AbsoluteTime: return formatUtc(v.i, 9) + " UTC";
        case FieldType::RelativeTime: return secondsText(v.i);
        case FieldType::FrameNumber: return std::to_string(v.u);
        default: break;
    }
    const std::string number = integerText(def, v.u, v.i);
    const std::string_view name = nameOf(def.values, v.u);
    if (name.empty()) return number;
    return std::string(name) + " (" + number + ")";
}

std::string filterValue(const FieldDef& def, const FieldRecord& record) {
    const FieldValue& v = record.value;
    switch (def.type) {
        case FieldType::Bool: return v.u ? "1" : "0";
        case FieldType::String: {
            std::string out = "\"";
            for (const char c : v.text()) {
                if (c == '"' || c == '\\') out += '\\';
                out += c;
            }
            return out + "\"";
        }
        case FieldType::Bytes: return formatEther(v.bytes());
        case FieldType::RelativeTime: return formatSeconds(v.i, 9);
        // A date is a quoted literal in the filter language, not a count of seconds.
        case FieldType::AbsoluteTime: return "\"" + wiresharkDate(v.i) + "\"";
        case FieldType::Protocol:
        case FieldType::None: return {};
        default: break;
    }
    if (isIntegerType(def.type)) {
        return def.base == Base::Hex || def.base == Base::HexDec ? hexOf(v.u, fieldWidth(def.type))
                                                                  : (isSignedType(def.type) ? std::to_string(v.i) : std::to_string(v.u));
    }
    return formatValue(def, record);
}

std::string fieldsText(const FieldDef& def, const FieldRecord& record, std::span<const std::uint8_t> bytes) {
    const FieldValue& v = record.value;
    switch (def.type) {
        case FieldType::Protocol: return bytesHex(bytes);
        case FieldType::None: return bytes.empty() ? "1" : bytesHex(bytes);  // tshark's "present"
        case FieldType::Bool: return v.u ? "1" : "0";
        case FieldType::RelativeTime: return formatSeconds(v.i, 9);
        case FieldType::AbsoluteTime: return wiresharkDate(v.i);
        case FieldType::Float:
        case FieldType::Double:
        case FieldType::Ipv4:
        case FieldType::Ipv6:
        case FieldType::Ether:
        case FieldType::Bytes:
        case FieldType::String:
        case FieldType::FrameNumber: return formatValue(def, record);
        default: break;
    }
    if (def.base == Base::Hex || def.base == Base::HexDec) return hexOf(v.u, fieldWidth(def.type));
    return isSignedType(def.type) ? std::to_string(v.i) : std::to_string(v.u);
}

std::string fieldLabel(const FieldDef& def, const FieldRecord& record) {
    std::string label;
    if (!record.text.empty()) {
        label = std::string(record.text);
    } else if (def.type == FieldType::Protocol || def.type == FieldType::None) {
        label = std::string(def.name);
    } else {
        label = std::string(def.name) + ": " + formatValue(def, record);
    }
    if (def.bitmask != 0 && record.text.empty()) {
        const std::string bits = bitPattern(def.bitmask, record.value.u, record.length * 8);
        if (!bits.empty()) label = bits + " = " + label;
    }
    if (hasFlag(record.flags, FieldFlags::Generated)) label = "[" + label + "]";
    return label;
}

}  // namespace caplens::proto
