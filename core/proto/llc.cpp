// llc — IEEE 802.2 Logical-Link Control: DSAP, SSAP, the HDLC-style control field, and SNAP
// (RFC 1042) with its OUI and protocol ID. Non-SNAP information frames go to the "llc.dsap"
// table; SNAP frames of the encapsulated-Ethernet OUIs to "ethertype", Cisco's to
// "llc.cisco_pid", Apple's to "llc.apple_atalk_pid", others to data. Reached from Ethernet's 802.3 length frames,
// from VLAN tags, from "sll.ltype" 4, ethertype 0x8870 (jumbo LLC) and UDP 12000-12004.
//
//   | DSAP (8) | SSAP (8) | Control (8, or 16 for I/S frames) | [ OUI (24) | PID (16) ]
#include <cstdio>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint8_t kSapSnap = 0xAA;
constexpr std::uint8_t kSapMask = 0xFE;
constexpr std::uint32_t kSnapLength = 5;

// SNAP organization codes with their own hand-off.
constexpr std::uint32_t kOuiEncapEther = 0x000000;
constexpr std::uint32_t kOuiCisco = 0x00000C;
constexpr std::uint32_t kOuiCisco90 = 0x0000F8;
constexpr std::uint32_t kOuiIeee8021 = 0x0080C2;
constexpr std::uint32_t kOuiCableBpdu = 0x00E02F;
constexpr std::uint32_t kOuiAppleAtalk = 0x080007;

constexpr ValueName kSapNames[] = {
    {0x00, "NULL LSAP"}, {0x02, "LLC Sub-Layer Management"}, {0x04, "SNA Path Control"}, {0x06, "TCP/IP"},
    {0x08, "SNA"}, {0x0c, "SNA"}, {0x0e, "PROWAY (IEC955) Network Management and Initialization"},
    {0x10, "NetWare (unofficial?)"}, {0x14, "ISO Network Layer (OSLAN 1)"}, {0x18, "Texas Instruments"},
    {0x20, "ISO Network Layer (unofficial?)"}, {0x34, "ISO Network Layer (unofficial?)"},
    {0x42, "Spanning Tree BPDU"}, {0x4e, "EIA RS-511 Manufacturing Message Service"},
    {0x54, "ISO Network Layer (OSLAN 2)"}, {0x7e, "ISO 8208 (X.25 over 802.2)"}, {0x80, "XNS"},
    {0x82, "BACnet"}, {0x86, "Nestar"}, {0x8e, "PROWAY (IEC955) Active Station List Maintenance"},
    {0x98, "ARP"}, {0xaa, "SNAP"}, {0xb4, "HP JetDirect Printer"}, {0xba, "Banyan Vines"},
    {0xbc, "Banyan Vines"}, {0xe0, "NetWare"}, {0xf0, "NetBIOS"}, {0xf4, "IBM Net Management"},
    {0xf8, "HP Extended LLC"}, {0xfa, "Ungermann-Bass"}, {0xfc, "Remote Program Load"},
    {0xfe, "ISO Network Layer"}, {0xff, "Global LSAP"},
};
constexpr ValueName kIgNames[] = {{0, "Individual"}, {1, "Group"}};
constexpr ValueName kCrNames[] = {{0, "Command"}, {1, "Response"}};
constexpr ValueName kSetNames[] = {{0, "Not set"}, {1, "Set"}};
constexpr ValueName kFrameTypeNames[] = {{0, "Information frame"}, {1, "Supervisory frame"}, {3, "Unnumbered frame"}};
constexpr ValueName kSupervisoryNames[] = {
    {0, "Receiver ready"}, {1, "Receiver not ready"}, {2, "Reject"}, {3, "Selective reject"}};
// Unnumbered-frame modifiers ((control & 0xEC) >> 2), as commands and as responses.
constexpr ValueName kModifierCommandNames[] = {
    {0x00, "Unnumbered Information"}, {0x08, "Unnumbered Poll"}, {0x10, "Disconnect"},
    {0x18, "Unnumbered Acknowledge"}, {0x20, "Set Normal Response Mode"}, {0x38, "Test"},
    {0x01, "Set Initialization Mode"}, {0x21, "Frame reject"}, {0x31, "Configure"},
    {0x03, "Set Asynchronous Response Mode"}, {0x0b, "Set Asynchronous Balanced Mode"},
    {0x13, "Set Asynchronous Response Mode Extended"}, {0x1b, "Set Asynchronous Balanced Mode Extended"},
    {0x23, "Reset"}, {0x2b, "Exchange identification"}, {0x33, "Set Normal Response Mode Extended"},
    {0x3b, "Beacon"},
};
constexpr ValueName kModifierResponseNames[] = {
    {0x00, "Unnumbered Information"}, {0x08, "Unnumbered Poll"}, {0x10, "Request Disconnect"},
    {0x18, "Unnumbered Acknowledge"}, {0x20, "Set Normal Response Mode"}, {0x38, "Test"},
    {0x01, "Request Initialization Mode"}, {0x21, "Frame reject"}, {0x31, "Configure"},
    {0x03, "Disconnected mode"}, {0x0b, "Set Asynchronous Balanced Mode"},
    {0x13, "Set Asynchronous Response Mode Extended"}, {0x1b, "Set Asynchronous Balanced Mode Extended"},
    {0x23, "Reset"}, {0x2b, "Exchange identification"}, {0x33, "Set Normal Response Mode Extended"},
    {0x3b, "Beacon"},
};
constexpr ValueName kModifierCommandShort[] = {
    {0x00, "UI"}, {0x08, "UP"}, {0x10, "DISC"}, {0x18, "UA"}, {0x20, "SNRM"}, {0x38, "TEST"}, {0x01, "SIM"},
    {0x21, "FRMR"}, {0x31, "CFGR"}, {0x03, "SARM"}, {0x0b, "SABM"}, {0x13, "SARME"}, {0x1b, "SABME"},
    {0x23, "RESET"}, {0x2b, "XID"}, {0x33, "SNRME"}, {0x3b, "BCN"},
};
constexpr ValueName kModifierResponseShort[] = {
    {0x00, "UI"}, {0x08, "UP"}, {0x10, "RD"}, {0x18, "UA"}, {0x20, "SNRM"}, {0x38, "TEST"}, {0x01, "RIM"},
    {0x21, "FRMR"}, {0x31, "CFGR"}, {0x03, "DM"}, {0x0b, "SABM"}, {0x13, "SARME"}, {0x1b, "SABME"},
    {0x23, "RESET"}, {0x2b, "XID"}, {0x33, "SNRME"}, {0x3b, "BCN"},
};
constexpr ValueName kSupervisoryShort[] = {{0, "RR"}, {1, "RNR"}, {2, "REJ"}, {3, "SREJ"}};
constexpr ValueName kOuiNames[] = {
    {0x000000, "Encapsulated Ethernet"}, {0x00000C, "Cisco"}, {0x0000F8, "Cisco IOS 9.0 Compatible"},
    {0x0080C2, "IEEE 802.1 Committee"}, {0x00A03E, "ATM Forum"}, {0x00E02B, "Extreme Networks"},
    {0x00E02F, "DOCSIS Spanning Tree"}, {0x080007, "Apple (AppleTalk)"}, {0x080009, "Hewlett-Packard"},
};
constexpr ValueName kCiscoPidNames[] = {
    {0x0102, "DRIP"}, {0x0104, "PAgP"}, {0x0105, "MLS Hello"}, {0x0108, "RLQ BPDUs (request)"},
    {0x0109, "RLQ BPDUs (response)"}, {0x010b, "PVSTP+"}, {0x010c, "VLAN Bridge"}, {0x0111, "UDLD"},
    {0x0139, "MCP"}, {0x2000, "CDP"}, {0x2001, "CGMP"}, {0x2003, "VTP"}, {0x2004, "DTP"},
    {0x200a, "STP Uplink Fast"},
};

enum LlcField : FieldIndex {
    Dsap, DsapSap, DsapIg, Ssap, SsapSap, SsapCr, Control, ControlNR, ControlNS, ControlP, ControlF,
    ControlSFtype, ControlUModifierCmd, ControlUModifierResp, ControlFtype, Type, Oui, Pid,
    AppleAtalkPid, CiscoPid, kLlcFieldCount
};

constexpr FieldDef kLlcFields[] = {
    {Dsap, "llc.dsap", "DSAP", FieldType::UInt8, Base::Hex, 0, kSapNames},
    {DsapSap, "llc.dsap.sap", "SAP", FieldType::UInt8, Base::Hex, 0xfe},
    {DsapIg, "llc.dsap.ig", "IG Bit", FieldType::Bool, Base::None, 0x01, kIgNames},
    {Ssap, "llc.ssap", "SSAP", FieldType::UInt8, Base::Hex, 0, kSapNames},
    {SsapSap, "llc.ssap.sap", "SAP", FieldType::UInt8, Base::Hex, 0xfe},
    {SsapCr, "llc.ssap.cr", "CR Bit", FieldType::Bool, Base::None, 0x01, kCrNames},
    {Control, "llc.control", "Control", FieldType::UInt16, Base::Hex},
    {ControlNR, "llc.control.n_r", "N(R)", FieldType::UInt16, Base::Dec, 0xfe00},
    {ControlNS, "llc.control.n_s", "N(S)", FieldType::UInt16, Base::Dec, 0x00fe},
    // Poll/Final and the frame type sit in different bits of 1- and 2-byte control fields:
    // their values are computed rather than masked.
    {ControlP, "llc.control.p", "Poll", FieldType::Bool, Base::None, 0, kSetNames},
    {ControlF, "llc.control.f", "Final", FieldType::Bool, Base::None, 0, kSetNames},
    {ControlSFtype, "llc.control.s_ftype", "Supervisory frame type", FieldType::UInt16, Base::Hex, 0x000c,
     kSupervisoryNames},
    {ControlUModifierCmd, "llc.control.u_modifier_cmd", "Command", FieldType::UInt8, Base::Hex, 0xec,
     kModifierCommandNames},
    {ControlUModifierResp, "llc.control.u_modifier_resp", "Response", FieldType::UInt8, Base::Hex, 0xec,
     kModifierResponseNames},
    {ControlFtype, "llc.control.ftype", "Frame type", FieldType::UInt8, Base::Hex, 0, kFrameTypeNames},
    {Type, "llc.type", "Type", FieldType::UInt16, Base::Hex, 0, kEthertypeNames},
    {Oui, "llc.oui", "Organization Code", FieldType::UInt24, Base::Dec, 0, kOuiNames},
    {Pid, "llc.pid", "Protocol ID", FieldType::UInt16, Base::Hex},
    {AppleAtalkPid, "llc.apple_atalk_pid", "PID", FieldType::UInt16, Base::Hex, 0, kEthertypeNames},
    {CiscoPid, "llc.cisco_pid", "PID", FieldType::UInt16, Base::Hex, 0, kCiscoPidNames},
};
static_assert(std::size(kLlcFields) == kLlcFieldCount);

// The control field: Information and Supervisory frames take 2 bytes (little-endian, the
// "extended" form 802.2 uses), Unnumbered frames 1.
struct ControlField {
    std::uint16_t value = 0;
    std::uint32_t length = 1;
    [[nodiscard]] bool information() const { return (value & 0x01) == 0; }
    [[nodiscard]] bool supervisory() const { return (value & 0x03) == 0x01; }
    [[nodiscard]] bool unnumbered() const { return (value & 0x03) == 0x03; }
    // I frames and UI frames carry data (Wireshark's XDLC_IS_INFORMATION).
    [[nodiscard]] bool carriesData() const { return information() || value == 0x03; }
    [[nodiscard]] bool isXid() const { return unnumbered() && (value & 0xEC) == 0xAC; }
};

class LlcProtocol final : public Dissector {
public:
    LlcProtocol() : Dissector({"llc", "LLC", "Logical-Link Control"}) {}

    void connect(Registry& registry) {
        m_dsaps = &registry.table("llc.dsap");
        m_xidDsaps = &registry.table("llc.xid_dsap");
        m_ciscoPids = &registry.table("llc.cisco_pid");
        m_applePids = &registry.table("llc.apple_atalk_pid");
        m_ethertypes = &registry.table("ethertype");
        m_stp = registry.findProtocol("stp");
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        if (view.need(0, 3) != Availability::Available) {
            addSaps(p, view);
            p.markUnavailable(*this, view, 0, 3);
            return view.reported();
        }
        const std::uint8_t dsap = view.u8(0);
        const std::uint8_t ssap = view.u8(1);
        // Novell's "raw 802.3" puts IPX (checksum 0xFFFF) where LLC would be: not LLC, as
        // Wireshark's 802.3 dissector decides before calling LLC.
        if (dsap == 0xFF && ssap == 0xFF) return 0;
        const bool response = (ssap & 0x01) != 0;
        addSaps(p, view);
        ControlField control;
        control.length = (view.u8(2) & 0x03) == 0x03 ? 1 : 2;
        if (view.need(2, control.length) != Availability::Available) {
            p.markUnavailable(*this, view, 2, control.length);
            return view.reported();
        }
        control.value = control.length == 1 ? view.u8(2) : view.u16le(2);
        addControl(p, view, control, response);
        if (p.wantsColumns()) p.info() = controlSummary(control, response);

        const bool snap = dsap == kSapSnap && ssap == kSapSnap;
        const std::uint32_t headerLength = 2 + control.length + (snap ? kSnapLength : 0);
        p.setLength(item, headerLength);
        if (snap) {
            if (view.need(2 + control.length, kSnapLength) != Availability::Available) {
                p.markUnavailable(*this, view, 2 + control.length, kSnapLength);
                return view.reported();
            }
            dissectSnap(p, view, 2 + control.length, control);
            return view.reported();
        }
        if (p.wantsColumns()) p.info() += sapSummary(dsap, ssap);
        if (view.reported() <= headerLength) return view.reported();
        const ByteView payload = view.from(headerLength);
        std::uint32_t used = 0;
        if (control.carriesData()) {
            used = p.dispatch(*m_dsaps, dsap, payload);
        } else if (control.isXid() && payload.u8(0) != 0x81) {
            used = p.dispatch(*m_xidDsaps, dsap, payload);
        }
        // Basic-format XID (0x81) has a dissector of its own in Wireshark ("basicxid"), which
        // caplens does not have: its bytes stay data.
        if (used == 0 && !p.stopped()) p.callData(payload);
        return view.reported();
    }

private:
    void addSaps(Packet& p, const ByteView& view) const {
        addSap(p, view, 0, Dsap, DsapSap, DsapIg);
        if (view.has(1, 1)) addSap(p, view, 1, Ssap, SsapSap, SsapCr);
    }

    void addSap(Packet& p, const ByteView& view, std::uint32_t at, LlcField sap, LlcField value, LlcField bit) const {
        const ItemRef item = p.add(field(sap), view, at, 1, FieldValue::ofUnsigned(view.u8(at)));
        p.push(item);
        p.addUint(field(value), view, at, 1);
        p.addUint(field(bit), view, at, 1);
        p.pop();
    }

    void addControl(Packet& p, const ByteView& view, const ControlField& c, bool response) const {
        const ItemRef item = p.add(field(Control), view, 2, c.length, FieldValue::ofUnsigned(c.value));
        if (p.buildsTree()) {
            char hex[8];
            std::snprintf(hex, sizeof hex, c.length == 1 ? "0x%02x" : "0x%04x", c.value);
            p.setText(item, "Control field: " + controlSummary(c, response) + " (" + hex + ")");
        }
        p.push(item);
        const FieldIndex pf = response ? ControlF : ControlP;
        if (c.unnumbered()) {
            p.addUint(field(response ? ControlUModifierResp : ControlUModifierCmd), view, 2, 1);
            p.add(field(pf), view, 2, 1, FieldValue::ofUnsigned((c.value & 0x10) != 0));
            p.add(field(ControlFtype), view, 2, 1, FieldValue::ofUnsigned(c.value & 0x03));
        } else {
            // 16-bit fields of a little-endian container: their values are taken from it.
            p.add(field(ControlNR), view, 2, 2, FieldValue::ofUnsigned(c.value >> 9));
            if (c.information()) p.add(field(ControlNS), view, 2, 2, FieldValue::ofUnsigned((c.value >> 1) & 0x7F));
            p.add(field(pf), view, 2, 2, FieldValue::ofUnsigned((c.value & 0x0100) != 0));
            if (c.supervisory()) p.add(field(ControlSFtype), view, 2, 2, FieldValue::ofUnsigned((c.value >> 2) & 0x03));
            p.add(field(ControlFtype), view, 2, 2, FieldValue::ofUnsigned(c.information() ? 0 : c.value & 0x03));
        }
        p.pop();
    }

    // Wireshark's summary of an XDLC control field ("U, func=UI", "I, N(R)=3, N(S)=5").
    static std::string controlSummary(const ControlField& c, bool response) {
        if (c.unnumbered()) {
            const char* pf = (c.value & 0x10) ? (response ? " F" : " P") : "";
            const auto names = response ? std::span<const ValueName>(kModifierResponseShort)
                                        : std::span<const ValueName>(kModifierCommandShort);
            std::string_view name = nameOf(names, (c.value & 0xEC) >> 2);
            return std::string("U") + pf + ", func=" + std::string(name.empty() ? "Unknown" : name);
        }
        const char* pf = (c.value & 0x0100) ? (response ? " F" : " P") : "";
        const std::string nr = std::to_string(c.value >> 9);
        if (c.supervisory()) {
            return std::string("S") + pf + ", func=" + std::string(nameOf(kSupervisoryShort, (c.value >> 2) & 0x03)) +
                   ", N(R) = " + nr;
        }
        return std::string("I") + pf + ", N(R) = " + nr + ", N(S) = " + std::to_string((c.value >> 1) & 0x7F);
    }

    static std::string sapSummary(std::uint8_t dsap, std::uint8_t ssap) {
        auto sap = [](std::uint8_t value) {
            const std::string_view name = nameOf(kSapNames, value & kSapMask);
            if (!name.empty()) return std::string(name);
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02x", value & kSapMask);
            return std::string(hex);
        };
        return "; DSAP " + sap(dsap) + ((dsap & 0x01) ? " Group" : " Individual") + ", SSAP " + sap(ssap) +
               ((ssap & 0x01) ? " Response" : " Command");
    }

    // SNAP (RFC 1042): a 3-byte OUI and a 2-byte protocol ID chosen by that organization.
    void dissectSnap(Packet& p, const ByteView& view, std::uint32_t at, const ControlField& control) const {
        const std::uint32_t oui = view.u24(at);
        const std::uint16_t pid = view.u16(at + 3);
        p.addUint(field(Oui), view, at, 3);
        if (p.wantsColumns()) {
            char text[96];
            const std::string_view name = nameOf(kOuiNames, oui);
            std::snprintf(text, sizeof text, "; SNAP, OUI 0x%06X (%.*s), PID 0x%04X", oui,
                          static_cast<int>(name.empty() ? 7 : name.size()), name.empty() ? "Unknown" : name.data(), pid);
            p.info() += text;
        }
        const ByteView payload = view.from(at + kSnapLength);
        std::uint32_t used = 0;
        switch (oui) {
            case kOuiEncapEther:
            case kOuiCisco90:
                if (control.carriesData()) {
                    p.addUint(field(Type), view, at + 3, 2);
                    used = p.dispatch(*m_ethertypes, pid, payload);
                }
                break;
            case kOuiCisco:
                p.addUint(field(CiscoPid), view, at + 3, 2);
                if (control.carriesData()) used = p.dispatch(*m_ciscoPids, pid, payload);
                break;
            case kOuiAppleAtalk:  // AppleTalk (DDP) by its own PID table; AARP comes with OUI 0
                p.addUint(field(AppleAtalkPid), view, at + 3, 2);
                if (control.carriesData()) used = p.dispatch(*m_applePids, pid, payload);
                break;
            case kOuiIeee8021:
                p.addUint(field(Pid), view, at + 3, 2);
                if (pid == 0x000E && m_stp != nullptr) used = p.call(*m_stp, payload);  // bridged BPDU
                break;
            case kOuiCableBpdu:
                p.addUint(field(Pid), view, at + 3, 2);
                if (m_stp != nullptr) used = p.call(*m_stp, payload);
                break;
            default:
                p.addUint(field(Pid), view, at + 3, 2);
                break;
        }
        if (used == 0 && !p.stopped()) p.callData(payload);
    }

    const DissectorTable* m_dsaps = nullptr;
    const DissectorTable* m_xidDsaps = nullptr;
    const DissectorTable* m_ciscoPids = nullptr;
    const DissectorTable* m_applePids = nullptr;
    const DissectorTable* m_ethertypes = nullptr;
    const Dissector* m_stp = nullptr;
};

}  // namespace

void registerLlc(Registry& r) {
    auto& llc = r.addProtocol<LlcProtocol>(kLlcFields);
    r.addTable("llc.dsap", "LLC SAP");
    r.addTable("llc.xid_dsap", "LLC XID SAP");
    r.addTable("llc.cisco_pid", "LLC Cisco OUI PID");
    r.addTable("llc.apple_atalk_pid", "LLC Apple AppleTalk OUI PID");
    r.onHandoff([&llc](Registry& registry) {
        llc.connect(registry);
        registry.table("ethertype").add(0x8870, llc);  // jumbo frames' LLC
        if (registry.findTable("sll.ltype") != nullptr) registry.table("sll.ltype").add(0x0004, llc);
        if (registry.findTable("ppp.protocol") != nullptr) registry.table("ppp.protocol").add(0x004b, llc);
        for (std::uint32_t port = 12000; port <= 12004; ++port) registry.table("udp.port").add(port, llc);
    });
}

}  // namespace caplens::proto
