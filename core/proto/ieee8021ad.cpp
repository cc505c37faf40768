// ieee8021ad — IEEE 802.1ad provider bridging (Q-in-Q) S-tag on ethertype 0x88a8, and the
// IEEE 802.1ah provider backbone (MAC-in-MAC) I-tag on 0x88e7, as Wireshark's
// packet-ieee8021ah.c dissects both. The S-tag's inner type is Wireshark's "ieee8021ah.etype"
// field, so the two protocols share this file.
//
//   802.1ad S-tag:  | PCP(3) DEI(1) S-VID(12) | Type (16) |
//   802.1ah I-tag:  | PCP(3) DEI(1) NCA(1) res(3) I-SID(24) | C-DA (48) | C-SA (48) | Type (16) |
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kSTagLength = 4;
constexpr std::uint32_t kITagLength = 18;

enum Ieee8021adField : FieldIndex { AdPriority, AdDei, AdId, AdSvid, AdCvid, kAdFieldCount };

constexpr FieldDef kAdFields[] = {
    {AdPriority, "ieee8021ad.priority", "Priority", FieldType::UInt16, Base::Dec, 0xe000},
    {AdDei, "ieee8021ad.dei", "DEI", FieldType::UInt16, Base::Dec, 0x1000},
    {AdId, "ieee8021ad.id", "ID", FieldType::UInt16, Base::Dec, 0x0fff},
    {AdSvid, "ieee8021ad.svid", "ID", FieldType::UInt16, Base::Dec, 0x0fff},
    {AdCvid, "ieee8021ad.cvid", "ID", FieldType::UInt16, Base::Dec, 0x0fff},
};
static_assert(std::size(kAdFields) == kAdFieldCount);

enum Ieee8021ahField : FieldIndex {
    AhPriority, AhDrop, AhNca, AhRes1, AhRes2, AhIsid, AhCdst, AhCsrc, AhEtype, AhTrailer, kAhFieldCount
};

constexpr FieldDef kAhFields[] = {
    {AhPriority, "ieee8021ah.priority", "Priority", FieldType::UInt32, Base::Dec, 0xe0000000},
    {AhDrop, "ieee8021ah.drop", "DROP", FieldType::UInt32, Base::Dec, 0x10000000},
    {AhNca, "ieee8021ah.nca", "NCA", FieldType::UInt32, Base::Dec, 0x08000000},
    {AhRes1, "ieee8021ah.res1", "RES1", FieldType::UInt32, Base::Dec, 0x04000000},
    {AhRes2, "ieee8021ah.res2", "RES2", FieldType::UInt32, Base::Dec, 0x03000000},
    {AhIsid, "ieee8021ah.isid", "I-SID", FieldType::UInt32, Base::Dec, 0x00ffffff},
    {AhCdst, "ieee8021ah.cdst", "C-Destination", FieldType::Ether},
    {AhCsrc, "ieee8021ah.csrc", "C-Source", FieldType::Ether},
    {AhEtype, "ieee8021ah.etype", "Type", FieldType::UInt16, Base::Hex, 0, kEthertypeNames},
    {AhTrailer, "ieee8021ah.trailer", "Trailer", FieldType::Bytes},
};
static_assert(std::size(kAhFields) == kAhFieldCount);

// Hands `payload` to the ethertype table (data when nobody takes it); returns the bytes used.
std::uint32_t dispatchEthertype(Packet& p, const DissectorTable& ethertypes, std::uint16_t type,
                                const ByteView& payload) {
    std::uint32_t used = p.dispatch(ethertypes, type, payload);
    if (used == 0 && !p.stopped()) used = p.callData(payload);
    return std::min(used, payload.reported());
}

class Ieee8021ahProtocol final : public Dissector {
public:
    Ieee8021ahProtocol() : Dissector({"ieee8021ah", "IEEE 802.1ah", "IEEE 802.1ah"}) {}

    void connect(const DissectorTable& ethertypes) { m_ethertypes = &ethertypes; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, kITagLength);
        if (view.need(0, kITagLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kITagLength);
            return view.reported();
        }
        const std::uint32_t tag = view.u32(0);
        for (const auto f : {AhPriority, AhDrop, AhNca, AhRes1, AhRes2, AhIsid}) p.addUint(field(f), view, 0, 4);
        p.addBytes(field(AhCdst), view, 4, 6);
        p.addBytes(field(AhCsrc), view, 10, 6);
        p.addUint(field(AhEtype), view, 16, 2);
        if (p.buildsTree()) p.setText(item, "IEEE 802.1ah, I-SID: " + std::to_string(tag & 0x00FFFFFF));
        if (p.wantsColumns()) {
            p.info() = "PRI: " + std::to_string(tag >> 29) + "  Drop: " + std::to_string((tag >> 28) & 1) +
                       "  NCA: " + std::to_string((tag >> 27) & 1) + "  I-SID: " + std::to_string(tag & 0x00FFFFFF);
        }
        return kITagLength + dispatchEthertype(p, *m_ethertypes, view.u16(16), view.from(kITagLength));
    }

    // The inner type of an 802.1ad S-tag is shown with this protocol's field, as Wireshark does.
    [[nodiscard]] FieldId etypeField() const { return field(AhEtype); }

private:
    const DissectorTable* m_ethertypes = nullptr;
};

class Ieee8021adProtocol final : public Dissector {
public:
    Ieee8021adProtocol() : Dissector({"ieee8021ad", "IEEE 802.1ad", "IEEE 802.1ad"}) {}

    void connect(const DissectorTable& ethertypes, const Ieee8021ahProtocol& ah) {
        m_ethertypes = &ethertypes;
        m_ah = &ah;
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, kSTagLength);
        if (view.need(0, kSTagLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kSTagLength);
            return view.reported();
        }
        const std::uint16_t tci = view.u16(0);
        p.addUint(field(AdPriority), view, 0, 2);
        p.addUint(field(AdDei), view, 0, 2);
        p.addUint(field(AdId), view, 0, 2);
        p.addUint(m_ah->etypeField(), view, 2, 2);
        if (p.buildsTree()) p.setText(item, "IEEE 802.1ad, ID: " + std::to_string(tci & 0x0FFF));
        if (p.wantsColumns()) {
            p.info() = "PRI: " + std::to_string(tci >> 13) + "  DEI: " + std::to_string((tci >> 12) & 1) +
                       "  ID: " + std::to_string(tci & 0x0FFF);
        }
        return kSTagLength + dispatchEthertype(p, *m_ethertypes, view.u16(2), view.from(kSTagLength));
    }

private:
    const DissectorTable* m_ethertypes = nullptr;
    const Ieee8021ahProtocol* m_ah = nullptr;
};

}  // namespace

void registerIeee8021ad(Registry& r) {
    auto& ad = r.addProtocol<Ieee8021adProtocol>(kAdFields);
    auto& ah = r.addProtocol<Ieee8021ahProtocol>(kAhFields);
    r.onHandoff([&ad, &ah](Registry& registry) {
        ad.connect(registry.table("ethertype"), ah);
        ah.connect(registry.table("ethertype"));
        registry.table("ethertype").add(0x88a8, ad);
        registry.table("ethertype").add(0x88e7, ah);
    });
}

}  // namespace caplens::proto
