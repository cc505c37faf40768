// eth — Ethernet II and IEEE 802.3 framing: addresses, the ethertype hand-off ("ethertype"
// table), and what follows the payload (padding up to the 60-byte minimum, then trailer).
#include "core/proto/protocols.hpp"
#include "core/proto/names.hpp"

namespace caplens::proto {
namespace {

// Ethertypes of 1536 and above name a protocol; 1500 and below are an 802.3 length.
constexpr std::uint16_t kEthernetIIMinType = 1536;
constexpr std::uint32_t kHeaderLength = 14;
constexpr std::uint32_t kMinimumFrame = 60;  // without FCS

enum EthField : FieldIndex {
    Dst, DstLg, DstIg, Src, SrcLg, SrcIg, Addr, Lg, Ig, Type, Len, Padding, Trailer, kEthFieldCount
};

constexpr ValueName kLgNames[] = {{0, "Globally unique address (factory default)"},
                                  {1, "Locally administered address (this is NOT the factory default)"}};
constexpr ValueName kIgNames[] = {{0, "Individual address (unicast)"}, {1, "Group address (multicast/broadcast)"}};

constexpr FieldDef kEthFields[] = {
    {Dst, "eth.dst", "Destination", FieldType::Ether},
    {DstLg, "eth.dst.lg", "LG bit", FieldType::Bool, Base::None, 0x020000, kLgNames},
    {DstIg, "eth.dst.ig", "IG bit", FieldType::Bool, Base::None, 0x010000, kIgNames},
    {Src, "eth.src", "Source", FieldType::Ether},
    {SrcLg, "eth.src.lg", "LG bit", FieldType::Bool, Base::None, 0x020000, kLgNames},
    {SrcIg, "eth.src.ig", "IG bit", FieldType::Bool, Base::None, 0x010000, kIgNames},
    {Addr, "eth.addr", "Address", FieldType::Ether},
    {Lg, "eth.lg", "LG bit", FieldType::Bool, Base::None, 0x020000, kLgNames},
    {Ig, "eth.ig", "IG bit", FieldType::Bool, Base::None, 0x010000, kIgNames},
    {Type, "eth.type", "Type", FieldType::UInt16, Base::Hex, 0, kEthertypeNames},
    {Len, "eth.len", "Length", FieldType::UInt16, Base::Dec},
    {Padding, "eth.padding", "Padding", FieldType::Bytes},
    {Trailer, "eth.trailer", "Trailer", FieldType::Bytes},
};
static_assert(std::size(kEthFields) == kEthFieldCount);

enum EthExpert : std::uint16_t { SrcNotGroup, kEthExpertCount };
constexpr ExpertDef kEthExperts[] = {
    {SrcNotGroup, "eth.src_not_group", ExpertSeverity::Warning, ExpertGroup::Protocol,
     "Source MAC must not be a group address: IEEE 802.3-2002, Section 3.2.3(b)"},
};
static_assert(std::size(kEthExperts) == kEthExpertCount);

class EthProtocol final : public Dissector {
public:
    EthProtocol() : Dissector({"eth", "Ethernet", "Ethernet II"}) {}

    void connect(const DissectorTable& ethertypes, const Dissector* llc) {
        m_ethertypes = &ethertypes;
        m_llc = llc;
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        if (view.need(0, kHeaderLength) != Availability::Available) {
            p.beginProtocol(*this, view, view.captured());
            p.markUnavailable(*this, view, 0, kHeaderLength);
            return view.reported();
        }
        const std::uint16_t type = view.u16(12);
        const ItemRef item = p.beginProtocol(*this, view, kHeaderLength);
        addAddress(p, view, 0, Dst, DstLg, DstIg);
        addAddress(p, view, 6, Src, SrcLg, SrcIg);
        if (view.u8(6) & 0x01) p.addExpert(expert(SrcNotGroup));  // the I/G bit: a group address
        if (p.buildsTree()) p.setText(item, title(view, type));
        if (p.wantsColumns()) addInfo(p, view);
        TapRecord tap;
        tap.kind = TapKind::Ethernet;
        tap.addressLength = 6;
        std::copy_n(view.bytes().begin() + 6, 6, tap.source.begin());
        std::copy_n(view.bytes().begin(), 6, tap.destination.begin());
        p.tap(tap);

        std::uint32_t payloadUsed = 0;
        const ByteView payload = view.from(kHeaderLength);
        if (type >= kEthernetIIMinType) {
            p.addUint(field(Type), view, 12, 2);
            payloadUsed = p.dispatch(*m_ethertypes, type, payload);
        } else {
            // IEEE 802.3: the field is the payload length; LLC follows.
            p.addUint(field(Len), view, 12, 2);
            const ByteView llcBytes = payload.limit(type);
            payloadUsed = m_llc ? p.call(*m_llc, llcBytes) : 0;
            if (payloadUsed == 0) payloadUsed = p.callData(llcBytes);
            payloadUsed = std::max<std::uint32_t>(payloadUsed, std::min<std::uint32_t>(type, payload.reported()));
        }
        if (payloadUsed == 0 && !p.stopped()) payloadUsed = p.callData(payload);
        if (!p.stopped()) addPaddingAndTrailer(p, view, item, kHeaderLength + payloadUsed);
        return view.reported();
    }

private:
    void addAddress(Packet& p, const ByteView& view, std::uint32_t at, EthField address, EthField lg, EthField ig) const {
        p.addBytes(field(address), view, at, 6);
        p.addBytes(field(Addr), view, at, 6, FieldFlags::Hidden);
        p.addUint(field(lg), view, at, 3);
        p.addUint(field(ig), view, at, 3);
        p.addUint(field(Lg), view, at, 3, FieldFlags::Hidden);
        p.addUint(field(Ig), view, at, 3, FieldFlags::Hidden);
    }

    // What follows the payload: padding up to the 60-byte minimum frame, then a trailer.
    void addPaddingAndTrailer(Packet& p, const ByteView& view, ItemRef item, std::uint32_t payloadEnd) const {
        const std::uint32_t frameLength = view.reported();
        if (payloadEnd >= frameLength) return;
        const std::uint32_t paddingEnd = std::min(frameLength, std::max(payloadEnd, kMinimumFrame));
        p.push(item);
        if (paddingEnd > payloadEnd) p.addBytes(field(Padding), view, payloadEnd, paddingEnd - payloadEnd);
        if (frameLength > paddingEnd) p.addBytes(field(Trailer), view, paddingEnd, frameLength - paddingEnd);
        p.pop();
    }

    static std::string title(const ByteView& view, std::uint16_t type) {
        std::string text = type >= kEthernetIIMinType ? "Ethernet II" : "IEEE 802.3 Ethernet";
        return text + ", Src: " + formatEther(view.span(6, 6)) + ", Dst: " + formatEther(view.span(0, 6));
    }

    static void addInfo(Packet& p, const ByteView& view) {
        p.setAddressColumns(formatEther(view.span(6, 6)), formatEther(view.span(0, 6)));
    }

    const DissectorTable* m_ethertypes = nullptr;
    const Dissector* m_llc = nullptr;
};

}  // namespace

void registerEth(Registry& r) {
    auto& eth = r.addProtocol<EthProtocol>(kEthFields);
    r.addExperts(eth, kEthExperts);
    r.addTable("ethertype", "Ethertype");
    r.onHandoff([&eth](Registry& registry) {
        eth.connect(registry.table("ethertype"), registry.findProtocol("llc"));
        registry.table("linktype").add(linktype::Ethernet, eth);
    });
}

}  // namespace caplens::proto
