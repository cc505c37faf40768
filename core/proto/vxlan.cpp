// vxlan — Virtual eXtensible Local Area Network (RFC 7348) on UDP port 4789, with the Group
// Policy extension's fields (draft-smith-vxlan-group-policy): an 8-byte header, then the
// tunnelled Ethernet frame.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |G|R|R|R|I|R|R|R|R|D|R|R|A|R|R|R|        Group Policy ID        |
//   |          VXLAN Network Identifier (VNI)       |   Reserved    |
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 8;

constexpr ValueName kDefined[] = {{0, "Not defined"}, {1, "Defined"}};
constexpr ValueName kTrueFalse[] = {{0, "False"}, {1, "True"}};

enum VxlanField : FieldIndex {
    Flags, FlagsReserved, FlagG, FlagI, FlagD, FlagA, Gbp, Vni, Reserved8, kVxlanFieldCount
};

constexpr FieldDef kVxlanFields[] = {
    {Flags, "vxlan.flags", "Flags", FieldType::UInt16, Base::Hex},
    {FlagsReserved, "vxlan.flags_reserved", "Reserved(R)", FieldType::UInt16, Base::Hex, 0x77B7},
    {FlagG, "vxlan.flag_g", "GBP Extension", FieldType::Bool, Base::None, 0x8000, kDefined},
    {FlagI, "vxlan.flag_i", "VXLAN Network ID (VNI)", FieldType::Bool, Base::None, 0x0800, kTrueFalse},
    {FlagD, "vxlan.flag_d", "Don't Learn", FieldType::Bool, Base::None, 0x0040, kTrueFalse},
    {FlagA, "vxlan.flag_a", "Policy Applied", FieldType::Bool, Base::None, 0x0008, kTrueFalse},
    {Gbp, "vxlan.gbp", "Group Policy ID", FieldType::UInt16, Base::Dec},
    {Vni, "vxlan.vni", "VXLAN Network Identifier (VNI)", FieldType::UInt24, Base::Dec},
    {Reserved8, "vxlan.reserved8", "Reserved", FieldType::UInt8, Base::Dec},
};
static_assert(std::size(kVxlanFields) == kVxlanFieldCount);

class VxlanProtocol final : public Dissector {
public:
    VxlanProtocol() : Dissector({"vxlan", "VxLAN", "Virtual eXtensible Local Area Network"}) {}

    void connect(const Dissector* eth) { m_eth = eth; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, kHeaderLength);
        if (view.need(0, kHeaderLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kHeaderLength);
            return view.reported();
        }
        const ItemRef flags = p.add(field(Flags), view, 0, 2, FieldValue::ofUnsigned(view.u16(0)));
        p.push(flags);
        for (const VxlanField f : {FlagG, FlagI, FlagD, FlagA, FlagsReserved}) p.addUint(field(f), view, 0, 2);
        p.pop();
        p.addUint(field(Gbp), view, 2, 2);
        p.addUint(field(Vni), view, 4, 3);
        p.addUint(field(Reserved8), view, 7, 1);
        // The tunnelled frame, even an empty one (Wireshark then calls it malformed).
        const ByteView payload = view.from(kHeaderLength);
        if (m_eth == nullptr || p.call(*m_eth, payload) == 0) {
            if (!p.stopped()) p.callData(payload);
        }
        return view.reported();
    }

private:
    const Dissector* m_eth = nullptr;
};

}  // namespace

void registerVxlan(Registry& r) {
    auto& vxlan = r.addProtocol<VxlanProtocol>(kVxlanFields);
    r.onHandoff([&vxlan](Registry& registry) {
        vxlan.connect(registry.findProtocol("eth"));
        registry.table("udp.port").add(4789, vxlan);
    });
}

}  // namespace caplens::proto
