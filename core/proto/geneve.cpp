// geneve — Generic Network Virtualization Encapsulation (RFC 8926) on UDP port 6081: the fixed
// header, its options, and the payload handed on by protocol type through the "ethertype"
// table (0x6558: a whole Ethernet frame).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
//   |        Virtual Network Identifier (VNI)       |    Reserved   |
//   |          Option Class         |      Type     |R|R|R| Length  |
//   |                     Variable-Length Option Data ...
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kFixedLength = 8;
constexpr std::uint32_t kOptionHeaderLength = 4;

constexpr ValueName kTrueFalse[] = {{0, "False"}, {1, "True"}};

enum GeneveField : FieldIndex {
    Version, Flags, FlagOam, FlagCritical, FlagReserved, ProtoType, Vni, Reserved, Options, OptionClass,
    OptionType, OptionTypeCritical, OptionFlags, OptionFlagsReserved, OptionLength, Option, OptionUnknownData,
    kGeneveFieldCount
};

constexpr FieldDef kGeneveFields[] = {
    {Version, "geneve.version", "Version", FieldType::UInt8, Base::Dec, 0xC0},
    {Flags, "geneve.flags", "Flags", FieldType::UInt8, Base::Hex},
    {FlagOam, "geneve.flags.oam", "Operations, Administration and Management Frame", FieldType::Bool, Base::None, 0x80,
     kTrueFalse},
    {FlagCritical, "geneve.flags.critical", "Critical Options Present", FieldType::Bool, Base::None, 0x40, kTrueFalse},
    {FlagReserved, "geneve.flags.reserved", "Reserved", FieldType::Bool, Base::None, 0x3F, kTrueFalse},
    {ProtoType, "geneve.proto_type", "Protocol Type", FieldType::UInt16, Base::Hex, 0, kEthertypeNames},
    {Vni, "geneve.vni", "Virtual Network Identifier (VNI)", FieldType::UInt24, Base::HexDec},
    {Reserved, "geneve.reserved", "Reserved", FieldType::UInt8, Base::Hex},
    {Options, "geneve.options", "Geneve Options", FieldType::Bytes},
    {OptionClass, "geneve.option.class", "Class", FieldType::UInt16, Base::Hex},
    {OptionType, "geneve.option.type", "Type", FieldType::UInt8, Base::Hex},
    {OptionTypeCritical, "geneve.option.type.critical", "Critical Option", FieldType::Bool, Base::None, 0x80},
    {OptionFlags, "geneve.option.flags", "Flags", FieldType::UInt8, Base::Hex},
    {OptionFlagsReserved, "geneve.option.flags.reserved", "Reserved", FieldType::Bool, Base::None, 0xE0},
    {OptionLength, "geneve.option.length", "Length", FieldType::UInt8, Base::Dec},
    {Option, "geneve.option", "Option", FieldType::Bytes},
    {OptionUnknownData, "geneve.option.unknown.data", "Unknown Option Data", FieldType::Bytes},
};
static_assert(std::size(kGeneveFields) == kGeneveFieldCount);

enum GeneveExpert : std::uint16_t { UnknownVersion, InvalidOptionLength, kGeneveExpertCount };
constexpr ExpertDef kGeneveExperts[] = {
    {UnknownVersion, "geneve.version.unknown", ExpertSeverity::Warning, ExpertGroup::Protocol, "Unknown version"},
    {InvalidOptionLength, "geneve.option.length.invalid", ExpertSeverity::Error, ExpertGroup::Malformed,
     "Invalid length for option"},
};
static_assert(std::size(kGeneveExperts) == kGeneveExpertCount);

class GeneveProtocol final : public Dissector {
public:
    GeneveProtocol() : Dissector({"geneve", "Geneve", "Generic Network Virtualization Encapsulation"}) {}

    void connect(const DissectorTable& ethertypes) { m_ethertypes = &ethertypes; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const std::uint32_t optionsLength = (view.u8(0) & 0x3Fu) * 4u;
        const ItemRef item = p.beginProtocol(*this, view, kFixedLength + optionsLength);
        if (view.need(0, kFixedLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kFixedLength);
            return view.reported();
        }
        const std::uint16_t type = view.u16(2);
        if (p.buildsTree()) {
            char text[96];
            std::snprintf(text, sizeof text, "Generic Network Virtualization Encapsulation, VNI: 0x%06x", view.u24(4));
            p.setText(item, text);
        }
        if (p.wantsColumns()) {
            const std::string_view name = nameOf(kEthertypeNames, type);
            char hex[24];
            std::snprintf(hex, sizeof hex, "0x%04x (unknown)", type);
            p.info() = "Encapsulated " + (name.empty() ? std::string(hex) : std::string(name));
        }
        p.addUint(field(Version), view, 0, 1);
        if ((view.u8(0) >> 6) != 0) p.addExpert(expert(UnknownVersion));
        const ItemRef flags = p.add(field(Flags), view, 1, 1, FieldValue::ofUnsigned(view.u8(1)));
        p.push(flags);
        for (const GeneveField f : {FlagOam, FlagCritical, FlagReserved}) p.addUint(field(f), view, 1, 1);
        p.pop();
        p.addUint(field(ProtoType), view, 2, 2);
        p.addUint(field(Vni), view, 4, 3);
        p.addUint(field(Reserved), view, 7, 1);
        if (optionsLength != 0) {
            if (view.need(0, kFixedLength + optionsLength) != Availability::Available) {
                p.markUnavailable(*this, view, 0, kFixedLength + optionsLength);
                return view.reported();
            }
            addOptions(p, view, kFixedLength, kFixedLength + optionsLength);
        }
        const ByteView payload = view.from(kFixedLength + optionsLength);
        if (p.dispatch(*m_ethertypes, type, payload) == 0 && !p.stopped()) p.callData(payload);
        return view.reported();
    }

private:
    void addOptions(Packet& p, const ByteView& v, std::uint32_t at, std::uint32_t end) const {
        const ItemRef options = p.addBytes(field(Options), v, at, end - at);
        p.push(options);
        while (at + kOptionHeaderLength <= end) {
            const std::uint32_t length = kOptionHeaderLength + (v.u8(at + 3) & 0x1Fu) * 4u;
            const ItemRef option = p.addBytes(field(Option), v, at, std::min(length, end - at));
            p.push(option);
            p.addUint(field(OptionClass), v, at, 2);
            const ItemRef type = p.add(field(OptionType), v, at + 2, 1, FieldValue::ofUnsigned(v.u8(at + 2)));
            p.push(type);
            p.addUint(field(OptionTypeCritical), v, at + 2, 1);
            p.pop();
            const ItemRef flags = p.add(field(OptionFlags), v, at + 3, 1, FieldValue::ofUnsigned(v.u8(at + 3)));
            p.push(flags);
            p.addUint(field(OptionFlagsReserved), v, at + 3, 1);
            p.pop();
            p.add(field(OptionLength), v, at + 3, 1, FieldValue::ofUnsigned(length));
            if (at + length > end) {
                p.addExpert(expert(InvalidOptionLength));
                p.pop();
                break;
            }
            if (length > kOptionHeaderLength) {
                p.addBytes(field(OptionUnknownData), v, at + kOptionHeaderLength, length - kOptionHeaderLength);
            }
            p.pop();
            at += length;
        }
        p.pop();
    }

    const DissectorTable* m_ethertypes = nullptr;
};

}  // namespace

void registerGeneve(Registry& r) {
    auto& geneve = r.addProtocol<GeneveProtocol>(kGeneveFields);
    r.addExperts(geneve, kGeneveExperts);
    r.onHandoff([&geneve](Registry& registry) {
        auto& ethertypes = registry.table("ethertype");
        geneve.connect(ethertypes);
        registry.table("udp.port").add(6081, geneve);
        // Transparent Ethernet bridging: Wireshark's eth joins the ethertype table on 0x6558.
        if (const Dissector* eth = registry.findProtocol("eth"); eth != nullptr && ethertypes.find(0x6558) == nullptr) {
            ethertypes.add(0x6558, *eth);
        }
    });
}

}  // namespace caplens::proto
