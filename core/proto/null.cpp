// null — BSD loopback encapsulation, Wireshark's "null" for both LINKTYPE_NULL (0: a 4-byte
// address family in the capturing host's byte order) and LINKTYPE_LOOP (108, OpenBSD: the
// family in network byte order). The family goes to the "null.type" table (2: IPv4, 24/28/30:
// IPv6 on the various BSDs, 23: IPX); a value above 1500 is an old-style ethertype. A frame
// starting 0xFF03 is PPP in HDLC-like framing.
//
//   | address family (32 bits, host order for NULL, network order for LOOP) | payload ...
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 4;
constexpr std::uint32_t kMaxLength = 1500;  // above: an ethertype, as old BSDs wrote

constexpr ValueName kFamilyNames[] = {
    {2, "IP"}, {7, "OSI"}, {16, "Appletalk"}, {23, "Netware IPX/SPX"}, {24, "IPv6"}, {28, "IPv6"}, {30, "IPv6"},
};

enum NullField : FieldIndex { Type, Family, kNullFieldCount };

constexpr FieldDef kNullFields[] = {
    {Type, "null.type", "Type", FieldType::UInt16, Base::Hex, 0, kEthertypeNames},
    {Family, "null.family", "Family", FieldType::UInt32, Base::Dec, 0, kFamilyNames},
};
static_assert(std::size(kNullFields) == kNullFieldCount);

// The ethertype of a BSD address family, for families whose protocol registered only in
// "ethertype" (0: none).
[[nodiscard]] std::uint16_t ethertypeOfFamily(std::uint32_t family) {
    switch (family) {
        case 2: return 0x0800;
        case 23: return 0x8137;
        case 24:
        case 28:
        case 30: return 0x86DD;
        default: return 0;
    }
}

// The family as Wireshark reads a LINKTYPE_NULL header written in an unknown byte order.
[[nodiscard]] std::uint32_t hostOrderFamily(const ByteView& view) {
    std::uint32_t family = view.u32le(0);
    if ((family & 0xFFFF0000) != 0) {
        // A BSD family in the upper 16 bits (IRIX, UNICOS/mp write 16-bit values there) ...
        if ((family & 0xFF000000) == 0 && (family & 0x00FF0000) < 0x00060000) {
            family >>= 16;
        } else {
            // ... or a header written big-endian.
            family = view.u32(0);
        }
    } else if ((family & 0x000000FF) == 0 && (family & 0x0000FF00) < 0x00000600) {
        family >>= 8;  // a 16-bit family in the wrong byte order
    }
    return family;
}

class NullProtocol final : public Dissector {
public:
    NullProtocol() : Dissector({"null", "Null", "Null/Loopback"}) {}

    void connect(const DissectorTable& families, const DissectorTable& ethertypes, const Dissector* ppp) {
        m_families = &families;
        m_ethertypes = &ethertypes;
        m_ppp = ppp;
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const bool loop = p.frame().linkType == linktype::Loop;
        if (!loop && m_ppp != nullptr && view.has(0, 2) && view.u16(0) == 0xFF03) return p.call(*m_ppp, view);
        p.beginProtocol(*this, view, kHeaderLength);
        if (view.need(0, kHeaderLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kHeaderLength);
            return view.reported();
        }
        const std::uint32_t family = loop ? view.u32(0) : hostOrderFamily(view);
        const ByteView payload = view.from(kHeaderLength);
        std::uint32_t used = 0;
        if (!loop && family > kMaxLength) {
            p.add(field(Type), view, 0, 4, FieldValue::ofUnsigned(family & 0xFFFF));
            used = p.dispatch(*m_ethertypes, family & 0xFFFF, payload);
        } else {
            p.add(field(Family), view, 0, 4, FieldValue::ofUnsigned(family));
            used = p.dispatch(*m_families, family, payload);
            if (used == 0 && !p.stopped() && m_families->find(family) == nullptr) {
                if (const std::uint16_t type = ethertypeOfFamily(family)) used = p.dispatch(*m_ethertypes, type, payload);
            }
        }
        if (used == 0 && !p.stopped()) p.callData(payload);
        return view.reported();
    }

private:
    const DissectorTable* m_families = nullptr;
    const DissectorTable* m_ethertypes = nullptr;
    const Dissector* m_ppp = nullptr;
};

}  // namespace

void registerNull(Registry& r) {
    auto& null = r.addProtocol<NullProtocol>(kNullFields);
    r.addTable("null.type", "Null type");
    r.onHandoff([&null](Registry& registry) {
        null.connect(registry.table("null.type"), registry.table("ethertype"), registry.findProtocol("ppp"));
        registry.table("linktype").add(linktype::Null, null);
        registry.table("linktype").add(linktype::Loop, null);
    });
}

}  // namespace caplens::proto
