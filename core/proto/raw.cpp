// raw — "Raw packet data": LINKTYPE_RAW (101, and the BSD DLT_RAW values 12 and 14 that pcap
// files also carry) frames are IPv4 or IPv6 by their version nibble, with the PPP and ISDN
// oddities Wireshark recognizes. LINKTYPE_IPV4 (228) and LINKTYPE_IPV6 (229) have no such layer:
// tshark hands them straight to ip / ipv6, and so does caplens.
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kLinkTypeBsdRaw = 12;
constexpr std::uint32_t kLinkTypeOpenBsdRaw = 14;

class RawProtocol final : public Dissector {
public:
    RawProtocol() : Dissector({"raw", "Raw", "Raw packet data"}) {}

    void connect(const DissectorTable& ethertypes, const Dissector* ppp) {
        m_ethertypes = &ethertypes;
        m_ppp = ppp;
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, 0);
        if (p.buildsTree()) p.setText(item, "Raw packet data");
        if (p.wantsColumns()) {
            p.setProtocolColumn("N/A");
            p.info() = "Raw packet data";
        }
        std::uint32_t used = 0;
        if (view.has(0, 2) && view.u16(0) == 0xFF03) {
            used = ppp(p, view);  // PPP in HDLC-like framing (old Linux PPP drivers)
        } else if (view.has(6, 2) && view.u16(6) == 0xFF03) {
            used = ppp(p, view.from(6));  // the Linux ISDN driver's fake MAC address, then PPP
        } else if (view.has(1, 2) && view.u16(1) == 0xFF03) {
            used = ppp(p, view.from(1));
        } else if (startsWithZeroes(view, 10)) {
            used = p.dispatch(*m_ethertypes, 0x0800, view.from(10));  // ISDN link down: 10 zero bytes
        } else {
            switch (view.u8(0) & 0xF0) {
                case 0x40: used = p.dispatch(*m_ethertypes, 0x0800, view); break;
                case 0x60: used = p.dispatch(*m_ethertypes, 0x86DD, view); break;
                default: break;
            }
        }
        if (used == 0 && !p.stopped()) p.callData(view);
        return view.reported();
    }

private:
    std::uint32_t ppp(Packet& p, const ByteView& view) const { return m_ppp != nullptr ? p.call(*m_ppp, view) : 0; }

    static bool startsWithZeroes(const ByteView& view, std::uint32_t count) {
        if (!view.has(0, count)) return false;
        for (std::uint32_t k = 0; k < count; ++k) {
            if (view.u8(k) != 0) return false;
        }
        return true;
    }

    const DissectorTable* m_ethertypes = nullptr;
    const Dissector* m_ppp = nullptr;
};


}  // namespace

void registerRaw(Registry& r) {
    auto& raw = r.addProtocol<RawProtocol>(std::span<const FieldDef>{});
    r.onHandoff([&raw](Registry& registry) {
        raw.connect(registry.table("ethertype"), registry.findProtocol("ppp"));
        auto& linkTypes = registry.table("linktype");
        for (const std::uint32_t type : {linktype::Raw, kLinkTypeBsdRaw, kLinkTypeOpenBsdRaw}) linkTypes.add(type, raw);
        // LINKTYPE_IPV4 / IPV6: no link layer at all (unless ip / ipv6 registered them already).
        if (const Dissector* ip = registry.findProtocol("ip"); ip != nullptr && linkTypes.find(linktype::Ipv4) == nullptr) {
            linkTypes.add(linktype::Ipv4, *ip);
        }
        if (const Dissector* ipv6 = registry.findProtocol("ipv6");
            ipv6 != nullptr && linkTypes.find(linktype::Ipv6) == nullptr) {
            linkTypes.add(linktype::Ipv6, *ipv6);
        }
    });
}

}  // namespace caplens::proto
