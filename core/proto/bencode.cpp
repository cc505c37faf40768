// bencode — BitTorrent's encoding of strings, integers, lists and dictionaries (BEP 3), as
// carried in BitTorrent's extension handshake. Like Wireshark's, it adds no item of its own:
// its dictionary shows inside the message that called it (but it is a layer of the frame).
//
//   string: <decimal length>:<bytes>    integer: i<decimal>e
//   list:   l<value>*e                  dictionary: d(<string key><value>)*e
#include <charconv>

#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr int kMaxDepth = 10;            // Wireshark's limit ("Nested Too Deep")
constexpr std::uint32_t kMaxNumberDigits = 20;

enum BencodeField : FieldIndex {
    StrLength, Str, Int, Dict, DictEntry, List, TruncatedData, kBencodeFieldCount
};

constexpr FieldDef kBencodeFields[] = {
    {StrLength, "bencode.str.length", "String Length", FieldType::UInt32, Base::Dec},
    {Str, "bencode.str", "String", FieldType::String},
    {Int, "bencode.int", "Integer", FieldType::Int32, Base::Dec},
    {Dict, "bencode.dict", "Dictionary", FieldType::None},
    {DictEntry, "bencode.dict.entry", "Entry", FieldType::None},
    {List, "bencode.list", "List", FieldType::None},
    {TruncatedData, "bencode.truncated_data", "Truncated Data", FieldType::Bytes},
};
static_assert(std::size(kBencodeFields) == kBencodeFieldCount);

enum BencodeExpert : std::uint16_t {
    InvalidString, InvalidStringLength, InvalidInteger, NestedTooDeep, InvalidKey, InvalidValue, kBencodeExpertCount
};
constexpr ExpertDef kBencodeExperts[] = {
    {InvalidString, "bencode.str.invalid", ExpertSeverity::Error, ExpertGroup::Malformed, "Decode Aborted: Invalid String"},
    {InvalidStringLength, "bencode.str.length.invalid", ExpertSeverity::Error, ExpertGroup::Malformed,
     "Decode Aborted: Invalid String Length"},
    {InvalidInteger, "bencode.int.invalid", ExpertSeverity::Error, ExpertGroup::Malformed, "Decode Aborted: Invalid Integer"},
    {NestedTooDeep, "bencode.nest", ExpertSeverity::Error, ExpertGroup::Malformed, "Decode Aborted: Nested Too Deep"},
    {InvalidKey, "bencode.dict.key_invalid", ExpertSeverity::Error, ExpertGroup::Malformed,
     "Decode Aborted: Invalid Dictionary Key"},
    {InvalidValue, "bencode.dict.value_invalid", ExpertSeverity::Error, ExpertGroup::Malformed,
     "Decode Aborted: Invalid Dictionary Value"},
};
static_assert(std::size(kBencodeExperts) == kBencodeExpertCount);

class BencodeProtocol final : public Dissector {
public:
    BencodeProtocol() : Dissector({"bencode", "", "Bencode"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        std::string text;
        const std::uint32_t end = value(p, view, 0, 0, text);
        if (end == 0 && view.isCut()) p.markShort(view);
        return view.reported();
    }

private:
    // The value at `offset`; returns the offset after it, 0 when the decoding stops. `text` gets
    // a short form for the labels of dictionary entries (strings and integers).
    std::uint32_t value(Packet& p, const ByteView& v, std::uint32_t offset, int depth, std::string& text) const {
        if (depth > kMaxDepth) {
            p.addExpert(expert(NestedTooDeep));
            return 0;
        }
        const std::uint8_t c = v.u8(offset);
        if (c == 'i') return integer(p, v, offset, text);
        if (c >= '0' && c <= '9') return string(p, v, offset, text);
        if (c == 'l' || c == 'd') return container(p, v, offset, depth, c == 'd');
        p.addBytes(field(TruncatedData), v, offset, v.captured() - offset);
        return 0;
    }

    std::uint32_t integer(Packet& p, const ByteView& v, std::uint32_t offset, std::string& text) const {
        const std::int64_t end = v.find('e', offset + 1);
        if (end < 0 || end - offset - 1 > kMaxNumberDigits || end == offset + 1) {
            p.addExpert(expert(InvalidInteger));
            return 0;
        }
        const std::string_view digits = v.text(offset + 1, static_cast<std::uint32_t>(end) - offset - 1);
        std::int64_t number = 0;
        const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
        if (ec != std::errc() || ptr != digits.data() + digits.size()) {
            p.addExpert(expert(InvalidInteger));
            return 0;
        }
        p.add(field(Int), v, offset + 1, static_cast<std::uint32_t>(digits.size()), FieldValue::ofSigned(number));
        if (p.buildsTree()) text.assign(digits);
        return static_cast<std::uint32_t>(end) + 1;
    }

    std::uint32_t string(Packet& p, const ByteView& v, std::uint32_t offset, std::string& text) const {
        const std::int64_t colon = v.find(':', offset);
        if (colon < 0 || colon - offset > kMaxNumberDigits) {
            p.addExpert(expert(InvalidStringLength));
            return 0;
        }
        const std::string_view digits = v.text(offset, static_cast<std::uint32_t>(colon) - offset);
        std::uint32_t length = 0;
        const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
        if (ec != std::errc() || ptr != digits.data() + digits.size()) {
            p.addExpert(expert(InvalidStringLength));
            return 0;
        }
        const std::uint32_t start = static_cast<std::uint32_t>(colon) + 1;
        p.add(field(StrLength), v, offset, static_cast<std::uint32_t>(digits.size()), FieldValue::ofUnsigned(length));
        if (!v.has(start, length)) {
            p.addExpert(expert(InvalidString));
            if (start < v.captured()) p.addBytes(field(TruncatedData), v, start, v.captured() - start);
            return 0;
        }
        if (p.wants(field(Str))) p.addText(field(Str), v, start, length, v.text(start, length));
        if (p.buildsTree()) text.assign(v.text(start, length));
        return start + length;
    }

    std::uint32_t container(Packet& p, const ByteView& v, std::uint32_t offset, int depth, bool dictionary) const {
        const ItemRef item = p.add(field(dictionary ? Dict : List), v, offset, 1, {});
        p.push(item);
        std::uint32_t at = offset + 1;
        std::uint32_t result = 0;
        while (at < v.captured()) {
            if (v.u8(at) == 'e') {
                result = at + 1;
                break;
            }
            at = dictionary ? entry(p, v, at, depth) : listValue(p, v, at, depth);
            if (at == 0) break;
        }
        p.pop();
        if (result != 0) p.setLength(item, result - offset);
        return result;
    }

    std::uint32_t listValue(Packet& p, const ByteView& v, std::uint32_t at, int depth) const {
        std::string ignored;
        return value(p, v, at, depth + 1, ignored);
    }

    std::uint32_t entry(Packet& p, const ByteView& v, std::uint32_t at, int depth) const {
        const ItemRef item = p.add(field(DictEntry), v, at, 0, {});
        p.push(item);
        std::string key;
        std::string shown;
        std::uint32_t next = 0;
        if (v.u8(at) < '0' || v.u8(at) > '9') {
            p.addExpert(expert(InvalidKey));
        } else {
            next = string(p, v, at, key);
            if (next != 0) {
                next = value(p, v, next, depth + 1, shown);
                if (next == 0) p.addExpert(expert(InvalidValue));
            }
        }
        p.pop();
        if (next != 0) p.setLength(item, next - at);
        if (p.buildsTree()) {
            p.setText(item, shown.empty() ? "Entry Key: " + key : "Entry Key: " + key + "  Value: " + shown);
        }
        return next;
    }
};

}  // namespace

void registerBencode(Registry& r) {
    auto& bencode = r.addProtocol<BencodeProtocol>(kBencodeFields);
    r.addExperts(bencode, kBencodeExperts);
}

}  // namespace caplens::proto
