// nflog — Linux netfilter NFLOG records (LINKTYPE_NFLOG 239): a 4-byte header (protocol family,
// version, resource id) and type-length-value attributes in the capturing host's byte order
// (little-endian in practice), one of which (NFULA_PAYLOAD) holds the logged packet.
//
// Wireshark adds the "nflog" tree item only when the tree is shown or a filter references it,
// so its Protocol Hierarchy starts at the payload ("ip") while frame.protocols lists nflog;
// caplens does the same by beginning its item only when the protocol field is wanted.
//
//   | family (8) | version (8) | resource id (16, big-endian) |
//   | TLV: length (16) | type (16, top bit: nested) | value, padded to 4 bytes | ...
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 4;
constexpr std::uint16_t kTlvPacketHeader = 1;
constexpr std::uint16_t kTlvTimestamp = 3;
constexpr std::uint16_t kTlvPayload = 9;
constexpr std::uint16_t kTlvPrefix = 10;
constexpr std::uint8_t kFamilyIpv4 = 2;
constexpr std::uint8_t kFamilyIpv6 = 10;

constexpr ValueName kFamilyNames[] = {
    {0, "Unspecified"}, {1, "IPv4/IPv6"}, {2, "IPv4"}, {3, "ARP"}, {5, "Netdev"}, {7, "Bridge"}, {10, "IPv6"},
    {12, "DECNET"},
};
constexpr ValueName kTlvTypeNames[] = {
    {0, "NFULA_UNSPEC"}, {1, "NFULA_PACKET_HDR"}, {2, "NFULA_MARK"}, {3, "NFULA_TIMESTAMP"},
    {4, "NFULA_IFINDEX_INDEV"}, {5, "NFULA_IFINDEX_OUTDEV"}, {6, "NFULA_IFINDEX_PHYSINDEV"},
    {7, "NFULA_IFINDEX_PHYSOUTDEV"}, {8, "NFULA_HWADDR"}, {9, "NFULA_PAYLOAD"}, {10, "NFULA_PREFIX"},
    {11, "NFULA_UID"}, {12, "NFULA_SEQ"}, {13, "NFULA_SEQ_GLOBAL"}, {14, "NFULA_GID"}, {15, "NFULA_HWTYPE"},
    {16, "NFULA_HWHEADER"}, {17, "NFULA_HWLEN"},
};
constexpr ValueName kHookNames[] = {
    {0, "Pre-routing"}, {1, "Local in"}, {2, "Forward"}, {3, "Local out"}, {4, "Post-routing"}, {5, "Number of hooks"},
};

enum NflogField : FieldIndex {
    Family, Version, ResId, Tlv, TlvLength, TlvType, Protocol, Hook, IfindexIndev, IfindexOutdev,
    IfindexPhysindev, IfindexPhysoutdev, Prefix, Uid, Gid, Timestamp, TlvValue, kNflogFieldCount
};

constexpr FieldDef kNflogFields[] = {
    {Family, "nflog.family", "Family", FieldType::UInt8, Base::Dec, 0, kFamilyNames},
    {Version, "nflog.version", "Version", FieldType::UInt8, Base::Dec},
    {ResId, "nflog.res_id", "Resource id", FieldType::UInt16, Base::Dec},
    {Tlv, "nflog.tlv", "TLV", FieldType::Bytes},
    {TlvLength, "nflog.tlv_length", "Length", FieldType::UInt16, Base::Dec},
    {TlvType, "nflog.tlv_type", "Type", FieldType::UInt16, Base::Dec, 0x7fff, kTlvTypeNames},
    {Protocol, "nflog.protocol", "HW protocol", FieldType::UInt16, Base::Hex},
    {Hook, "nflog.hook", "Netfilter hook", FieldType::UInt8, Base::Dec, 0, kHookNames},
    {IfindexIndev, "nflog.ifindex_indev", "IFINDEX_INDEV", FieldType::UInt32, Base::Dec},
    {IfindexOutdev, "nflog.ifindex_outdev", "IFINDEX_OUTDEV", FieldType::UInt32, Base::Dec},
    {IfindexPhysindev, "nflog.ifindex_physindev", "IFINDEX_PHYSINDEV", FieldType::UInt32, Base::Dec},
    {IfindexPhysoutdev, "nflog.ifindex_physoutdev", "IFINDEX_PHYSOUTDEV", FieldType::UInt32, Base::Dec},
    {Prefix, "nflog.prefix", "Prefix", FieldType::String},
    {Uid, "nflog.uid", "UID", FieldType::Int32, Base::Dec},
    {Gid, "nflog.gid", "GID", FieldType::Int32, Base::Dec},
    {Timestamp, "nflog.timestamp", "Timestamp", FieldType::AbsoluteTime},
    {TlvValue, "nflog.tlv_value", "Value", FieldType::Bytes},
};
static_assert(std::size(kNflogFields) == kNflogFieldCount);

class NflogProtocol final : public Dissector {
public:
    NflogProtocol() : Dissector({"nflog", "NFLOG", "Linux Netfilter NFLOG"}) {}

    void connect(const DissectorTable& ethertypes) { m_ethertypes = &ethertypes; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        if (p.wants(protocolField())) p.beginProtocol(*this, view, view.reported());
        if (p.wantsColumns()) {
            p.setProtocolColumn(info().shortName);
            p.info().clear();
        }
        if (view.need(0, kHeaderLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kHeaderLength);
            return view.reported();
        }
        const std::uint8_t family = view.u8(0);
        p.addUint(field(Family), view, 0, 1);
        p.addUint(field(Version), view, 1, 1);
        p.addUint(field(ResId), view, 2, 2);
        ByteView payload;
        std::uint16_t hwProtocol = 0;
        bool havePayload = false;
        // Each attribute takes at least 4 bytes, so the walk ends with the bytes.
        for (std::uint32_t offset = kHeaderLength; offset < view.reported() && view.reported() - offset >= 4;) {
            const std::uint16_t length = view.u16le(offset);
            if (length < 4 || !view.has(offset, 4)) break;
            const std::uint16_t type = view.u16le(offset + 2) & 0x7FFF;
            const ByteView value = view.sub(offset + 4, length - 4u);
            addAttribute(p, view, offset, length, type, value);
            if (type == kTlvPacketHeader) hwProtocol = value.u16(0);
            if (type == kTlvPayload) {
                payload = value;
                havePayload = true;
            }
            offset += (length + 3u) & ~3u;  // attributes are 4-byte aligned
        }
        if (havePayload) dissectPayload(p, payload, family, hwProtocol);
        return view.reported();
    }

private:
    void addAttribute(Packet& p, const ByteView& view, std::uint32_t offset, std::uint16_t length, std::uint16_t type,
                      const ByteView& value) const {
        const ItemRef item = p.addBytes(field(Tlv), view, offset, length);
        p.push(item);
        p.addUintLe(field(TlvLength), view, offset, 2);
        p.addUintLe(field(TlvType), view, offset + 2, 2);
        switch (type) {
            case kTlvPacketHeader:
                p.addUint(field(Protocol), value, 0, 2);
                p.addUint(field(Hook), value, 2, 1);
                break;
            case 4: p.addUint(field(IfindexIndev), value, 0, 4); break;
            case 5: p.addUint(field(IfindexOutdev), value, 0, 4); break;
            case 6: p.addUint(field(IfindexPhysindev), value, 0, 4); break;
            case 7: p.addUint(field(IfindexPhysoutdev), value, 0, 4); break;
            case kTlvPrefix: {
                std::string_view text = value.text(0, value.reported());
                text = text.substr(0, text.find('\0'));
                p.addText(field(Prefix), value, 0, value.reported(), text);
                break;
            }
            case 11: p.add(field(Uid), value, 0, 4, FieldValue::ofSigned(static_cast<std::int32_t>(value.u32(0)))); break;
            case 14: p.add(field(Gid), value, 0, 4, FieldValue::ofSigned(static_cast<std::int32_t>(value.u32(0)))); break;
            case kTlvTimestamp: {
                // struct nfulnl_msg_packet_timestamp: seconds and microseconds, 64 bits each.
                const auto ns = static_cast<std::int64_t>(value.u64(0)) * 1'000'000'000 +
                                static_cast<std::int64_t>(value.u64(8)) * 1'000;
                p.add(field(Timestamp), value, 0, 16, FieldValue::ofSigned(ns));
                break;
            }
            case kTlvPayload: break;
            default:
                if (value.reported() > 0) p.addBytes(field(TlvValue), value, 0, value.captured());
                break;
        }
        p.pop();
    }

    void dissectPayload(Packet& p, const ByteView& payload, std::uint8_t family, std::uint16_t hwProtocol) const {
        std::uint32_t used = 0;
        if (family == kFamilyIpv4) {
            used = p.dispatch(*m_ethertypes, 0x0800, payload);
        } else if (family == kFamilyIpv6) {
            used = p.dispatch(*m_ethertypes, 0x86DD, payload);
        } else if (hwProtocol != 0) {
            used = p.dispatch(*m_ethertypes, hwProtocol, payload);
        }
        if (used == 0 && !p.stopped()) p.callData(payload);
    }

    const DissectorTable* m_ethertypes = nullptr;
};

}  // namespace

void registerNflog(Registry& r) {
    auto& nflog = r.addProtocol<NflogProtocol>(kNflogFields);
    r.onHandoff([&nflog](Registry& registry) {
        nflog.connect(registry.table("ethertype"));
        registry.table("linktype").add(linktype::Nflog, nflog);
    });
}

}  // namespace caplens::proto
