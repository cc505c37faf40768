// ipv6 — Internet Protocol version 6 (RFC 8200): the fixed header, what Wireshark derives from
// the addresses (SLAAC MAC, 6to4, Teredo, ISATAP), and the hand-off by next header through the
// "ip.proto" table. Extension headers are protocols of their own (ipv6_options.cpp) that join
// "ip.proto" too: they show inside this header's tree, and each hands on what follows it.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |Version| Traffic Class |           Flow Label                  |
//   |         Payload Length        |  Next Header  |   Hop Limit   |
//   |                     Source Address (128 bits)                 |
//   |                  Destination Address (128 bits)               |
//
// The ipv6.opt.*, ipv6.fragment* and ipv6.reassembled.* fields are Wireshark's "ipv6" fields
// although the extension headers fill them: they are declared here, used there.
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 40;
constexpr std::uint8_t kHopByHop = 0;
constexpr std::uint8_t kNoNextHeader = 59;

enum Ipv6Field : FieldIndex {
    Version, Tclass, TclassDscp, TclassEcn, Flow, Plen, Nxt, Hlim,
    Src, SrcHost, SrcSlaacMac, SrcIsatapIpv4, Src6to4GwIpv4, Src6to4SlaId, SrcTsIpv4, SrcTcPort, SrcTcIpv4,
    Dst, DstHost, DstSlaacMac, DstIsatapIpv4, Dst6to4GwIpv4, Dst6to4SlaId, DstTsIpv4, DstTcPort, DstTcIpv4,
    Addr, Host, SlaacMac, IsatapIpv4, Gw6to4Ipv4, SlaId6to4, TsIpv4, TcPort, TcIpv4,
    Opt, OptType, OptTypeAction, OptTypeChange, OptTypeRest, OptLength, OptPad1, OptPadn, OptRouterAlert, OptTel,
    OptJumbo, OptHomeAddress, OptExperimental, OptUnknownData, OptUnknown,
    Fragment, FragmentCount, Fragments, ReassembledIn, ReassembledLength, ReassembledData,
    kIpv6FieldCount
};

constexpr ValueName kDscpNames[] = {
    {0, "Default"}, {1, "Lower Effort"}, {8, "Class Selector 1"}, {10, "Assured Forwarding 11"},
    {12, "Assured Forwarding 12"}, {14, "Assured Forwarding 13"}, {16, "Class Selector 2"},
    {18, "Assured Forwarding 21"}, {20, "Assured Forwarding 22"}, {22, "Assured Forwarding 23"},
    {24, "Class Selector 3"}, {26, "Assured Forwarding 31"}, {28, "Assured Forwarding 32"},
    {30, "Assured Forwarding 33"}, {32, "Class Selector 4"}, {34, "Assured Forwarding 41"},
    {36, "Assured Forwarding 42"}, {38, "Assured Forwarding 43"}, {40, "Class Selector 5"},
    {44, "Voice Admit"}, {46, "Expedited Forwarding"}, {48, "Class Selector 6"}, {56, "Class Selector 7"},
};
constexpr ValueName kEcnNames[] = {{0, "Not ECN-Capable Transport"},
                                   {1, "ECN-Capable Transport codepoint '01'"},
                                   {2, "ECN-Capable Transport codepoint '10'"},
                                   {3, "Congestion Experienced"}};
constexpr ValueName kOptionNames[] = {
    {0, "Pad1"}, {1, "PadN"}, {4, "Tunnel Encapsulation Limit"}, {5, "Router Alert"}, {7, "CALIPSO"},
    {8, "SMF_DPD"}, {15, "Performance and Diagnostic Metrics"}, {30, "Experimental (0x1E)"}, {38, "Quick-Start"},
    {48, "Path MTU Option"}, {49, "IOAM Option"}, {62, "Experimental (0x3E)"},
    {65, "Tunnel Payload Forwarding (TPF) Information"}, {94, "Experimental (0x5E)"}, {99, "RPL Option"},
    {109, "MPL Option"}, {126, "Experimental (0x7E)"}, {138, "Endpoint Identification"}, {139, "ILNP Nonce"},
    {140, "Line-Identification Option"}, {158, "Experimental (0x9E)"}, {190, "Experimental (0xBE)"},
    {194, "Jumbo Payload"}, {201, "Home Address"}, {222, "Experimental (0xDE)"}, {238, "IP_DFF"},
    {254, "Experimental (0xFE)"},
};
constexpr ValueName kOptionActions[] = {{0, "Skip and continue"}, {1, "Discard"},
                                        {2, "Discard and send ICMP Parameter Problem"},
                                        {3, "Discard and send ICMP if not multicast"}};
constexpr ValueName kMayChange[] = {{0, "No"}, {1, "Yes"}};
constexpr ValueName kRouterAlertNames[] = {{0, "MLD"}, {1, "RSVP"}, {2, "Active Network"}};

constexpr FieldDef kIpv6Fields[] = {
    {Version, "ipv6.version", "Version", FieldType::UInt8, Base::Dec, 0xF0},
    {Tclass, "ipv6.tclass", "Traffic Class", FieldType::UInt32, Base::Hex, 0x0FF00000},
    {TclassDscp, "ipv6.tclass.dscp", "Differentiated Services Codepoint", FieldType::UInt32, Base::Dec, 0x0FC00000,
     kDscpNames},
    {TclassEcn, "ipv6.tclass.ecn", "Explicit Congestion Notification", FieldType::UInt32, Base::Dec, 0x00300000,
     kEcnNames},
    {Flow, "ipv6.flow", "Flow Label", FieldType::UInt24, Base::Hex, 0xFFFFF},
    {Plen, "ipv6.plen", "Payload Length", FieldType::UInt16, Base::Dec},
    {Nxt, "ipv6.nxt", "Next Header", FieldType::UInt8, Base::Dec, 0, kIpProtocolNames},
    {Hlim, "ipv6.hlim", "Hop Limit", FieldType::UInt8, Base::Dec},
    {Src, "ipv6.src", "Source Address", FieldType::Ipv6},
    {SrcHost, "ipv6.src_host", "Source Host", FieldType::String},
    {SrcSlaacMac, "ipv6.src_slaac_mac", "Source SLAAC MAC", FieldType::Ether},
    {SrcIsatapIpv4, "ipv6.src_isatap_ipv4", "Source ISATAP IPv4", FieldType::Ipv4},
    {Src6to4GwIpv4, "ipv6.src_6to4_gw_ipv4", "Source 6to4 Gateway IPv4", FieldType::Ipv4},
    {Src6to4SlaId, "ipv6.src_6to4_sla_id", "Source 6to4 SLA ID", FieldType::UInt16, Base::Dec},
    {SrcTsIpv4, "ipv6.src_ts_ipv4", "Source Teredo Server IPv4", FieldType::Ipv4},
    {SrcTcPort, "ipv6.src_tc_port", "Source Teredo Port", FieldType::UInt16, Base::Dec},
    {SrcTcIpv4, "ipv6.src_tc_ipv4", "Source Teredo Client IPv4", FieldType::Ipv4},
    {Dst, "ipv6.dst", "Destination Address", FieldType::Ipv6},
    {DstHost, "ipv6.dst_host", "Destination Host", FieldType::String},
    {DstSlaacMac, "ipv6.dst_slaac_mac", "Destination SLAAC MAC", FieldType::Ether},
    {DstIsatapIpv4, "ipv6.dst_isatap_ipv4", "Destination ISATAP IPv4", FieldType::Ipv4},
    {Dst6to4GwIpv4, "ipv6.dst_6to4_gw_ipv4", "Destination 6to4 Gateway IPv4", FieldType::Ipv4},
    {Dst6to4SlaId, "ipv6.dst_6to4_sla_id", "Destination 6to4 SLA ID", FieldType::UInt16, Base::Dec},
    {DstTsIpv4, "ipv6.dst_ts_ipv4", "Destination Teredo Server IPv4", FieldType::Ipv4},
    {DstTcPort, "ipv6.dst_tc_port", "Destination Teredo Port", FieldType::UInt16, Base::Dec},
    {DstTcIpv4, "ipv6.dst_tc_ipv4", "Destination Teredo Client IPv4", FieldType::Ipv4},
    {Addr, "ipv6.addr", "Source or Destination Address", FieldType::Ipv6},
    {Host, "ipv6.host", "Source or Destination Host", FieldType::String},
    {SlaacMac, "ipv6.slaac_mac", "SLAAC MAC", FieldType::Ether},
    {IsatapIpv4, "ipv6.isatap_ipv4", "ISATAP IPv4", FieldType::Ipv4},
    {Gw6to4Ipv4, "ipv6.6to4_gw_ipv4", "6to4 Gateway IPv4", FieldType::Ipv4},
    {SlaId6to4, "ipv6.6to4_sla_id", "6to4 SLA ID", FieldType::UInt16, Base::Dec},
    {TsIpv4, "ipv6.ts_ipv4", "Teredo Server IPv4", FieldType::Ipv4},
    {TcPort, "ipv6.tc_port", "Teredo Port", FieldType::UInt16, Base::Dec},
    {TcIpv4, "ipv6.tc_ipv4", "Teredo Client IPv4", FieldType::Ipv4},
    {Opt, "ipv6.opt", "IPv6 Option", FieldType::None},
    {OptType, "ipv6.opt.type", "Type", FieldType::UInt8, Base::Hex, 0, kOptionNames},
    {OptTypeAction, "ipv6.opt.type.action", "Action", FieldType::UInt8, Base::Dec, 0xC0, kOptionActions},
    {OptTypeChange, "ipv6.opt.type.change", "May Change", FieldType::Bool, Base::None, 0x20, kMayChange},
    {OptTypeRest, "ipv6.opt.type.rest", "Low-Order Bits", FieldType::UInt8, Base::Hex, 0x1F},
    {OptLength, "ipv6.opt.length", "Length", FieldType::UInt8, Base::Dec},
    {OptPad1, "ipv6.opt.pad1", "Pad1", FieldType::None},
    {OptPadn, "ipv6.opt.padn", "PadN", FieldType::Bytes},
    {OptRouterAlert, "ipv6.opt.router_alert", "Router Alert", FieldType::UInt16, Base::Dec, 0, kRouterAlertNames},
    {OptTel, "ipv6.opt.tel", "Tunnel Encapsulation Limit", FieldType::UInt8, Base::Dec},
    {OptJumbo, "ipv6.opt.jumbo", "Payload Length", FieldType::UInt32, Base::Dec},
    {OptHomeAddress, "ipv6.opt.mipv6.home_address", "MIPv6 Home Address", FieldType::Ipv6},
    {OptExperimental, "ipv6.opt.experimental", "Experimental Option", FieldType::Bytes},
    {OptUnknownData, "ipv6.opt_unknown_data", "Unknown Data", FieldType::Bytes},
    {OptUnknown, "ipv6.opt.unknown", "Unknown Option Payload", FieldType::Bytes},
    {Fragment, "ipv6.fragment", "IPv6 Fragment", FieldType::FrameNumber},
    {FragmentCount, "ipv6.fragment.count", "Fragment count", FieldType::UInt32, Base::Dec},
    {Fragments, "ipv6.fragments", "IPv6 Fragments", FieldType::None},
    {ReassembledIn, "ipv6.reassembled.in", "Reassembled IPv6 in frame", FieldType::FrameNumber},
    {ReassembledLength, "ipv6.reassembled.length", "Reassembled IPv6 length", FieldType::UInt32, Base::Dec},
    {ReassembledData, "ipv6.reassembled.data", "Reassembled IPv6 data", FieldType::Bytes},
};
static_assert(std::size(kIpv6Fields) == kIpv6FieldCount);

enum Ipv6Expert : std::uint16_t {
    BogusVersion, PlenExceedsFraming, PlenZero, OptInvalidLength, OptJumboMissing, OptJumboProhibited,
    OptJumboTruncated, OptHeaderMismatch, kIpv6ExpertCount
};
constexpr ExpertDef kIpv6Experts[] = {
    {BogusVersion, "ipv6.bogus_ipv6_version", ExpertSeverity::Error, ExpertGroup::Protocol, "Bogus IP version"},
    {PlenExceedsFraming, "ipv6.plen_exceeds_framing", ExpertSeverity::Warning, ExpertGroup::Protocol,
     "IPv6 payload length does not match expected framing length"},
    {PlenZero, "ipv6.plen_zero", ExpertSeverity::Chat, ExpertGroup::Protocol,
     "IPv6 payload length equals 0 (maybe because of \"TCP segmentation offload\" (TSO))"},
    {OptInvalidLength, "ipv6.opt.invalid_len", ExpertSeverity::Error, ExpertGroup::Malformed,
     "Invalid IPv6 option length"},
    {OptJumboMissing, "ipv6.opt.jumbo.missing", ExpertSeverity::Error, ExpertGroup::Protocol,
     "IPv6 payload length equals 0 and Hop-By-Hop present and Jumbo Payload option missing"},
    {OptJumboProhibited, "ipv6.opt.jumbo.prohibited", ExpertSeverity::Error, ExpertGroup::Protocol,
     "When IPv6 payload length does not equal 0 a Jumbo Payload option must not be present"},
    {OptJumboTruncated, "ipv6.opt.jumbo.truncated", ExpertSeverity::Error, ExpertGroup::Protocol,
     "Jumbo Payload option present and jumbo length < 65536"},
    {OptHeaderMismatch, "ipv6.opt.header_mismatch", ExpertSeverity::Warning, ExpertGroup::Protocol,
     "Wrong options extension header for type"},
};
static_assert(std::size(kIpv6Experts) == kIpv6ExpertCount);

// What Wireshark reads out of an address, in the order it shows it: 6to4 and Teredo from the
// prefix, then SLAAC (EUI-64 from a MAC) or ISATAP from the interface identifier.
struct AddressFields {
    Ipv6Field slaacMac, isatap, gw6to4, slaId, teredoServer, teredoPort, teredoClient;
};
constexpr AddressFields kSrcDetails{SrcSlaacMac, SrcIsatapIpv4, Src6to4GwIpv4, Src6to4SlaId, SrcTsIpv4, SrcTcPort, SrcTcIpv4};
constexpr AddressFields kDstDetails{DstSlaacMac, DstIsatapIpv4, Dst6to4GwIpv4, Dst6to4SlaId, DstTsIpv4, DstTcPort, DstTcIpv4};

class Ipv6Protocol final : public Dissector {
public:
    Ipv6Protocol() : Dissector({"ipv6", "IPv6", "Internet Protocol Version 6"}) {}

    void connect(const DissectorTable& protocols) { m_protocols = &protocols; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, kHeaderLength);
        if (view.need(0, 1) != Availability::Available) return stopAt(p, view, 0, 1);
        p.addUint(field(Version), view, 0, 1);
        if ((view.u8(0) >> 4) != 6) {
            p.addExpert(expert(BogusVersion));
            if (p.wantsColumns()) p.info() = "Bogus IPv6 version (" + std::to_string(view.u8(0) >> 4) + ", must be 6)";
            return view.reported();
        }
        if (view.need(0, kHeaderLength) != Availability::Available) {
            if (view.reported() < kHeaderLength && p.wantsColumns()) {
                p.info() = "Invalid IPv6 header (" + std::to_string(view.reported()) + " bytes, need exactly 40)";
            }
            return stopAt(p, view, 0, kHeaderLength);
        }
        const std::uint8_t next = view.u8(6);
        addFixedFields(p, view);
        const auto src = view.span(8, 16);
        const auto dst = view.span(24, 16);
        addAddressDetails(p, view);
        if (p.buildsTree()) p.setText(item, "Internet Protocol Version 6, Src: " + formatIpv6(src) + ", Dst: " + formatIpv6(dst));
        if (p.wantsColumns()) p.setAddressColumns(formatIpv6(src), formatIpv6(dst));
        p.setNetworkAddresses(src, dst);
        TapRecord tap;
        tap.kind = TapKind::Ipv6;
        tap.addressLength = 16;
        std::copy(src.begin(), src.end(), tap.source.begin());
        std::copy(dst.begin(), dst.end(), tap.destination.begin());
        tap.ipProtocol = next;
        p.tap(tap);

        const std::uint32_t payloadLength = payloadLengthOf(p, view, next);
        const ByteView payload = view.sub(kHeaderLength, payloadLength);
        handOff(p, payload, next);
        return kHeaderLength + payload.reported();
    }

private:
    std::uint32_t stopAt(Packet& p, const ByteView& view, std::uint32_t offset, std::uint32_t length) const {
        p.markUnavailable(*this, view, offset, length);
        return view.reported();
    }

    void addFixedFields(Packet& p, const ByteView& v) const {
        const ItemRef tclass = p.add(field(Tclass), v, 0, 4, FieldValue::ofUnsigned((v.u32(0) >> 20) & 0xFF));
        p.push(tclass);
        p.addUint(field(TclassDscp), v, 0, 4);
        p.addUint(field(TclassEcn), v, 0, 4);
        p.pop();
        p.addUint(field(Flow), v, 1, 3);
        p.addUint(field(Plen), v, 4, 2);
        p.addUint(field(Nxt), v, 6, 1);
        p.addUint(field(Hlim), v, 7, 1);
        addAddress(p, v, 8, Src, SrcHost);
        addAddress(p, v, 24, Dst, DstHost);
    }

    void addAddress(Packet& p, const ByteView& v, std::uint32_t at, Ipv6Field address, Ipv6Field host) const {
        p.addBytes(field(address), v, at, 16);
        p.addBytes(field(Addr), v, at, 16, FieldFlags::Hidden);
        if (p.wants(field(host)) || p.wants(field(Host))) {
            const std::string text = formatIpv6(v.span(at, 16));
            p.addText(field(host), v, at, 16, text, FieldFlags::Hidden);
            p.addText(field(Host), v, at, 16, text, FieldFlags::Hidden);
        }
    }

    // A detail field and its hidden "either address" twin.
    void addDetail(Packet& p, const ByteView& v, std::uint32_t at, std::uint32_t length, Ipv6Field specific,
                   Ipv6Field either, FieldValue value) const {
        p.add(field(specific), v, at, length, value, FieldFlags::Generated);
        p.add(field(either), v, at, length, value, FieldFlags::Generated | FieldFlags::Hidden);
    }

    void addAddressDetails(Packet& p, const ByteView& v) const {
        bool wanted = false;
        for (FieldIndex f = SrcSlaacMac; f <= TcIpv4 && !wanted; ++f) wanted = p.wants(field(f));
        if (!wanted) return;
        add6to4(p, v, 8, kSrcDetails);
        add6to4(p, v, 24, kDstDetails);
        addTeredo(p, v, 8, kSrcDetails);
        addTeredo(p, v, 24, kDstDetails);
        addInterfaceId(p, v, 8, kSrcDetails);
        addInterfaceId(p, v, 24, kDstDetails);
    }

    // 2002:GGGG:GGGG:SSSS::/64 (RFC 3056): the gateway's IPv4 address and the site's SLA ID.
    void add6to4(Packet& p, const ByteView& v, std::uint32_t at, const AddressFields& f) const {
        if (v.u16(at) != 0x2002) return;
        addDetail(p, v, at + 2, 4, f.gw6to4, Gw6to4Ipv4, FieldValue::ofUnsigned(v.u32(at + 2)));
        addDetail(p, v, at + 6, 2, f.slaId, SlaId6to4, FieldValue::ofUnsigned(v.u16(at + 6)));
    }

    // 2001:0000:SSSS:SSSS:FFFF:PPPP:CCCC:CCCC (RFC 4380): server, and the client's mapped
    // port and address stored inverted.
    void addTeredo(Packet& p, const ByteView& v, std::uint32_t at, const AddressFields& f) const {
        if (v.u32(at) != 0x20010000) return;
        addDetail(p, v, at + 4, 4, f.teredoServer, TsIpv4, FieldValue::ofUnsigned(v.u32(at + 4)));
        addDetail(p, v, at + 10, 2, f.teredoPort, TcPort, FieldValue::ofUnsigned(~v.u16(at + 10) & 0xFFFFu));
        addDetail(p, v, at + 12, 4, f.teredoClient, TcIpv4, FieldValue::ofUnsigned(~v.u32(at + 12)));
    }

    // Interface identifiers built from a MAC (xxxx:xxff:fexx:xxxx, universal bit flipped) or
    // from an IPv4 address (ISATAP, RFC 5214: 0000:5efe:a.b.c.d, u/g bits aside).
    void addInterfaceId(Packet& p, const ByteView& v, std::uint32_t at, const AddressFields& f) const {
        const std::uint32_t id = at + 8;
        if (v.u8(id + 3) == 0xFF && v.u8(id + 4) == 0xFE) {
            const std::uint8_t mac[6] = {static_cast<std::uint8_t>(v.u8(id) ^ 0x02), v.u8(id + 1), v.u8(id + 2),
                                         v.u8(id + 5), v.u8(id + 6), v.u8(id + 7)};
            const std::string_view stored = p.copyText({reinterpret_cast<const char*>(mac), sizeof mac});
            const FieldValue value = FieldValue::ofBytes({reinterpret_cast<const std::uint8_t*>(stored.data()), stored.size()});
            addDetail(p, v, id, 8, f.slaacMac, SlaacMac, value);
        } else if ((v.u8(id) & 0xFD) == 0 && v.u8(id + 1) == 0 && v.u16(id + 2) == 0x5EFE) {
            addDetail(p, v, id + 4, 4, f.isatap, IsatapIpv4, FieldValue::ofUnsigned(v.u32(id + 4)));
        }
    }

    // The payload length the header claims, checked against the bytes there are.
    std::uint32_t payloadLengthOf(Packet& p, const ByteView& view, std::uint8_t next) const {
        const std::uint32_t available = view.reported() - kHeaderLength;
        const std::uint32_t claimed = view.u16(4);
        if (claimed == 0 && next != kHopByHop) {
            // Wireshark notes it (segmentation offload) and dissects an empty payload.
            p.addExpert(expert(PlenZero));
            return 0;
        }
        if (claimed == 0) return available;  // a Jumbo Payload option says how long it is
        if (claimed > available) {
            p.addExpert(expert(PlenExceedsFraming));
            return available;
        }
        return claimed;
    }

    void handOff(Packet& p, const ByteView& payload, std::uint8_t next) const {
        if (next == kNoNextHeader) {
            if (p.wantsColumns()) p.info() = "IPv6 no next header";
            if (!payload.empty()) p.callData(payload);
            return;
        }
        if (p.dispatch(*m_protocols, next, payload) != 0 || p.stopped()) return;
        if (p.wantsColumns()) {
            const std::string_view name = nameOf(kIpProtocolNames, next);
            p.info() = "Unknown IP Protocol: " + std::string(name.empty() ? "Unknown" : name) + " (" +
                       std::to_string(next) + ")";
        }
        p.callData(payload);
    }

    const DissectorTable* m_protocols = nullptr;
};

}  // namespace

void registerIpv6(Registry& r) {
    auto& ipv6 = r.addProtocol<Ipv6Protocol>(kIpv6Fields);
    r.addExperts(ipv6, kIpv6Experts);
    r.onHandoff([&ipv6](Registry& registry) {
        ipv6.connect(registry.table("ip.proto"));
        registry.table("ethertype").add(0x86dd, ipv6);
        registry.table("ip.proto").add(41, ipv6);  // IPv6 in IPv4 (6in4) or in IPv6
        registry.table("linktype").add(linktype::Ipv6, ipv6);
        if (registry.findTable("gre.proto") != nullptr) registry.table("gre.proto").add(0x86dd, ipv6);
        // BSD loopback's address families for IPv6 (24, 28, 30), if that table exists.
        if (registry.findTable("null.type") != nullptr) {
            for (const std::uint32_t family : {24u, 28u, 30u}) registry.table("null.type").add(family, ipv6);
        }
    });
}

}  // namespace caplens::proto
