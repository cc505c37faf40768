// lldp — IEEE 802.1AB Link Layer Discovery Protocol (ethertype 0x88cc): a sequence of TLVs
// with a 7-bit type and 9-bit length. caplens decodes the mandatory and basic management TLVs
// (chassis, port, TTL, descriptions, names, capabilities, management address) and the
// organization-specific header (OUI, subtype, the 802.1 port VLAN); other contents stay bytes.
//
//   | type (7) | length (9) | value ... |  ...  | End of LLDPDU (0, 0) |
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kTlvHeader = 2;
constexpr std::uint32_t kOuiIeee8021 = 0x0080C2;
constexpr std::uint32_t kOuiIeee8023 = 0x00120F;

enum TlvType : std::uint8_t {
    End = 0, ChassisId = 1, PortIdTlv = 2, TimeToLive = 3, PortDescription = 4, SystemNameTlv = 5,
    SystemDescription = 6, SystemCapabilities = 7, ManagementAddress = 8, OrganizationSpecific = 127,
};

constexpr ValueName kTlvTypeNames[] = {
    {0, "End of LLDPDU"}, {1, "Chassis Id"}, {2, "Port Id"}, {3, "Time to Live"}, {4, "Port Description"},
    {5, "System Name"}, {6, "System Description"}, {7, "System Capabilities"}, {8, "Management Address"},
    {127, "Organization Specific"},
};
constexpr ValueName kChassisSubtypeNames[] = {
    {0, "Reserved"}, {1, "Chassis component"}, {2, "Interface alias"}, {3, "Port component"},
    {4, "MAC address"}, {5, "Network address"}, {6, "Interface name"}, {7, "Locally assigned"},
};
constexpr ValueName kPortSubtypeNames[] = {
    {0, "Reserved"}, {1, "Interface alias"}, {2, "Port component"}, {3, "MAC address"},
    {4, "Network address"}, {5, "Interface name"}, {6, "Agent circuit Id"}, {7, "Locally assigned"},
};
// The Info column's abbreviations of the subtypes ("MA/00:11:...", "IN/eth0").
constexpr ValueName kChassisShort[] = {{1, "CO"}, {2, "IA"}, {3, "PC"}, {4, "MA"}, {5, "NA"}, {6, "IN"}, {7, "LA"}};
constexpr ValueName kPortShort[] = {{1, "IA"}, {2, "PC"}, {3, "MA"}, {4, "NA"}, {5, "IN"}, {6, "AC"}, {7, "LA"}};
constexpr ValueName kCapable[] = {{0, "Not capable"}, {1, "Capable"}};

enum LldpField : FieldIndex {
    TlvTypeField, TlvLen, ChassisSubtype, ChassisIdBytes, ChassisIdMac, ChassisIdIp4, PortSubtype, PortIdText,
    PortIdMac, PortIdIp4, TimeToLiveField, PortDesc, SystemName, SystemDesc,
    SystemCap, CapOther, CapRepeater, CapBridge, CapWlan, CapRouter, CapTelephone, CapDocsis, CapStation,
    EnabledCap, EnOther, EnRepeater, EnBridge, EnWlan, EnRouter, EnTelephone, EnDocsis, EnStation,
    MgnAddressLen, MgnAddressSubtype, MgnAddrIp4, MgnAddrHex, MgnInterfaceSubtype, MgnInterfaceNumber,
    OrgOui, Ieee8021Subtype, PortVlanId, Ieee8023Subtype, UnknownSubtype, UnknownSubtypeContent,
    kLldpFieldCount
};

constexpr FieldDef kLldpFields[] = {
    {TlvTypeField, "lldp.tlv.type", "TLV Type", FieldType::UInt16, Base::Dec, 0xfe00, kTlvTypeNames},
    {TlvLen, "lldp.tlv.len", "TLV Length", FieldType::UInt16, Base::Dec, 0x01ff},
    {ChassisSubtype, "lldp.chassis.subtype", "Chassis Id Subtype", FieldType::UInt8, Base::Dec, 0, kChassisSubtypeNames},
    {ChassisIdBytes, "lldp.chassis.id", "Chassis Id", FieldType::Bytes},
    {ChassisIdMac, "lldp.chassis.id.mac", "Chassis Id", FieldType::Ether},
    {ChassisIdIp4, "lldp.chassis.id.ip4", "Chassis Id", FieldType::Ipv4},
    {PortSubtype, "lldp.port.subtype", "Port Id Subtype", FieldType::UInt8, Base::Dec, 0, kPortSubtypeNames},
    {PortIdText, "lldp.port.id", "Port Id", FieldType::String},
    {PortIdMac, "lldp.port.id.mac", "Port Id", FieldType::Ether},
    {PortIdIp4, "lldp.port.id.ip4", "Port Id", FieldType::Ipv4},
    {TimeToLiveField, "lldp.time_to_live", "Seconds", FieldType::UInt16, Base::Dec},
    {PortDesc, "lldp.port.desc", "Port Description", FieldType::String},
    {SystemName, "lldp.tlv.system.name", "System Name", FieldType::String},
    {SystemDesc, "lldp.tlv.system.desc", "System Description", FieldType::String},
    {SystemCap, "lldp.tlv.system_cap", "Capabilities", FieldType::UInt16, Base::Hex},
    {CapOther, "lldp.tlv.system_cap.other", "Other", FieldType::Bool, Base::None, 0x01, kCapable},
    {CapRepeater, "lldp.tlv.system_cap.repeater", "Repeater", FieldType::Bool, Base::None, 0x02, kCapable},
    {CapBridge, "lldp.tlv.system_cap.bridge", "Bridge", FieldType::Bool, Base::None, 0x04, kCapable},
    {CapWlan, "lldp.tlv.system_cap.wlan_access_pt", "WLAN access point", FieldType::Bool, Base::None, 0x08, kCapable},
    {CapRouter, "lldp.tlv.system_cap.router", "Router", FieldType::Bool, Base::None, 0x10, kCapable},
    {CapTelephone, "lldp.tlv.system_cap.telephone", "Telephone", FieldType::Bool, Base::None, 0x20, kCapable},
    {CapDocsis, "lldp.tlv.system_cap.docsis_cable_device", "DOCSIS cable device", FieldType::Bool, Base::None, 0x40,
     kCapable},
    {CapStation, "lldp.tlv.system_cap.station_only", "Station only", FieldType::Bool, Base::None, 0x80, kCapable},
    {EnabledCap, "lldp.tlv.enable_system_cap", "Enabled Capabilities", FieldType::UInt16, Base::Hex},
    {EnOther, "lldp.tlv.enable_system_cap.other", "Other", FieldType::Bool, Base::None, 0x01, kCapable},
    {EnRepeater, "lldp.tlv.enable_system_cap.repeater", "Repeater", FieldType::Bool, Base::None, 0x02, kCapable},
    {EnBridge, "lldp.tlv.enable_system_cap.bridge", "Bridge", FieldType::Bool, Base::None, 0x04, kCapable},
    {EnWlan, "lldp.tlv.enable_system_cap.wlan_access_pt", "WLAN access point", FieldType::Bool, Base::None, 0x08,
     kCapable},
    {EnRouter, "lldp.tlv.enable_system_cap.router", "Router", FieldType::Bool, Base::None, 0x10, kCapable},
    {EnTelephone, "lldp.tlv.enable_system_cap.telephone", "Telephone", FieldType::Bool, Base::None, 0x20, kCapable},
    {EnDocsis, "lldp.tlv.enable_system_cap.docsis_cable_device", "DOCSIS cable device", FieldType::Bool, Base::None,
     0x40, kCapable},
    {EnStation, "lldp.tlv.enable_system_cap.station_only", "Station only", FieldType::Bool, Base::None, 0x80, kCapable},
    {MgnAddressLen, "lldp.mgn.address.len", "Address String Length", FieldType::UInt8, Base::Dec},
    {MgnAddressSubtype, "lldp.mgn.address.subtype", "Address Subtype", FieldType::UInt8, Base::Dec},
    {MgnAddrIp4, "lldp.mgn.addr.ip4", "Management Address", FieldType::Ipv4},
    {MgnAddrHex, "lldp.mgn.addr.hex", "Management Address", FieldType::Bytes},
    {MgnInterfaceSubtype, "lldp.mgn.interface.subtype", "Interface Subtype", FieldType::UInt8, Base::Dec},
    {MgnInterfaceNumber, "lldp.mgn.interface.number", "Interface Number", FieldType::UInt32, Base::Dec},
    {OrgOui, "lldp.orgtlv.oui", "Organization Unique Code", FieldType::UInt24, Base::Dec},
    {Ieee8021Subtype, "lldp.ieee.802_1.subtype", "IEEE 802.1 Subtype", FieldType::UInt8, Base::Hex},
    {PortVlanId, "lldp.ieee.802_1.port_vlan.id", "Port VLAN Identifier", FieldType::UInt16, Base::DecHex},
    {Ieee8023Subtype, "lldp.ieee.802_3.subtype", "IEEE 802.3 Subtype", FieldType::UInt8, Base::Hex},
    {UnknownSubtype, "lldp.unknown_subtype", "Unknown Subtype", FieldType::UInt8, Base::Dec},
    {UnknownSubtypeContent, "lldp.unknown_subtype.content", "Unknown Subtype Content", FieldType::Bytes},
};
static_assert(std::size(kLldpFields) == kLldpFieldCount);

// Text as Wireshark's Info column shows it: control characters escaped ("\n").
std::string escaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c == '\0') break;
        else out += c;
    }
    return out;
}

class LldpProtocol final : public Dissector {
public:
    LldpProtocol() : Dissector({"lldp", "LLDP", "Link Layer Discovery Protocol"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, view.reported());
        if (p.wantsColumns()) p.info().clear();
        std::uint32_t offset = 0;
        // Each TLV takes at least its 2-byte header, so the walk ends with the bytes.
        while (offset + kTlvHeader <= view.captured()) {
            const std::uint16_t head = view.u16(offset);
            const std::uint8_t type = static_cast<std::uint8_t>(head >> 9);
            const std::uint16_t length = head & 0x01FF;
            p.addUint(field(TlvTypeField), view, offset, 2);
            p.addUint(field(TlvLen), view, offset, 2);
            if (type == End) break;
            const ByteView value = view.sub(offset + kTlvHeader, length);
            if (view.need(offset + kTlvHeader, length) != Availability::Available) {
                p.markUnavailable(*this, view, offset + kTlvHeader, length);
                break;
            }
            addValue(p, value, type);
            offset += kTlvHeader + length;
        }
        return std::min(view.reported(), offset + kTlvHeader);
    }

private:
    void addValue(Packet& p, const ByteView& value, std::uint8_t type) const {
        const std::uint32_t length = value.reported();
        auto text = [&](LldpField f) {
            const std::string_view s = value.text(0, length);
            p.addText(field(f), value, 0, length, s);
            return s;
        };
        switch (type) {
            case ChassisId: addId(p, value, ChassisSubtype, ChassisIdMac, ChassisIdIp4, ChassisIdBytes, kChassisShort, 4); break;
            case PortIdTlv: addId(p, value, PortSubtype, PortIdMac, PortIdIp4, PortIdText, kPortShort, 3); break;
            case TimeToLive:
                p.addUint(field(TimeToLiveField), value, 0, 2);
                if (p.wantsColumns()) p.info() += std::to_string(value.u16(0)) + " ";
                break;
            case PortDescription: text(PortDesc); break;
            case SystemNameTlv: {
                const std::string_view name = text(SystemName);
                if (p.wantsColumns()) p.info() += "SysN=" + escaped(name) + " ";
                break;
            }
            case SystemDescription: {
                const std::string_view description = text(SystemDesc);
                if (p.wantsColumns()) p.info() += "SysD=" + escaped(description) + " ";
                break;
            }
            case SystemCapabilities: addCapabilities(p, value); break;
            case ManagementAddress: addManagementAddress(p, value); break;
            case OrganizationSpecific: addOrganizationSpecific(p, value); break;
            default: break;
        }
    }

    // Chassis and port IDs: a subtype, then a MAC address, a network address or text.
    void addId(Packet& p, const ByteView& value, LldpField subtypeField, LldpField macField, LldpField ipField,
               LldpField otherField, std::span<const ValueName> shortNames, std::uint8_t macSubtype) const {
        const std::uint8_t subtype = value.u8(0);
        p.addUint(field(subtypeField), value, 0, 1);
        const std::uint32_t length = value.reported() > 0 ? value.reported() - 1 : 0;
        std::string shown;
        if (subtype == macSubtype && length == 6) {
            p.addBytes(field(macField), value, 1, 6);
            if (p.wantsColumns()) shown = formatEther(value.span(1, 6));
        } else if (subtype == macSubtype + 1 && length == 5 && value.u8(1) == 1) {  // network address: IPv4
            p.addIpv4(field(ipField), value, 2);
            if (p.wantsColumns()) shown = formatIpv4(value.u32(2));
        } else if (otherField == PortIdText) {
            p.addText(field(otherField), value, 1, length, value.text(1, length));
            if (p.wantsColumns()) shown = escaped(value.text(1, length));
        } else {
            p.addBytes(field(otherField), value, 1, length);
            if (p.wantsColumns()) shown = escaped(value.text(1, length));
        }
        if (p.wantsColumns()) {
            const std::string_view abbreviation = nameOf(shortNames, subtype);
            p.info() += std::string(abbreviation.empty() ? "??" : abbreviation) + "/" + shown + " ";
        }
    }

    void addCapabilities(Packet& p, const ByteView& value) const {
        const ItemRef system = p.add(field(SystemCap), value, 0, 2, FieldValue::ofUnsigned(value.u16(0)));
        p.push(system);
        for (FieldIndex f = CapOther; f <= CapStation; ++f) p.addUint(field(f), value, 0, 2);
        p.pop();
        const ItemRef enabled = p.add(field(EnabledCap), value, 2, 2, FieldValue::ofUnsigned(value.u16(2)));
        p.push(enabled);
        for (FieldIndex f = EnOther; f <= EnStation; ++f) p.addUint(field(f), value, 2, 2);
        p.pop();
    }

    // | address string length (8) | subtype (8) | address | interface subtype (8) | number (32) | OID ...
    void addManagementAddress(Packet& p, const ByteView& value) const {
        const std::uint8_t stringLength = value.u8(0);
        p.addUint(field(MgnAddressLen), value, 0, 1);
        p.addUint(field(MgnAddressSubtype), value, 1, 1);
        if (stringLength < 1) return;
        const std::uint32_t addressLength = stringLength - 1u;
        if (value.u8(1) == 1 && addressLength == 4) {
            p.addIpv4(field(MgnAddrIp4), value, 2);
        } else {
            p.addBytes(field(MgnAddrHex), value, 2, addressLength);
        }
        const std::uint32_t at = 2 + addressLength;
        p.addUint(field(MgnInterfaceSubtype), value, at, 1);
        p.addUint(field(MgnInterfaceNumber), value, at + 1, 4);
    }

    void addOrganizationSpecific(Packet& p, const ByteView& value) const {
        const std::uint32_t oui = value.u24(0);
        p.addUint(field(OrgOui), value, 0, 3);
        if (oui == kOuiIeee8021) {
            p.addUint(field(Ieee8021Subtype), value, 3, 1);
            if (value.u8(3) == 1) p.addUint(field(PortVlanId), value, 4, 2);
        } else if (oui == kOuiIeee8023) {
            p.addUint(field(Ieee8023Subtype), value, 3, 1);
        } else {
            p.addUint(field(UnknownSubtype), value, 3, 1);
            if (value.reported() > 4) p.addBytes(field(UnknownSubtypeContent), value, 4, value.reported() - 4);
        }
    }
};

}  // namespace

void registerLldp(Registry& r) {
    auto& lldp = r.addProtocol<LldpProtocol>(kLldpFields);
    r.onHandoff([&lldp](Registry& registry) {
        registry.table("ethertype").add(0x88cc, lldp);
        registry.table("ethertype").add(0x8942, lldp);  // as Wireshark registers it as well
    });
}

}  // namespace caplens::proto
