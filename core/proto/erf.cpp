// erf — the Endace ERF record header that LINKTYPE_ERF frames start with (a pseudo-header: the
// reader counts it in neither frame.len nor frame.cap_len, see core/io/erf_reader.hpp), shown
// as Wireshark's "erf" layer, then the record's packet handed on by ERF type: Ethernet types to
// the Ethernet link type, IPv4/IPv6 records through the "erf.types.type" table.
//
//   | timestamp (64, little-endian 32.32) | type (8) | flags (8) | rlen (16) | lctr (16) | wlen (16) |
//   | extension headers (64 each, while the type's top bit says another follows) |
//   | Ethernet types: offset (8) | pad (8) |
#include "core/io/pseudo_header.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kRecordHeader = 16;

constexpr ValueName kTypeNames[] = {
    {0, "LEGACY"}, {1, "HDLC_POS"}, {2, "ETH"}, {3, "ATM"}, {4, "AAL5"}, {5, "MC_HDLC"}, {6, "MC_RAW"},
    {7, "MC_ATM"}, {8, "MC_RAW_CHANNEL"}, {9, "MC_AAL5"}, {10, "COLOR_HDLC_POS"}, {11, "COLOR_ETH"},
    {12, "MC_AAL2 "}, {13, "IP_COUNTER"}, {14, "TCP_FLOW_COUNTER"}, {15, "DSM_COLOR_HDLC_POS"},
    {16, "DSM_COLOR_ETH "}, {17, "COLOR_MC_HDLC_POS"}, {18, "AAL2"}, {19, "COLOR_HASH_POS"},
    {20, "COLOR_HASH_ETH"}, {21, "INFINIBAND"}, {22, "IPV4"}, {23, "IPV6"}, {24, "RAW_LINK"},
    {25, "INFINIBAND_LINK"}, {27, "META"}, {28, "OMNI-PATH_SNC"}, {29, "OMNI-PATH"}, {48, "PAD"},
};

enum ErfField : FieldIndex {
    Ts, Types, TypesType, TypesExtHeader, Flags, FlagsCap, FlagsVlen, FlagsTrunc, FlagsRxe, FlagsDse, FlagsRes,
    Rlen, Lctr, Wlen, EhdrTypes, Eth, EthOff, EthPad, kErfFieldCount
};

constexpr FieldDef kErfFields[] = {
    {Ts, "erf.ts", "Timestamp", FieldType::UInt64, Base::Hex},
    {Types, "erf.types", "Record type", FieldType::UInt8, Base::Hex},
    {TypesType, "erf.types.type", "Type", FieldType::UInt8, Base::Dec, 0x7f, kTypeNames},
    {TypesExtHeader, "erf.types.ext_header", "Extension header present", FieldType::UInt8, Base::Dec, 0x80},
    {Flags, "erf.flags", "Flags", FieldType::UInt8, Base::Hex},
    {FlagsCap, "erf.flags.cap", "Capture interface", FieldType::UInt8, Base::Dec, 0x03},
    {FlagsVlen, "erf.flags.vlen", "Varying record length", FieldType::UInt8, Base::Dec, 0x04},
    {FlagsTrunc, "erf.flags.trunc", "Truncated", FieldType::UInt8, Base::Dec, 0x08},
    {FlagsRxe, "erf.flags.rxe", "RX error", FieldType::UInt8, Base::Dec, 0x10},
    {FlagsDse, "erf.flags.dse", "DS error", FieldType::UInt8, Base::Dec, 0x20},
    {FlagsRes, "erf.flags.res", "Reserved", FieldType::UInt8, Base::Hex, 0xc0},
    {Rlen, "erf.rlen", "Record length", FieldType::UInt16, Base::Dec},
    {Lctr, "erf.lctr", "Loss counter", FieldType::UInt16, Base::Dec},
    {Wlen, "erf.wlen", "Wire length", FieldType::UInt16, Base::Dec},
    {EhdrTypes, "erf.ehdr.types", "Extension Header", FieldType::UInt8, Base::Dec},
    {Eth, "erf.eth", "Ethernet pad", FieldType::None},
    {EthOff, "erf.eth.off", "Offset", FieldType::UInt8, Base::Dec},
    {EthPad, "erf.eth.pad", "Padding", FieldType::UInt8, Base::Hex},
};
static_assert(std::size(kErfFields) == kErfFieldCount);

[[nodiscard]] bool isEthernetType(std::uint8_t type) {
    return type == 2 || type == 11 || type == 16 || type == 20;  // ETH, COLOR_ETH, DSM_COLOR_ETH, COLOR_HASH_ETH
}

class ErfProtocol final : public Dissector {
public:
    ErfProtocol() : Dissector({"erf", "ERF", "Extensible Record Format"}) {}

    void connect(const DissectorTable& linkTypes, const DissectorTable& erfTypes, const DissectorTable& ethertypes) {
        m_linkTypes = &linkTypes;
        m_erfTypes = &erfTypes;
        m_ethertypes = &ethertypes;
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const auto headerLength = erfHeaderLength(view.bytes());
        p.beginProtocol(*this, view, headerLength.value_or(kRecordHeader));
        if (!headerLength) {
            p.markUnavailable(*this, view, 0, view.captured() + 1);
            return view.reported();
        }
        const std::uint8_t type = view.u8(8) & 0x7F;
        addRecordHeader(p, view);
        addExtensionHeaders(p, view, *headerLength);
        if (isEthernetType(type)) addEthernetPad(p, view, *headerLength - 2);
        if (p.wantsColumns()) p.setProtocolColumn("ERF");

        const ByteView packet = view.from(*headerLength);
        std::uint32_t used = 0;
        if (isEthernetType(type)) {
            used = p.dispatch(*m_linkTypes, linktype::Ethernet, packet);
        } else {
            used = p.dispatch(*m_erfTypes, type, packet);
            if (used == 0 && !p.stopped() && (type == 22 || type == 23)) {
                used = p.dispatch(*m_ethertypes, type == 22 ? 0x0800 : 0x86DD, packet);
            }
        }
        if (used == 0 && !p.stopped()) p.callData(packet);
        return view.reported();
    }

private:
    void addRecordHeader(Packet& p, const ByteView& view) const {
        p.addUintLe(field(Ts), view, 0, 8);
        const ItemRef types = p.add(field(Types), view, 8, 1, FieldValue::ofUnsigned(view.u8(8)));
        p.push(types);
        p.addUint(field(TypesType), view, 8, 1);
        p.addUint(field(TypesExtHeader), view, 8, 1);
        p.pop();
        const ItemRef flags = p.add(field(Flags), view, 9, 1, FieldValue::ofUnsigned(view.u8(9)));
        p.push(flags);
        for (const auto f : {FlagsCap, FlagsVlen, FlagsTrunc, FlagsRxe, FlagsDse, FlagsRes}) p.addUint(field(f), view, 9, 1);
        p.pop();
        p.addUint(field(Rlen), view, 10, 2);
        p.addUint(field(Lctr), view, 12, 2);
        p.addUint(field(Wlen), view, 14, 2);
    }

    // Each 8-byte extension header starts with its type (top bit: another one follows).
    void addExtensionHeaders(Packet& p, const ByteView& view, std::uint32_t headerLength) const {
        if ((view.u8(8) & 0x80) == 0) return;
        for (std::uint32_t at = kRecordHeader; at + 8 <= headerLength; at += 8) {
            p.add(field(EhdrTypes), view, at, 8, FieldValue::ofUnsigned(view.u8(at) & 0x7F));
            if ((view.u8(at) & 0x80) == 0) break;
        }
    }

    void addEthernetPad(Packet& p, const ByteView& view, std::uint32_t at) const {
        const ItemRef pad = p.add(field(Eth), view, at, 2, FieldValue{});
        p.push(pad);
        p.addUint(field(EthOff), view, at, 1);
        p.addUint(field(EthPad), view, at + 1, 1);
        p.pop();
    }

    const DissectorTable* m_linkTypes = nullptr;
    const DissectorTable* m_erfTypes = nullptr;
    const DissectorTable* m_ethertypes = nullptr;
};

}  // namespace

void registerErf(Registry& r) {
    auto& erf = r.addProtocol<ErfProtocol>(kErfFields);
    r.addTable("erf.types.type", "ERF Type");
    r.onHandoff([&erf](Registry& registry) {
        erf.connect(registry.table("linktype"), registry.table("erf.types.type"), registry.table("ethertype"));
        registry.table("linktype").add(linktype::Erf, erf);
    });
}

}  // namespace caplens::proto
