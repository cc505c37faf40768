// nbns — NetBIOS Name Service (RFC 1002 section 4.2) on UDP port 137: DNS-shaped messages
// whose names are NetBIOS names in "first-level encoding" (16 bytes, each split into two
// letters 'A'..'P', so a 32-byte label), optionally followed by a DNS-style scope.
#include <cstdio>

#include "core/proto/dns_message.hpp"
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kNbnsPort = 137;
constexpr std::uint32_t kHeaderLength = 12;
constexpr std::uint16_t kTypeNb = 32;
constexpr std::uint16_t kTypeNbstat = 33;

enum NbnsField : FieldIndex {
    Id, Flags, FlagResponse, FlagOpcode, FlagAuthoritative, FlagTruncated, FlagRecDesired, FlagRecAvail,
    FlagBroadcast, FlagRcode, CountQueries, CountAnswers, CountAuthRr, CountAddRr, Name, Type, Class, Ttl,
    DataLength, NbFlags, NbFlagsGroup, NbFlagsOnt, Addr, NumberOfNames, NetbiosName, NameFlags, NameFlagsGroup,
    NameFlagsOnt, NameFlagsDrg, NameFlagsCnf, NameFlagsAct, NameFlagsPrm, UnitId, Data, kNbnsFieldCount
};

constexpr ValueName kOpcodeNames[] = {{0, "Name query"}, {5, "Registration"}, {6, "Release"},
                                      {7, "Wait for acknowledgment"}, {8, "Refresh"},
                                      {9, "Refresh (alternate opcode)"}, {15, "Multi-homed registration"}};
constexpr ValueName kRcodeNames[] = {{0, "No error"}, {1, "Request was invalidly formatted"},
                                     {2, "Server failure"}, {3, "Requested name does not exist"},
                                     {4, "Request is not implemented"}, {5, "Request was refused"},
                                     {6, "Name is owned by another node"}, {7, "Name is in conflict"}};
constexpr ValueName kTypeNames[] = {{kTypeNb, "NB"}, {kTypeNbstat, "NBSTAT"}};
constexpr ValueName kClassNames[] = {{1, "IN"}, {2, "CS"}, {3, "CH"}, {4, "HS"}, {254, "NONE"}, {255, "ANY"}};
constexpr ValueName kResponseNames[] = {{0, "Message is a query"}, {1, "Message is a response"}};
constexpr ValueName kAuthoritativeNames[] = {{0, "Server is not an authority for domain"},
                                             {1, "Server is an authority for domain"}};
constexpr ValueName kTruncatedNames[] = {{0, "Message is not truncated"}, {1, "Message is truncated"}};
constexpr ValueName kRecDesiredNames[] = {{0, "Don't do query recursively"}, {1, "Do query recursively"}};
constexpr ValueName kRecAvailNames[] = {{0, "Server can't do recursive queries"},
                                        {1, "Server can do recursive queries"}};
constexpr ValueName kBroadcastNames[] = {{0, "Not a broadcast packet"}, {1, "Broadcast packet"}};
constexpr ValueName kGroupNames[] = {{0, "Unique name"}, {1, "Group name"}};
constexpr ValueName kOntNames[] = {{0, "B-node"}, {1, "P-node"}, {2, "M-node"}, {3, "H-node"}};
constexpr ValueName kYesNo[] = {{0, "No"}, {1, "Yes"}};

constexpr FieldDef kNbnsFields[] = {
    {Id, "nbns.id", "Transaction ID", FieldType::UInt16, Base::Hex},
    {Flags, "nbns.flags", "Flags", FieldType::UInt16, Base::Hex},
    {FlagResponse, "nbns.flags.response", "Response", FieldType::Bool, Base::None, 0x8000, kResponseNames},
    {FlagOpcode, "nbns.flags.opcode", "Opcode", FieldType::UInt16, Base::Dec, 0x7800, kOpcodeNames},
    {FlagAuthoritative, "nbns.flags.authoritative", "Authoritative", FieldType::Bool, Base::None, 0x400,
     kAuthoritativeNames},
    {FlagTruncated, "nbns.flags.truncated", "Truncated", FieldType::Bool, Base::None, 0x200, kTruncatedNames},
    {FlagRecDesired, "nbns.flags.recdesired", "Recursion desired", FieldType::Bool, Base::None, 0x100,
     kRecDesiredNames},
    {FlagRecAvail, "nbns.flags.recavail", "Recursion available", FieldType::Bool, Base::None, 0x80, kRecAvailNames},
    {FlagBroadcast, "nbns.flags.broadcast", "Broadcast", FieldType::Bool, Base::None, 0x10, kBroadcastNames},
    {FlagRcode, "nbns.flags.rcode", "Reply code", FieldType::UInt16, Base::Dec, 0xf, kRcodeNames},
    {CountQueries, "nbns.count.queries", "Questions", FieldType::UInt16, Base::Dec},
    {CountAnswers, "nbns.count.answers", "Answer RRs", FieldType::UInt16, Base::Dec},
    {CountAuthRr, "nbns.count.auth_rr", "Authority RRs", FieldType::UInt16, Base::Dec},
    {CountAddRr, "nbns.count.add_rr", "Additional RRs", FieldType::UInt16, Base::Dec},
    {Name, "nbns.name", "Name", FieldType::String},
    {Type, "nbns.type", "Type", FieldType::UInt16, Base::Dec, 0, kTypeNames},
    {Class, "nbns.class", "Class", FieldType::UInt16, Base::Dec, 0, kClassNames},
    {Ttl, "nbns.ttl", "Time to live", FieldType::UInt32, Base::Dec},
    {DataLength, "nbns.data_length", "Data length", FieldType::UInt16, Base::Dec},
    {NbFlags, "nbns.nb_flags", "Name flags", FieldType::UInt16, Base::Hex},
    {NbFlagsGroup, "nbns.nb_flags.group", "Name type", FieldType::Bool, Base::None, 0x8000, kGroupNames},
    {NbFlagsOnt, "nbns.nb_flags.ont", "ONT", FieldType::UInt16, Base::Dec, 0x6000, kOntNames},
    {Addr, "nbns.addr", "Addr", FieldType::Ipv4},
    {NumberOfNames, "nbns.number_of_names", "Number of names", FieldType::UInt8, Base::Dec},
    {NetbiosName, "nbns.netbios_name", "Name", FieldType::String},
    {NameFlags, "nbns.name_flags", "Name flags", FieldType::UInt16, Base::Hex},
    {NameFlagsGroup, "nbns.name_flags.group", "Name type", FieldType::Bool, Base::None, 0x8000, kGroupNames},
    {NameFlagsOnt, "nbns.name_flags.ont", "ONT", FieldType::UInt16, Base::Dec, 0x6000, kOntNames},
    {NameFlagsDrg, "nbns.name_flags.drg", "Name is being deregistered", FieldType::Bool, Base::None, 0x1000, kYesNo},
    {NameFlagsCnf, "nbns.name_flags.cnf", "Name is in conflict", FieldType::Bool, Base::None, 0x800, kYesNo},
    {NameFlagsAct, "nbns.name_flags.act", "Name is active", FieldType::Bool, Base::None, 0x400, kYesNo},
    {NameFlagsPrm, "nbns.name_flags.prm", "Permanent node name", FieldType::Bool, Base::None, 0x200, kYesNo},
    {UnitId, "nbns.unit_id", "Unit ID", FieldType::Ether},
    {Data, "nbns.data", "Data", FieldType::Bytes},
};
static_assert(std::size(kNbnsFields) == kNbnsFieldCount);

// The NetBIOS name of a first-level encoded label: "NAME<20>" (trailing blanks dropped,
// unprintable bytes as <xx>), then the scope (".example.com") if any.
std::string netbiosName(const DnsName& encoded) {
    const std::string_view text = encoded.view();
    const std::size_t labelEnd = std::min(text.find('.'), text.size());
    if (labelEnd != 32) return "Illegal NetBIOS name (" + std::string(text) + ")";
    std::uint8_t raw[16];
    for (int i = 0; i < 16; ++i) {
        const char hi = text[2 * i], lo = text[2 * i + 1];
        if (hi < 'A' || hi > 'P' || lo < 'A' || lo > 'P') return "Illegal NetBIOS name (" + std::string(text) + ")";
        raw[i] = static_cast<std::uint8_t>(((hi - 'A') << 4) | (lo - 'A'));
    }
    std::string out;
    int end = 15;
    while (end > 0 && raw[end - 1] == ' ') --end;
    char hex[8];
    for (int i = 0; i < end; ++i) {
        if (raw[i] >= 0x20 && raw[i] < 0x7f) {
            out += static_cast<char>(raw[i]);
        } else {
            std::snprintf(hex, sizeof hex, "<%02x>", raw[i]);
            out += hex;
        }
    }
    std::snprintf(hex, sizeof hex, "<%02x>", raw[15]);
    out += hex;
    if (labelEnd < text.size()) out += text.substr(labelEnd);
    return out;
}

class NbnsProtocol final : public Dissector {
public:
    NbnsProtocol() : Dissector({"nbns", "NBNS", "NetBIOS Name Service"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, view.reported());
        if (view.need(0, kHeaderLength) != Availability::Available) {
            if (view.has(0, 2)) p.addUint(field(Id), view, 0, 2);
            p.markUnavailable(*this, view, 0, kHeaderLength);
            return view.reported();
        }
        const std::uint16_t flags = view.u16(2);
        const bool response = (flags & 0x8000) != 0;
        const std::uint16_t opcode = (flags >> 11) & 0xf;
        const std::uint16_t rcode = flags & 0xf;
        p.addUint(field(Id), view, 0, 2);
        addFlags(p, view, flags);
        if (p.wantsColumns()) {
            const std::string_view op = nameOf(kOpcodeNames, opcode);
            std::string& info = p.info();
            info = op.empty() ? "Unknown operation (" + std::to_string(opcode) + ")" : std::string(op);
            if (response) info += " response";
            if (response && rcode != 0) {
                info += ", ";
                info += nameOf(kRcodeNames, rcode);
            }
        }
        const std::uint16_t counts[4] = {view.u16(4), view.u16(6), view.u16(8), view.u16(10)};
        p.addUint(field(CountQueries), view, 4, 2);
        p.addUint(field(CountAnswers), view, 6, 2);
        p.addUint(field(CountAuthRr), view, 8, 2);
        p.addUint(field(CountAddRr), view, 10, 2);
        std::uint32_t offset = kHeaderLength;
        for (std::uint32_t i = 0; i < counts[0]; ++i) {
            if (!question(p, view, offset)) return view.reported();
        }
        for (int section = 1; section < 4; ++section) {
            for (std::uint32_t i = 0; i < counts[section]; ++i) {
                if (!record(p, view, offset, section == 1)) return view.reported();
            }
        }
        return view.reported();
    }

private:
    void addFlags(Packet& p, const ByteView& view, std::uint16_t flags) const {
        const ItemRef item = p.add(field(Flags), view, 2, 2, FieldValue::ofUnsigned(flags));
        p.push(item);
        const bool response = (flags & 0x8000) != 0;
        p.addUint(field(FlagResponse), view, 2, 2);
        p.addUint(field(FlagOpcode), view, 2, 2);
        if (response) p.addUint(field(FlagAuthoritative), view, 2, 2);
        p.addUint(field(FlagTruncated), view, 2, 2);
        p.addUint(field(FlagRecDesired), view, 2, 2);
        if (response) p.addUint(field(FlagRecAvail), view, 2, 2);
        p.addUint(field(FlagBroadcast), view, 2, 2);
        if (response) p.addUint(field(FlagRcode), view, 2, 2);
        p.pop();
    }

    bool readName(Packet& p, const ByteView& view, std::uint32_t offset, DnsName& name) const {
        if (readDnsName(view, offset, name)) return true;
        if (name.missing == Availability::CutBySnapLength) p.markShort(view);
        else p.markMalformed(*this);
        return false;
    }

    bool question(Packet& p, const ByteView& view, std::uint32_t& offset) const {
        DnsName encoded;
        if (!readName(p, view, offset, encoded)) return false;
        const std::uint32_t at = offset + encoded.wireLength;
        const bool text = p.buildsTree() || p.wantsColumns() || p.wants(field(Name));
        const std::string name = text ? netbiosName(encoded) : std::string();
        p.addText(field(Name), view, offset, encoded.wireLength, name);
        if (view.need(at, 4) != Availability::Available) {
            p.markUnavailable(*this, view, at, 4);
            return false;
        }
        const std::uint16_t type = view.u16(at);
        p.addUint(field(Type), view, at, 2);
        p.addUint(field(Class), view, at + 2, 2);
        if (p.wantsColumns()) p.info() += " " + typeName(type) + " " + name;
        offset = at + 4;
        return true;
    }

    bool record(Packet& p, const ByteView& view, std::uint32_t& offset, bool answer) const {
        DnsName encoded;
        if (!readName(p, view, offset, encoded)) return false;
        const std::uint32_t at = offset + encoded.wireLength;
        const bool text = p.buildsTree() || p.wantsColumns() || p.wants(field(Name));
        p.addText(field(Name), view, offset, encoded.wireLength, text ? netbiosName(encoded) : std::string());
        if (view.need(at, 10) != Availability::Available) {
            p.markUnavailable(*this, view, at, 10);
            return false;
        }
        const std::uint16_t type = view.u16(at);
        const std::uint16_t length = view.u16(at + 8);
        p.addUint(field(Type), view, at, 2);
        p.addUint(field(Class), view, at + 2, 2);
        p.addUint(field(Ttl), view, at + 4, 4);
        p.addUint(field(DataLength), view, at + 8, 2);
        const std::uint32_t data = at + 10;
        if (answer && p.wantsColumns()) p.info() += " " + typeName(type);
        if (view.need(data, length) != Availability::Available) {
            p.markUnavailable(*this, view, data, length);
            return false;
        }
        if (type == kTypeNb) {
            for (std::uint32_t o = data; o + 6 <= data + length; o += 6) {
                p.addUint(field(NbFlags), view, o, 2);
                p.addUint(field(NbFlagsGroup), view, o, 2);
                p.addUint(field(NbFlagsOnt), view, o, 2);
                const std::uint32_t addr = p.addIpv4(field(Addr), view, o + 2);
                if (answer && o == data && p.wantsColumns()) p.info() += " " + formatIpv4(addr);
            }
        } else if (type == kTypeNbstat && length >= 1) {
            const std::uint8_t names = view.u8(data);
            p.addUint(field(NumberOfNames), view, data, 1);
            std::uint32_t o = data + 1;
            for (std::uint32_t i = 0; i < names && o + 18 <= data + length; ++i, o += 18) {
                p.addText(field(NetbiosName), view, o, 16, view.text(o, 15));
                p.addUint(field(NameFlags), view, o + 16, 2);
                for (FieldIndex flag : {NameFlagsGroup, NameFlagsOnt, NameFlagsDrg, NameFlagsCnf, NameFlagsAct,
                                        NameFlagsPrm}) {
                    p.addUint(field(flag), view, o + 16, 2);
                }
            }
            if (o + 6 <= data + length) p.addBytes(field(UnitId), view, o, 6);
        } else if (length > 0) {
            p.addBytes(field(Data), view, data, length);
        }
        offset = data + length;
        return true;
    }

    static std::string typeName(std::uint16_t type) {
        const std::string_view name = nameOf(kTypeNames, type);
        return name.empty() ? "Unknown (" + std::to_string(type) + ")" : std::string(name);
    }
};

}  // namespace

void registerNbns(Registry& r) {
    auto& nbns = r.addProtocol<NbnsProtocol>(kNbnsFields);
    r.onHandoff([&nbns](Registry& registry) { registry.table("udp.port").add(kNbnsPort, nbns); });
}

}  // namespace caplens::proto
