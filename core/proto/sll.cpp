// sll — Linux "cooked" capture headers, LINKTYPE_LINUX_SLL (113, v1) and LINKTYPE_LINUX_SLL2
// (276, v2): one protocol ("sll") for both, as in Wireshark. The protocol field is an ethertype
// above 1536 (handed to "ethertype", or to "gre.proto" on GRE devices) and a Linux protocol
// number at and below it ("sll.ltype": 4 is 802.2 LLC, 1 raw 802.3 IPX, 7 PPP in HDLC framing).
// Device types that carry their own link header are looked up first in "sll.hatype".
//
//   v1 (16 bytes): | packet type (16) | ARPHRD type (16) | addr length (16) | address (8 bytes) | protocol (16) |
//   v2 (20 bytes): | protocol (16) | reserved (16) | ifindex (32) | ARPHRD type (16) | packet type (8) |
//                  | addr length (8) | address (8 bytes) |
#include <cstdio>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kV1Length = 16;
constexpr std::uint32_t kV2Length = 20;
constexpr std::uint32_t kAddressBytes = 8;
constexpr std::uint16_t kMaxLinuxProtocol = 1536;  // "yes, 1536 - that's how Linux does it"
constexpr std::uint16_t kArphrdIpGre = 778;
constexpr std::uint16_t kArphrdNetlink = 824;

constexpr ValueName kPacketTypeNames[] = {
    {0, "Unicast to us"}, {1, "Broadcast"}, {2, "Multicast"}, {3, "Unicast to another host"}, {4, "Sent by us"},
};
constexpr ValueName kLinuxProtocolNames[] = {
    {0x0001, "Raw 802.3"}, {0x0003, "Ethernet"}, {0x0004, "802.2 LLC"}, {0x0007, "PPP (HDLC)"},
    {0x000c, "CAN"}, {0x000d, "CAN FD"}, {0x0017, "IrDA LAP"}, {0x00f5, "ISI"}, {0x00f6, "IEEE 802.15.4"},
};

enum SllField : FieldIndex {
    PktType, HaType, HaLen, SrcEth, SrcIpv4, SrcOther, Unused, LType, GreType, EType, Trailer, IfIndex,
    kSllFieldCount
};

constexpr FieldDef kSllFields[] = {
    {PktType, "sll.pkttype", "Packet type", FieldType::UInt16, Base::Dec, 0, kPacketTypeNames},
    {HaType, "sll.hatype", "Link-layer address type", FieldType::UInt16, Base::Dec, 0, kArpHardwareTypeNames},
    {HaLen, "sll.halen", "Link-layer address length", FieldType::UInt16, Base::Dec},
    {SrcEth, "sll.src.eth", "Source", FieldType::Ether},
    {SrcIpv4, "sll.src.ipv4", "Source", FieldType::Ipv4},
    {SrcOther, "sll.src.other", "Source", FieldType::Bytes},
    {Unused, "sll.unused", "Unused", FieldType::Bytes},
    {LType, "sll.ltype", "Protocol", FieldType::UInt16, Base::Hex, 0, kLinuxProtocolNames},
    {GreType, "sll.gretype", "Protocol", FieldType::UInt16, Base::Hex, 0, kEthertypeNames},
    {EType, "sll.etype", "Protocol", FieldType::UInt16, Base::Hex, 0, kEthertypeNames},
    {Trailer, "sll.trailer", "Trailer", FieldType::Bytes},
    {IfIndex, "sll.ifindex", "Interface index", FieldType::UInt32, Base::Dec},
};
static_assert(std::size(kSllFields) == kSllFieldCount);

// Where each field of the header is in one version.
struct Layout {
    int version;
    std::uint32_t length;
    std::uint32_t packetType, packetTypeLength, haType, haLen, haLenLength, protocol;
};
constexpr Layout kV1{1, kV1Length, 0, 2, 2, 4, 2, 14};
constexpr Layout kV2{2, kV2Length, 10, 1, 8, 11, 1, 0};

class SllProtocol final : public Dissector {
public:
    SllProtocol() : Dissector({"sll", "SLL", "Linux cooked-mode capture"}) {}

    void connect(Registry& registry) {
        m_ethertypes = &registry.table("ethertype");
        m_linuxTypes = &registry.table("sll.ltype");
        m_hardwareTypes = &registry.table("sll.hatype");
        m_greTypes = registry.findTable("gre.proto");
        m_netlink = registry.findProtocol("netlink");
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const Layout& l = p.frame().linkType == linktype::LinuxSll2 ? kV2 : kV1;
        const std::uint16_t haType = view.u16(l.haType);
        // Netlink messages keep the whole cooked header: their own dissector reads it.
        if (haType == kArphrdNetlink && m_netlink != nullptr && view.has(0, l.length)) {
            if (const std::uint32_t used = p.call(*m_netlink, view)) return used;
        }
        const ItemRef item = p.beginProtocol(*this, view, l.length);
        if (p.buildsTree()) p.setText(item, "Linux cooked capture v" + std::to_string(l.version));
        if (view.need(0, l.length) != Availability::Available) {
            p.markUnavailable(*this, view, 0, l.length);
            return view.reported();
        }
        const std::uint16_t packetType = static_cast<std::uint16_t>(view.uint(l.packetType, l.packetTypeLength));
        const std::uint16_t protocol = view.u16(l.protocol);
        if (l.version == 1) {
            p.addUint(field(PktType), view, 0, 2);
            p.addUint(field(HaType), view, 2, 2);
            addAddress(p, view, l);
            addProtocol(p, view, l, haType);
        } else {
            addProtocol(p, view, l, haType);
            p.addUint(field(IfIndex), view, 4, 4);
            p.addUint(field(HaType), view, 8, 2);
            p.addUint(field(PktType), view, 10, 1);
            addAddress(p, view, l);
        }
        if (p.wantsColumns()) {
            const std::string_view name = nameOf(kPacketTypeNames, packetType);
            p.info() = name.empty() ? "Unknown (" + std::to_string(packetType) + ")" : std::string(name);
        }
        dissectPayload(p, view, l, haType, protocol);
        return view.reported();
    }

private:
    // The sender's link-layer address: IPv4 (4 bytes), MAC (6) or other, in an 8-byte slot.
    void addAddress(Packet& p, const ByteView& view, const Layout& l) const {
        const std::uint32_t length = static_cast<std::uint32_t>(view.uint(l.haLen, l.haLenLength));
        p.add(field(HaLen), view, l.haLen, l.haLenLength, FieldValue::ofUnsigned(length));
        const std::uint32_t at = l.haLen + l.haLenLength;
        switch (length) {
            case 0: break;
            case 4:
                p.addIpv4(field(SrcIpv4), view, at);
                if (p.wantsColumns()) p.setAddressColumns(formatIpv4(view.u32(at)), "");
                break;
            case 6:
                p.addBytes(field(SrcEth), view, at, 6);
                if (p.wantsColumns()) p.setAddressColumns(formatEther(view.span(at, 6)), "");
                break;
            default: p.addBytes(field(SrcOther), view, at, std::min(length, kAddressBytes)); break;
        }
        if (length < kAddressBytes) p.addBytes(field(Unused), view, at + length, kAddressBytes - length);
    }

    void addProtocol(Packet& p, const ByteView& view, const Layout& l, std::uint16_t haType) const {
        const std::uint16_t protocol = view.u16(l.protocol);
        const SllField f = protocol <= kMaxLinuxProtocol ? LType : haType == kArphrdIpGre ? GreType : EType;
        p.addUint(field(f), view, l.protocol, 2);
    }

    void dissectPayload(Packet& p, const ByteView& view, const Layout& l, std::uint16_t haType,
                        std::uint16_t protocol) const {
        const ByteView payload = view.from(l.length);
        if (protocol <= kMaxLinuxProtocol) {
            std::uint32_t used = p.dispatch(*m_hardwareTypes, haType, payload);
            if (used == 0 && !p.stopped()) used = p.dispatch(*m_linuxTypes, protocol, payload);
            if (used == 0 && !p.stopped()) p.callData(payload);
            return;
        }
        if (haType == kArphrdIpGre) {
            if (m_greTypes != nullptr) p.dispatch(*m_greTypes, protocol, payload);
            return;
        }
        // Wireshark's "ethertype" hand-off: the payload, or data, then what it left as trailer.
        std::uint32_t used = p.dispatch(*m_ethertypes, protocol, payload);
        if (used == 0 && !p.stopped()) used = p.callData(payload);
        if (!p.stopped() && used > 0 && used < payload.reported()) {
            p.addBytes(field(Trailer), payload, used, payload.reported() - used);
        }
    }

    const DissectorTable* m_ethertypes = nullptr;
    const DissectorTable* m_linuxTypes = nullptr;
    const DissectorTable* m_hardwareTypes = nullptr;
    const DissectorTable* m_greTypes = nullptr;
    const Dissector* m_netlink = nullptr;
};

}  // namespace

void registerSll(Registry& r) {
    auto& sll = r.addProtocol<SllProtocol>(kSllFields);
    r.addTable("sll.ltype", "Linux SLL protocol type");
    r.addTable("sll.hatype", "Linux SLL ARPHRD_ type");
    r.onHandoff([&sll](Registry& registry) {
        sll.connect(registry);
        registry.table("linktype").add(linktype::LinuxSll, sll);
        registry.table("linktype").add(linktype::LinuxSll2, sll);
    });
}

}  // namespace caplens::proto
