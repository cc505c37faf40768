// stp — Spanning Tree Protocol BPDUs (IEEE 802.1D configuration and topology change
// notification, 802.1w RST, the common part of 802.1s MST), Wireshark's "stp": on LLC SAP 0x42,
// Cisco's SNAP PIDs for PVST+, ethertype 0x8181 and Cisco HDLC 0x4242.
//
//   | Protocol Id (16) | Version (8) | Type (8) | Flags (8) | Root Id (64) | Root Path Cost (32) |
//   | Bridge Id (64) | Port Id (16) | Message Age | Max Age | Hello Time | Forward Delay (16 each, 1/256 s)
//   | [RST/MST: Version 1 Length (8)] [MST: Version 3 Length (16) ...]
#include <cstdio>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

enum BpduType : std::uint8_t { Configuration = 0x00, RapidOrMultiple = 0x02, TopologyChange = 0x80 };
constexpr std::uint32_t kTcnLength = 4;
constexpr std::uint32_t kConfigLength = 35;
constexpr std::uint32_t kRstLength = 36;

constexpr ValueName kProtocolNames[] = {{0, "Spanning Tree Protocol"}};
constexpr ValueName kVersionNames[] = {
    {0, "Spanning Tree"}, {2, "Rapid Spanning Tree"}, {3, "Multiple Spanning Tree"}, {4, "Shortest Path Tree"}};
constexpr ValueName kTypeNames[] = {
    {0x00, "Configuration"}, {0x02, "Rapid/Multiple Spanning Tree"}, {0x80, "Topology Change Notification"}};
constexpr ValueName kPortRoleNames[] = {{1, "Alternate or Backup"}, {2, "Root"}, {3, "Designated"}};
constexpr ValueName kYesNo[] = {{0, "No"}, {1, "Yes"}};

enum StpField : FieldIndex {
    Protocol, Version, Type, Flags, FlagsTcack, FlagsAgreement, FlagsForwarding, FlagsLearning, FlagsPortRole,
    FlagsProposal, FlagsTc, RootPrio, RootExt, RootHw, RootCost, BridgePrio, BridgeExt, BridgeHw, Port,
    MsgAge, MaxAge, Hello, Forward, Version1Length, kStpFieldCount
};

constexpr FieldDef kStpFields[] = {
    {Protocol, "stp.protocol", "Protocol Identifier", FieldType::UInt16, Base::Hex, 0, kProtocolNames},
    {Version, "stp.version", "Protocol Version Identifier", FieldType::UInt8, Base::Dec, 0, kVersionNames},
    {Type, "stp.type", "BPDU Type", FieldType::UInt8, Base::Hex, 0, kTypeNames},
    {Flags, "stp.flags", "BPDU flags", FieldType::UInt8, Base::Hex},
    {FlagsTcack, "stp.flags.tcack", "Topology Change Acknowledgment", FieldType::Bool, Base::None, 0x80, kYesNo},
    {FlagsAgreement, "stp.flags.agreement", "Agreement", FieldType::Bool, Base::None, 0x40, kYesNo},
    {FlagsForwarding, "stp.flags.forwarding", "Forwarding", FieldType::Bool, Base::None, 0x20, kYesNo},
    {FlagsLearning, "stp.flags.learning", "Learning", FieldType::Bool, Base::None, 0x10, kYesNo},
    {FlagsPortRole, "stp.flags.port_role", "Port Role", FieldType::UInt8, Base::Dec, 0x0c, kPortRoleNames},
    {FlagsProposal, "stp.flags.proposal", "Proposal", FieldType::Bool, Base::None, 0x02, kYesNo},
    {FlagsTc, "stp.flags.tc", "Topology Change", FieldType::Bool, Base::None, 0x01, kYesNo},
    {RootPrio, "stp.root.prio", "Root Bridge Priority", FieldType::UInt16, Base::Dec},
    {RootExt, "stp.root.ext", "Root Bridge System ID Extension", FieldType::UInt16, Base::Dec},
    {RootHw, "stp.root.hw", "Root Bridge System ID", FieldType::Ether},
    {RootCost, "stp.root.cost", "Root Path Cost", FieldType::UInt32, Base::Dec},
    {BridgePrio, "stp.bridge.prio", "Bridge Priority", FieldType::UInt16, Base::Dec},
    {BridgeExt, "stp.bridge.ext", "Bridge System ID Extension", FieldType::UInt16, Base::Dec},
    {BridgeHw, "stp.bridge.hw", "Bridge System ID", FieldType::Ether},
    {Port, "stp.port", "Port identifier", FieldType::UInt16, Base::Hex},
    {MsgAge, "stp.msg_age", "Message Age", FieldType::Double},
    {MaxAge, "stp.max_age", "Max Age", FieldType::Double},
    {Hello, "stp.hello", "Hello Time", FieldType::Double},
    {Forward, "stp.forward", "Forward Delay", FieldType::Double},
    {Version1Length, "stp.version_1_length", "Version 1 Length", FieldType::UInt8, Base::Dec},
};
static_assert(std::size(kStpFields) == kStpFieldCount);

class StpProtocol final : public Dissector {
public:
    StpProtocol() : Dissector({"stp", "STP", "Spanning Tree Protocol"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, kTcnLength);
        if (view.need(0, kTcnLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kTcnLength);
            return view.reported();
        }
        const std::uint8_t version = view.u8(2);
        const std::uint8_t type = view.u8(3);
        p.addUint(field(Protocol), view, 0, 2);
        p.addUint(field(Version), view, 2, 1);
        p.addUint(field(Type), view, 3, 1);
        if (type == TopologyChange) {
            if (p.wantsColumns()) p.info() = "Topology Change Notification";
            return kTcnLength;
        }
        if (type != Configuration && type != RapidOrMultiple) return view.reported();
        const std::uint32_t length = type == Configuration ? kConfigLength : kRstLength;
        if (view.need(0, length) != Availability::Available) {
            p.markUnavailable(*this, view, 0, length);
            return view.reported();
        }
        p.setLength(item, length);
        addFlags(p, view, type);
        addBridgeId(p, view, 5, RootPrio, RootExt, RootHw);
        p.addUint(field(RootCost), view, 13, 4);
        addBridgeId(p, view, 17, BridgePrio, BridgeExt, BridgeHw);
        p.addUint(field(Port), view, 25, 2);
        addTimer(p, view, 27, MsgAge);
        addTimer(p, view, 29, MaxAge);
        addTimer(p, view, 31, Hello);
        addTimer(p, view, 33, Forward);
        if (type == RapidOrMultiple) p.addUint(field(Version1Length), view, 35, 1);
        if (p.wantsColumns()) p.info() = info(view, version, type);
        return view.reported();
    }

private:
    void addFlags(Packet& p, const ByteView& view, std::uint8_t type) const {
        const ItemRef item = p.add(field(Flags), view, 4, 1, FieldValue::ofUnsigned(view.u8(4)));
        p.push(item);
        p.addUint(field(FlagsTcack), view, 4, 1);
        if (type == RapidOrMultiple) {
            for (const auto f : {FlagsAgreement, FlagsForwarding, FlagsLearning, FlagsPortRole, FlagsProposal}) {
                p.addUint(field(f), view, 4, 1);
            }
        }
        p.addUint(field(FlagsTc), view, 4, 1);
        p.pop();
    }

    // A bridge identifier: 4-bit priority (in units of 4096), 12-bit system ID extension, MAC.
    void addBridgeId(Packet& p, const ByteView& view, std::uint32_t at, StpField prio, StpField ext,
                     StpField hw) const {
        const std::uint16_t head = view.u16(at);
        p.add(field(prio), view, at, 2, FieldValue::ofUnsigned(head & 0xF000));
        p.add(field(ext), view, at, 2, FieldValue::ofUnsigned(head & 0x0FFF));
        p.addBytes(field(hw), view, at + 2, 6);
    }

    void addTimer(Packet& p, const ByteView& view, std::uint32_t at, StpField timer) const {
        p.add(field(timer), view, at, 2, FieldValue::ofDouble(view.u16(at) / 256.0));
    }

    static std::string info(const ByteView& view, std::uint8_t version, std::uint8_t type) {
        const std::uint16_t root = view.u16(5);
        const char* kind = type == Configuration ? "Conf." : version == 3 ? "MST." : version == 4 ? "SPT." : "RST.";
        char text[160];
        std::snprintf(text, sizeof text, "%s %sRoot = %u/%u/%s  Cost = %u  Port = 0x%04x", kind,
                      (view.u8(4) & 0x01) ? "TC + " : "", root & 0xF000u, root & 0x0FFFu,
                      formatEther(view.span(7, 6)).c_str(), view.u32(13), view.u16(25));
        return text;
    }
};

}  // namespace

void registerStp(Registry& r) {
    auto& stp = r.addProtocol<StpProtocol>(kStpFields);
    r.onHandoff([&stp](Registry& registry) {
        registry.table("llc.dsap").add(0x42, stp);
        for (const std::uint32_t pid : {0x0108u, 0x0109u, 0x010bu, 0x010cu}) registry.table("llc.cisco_pid").add(pid, stp);
        registry.table("ethertype").add(0x8181, stp);
        if (registry.findTable("chdlc.protocol") != nullptr) registry.table("chdlc.protocol").add(0x4242, stp);
    });
}

}  // namespace caplens::proto
