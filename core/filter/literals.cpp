#include "core/filter/literals.hpp"

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace caplens::filter {
namespace {

using proto::FieldType;

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

std::optional<std::uint64_t> findValueName(const proto::FieldDef& field, std::string_view text) {
    for (const proto::ValueName& v : field.values) {
        if (equalsIgnoreCase(v.name, text)) return v.value;
    }
    return std::nullopt;
}

// ---- numbers ----

bool parseDecimalDigits(std::string_view digits, std::uint64_t& value) {
    if (digits.empty()) return false;
    value = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return true;
}

// ---- addresses ----

std::optional<std::uint32_t> parseIpv4Text(std::string_view text) {
    std::uint32_t address = 0;
    int parts = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('.', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view part = text.substr(pos, end - pos);
        std::uint64_t octet = 0;
        if (++parts > 4 || part.empty() || part.size() > 3 || !parseDecimalDigits(part, octet) || octet > 255) {
            return std::nullopt;
        }
        address = (address << 8) | static_cast<std::uint32_t>(octet);
        if (end == text.size()) break;
        pos = end + 1;
    }
    if (parts != 4) return std::nullopt;
    return address;
}

bool parseIpv6Text(std::string_view text, std::array<std::uint8_t, 16>& out) {
    std::array<std::uint16_t, 8> groups{};
    int count = 0;
    int gap = -1;  // index where "::" stands
    std::size_t pos = 0;
    if (text.substr(0, 2) == "::") {
        gap = 0;
        pos = 2;
        if (text.size() == 2) {
            out = {};
            return true;
        }
    } else if (!text.empty() && text[0] == ':') {
        return false;
    }
    while (pos < text.size()) {
        std::size_t end = text.find(':', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view part = text.substr(pos, end - pos);
        if (part.find('.') != std::string_view::npos) {
            // An embedded IPv4 address ends the text.
            const auto v4 = parseIpv4Text(part);
            if (!v4 || end != text.size() || count > 6) return false;
            groups[static_cast<std::size_t>(count++)] = static_cast<std::uint16_t>(*v4 >> 16);
            groups[static_cast<std::size_t>(count++)] = static_cast<std::uint16_t>(*v4 & 0xFFFF);
            pos = end;
            break;
        }
        if (part.empty() || part.size() > 4 || count >= 8) return false;
        std::uint32_t g = 0;
        for (const char c : part) {
            if (hexDigit(c) < 0) return false;
            g = g * 16 + static_cast<std::uint32_t>(hexDigit(c));
        }
        groups[static_cast<std::size_t>(count++)] = static_cast<std::uint16_t>(g);
        if (end == text.size()) {
            pos = end;
            break;
        }
        if (text.substr(end, 2) == "::") {
            if (gap >= 0) return false;
            gap = count;
            pos = end + 2;
        } else {
            pos = end + 1;
            if (pos == text.size()) return false;  // trailing single ':'
        }
    }
    if (gap < 0 && count != 8) return false;
    if (gap >= 0 && count > 7) return false;
    std::array<std::uint16_t, 8> full{};
    if (gap < 0) {
        full = groups;
    } else {
        const int tail = count - gap;
        for (int i = 0; i < gap; ++i) full[static_cast<std::size_t>(i)] = groups[static_cast<std::size_t>(i)];
        for (int i = 0; i < tail; ++i) full[static_cast<std::size_t>(8 - tail + i)] = groups[static_cast<std::size_t>(gap + i)];
    }
    for (std::size_t i = 0; i < 8; ++i) {
        out[2 * i] = static_cast<std::uint8_t>(full[i] >> 8);
        out[2 * i + 1] = static_cast<std::uint8_t>(full[i] & 0xFF);
    }
    return true;
}

// Splits off "/bits"; false when the prefix is not a number.
bool splitPrefix(std::string_view text, std::string_view& address, std::optional<std::uint64_t>& bits) {
    const auto slash = text.find('/');
    address = text.substr(0, slash);
    if (slash == std::string_view::npos) return true;
    std::uint64_t n = 0;
    if (!parseDecimalDigits(text.substr(slash + 1), n) || text.size() - slash - 1 > 3) return false;
    bits = n;
    return true;
}

// Hex bytes separated by one kind of separator (each byte 1-2 digits), or an unseparated even
// run of hex digits.
bool parseHexBytes(std::string_view text, std::string& out) {
    out.clear();
    if (text.empty()) return false;
    char separator = 0;
    for (const char c : text) {
        if (c == ':' || c == '-' || c == '.') {
            if (separator != 0 && separator != c) return false;
            separator = c;
        }
    }
    if (separator == 0) {
        if (text.size() % 2 != 0 && text.size() != 1) return false;
        if (text.size() == 1) text = text;  // a single digit is one byte
        for (std::size_t i = 0; i < text.size(); i += 2) {
            const int hi = hexDigit(text[i]);
            const int lo = i + 1 < text.size() ? hexDigit(text[i + 1]) : -2;
            if (hi < 0 || lo == -1) return false;
            out.push_back(static_cast<char>(lo == -2 ? hi : hi * 16 + lo));
        }
        return true;
    }
    std::size_t pos = 0;
    while (true) {
        std::size_t end = text.find(separator, pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view part = text.substr(pos, end - pos);
        if (part.empty() || part.size() > 2) return false;
        int value = 0;
        for (const char c : part) {
            if (hexDigit(c) < 0) return false;
            value = value * 16 + hexDigit(c);
        }
        out.push_back(static_cast<char>(value));
        if (end == text.size()) return true;
        pos = end + 1;
    }
}

// ---- times ----

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Reads "d+" at `pos` (at most `maxDigits`), advancing it.
bool readNumber(std::string_view s, std::size_t& pos, std::size_t maxDigits, std::uint64_t& out) {
    const std::size_t begin = pos;
    out = 0;
    while (pos < s.size() && pos - begin < maxDigits && s[pos] >= '0' && s[pos] <= '9') {
        out = out * 10 + static_cast<std::uint64_t>(s[pos++] - '0');
    }
    return pos > begin;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

// "HH:MM:SS[.fraction]" into nanoseconds of the day.
bool readClock(std::string_view s, std::size_t& pos, std::int64_t& ns) {
    std::uint64_t h = 0, m = 0, sec = 0;
    if (!readNumber(s, pos, 2, h) || !expect(s, pos, ':') || !readNumber(s, pos, 2, m) || !expect(s, pos, ':') ||
        !readNumber(s, pos, 2, sec) || h > 23 || m > 59 || sec > 60) {
        return false;
    }
    std::int64_t fraction = 0;
    if (expect(s, pos, '.')) {
        std::size_t digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (digits < 9) fraction = fraction * 10 + (s[pos] - '0'), ++digits;
            ++pos;
        }
        if (digits == 0) return false;
        while (digits++ < 9) fraction *= 10;
    }
    ns = ((static_cast<std::int64_t>(h) * 60 + static_cast<std::int64_t>(m)) * 60 + static_cast<std::int64_t>(sec)) *
             1'000'000'000 + fraction;
    return true;
}

bool readZone(std::string_view s, std::size_t& pos) {
    while (pos < s.size() && s[pos] == ' ') ++pos;
    if (pos == s.size()) return true;
    const std::string_view rest = s.substr(pos);
    if (rest == "Z" || equalsIgnoreCase(rest, "UTC") || equalsIgnoreCase(rest, "GMT")) {
        pos = s.size();
        return true;
    }
    return false;
}

std::optional<std::int64_t> parseAbsoluteTime(std::string_view s) {
    static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::size_t pos = 0;
    std::uint64_t year = 0, month = 0, day = 0;
    std::int64_t clock = 0;
    if (s.size() >= 3 && !(s[0] >= '0' && s[0] <= '9')) {
        // "Nov 12, 1999 08:55:44.123"
        for (std::size_t m = 0; m < 12; ++m) {
            if (equalsIgnoreCase(s.substr(0, 3), kMonths[m])) month = m + 1;
        }
        pos = 3;
        if (month == 0 || !expect(s, pos, ' ')) return std::nullopt;
        while (expect(s, pos, ' ')) {
        }
        if (!readNumber(s, pos, 2, day) || !expect(s, pos, ',') || !expect(s, pos, ' ')) return std::nullopt;
        if (!readNumber(s, pos, 4, year)) return std::nullopt;
        if (expect(s, pos, ' ') && !readClock(s, pos, clock)) return std::nullopt;
    } else {
        // "2011-07-04 12:34:56" / "2011-07-04T12:34:56Z"
        if (!readNumber(s, pos, 4, year) || !expect(s, pos, '-') || !readNumber(s, pos, 2, month) ||
            !expect(s, pos, '-') || !readNumber(s, pos, 2, day)) {
            return std::nullopt;
        }
        if ((expect(s, pos, ' ') || expect(s, pos, 'T')) && !readClock(s, pos, clock)) return std::nullopt;
    }
    if (!readZone(s, pos) || month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    const std::int64_t days = daysFromCivil(static_cast<std::int64_t>(year), static_cast<unsigned>(month),
                                            static_cast<unsigned>(day));
    return days * 86'400'000'000'000 + clock;
}

// "[seconds][.fraction]" (up to 9 decimals) in nanoseconds.
std::optional<std::int64_t> parseRelativeTime(std::string_view s) {
    const auto dot = s.find('.');
    const std::string_view whole = s.substr(0, dot);
    std::uint64_t seconds = 0;
    if (!whole.empty() && (!parseDecimalDigits(whole, seconds) || whole.size() > 11)) return std::nullopt;
    std::int64_t ns = 0;
    if (dot != std::string_view::npos) {
        const std::string_view fraction = s.substr(dot + 1);
        if (fraction.empty() || fraction.size() > 9) return std::nullopt;
        std::uint64_t f = 0;
        if (!parseDecimalDigits(fraction, f)) return std::nullopt;
        for (std::size_t i = fraction.size(); i < 9; ++i) f *= 10;
        ns = static_cast<std::int64_t>(f);
    } else if (whole.empty()) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(seconds) * 1'000'000'000 + ns;
}

// ---- per type ----

class LiteralReader {
public:
    LiteralReader(FieldType type, LiteralForm form, std::string_view text, const proto::FieldDef* field, Constant& out,
                  std::string& error)
        : m_type(type), m_form(form), m_text(text), m_field(field), m_out(out), m_error(error) {}

    bool read() {
        m_out = Constant{};
        switch (m_type) {
            case FieldType::Bool: return readBool();
            case FieldType::Float:
            case FieldType::Double: return readDouble();
            case FieldType::Ipv4: return readIpv4();
            case FieldType::Ipv6: return readIpv6();
            case FieldType::Ether: return readEther();
            case FieldType::Bytes:
            case FieldType::Protocol: return readBytes();
            case FieldType::String: return readString();
            case FieldType::AbsoluteTime: return readAbsoluteTime();
            case FieldType::RelativeTime: return readRelativeTime();
            case FieldType::None: return fail(quoted(m_text) + " cannot be compared with a field that has no value.");
            default: return readInteger();
        }
    }

private:
    bool fail(std::string message) {
        m_error = std::move(message);
        return false;
    }
    bool notFromString() {
        return fail(std::string(typeName(m_type)) + " cannot be converted from a string (" + quoted(m_text) + ").");
    }
    [[nodiscard]] std::string fieldName() const { return m_field ? std::string(m_field->abbrev) : std::string(typeName(m_type)); }
    bool notAmongNames() { return fail(quoted(m_text) + " cannot be found among the possible values for " + fieldName() + "."); }
    [[nodiscard]] bool hasNames() const { return m_field != nullptr && !m_field->values.empty(); }
    bool fromNames() {
        if (const auto v = findValueName(*m_field, m_text)) {
            m_out.value.u = *v;
            return true;
        }
        return notAmongNames();
    }

    bool readInteger() {
        if (m_form == LiteralForm::CharConst) {
            m_out.value.u = static_cast<std::uint8_t>(m_text.front());
            return true;
        }
        if (m_form == LiteralForm::String) return hasNames() ? fromNames() : notFromString();
        std::uint64_t value = 0;
        bool overflow = false;
        if (!parseUnsignedText(m_text, value, overflow)) {
            if (hasNames()) return fromNames();
            return fail(overflow ? quoted(m_text) + " causes an integer overflow." : quoted(m_text) + " is not a valid number.");
        }
        if (proto::isSignedType(m_type)) {
            if (value > static_cast<std::uint64_t>(signedMax(m_type))) {
                return fail(quoted(m_text) + " too big for this field, maximum " + std::to_string(signedMax(m_type)) + ".");
            }
            m_out.value.i = static_cast<std::int64_t>(value);
            return true;
        }
        if (value > unsignedMax(m_type)) {
            return fail(quoted(m_text) + " too big for this field, maximum " + std::to_string(unsignedMax(m_type)) + ".");
        }
        m_out.value.u = value;
        return true;
    }

    bool readBool() {
        if (m_form == LiteralForm::CharConst) {
            m_out.value.u = m_text.front() != 0;
            return true;
        }
        if (m_form == LiteralForm::Word) {
            if (m_text == "TRUE" || m_text == "True") return m_out.value.u = 1, true;
            if (m_text == "FALSE" || m_text == "False") return m_out.value.u = 0, true;
            std::uint64_t value = 0;
            bool overflow = false;
            if (parseUnsignedText(m_text, value, overflow)) {
                m_out.value.u = value != 0;
                return true;
            }
        }
        if (hasNames()) {
            const auto v = findValueName(*m_field, m_text);
            if (!v) return notAmongNames();
            m_out.value.u = *v != 0;
            return true;
        }
        if (equalsIgnoreCase(m_text, "True")) return m_out.value.u = 1, true;
        if (equalsIgnoreCase(m_text, "False")) return m_out.value.u = 0, true;
        return notAmongNames();
    }

    bool readDouble() {
        if (m_form == LiteralForm::CharConst) {
            m_out.value.d = static_cast<std::uint8_t>(m_text.front());
            return true;
        }
        if (m_form == LiteralForm::String) return notFromString();
        const std::string copy(m_text);
        char* end = nullptr;
        errno = 0;
        const double d = std::strtod(copy.c_str(), &end);
        if (copy.empty() || end != copy.c_str() + copy.size()) return fail(quoted(m_text) + " is not a valid number.");
        m_out.value.d = d;
        return true;
    }

    bool readIpv4() {
        if (m_form != LiteralForm::Word) return notFromString();
        std::string_view address;
        std::optional<std::uint64_t> bits;
        const bool prefixOk = splitPrefix(m_text, address, bits);
        const auto v4 = parseIpv4Text(address);
        if (!prefixOk || !v4) return fail(quoted(m_text) + " is not a valid hostname or IPv4 address.");
        if (bits && *bits > 32) {
            return fail("Netmask bits in a CIDR IPv4 address should be <= 32, not " + std::to_string(*bits));
        }
        m_out.value.u = *v4;
        m_out.value.prefix = static_cast<std::uint8_t>(bits.value_or(32));
        return true;
    }

    bool readIpv6() {
        if (m_form != LiteralForm::Word) return notFromString();
        std::string_view address;
        std::optional<std::uint64_t> bits;
        std::array<std::uint8_t, 16> bytes{};
        if (!splitPrefix(m_text, address, bits) || !parseIpv6Text(address, bytes)) {
            return fail(quoted(m_text) + " is not a valid hostname or IPv6 address.");
        }
        if (bits && *bits > 128) return fail("Prefix in a IPv6 address should be <= 128, not " + std::to_string(*bits));
        m_out.bytes.assign(bytes.begin(), bytes.end());
        m_out.value.prefix = static_cast<std::uint8_t>(bits.value_or(128));
        return true;
    }

    bool readEther() {
        if (m_form != LiteralForm::Word) return notFromString();
        std::string bytes;
        std::string_view text = m_text;
        std::string plain;
        // Cisco style "0011.2233.4455": groups of four digits.
        if (text.size() == 14 && text[4] == '.' && text[9] == '.') {
            plain = std::string(text.substr(0, 4)) + std::string(text.substr(5, 4)) + std::string(text.substr(10, 4));
            text = plain;
        }
        if (!parseHexBytes(text, bytes)) return fail(quoted(m_text) + " is not a valid Ethernet address.");
        if (bytes.size() < 6) return fail(quoted(m_text) + " contains too few bytes to be a valid Ethernet address.");
        if (bytes.size() > 6) return fail(quoted(m_text) + " contains too many bytes to be a valid Ethernet address.");
        m_out.bytes = std::move(bytes);
        return true;
    }

    bool readBytes() {
        if (m_form != LiteralForm::Word) {
            m_out.bytes.assign(m_text);
            return true;
        }
        if (parseHexBytes(m_text, m_out.bytes)) return true;
        std::uint64_t value = 0;
        bool overflow = false;
        if (parseUnsignedText(m_text, value, overflow) && value <= 0xFF) {
            m_out.bytes.assign(1, static_cast<char>(value));
            return true;
        }
        return fail(quoted(m_text) + " is not a valid byte string.");
    }

    bool readString() {
        m_out.bytes.assign(m_text);
        return true;
    }

    bool readAbsoluteTime() {
        if (m_form == LiteralForm::CharConst) return notFromString();
        const auto ns = parseAbsoluteTime(m_text);
        if (!ns) {
            return fail(quoted(m_text) +
                        " is not a valid absolute time. Example: \"Nov 12, 1999 08:55:44.123\" or \"2011-07-04 12:34:56\"");
        }
        m_out.value.i = *ns;
        return true;
    }

    bool readRelativeTime() {
        if (m_form != LiteralForm::Word) return notFromString();
        const auto ns = parseRelativeTime(m_text);
        if (!ns) return fail(quoted(m_text) + " is not a valid time.");
        m_out.value.i = *ns;
        return true;
    }

    FieldType m_type;
    LiteralForm m_form;
    std::string_view m_text;
    const proto::FieldDef* m_field;
    Constant& m_out;
    std::string& m_error;
};

}  // namespace

bool parseUnsignedText(std::string_view text, std::uint64_t& value, bool& overflow) {
    overflow = false;
    value = 0;
    unsigned base = 10;
    std::size_t pos = 0;
    if (text.size() > 1 && text[0] == '0') {
        if (text[1] == 'x' || text[1] == 'X') base = 16, pos = 2;
        else if (text[1] == 'b' || text[1] == 'B') base = 2, pos = 2;
        else base = 8, pos = 1;
    }
    if (pos >= text.size() && base != 8) return false;
    for (; pos < text.size(); ++pos) {
        const int digit = hexDigit(text[pos]);
        if (digit < 0 || static_cast<unsigned>(digit) >= base) return false;
        if (value > (~std::uint64_t{0} - static_cast<unsigned>(digit)) / base) overflow = true;
        value = value * base + static_cast<unsigned>(digit);
    }
    return !overflow;
}

bool parseLiteral(FieldType type, LiteralForm form, std::string_view text, const proto::FieldDef* field, Constant& out,
                  std::string& error) {
    if (form == LiteralForm::CharConst && text.empty()) {
        error = "empty character constant";
        return false;
    }
    return LiteralReader(type, form, text, field, out, error).read();
}

std::uint64_t unsignedMax(FieldType type) {
    switch (type) {
        case FieldType::UInt8: return 0xFF;
        case FieldType::UInt16: return 0xFFFF;
        case FieldType::UInt24: return 0xFFFFFF;
        case FieldType::UInt32:
        case FieldType::FrameNumber: return 0xFFFFFFFF;
        default: return ~std::uint64_t{0};
    }
}

std::int64_t signedMax(FieldType type) {
    switch (type) {
        case FieldType::Int8: return 0x7F;
        case FieldType::Int16: return 0x7FFF;
        case FieldType::Int32: return 0x7FFFFFFF;
        default: return 0x7FFFFFFFFFFFFFFF;
    }
}

std::int64_t signedMin(FieldType type) { return -signedMax(type) - 1; }

std::string_view typeName(FieldType type) {
    switch (type) {
        case FieldType::Protocol: return "Protocol";
        case FieldType::None: return "Label";
        case FieldType::Bool: return "Boolean";
        case FieldType::UInt8: return "Unsigned integer (1 byte)";
        case FieldType::UInt16: return "Unsigned integer (2 bytes)";
        case FieldType::UInt24: return "Unsigned integer (3 bytes)";
        case FieldType::UInt32: return "Unsigned integer (4 bytes)";
        case FieldType::UInt64: return "Unsigned integer (8 bytes)";
        case FieldType::Int8: return "Signed integer (1 byte)";
        case FieldType::Int16: return "Signed integer (2 bytes)";
        case FieldType::Int32: return "Signed integer (4 bytes)";
        case FieldType::Int64: return "Signed integer (8 bytes)";
        case FieldType::Float: return "Floating point (single-precision)";
        case FieldType::Double: return "Floating point (double-precision)";
        case FieldType::Ipv4: return "IPv4 address";
        case FieldType::Ipv6: return "IPv6 address";
        case FieldType::Ether: return "Ethernet or other MAC address";
        case FieldType::Bytes: return "Byte sequence";
        case FieldType::String: return "Character string";
        case FieldType::AbsoluteTime: return "Date and time";
        case FieldType::RelativeTime: return "Time offset";
        case FieldType::FrameNumber: return "Frame number";
    }
    return "Unknown";
}

}  // namespace caplens::filter
