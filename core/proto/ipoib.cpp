// ipoib — IP over InfiniBand (RFC 4391) as libpcap writes it (LINKTYPE_IPOIB 242): a 40-byte
// pseudo Global Route Header (all zero but the destination address when the packet was unicast),
// then the 4-byte IPoIB encapsulation header whose type is an ethertype. Wireshark hands IPv4,
// IPv6 and ARP on and leaves other types undissected.
//
//   | GRH / destination (40) | type (16) | reserved (16) | payload
//   destination: | ... (21) | QPN (24) | GID (128) |
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kGrhLength = 40;
constexpr std::uint32_t kHeaderLength = kGrhLength + 4;

enum IpoibField : FieldIndex {
    Daddr, DaddrQpn, Dgid, Grh, GrhIpver, GrhTclass, GrhFlowlabel, GrhSqpn, GrhSgid, Type, Reserved, kIpoibFieldCount
};

constexpr FieldDef kIpoibFields[] = {
    {Daddr, "ipoib.daddr", "Destination address", FieldType::None},
    {DaddrQpn, "ipoib.daddr.qpn", "Destination QPN", FieldType::UInt24, Base::Hex},
    {Dgid, "ipoib.dgid", "Destination GID", FieldType::Ipv6},
    {Grh, "ipoib.grh", "Global Route Header", FieldType::None},
    {GrhIpver, "ipoib.grh.ipver", "IP Version", FieldType::UInt8, Base::Dec, 0xf0},
    {GrhTclass, "ipoib.grh.tclass", "Traffic Class", FieldType::UInt16, Base::Dec, 0x0ff0},
    {GrhFlowlabel, "ipoib.grh.flowlabel", "Flow Label", FieldType::UInt32, Base::Dec, 0x000fffff},
    {GrhSqpn, "ipoib.grh.sqpn", "Source QPN", FieldType::UInt24, Base::Hex},
    {GrhSgid, "ipoib.grh.sgid", "Source GID", FieldType::Ipv6},
    {Type, "ipoib.type", "Type", FieldType::UInt16, Base::Hex, 0, kEthertypeNames},
    {Reserved, "ipoib.reserved", "Reserved", FieldType::UInt16, Base::Hex},
};
static_assert(std::size(kIpoibFields) == kIpoibFieldCount);

class IpoibProtocol final : public Dissector {
public:
    IpoibProtocol() : Dissector({"ipoib", "IPoIB", "IP over Infiniband"}) {}

    void connect(const DissectorTable& ethertypes) { m_ethertypes = &ethertypes; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, kHeaderLength);
        if (p.wantsColumns()) p.info() = "IP over Infiniband";
        if (view.need(0, kHeaderLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kHeaderLength);
            return view.reported();
        }
        addRouteHeader(p, view);
        const std::uint16_t type = view.u16(kGrhLength);
        p.addUint(field(Type), view, kGrhLength, 2);
        p.addUint(field(Reserved), view, kGrhLength + 2, 2);
        // Only these three are handed on; anything else stays undissected, as in Wireshark.
        if (type == 0x0800 || type == 0x86DD || type == 0x0806 || type == 0x8035) {
            p.dispatch(*m_ethertypes, type == 0x8035 ? 0x0806 : type, view.from(kHeaderLength));
        }
        return view.reported();
    }

private:
    // A zero first word means the GRH is not valid (unicast): only the destination is set.
    void addRouteHeader(Packet& p, const ByteView& view) const {
        if (view.u16(0) == 0) {
            const ItemRef item = p.add(field(Daddr), view, 20, 20, FieldValue{});
            p.push(item);
            p.addUint(field(DaddrQpn), view, 21, 3);
            p.addBytes(field(Dgid), view, 24, 16);
            p.pop();
            return;
        }
        const ItemRef item = p.add(field(Grh), view, 0, kGrhLength, FieldValue{});
        p.push(item);
        p.addUint(field(GrhIpver), view, 0, 1);
        p.addUint(field(GrhTclass), view, 0, 2);
        p.addUint(field(GrhFlowlabel), view, 0, 4);
        p.addUint(field(GrhSqpn), view, 5, 3);
        p.addBytes(field(GrhSgid), view, 8, 16);
        p.addBytes(field(Dgid), view, 24, 16);
        p.pop();
    }

    const DissectorTable* m_ethertypes = nullptr;
};

}  // namespace

void registerIpoib(Registry& r) {
    auto& ipoib = r.addProtocol<IpoibProtocol>(kIpoibFields);
    r.onHandoff([&ipoib](Registry& registry) {
        ipoib.connect(registry.table("ethertype"));
        registry.table("linktype").add(linktype::IpOverIb, ipoib);
    });
}

}  // namespace caplens::proto
