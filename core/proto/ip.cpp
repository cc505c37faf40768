// ip — Internet Protocol version 4 (RFC 791): header fields, options, the hand-off by protocol
// number ("ip.proto" table), and reassembly of fragmented datagrams as Wireshark does by
// default (fragments before the last show their payload as data; the frame that completes a
// datagram dissects the whole of it).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |Version|  IHL  |    DSCP   |ECN|          Total Length         |
//   |         Identification        |Flags|      Fragment Offset    |
//   |  Time to Live |    Protocol   |         Header Checksum       |
//   |                       Source Address                          |
//   |                    Destination Address                        |
//   |                    Options                    |    Padding    |
#include <map>
#include <tuple>

#include "core/proto/ip_reassembly.hpp"
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kMinHeader = 20;

enum IpField : FieldIndex {
    Version, HdrLen, DsField, Dscp, Ecn, Len, Id, Flags, FlagRb, FlagDf, FlagMf, FragOffset, Ttl, Proto,
    Checksum, ChecksumStatus, Src, Addr, SrcHost, Host, Dst, DstHost, OptType, OptTypeCopy, OptTypeClass,
    OptTypeNumber, OptLen, Fragment, FragmentCount, ReassembledLength, kIpFieldCount
};

constexpr ValueName kChecksumStatus[] = {{0, "Bad"}, {1, "Good"}, {2, "Unverified"}};
constexpr ValueName kSetNames[] = {{0, "Not set"}, {1, "Set"}};
constexpr ValueName kEcnNames[] = {{0, "Not ECN-Capable Transport"},
                                   {1, "ECN-Capable Transport codepoint '01'"},
                                   {2, "ECN-Capable Transport codepoint '10'"},
                                   {3, "Congestion Experienced"}};
constexpr ValueName kOptionNames[] = {{0, "End of Options List (EOL)"}, {1, "No-Operation (NOP)"},
                                      {7, "Record Route"}, {68, "Time Stamp"},
                                      {130, "Security"}, {131, "Loose Source Route"},
                                      {136, "Stream ID"}, {137, "Strict Source Route"},
                                      {148, "Router Alert"}};

constexpr FieldDef kIpFields[] = {
    {Version, "ip.version", "Version", FieldType::UInt8, Base::Dec, 0xF0},
    {HdrLen, "ip.hdr_len", "Header Length", FieldType::UInt8, Base::Dec},
    {DsField, "ip.dsfield", "Differentiated Services Field", FieldType::UInt8, Base::Hex},
    {Dscp, "ip.dsfield.dscp", "Differentiated Services Codepoint", FieldType::UInt8, Base::Dec, 0xFC},
    {Ecn, "ip.dsfield.ecn", "Explicit Congestion Notification", FieldType::UInt8, Base::Dec, 0x03, kEcnNames},
    {Len, "ip.len", "Total Length", FieldType::UInt16, Base::Dec},
    {Id, "ip.id", "Identification", FieldType::UInt16, Base::HexDec},
    {Flags, "ip.flags", "Flags", FieldType::UInt8, Base::Hex, 0xE0},
    {FlagRb, "ip.flags.rb", "Reserved bit", FieldType::Bool, Base::None, 0x80, kSetNames},
    {FlagDf, "ip.flags.df", "Don't fragment", FieldType::Bool, Base::None, 0x40, kSetNames},
    {FlagMf, "ip.flags.mf", "More fragments", FieldType::Bool, Base::None, 0x20, kSetNames},
    {FragOffset, "ip.frag_offset", "Fragment Offset", FieldType::UInt16, Base::Dec, 0x1FFF},
    {Ttl, "ip.ttl", "Time to Live", FieldType::UInt8, Base::Dec},
    {Proto, "ip.proto", "Protocol", FieldType::UInt8, Base::Dec, 0, kIpProtocolNames},
    {Checksum, "ip.checksum", "Header Checksum", FieldType::UInt16, Base::Hex},
    {ChecksumStatus, "ip.checksum.status", "Header checksum status", FieldType::UInt8, Base::None, 0, kChecksumStatus},
    {Src, "ip.src", "Source Address", FieldType::Ipv4},
    {Addr, "ip.addr", "Source or Destination Address", FieldType::Ipv4},
    {SrcHost, "ip.src_host", "Source Host", FieldType::String},
    {Host, "ip.host", "Source or Destination Host", FieldType::String},
    {Dst, "ip.dst", "Destination Address", FieldType::Ipv4},
    {DstHost, "ip.dst_host", "Destination Host", FieldType::String},
    {OptType, "ip.opt.type", "Type", FieldType::UInt8, Base::Dec, 0, kOptionNames},
    {OptTypeCopy, "ip.opt.type.copy", "Copy on fragmentation", FieldType::Bool, Base::None, 0x80},
    {OptTypeClass, "ip.opt.type.class", "Class", FieldType::UInt8, Base::Dec, 0x60},
    {OptTypeNumber, "ip.opt.type.number", "Number", FieldType::UInt8, Base::Dec, 0x1F},
    {OptLen, "ip.opt.len", "Length", FieldType::UInt8, Base::Dec},
    {Fragment, "ip.fragment", "IPv4 Fragment", FieldType::FrameNumber},
    {FragmentCount, "ip.fragment.count", "Fragment count", FieldType::UInt32, Base::Dec},
    {ReassembledLength, "ip.reassembled.length", "Reassembled IPv4 length", FieldType::UInt32, Base::Dec},
};
static_assert(std::size(kIpFields) == kIpFieldCount);

enum IpExpert : std::uint16_t {
    BogusVersion, BogusHeaderLength, LengthExceedsPacket, BogusLength, TtlLncb, TtlTooSmall, kIpExpertCount
};

constexpr ExpertDef kIpExperts[] = {
    {BogusVersion, "ip.version_bad", ExpertSeverity::Error, ExpertGroup::Protocol, "Bogus IP version"},
    {BogusHeaderLength, "ip.bogus_header_length", ExpertSeverity::Error, ExpertGroup::Protocol, "Bogus IP header length"},
    {LengthExceedsPacket, "ip.len.exceeds", ExpertSeverity::Error, ExpertGroup::Protocol,
     "IPv4 total length exceeds packet length"},
    {BogusLength, "ip.bogus_ip_length", ExpertSeverity::Error, ExpertGroup::Protocol, "Bogus IP length"},
    {TtlLncb, "ip.ttl.lncb", ExpertSeverity::Note, ExpertGroup::Sequence, "Time To Live"},
    {TtlTooSmall, "ip.ttl.too_small", ExpertSeverity::Note, ExpertGroup::Sequence, "Time To Live"},
};
static_assert(std::size(kIpExperts) == kIpExpertCount);

class IpState final : public ProtocolState {
public:
    FragmentTable fragments;
};

class IpProtocol final : public Dissector {
public:
    IpProtocol() : Dissector({"ip", "IPv4", "Internet Protocol Version 4"}) {}

    void connect(const DissectorTable& protocols) { m_protocols = &protocols; }
    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override { return std::make_unique<IpState>(); }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, kMinHeader);
        if (view.need(0, 1) != Availability::Available) return stopAt(p, view, 0, 1);
        const std::uint8_t version = view.u8(0) >> 4;
        const std::uint32_t headerLength = (view.u8(0) & 0x0F) * 4u;
        p.addUint(field(Version), view, 0, 1);
        if (version != 4) {
            p.addExpert(expert(BogusVersion));
            return view.reported();
        }
        p.add(field(HdrLen), view, 0, 1, FieldValue::ofUnsigned(headerLength));
        if (headerLength < kMinHeader) {
            p.addExpert(expert(BogusHeaderLength));
            return view.reported();
        }
        if (view.need(0, headerLength) != Availability::Available) return stopAt(p, view, 0, headerLength);
        p.setLength(item, headerLength);
        addFixedFields(p, view);
        addOptions(p, view, headerLength);

        std::uint32_t totalLength = view.u16(2);
        // Zero is what a sender's TCP segmentation offload leaves in the header; Wireshark
        // (ip.tso_support, on by default) then takes the datagram to fill the frame.
        if (totalLength == 0) totalLength = view.reported();
        if (totalLength < headerLength) {
            p.addExpert(expert(BogusLength));
            return view.reported();
        }
        const std::uint32_t claimedLength = totalLength;
        if (totalLength > view.reported()) {
            // A quoted datagram (in_error_pkt) is expected to be cut short: no note there.
            if (!p.inErrorPacket()) p.addExpert(expert(LengthExceedsPacket));
            totalLength = view.reported();
        }
        const ByteView datagram = view.limit(totalLength);
        const Header h = header(view);
        if (p.buildsTree()) p.setText(item, title(h));
        if (p.wantsColumns()) p.setAddressColumns(formatIpv4(h.src), formatIpv4(h.dst));
        p.setNetworkAddresses(view.span(12, 4), view.span(16, 4));
        TapRecord tap;
        tap.kind = TapKind::Ipv4;
        tap.addressLength = 4;
        std::copy_n(view.bytes().begin() + 12, 4, tap.source.begin());
        std::copy_n(view.bytes().begin() + 16, 4, tap.destination.begin());
        tap.ipProtocol = h.proto;
        p.tap(tap);
        handOff(p, datagram, headerLength, claimedLength, h);
        return totalLength;
    }

private:
    struct Header {
        std::uint32_t src, dst;
        std::uint16_t id;
        std::uint8_t proto;
        bool moreFragments;
        std::uint32_t fragmentOffset;  // in bytes
    };

    static Header header(const ByteView& v) {
        return {v.u32(12), v.u32(16), v.u16(4), v.u8(9), (v.u8(6) & 0x20) != 0, (v.u16(6) & 0x1FFFu) * 8u};
    }

    std::uint32_t stopAt(Packet& p, const ByteView& view, std::uint32_t offset, std::uint32_t length) const {
        p.markUnavailable(*this, view, offset, length);
        return view.reported();
    }

    void addFixedFields(Packet& p, const ByteView& v) const {
        p.addUint(field(DsField), v, 1, 1);
        p.push(p.currentParent());
        p.addUint(field(Dscp), v, 1, 1);
        p.addUint(field(Ecn), v, 1, 1);
        p.pop();
        p.addUint(field(Len), v, 2, 2);
        p.addUint(field(Id), v, 4, 2);
        p.addUint(field(Flags), v, 6, 1);
        p.addUint(field(FlagRb), v, 6, 1);
        p.addUint(field(FlagDf), v, 6, 1);
        p.addUint(field(FlagMf), v, 6, 1);
        p.addUint(field(FragOffset), v, 6, 2);
        checkTtl(p, static_cast<std::uint8_t>(p.addUint(field(Ttl), v, 8, 1)), v.u8(9), v.u32(16));
        p.addUint(field(Proto), v, 9, 1);
        p.addUint(field(Checksum), v, 10, 2);
        p.addGenerated(field(ChecksumStatus), FieldValue::ofUnsigned(2));
        addAddress(p, v, 12, Src, SrcHost);
        addAddress(p, v, 16, Dst, DstHost);
    }

    // A datagram to the Local Network Control Block (224.0.0.0/24) is never routed, so its TTL
    // should be 1 (255 for VRRP, GLBP and mDNS, anything for LLMNR: RFC 3171); elsewhere a TTL
    // below 5 is worth a note, except for multicast, PIM and OSPF. As Wireshark's packet-ip.c.
    void checkTtl(Packet& p, std::uint8_t ttl, std::uint8_t proto, std::uint32_t dst) const {
        constexpr std::uint8_t kIgmp = 2, kOspf = 89, kPim = 103;
        if ((dst & 0xFFFFFF00u) == 0xE0000000u) {
            if (dst == 0xE00000FCu) return;  // LLMNR: any TTL
            const bool ttl255 = proto != kIgmp && (dst == 0xE0000012u || dst == 0xE0000066u || dst == 0xE00000FBu);
            if (ttl != (ttl255 ? 255 : 1)) p.addExpert(expert(TtlLncb));
        } else if (ttl < 5 && (dst & 0xF0000000u) != 0xE0000000u && proto != kPim && proto != kOspf) {
            p.addExpert(expert(TtlTooSmall));
        }
    }

    void addAddress(Packet& p, const ByteView& v, std::uint32_t at, IpField address, IpField host) const {
        const std::uint32_t value = p.addIpv4(field(address), v, at);
        p.addIpv4(field(Addr), v, at, FieldFlags::Hidden);
        if (p.wants(field(host)) || p.wants(field(Host))) {
            const std::string text = formatIpv4(value);
            p.addText(field(host), v, at, 4, text, FieldFlags::Hidden);
            p.addText(field(Host), v, at, 4, text, FieldFlags::Hidden);
        }
    }

    void addOptions(Packet& p, const ByteView& v, std::uint32_t headerLength) const {
        std::uint32_t at = kMinHeader;
        while (at < headerLength) {
            const std::uint8_t type = v.u8(at);
            p.addUint(field(OptType), v, at, 1);
            if (type == 0) break;  // end of option list
            if (type == 1) {       // no-operation: a single byte
                ++at;
                continue;
            }
            const std::uint8_t length = v.u8(at + 1);
            p.addUint(field(OptLen), v, at + 1, 1);
            if (length < 2 || at + length > headerLength) break;
            at += length;
        }
    }

    void handOff(Packet& p, const ByteView& datagram, std::uint32_t headerLength, std::uint32_t claimedLength,
                 const Header& h) const {
        const ByteView payload = datagram.from(headerLength);
        const bool fragment = h.moreFragments || h.fragmentOffset != 0;
        if (!fragment) {
            if (p.dispatch(*m_protocols, h.proto, payload) == 0) p.callData(payload);
            return;
        }
        if (p.wantsColumns()) {
            p.info() = "Fragmented IP protocol (proto=" + std::string(nameOf(kIpProtocolNames, h.proto)) + " " +
                       std::to_string(h.proto) + ", off=" + std::to_string(h.fragmentOffset) + ", ID=" +
                       hex4(h.id) + ")";
        }
        // Only a fragment whose whole payload (as its header's total length says) was captured
        // can be reassembled. Otherwise, as Wireshark does, the first fragment is dissected as
        // far as it goes and any later one stays data.
        if (payload.isCut() || claimedLength > datagram.reported()) {
            if (h.fragmentOffset != 0 || p.dispatch(*m_protocols, h.proto, payload) == 0) p.callData(payload);
            return;
        }
        auto& state = p.state<IpState>(*this);
        const FragmentKey key{h.src, h.dst, h.id, h.proto};
        const auto whole = state.fragments.add(key, p.frame().number, h.fragmentOffset, payload.bytes(), !h.moreFragments);
        if (!whole) {
            p.callData(payload);
            return;
        }
        const ByteView reassembled = p.addDataSource("Reassembled IPv4", *whole);
        p.addGenerated(field(ReassembledLength), FieldValue::ofUnsigned(reassembled.reported()));
        if (p.wantsColumns()) p.info().clear();
        if (p.dispatch(*m_protocols, h.proto, reassembled) == 0) p.callData(reassembled);
        state.fragments.erase(key);
    }

    static std::string hex4(std::uint16_t value) {
        char text[8];
        std::snprintf(text, sizeof text, "%04x", value);
        return text;
    }

    static std::string title(const Header& h) {
        return "Internet Protocol Version 4, Src: " + formatIpv4(h.src) + ", Dst: " + formatIpv4(h.dst);
    }

    const DissectorTable* m_protocols = nullptr;
};

}  // namespace

void registerIp(Registry& r) {
    auto& ip = r.addProtocol<IpProtocol>(kIpFields);
    r.addExperts(ip, kIpExperts);
    r.addTable("ip.proto", "IP protocol");
    r.onHandoff([&ip](Registry& registry) {
        ip.connect(registry.table("ip.proto"));
        registry.table("ethertype").add(0x0800, ip);
        registry.table("ip.proto").add(4, ip);  // IPv4 in IPv4
    });
}

}  // namespace caplens::proto
