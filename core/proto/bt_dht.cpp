// bt-dht — the BitTorrent DHT's KRPC messages over UDP (BEP 5, BEP 42): one bencoded
// dictionary per datagram. Found by the "bittorrent_dht_udp" heuristic, which Wireshark enables,
// from the first bytes (keys sort, so a query starts "d1:ad", a response "d1:rd", an error
// "d1:el", BEP 42's "d2:ip"); the conversation then stays BT-DHT, but a datagram that does not
// start that way is rejected so that uTP traffic on the same ports falls through.
#include <charconv>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kMinLength = 5;
constexpr int kMaxDepth = 16;
constexpr std::uint32_t kMaxDigits = 20;

constexpr ValueName kShortKeys[] = {{'a', "Request arguments"}, {'e', "Error"},      {'q', "Request type"},
                                    {'r', "Response values"},   {'t', "Transaction ID"}, {'v', "Version"},
                                    {'y', "Message type"}};
constexpr ValueName kShortValues[] = {{'e', "Error"}, {'q', "Request"}, {'r', "Response"}};

enum BtDhtField : FieldIndex {
    String, List, Int, Dict, DictEntry, Terminator, Error, Peer, Peers, Node, Nodes, Id, Ip, Ip6, Port,
    TruncatedData, kBtDhtFieldCount
};

constexpr FieldDef kBtDhtFields[] = {
    {String, "bt-dht.bencoded.string", "String", FieldType::String},
    {List, "bt-dht.bencoded.list", "List", FieldType::None},
    {Int, "bt-dht.bencoded.int", "Int", FieldType::String},
    {Dict, "bt-dht.bencoded.dict", "Dictionary", FieldType::None},
    {DictEntry, "bt-dht.bencoded.dict_entry", "Dictionary Entry", FieldType::None},
    {Terminator, "bt-dht.bencoded.list.terminator", "Terminator", FieldType::String},
    {Error, "bt-dht.error", "Error", FieldType::None},
    {Peer, "bt-dht.peer", "Peer", FieldType::None},
    {Peers, "bt-dht.peers", "Peers", FieldType::None},
    {Node, "bt-dht.node", "Node", FieldType::None},
    {Nodes, "bt-dht.nodes", "Nodes", FieldType::None},
    {Id, "bt-dht.id", "ID", FieldType::Bytes},
    {Ip, "bt-dht.ip", "IP", FieldType::Ipv4},
    {Ip6, "bt-dht.ip6", "IP", FieldType::Ipv6},
    {Port, "bt-dht.port", "Port", FieldType::UInt16, Base::Dec},
    {TruncatedData, "bt-dht.truncated_data", "Truncated data", FieldType::Bytes},
};
static_assert(std::size(kBtDhtFields) == kBtDhtFieldCount);

enum BtDhtExpert : std::uint16_t { InvalidString, InvalidLength, kBtDhtExpertCount };
constexpr ExpertDef kBtDhtExperts[] = {
    {InvalidString, "bt-dht.invalid_string", ExpertSeverity::Error, ExpertGroup::Malformed, "String must contain an integer"},
    {InvalidLength, "bt-dht.invalid_length", ExpertSeverity::Error, ExpertGroup::Malformed, "Invalid length"},
};
static_assert(std::size(kBtDhtExperts) == kBtDhtExpertCount);

[[nodiscard]] bool looksLikeDht(const ByteView& v) {
    if (v.captured() < kMinLength) return false;
    const std::string_view start = v.text(0, kMinLength);
    return start == "d1:ad" || start == "d1:rd" || start == "d2:ip" || start == "d1:el";
}

[[nodiscard]] std::string hexText(std::span<const std::uint8_t> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const auto b : bytes) {
        out += kDigits[b >> 4];
        out += kDigits[b & 0xF];
    }
    return out;
}

class BtDhtProtocol final : public Dissector {
public:
    BtDhtProtocol() : Dissector({"bt-dht", "BT-DHT", "BitTorrent DHT Protocol"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        if (!looksLikeDht(view)) return 0;
        p.beginProtocol(*this, view, view.reported());
        if (p.wantsColumns()) p.info() = "BitTorrent DHT Protocol";
        std::string text;
        if (container(p, view, 0, 0, true, text) == 0 && view.isCut()) p.markShort(view);
        return view.reported();
    }

    std::uint32_t heuristic(Packet& p, const ByteView& view) const {
        if (!looksLikeDht(view)) return 0;
        p.setConversationDissector(*this);
        return dissect(p, view);
    }

private:
    // Returns the offset after the value at `offset`, 0 when the decoding stops.
    std::uint32_t value(Packet& p, const ByteView& v, std::uint32_t offset, int depth, std::string_view key,
                        std::string& text) const {
        if (depth > kMaxDepth) return 0;
        const std::uint8_t c = v.u8(offset);
        if (c == 'i') return integer(p, v, offset, text);
        if (c == 'l') return container(p, v, offset, depth, false, text);
        if (c == 'd') return container(p, v, offset, depth, true, text);
        if (c >= '0' && c <= '9') return string(p, v, offset, key, text);
        if (offset < v.captured()) p.addBytes(field(TruncatedData), v, offset, v.captured() - offset);
        return 0;
    }

    std::uint32_t integer(Packet& p, const ByteView& v, std::uint32_t offset, std::string& text) const {
        const std::int64_t end = v.find('e', offset + 1);
        if (end < 0 || end - offset - 1 > kMaxDigits) {
            p.addExpert(expert(InvalidString));
            return 0;
        }
        const std::uint32_t length = static_cast<std::uint32_t>(end) - offset - 1;
        text.assign(v.text(offset + 1, length));
        if (p.wants(field(Int))) p.addText(field(Int), v, offset + 1, length, text);
        return static_cast<std::uint32_t>(end) + 1;
    }

    std::uint32_t string(Packet& p, const ByteView& v, std::uint32_t offset, std::string_view key, std::string& text) const {
        const std::int64_t colon = v.find(':', offset);
        std::uint32_t length = 0;
        if (colon < 0 || colon - offset > kMaxDigits) {
            p.addExpert(expert(InvalidString));
            return 0;
        }
        const std::string_view digits = v.text(offset, static_cast<std::uint32_t>(colon) - offset);
        const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
        const std::uint32_t start = static_cast<std::uint32_t>(colon) + 1;
        if (ec != std::errc() || ptr != digits.data() + digits.size() || !v.has(start, length)) {
            p.addExpert(expert(InvalidLength));
            return 0;
        }
        if (key == "nodes" || key == "values" || key == "ip") {
            addresses(p, v, start, length, key);
        }
        // Identifiers and tokens are binary: Wireshark shows them in hex.
        const bool hex = key == "id" || key == "target" || key == "info_hash" || key == "t" || key == "v" || key == "token";
        if (p.wants(field(String)) || p.buildsTree()) {
            text = hex ? hexText(v.span(start, length)) : std::string(v.text(start, length));
            p.addText(field(String), v, start, length, text);
        }
        if (key == "id" && length == 20) p.addBytes(field(Id), v, start, length);
        return start + length;
    }

    // Compact node or peer information: 26 bytes per node (id, IPv4, port), 6 per peer.
    void addresses(Packet& p, const ByteView& v, std::uint32_t start, std::uint32_t length, std::string_view key) const {
        if (key == "nodes" && length % 26 == 0) {
            const ItemRef nodes = p.add(field(Nodes), v, start, length, {});
            p.push(nodes);
            for (std::uint32_t at = start; at + 26 <= start + length; at += 26) {
                const ItemRef node = p.add(field(Node), v, at, 26, {});
                p.push(node);
                p.addBytes(field(Id), v, at, 20);
                p.addIpv4(field(Ip), v, at + 20);
                p.addUint(field(Port), v, at + 24, 2);
                p.pop();
            }
            p.pop();
        } else if ((key == "values" || key == "ip") && length == 6) {
            const ItemRef peer = p.add(field(Peer), v, start, 6, {});
            p.push(peer);
            p.addIpv4(field(Ip), v, start);
            p.addUint(field(Port), v, start + 4, 2);
            p.pop();
        }
    }

    std::uint32_t container(Packet& p, const ByteView& v, std::uint32_t offset, int depth, bool dictionary,
                            std::string& text) const {
        const ItemRef item = offset == 0 ? kNoItem : p.add(field(dictionary ? Dict : List), v, offset, 1, {});
        if (item != kNoItem) p.push(item);
        std::uint32_t at = offset + 1;
        std::uint32_t result = 0;
        std::string ignored;
        while (at < v.captured()) {
            if (v.u8(at) == 'e') {
                if (p.wants(field(Terminator))) p.addText(field(Terminator), v, at, 1, "e");
                result = at + 1;
                break;
            }
            at = dictionary ? entry(p, v, at, depth) : value(p, v, at, depth + 1, {}, ignored);
            if (at == 0) break;
        }
        if (item != kNoItem) {
            p.pop();
            if (result != 0) p.setLength(item, result - offset);
        }
        text = dictionary ? "Dictionary..." : "list...";
        return result;
    }

    std::uint32_t entry(Packet& p, const ByteView& v, std::uint32_t at, int depth) const {
        const ItemRef item = p.add(field(DictEntry), v, at, 0, {});
        p.push(item);
        std::string key;
        std::string shown;
        std::uint32_t next = string(p, v, at, {}, key);
        if (next != 0) next = value(p, v, next, depth + 1, key, shown);
        p.pop();
        if (next != 0) p.setLength(item, next - at);
        if (p.buildsTree()) {
            std::string_view keyName = key;
            if (key.size() == 1 && !nameOf(kShortKeys, static_cast<std::uint8_t>(key[0])).empty()) {
                keyName = nameOf(kShortKeys, static_cast<std::uint8_t>(key[0]));
            }
            std::string_view valueName = shown;
            if (shown.size() == 1 && !nameOf(kShortValues, static_cast<std::uint8_t>(shown[0])).empty()) {
                valueName = nameOf(kShortValues, static_cast<std::uint8_t>(shown[0]));
            }
            p.setText(item, std::string(keyName) + ": " + std::string(valueName));
        }
        return next;
    }
};

std::uint32_t btDhtHeuristic(const Dissector& self, Packet& p, const ByteView& view) {
    return static_cast<const BtDhtProtocol&>(self).heuristic(p, view);
}

}  // namespace

void registerBtDht(Registry& r) {
    auto& dht = r.addProtocol<BtDhtProtocol>(kBtDhtFields);
    r.addExperts(dht, kBtDhtExperts);
    r.onHandoff([&dht](Registry& registry) {
        registry.addHeuristic("udp", dht, "bittorrent_dht_udp", btDhtHeuristic);
    });
}

}  // namespace caplens::proto
