// kerberos — Kerberos V5 (RFC 4120) on port 88: over UDP one message per datagram, over TCP each
// message behind a 4-byte record mark (reassembled across segments). Messages are BER: an
// [APPLICATION n] tag (10 AS-REQ ... 30 KRB-ERROR) around a SEQUENCE of context-tagged fields.
//
//   KDC-REQ   [1] pvno [2] msg-type [3] padata [4] req-body { [0] kdc-options [1] cname [2] realm
//             [3] sname [5] till [7] nonce [8] etype ... }
//   KDC-REP   [0] pvno [1] msg-type [2] padata [3] crealm [4] cname [5] ticket [6] enc-part
//   KRB-ERROR [0] pvno [1] msg-type ... [6] error-code [7] crealm [8] cname [9] realm [10] sname
//             [11] e-text [12] e-data
#include "core/proto/ber.hpp"
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"
#include "core/proto/tcp_pdus.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kRecordMarkLength = 4;
constexpr int kMaxDepth = 12;
constexpr std::uint32_t kMaxElements = 256;

enum MessageType : std::uint32_t {
    AsReq = 10, AsRep = 11, TgsReq = 12, TgsRep = 13, ApReq = 14, ApRep = 15, Safe = 20, Priv = 21, Cred = 22,
    Error = 30,
};

constexpr ValueName kMessageTypes[] = {{10, "krb-as-req"}, {11, "krb-as-rep"}, {12, "krb-tgs-req"},
                                       {13, "krb-tgs-rep"}, {14, "krb-ap-req"}, {15, "krb-ap-rep"},
                                       {16, "krb-tgt-req"}, {17, "krb-tgt-rep"}, {20, "krb-safe"},
                                       {21, "krb-priv"},    {22, "krb-cred"},   {30, "krb-error"}};
// The Info column's names of the messages.
constexpr ValueName kInfoNames[] = {{10, "AS-REQ"}, {11, "AS-REP"}, {12, "TGS-REQ"}, {13, "TGS-REP"},
                                    {14, "AP-REQ"}, {15, "AP-REP"}, {20, "KRB-SAFE"}, {21, "KRB-PRIV"},
                                    {22, "KRB-CRED"}, {30, "KRB Error"}};
constexpr ValueName kErrorCodes[] = {
    {0, "eRR-NONE"}, {6, "eRR-C-PRINCIPAL-UNKNOWN"}, {7, "eRR-S-PRINCIPAL-UNKNOWN"}, {12, "eRR-POLICY"},
    {13, "eRR-BADOPTION"}, {14, "eRR-ETYPE-NOSUPP"}, {18, "eRR-CLIENT-REVOKED"}, {23, "eRR-KEY-EXP"},
    {24, "eRR-PREAUTH-FAILED"}, {25, "eRR-PREAUTH-REQUIRED"}, {31, "eRR-BAD-INTEGRITY"}, {32, "eRR-TKT-EXPIRED"},
    {34, "eRR-REPEAT"}, {37, "eRR-SKEW"}, {41, "eRR-MODIFIED"}, {52, "eRR-RESPONSE-TOO-BIG"},
    {60, "eRR-GENERIC"}, {68, "eRR-WRONG-REALM"},
};
// Wireshark's Info text for errors ("KRB Error: KRB5KDC_ERR_PREAUTH_REQUIRED").
constexpr ValueName kErrorInfo[] = {
    {6, "KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN"}, {7, "KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN"}, {12, "KRB5KDC_ERR_POLICY"},
    {13, "KRB5KDC_ERR_BADOPTION"}, {14, "KRB5KDC_ERR_ETYPE_NOSUPP"}, {18, "KRB5KDC_ERR_CLIENT_REVOKED"},
    {23, "KRB5KDC_ERR_KEY_EXP"}, {24, "KRB5KDC_ERR_PREAUTH_FAILED"}, {25, "KRB5KDC_ERR_PREAUTH_REQUIRED"},
    {31, "KRB5KRB_AP_ERR_BAD_INTEGRITY"}, {32, "KRB5KRB_AP_ERR_TKT_EXPIRED"}, {34, "KRB5KRB_AP_ERR_REPEAT"},
    {37, "KRB5KRB_AP_ERR_SKEW"}, {41, "KRB5KRB_AP_ERR_MODIFIED"}, {52, "KRB5KRB_ERR_RESPONSE_TOO_BIG"},
    {60, "KRB5KRB_ERR_GENERIC"}, {68, "KRB5_KDC_ERR_WRONG_REALM"},
};
constexpr ValueName kNotSet[] = {{0, "Not set"}, {1, "Set"}};

enum KerberosField : FieldIndex {
    RmReserved, RmLength, AsReqElement, AsRepElement, TgsReqElement, TgsRepElement, ApReqElement, ApRepElement,
    KrbErrorElement, Pvno, MsgType, Padata, PaDataElement, PadataType, ReqBodyElement, KdcOptions, CnameElement,
    CNameString, Realm, Crealm, SnameElement, SNameString, NameType, Till, Nonce, Etype, TicketElement, TktVno,
    EncPartElement, Kvno, Cipher, Stime, Susec, ErrorCode, EText, EData, kKerberosFieldCount
};

constexpr FieldDef kKerberosFields[] = {
    {RmReserved, "kerberos.rm.reserved", "Reserved", FieldType::Bool, Base::None, 0x80000000, kNotSet},
    {RmLength, "kerberos.rm.length", "Record Length", FieldType::UInt32, Base::Dec, 0x7fffffff},
    {AsReqElement, "kerberos.as_req_element", "as-req", FieldType::None},
    {AsRepElement, "kerberos.as_rep_element", "as-rep", FieldType::None},
    {TgsReqElement, "kerberos.tgs_req_element", "tgs-req", FieldType::None},
    {TgsRepElement, "kerberos.tgs_rep_element", "tgs-rep", FieldType::None},
    {ApReqElement, "kerberos.ap_req_element", "ap-req", FieldType::None},
    {ApRepElement, "kerberos.ap_rep_element", "ap-rep", FieldType::None},
    {KrbErrorElement, "kerberos.krb_error_element", "krb-error", FieldType::None},
    {Pvno, "kerberos.pvno", "pvno", FieldType::UInt32, Base::Dec},
    {MsgType, "kerberos.msg_type", "msg-type", FieldType::Int32, Base::Dec, 0, kMessageTypes},
    {Padata, "kerberos.padata", "padata", FieldType::UInt32, Base::Dec},
    {PaDataElement, "kerberos.PA_DATA_element", "PA-DATA", FieldType::None},
    {PadataType, "kerberos.padata_type", "padata-type", FieldType::Int32, Base::Dec},
    {ReqBodyElement, "kerberos.req_body_element", "req-body", FieldType::None},
    {KdcOptions, "kerberos.kdc_options", "kdc-options", FieldType::Bytes},
    {CnameElement, "kerberos.cname_element", "cname", FieldType::None},
    {CNameString, "kerberos.CNameString", "CNameString", FieldType::String},
    {Realm, "kerberos.realm", "realm", FieldType::String},
    {Crealm, "kerberos.crealm", "crealm", FieldType::String},
    {SnameElement, "kerberos.sname_element", "sname", FieldType::None},
    {SNameString, "kerberos.SNameString", "SNameString", FieldType::String},
    {NameType, "kerberos.name_type", "name-type", FieldType::Int32, Base::Dec},
    {Till, "kerberos.till", "till", FieldType::AbsoluteTime},
    {Nonce, "kerberos.nonce", "nonce", FieldType::UInt32, Base::Dec},
    {Etype, "kerberos.etype", "etype", FieldType::Int32, Base::Dec},
    {TicketElement, "kerberos.ticket_element", "ticket", FieldType::None},
    {TktVno, "kerberos.tkt_vno", "tkt-vno", FieldType::UInt32, Base::Dec},
    {EncPartElement, "kerberos.enc_part_element", "enc-part", FieldType::None},
    {Kvno, "kerberos.kvno", "kvno", FieldType::UInt32, Base::Dec},
    {Cipher, "kerberos.cipher", "cipher", FieldType::Bytes},
    {Stime, "kerberos.stime", "stime", FieldType::AbsoluteTime},
    {Susec, "kerberos.susec", "susec", FieldType::UInt32, Base::Dec},
    {ErrorCode, "kerberos.error_code", "error-code", FieldType::Int32, Base::Dec, 0, kErrorCodes},
    {EText, "kerberos.e_text", "e-text", FieldType::String},
    {EData, "kerberos.e_data", "e-data", FieldType::Bytes},
};
static_assert(std::size(kKerberosFields) == kKerberosFieldCount);

// What a context tag means inside each structure (-1: not decoded further).
enum class Shape : std::uint8_t { KdcReq, KdcReqBody, KdcRep, KrbError, ApReq, Ticket, EncryptedData, PrincipalC, PrincipalS, PaData, Other };

class KerberosProtocol final : public Dissector {
public:
    KerberosProtocol() : Dissector({"kerberos", "KRB5", "Kerberos"}) {}

    void connect(const Dissector* tcp) { m_tcp = tcp; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const auto layers = p.layers();
        const bool tcp = m_tcp != nullptr && layers.size() >= 2 && layers[layers.size() - 2] == m_tcp->id();
        if (!tcp) {
            if (!looksLikeKerberos(view, 0)) return 0;
            message(p, view, 0);
            return view.reported();
        }
        return dissectPdus(p, view, kRecordMarkLength,
                           [](const ByteView& v) { return (v.u32(0) & 0x7fffffffu) + kRecordMarkLength; },
                           [this](Packet& packet, const ByteView& pdu) { record(packet, pdu); });
    }

private:
    static bool looksLikeKerberos(const ByteView& v, std::uint32_t offset) {
        const auto tlv = readBerTlv(v, offset);
        if (!tlv || tlv->tagClass != BerClass::Application || !tlv->constructed) return false;
        return nameOf(kMessageTypes, tlv->tag).size() > 0 || tlv->tag == 1;
    }

    void record(Packet& p, const ByteView& v) const {
        const ItemRef item = message(p, v, kRecordMarkLength);
        (void)item;
        // The record mark shows first in Wireshark's tree; its fields are added under the item.
        p.addUint(field(RmReserved), v, 0, 4);
        p.addUint(field(RmLength), v, 0, 4);
    }

    ItemRef message(Packet& p, const ByteView& v, std::uint32_t offset) const {
        const ItemRef item = p.beginProtocol(*this, v, v.reported());
        p.setProtocolColumn(info().shortName);
        const auto tlv = readBerTlv(v, offset);
        if (!tlv) {
            p.markUnavailable(*this, v, offset, 2);
            return item;
        }
        const std::uint32_t type = tlv->tag;
        if (p.wantsColumns()) {
            const std::string_view name = nameOf(kInfoNames, type);
            p.info() = name.empty() ? "Unknown " + std::to_string(type) : std::string(name);
        }
        FieldIndex element = AsReqElement;
        Shape shape = Shape::Other;
        switch (type) {
            case AsReq: element = AsReqElement; shape = Shape::KdcReq; break;
            case AsRep: element = AsRepElement; shape = Shape::KdcRep; break;
            case TgsReq: element = TgsReqElement; shape = Shape::KdcReq; break;
            case TgsRep: element = TgsRepElement; shape = Shape::KdcRep; break;
            case ApReq: element = ApReqElement; shape = Shape::ApReq; break;
            case ApRep: element = ApRepElement; shape = Shape::ApReq; break;
            case Error: element = KrbErrorElement; shape = Shape::KrbError; break;
            default: return item;
        }
        const ItemRef elementItem = p.add(field(element), v, offset, tlv->totalLength(), {});
        p.push(elementItem);
        // [APPLICATION n] { SEQUENCE { ... } }
        const auto sequence = readBerTlv(v, offset + tlv->headerLength);
        if (sequence && sequence->constructed) {
            structure(p, v, offset + tlv->headerLength + sequence->headerLength, sequence->length, shape, 0);
        } else {
            p.markUnavailable(*this, v, offset + tlv->headerLength, 2);
        }
        p.pop();
        return item;
    }

    // The context-tagged fields of one SEQUENCE, at `offset` for `length` bytes.
    void structure(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length, Shape shape, int depth) const {
        if (depth > kMaxDepth) return;
        const std::uint32_t end = offset + length;
        for (std::uint32_t count = 0; offset < end && count < kMaxElements && !p.stopped(); ++count) {
            const auto tlv = readBerTlv(v, offset);
            if (!tlv || tlv->indefinite) {
                p.markUnavailable(*this, v, offset, 2);
                return;
            }
            if (v.need(offset, tlv->totalLength()) != Availability::Available) {
                p.markUnavailable(*this, v, offset, tlv->totalLength());
                return;
            }
            if (tlv->tagClass == BerClass::ContextSpecific) {
                element(p, v, offset + tlv->headerLength, tlv->length, shape, tlv->tag, depth);
            }
            offset += tlv->totalLength();
        }
    }

    // The value inside context tag [tag] of `shape`.
    void element(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length, Shape shape,
                 std::uint32_t tag, int depth) const {
        const auto inner = readBerTlv(v, offset);
        if (!inner) return;
        const std::uint32_t at = offset + inner->headerLength;
        switch (shape) {
            case Shape::KdcReq:
                if (tag == 1) integer(p, v, at, inner->length, Pvno);
                if (tag == 2) integer(p, v, at, inner->length, MsgType);
                if (tag == 3) paData(p, v, at, inner->length, depth);
                if (tag == 4) nested(p, v, offset, length, at, inner->length, ReqBodyElement, Shape::KdcReqBody, depth);
                return;
            case Shape::KdcReqBody:
                if (tag == 0) p.addBytes(field(KdcOptions), v, at, inner->length);
                if (tag == 1) nested(p, v, offset, length, at, inner->length, CnameElement, Shape::PrincipalC, depth);
                if (tag == 2) text(p, v, at, inner->length, Realm);
                if (tag == 3) nested(p, v, offset, length, at, inner->length, SnameElement, Shape::PrincipalS, depth);
                if (tag == 5) time(p, v, at, inner->length, Till);
                if (tag == 7) integer(p, v, at, inner->length, Nonce);
                if (tag == 8) sequenceOfIntegers(p, v, at, inner->length, Etype);
                return;
            case Shape::KdcRep:
                if (tag == 0) integer(p, v, at, inner->length, Pvno);
                if (tag == 1) integer(p, v, at, inner->length, MsgType);
                if (tag == 2) paData(p, v, at, inner->length, depth);
                if (tag == 3) text(p, v, at, inner->length, Crealm);
                if (tag == 4) nested(p, v, offset, length, at, inner->length, CnameElement, Shape::PrincipalC, depth);
                if (tag == 5) ticket(p, v, offset, length, depth);
                if (tag == 6) nested(p, v, offset, length, at, inner->length, EncPartElement, Shape::EncryptedData, depth);
                return;
            case Shape::ApReq:
                if (tag == 0) integer(p, v, at, inner->length, Pvno);
                if (tag == 1) integer(p, v, at, inner->length, MsgType);
                if (tag == 3) ticket(p, v, offset, length, depth);
                if (tag == 2 && inner->constructed) {
                    nested(p, v, offset, length, at, inner->length, EncPartElement, Shape::EncryptedData, depth);
                }
                if (tag == 4) nested(p, v, offset, length, at, inner->length, EncPartElement, Shape::EncryptedData, depth);
                return;
            case Shape::KrbError:
                if (tag == 0) integer(p, v, at, inner->length, Pvno);
                if (tag == 1) integer(p, v, at, inner->length, MsgType);
                if (tag == 4) time(p, v, at, inner->length, Stime);
                if (tag == 5) integer(p, v, at, inner->length, Susec);
                if (tag == 6) errorCode(p, v, at, inner->length);
                if (tag == 7) text(p, v, at, inner->length, Crealm);
                if (tag == 8) nested(p, v, offset, length, at, inner->length, CnameElement, Shape::PrincipalC, depth);
                if (tag == 9) text(p, v, at, inner->length, Realm);
                if (tag == 10) nested(p, v, offset, length, at, inner->length, SnameElement, Shape::PrincipalS, depth);
                if (tag == 11) text(p, v, at, inner->length, EText);
                if (tag == 12) p.addBytes(field(EData), v, at, inner->length);
                return;
            case Shape::Ticket:
                if (tag == 0) integer(p, v, at, inner->length, TktVno);
                if (tag == 1) text(p, v, at, inner->length, Realm);
                if (tag == 2) nested(p, v, offset, length, at, inner->length, SnameElement, Shape::PrincipalS, depth);
                if (tag == 3) nested(p, v, offset, length, at, inner->length, EncPartElement, Shape::EncryptedData, depth);
                return;
            case Shape::EncryptedData:
                if (tag == 0) integer(p, v, at, inner->length, Etype);
                if (tag == 1) integer(p, v, at, inner->length, Kvno);
                if (tag == 2) p.addBytes(field(Cipher), v, at, inner->length);
                return;
            case Shape::PrincipalC:
            case Shape::PrincipalS:
                if (tag == 0) integer(p, v, at, inner->length, NameType);
                if (tag == 1) nameStrings(p, v, at, inner->length, shape == Shape::PrincipalC ? CNameString : SNameString);
                return;
            case Shape::PaData: return;
            case Shape::Other: return;
        }
    }

    // A SEQUENCE inside a context tag, shown as `item` (cname, sname, req-body, enc-part).
    void nested(Packet& p, const ByteView& v, std::uint32_t tagOffset, std::uint32_t tagLength, std::uint32_t at,
                std::uint32_t length, FieldIndex item, Shape shape, int depth) const {
        const ItemRef ref = p.add(field(item), v, tagOffset, tagLength, {});
        p.push(ref);
        structure(p, v, at, length, shape, depth + 1);
        p.pop();
    }

    // Ticket ::= [APPLICATION 1] SEQUENCE { ... }, inside a context tag.
    void ticket(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length, int depth) const {
        const auto application = readBerTlv(v, offset);
        if (!application) return;
        const auto sequence = readBerTlv(v, offset + application->headerLength);
        if (!sequence) return;
        nested(p, v, offset, length, offset + application->headerLength + sequence->headerLength, sequence->length,
               TicketElement, Shape::Ticket, depth);
    }

    void paData(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length, int depth) const {
        std::uint32_t count = 0;
        const std::uint32_t end = offset + length;
        for (std::uint32_t at = offset; at < end && count < kMaxElements; ++count) {
            const auto entry = readBerTlv(v, at);
            if (!entry || entry->totalLength() == 0) break;
            const ItemRef item = p.add(field(PaDataElement), v, at, entry->totalLength(), {});
            p.push(item);
            paDataEntry(p, v, at + entry->headerLength, entry->length, depth);
            p.pop();
            at += entry->totalLength();
        }
        p.addGenerated(field(Padata), FieldValue::ofUnsigned(count), FieldFlags::Hidden);
    }

    // PA-DATA ::= SEQUENCE { padata-type [1] Int32, padata-value [2] OCTET STRING }; a
    // PA-TGS-REQ (1) carries the AP-REQ that authenticates a TGS request.
    void paDataEntry(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length, int depth) const {
        std::int64_t type = -1;
        const std::uint32_t end = offset + length;
        for (std::uint32_t at = offset, count = 0; at < end && count < 4; ++count) {
            const auto tag = readBerTlv(v, at);
            if (!tag || tag->totalLength() == 0) return;
            const auto inner = readBerTlv(v, at + tag->headerLength);
            if (!inner) return;
            const std::uint32_t value = at + tag->headerLength + inner->headerLength;
            if (tag->tag == 1) {
                type = readBerInteger(v, value, inner->length);
                p.add(field(PadataType), v, value, inner->length, FieldValue::ofSigned(type));
            } else if (tag->tag == 2 && type == 1 && depth < kMaxDepth) {
                const auto application = readBerTlv(v, value);
                if (application && application->tagClass == BerClass::Application && application->tag == ApReq) {
                    const ItemRef item = p.add(field(ApReqElement), v, value, application->totalLength(), {});
                    p.push(item);
                    const auto sequence = readBerTlv(v, value + application->headerLength);
                    if (sequence) {
                        structure(p, v, value + application->headerLength + sequence->headerLength, sequence->length,
                                  Shape::ApReq, depth + 1);
                    }
                    p.pop();
                }
            }
            at += tag->totalLength();
        }
    }

    void nameStrings(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length, FieldIndex id) const {
        const std::uint32_t end = offset + length;
        for (std::uint32_t at = offset, count = 0; at < end && count < kMaxElements; ++count) {
            const auto s = readBerTlv(v, at);
            if (!s || s->totalLength() == 0) break;
            text(p, v, at + s->headerLength, s->length, id);
            at += s->totalLength();
        }
    }

    void sequenceOfIntegers(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length, FieldIndex id) const {
        const std::uint32_t end = offset + length;
        for (std::uint32_t at = offset, count = 0; at < end && count < kMaxElements; ++count) {
            const auto n = readBerTlv(v, at);
            if (!n || n->totalLength() == 0) break;
            integer(p, v, at + n->headerLength, n->length, id);
            at += n->totalLength();
        }
    }

    void integer(Packet& p, const ByteView& v, std::uint32_t at, std::uint32_t length, FieldIndex id) const {
        const std::int64_t value = readBerInteger(v, at, length);
        p.add(field(id), v, at, length, isSignedType(kKerberosFields[id].type) ? FieldValue::ofSigned(value)
                                                                                 : FieldValue::ofUnsigned(static_cast<std::uint64_t>(value)));
    }

    void errorCode(Packet& p, const ByteView& v, std::uint32_t at, std::uint32_t length) const {
        const std::int64_t code = readBerInteger(v, at, length);
        p.add(field(ErrorCode), v, at, length, FieldValue::ofSigned(code));
        if (p.wantsColumns()) {
            const std::string_view name = nameOf(kErrorInfo, static_cast<std::uint64_t>(code));
            p.info() += ": " + (name.empty() ? std::to_string(code) : std::string(name));
        }
    }

    // KerberosTime: GeneralizedTime "YYYYMMDDHHMMSSZ" (RFC 4120 5.2.3), as nanoseconds since 1970.
    void time(Packet& p, const ByteView& v, std::uint32_t at, std::uint32_t length, FieldIndex id) const {
        if (!p.wants(field(id)) || length < 14 || !v.has(at, 14)) return;
        int parts[6] = {};
        const int widths[6] = {4, 2, 2, 2, 2, 2};
        std::uint32_t cursor = at;
        for (int i = 0; i < 6; ++i) {
            for (int d = 0; d < widths[i]; ++d) {
                const std::uint8_t c = v.u8(cursor++);
                if (c < '0' || c > '9') return;
                parts[i] = parts[i] * 10 + (c - '0');
            }
        }
        // Days from the civil date (Howard Hinnant's algorithm).
        const int y = parts[1] <= 2 ? parts[0] - 1 : parts[0];
        const int era = (y >= 0 ? y : y - 399) / 400;
        const int yoe = y - era * 400;
        const int mp = (parts[1] + 9) % 12;
        const int doy = (153 * mp + 2) / 5 + parts[2] - 1;
        const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
        const std::int64_t seconds = days * 86400 + parts[3] * 3600 + parts[4] * 60 + parts[5];
        p.add(field(id), v, at, length, FieldValue::ofSigned(seconds * 1'000'000'000));
    }

    void text(Packet& p, const ByteView& v, std::uint32_t at, std::uint32_t length, FieldIndex id) const {
        if (p.wants(field(id))) p.addText(field(id), v, at, length, v.text(at, length));
    }

    const Dissector* m_tcp = nullptr;
};

}  // namespace

void registerKerberos(Registry& r) {
    auto& kerberos = r.addProtocol<KerberosProtocol>(kKerberosFields);
    r.onHandoff([&kerberos](Registry& registry) {
        kerberos.connect(registry.findProtocol("tcp"));
        registry.table("tcp.port").add(88, kerberos);
        registry.table("udp.port").add(88, kerberos);
    });
}

}  // namespace caplens::proto
