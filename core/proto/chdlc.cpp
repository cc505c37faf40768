// chdlc — Cisco HDLC (LINKTYPE_C_HDLC 104): address, control and an ethertype-like protocol
// field handed to "chdlc.protocol"; and SLARP ("slarp", protocol 0x8035), Cisco's serial-line
// address resolution and keepalive, which Wireshark dissects in the same file.
//
//   CHDLC: | address (8: 0x0F unicast, 0x8F multicast) | control (8) | protocol (16) | payload
//   SLARP: | packet type (32) | request/reply: address (32), netmask (32)
//                              | keepalive: my sequence (32), your sequence (32), reliability (16)
#include <cstdio>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 4;

constexpr ValueName kAddressNames[] = {{0x0f, "Unicast"}, {0x8f, "Multicast"}};
constexpr ValueName kChdlcProtocolNames[] = {
    {0x0800, "IP"}, {0x0806, "ARP"}, {0x2000, "CDP"}, {0x4242, "Spanning Tree Protocol"}, {0x8035, "SLARP"},
    {0x8137, "IPX"}, {0x86dd, "IPv6"}, {0x8847, "MPLS"}, {0x8848, "MPLS multicast"}, {0xfefe, "OSI"},
};

enum ChdlcField : FieldIndex { Address, Control, Protocol, kChdlcFieldCount };

constexpr FieldDef kChdlcFields[] = {
    {Address, "chdlc.address", "Address", FieldType::UInt8, Base::Hex, 0, kAddressNames},
    {Control, "chdlc.control", "Control", FieldType::UInt8, Base::Hex},
    {Protocol, "chdlc.protocol", "Protocol", FieldType::UInt16, Base::Hex, 0, kChdlcProtocolNames},
};
static_assert(std::size(kChdlcFields) == kChdlcFieldCount);

class ChdlcProtocol final : public Dissector {
public:
    ChdlcProtocol() : Dissector({"chdlc", "CHDLC", "Cisco HDLC"}) {}

    void connect(const DissectorTable& protocols, const DissectorTable& ethertypes) {
        m_protocols = &protocols;
        m_ethertypes = &ethertypes;
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, kHeaderLength);
        if (view.need(0, kHeaderLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kHeaderLength);
            return view.reported();
        }
        if (p.wantsColumns()) p.setAddressColumns("N/A", "N/A");
        p.addUint(field(Address), view, 0, 1);
        p.addUint(field(Control), view, 1, 1);
        const auto protocol = static_cast<std::uint16_t>(p.addUint(field(Protocol), view, 2, 2));
        const ByteView payload = view.from(kHeaderLength);
        std::uint32_t used = p.dispatch(*m_protocols, protocol, payload);
        // IP, IPv6 and IPX register in "chdlc.protocol" in Wireshark; here they may have joined
        // only "ethertype", whose numbers Cisco HDLC uses.
        if (used == 0 && !p.stopped() && m_protocols->find(protocol) == nullptr &&
            (protocol == 0x0800 || protocol == 0x86DD || protocol == 0x8137)) {
            used = p.dispatch(*m_ethertypes, protocol, payload);
        }
        if (used == 0 && !p.stopped()) p.callData(payload);
        return view.reported();
    }

private:
    const DissectorTable* m_protocols = nullptr;
    const DissectorTable* m_ethertypes = nullptr;
};

// ---- SLARP ----

enum SlarpType : std::uint32_t { Request = 0, Reply = 1, Keepalive = 2 };
constexpr ValueName kSlarpTypeNames[] = {{0, "Request"}, {1, "Reply"}, {2, "Line keepalive"}};

enum SlarpField : FieldIndex { PType, SlarpAddress, Netmask, MySequence, YourSequence, Reliability, kSlarpFieldCount };

constexpr FieldDef kSlarpFields[] = {
    {PType, "slarp.ptype", "Packet type", FieldType::UInt32, Base::Dec, 0, kSlarpTypeNames},
    {SlarpAddress, "slarp.address", "Address", FieldType::Ipv4},
    {Netmask, "slarp.netmask", "Netmask", FieldType::Ipv4},
    {MySequence, "slarp.mysequence", "Outgoing sequence number", FieldType::UInt32, Base::Dec},
    {YourSequence, "slarp.yoursequence", "Returned sequence number", FieldType::UInt32, Base::Dec},
    {Reliability, "slarp.reliability", "Reliability", FieldType::UInt16, Base::Hex},
};
static_assert(std::size(kSlarpFields) == kSlarpFieldCount);

enum SlarpExpert : std::uint16_t { ReliabilityInvalid, kSlarpExpertCount };
constexpr ExpertDef kSlarpExperts[] = {
    {ReliabilityInvalid, "slarp.reliability.invalid", ExpertSeverity::Error, ExpertGroup::Protocol,
     "Reliability must be 0xFFFF"},
};
static_assert(std::size(kSlarpExperts) == kSlarpExpertCount);

class SlarpProtocol final : public Dissector {
public:
    SlarpProtocol() : Dissector({"slarp", "SLARP", "Cisco SLARP"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, 14);
        if (view.need(0, 4) != Availability::Available) {
            p.markUnavailable(*this, view, 0, 4);
            return view.reported();
        }
        const std::uint32_t type = view.u32(0);
        p.addUint(field(PType), view, 0, 4);
        if (type == Request || type == Reply) {
            if (view.need(4, 8) != Availability::Available) {
                p.markUnavailable(*this, view, 4, 8);
                return view.reported();
            }
            p.addIpv4(field(SlarpAddress), view, 4);
            p.addIpv4(field(Netmask), view, 8);
            if (p.wantsColumns()) {
                p.info() = std::string(nameOf(kSlarpTypeNames, type)) + ", from " + formatIpv4(view.u32(4)) +
                           ", mask " + formatIpv4(view.u32(8));
            }
            return 12;
        }
        if (type == Keepalive) {
            if (view.need(4, 10) != Availability::Available) {
                p.markUnavailable(*this, view, 4, 10);
                return view.reported();
            }
            p.addUint(field(MySequence), view, 4, 4);
            p.addUint(field(YourSequence), view, 8, 4);
            if (p.addUint(field(Reliability), view, 12, 2) != 0xFFFF) p.addExpert(expert(ReliabilityInvalid));
            if (p.wantsColumns()) {
                p.info() = "Line keepalive, outgoing sequence " + std::to_string(view.u32(4)) + ", returned sequence " +
                           std::to_string(view.u32(8));
            }
            return 14;
        }
        if (p.wantsColumns()) p.info() = "Unknown packet type 0x" + hex8(type);
        return view.reported();
    }

private:
    static std::string hex8(std::uint32_t value) {
        char text[12];
        std::snprintf(text, sizeof text, "%08X", value);
        return text;
    }
};

}  // namespace

void registerChdlc(Registry& r) {
    auto& chdlc = r.addProtocol<ChdlcProtocol>(kChdlcFields);
    auto& slarp = r.addProtocol<SlarpProtocol>(kSlarpFields);
    r.addExperts(slarp, kSlarpExperts);
    r.addTable("chdlc.protocol", "Cisco HDLC protocol");
    r.onHandoff([&chdlc, &slarp](Registry& registry) {
        chdlc.connect(registry.table("chdlc.protocol"), registry.table("ethertype"));
        registry.table("linktype").add(linktype::CiscoHdlc, chdlc);
        registry.table("chdlc.protocol").add(0x8035, slarp);
    });
}

}  // namespace caplens::proto
