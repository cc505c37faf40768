// vlan — IEEE 802.1Q VLAN tag ("vlan", ethertypes 0x8100 and 0x9100): priority, DEI, VLAN ID,
// then either an ethertype (handed to the "ethertype" table) or, at 1500 and below, an 802.3
// length followed by LLC (or raw IPX when the payload starts 0xFFFF). Tags nest (QinQ): each
// tag is one more "vlan" layer, bounded by the engine's depth limit.
//
//   +-----+---+------------------------+-------------------------------+
//   | PCP |DEI|        VLAN ID         |     Type / Length             |
//   +-----+---+------------------------+-------------------------------+
//    3 bits 1      12 bits                       16 bits
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kTagLength = 4;
constexpr std::uint16_t kMaxLength = 1500;  // IEEE 802.3 length field values

// Traffic types of IEEE 802.1Q-2011 table I-2 with 8 priorities and no drop eligibility
// (Wireshark's default priority encoding).
constexpr ValueName kPriorityNames[] = {
    {0, "Best Effort (default)"}, {1, "Background"}, {2, "Excellent Effort"},
    {3, "Critical Applications"}, {4, "Video, < 100ms latency and jitter"},
    {5, "Voice, < 10ms latency and jitter"}, {6, "Internetwork Control"}, {7, "Network Control"},
};
constexpr ValueName kDeiNames[] = {{0, "Ineligible"}, {1, "Eligible"}};
constexpr ValueName kCfiNames[] = {{0, "Canonical"}, {1, "Non-canonical"}};

enum VlanField : FieldIndex { Priority, Cfi, Dei, Id, Etype, Len, Trailer, kVlanFieldCount };

constexpr FieldDef kVlanFields[] = {
    {Priority, "vlan.priority", "Priority", FieldType::UInt16, Base::Dec, 0xe000, kPriorityNames},
    // The same bit as DEI under 802.1Q-2005 and earlier, which caplens does not decode by: no mask.
    {Cfi, "vlan.cfi", "CFI", FieldType::Bool, Base::None, 0, kCfiNames},
    {Dei, "vlan.dei", "DEI", FieldType::Bool, Base::None, 0x1000, kDeiNames},
    {Id, "vlan.id", "ID", FieldType::UInt16, Base::Dec, 0x0fff},
    {Etype, "vlan.etype", "Type", FieldType::UInt16, Base::Hex, 0, kEthertypeNames},
    {Len, "vlan.len", "Length", FieldType::UInt16, Base::Dec},
    {Trailer, "vlan.trailer", "Trailer", FieldType::Bytes},
};
static_assert(std::size(kVlanFields) == kVlanFieldCount);

enum VlanExpert : std::uint16_t { LengthPastEnd, kVlanExpertCount };
constexpr ExpertDef kVlanExperts[] = {
    {LengthPastEnd, "vlan.len.past_end", ExpertSeverity::Warning, ExpertGroup::Malformed,
     "Length field value goes past the end of the payload"},
};
static_assert(std::size(kVlanExperts) == kVlanExpertCount);

class VlanProtocol final : public Dissector {
public:
    VlanProtocol() : Dissector({"vlan", "VLAN", "802.1Q Virtual LAN"}) {}

    void connect(const DissectorTable& ethertypes, const Dissector* llc, const Dissector* ipx) {
        m_ethertypes = &ethertypes;
        m_llc = llc;
        m_ipx = ipx;
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, kTagLength);
        if (view.need(0, kTagLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kTagLength);
            return view.reported();
        }
        const std::uint16_t tci = view.u16(0);
        const std::uint16_t type = view.u16(2);
        p.addUint(field(Priority), view, 0, 2);
        p.addUint(field(Dei), view, 0, 2);
        p.addUint(field(Id), view, 0, 2);
        if (p.buildsTree()) {
            p.setText(item, "802.1Q Virtual LAN, PRI: " + std::to_string(tci >> 13) + ", DEI: " +
                                std::to_string((tci >> 12) & 1) + ", ID: " + std::to_string(tci & 0x0FFF));
        }
        if (p.wantsColumns()) {
            p.info() = "PRI: " + std::to_string(tci >> 13) + "  DEI: " + std::to_string((tci >> 12) & 1) +
                       "  ID: " + std::to_string(tci & 0x0FFF);
        }
        const ByteView payload = view.from(kTagLength);
        std::uint32_t used = 0;
        if (type <= kMaxLength) {
            used = dissect8023(p, view, type);
        } else {
            p.addUint(field(Etype), view, 2, 2);
            used = p.dispatch(*m_ethertypes, type, payload);
            if (used == 0 && !p.stopped()) used = p.callData(payload);
        }
        // What the payload did not claim is left to the outer layer (Ethernet's padding and
        // trailer), so the tag reports only the bytes it and its payload used.
        return kTagLength + std::min(used, payload.reported());
    }

private:
    // An 802.3 length: LLC, or Novell's raw 802.3 IPX when the payload starts 0xFFFF.
    std::uint32_t dissect8023(Packet& p, const ByteView& view, std::uint16_t length) const {
        p.addUint(field(Len), view, 2, 2);
        const ByteView payload = view.from(kTagLength);
        if (length > payload.reported()) p.addExpert(expert(LengthPastEnd));
        const ByteView bytes = payload.limit(length);
        const bool rawIpx = bytes.has(0, 2) && bytes.u16(0) == 0xFFFF;
        const Dissector* next = rawIpx ? m_ipx : m_llc;
        std::uint32_t used = next != nullptr ? p.call(*next, bytes) : 0;
        if (used == 0 && !p.stopped()) used = p.callData(bytes);
        return std::max<std::uint32_t>(used, bytes.reported());
    }

    const DissectorTable* m_ethertypes = nullptr;
    const Dissector* m_llc = nullptr;
    const Dissector* m_ipx = nullptr;
};

}  // namespace

void registerVlan(Registry& r) {
    auto& vlan = r.addProtocol<VlanProtocol>(kVlanFields);
    r.addExperts(vlan, kVlanExperts);
    r.onHandoff([&vlan](Registry& registry) {
        vlan.connect(registry.table("ethertype"), registry.findProtocol("llc"), registry.findProtocol("ipx"));
        registry.table("ethertype").add(0x8100, vlan);
        registry.table("ethertype").add(0x9100, vlan);  // pre-802.1ad QinQ outer tags
    });
}

}  // namespace caplens::proto
