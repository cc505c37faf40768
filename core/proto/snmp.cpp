// snmp — Simple Network Management Protocol (RFC 1157, 3416, 3412) on UDP and TCP ports 161
// and 162 (traps), in BER (ber.hpp):
//   Message ::= SEQUENCE { version INTEGER, community OCTET STRING, data PDUs }       (v1, v2c)
//   SNMPv3Message ::= SEQUENCE { msgVersion, msgGlobalData, msgSecurityParameters, msgData }
//   PDU ::= [n] SEQUENCE { request-id, error-status, error-index, variable-bindings }
//   VarBind ::= SEQUENCE { name OBJECT IDENTIFIER, value }
#include <cstdio>

#include "core/proto/ber.hpp"
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kAgentPort = 161;
constexpr std::uint16_t kTrapPort = 162;
constexpr std::string_view kSysNameOid = "1.3.6.1.2.1.1.5.0";
constexpr int kMaxOidArcs = 128;

enum SnmpField : FieldIndex {
    Version, Community, Data, GetRequest, GetNextRequest, GetResponse, SetRequest, Trap, GetBulkRequest,
    InformRequest, SnmpV2Trap, Report, RequestId, ErrorStatus, ErrorIndex, NonRepeaters, MaxRepetitions,
    VariableBindings, VarBind, Name, ValueInt, ValueOctets, ValueOid, ValueNull, ValueIpv4, ValueCounter,
    ValueTimeticks, ValueG32, ValueUnk, NoSuchObject, NoSuchInstance, EndOfMibView, VarBindStr, Enterprise,
    AgentAddr, GenericTrap, SpecificTrap, TimeStamp, MsgVersion, MsgId, MsgMaxSize, MsgFlags, MsgSecurityModel,
    MsgAuthoritativeEngineId, MsgAuthoritativeEngineBoots, MsgAuthoritativeEngineTime, MsgUserName,
    ContextEngineId, ContextName, EncryptedPdu, kSnmpFieldCount
};

constexpr ValueName kVersionNames[] = {{0, "version-1"}, {1, "v2c"}, {2, "v2u"}, {3, "snmpv3"}};
constexpr ValueName kPduNames[] = {{0, "get-request"}, {1, "get-next-request"}, {2, "get-response"},
                                   {3, "set-request"}, {4, "trap"}, {5, "getBulkRequest"},
                                   {6, "informRequest"}, {7, "snmpV2-trap"}, {8, "report"}};
constexpr ValueName kErrorStatusNames[] = {
    {0, "noError"}, {1, "tooBig"}, {2, "noSuchName"}, {3, "badValue"}, {4, "readOnly"}, {5, "genErr"},
    {6, "noAccess"}, {7, "wrongType"}, {8, "wrongLength"}, {9, "wrongEncoding"}, {10, "wrongValue"},
    {11, "noCreation"}, {12, "inconsistentValue"}, {13, "resourceUnavailable"}, {14, "commitFailed"},
    {15, "undoFailed"}, {16, "authorizationError"}, {17, "notWritable"}, {18, "inconsistentName"}};
constexpr ValueName kGenericTrapNames[] = {{0, "coldStart"}, {1, "warmStart"}, {2, "linkDown"}, {3, "linkUp"},
                                           {4, "authenticationFailure"}, {5, "egpNeighborLoss"},
                                           {6, "enterpriseSpecific"}};

constexpr FieldDef kSnmpFields[] = {
    {Version, "snmp.version", "version", FieldType::Int32, Base::Dec, 0, kVersionNames},
    {Community, "snmp.community", "community", FieldType::String},
    {Data, "snmp.data", "data", FieldType::UInt32, Base::Dec, 0, kPduNames},
    {GetRequest, "snmp.get_request_element", "get-request", FieldType::None},
    {GetNextRequest, "snmp.get_next_request_element", "get-next-request", FieldType::None},
    {GetResponse, "snmp.get_response_element", "get-response", FieldType::None},
    {SetRequest, "snmp.set_request_element", "set-request", FieldType::None},
    {Trap, "snmp.trap_element", "trap", FieldType::None},
    {GetBulkRequest, "snmp.getBulkRequest_element", "getBulkRequest", FieldType::None},
    {InformRequest, "snmp.informRequest_element", "informRequest", FieldType::None},
    {SnmpV2Trap, "snmp.snmpV2_trap_element", "snmpV2-trap", FieldType::None},
    {Report, "snmp.report_element", "report", FieldType::None},
    {RequestId, "snmp.request_id", "request-id", FieldType::Int32, Base::Dec},
    {ErrorStatus, "snmp.error_status", "error-status", FieldType::Int32, Base::Dec, 0, kErrorStatusNames},
    {ErrorIndex, "snmp.error_index", "error-index", FieldType::Int32, Base::Dec},
    {NonRepeaters, "snmp.non_repeaters", "non-repeaters", FieldType::UInt32, Base::Dec},
    {MaxRepetitions, "snmp.max_repetitions", "max-repetitions", FieldType::UInt32, Base::Dec},
    {VariableBindings, "snmp.variable_bindings", "variable-bindings", FieldType::UInt32, Base::Dec},
    {VarBind, "snmp.VarBind_element", "VarBind", FieldType::None},
    {Name, "snmp.name", "Object Name", FieldType::String},
    {ValueInt, "snmp.value.int", "Value (Integer32)", FieldType::Int64, Base::Dec},
    {ValueOctets, "snmp.value.octets", "Value (OctetString)", FieldType::Bytes},
    {ValueOid, "snmp.value.oid", "Value (OID)", FieldType::String},
    {ValueNull, "snmp.value.null", "Value (Null)", FieldType::None},
    {ValueIpv4, "snmp.value.ipv4", "Value (IpAddress)", FieldType::Ipv4},
    {ValueCounter, "snmp.value.counter", "Value (Counter32)", FieldType::UInt64, Base::Dec},
    {ValueTimeticks, "snmp.value.timeticks", "Value (Timeticks)", FieldType::UInt64, Base::Dec},
    {ValueG32, "snmp.value.g32", "Value (Gauge32)", FieldType::Int64, Base::Dec},
    {ValueUnk, "snmp.value.unk", "Value (Unknown)", FieldType::Bytes},
    {NoSuchObject, "snmp.noSuchObject", "noSuchObject", FieldType::None},
    {NoSuchInstance, "snmp.noSuchInstance", "noSuchInstance", FieldType::None},
    {EndOfMibView, "snmp.endOfMibView", "endOfMibView", FieldType::None},
    {VarBindStr, "snmp.var-bind_str", "Variable-binding-string", FieldType::String},
    {Enterprise, "snmp.enterprise", "enterprise", FieldType::String},
    {AgentAddr, "snmp.agent_addr", "agent-addr", FieldType::Ipv4},
    {GenericTrap, "snmp.generic_trap", "generic-trap", FieldType::Int32, Base::Dec, 0, kGenericTrapNames},
    {SpecificTrap, "snmp.specific_trap", "specific-trap", FieldType::Int32, Base::Dec},
    {TimeStamp, "snmp.time_stamp", "time-stamp", FieldType::UInt32, Base::Dec},
    {MsgVersion, "snmp.msgVersion", "msgVersion", FieldType::Int32, Base::Dec, 0, kVersionNames},
    {MsgId, "snmp.msgID", "msgID", FieldType::UInt32, Base::Dec},
    {MsgMaxSize, "snmp.msgMaxSize", "msgMaxSize", FieldType::UInt32, Base::Dec},
    {MsgFlags, "snmp.msgFlags", "msgFlags", FieldType::Bytes},
    {MsgSecurityModel, "snmp.msgSecurityModel", "msgSecurityModel", FieldType::UInt32, Base::Dec},
    {MsgAuthoritativeEngineId, "snmp.msgAuthoritativeEngineID", "msgAuthoritativeEngineID", FieldType::Bytes},
    {MsgAuthoritativeEngineBoots, "snmp.msgAuthoritativeEngineBoots", "msgAuthoritativeEngineBoots",
     FieldType::UInt32, Base::Dec},
    {MsgAuthoritativeEngineTime, "snmp.msgAuthoritativeEngineTime", "msgAuthoritativeEngineTime",
     FieldType::UInt32, Base::Dec},
    {MsgUserName, "snmp.msgUserName", "msgUserName", FieldType::String},
    {ContextEngineId, "snmp.contextEngineID", "contextEngineID", FieldType::Bytes},
    {ContextName, "snmp.contextName", "contextName", FieldType::String},
    {EncryptedPdu, "snmp.encryptedPDU", "encryptedPDU", FieldType::Bytes},
};
static_assert(std::size(kSnmpFields) == kSnmpFieldCount);

// Dotted text of an OBJECT IDENTIFIER's contents ("1.3.6.1.2.1.1.5.0").
std::string oidText(const ByteView& v, std::uint32_t at, std::uint32_t length) {
    std::string out;
    std::uint64_t arc = 0;
    bool first = true;
    int arcs = 0;
    for (std::uint32_t i = 0; i < length && arcs < kMaxOidArcs; ++i) {
        const std::uint8_t b = v.u8(at + i);
        arc = (arc << 7) | (b & 0x7f);
        if (b & 0x80) continue;
        if (first) {
            const std::uint64_t top = arc < 40 ? 0 : arc < 80 ? 1 : 2;
            out = std::to_string(top) + "." + std::to_string(arc - 40 * top);
            first = false;
        } else {
            out += "." + std::to_string(arc);
        }
        arc = 0;
        ++arcs;
    }
    return out;
}

class SnmpProtocol final : public Dissector {
public:
    SnmpProtocol() : Dissector({"snmp", "SNMP", "Simple Network Management Protocol"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        // Wireshark hands a sysName value to a string dissector of the SNMP protocol: one
        // more "snmp" layer inside the variable binding.
        const auto layers = p.layers();
        if (layers.size() >= 2 && layers[layers.size() - 2] == id()) {
            p.beginProtocol(*this, view, view.reported());
            p.addText(field(VarBindStr), view, 0, view.captured(), view.text(0, view.captured()));
            return view.reported();
        }
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        if (p.buildsTree()) p.setText(item, "Simple Network Management Protocol");
        // Wireshark's SNMP opens a conversation of its own on the addresses and ports unless the
        // one found is already SNMP's: later datagrams of the pair are a new udp.stream.
        if (p.conversationDissector() != this) p.startNewConversation(*this);
        const auto message = readBerTlv(view, 0);
        if (!message || message->tag != ber::kSequence || !message->constructed) {
            p.markMalformed(*this);
            return view.reported();
        }
        const ByteView body = view.sub(message->headerLength, message->length);
        std::uint32_t at = 0;
        const auto version = element(p, body, at, ber::kInteger);
        if (!version) return view.reported();
        const std::int64_t v = readBerInteger(body, at + version->headerLength, version->length);
        if (v == 3) {
            p.add(field(MsgVersion), body, at, version->totalLength(), FieldValue::ofSigned(v));
            at += version->totalLength();
            snmpV3(p, body, at);
            return view.reported();
        }
        p.add(field(Version), body, at, version->totalLength(), FieldValue::ofSigned(v));
        at += version->totalLength();
        const auto community = element(p, body, at, ber::kOctetString);
        if (!community) return view.reported();
        p.addText(field(Community), body, at + community->headerLength, community->length,
                  body.text(at + community->headerLength, community->length));
        at += community->totalLength();
        pdu(p, body, at);
        return view.reported();
    }

private:
    // The TLV at `at`, which must be complete and of universal tag `tag`; marks the packet
    // otherwise.
    std::optional<BerTlv> element(Packet& p, const ByteView& v, std::uint32_t at, std::uint32_t tag,
                                  bool universal = true) const {
        const auto tlv = readBerTlv(v, at);
        if (!tlv || tlv->indefinite || (universal && (tlv->tagClass != BerClass::Universal || tlv->tag != tag))) {
            if (!v.has(at, 2)) p.markUnavailable(*this, v, at, 2);
            else p.markMalformed(*this);
            return std::nullopt;
        }
        if (v.need(at, tlv->totalLength()) != Availability::Available) {
            p.markUnavailable(*this, v, at, tlv->totalLength());
            return std::nullopt;
        }
        return tlv;
    }

    std::uint64_t integer(Packet& p, const ByteView& v, std::uint32_t& at, SnmpField f, bool sign = true) const {
        const auto tlv = element(p, v, at, ber::kInteger);
        if (!tlv) return 0;
        const std::int64_t value = readBerInteger(v, at + tlv->headerLength, tlv->length);
        p.add(field(f), v, at, tlv->totalLength(),
              sign ? FieldValue::ofSigned(value) : FieldValue::ofUnsigned(static_cast<std::uint64_t>(value)));
        at += tlv->totalLength();
        return static_cast<std::uint64_t>(value);
    }

    void snmpV3(Packet& p, const ByteView& v, std::uint32_t at) const {
        // msgGlobalData ::= SEQUENCE { msgID, msgMaxSize, msgFlags, msgSecurityModel }
        const auto global = element(p, v, at, ber::kSequence);
        if (!global) return;
        const ByteView g = v.sub(at + global->headerLength, global->length);
        std::uint32_t o = 0;
        integer(p, g, o, MsgId, false);
        integer(p, g, o, MsgMaxSize, false);
        if (p.stopped()) return;
        const auto flags = element(p, g, o, ber::kOctetString);
        if (!flags) return;
        const bool encrypted = flags->length >= 1 && (g.u8(o + flags->headerLength) & 0x02);
        p.addBytes(field(MsgFlags), g, o + flags->headerLength, flags->length);
        o += flags->totalLength();
        integer(p, g, o, MsgSecurityModel, false);
        at += global->totalLength();
        // msgSecurityParameters: an OCTET STRING holding the USM parameters.
        const auto security = element(p, v, at, ber::kOctetString);
        if (!security) return;
        usm(p, v.sub(at + security->headerLength, security->length));
        at += security->totalLength();
        if (p.stopped() || at >= v.reported()) return;
        const auto data = readBerTlv(v, at);
        if (!data) return;
        if (encrypted || (data->tagClass == BerClass::Universal && data->tag == ber::kOctetString)) {
            p.addBytes(field(EncryptedPdu), v, at + data->headerLength, data->length);
            if (p.wantsColumns()) p.info() = "encryptedPDU: privKey Unknown";
            return;
        }
        // ScopedPDU ::= SEQUENCE { contextEngineID, contextName, data }
        const auto scoped = element(p, v, at, ber::kSequence);
        if (!scoped) return;
        const ByteView s = v.sub(at + scoped->headerLength, scoped->length);
        std::uint32_t so = 0;
        const auto engine = element(p, s, so, ber::kOctetString);
        if (!engine) return;
        p.addBytes(field(ContextEngineId), s, so + engine->headerLength, engine->length);
        so += engine->totalLength();
        const auto name = element(p, s, so, ber::kOctetString);
        if (!name) return;
        p.addText(field(ContextName), s, so + name->headerLength, name->length, s.text(so + name->headerLength, name->length));
        so += name->totalLength();
        pdu(p, s, so);
    }

    void usm(Packet& p, const ByteView& v) const {
        const auto seq = readBerTlv(v, 0);
        if (!seq || seq->tag != ber::kSequence) return;
        const ByteView u = v.sub(seq->headerLength, seq->length);
        std::uint32_t o = 0;
        const auto engine = element(p, u, o, ber::kOctetString);
        if (!engine) return;
        p.addBytes(field(MsgAuthoritativeEngineId), u, o + engine->headerLength, engine->length);
        o += engine->totalLength();
        integer(p, u, o, MsgAuthoritativeEngineBoots, false);
        integer(p, u, o, MsgAuthoritativeEngineTime, false);
        if (p.stopped()) return;
        const auto user = element(p, u, o, ber::kOctetString);
        if (!user) return;
        p.addText(field(MsgUserName), u, o + user->headerLength, user->length, u.text(o + user->headerLength, user->length));
    }

    void pdu(Packet& p, const ByteView& v, std::uint32_t at) const {
        const auto tlv = readBerTlv(v, at);
        if (!tlv || tlv->tagClass != BerClass::ContextSpecific || tlv->tag > 8) {
            if (!v.has(at, 2)) p.markUnavailable(*this, v, at, 2);
            else p.markMalformed(*this);
            return;
        }
        const std::uint32_t type = tlv->tag;
        p.add(field(Data), v, at, tlv->totalLength(), FieldValue::ofUnsigned(type));
        const ItemRef element = p.add(field(static_cast<FieldIndex>(GetRequest + type)), v, at, tlv->totalLength(), {});
        p.push(element);
        const ByteView body = v.sub(at + tlv->headerLength, tlv->length);
        std::uint32_t o = 0;
        std::string firstOid;
        if (type == 4) {
            trapV1(p, body, o);
            // The enterprise OID leads the Info column, its first arc named as Wireshark does.
            const auto enterprise = readBerTlv(body, 0);
            if (enterprise && enterprise->tag == ber::kObjectIdentifier) {
                const std::string oid = oidText(body, enterprise->headerLength, enterprise->length);
                firstOid = oid.rfind("1.", 0) == 0 ? "iso." + oid.substr(2) : oid;
            }
        } else {
            integer(p, body, o, RequestId);
            integer(p, body, o, type == 5 ? NonRepeaters : ErrorStatus, type != 5);
            integer(p, body, o, type == 5 ? MaxRepetitions : ErrorIndex, type != 5);
        }
        if (!p.stopped()) varbinds(p, body, o, firstOid);
        p.pop();
        if (p.wantsColumns()) {
            p.info() = std::string(nameOf(kPduNames, type));
            if (!firstOid.empty()) p.info() += " " + firstOid;
        }
    }

    void trapV1(Packet& p, const ByteView& v, std::uint32_t& o) const {
        const auto enterprise = element(p, v, o, ber::kObjectIdentifier);
        if (!enterprise) return;
        p.addText(field(Enterprise), v, o, enterprise->totalLength(), oidText(v, o + enterprise->headerLength, enterprise->length));
        o += enterprise->totalLength();
        const auto addr = readBerTlv(v, o);  // [APPLICATION 0] IpAddress
        if (!addr || !v.has(o, addr->totalLength())) {
            p.markUnavailable(*this, v, o, 2);
            return;
        }
        if (addr->length == 4) p.addIpv4(field(AgentAddr), v, o + addr->headerLength);
        o += addr->totalLength();
        integer(p, v, o, GenericTrap);
        integer(p, v, o, SpecificTrap);
        if (p.stopped()) return;
        const auto time = readBerTlv(v, o);  // [APPLICATION 3] TimeTicks
        if (!time || !v.has(o, time->totalLength())) {
            p.markUnavailable(*this, v, o, 2);
            return;
        }
        p.add(field(TimeStamp), v, o, time->totalLength(),
              FieldValue::ofUnsigned(v.uint(o + time->headerLength, std::min<std::uint32_t>(time->length, 8))));
        o += time->totalLength();
    }

    void varbinds(Packet& p, const ByteView& v, std::uint32_t o, std::string& firstOid) const {
        const auto list = element(p, v, o, ber::kSequence);
        if (!list) return;
        std::uint32_t count = 0;
        const ByteView items = v.sub(o + list->headerLength, list->length);
        for (std::uint32_t at = 0; at < items.reported(); ++count) {
            const auto vb = readBerTlv(items, at);
            if (!vb || vb->totalLength() == 0) break;
            at += vb->totalLength();
        }
        const ItemRef listItem = p.add(field(VariableBindings), v, o, list->totalLength(), FieldValue::ofUnsigned(count));
        if (p.buildsTree()) p.setText(listItem, "variable-bindings: " + std::to_string(count) + " item" + (count == 1 ? "" : "s"));
        p.push(listItem);
        for (std::uint32_t at = 0; at < items.reported() && !p.stopped();) {
            const auto vb = element(p, items, at, ber::kSequence);
            if (!vb) break;
            varbind(p, items.sub(at + vb->headerLength, vb->length), firstOid);
            at += vb->totalLength();
        }
        p.pop();
    }

    void varbind(Packet& p, const ByteView& v, std::string& firstOid) const {
        const auto name = element(p, v, 0, ber::kObjectIdentifier);
        if (!name) return;
        const std::string oid = oidText(v, name->headerLength, name->length);
        // The Info column lists every variable's name.
        firstOid += (firstOid.empty() ? "" : " ") + oid;
        const ItemRef nameItem = p.addText(field(Name), v, 0, name->totalLength(), oid);
        (void)nameItem;
        const std::uint32_t at = name->totalLength();
        const auto value = readBerTlv(v, at);
        if (!value || v.need(at, value->totalLength()) != Availability::Available) {
            p.markUnavailable(*this, v, at, value ? value->totalLength() : 2);
            return;
        }
        const std::uint32_t c = at + value->headerLength;
        const std::uint32_t len = value->length;
        const std::uint32_t total = value->totalLength();
        if (value->tagClass == BerClass::Universal) {
            switch (value->tag) {
                case ber::kInteger: p.add(field(ValueInt), v, at, total, FieldValue::ofSigned(readBerInteger(v, c, len))); return;
                case ber::kOctetString: {
                    const ItemRef octets = p.addBytes(field(ValueOctets), v, c, len);
                    if (oid == kSysNameOid) {
                        p.nestNextProtocolsIn(octets);
                        p.call(*this, v.sub(c, len));
                    }
                    return;
                }
                case ber::kNull: p.add(field(ValueNull), v, at, total, {}); return;
                case ber::kObjectIdentifier: p.addText(field(ValueOid), v, at, total, oidText(v, c, len)); return;
                default: break;
            }
        } else if (value->tagClass == BerClass::Application) {
            switch (value->tag) {
                case 0: if (len == 4) p.addIpv4(field(ValueIpv4), v, c); return;
                case 1: p.add(field(ValueCounter), v, at, total, FieldValue::ofUnsigned(v.uint(c, std::min<std::uint32_t>(len, 8)))); return;
                case 2: p.add(field(ValueG32), v, at, total, FieldValue::ofSigned(readBerInteger(v, c, len))); return;
                case 3: p.add(field(ValueTimeticks), v, at, total, FieldValue::ofUnsigned(v.uint(c, std::min<std::uint32_t>(len, 8)))); return;
                default: break;
            }
        } else if (value->tagClass == BerClass::ContextSpecific && value->tag <= 2) {
            p.add(field(static_cast<FieldIndex>(NoSuchObject + value->tag)), v, at, total, {});
            return;
        }
        p.addBytes(field(ValueUnk), v, c, len);
    }
};

}  // namespace

void registerSnmp(Registry& r) {
    auto& snmp = r.addProtocol<SnmpProtocol>(kSnmpFields);
    r.onHandoff([&snmp](Registry& registry) {
        for (const std::uint16_t port : {kAgentPort, kTrapPort}) {
            registry.table("udp.port").add(port, snmp);
            registry.table("tcp.port").add(port, snmp);
        }
    });
}

}  // namespace caplens::proto
