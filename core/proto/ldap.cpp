// ldap — Lightweight Directory Access Protocol (RFC 4511) over TCP 389 and 3268 (global catalog):
// BER LDAPMessages, framed by their own BER length (reassembled across segments), one "ldap"
// level each. After a SASL bind the connection may carry SASL buffers instead: a 4-byte length
// and a GSS-API wrapped (encrypted) LDAPMessage, as Wireshark decides it.
//
//   LDAPMessage ::= SEQUENCE { messageID INTEGER, protocolOp CHOICE { [APPLICATION n] ... },
//                              controls [0] OPTIONAL }
#include <array>
#include <cstdio>
#include <vector>
#include <unordered_map>

#include "core/proto/ber.hpp"
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kSaslMaxBuffer = 0x200000;  // Wireshark's LDAP_SASL_MAX_BUF (2 MB)
constexpr std::uint32_t kNormalFixedLength = 7;
constexpr std::size_t kMaxTracked = 4096;
constexpr std::uint32_t kMaxAttributes = 512;

enum Operation : std::uint32_t {
    BindRequest = 0, BindResponse = 1, UnbindRequest = 2, SearchRequest = 3, SearchResEntry = 4, SearchResDone = 5,
    ModifyRequest = 6, ModifyResponse = 7, AddRequest = 8, AddResponse = 9, DelRequest = 10, DelResponse = 11,
    ModDnRequest = 12, ModDnResponse = 13, CompareRequest = 14, CompareResponse = 15, AbandonRequest = 16,
    SearchResRef = 19, ExtendedReq = 23, ExtendedResp = 24, IntermediateResponse = 25,
};

constexpr ValueName kOperations[] = {
    {BindRequest, "bindRequest"},       {BindResponse, "bindResponse"},   {UnbindRequest, "unbindRequest"},
    {SearchRequest, "searchRequest"},   {SearchResEntry, "searchResEntry"}, {SearchResDone, "searchResDone"},
    {SearchResRef, "searchResRef"},     {ModifyRequest, "modifyRequest"}, {ModifyResponse, "modifyResponse"},
    {AddRequest, "addRequest"},         {AddResponse, "addResponse"},     {DelRequest, "delRequest"},
    {DelResponse, "delResponse"},       {ModDnRequest, "modDNRequest"},   {ModDnResponse, "modDNResponse"},
    {CompareRequest, "compareRequest"}, {CompareResponse, "compareResponse"}, {AbandonRequest, "abandonRequest"},
    {ExtendedReq, "extendedReq"},       {ExtendedResp, "extendedResp"},   {IntermediateResponse, "intermediateResponse"},
};
constexpr ValueName kResultCodes[] = {
    {0, "success"}, {1, "operationsError"}, {2, "protocolError"}, {3, "timeLimitExceeded"},
    {4, "sizeLimitExceeded"}, {5, "compareFalse"}, {6, "compareTrue"}, {7, "authMethodNotSupported"},
    {8, "strongAuthRequired"}, {10, "referral"}, {11, "adminLimitExceeded"}, {12, "unavailableCriticalExtension"},
    {13, "confidentialityRequired"}, {14, "saslBindInProgress"}, {16, "noSuchAttribute"},
    {17, "undefinedAttributeType"}, {18, "inappropriateMatching"}, {19, "constraintViolation"},
    {20, "attributeOrValueExists"}, {21, "invalidAttributeSyntax"}, {32, "noSuchObject"}, {33, "aliasProblem"},
    {34, "invalidDNSyntax"}, {36, "aliasDereferencingProblem"}, {48, "inappropriateAuthentication"},
    {49, "invalidCredentials"}, {50, "insufficientAccessRights"}, {51, "busy"}, {52, "unavailable"},
    {53, "unwillingToPerform"}, {54, "loopDetect"}, {64, "namingViolation"}, {65, "objectClassViolation"},
    {66, "notAllowedOnNonLeaf"}, {67, "notAllowedOnRDN"}, {68, "entryAlreadyExists"},
    {69, "objectClassModsProhibited"}, {71, "affectsMultipleDSAs"}, {80, "other"}, {118, "canceled"},
    {119, "noSuchOperation"}, {120, "tooLate"}, {121, "cannotCancel"},
};
constexpr ValueName kScopes[] = {{0, "baseObject"}, {1, "singleLevel"}, {2, "wholeSubtree"}};
constexpr ValueName kDerefAliases[] = {{0, "neverDerefAliases"}, {1, "derefInSearching"},
                                       {2, "derefFindingBaseObj"}, {3, "derefAlways"}};
constexpr ValueName kAuthentication[] = {{0, "simple"}, {3, "sasl"}, {10, "ntlmsspNegotiate"}, {11, "ntlmsspAuth"}};

enum LdapField : FieldIndex {
    SaslBufferLength, GssapiEncryptedPayload, LdapMessageElement, MessageId, ProtocolOp, BindRequestElement,
    BindResponseElement, UnbindRequestElement, SearchRequestElement, SearchResEntryElement, SearchResDoneElement,
    Version, Name, Authentication, Simple, Mechanism, ResultCode, MatchedDn, ErrorMessage, BaseObject, Scope,
    DerefAliases, SizeLimit, TimeLimit, TypesOnly, ObjectName, Type, kLdapFieldCount
};

constexpr FieldDef kLdapFields[] = {
    {SaslBufferLength, "ldap.sasl_buffer_length", "SASL Buffer Length", FieldType::UInt32, Base::Dec},
    {GssapiEncryptedPayload, "ldap.gssapi_encrypted_payload", "GSS-API Encrypted payload", FieldType::Bytes},
    {LdapMessageElement, "ldap.LDAPMessage_element", "LDAPMessage", FieldType::None},
    {MessageId, "ldap.messageID", "messageID", FieldType::UInt32, Base::Dec},
    {ProtocolOp, "ldap.protocolOp", "protocolOp", FieldType::UInt32, Base::Dec, 0, kOperations},
    {BindRequestElement, "ldap.bindRequest_element", "bindRequest", FieldType::None},
    {BindResponseElement, "ldap.bindResponse_element", "bindResponse", FieldType::None},
    {UnbindRequestElement, "ldap.unbindRequest_element", "unbindRequest", FieldType::None},
    {SearchRequestElement, "ldap.searchRequest_element", "searchRequest", FieldType::None},
    {SearchResEntryElement, "ldap.searchResEntry_element", "searchResEntry", FieldType::None},
    {SearchResDoneElement, "ldap.searchResDone_element", "searchResDone", FieldType::None},
    {Version, "ldap.version", "version", FieldType::UInt32, Base::Dec},
    {Name, "ldap.name", "name", FieldType::String},
    {Authentication, "ldap.authentication", "authentication", FieldType::UInt32, Base::Dec, 0, kAuthentication},
    {Simple, "ldap.simple", "simple", FieldType::String},
    {Mechanism, "ldap.mechanism", "mechanism", FieldType::String},
    {ResultCode, "ldap.resultCode", "resultCode", FieldType::UInt32, Base::Dec, 0, kResultCodes},
    {MatchedDn, "ldap.matchedDN", "matchedDN", FieldType::String},
    {ErrorMessage, "ldap.errorMessage", "errorMessage", FieldType::String},
    {BaseObject, "ldap.baseObject", "baseObject", FieldType::String},
    {Scope, "ldap.scope", "scope", FieldType::UInt32, Base::Dec, 0, kScopes},
    {DerefAliases, "ldap.derefAliases", "derefAliases", FieldType::UInt32, Base::Dec, 0, kDerefAliases},
    {SizeLimit, "ldap.sizeLimit", "sizeLimit", FieldType::UInt32, Base::Dec},
    {TimeLimit, "ldap.timeLimit", "timeLimit", FieldType::UInt32, Base::Dec},
    {TypesOnly, "ldap.typesOnly", "typesOnly", FieldType::Bool},
    {ObjectName, "ldap.objectName", "objectName", FieldType::String},
    {Type, "ldap.type", "type", FieldType::String},
};
static_assert(std::size(kLdapFields) == kLdapFieldCount);

// Per capture: the connections (by address pair) that bound with SASL, the number of search
// results per message ID, and where the Info column was last written.
class LdapState final : public ProtocolState {
public:
    std::vector<std::pair<std::array<std::uint8_t, 16>, std::array<std::uint8_t, 16>>> saslConnections;
    std::unordered_map<std::uint32_t, std::uint32_t> results;
    std::uint64_t infoFrame = 0;
    std::size_t infoLength = 0;
};

// Wireshark's get_ber_length from offset 1: the PDU length, 0 when it cannot be read.
std::uint32_t berPduLength(const ByteView& v, std::uint32_t offset) {
    const std::uint8_t first = v.u8(offset + 1);
    if (first < 0x80) return 2 + first;
    const std::uint32_t octets = first & 0x7F;
    if (octets == 0 || octets > 4 || !v.has(offset + 2, octets)) return 0;
    return 2 + octets + static_cast<std::uint32_t>(v.uint(offset + 2, octets));
}

class LdapProtocol final : public Dissector {
public:
    LdapProtocol() : Dissector({"ldap", "LDAP", "Lightweight Directory Access Protocol"}) {}

    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override { return std::make_unique<LdapState>(); }

    // Wireshark's dissect_ldap_tcp: SASL buffers on a SASL-bound connection, else BER messages.
    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const std::uint32_t saslLength = view.u32(0);
        const bool sasl = saslLength >= 2 && saslLength <= kSaslMaxBuffer && saslBound(p);
        if (sasl) return pdus(p, view, 4, true);
        if (view.u8(0) == 0x30 && berPduLength(view, 0) >= 4) return pdus(p, view, kNormalFixedLength, false);
        // SASL-like framing around clear text (seen with Exchange and AD).
        if (view.has(0, 4) && saslLength + 4 == view.reported()) return pdus(p, view, 4, true);
        return view.reported();
    }

private:
    std::uint32_t pdus(Packet& p, const ByteView& view, std::uint32_t fixedLength, bool sasl) const {
        std::uint32_t offset = 0;
        while (offset < view.reported() && !p.stopped()) {
            const std::uint32_t available = view.captured() > offset ? view.captured() - offset : 0;
            if (available < fixedLength && p.canDesegment()) {
                p.requestDesegment(offset, Packet::kOneMoreSegment);
                break;
            }
            const std::uint32_t length = sasl ? view.u32(offset) + 4 : berPduLength(view, offset);
            if (length == 0) {
                p.markMalformed(*this);
                break;
            }
            if (length > view.reported() - offset && p.canDesegment()) {
                p.requestDesegment(offset, length - (view.reported() - offset));
                break;
            }
            const ByteView pdu = view.sub(offset, length);
            if (sasl) {
                saslBuffer(p, pdu);
            } else {
                message(p, pdu);
            }
            if (length >= view.reported() - offset) break;
            offset += length;
        }
        return view.reported();
    }

    void saslBuffer(Packet& p, const ByteView& v) const {
        p.setProtocolColumn(info().shortName);
        p.beginProtocol(*this, v, v.reported());
        const std::uint32_t length = static_cast<std::uint32_t>(p.addUint(field(SaslBufferLength), v, 0, 4));
        const ByteView token = v.from(4);
        if (token.captured() > 0) p.addBytes(field(GssapiEncryptedPayload), token, 0, token.captured());
        if (p.wantsColumns()) {
            // An RFC 4121 Wrap token: 16-byte header, then confounder, sealed header and checksum.
            std::uint32_t payload = length;
            if (token.u8(0) == 0x05 && token.u8(1) == 0x04 && length >= 60) payload = length - 60 - token.u16(4);
            beginInfo(p);
            p.info() += "SASL GSS-API Privacy: payload (" + std::to_string(payload) + " bytes)";
            endInfo(p);
        }
    }

    // One LDAPMessage.
    void message(Packet& p, const ByteView& v) const {
        p.setProtocolColumn(info().shortName);
        p.beginProtocol(*this, v, v.reported());
        const auto outer = readBerTlv(v, 0);
        if (!outer) {
            p.markUnavailable(*this, v, 0, 2);
            return;
        }
        const ItemRef element = p.add(field(LdapMessageElement), v, 0, outer->totalLength(), {});
        p.push(element);
        std::uint32_t at = outer->headerLength;
        const auto id = readBerTlv(v, at);
        if (!id || v.need(at, id->totalLength()) != Availability::Available) {
            p.markUnavailable(*this, v, at, id ? id->totalLength() : 2);
            return;
        }
        const std::uint32_t messageId = static_cast<std::uint32_t>(readBerInteger(v, at + id->headerLength, id->length));
        p.add(field(MessageId), v, at + id->headerLength, id->length, FieldValue::ofUnsigned(messageId));
        at += id->totalLength();
        const auto op = readBerTlv(v, at);
        if (!op) {
            p.markUnavailable(*this, v, at, 2);
            return;
        }
        const std::uint32_t operation = op->tag;
        p.add(field(ProtocolOp), v, at, op->totalLength(), FieldValue::ofUnsigned(operation));
        std::string text;
        if (p.wantsColumns()) {
            const std::string_view name = nameOf(kOperations, operation);
            text = (name.empty() ? "Unknown" : std::string(name)) + "(" + std::to_string(messageId) + ") ";
        }
        const ByteView body = v.sub(at + op->headerLength, op->length);
        operationBody(p, body, operation, messageId, op->constructed, text);
        p.pop();
        if (p.wantsColumns()) {
            beginInfo(p);
            p.info() += text;
            endInfo(p);
        }
    }

    void operationBody(Packet& p, const ByteView& b, std::uint32_t operation, std::uint32_t messageId, bool constructed,
                       std::string& text) const {
        auto& state = p.state<LdapState>(*this);
        switch (operation) {
            case BindRequest: {
                const ItemRef item = p.add(field(BindRequestElement), b, 0, b.reported(), {});
                p.push(item);
                std::uint32_t at = integerAt(p, b, 0, Version);
                std::string name;
                at = stringAt(p, b, at, Name, &name);
                appendQuoted(p, text, name);
                const auto auth = readBerTlv(b, at);
                if (auth && auth->tagClass == BerClass::ContextSpecific) {
                    p.add(field(Authentication), b, at, auth->totalLength(), FieldValue::ofUnsigned(auth->tag));
                    if (auth->tag == 0) {
                        if (p.wants(field(Simple))) p.addText(field(Simple), b, at + auth->headerLength, auth->length, b.text(at + auth->headerLength, auth->length));
                        if (p.wantsColumns()) text += "simple ";
                    } else if (auth->tag == 3) {
                        stringAt(p, b, at + auth->headerLength, Mechanism, nullptr);
                        if (p.wantsColumns()) text += "sasl ";
                        rememberSasl(p);
                    }
                }
                p.pop();
                return;
            }
            case UnbindRequest:
                p.add(field(UnbindRequestElement), b, 0, b.reported(), {});
                return;
            case SearchRequest: {
                const ItemRef item = p.add(field(SearchRequestElement), b, 0, b.reported(), {});
                p.push(item);
                std::string base;
                std::uint32_t at = stringAt(p, b, 0, BaseObject, &base);
                appendQuoted(p, text, base);
                const auto scope = readBerTlv(b, at);
                if (scope && b.has(at + scope->headerLength, scope->length)) {
                    const auto value = static_cast<std::uint32_t>(readBerInteger(b, at + scope->headerLength, scope->length));
                    p.add(field(Scope), b, at + scope->headerLength, scope->length, FieldValue::ofUnsigned(value));
                    if (p.wantsColumns()) {
                        const std::string_view name = nameOf(kScopes, value);
                        text += (name.empty() ? std::to_string(value) : std::string(name)) + " ";
                    }
                    at += scope->totalLength();
                }
                at = integerAt(p, b, at, DerefAliases);
                at = integerAt(p, b, at, SizeLimit);
                at = integerAt(p, b, at, TimeLimit);
                const auto typesOnly = readBerTlv(b, at);
                if (typesOnly && b.has(at + typesOnly->headerLength, 1)) {
                    p.add(field(TypesOnly), b, at + typesOnly->headerLength, 1, FieldValue::ofUnsigned(b.u8(at + typesOnly->headerLength) != 0));
                }
                p.pop();
                return;
            }
            case SearchResEntry: {
                const ItemRef item = p.add(field(SearchResEntryElement), b, 0, b.reported(), {});
                p.push(item);
                std::string name;
                const std::uint32_t at = stringAt(p, b, 0, ObjectName, &name);
                appendQuoted(p, text, name);
                attributeTypes(p, b, at);
                p.pop();
                if (state.results.size() >= kMaxTracked) state.results.clear();
                ++state.results[messageId];
                return;
            }
            default: break;
        }
        if (isResult(operation) && constructed) {
            const FieldIndex element = operation == BindResponse ? BindResponseElement
                                       : operation == SearchResDone ? SearchResDoneElement : LdapMessageElement;
            const ItemRef item = element != LdapMessageElement ? p.add(field(element), b, 0, b.reported(), {}) : kNoItem;
            if (item != kNoItem) p.push(item);
            const auto code = readBerTlv(b, 0);
            if (code && b.has(code->headerLength, code->length)) {
                const auto value = static_cast<std::uint32_t>(readBerInteger(b, code->headerLength, code->length));
                p.add(field(ResultCode), b, code->headerLength, code->length, FieldValue::ofUnsigned(value));
                std::uint32_t at = code->totalLength();
                at = stringAt(p, b, at, MatchedDn, nullptr);
                stringAt(p, b, at, ErrorMessage, nullptr);
                if (p.wantsColumns()) {
                    const std::string_view name = nameOf(kResultCodes, value);
                    text += (name.empty() ? std::to_string(value) : std::string(name)) + " ";
                }
            }
            if (item != kNoItem) p.pop();
            if (operation == SearchResDone) {
                const auto it = state.results.find(messageId);
                const std::uint32_t count = it == state.results.end() ? 0 : it->second;
                if (it != state.results.end()) state.results.erase(it);
                if (p.wantsColumns()) text += " [" + std::to_string(count) + (count == 1 ? " result]" : " results]");
            }
        }
    }

    static bool isResult(std::uint32_t operation) {
        switch (operation) {
            case BindResponse: case SearchResDone: case ModifyResponse: case AddResponse: case DelResponse:
            case ModDnResponse: case CompareResponse: case ExtendedResp: return true;
            default: return false;
        }
    }

    // The attribute descriptions of a search result entry (PartialAttributeList).
    void attributeTypes(Packet& p, const ByteView& b, std::uint32_t at) const {
        const auto list = readBerTlv(b, at);
        if (!list || !list->constructed) return;
        std::uint32_t offset = at + list->headerLength;
        const std::uint32_t end = std::min(offset + list->length, b.reported());
        for (std::uint32_t count = 0; offset < end && count < kMaxAttributes; ++count) {
            const auto attribute = readBerTlv(b, offset);
            if (!attribute || attribute->totalLength() == 0) return;
            stringAt(p, b, offset + attribute->headerLength, Type, nullptr);
            offset += attribute->totalLength();
        }
    }

    // An OCTET STRING / LDAPString at `at`: records it as `id`; returns the offset after it.
    std::uint32_t stringAt(Packet& p, const ByteView& b, std::uint32_t at, FieldIndex id, std::string* out) const {
        const auto tlv = readBerTlv(b, at);
        if (!tlv || !b.has(at + tlv->headerLength, tlv->length)) return at;
        const std::string_view value = b.text(at + tlv->headerLength, tlv->length);
        if (p.wants(field(id))) p.addText(field(id), b, at + tlv->headerLength, tlv->length, value);
        if (out != nullptr && p.wantsColumns()) out->assign(value);
        return at + tlv->totalLength();
    }

    std::uint32_t integerAt(Packet& p, const ByteView& b, std::uint32_t at, FieldIndex id) const {
        const auto tlv = readBerTlv(b, at);
        if (!tlv || !b.has(at + tlv->headerLength, tlv->length)) return at;
        const std::int64_t value = readBerInteger(b, at + tlv->headerLength, tlv->length);
        p.add(field(id), b, at + tlv->headerLength, tlv->length, FieldValue::ofUnsigned(static_cast<std::uint64_t>(value)));
        return at + tlv->totalLength();
    }

    static void appendQuoted(Packet& p, std::string& text, const std::string& name) {
        if (!p.wantsColumns()) return;
        text += "\"" + (name.empty() ? std::string("<ROOT>") : name) + "\" ";
    }

    // Messages of one frame share the Info column, separated by " | " (Wireshark's fence).
    void beginInfo(Packet& p) const {
        auto& state = p.state<LdapState>(*this);
        if (state.infoFrame == p.frame().number && state.infoLength == p.info().size() && !p.info().empty()) {
            p.info() += " | ";
        } else {
            p.info().clear();
        }
    }
    void endInfo(Packet& p) const {
        auto& state = p.state<LdapState>(*this);
        state.infoFrame = p.frame().number;
        state.infoLength = p.info().size();
    }

    bool saslBound(Packet& p) const {
        const NetworkAddresses& n = p.networkAddresses();
        for (const auto& [a, b] : p.state<LdapState>(*this).saslConnections) {
            if ((a == n.source && b == n.destination) || (a == n.destination && b == n.source)) return true;
        }
        return false;
    }

    void rememberSasl(Packet& p) const {
        if (saslBound(p)) return;
        auto& connections = p.state<LdapState>(*this).saslConnections;
        if (connections.size() >= kMaxTracked) connections.erase(connections.begin());
        const NetworkAddresses& n = p.networkAddresses();
        connections.emplace_back(n.source, n.destination);
    }
};

}  // namespace

void registerLdap(Registry& r) {
    auto& ldap = r.addProtocol<LdapProtocol>(kLdapFields);
    r.onHandoff([&ldap](Registry& registry) {
        registry.table("tcp.port").add(389, ldap);
        registry.table("tcp.port").add(3268, ldap);
    });
}

}  // namespace caplens::proto
