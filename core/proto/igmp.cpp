// igmp — Internet Group Management Protocol: version 0 (RFC 988), 1 (RFC 1112), 2 (RFC 2236),
// 3 (RFC 3376) and multicast traceroute, the version told by type and length as Wireshark does.
//
// Wireshark dissects IGMP in two steps: the "igmp" dissector reads the type and hands the
// message to the dissector registered for it in the "igmp.type" table — IGMP's own per-version
// dissectors (hence "ip:igmp:igmp" in frame.protocols with one IGMP item), or another protocol
// (DVMRP, PIMv1, IGAP) that can join the table. The first step adds no item of its own.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |      Type     | Max Resp Code |           Checksum            |
//   |                         Group Address                         |
//   | Resv  |S| QRV |     QQIC      |     Number of Sources (N)     |   (v3 query)
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

enum IgmpType : std::uint8_t {
    Query = 0x11, V1Report = 0x12, V2Report = 0x16, V2Leave = 0x17, V3Report = 0x22, TraceResponse = 0x1E,
    TraceQuery = 0x1F,
};
constexpr std::uint8_t kLastV0Type = 0x0F;

constexpr ValueName kTypeNames[] = {
    {0x1, "Create Group Request"}, {0x2, "Create Group Reply"}, {0x3, "Join Group Request"},
    {0x4, "Join Group Reply"}, {0x5, "Leave Group Request"}, {0x6, "Leave Group Reply"},
    {0x7, "Confirm Group Request"}, {0x8, "Confirm Group Reply"}, {0x11, "Membership Query"},
    {0x12, "Membership Report"}, {0x13, "DVMRP Protocol"}, {0x14, "PIM Routing Message"},
    {0x16, "Membership Report"}, {0x17, "Leave Group"}, {0x1e, "Traceroute Response"},
    {0x1f, "Traceroute Query or Request"}, {0x22, "Membership Report"},
};
constexpr ValueName kRecordTypes[] = {{1, "Mode Is Include"}, {2, "Mode Is Exclude"}, {3, "Change To Include Mode"},
                                      {4, "Change To Exclude Mode"}, {5, "Allow New Sources"},
                                      {6, "Block Old Sources"}};
constexpr ValueName kGroupTypes[] = {{0, "Public Group"}, {1, "Private Group"}};
constexpr ValueName kReplyCodes[] = {{0, "Request Granted"}, {1, "Request Denied, No Resources"},
                                     {2, "Request Denied, Invalid Code"}, {3, "Request Denied, Invalid Group"},
                                     {4, "Request Denied, Invalid Key"}};
constexpr ValueName kChecksumStatus[] = {{0, "Bad"}, {1, "Good"}, {2, "Unverified"}};

enum IgmpField : FieldIndex {
    Type, Reserved, Version, GroupType, Reply, ReplyPending, Checksum, ChecksumStatus, Identifier, AccessKey,
    MaxResp, S, Qrv, Qqic, NumSrc, Saddr, NumGrpRecs, RecordType, AuxDataLen, Maddr, AuxData, Data, MaxRespExp,
    MaxRespMant, MtraceMaxHops, MtraceSaddr, MtraceRaddr, MtraceRspaddr, MtraceRespTtl, MtraceQId,
    kIgmpFieldCount
};

constexpr FieldDef kIgmpFields[] = {
    {Type, "igmp.type", "Type", FieldType::UInt8, Base::Hex, 0, kTypeNames},
    {Reserved, "igmp.reserved", "Reserved", FieldType::Bytes},
    {Version, "igmp.version", "IGMP Version", FieldType::UInt8, Base::Dec},
    {GroupType, "igmp.group_type", "Type Of Group", FieldType::UInt8, Base::Dec, 0, kGroupTypes},
    {Reply, "igmp.reply", "Reply", FieldType::UInt8, Base::Dec, 0, kReplyCodes},
    {ReplyPending, "igmp.reply.pending", "Reply Pending", FieldType::UInt8, Base::Dec},
    {Checksum, "igmp.checksum", "Checksum", FieldType::UInt16, Base::Hex},
    {ChecksumStatus, "igmp.checksum.status", "Checksum Status", FieldType::UInt8, Base::None, 0, kChecksumStatus},
    {Identifier, "igmp.identifier", "Identifier", FieldType::UInt32, Base::Dec},
    {AccessKey, "igmp.access_key", "Access Key", FieldType::Bytes},
    {MaxResp, "igmp.max_resp", "Max Resp Time", FieldType::UInt8, Base::Dec},
    {S, "igmp.s", "S", FieldType::Bool, Base::None, 0x08},
    {Qrv, "igmp.qrv", "QRV", FieldType::UInt8, Base::Dec, 0x07},
    {Qqic, "igmp.qqic", "QQIC", FieldType::UInt8, Base::Dec},
    {NumSrc, "igmp.num_src", "Num Src", FieldType::UInt16, Base::Dec},
    {Saddr, "igmp.saddr", "Source Address", FieldType::Ipv4},
    {NumGrpRecs, "igmp.num_grp_recs", "Num Group Records", FieldType::UInt16, Base::Dec},
    {RecordType, "igmp.record_type", "Record Type", FieldType::UInt8, Base::Dec, 0, kRecordTypes},
    {AuxDataLen, "igmp.aux_data_len", "Aux Data Len", FieldType::UInt8, Base::Dec},
    {Maddr, "igmp.maddr", "Multicast Address", FieldType::Ipv4},
    {AuxData, "igmp.aux_data", "Aux Data", FieldType::Bytes},
    {Data, "igmp.data", "Data", FieldType::Bytes},
    {MaxRespExp, "igmp.max_resp.exp", "Exponent", FieldType::UInt8, Base::Hex, 0x70},
    {MaxRespMant, "igmp.max_resp.mant", "Mantissa", FieldType::UInt8, Base::Hex, 0x0F},
    {MtraceMaxHops, "igmp.mtrace.max_hops", "# hops", FieldType::UInt8, Base::Dec},
    {MtraceSaddr, "igmp.mtrace.saddr", "Source Address", FieldType::Ipv4},
    {MtraceRaddr, "igmp.mtrace.raddr", "Receiver Address", FieldType::Ipv4},
    {MtraceRspaddr, "igmp.mtrace.rspaddr", "Response Address", FieldType::Ipv4},
    {MtraceRespTtl, "igmp.mtrace.resp_ttl", "Response TTL", FieldType::UInt8, Base::Dec},
    {MtraceQId, "igmp.mtrace.q_id", "Query ID", FieldType::UInt24, Base::Dec},
};
static_assert(std::size(kIgmpFields) == kIgmpFieldCount);

enum IgmpExpert : std::uint16_t { BadChecksum, kIgmpExpertCount };
constexpr ExpertDef kIgmpExperts[] = {
    {BadChecksum, "igmp.bad_checksum", ExpertSeverity::Error, ExpertGroup::Checksum, "Bad checksum"},
};
static_assert(std::size(kIgmpExperts) == kIgmpExpertCount);

std::uint16_t internetChecksum(std::span<const std::uint8_t> bytes) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) sum += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
    if (bytes.size() % 2) sum += static_cast<std::uint32_t>(bytes.back() << 8);
    while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

// "{10.0.0.9, 10.0.0.10}" — a list of source addresses for the Info column.
std::string sourceList(const ByteView& v, std::uint32_t at, std::uint32_t count) {
    std::string out = "{";
    for (std::uint32_t i = 0; i < count && v.has(at + 4 * i, 4); ++i) {
        if (i) out += ", ";
        out += formatIpv4(v.u32(at + 4 * i));
    }
    return out + "}";
}

class IgmpProtocol final : public Dissector {
public:
    IgmpProtocol() : Dissector({"igmp", "IGMP", "Internet Group Management Protocol"}) {}

    void connect(const DissectorTable& types) { m_types = &types; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        if (!secondStep(p)) {
            // First step: the message goes to whoever registered its type.
            if (const std::uint32_t used = p.dispatch(*m_types, view.u8(0), view)) return used;
            if (p.stopped()) return view.reported();
            return dissectUnknown(p, view);
        }
        p.beginProtocol(*this, view, view.reported());
        const std::uint8_t type = view.u8(0);
        if (type <= kLastV0Type) return dissectV0(p, view);
        switch (type) {
            case Query: return dissectQuery(p, view);
            case V1Report:
            case V2Report:
            case V2Leave: return dissectV1V2(p, view, type == V1Report ? 1 : 2);
            case V3Report: return dissectV3Report(p, view);
            default: return dissectTrace(p, view);
        }
    }

private:
    // The per-version dissector runs as a layer of its own right on top of the first step.
    [[nodiscard]] bool secondStep(const Packet& p) const {
        const auto layers = p.layers();
        return layers.size() >= 2 && layers[layers.size() - 2] == id();
    }

    std::uint32_t dissectUnknown(Packet& p, const ByteView& v) const {
        p.beginProtocol(*this, v, v.reported());
        p.addUint(field(Type), v, 0, 1);
        if (p.wantsColumns()) {
            char text[40];
            std::snprintf(text, sizeof text, "Unknown Type:0x%02x", v.u8(0));
            p.info() = text;
        }
        if (v.reported() > 1) p.addBytes(field(Data), v, 1, v.captured() > 1 ? v.captured() - 1 : 0);
        return v.reported();
    }

    // Every message needs `length` bytes before its fields can be read.
    bool need(Packet& p, const ByteView& v, std::uint32_t length) const {
        if (v.need(0, length) == Availability::Available) return true;
        p.markUnavailable(*this, v, 0, length);
        return false;
    }

    void begin(Packet& p, const ByteView& v, unsigned version) const {
        p.addGenerated(field(Version), FieldValue::ofUnsigned(version));
        p.addUint(field(Type), v, 0, 1);
        if (p.wantsColumns()) {
            p.setProtocolColumn(version == 0 ? "IGMPv0" : version == 1 ? "IGMPv1" : version == 2 ? "IGMPv2" : "IGMPv3");
            p.info() = std::string(nameOf(kTypeNames, v.u8(0)));
        }
    }

    void addChecksum(Packet& p, const ByteView& v) const {
        p.addUint(field(Checksum), v, 2, 2);
        if (v.isCut()) {
            p.addGenerated(field(ChecksumStatus), FieldValue::ofUnsigned(2));
            return;
        }
        const bool good = internetChecksum(v.bytes()) == 0;
        p.addGenerated(field(ChecksumStatus), FieldValue::ofUnsigned(good ? 1 : 0));
        if (!good) p.addExpert(expert(BadChecksum));
    }

    // RFC 988 (version 0): type, code, checksum, identifier, group, access key.
    std::uint32_t dissectV0(Packet& p, const ByteView& v) const {
        begin(p, v, 0);
        const std::uint8_t type = v.u8(0);
        if (!need(p, v, 20)) return v.reported();
        if (type == 1) {
            p.addUint(field(GroupType), v, 1, 1);
        } else if (type % 2 == 0) {
            if (v.u8(1) < 5) {
                p.addUint(field(Reply), v, 1, 1);
            } else {
                p.addUint(field(ReplyPending), v, 1, 1);
            }
        }
        addChecksum(p, v);
        p.addUint(field(Identifier), v, 4, 4);
        p.addIpv4(field(Maddr), v, 8);
        p.addBytes(field(AccessKey), v, 12, 8);
        return v.reported();
    }

    // 0x11: 8 bytes is version 1 (no max response time) or 2; 12 or more is version 3.
    std::uint32_t dissectQuery(Packet& p, const ByteView& v) const {
        if (v.reported() >= 12) return dissectV3Query(p, v);
        return dissectV1V2(p, v, v.u8(1) == 0 ? 1 : 2);
    }

    std::uint32_t dissectV1V2(Packet& p, const ByteView& v, unsigned version) const {
        begin(p, v, version);
        if (!need(p, v, 8)) return v.reported();
        const std::uint8_t type = v.u8(0);
        if (version == 2) {
            const ItemRef maxResp = p.add(field(MaxResp), v, 1, 1, FieldValue::ofUnsigned(v.u8(1)));
            if (p.buildsTree()) {
                char text[48];
                std::snprintf(text, sizeof text, "Max Resp Time: %.1f sec (0x%02x)", v.u8(1) * 0.1, v.u8(1));
                p.setText(maxResp, text);
            }
        } else {
            p.addBytes(field(Reserved), v, 1, 1);
        }
        addChecksum(p, v);
        const std::uint32_t group = p.addIpv4(field(Maddr), v, 4);
        if (p.wantsColumns() && version == 2) {
            if (type == Query) {
                p.info() += group == 0 ? ", general" : ", specific for group " + formatIpv4(group);
            } else {
                p.info() += (type == V2Leave ? " " : " group ") + formatIpv4(group);
            }
        }
        return v.reported();
    }

    std::uint32_t dissectV3Query(Packet& p, const ByteView& v) const {
        begin(p, v, 3);
        if (!need(p, v, 12)) return v.reported();
        addMaxResponseCode(p, v);
        addChecksum(p, v);
        const std::uint32_t group = p.addIpv4(field(Maddr), v, 4);
        p.addUint(field(S), v, 8, 1);
        p.addUint(field(Qrv), v, 8, 1);
        p.addUint(field(Qqic), v, 9, 1);
        const std::uint32_t sources = v.u16(10);
        p.addUint(field(NumSrc), v, 10, 2);
        if (p.wantsColumns()) {
            p.info() += group == 0 ? ", general" : ", specific for group " + formatIpv4(group);
            if (sources) p.info() += std::string(sources == 1 ? ", source " : ", sources ") + sourceList(v, 12, sources);
        }
        for (std::uint32_t i = 0; i < sources; ++i) {
            if (!need(p, v, 12 + 4 * (i + 1))) return v.reported();
            p.addIpv4(field(Saddr), v, 12 + 4 * i);
        }
        return v.reported();
    }

    // RFC 3376 section 4.1.1: codes from 128 are a floating-point exponent and mantissa.
    void addMaxResponseCode(Packet& p, const ByteView& v) const {
        const std::uint8_t code = v.u8(1);
        const ItemRef item = p.add(field(MaxResp), v, 1, 1, FieldValue::ofUnsigned(code));
        if (code & 0x80) {
            p.push(item);
            p.addUint(field(MaxRespExp), v, 1, 1);
            p.addUint(field(MaxRespMant), v, 1, 1);
            p.pop();
        }
        if (p.buildsTree()) {
            const unsigned tenths = code < 128 ? code : ((code & 0x0Fu) | 0x10u) << (((code >> 4) & 0x07u) + 3);
            char text[48];
            std::snprintf(text, sizeof text, "Max Resp Time: %.1f sec (0x%02x)", tenths * 0.1, code);
            p.setText(item, text);
        }
    }

    std::uint32_t dissectV3Report(Packet& p, const ByteView& v) const {
        begin(p, v, 3);
        if (!need(p, v, 8)) return v.reported();
        p.addBytes(field(Reserved), v, 1, 1);
        addChecksum(p, v);
        p.addBytes(field(Reserved), v, 4, 2);
        const std::uint32_t records = v.u16(6);
        p.addUint(field(NumGrpRecs), v, 6, 2);
        std::uint32_t at = 8;
        for (std::uint32_t i = 0; i < records; ++i) {
            if (!need(p, v, at + 8)) return v.reported();
            const std::uint32_t sources = v.u16(at + 2);
            const std::uint32_t length = 8 + 4 * sources + 4u * v.u8(at + 1);
            p.addUint(field(RecordType), v, at, 1);
            p.addUint(field(AuxDataLen), v, at + 1, 1);
            p.addUint(field(NumSrc), v, at + 2, 2);
            p.addIpv4(field(Maddr), v, at + 4);
            if (p.wantsColumns()) p.info() += recordInfo(v, at, sources);
            for (std::uint32_t s = 0; s < sources; ++s) {
                if (!need(p, v, at + 8 + 4 * (s + 1))) return v.reported();
                p.addIpv4(field(Saddr), v, at + 8 + 4 * s);
            }
            if (v.u8(at + 1) != 0) {
                if (!need(p, v, at + length)) return v.reported();
                p.addBytes(field(AuxData), v, at + 8 + 4 * sources, 4u * v.u8(at + 1));
            }
            at += length;
        }
        return v.reported();
    }

    // " / Join group 224.0.0.251 for any sources" — what one group record means.
    static std::string recordInfo(const ByteView& v, std::uint32_t at, std::uint32_t sources) {
        const std::string group = formatIpv4(v.u32(at + 4));
        const std::string list = sourceList(v, at + 8, sources);
        const char* plural = sources == 1 ? "" : "s";
        switch (v.u8(at)) {
            case 1:
            case 3:
                if (sources == 0) return " / Leave group " + group;
                return " / Join group " + group + " for source" + plural + " " + list;
            case 2:
            case 4:
                if (sources == 0) return " / Join group " + group + " for any sources";
                return " / Join group " + group + ", for source" + (sources == 1 ? " not " : "s not in ") + list;
            case 5: return " / Group " + group + ", new source" + plural + " " + list;
            case 6: return " / Group " + group + ", block source" + plural + " " + list;
            default: return " / Group " + group;
        }
    }

    // Multicast traceroute (draft-ietf-idmr-traceroute-ipm): the query, then response blocks.
    std::uint32_t dissectTrace(Packet& p, const ByteView& v) const {
        p.addUint(field(Type), v, 0, 1);
        if (p.wantsColumns()) p.info() = std::string(nameOf(kTypeNames, v.u8(0)));
        if (!need(p, v, 24)) return v.reported();
        p.addUint(field(MtraceMaxHops), v, 1, 1);
        addChecksum(p, v);
        p.addIpv4(field(Maddr), v, 4);
        p.addIpv4(field(MtraceSaddr), v, 8);
        p.addIpv4(field(MtraceRaddr), v, 12);
        p.addIpv4(field(MtraceRspaddr), v, 16);
        p.addUint(field(MtraceRespTtl), v, 20, 1);
        p.addUint(field(MtraceQId), v, 21, 3);
        if (p.wantsColumns() && v.u8(0) == TraceResponse) {
            p.info() += ", " + std::to_string((v.reported() - 24) / 28) + " blocks";
        }
        return v.reported();
    }

    const DissectorTable* m_types = nullptr;
};

}  // namespace

void registerIgmp(Registry& r) {
    auto& igmp = r.addProtocol<IgmpProtocol>(kIgmpFields);
    r.addExperts(igmp, kIgmpExperts);
    r.addTable("igmp.type", "IGMP type");
    r.onHandoff([&igmp](Registry& registry) {
        auto& types = registry.table("igmp.type");
        igmp.connect(types);
        // The types IGMP's own per-version dissectors take (Wireshark 4.0's registrations).
        for (std::uint32_t type = 0; type <= kLastV0Type; ++type) types.add(type, igmp);
        for (const std::uint32_t type : {Query, V1Report, V2Report, V2Leave, V3Report, TraceResponse, TraceQuery}) {
            types.add(type, igmp);
        }
        registry.table("ip.proto").add(2, igmp);
    });
}

}  // namespace caplens::proto
