// stun — Session Traversal Utilities for NAT (RFC 5389 / 8489) on UDP and TCP port 3478, and
// the "stun_udp" / "stun_tcp" heuristics (a message whose magic cookie and length fit).
//
//   |0 0|     STUN Message Type     |         Message Length        |
//   |                  Magic Cookie 0x2112A442                      |
//   |                Transaction ID (96 bits)                       |
//   attributes: | Type(16) | Length(16) | Value (padded to 4 bytes) |
#include <cstdio>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kStunPort = 3478;
constexpr std::uint32_t kHeaderLength = 20;
constexpr std::uint32_t kMagicCookie = 0x2112A442;

enum StunField : FieldIndex {
    Type, TypeClass, TypeMethod, Length, Cookie, Id, Attributes, AttType, AttLength, AttFamily, AttPort, AttIpv4,
    AttPortXord, AttIpv4Xord, AttUsername, AttSoftware, AttValue, kStunFieldCount
};

constexpr ValueName kClassNames[] = {{0, "Request"}, {1, "Indication"}, {2, "Success Response"}, {3, "Error Response"}};
constexpr ValueName kMethodNames[] = {{0x001, "Binding"}, {0x002, "SharedSecret"}, {0x003, "Allocate"},
                                      {0x004, "Refresh"}, {0x006, "Send"}, {0x007, "Data"},
                                      {0x008, "CreatePermission"}, {0x009, "ChannelBind"}};
constexpr ValueName kAttributeNames[] = {
    {0x0001, "MAPPED-ADDRESS"}, {0x0006, "USERNAME"}, {0x0008, "MESSAGE-INTEGRITY"}, {0x0009, "ERROR-CODE"},
    {0x000a, "UNKNOWN-ATTRIBUTES"}, {0x000c, "CHANNEL-NUMBER"}, {0x000d, "LIFETIME"},
    {0x0012, "XOR-PEER-ADDRESS"}, {0x0013, "DATA"}, {0x0014, "REALM"}, {0x0015, "NONCE"},
    {0x0016, "XOR-RELAYED-ADDRESS"}, {0x0019, "REQUESTED-TRANSPORT"}, {0x0020, "XOR-MAPPED-ADDRESS"},
    {0x0024, "PRIORITY"}, {0x0025, "USE-CANDIDATE"}, {0x8022, "SOFTWARE"}, {0x8023, "ALTERNATE-SERVER"},
    {0x8028, "FINGERPRINT"}, {0x8029, "ICE-CONTROLLED"}, {0x802a, "ICE-CONTROLLING"}};
constexpr ValueName kFamilies[] = {{1, "IPv4"}, {2, "IPv6"}};

constexpr FieldDef kStunFields[] = {
    {Type, "stun.type", "Message Type", FieldType::UInt16, Base::Hex},
    {TypeClass, "stun.type.class", "Message Class", FieldType::UInt16, Base::Hex, 0, kClassNames},
    {TypeMethod, "stun.type.method", "Message Method", FieldType::UInt16, Base::Hex, 0, kMethodNames},
    {Length, "stun.length", "Message Length", FieldType::UInt16, Base::Dec},
    {Cookie, "stun.cookie", "Message Cookie", FieldType::Bytes},
    {Id, "stun.id", "Message Transaction ID", FieldType::Bytes},
    {Attributes, "stun.attributes", "Attributes", FieldType::None},
    {AttType, "stun.att.type", "Attribute Type", FieldType::UInt16, Base::Hex, 0, kAttributeNames},
    {AttLength, "stun.att.length", "Attribute Length", FieldType::UInt16, Base::Dec},
    {AttFamily, "stun.att.family", "Protocol Family", FieldType::UInt8, Base::Hex, 0, kFamilies},
    {AttPort, "stun.att.port", "Port", FieldType::UInt16, Base::Dec},
    {AttIpv4, "stun.att.ipv4", "IP", FieldType::Ipv4},
    {AttPortXord, "stun.att.port-xord", "Port (XOR-d)", FieldType::Bytes},
    {AttIpv4Xord, "stun.att.ipv4-xord", "IP (XOR-d)", FieldType::Bytes},
    {AttUsername, "stun.att.username", "Username", FieldType::String},
    {AttSoftware, "stun.att.software", "Software", FieldType::String},
    {AttValue, "stun.value", "Value", FieldType::Bytes},
};
static_assert(std::size(kStunFields) == kStunFieldCount);

// The class and method interleaved in the message type (RFC 5389 section 6):
//   M11..M7 C1 M6..M4 C0 M3..M0
std::uint16_t messageClass(std::uint16_t type) { return static_cast<std::uint16_t>(((type >> 7) & 2) | ((type >> 4) & 1)); }
std::uint16_t messageMethod(std::uint16_t type) {
    return static_cast<std::uint16_t>((type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2));
}

class StunProtocol final : public Dissector {
public:
    StunProtocol() : Dissector({"stun", "STUN", "Session Traversal Utilities for NAT"}) {}

    // A complete STUN message: type bits 00, the cookie, a length that fits the bytes.
    static bool looksLikeStun(const ByteView& v, bool exactLength) {
        if (v.captured() < kHeaderLength || (v.u8(0) & 0xc0) != 0 || v.u32(4) != kMagicCookie) return false;
        const std::uint32_t length = v.u16(2);
        if (length % 4 != 0) return false;
        return exactLength ? length + kHeaderLength == v.reported() : length + kHeaderLength <= v.reported();
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        if (!looksLikeStun(view, false)) return 0;
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        const std::uint16_t type = view.u16(0);
        const std::uint32_t length = view.u16(2);
        const ItemRef typeItem = p.add(field(Type), view, 0, 2, FieldValue::ofUnsigned(type));
        p.push(typeItem);
        p.add(field(TypeClass), view, 0, 2, FieldValue::ofUnsigned(messageClass(type)));
        p.add(field(TypeMethod), view, 0, 2, FieldValue::ofUnsigned(messageMethod(type)));
        p.pop();
        p.addUint(field(Length), view, 2, 2);
        p.addBytes(field(Cookie), view, 4, 4);
        p.addBytes(field(Id), view, 8, 12);
        const std::string_view method = nameOf(kMethodNames, messageMethod(type));
        const std::string summary = (method.empty() ? std::string("Unknown") : std::string(method)) + " " +
                                    std::string(nameOf(kClassNames, messageClass(type)));
        if (p.buildsTree()) p.setText(item, "Session Traversal Utilities for NAT");
        if (p.wantsColumns()) p.info() = summary;
        attributes(p, view, kHeaderLength, kHeaderLength + length);
        return kHeaderLength + length;
    }

private:
    void attributes(Packet& p, const ByteView& v, std::uint32_t at, std::uint32_t end) const {
        if (at >= end) return;
        const ItemRef list = p.add(field(Attributes), v, at, end - at, {});
        p.push(list);
        while (at + 4 <= end) {
            if (v.need(at, 4) != Availability::Available) {
                p.markUnavailable(*this, v, at, 4);
                break;
            }
            const std::uint16_t type = v.u16(at);
            const std::uint16_t length = v.u16(at + 2);
            const std::uint32_t value = at + 4;
            if (value + length > end) {
                p.markMalformed(*this);
                break;
            }
            const ItemRef item = p.add(field(AttType), v, at, 4u + length, FieldValue::ofUnsigned(type));
            p.push(item);
            p.addUint(field(AttLength), v, at + 2, 2);
            attribute(p, v, type, value, length);
            p.pop();
            at = value + ((length + 3u) & ~3u);  // values are padded to 4 bytes
        }
        p.pop();
    }

    void attribute(Packet& p, const ByteView& v, std::uint16_t type, std::uint32_t at, std::uint16_t length) const {
        switch (type) {
            case 0x0001:
            case 0x8023:
                if (length < 8) break;
                p.addUint(field(AttFamily), v, at + 1, 1);
                p.addUint(field(AttPort), v, at + 2, 2);
                if (v.u8(at + 1) == 1) p.addIpv4(field(AttIpv4), v, at + 4);
                return;
            case 0x0012:
            case 0x0016:
            case 0x0020:
                if (length < 8) break;
                p.addUint(field(AttFamily), v, at + 1, 1);
                p.addBytes(field(AttPortXord), v, at + 2, 2);
                p.add(field(AttPort), v, at + 2, 2, FieldValue::ofUnsigned(v.u16(at + 2) ^ (kMagicCookie >> 16)), FieldFlags::Generated);
                if (v.u8(at + 1) == 1) {
                    p.addBytes(field(AttIpv4Xord), v, at + 4, 4);
                    p.add(field(AttIpv4), v, at + 4, 4, FieldValue::ofUnsigned(v.u32(at + 4) ^ kMagicCookie), FieldFlags::Generated);
                }
                return;
            case 0x0006: p.addText(field(AttUsername), v, at, length, v.text(at, length)); return;
            case 0x8022: p.addText(field(AttSoftware), v, at, length, v.text(at, length)); return;
            default: break;
        }
        if (length > 0) p.addBytes(field(AttValue), v, at, length);
    }
};

std::uint32_t stunHeuristic(const Dissector& self, Packet& p, const ByteView& view) {
    if (!StunProtocol::looksLikeStun(view, true)) return 0;
    return self.dissect(p, view);
}

}  // namespace

void registerStun(Registry& r) {
    auto& stun = r.addProtocol<StunProtocol>(kStunFields);
    r.onHandoff([&stun](Registry& registry) {
        registry.table("udp.port").add(kStunPort, stun);
        registry.table("tcp.port").add(kStunPort, stun);
        registry.addHeuristic("udp", stun, "stun_udp", stunHeuristic);
        registry.addHeuristic("tcp", stun, "stun_tcp", stunHeuristic);
    });
}

}  // namespace caplens::proto
