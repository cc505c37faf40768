// arp — Address Resolution Protocol (RFC 826) and Reverse ARP (RFC 903), one dissector as in
// Wireshark ("arp" on ethertypes 0x0806 and 0x8035): the header, the four addresses, the
// gratuitous / probe / announcement flags (RFC 5227) and duplicate IPv4 address detection.
//
//   +-------------------------------+-------------------------------+
//   |        Hardware type          |         Protocol type         |
//   +---------------+---------------+-------------------------------+
//   | HW addr len   | Proto addr len|            Opcode             |
//   +---------------+---------------+-------------------------------+
//   | Sender HW address | Sender protocol address | Target HW address | Target protocol address
#include <array>
#include <cstdio>
#include <unordered_map>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kFixedHeader = 8;

// Opcodes (RFC 826, 903, 1931, 2390, 2225, 2022).
enum Opcode : std::uint16_t {
    Request = 1, Reply = 2, ReverseRequest = 3, ReverseReply = 4, DrarpRequest = 5, DrarpReply = 6,
    DrarpError = 7, InverseRequest = 8, InverseReply = 9,
};

constexpr ValueName kOpcodeNames[] = {
    {1, "request"}, {2, "reply"}, {3, "reverse request"}, {4, "reverse reply"}, {5, "drarp request"},
    {6, "drarp reply"}, {7, "drarp error"}, {8, "inverse request"}, {9, "inverse reply"}, {10, "arp nak"},
    {11, "mars request"}, {12, "mars multi"}, {13, "mars mserv"}, {14, "mars join"}, {15, "mars leave"},
    {16, "mars nak"}, {17, "mars unserv"}, {18, "mars sjoin"}, {19, "mars sleave"},
    {20, "mars grouplist request"}, {21, "mars grouplist reply"}, {22, "mars redirect map"},
    {23, "mapos unarp"}, {24, "experimental 1"}, {25, "experimental 2"}, {0, "reserved"}, {65535, "reserved"},
};
constexpr ValueName kTrueFalse[] = {{0, "False"}, {1, "True"}};

enum ArpField : FieldIndex {
    HwType, ProtoType, HwSize, ProtoSize, Opcode, IsGratuitous, IsProbe, IsAnnouncement,
    SrcHw, SrcHwMac, SrcProto, SrcProtoIpv4, DstHw, DstHwMac, DstProto, DstProtoIpv4,
    DuplicateAddressFrame, SecondsSinceDuplicateAddressFrame, kArpFieldCount
};

constexpr FieldDef kArpFields[] = {
    {HwType, "arp.hw.type", "Hardware type", FieldType::UInt16, Base::Dec, 0, kArpHardwareTypeNames},
    {ProtoType, "arp.proto.type", "Protocol type", FieldType::UInt16, Base::Hex, 0, kEthertypeNames},
    {HwSize, "arp.hw.size", "Hardware size", FieldType::UInt8, Base::Dec},
    {ProtoSize, "arp.proto.size", "Protocol size", FieldType::UInt8, Base::Dec},
    {Opcode, "arp.opcode", "Opcode", FieldType::UInt16, Base::Dec, 0, kOpcodeNames},
    {IsGratuitous, "arp.isgratuitous", "Is gratuitous", FieldType::Bool, Base::None, 0, kTrueFalse},
    {IsProbe, "arp.isprobe", "Is probe", FieldType::Bool, Base::None, 0, kTrueFalse},
    {IsAnnouncement, "arp.isannouncement", "Is announcement", FieldType::Bool, Base::None, 0, kTrueFalse},
    {SrcHw, "arp.src.hw", "Sender hardware address", FieldType::Bytes},
    {SrcHwMac, "arp.src.hw_mac", "Sender MAC address", FieldType::Ether},
    {SrcProto, "arp.src.proto", "Sender protocol address", FieldType::Bytes},
    {SrcProtoIpv4, "arp.src.proto_ipv4", "Sender IP address", FieldType::Ipv4},
    {DstHw, "arp.dst.hw", "Target hardware address", FieldType::Bytes},
    {DstHwMac, "arp.dst.hw_mac", "Target MAC address", FieldType::Ether},
    {DstProto, "arp.dst.proto", "Target protocol address", FieldType::Bytes},
    {DstProtoIpv4, "arp.dst.proto_ipv4", "Target IP address", FieldType::Ipv4},
    {DuplicateAddressFrame, "arp.duplicate-address-frame", "Frame showing earlier use of IP address",
     FieldType::FrameNumber},
    {SecondsSinceDuplicateAddressFrame, "arp.seconds-since-duplicate-address-frame", "Seconds since earlier frame seen",
     FieldType::UInt32, Base::Dec},
};
static_assert(std::size(kArpFields) == kArpFieldCount);

enum ArpExpert : std::uint16_t { DuplicateAddress, kArpExpertCount };
constexpr ExpertDef kArpExperts[] = {
    {DuplicateAddress, "arp.duplicate-address-detected", ExpertSeverity::Warning, ExpertGroup::Sequence,
     "Duplicate IP address configured"},
};
static_assert(std::size(kArpExperts) == kArpExpertCount);

// Which MAC address each IPv4 address was last seen with, for duplicate address detection
// (Wireshark's "Detect duplicate IP address configuration", on by default).
class ArpState final : public ProtocolState {
public:
    struct Binding {
        std::array<std::uint8_t, 6> mac{};
        std::uint64_t frame = 0;
        TimestampNs time = kNoTimestamp;
    };
    std::unordered_map<std::uint32_t, Binding> bindings;
};

// The addresses of one ARP packet: where they are and whether they are Ethernet / IPv4.
struct Layout {
    std::uint16_t hardwareType = 0, protocolType = 0, opcode = 0;
    std::uint8_t hardwareLength = 0, protocolLength = 0;
    std::uint32_t senderHw = 0, senderProto = 0, targetHw = 0, targetProto = 0, total = 0;

    [[nodiscard]] bool hwIsEther() const {
        // Ethernet, Experimental Ethernet, IEEE 802, IPsec tunnel: 6-byte MAC addresses.
        return (hardwareType == 1 || hardwareType == 2 || hardwareType == 6 || hardwareType == 31) &&
               hardwareLength == 6;
    }
    [[nodiscard]] bool protoIsIpv4() const {
        return (protocolType == 0x0800 || protocolType == 0xCC) && protocolLength == 4;
    }
};

class ArpProtocol final : public Dissector {
public:
    ArpProtocol() : Dissector({"arp", "ARP", "Address Resolution Protocol"}) {}

    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override { return std::make_unique<ArpState>(); }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, kFixedHeader);
        if (view.need(0, kFixedHeader) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kFixedHeader);
            return view.reported();
        }
        const Layout a = layout(view);
        p.setLength(item, a.total);
        const std::string_view shortName = a.opcode == ReverseRequest || a.opcode == ReverseReply ? "RARP"
                                           : a.opcode >= DrarpRequest && a.opcode <= DrarpError  ? "DRARP"
                                           : a.opcode == InverseRequest || a.opcode == InverseReply ? "Inverse ARP"
                                                                                                     : "ARP";
        if (p.wantsColumns()) p.setProtocolColumn(shortName);

        p.addUint(field(HwType), view, 0, 2);
        p.addUint(field(ProtoType), view, 2, 2);
        p.addUint(field(HwSize), view, 4, 1);
        p.addUint(field(ProtoSize), view, 5, 1);
        p.addUint(field(Opcode), view, 6, 2);
        if (view.need(0, a.total) != Availability::Available) {
            p.markUnavailable(*this, view, 0, a.total);
            return view.reported();
        }

        const bool gratuitous = (a.opcode == Request || a.opcode == Reply) &&
                                equalBytes(view, a.senderProto, a.targetProto, a.protocolLength);
        const bool targetHwZero = isZero(view, a.targetHw, 6);
        const bool announcement = gratuitous && a.opcode == Request && targetHwZero;
        const bool probe = !gratuitous && a.opcode == Request && targetHwZero && view.u32(a.senderProto) == 0;
        if (gratuitous) p.addGenerated(field(IsGratuitous), FieldValue::ofUnsigned(1));
        if (probe) p.addGenerated(field(IsProbe), FieldValue::ofUnsigned(1));
        if (announcement) p.addGenerated(field(IsAnnouncement), FieldValue::ofUnsigned(1));

        addAddresses(p, view, a);
        const std::uint32_t duplicate = checkDuplicates(p, view, a);
        if (p.buildsTree()) p.setText(item, title(a.opcode, gratuitous, probe, announcement));
        if (p.wantsColumns()) {
            p.info() = info(view, a, gratuitous, probe, announcement);
            if (duplicate != 0) p.info() += " (duplicate use of " + formatIpv4(duplicate) + " detected!)";
        }
        return a.total;
    }

private:
    static Layout layout(const ByteView& view) {
        Layout a;
        a.hardwareType = view.u16(0);
        a.protocolType = view.u16(2);
        a.hardwareLength = view.u8(4);
        a.protocolLength = view.u8(5);
        a.opcode = view.u16(6);
        a.senderHw = kFixedHeader;
        a.senderProto = a.senderHw + a.hardwareLength;
        a.targetHw = a.senderProto + a.protocolLength;
        a.targetProto = a.targetHw + a.hardwareLength;
        a.total = a.targetProto + a.protocolLength;
        return a;
    }

    void addAddresses(Packet& p, const ByteView& view, const Layout& a) const {
        const bool ether = a.hwIsEther();
        const bool ipv4 = a.protoIsIpv4();
        if (a.hardwareLength != 0) p.addBytes(field(ether ? SrcHwMac : SrcHw), view, a.senderHw, a.hardwareLength);
        if (a.protocolLength != 0) addProtocolAddress(p, view, a.senderProto, a.protocolLength, ipv4, SrcProtoIpv4, SrcProto);
        if (a.hardwareLength != 0) p.addBytes(field(ether ? DstHwMac : DstHw), view, a.targetHw, a.hardwareLength);
        if (a.protocolLength != 0 && a.opcode != DrarpError) {
            addProtocolAddress(p, view, a.targetProto, a.protocolLength, ipv4, DstProtoIpv4, DstProto);
        }
    }

    void addProtocolAddress(Packet& p, const ByteView& view, std::uint32_t at, std::uint8_t length, bool ipv4,
                            ArpField ipv4Field, ArpField bytesField) const {
        if (ipv4) {
            p.addIpv4(field(ipv4Field), view, at);
        } else {
            p.addBytes(field(bytesField), view, at, length);
        }
    }

    // Remembers Ethernet/IPv4 bindings and flags an IPv4 address seen with another MAC address
    // before (Wireshark's check_for_duplicate_addresses). Returns the duplicated address or 0.
    std::uint32_t checkDuplicates(Packet& p, const ByteView& view, const Layout& a) const {
        if ((a.opcode != Request && a.opcode != Reply) || !a.hwIsEther() || !a.protoIsIpv4()) return 0;
        std::uint32_t duplicate = 0;
        auto usable = [&](std::uint32_t macAt, std::uint32_t ip) {
            return (view.u8(macAt) & 0x01) == 0 && !isZero(view, macAt, 6) && ip != 0;
        };
        const std::uint32_t senderIp = view.u32(a.senderProto);
        if (usable(a.senderHw, senderIp) && check(p, view, a.senderHw, senderIp)) duplicate = senderIp;
        const std::uint32_t targetIp = view.u32(a.targetProto);
        if (a.opcode != Request && usable(a.targetHw, targetIp) && duplicate != targetIp &&
            check(p, view, a.targetHw, targetIp)) {
            duplicate = targetIp;
        }
        return duplicate;
    }

    bool check(Packet& p, const ByteView& view, std::uint32_t macAt, std::uint32_t ip) const {
        auto& bindings = p.state<ArpState>(*this).bindings;
        std::array<std::uint8_t, 6> mac{};
        for (std::uint32_t k = 0; k < 6; ++k) mac[k] = view.u8(macAt + k);
        auto [it, inserted] = bindings.try_emplace(ip);
        ArpState::Binding& known = it->second;
        if (inserted || known.frame == p.frame().number || known.mac == mac) {
            known.mac = mac;
            known.frame = p.frame().number;
            known.time = p.frame().timestampNs;
            return false;
        }
        // Seen before with another MAC address: report it (the earlier binding stays).
        p.addExpert(expert(DuplicateAddress), "Duplicate IP address detected for " + formatIpv4(ip) + " (" +
                                                   formatEther(known.mac) + ") - also in use by " +
                                                   formatEther(mac) + " (frame " + std::to_string(known.frame) + ")");
        p.addGenerated(field(DuplicateAddressFrame), FieldValue::ofUnsigned(known.frame));
        if (known.time != kNoTimestamp && p.frame().timestampNs != kNoTimestamp) {
            const auto seconds = (p.frame().timestampNs - known.time) / 1'000'000'000;
            p.addGenerated(field(SecondsSinceDuplicateAddressFrame),
                           FieldValue::ofUnsigned(static_cast<std::uint64_t>(std::max<std::int64_t>(seconds, 0))));
        }
        return true;
    }

    static bool equalBytes(const ByteView& view, std::uint32_t a, std::uint32_t b, std::uint32_t length) {
        const auto x = view.span(a, length);
        const auto y = view.span(b, length);
        return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin());
    }
    static bool isZero(const ByteView& view, std::uint32_t at, std::uint32_t length) {
        for (std::uint32_t k = 0; k < length; ++k) {
            if (view.u8(at + k) != 0) return false;
        }
        return true;
    }

    static std::string title(std::uint16_t opcode, bool gratuitous, bool probe, bool announcement) {
        std::string_view name = nameOf(kOpcodeNames, opcode);
        if (name.empty()) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%04x", opcode);
            return std::string("Address Resolution Protocol (opcode ") + hex + ")";
        }
        if (gratuitous && opcode == Request) name = "request/gratuitous ARP";
        if (gratuitous && opcode == Reply) name = "reply/gratuitous ARP";
        if (probe) name = "ARP Probe";
        if (announcement) name = "ARP Announcement";
        return "Address Resolution Protocol (" + std::string(name) + ")";
    }

    // Addresses as Wireshark's tvb_arphrdaddr_to_str / tvb_arpproaddr_to_str write them.
    static std::string hardwareText(const ByteView& view, const Layout& a, std::uint32_t at) {
        if (a.hardwareLength == 0) return "<No address>";
        if (a.hwIsEther()) return formatEther(view.span(at, 6));
        return hexText(view, at, a.hardwareLength);
    }
    static std::string protocolText(const ByteView& view, const Layout& a, std::uint32_t at) {
        if (a.protocolLength == 0) return "<No address>";
        if (a.protoIsIpv4()) return formatIpv4(view.u32(at));
        return hexText(view, at, a.protocolLength);
    }
    static std::string hexText(const ByteView& view, std::uint32_t at, std::uint32_t length) {
        std::string out;
        char part[4];
        for (const std::uint8_t byte : view.span(at, length)) {
            std::snprintf(part, sizeof part, "%02x", byte);
            out += part;
        }
        return out;
    }

    static std::string info(const ByteView& view, const Layout& a, bool gratuitous, bool probe, bool announcement) {
        switch (a.opcode) {
            case Request:
                if (announcement) return "ARP Announcement for " + protocolText(view, a, a.targetProto);
                if (gratuitous) return "Gratuitous ARP for " + protocolText(view, a, a.targetProto) + " (Request)";
                if (probe) return "Who has " + protocolText(view, a, a.targetProto) + "? (ARP Probe)";
                return "Who has " + protocolText(view, a, a.targetProto) + "? Tell " +
                       protocolText(view, a, a.senderProto);
            case Reply:
                if (gratuitous) return "Gratuitous ARP for " + protocolText(view, a, a.senderProto) + " (Reply)";
                return protocolText(view, a, a.senderProto) + " is at " + hardwareText(view, a, a.senderHw);
            case ReverseRequest:
            case InverseRequest:
            case DrarpRequest:
                return "Who is " + hardwareText(view, a, a.targetHw) + "? Tell " + hardwareText(view, a, a.senderHw);
            case ReverseReply:
            case DrarpReply:
                return hardwareText(view, a, a.targetHw) + " is at " + protocolText(view, a, a.targetProto);
            case DrarpError: return "DRARP Error";
            case InverseReply:
                return hardwareText(view, a, a.senderHw) + " is at " + protocolText(view, a, a.senderProto);
            case 0:
            case 65535: return "Reserved opcode " + std::to_string(a.opcode);
            default: {
                char text[40];
                std::snprintf(text, sizeof text, "Unknown ARP opcode 0x%04x", a.opcode);
                return text;
            }
        }
    }
};

}  // namespace

void registerArp(Registry& r) {
    auto& arp = r.addProtocol<ArpProtocol>(kArpFields);
    r.addExperts(arp, kArpExperts);
    r.onHandoff([&arp](Registry& registry) {
        registry.table("ethertype").add(0x0806, arp);
        registry.table("ethertype").add(0x8035, arp);  // RARP
        if (registry.findTable("gre.proto") != nullptr) registry.table("gre.proto").add(0x0806, arp);
    });
}

}  // namespace caplens::proto
