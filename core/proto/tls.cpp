// tls — Transport Layer Security (RFC 8446, RFC 5246) and SSL 3.0/2.0 records over TCP, as
// Wireshark 4.0 shows them without keys: the record layer, the handshake messages sent in the
// clear (hellos with their extensions, certificates, tickets), alerts, and encrypted records as
// such.
//
//   record: | type (1) | version (2) | length (2) | fragment (length) |
//   handshake message (in a type-22 fragment): | msg_type (1) | length (3) | body |
//
// One "tls" item per call holds every record of the bytes handed over, as Wireshark's
// dissect_ssl does; a record continuing past the segment is reassembled by TCP (exact length).
// The session's version (from the first authoritative record, then the Server Hello) decides how
// records are read and names the Protocol column.
#include <algorithm>
#include <unordered_map>
#include <vector>

#include "core/proto/ber.hpp"
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"
#include "core/proto/tls_names.hpp"
#include "core/proto/transport_endpoints.hpp"

namespace caplens::proto {
namespace {

// ---- constants and value names ----

constexpr std::uint16_t kVersionUnknown = 0;
constexpr std::uint16_t kSsl2 = 0x0002;
constexpr std::uint16_t kSsl3 = 0x0300;
constexpr std::uint16_t kTls10 = 0x0301;
constexpr std::uint16_t kTls11 = 0x0302;
constexpr std::uint16_t kTls12 = 0x0303;
constexpr std::uint16_t kTls13 = 0x0304;
constexpr std::uint16_t kGmTls = 0x0101;

enum ContentType : std::uint8_t {
    ChangeCipherSpec = 20, Alert = 21, HandshakeRecord = 22, ApplicationData = 23, Heartbeat = 24, ConnectionIdRecord = 25
};
enum HandshakeType : std::uint8_t {
    ClientHello = 1, ServerHello = 2, NewSessionTicket = 4, EncryptedExtensions = 8, Certificate = 11,
    Finished = 20
};
enum ExtensionType : std::uint16_t {
    ServerName = 0, SupportedGroups = 10, EcPointFormats = 11, SignatureAlgorithms = 13, Alpn = 16, Padding = 21,
    SessionTicket = 35, SupportedVersions = 43, KeyShare = 51, RenegotiationInfo = 65281
};

constexpr std::uint32_t kRecordHeader = 5;
constexpr std::uint32_t kMaxRecordLength = 0x4000 + 2048;  // heuristic sanity bound (2^14 + expansion)
constexpr std::uint32_t kMaxHandshakeLength = 0x10000;     // longer "lengths" are ciphertext

constexpr ValueName kContentTypes[] = {{20, "Change Cipher Spec"}, {21, "Alert"}, {22, "Handshake"},
                                       {23, "Application Data"}, {24, "Heartbeat"}, {25, "Connection ID"}};
constexpr ValueName kHandshakeTypes[] = {
    {0, "Hello Request"}, {1, "Client Hello"}, {2, "Server Hello"}, {3, "Hello Verify Request"},
    {4, "New Session Ticket"}, {5, "End of Early Data"}, {6, "Hello Retry Request"}, {8, "Encrypted Extensions"},
    {11, "Certificate"}, {12, "Server Key Exchange"}, {13, "Certificate Request"}, {14, "Server Hello Done"},
    {15, "Certificate Verify"}, {16, "Client Key Exchange"}, {20, "Finished"}, {21, "Client Certificate URL"},
    {22, "Certificate Status"}, {23, "Supplemental Data"}, {24, "Key Update"}, {25, "Compressed Certificate"},
    {67, "Encrypted Extensions"}};
constexpr ValueName kSsl2MessageTypes[] = {{0, "Error"}, {1, "Client Hello"}, {2, "Client Master Key"},
                                           {3, "Client Finished"}, {4, "Server Hello"}, {5, "Server Verify"},
                                           {6, "Server Finished"}, {7, "Request Certificate"},
                                           {8, "Client Certificate"}};
constexpr ValueName kAlertLevels[] = {{1, "Warning"}, {2, "Fatal"}};
constexpr ValueName kCompressionMethods[] = {{0, "null"}, {1, "DEFLATE"}, {64, "LZS"}};
constexpr ValueName kEcPointFormats[] = {{0, "uncompressed"}, {1, "ansiX962_compressed_prime"},
                                         {2, "ansiX962_compressed_char2"}};
constexpr ValueName kServerNameTypes[] = {{0, "host_name"}};
constexpr ValueName kHeartbeatTypes[] = {{1, "Request"}, {2, "Response"}};

// The Protocol column's name of a version (Wireshark's ssl_version_short_names).
std::string_view versionShortName(std::uint16_t version) {
    switch (version) {
        case kSsl2: return "SSLv2";
        case kSsl3: return "SSLv3";
        case kTls10: return "TLSv1";
        case kTls11: return "TLSv1.1";
        case kTls12: return "TLSv1.2";
        case kTls13: return "TLSv1.3";
        case kGmTls: return "GMTLSv1";
        case 0xfeff: return "DTLSv1.0";
        case 0xfefd: return "DTLSv1.2";
        case 0x0100: return "DTLS 1.0 (OpenSSL pre 0.9.8f)";
        default: return "SSL";
    }
}

// ---- fields ----

enum TlsField : FieldIndex {
    Record, ContentTypeField, OpaqueType, RecordVersion, RecordLength, IsEscape, PaddingLength, AppData,
    ChangeCipherSpecMessage, AlertMessage, AlertLevel, AlertDescription, HeartbeatMessage, HeartbeatType,
    Handshake, HandshakeTypeField, HandshakeLength, HandshakeVersion, Random, RandomTime, RandomBytes,
    SessionIdLength, SessionId, CipherSuitesLength, CipherSuites, CipherSuite, CompMethodsLength, CompMethods,
    CompMethod, ExtensionsLength, ExtensionType, ExtensionLength, ExtensionData, ServerNameListLength,
    ServerNameType, ServerNameLength, ServerNameField, SupportedGroupsLength, SupportedGroupsList, SupportedGroup,
    EcPointFormatsLength, EcPointFormatsList, EcPointFormat, SigHashAlgLength, SigHashAlgs, SigHashAlg, AlpnLength,
    AlpnList, AlpnStringLength, AlpnString, SupportedVersionsLength, SupportedVersion, KeyShareClientLength,
    KeyShareGroup, KeyShareKeyExchangeLength, KeyShareKeyExchange, KeyShareSelectedGroup, RenegotiationInfoLength,
    RenegotiationInfoData, PaddingData, CertificatesLength, Certificates, CertificateLength, CertificateField,
    CertificateRequestContextLength, TicketLifetimeHint, TicketAgeAdd, TicketNonceLength, TicketNonce,
    TicketLength, Ticket, VerifyData, CipherSpecLength, ChallengeLength, CipherSpec, Challenge, kTlsFieldCount
};

constexpr FieldDef kTlsFields[] = {
    {Record, "tls.record", "Record Layer", FieldType::None},
    {ContentTypeField, "tls.record.content_type", "Content Type", FieldType::UInt8, Base::Dec, 0, kContentTypes},
    {OpaqueType, "tls.record.opaque_type", "Opaque Type", FieldType::UInt8, Base::Dec, 0, kContentTypes},
    {RecordVersion, "tls.record.version", "Version", FieldType::UInt16, Base::Hex, 0, kTlsVersions},
    {RecordLength, "tls.record.length", "Length", FieldType::UInt16, Base::Dec},
    {IsEscape, "tls.record.is_escape", "Is Escape", FieldType::Bool},
    {PaddingLength, "tls.record.padding_length", "Padding Length", FieldType::UInt8, Base::Dec},
    {AppData, "tls.app_data", "Encrypted Application Data", FieldType::Bytes},
    {ChangeCipherSpecMessage, "tls.change_cipher_spec", "Change Cipher Spec Message", FieldType::None},
    {AlertMessage, "tls.alert_message", "Alert Message", FieldType::None},
    {AlertLevel, "tls.alert_message.level", "Level", FieldType::UInt8, Base::Dec, 0, kAlertLevels},
    {AlertDescription, "tls.alert_message.desc", "Description", FieldType::UInt8, Base::Dec, 0, kTlsAlertDescriptions},
    {HeartbeatMessage, "tls.heartbeat_message", "Heartbeat Message", FieldType::None},
    {HeartbeatType, "tls.heartbeat_message.type", "Type", FieldType::UInt8, Base::Dec, 0, kHeartbeatTypes},
    {Handshake, "tls.handshake", "Handshake Protocol", FieldType::None},
    {HandshakeTypeField, "tls.handshake.type", "Handshake Type", FieldType::UInt8, Base::Dec, 0, kHandshakeTypes},
    {HandshakeLength, "tls.handshake.length", "Length", FieldType::UInt24, Base::Dec},
    {HandshakeVersion, "tls.handshake.version", "Version", FieldType::UInt16, Base::Hex, 0, kTlsVersions},
    {Random, "tls.handshake.random", "Random", FieldType::Bytes},
    {RandomTime, "tls.handshake.random_time", "GMT Unix Time", FieldType::AbsoluteTime},
    {RandomBytes, "tls.handshake.random_bytes", "Random Bytes", FieldType::Bytes},
    {SessionIdLength, "tls.handshake.session_id_length", "Session ID Length", FieldType::UInt8, Base::Dec},
    {SessionId, "tls.handshake.session_id", "Session ID", FieldType::Bytes},
    {CipherSuitesLength, "tls.handshake.cipher_suites_length", "Cipher Suites Length", FieldType::UInt16, Base::Dec},
    {CipherSuites, "tls.handshake.ciphersuites", "Cipher Suites", FieldType::None},
    {CipherSuite, "tls.handshake.ciphersuite", "Cipher Suite", FieldType::UInt16, Base::Hex, 0, kTlsCipherSuites},
    {CompMethodsLength, "tls.handshake.comp_methods_length", "Compression Methods Length", FieldType::UInt8, Base::Dec},
    {CompMethods, "tls.handshake.comp_methods", "Compression Methods", FieldType::None},
    {CompMethod, "tls.handshake.comp_method", "Compression Method", FieldType::UInt8, Base::Dec, 0,
     kCompressionMethods},
    {ExtensionsLength, "tls.handshake.extensions_length", "Extensions Length", FieldType::UInt16, Base::Dec},
    {ExtensionType, "tls.handshake.extension.type", "Type", FieldType::UInt16, Base::Dec, 0, kTlsExtensionTypes},
    {ExtensionLength, "tls.handshake.extension.len", "Length", FieldType::UInt16, Base::Dec},
    {ExtensionData, "tls.handshake.extension.data", "Data", FieldType::Bytes},
    {ServerNameListLength, "tls.handshake.extensions_server_name_list_len", "Server Name list length",
     FieldType::UInt16, Base::Dec},
    {ServerNameType, "tls.handshake.extensions_server_name_type", "Server Name Type", FieldType::UInt8, Base::Dec, 0,
     kServerNameTypes},
    {ServerNameLength, "tls.handshake.extensions_server_name_len", "Server Name length", FieldType::UInt16, Base::Dec},
    {ServerNameField, "tls.handshake.extensions_server_name", "Server Name", FieldType::String},
    {SupportedGroupsLength, "tls.handshake.extensions_supported_groups_length", "Supported Groups List Length",
     FieldType::UInt16, Base::Dec},
    {SupportedGroupsList, "tls.handshake.extensions_supported_groups", "Supported Groups List", FieldType::None},
    {SupportedGroup, "tls.handshake.extensions_supported_group", "Supported Group", FieldType::UInt16, Base::Hex, 0,
     kTlsNamedGroups},
    {EcPointFormatsLength, "tls.handshake.extensions_ec_point_formats_length", "EC point formats Length",
     FieldType::UInt8, Base::Dec},
    {EcPointFormatsList, "tls.handshake.extensions_ec_point_formats", "EC point formats", FieldType::None},
    {EcPointFormat, "tls.handshake.extensions_ec_point_format", "EC point format", FieldType::UInt8, Base::Dec, 0,
     kEcPointFormats},
    {SigHashAlgLength, "tls.handshake.sig_hash_alg_len", "Signature Hash Algorithms Length", FieldType::UInt16,
     Base::Dec},
    {SigHashAlgs, "tls.handshake.sig_hash_algs", "Signature Algorithms", FieldType::None},
    {SigHashAlg, "tls.handshake.sig_hash_alg", "Signature Algorithm", FieldType::UInt16, Base::Hex, 0,
     kTlsSignatureSchemes},
    {AlpnLength, "tls.handshake.extensions_alpn_len", "ALPN Extension Length", FieldType::UInt16, Base::Dec},
    {AlpnList, "tls.handshake.extensions_alpn_list", "ALPN Protocol", FieldType::None},
    {AlpnStringLength, "tls.handshake.extensions_alpn_str_len", "ALPN string length", FieldType::UInt8, Base::Dec},
    {AlpnString, "tls.handshake.extensions_alpn_str", "ALPN Next Protocol", FieldType::String},
    {SupportedVersionsLength, "tls.handshake.extensions.supported_versions_len", "Supported Versions length",
     FieldType::UInt8, Base::Dec},
    {SupportedVersion, "tls.handshake.extensions.supported_version", "Supported Version", FieldType::UInt16,
     Base::Hex, 0, kTlsVersions},
    {KeyShareClientLength, "tls.handshake.extensions_key_share_client_length", "Client Key Share Length",
     FieldType::UInt16, Base::Dec},
    {KeyShareGroup, "tls.handshake.extensions_key_share_group", "Group", FieldType::UInt16, Base::Dec, 0,
     kTlsNamedGroups},
    {KeyShareKeyExchangeLength, "tls.handshake.extensions_key_share_key_exchange_length", "Key Exchange Length",
     FieldType::UInt16, Base::Dec},
    {KeyShareKeyExchange, "tls.handshake.extensions_key_share_key_exchange", "Key Exchange", FieldType::Bytes},
    {KeyShareSelectedGroup, "tls.handshake.extensions_key_share_selected_group", "Selected Group",
     FieldType::UInt16, Base::Dec, 0, kTlsNamedGroups},
    {RenegotiationInfoLength, "tls.handshake.extensions_reneg_info_len", "Renegotiation info extension length",
     FieldType::UInt8, Base::Dec},
    {RenegotiationInfoData, "tls.handshake.extensions_reneg_info", "Renegotiation info", FieldType::Bytes},
    {PaddingData, "tls.handshake.extensions_padding_data", "Padding Data", FieldType::Bytes},
    {CertificatesLength, "tls.handshake.certificates_length", "Certificates Length", FieldType::UInt24, Base::Dec},
    {Certificates, "tls.handshake.certificates", "Certificates", FieldType::None},
    {CertificateLength, "tls.handshake.certificate_length", "Certificate Length", FieldType::UInt24, Base::Dec},
    {CertificateField, "tls.handshake.certificate", "Certificate", FieldType::Bytes},
    {CertificateRequestContextLength, "tls.handshake.certificate_request_context_length",
     "Certificate Request Context Length", FieldType::UInt8, Base::Dec},
    {TicketLifetimeHint, "tls.handshake.session_ticket_lifetime_hint", "Session Ticket Lifetime Hint",
     FieldType::UInt32, Base::Dec},
    {TicketAgeAdd, "tls.handshake.session_ticket_age_add", "Session Ticket Age Add", FieldType::UInt32, Base::Dec},
    {TicketNonceLength, "tls.handshake.session_ticket_nonce_length", "Session Ticket Nonce Length", FieldType::UInt8,
     Base::Dec},
    {TicketNonce, "tls.handshake.session_ticket_nonce", "Session Ticket Nonce", FieldType::Bytes},
    {TicketLength, "tls.handshake.session_ticket_length", "Session Ticket Length", FieldType::UInt16, Base::Dec},
    {Ticket, "tls.handshake.session_ticket", "Session Ticket", FieldType::Bytes},
    {VerifyData, "tls.handshake.verify_data", "Verify Data", FieldType::None},
    {CipherSpecLength, "tls.handshake.cipher_spec_len", "Cipher Spec Length", FieldType::UInt16, Base::Dec},
    {ChallengeLength, "tls.handshake.challenge_length", "Challenge Length", FieldType::UInt16, Base::Dec},
    {CipherSpec, "tls.handshake.cipherspec", "Cipher Spec", FieldType::UInt24, Base::Hex},
    {Challenge, "tls.handshake.challenge", "Challenge", FieldType::None},
};
static_assert(std::size(kTlsFields) == kTlsFieldCount);

enum TlsExpert : std::uint16_t { IgnoredUnknownRecord, kTlsExpertCount };
constexpr ExpertDef kTlsExperts[] = {
    {IgnoredUnknownRecord, "tls.ignored_unknown_record", ExpertSeverity::Warning, ExpertGroup::Protocol,
     "Ignored Unknown Record"},
};
static_assert(std::size(kTlsExperts) == kTlsExpertCount);

// ---- per-connection state ----

// A handshake message continuing in later records (Wireshark's handshake reassembly).
struct PendingHandshake {
    bool active = false;
    std::vector<std::uint8_t> bytes;  // the message so far, from its type byte
};

struct TlsSession {
    std::uint16_t version = kVersionUnknown;
    std::uint64_t changeCipherSpecFrame[2] = {};  // per direction: handshake records after it are encrypted
    PendingHandshake pending[2];                  // per direction
};

class TlsState final : public ProtocolState {
public:
    std::unordered_map<ConnectionKey, TlsSession, ConnectionKeyHash> sessions;
    TlsSession unkeyed;          // when the segment's ports cannot be found
    std::uint64_t infoFrame = 0;  // the frame whose Info column TLS last wrote
    bool layerMarker = false;     // the next call only adds a "tls" layer (see addSctLayer)
};

// ---- record-format checks (Wireshark's ssl_looks_like_* heuristics) ----

bool validContentType(std::uint8_t type) { return type >= ChangeCipherSpec && type <= ConnectionIdRecord; }

bool validHandshakeType(std::uint8_t type) { return !nameOf(kHandshakeTypes, type).empty(); }

bool knownVersion(std::uint16_t version) { return !nameOf(kTlsVersions, version).empty(); }

bool looksLikeSsl3(const ByteView& v, std::uint32_t at) {
    if (!validContentType(v.u8(at))) return false;
    const std::uint16_t version = v.u16(at + 1);
    return version == kSsl3 || version == kTls10 || version == kTls11 || version == kTls12 || version == kGmTls;
}

bool looksLikeSsl2(const ByteView& v, std::uint32_t at) {
    if (v.u8(at) < 0x80) return false;  // only unpadded (two-byte header) handshake records are recognised
    const std::uint8_t type = v.u8(at + 2);
    return type == 0 || type == 1 || type == 2 || type == 4;  // error, client hello, master key, server hello
}

bool isSsl2ClientHello(const ByteView& v, std::uint32_t at) { return v.u8(at) == 0x80 && v.u8(at + 2) == 0x01; }

bool validSsl2Handshake(const ByteView& v, std::uint32_t at, std::uint32_t length) {
    switch (v.u8(at)) {
        case 1: return knownVersion(v.u16(at + 1));  // client hello: version follows the type
        case 4: return knownVersion(v.u16(at + 3));  // server hello
        case 2: return std::uint32_t{v.u16(at + 4)} + v.u16(at + 6) + v.u16(at + 8) <= length;  // master key
        default: return false;
    }
}

// An SSL 2.0-compatible Client Hello as TLS clients send it (RFC 5246 appendix E.2), for the
// heuristic: a short two-byte header, type 1, cipher specs in threes, a 0- or 16-byte session id
// and a 32-byte challenge.
bool looksLikeSsl2ClientHello(const ByteView& v) {
    if (v.captured() < 46 || v.u8(0) != 0x80 || v.u8(2) != 1) return false;
    const std::uint16_t specs = v.u16(5);
    const std::uint16_t sessionId = v.u16(7);
    return specs != 0 && specs % 3 == 0 && (sessionId == 0 || sessionId == 16) && v.u16(9) == 32;
}

// Four printable characters first: clear text on a TLS port, not records.
bool startsWithText(const ByteView& v) {
    if (v.captured() <= 4) return false;
    for (std::uint32_t i = 0; i < 4; ++i) {
        if (v.u8(i) < 0x20 || v.u8(i) > 0x7E) return false;
    }
    return true;
}

// The session version a record's version stands for, if any (TLS 1.3 drafts count as 1.3).
std::uint16_t sessionVersionOf(std::uint16_t version) {
    if ((version & 0xFF00) == 0x7F00 || version == 0xfb17 || version == 0xfb1a) return kTls13;
    switch (version) {
        case kSsl3: case kTls10: case kTls11: case kTls12: case kTls13: case kGmTls: return version;
        default: return kVersionUnknown;
    }
}

// Does this DER certificate carry the Signed Certificate Timestamp list extension
// (1.3.6.1.4.1.11129.2.4.2)? Wireshark dissects that extension with a "tls"-owned dissector,
// which shows as one more "tls" in frame.protocols.
bool hasSctExtension(const ByteView& cert) {
    static constexpr std::uint8_t kSctOid[] = {0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02};
    const auto certificate = readBerTlv(cert, 0);
    if (!certificate || !certificate->constructed) return false;
    const auto tbs = readBerTlv(cert, certificate->headerLength);
    if (!tbs || !tbs->constructed) return false;
    const std::uint32_t tbsStart = certificate->headerLength + tbs->headerLength;
    const std::uint32_t tbsEnd = std::min(tbsStart + tbs->length, cert.captured());
    for (std::uint32_t at = tbsStart; at < tbsEnd;) {
        const auto element = readBerTlv(cert, at);
        if (!element || element->indefinite) return false;
        if (element->tagClass == BerClass::ContextSpecific && element->tag == 3) {
            // [3] Extensions ::= SEQUENCE OF SEQUENCE { extnID OID, critical BOOLEAN?, extnValue }
            const auto list = readBerTlv(cert, at + element->headerLength);
            if (!list) return false;
            const std::uint32_t listStart = at + element->headerLength + list->headerLength;
            const std::uint32_t listEnd = std::min(listStart + list->length, tbsEnd);
            for (std::uint32_t e = listStart; e < listEnd;) {
                const auto extension = readBerTlv(cert, e);
                if (!extension || extension->indefinite || extension->totalLength() == 0) return false;
                const auto oid = readBerTlv(cert, e + extension->headerLength);
                if (oid && oid->tag == ber::kObjectIdentifier && oid->length == sizeof kSctOid) {
                    const auto bytes = cert.span(e + extension->headerLength + oid->headerLength, oid->length);
                    if (std::equal(bytes.begin(), bytes.end(), std::begin(kSctOid), std::end(kSctOid))) return true;
                }
                e += extension->totalLength();
            }
            return false;
        }
        if (element->totalLength() == 0) return false;
        at += element->totalLength();
    }
    return false;
}

// ---- the dissector ----

class TlsProtocol final : public Dissector {
public:
    TlsProtocol() : Dissector({"tls", "TLS", "Transport Layer Security"}) {}

    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override { return std::make_unique<TlsState>(); }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        auto& state = p.state<TlsState>(*this);
        if (state.layerMarker) {
            state.layerMarker = false;
            return std::max<std::uint32_t>(view.reported(), 1);
        }
        if (startsWithText(view)) return 0;
        const TransportEndpoints endpoints = tcpEndpoints(p);
        bool forward = true;
        TlsSession& session = endpoints.valid ? state.sessions[connectionKey(endpoints, &forward)] : state.unkeyed;
        p.rememberState(*this, 0, session);
        Call c{p, state, session, forward ? 0 : 1};
        c.continuesInfo = state.infoFrame == p.frame().number;
        if (p.wantsColumns() && !c.continuesInfo) p.info().clear();
        p.beginProtocol(*this, view, view.reported());
        const std::uint32_t used = dissectRecords(c, view);
        if (p.wantsColumns()) setProtocolColumn(c);
        return used;
    }

    // Wireshark's is_sslv3_or_tls: a handshake or application-data record header with a sane
    // version and length.
    static bool looksLikeTls(const ByteView& v) {
        if (v.captured() < kRecordHeader) return false;
        const std::uint8_t type = v.u8(0);
        const std::uint16_t version = v.u16(1);
        const std::uint16_t length = v.u16(3);
        return ((type == HandshakeRecord || type == ApplicationData) && version >= kSsl3 && version <= kTls12 &&
                length != 0 && length < kMaxRecordLength) ||
               looksLikeSsl2ClientHello(v);
    }

private:
    // What one call works with.
    struct Call {
        Packet& p;
        TlsState& state;
        TlsSession& session;
        int direction;                   // 0/1: which side of the connection sent the bytes
        bool continuesInfo = false;      // TLS already wrote this frame's Info (an earlier call)
        bool wroteInfo = false;          // this call has written to the Info column
        std::string_view recordColumn;   // the Protocol column when the session version is unknown
    };

    // ---- Info and Protocol columns ----

    // Records, and handshake messages within a record, are listed with ", " between them; a
    // second call in the same frame (after a reassembled record) continues the list.
    static void appendInfo(Call& c, std::string_view text) {
        if (!c.p.wantsColumns()) return;
        std::string& info = c.p.info();
        if (c.wroteInfo || c.continuesInfo) info += ", ";
        c.wroteInfo = true;
        c.state.infoFrame = c.p.frame().number;
        info += text;
    }

    static void setProtocolColumn(const Call& c) {
        if (c.session.version != kVersionUnknown) c.p.setProtocolColumn(versionShortName(c.session.version));
        else if (!c.recordColumn.empty()) c.p.setProtocolColumn(c.recordColumn);
        else c.p.setProtocolColumn("SSL");
    }

    // ---- records ----

    // Every record of the bytes; asks TCP for the rest of one that continues past them.
    std::uint32_t dissectRecords(Call& c, const ByteView& v) const {
        std::uint32_t offset = 0;
        while (offset < v.reported() && !c.p.stopped()) {
            bool needMore = false;
            const std::uint32_t remaining = v.reported() - offset;
            const std::uint16_t version = c.session.version;
            // TLS 1.3 sessions, like unknown ones, are read record by record from the looks of it.
            const bool ssl3Session = version == kSsl3 || version == kTls10 || version == kTls11 ||
                                     version == kTls12 || version == kGmTls;
            if (version == kSsl2) {
                offset = dissectSsl2Record(c, v, offset, needMore);
            } else if (remaining < kRecordHeader) {
                // Not even a record header: wait for the next segment, or stop.
                if (c.p.canDesegment()) {
                    c.p.requestDesegment(offset, Packet::kOneMoreSegment);
                    return v.reported();
                }
                break;
            } else if (ssl3Session) {
                offset = isSsl2ClientHello(v, offset) ? dissectSsl2Record(c, v, offset, needMore)
                                                       : dissectSsl3Record(c, v, offset, needMore);
            } else if (looksLikeSsl2(v, offset)) {
                offset = dissectSsl2Record(c, v, offset, needMore);
            } else if (looksLikeSsl3(v, offset)) {
                offset = dissectSsl3Record(c, v, offset, needMore);
            } else {
                appendInfo(c, "Continuation Data");
                break;
            }
            if (needMore) break;
        }
        return v.reported();
    }

    // A record that continues past the bytes: TCP is asked for exactly the rest (or, without
    // reassembly, nothing of it is shown).
    static bool needsReassembly(Call& c, const ByteView& v, std::uint32_t offset, std::uint64_t recordEnd,
                                bool& needMore) {
        if (recordEnd <= v.reported()) return false;
        if (c.p.canDesegment()) {
            c.p.requestDesegment(offset, static_cast<std::uint32_t>(recordEnd - v.reported()));
            needMore = true;
        }
        return true;
    }

    std::uint32_t dissectSsl3Record(Call& c, const ByteView& v, std::uint32_t offset, bool& needMore) const {
        Packet& p = c.p;
        const std::uint16_t sessionVersion = c.session.version;
        // TLS 1.0-1.2 ignore records of unknown types (RFC 2246 section 6).
        if ((sessionVersion == kTls10 || sessionVersion == kTls11 || sessionVersion == kTls12 ||
             sessionVersion == kGmTls) &&
            !validContentType(v.u8(offset))) {
            p.addExpert(expert(IgnoredUnknownRecord));
            appendInfo(c, "Ignored Unknown Record");
            return v.reported();
        }
        const std::uint8_t type = v.u8(offset);
        std::uint16_t version = v.u16(offset + 1);
        const std::uint32_t length = v.u16(offset + 3);
        const std::uint64_t end = std::uint64_t{offset} + kRecordHeader + length;
        if (!validContentType(type)) {
            appendInfo(c, "Continuation Data");
            return static_cast<std::uint32_t>(std::min<std::uint64_t>(end, v.reported()));
        }
        if (needsReassembly(c, v, offset, end, needMore)) return needMore ? offset : v.reported();

        const ItemRef record = p.add(field(Record), v, offset, kRecordHeader + length, {});
        p.push(record);
        const bool opaque = sessionVersion == kTls13 && type == ApplicationData;
        p.addUint(field(opaque ? OpaqueType : ContentTypeField), v, offset, 1);
        p.addUint(field(RecordVersion), v, offset + 1, 2);
        p.addUint(field(RecordLength), v, offset + 3, 2);
        if (sessionVersion == kVersionUnknown) {
            trySetVersion(c.session, type, v.u8(offset + kRecordHeader), version);
            c.recordColumn = versionShortName(version);
        } else {
            version = sessionVersion;
        }
        const ByteView body = v.sub(offset + kRecordHeader, length);
        std::string_view detail;  // the record's label after "<version> Record Layer: <type> Protocol: "
        switch (type) {
            case ChangeCipherSpec:
                appendInfo(c, "Change Cipher Spec");
                p.add(field(ChangeCipherSpecMessage), body, 0, length, {});
                c.session.changeCipherSpecFrame[c.direction] = p.frame().number;
                detail = "Change Cipher Spec";
                break;
            case Alert: detail = dissectAlert(c, body); break;
            case HandshakeRecord: detail = dissectHandshakes(c, body); break;
            case ApplicationData:
                appendInfo(c, "Application Data");
                if (body.isCut()) {
                    p.markShort(body);
                    break;
                }
                p.addBytes(field(AppData), body, 0, length);
                detail = "Application Data";
                break;
            case Heartbeat: detail = dissectHeartbeat(c, body); break;
            default:
                appendInfo(c, "Connection ID");
                detail = "Connection ID";
                break;
        }
        if (p.buildsTree() && record != kNoItem) {
            p.setText(record, std::string(versionShortName(version)) + " Record Layer: " +
                                  std::string(nameOf(kContentTypes, type)) + " Protocol: " + std::string(detail));
        }
        p.pop();
        return static_cast<std::uint32_t>(end);
    }

    // Wireshark's ssl_try_set_version: any record but a Client Hello tells the session's version.
    static void trySetVersion(TlsSession& session, std::uint8_t type, std::uint8_t handshakeType, std::uint16_t version) {
        const bool authoritative = (type == HandshakeRecord && validHandshakeType(handshakeType) &&
                                    handshakeType != ClientHello) ||
                                   (type != HandshakeRecord && validContentType(type));
        if (!authoritative) return;
        if (const std::uint16_t v = sessionVersionOf(version); v != kVersionUnknown) session.version = v;
    }

    // An alert is two bytes; anything longer is taken for ciphertext.
    std::string_view dissectAlert(Call& c, const ByteView& body) const {
        const ItemRef item = c.p.add(field(AlertMessage), body, 0, body.reported(), {});
        if (body.reported() != 2) {
            appendInfo(c, "Encrypted Alert");
            c.p.setText(item, "Alert Message: Encrypted Alert");
            return "Encrypted Alert";
        }
        std::string_view level = nameOf(kAlertLevels, body.u8(0));
        std::string_view description = nameOf(kTlsAlertDescriptions, body.u8(1));
        if (level.empty()) level = "Unknown";
        if (description.empty()) description = "Unknown";
        c.p.push(item);
        c.p.addUint(field(AlertLevel), body, 0, 1);
        c.p.addUint(field(AlertDescription), body, 1, 1);
        c.p.pop();
        if (c.p.wantsColumns()) {
            appendInfo(c, "Alert (Level: " + std::string(level) + ", Description: " + std::string(description) + ")");
        }
        return "Alert";
    }

    std::string_view dissectHeartbeat(Call& c, const ByteView& body) const {
        // Clear text when the record is too short for a payload, its length and 16 bytes of
        // padding, or when they fit (Wireshark's dissect_ssl3_heartbeat).
        const std::uint8_t type = body.u8(0);
        const std::uint32_t length = body.reported();
        const bool clear = (type == 1 || type == 2) && (length <= 19 || 3u + body.u16(1) + 16 <= length);
        if (!clear) {
            appendInfo(c, "Encrypted Heartbeat");
            return "Encrypted Heartbeat";
        }
        appendInfo(c, type == 1 ? "Heartbeat Request" : "Heartbeat Response");
        c.p.push(c.p.add(field(HeartbeatMessage), body, 0, body.reported(), {}));
        c.p.addUint(field(HeartbeatType), body, 0, 1);
        c.p.pop();
        return type == 1 ? "Heartbeat Request" : "Heartbeat Response";
    }

    // ---- handshake messages ----

    // The messages of one handshake record (Wireshark's dissect_tls_handshake): first the end
    // of a message an earlier record began, then whole messages; a message that continues past
    // the record is kept until the records that complete it. A record that looks like
    // ciphertext (a Finished after Change Cipher Spec) is shown as such.
    std::string_view dissectHandshakes(Call& c, const ByteView& body) const {
        Packet& p = c.p;
        Messages m;
        std::uint32_t at = 0;
        PendingHandshake& pending = c.session.pending[c.direction];
        if (pending.active) {
            at = continuePendingHandshake(c, body, pending, m);
            if (pending.active) return m.label();  // still incomplete: all of this record was a fragment
        } else if (looksEncrypted(c, body)) {
            appendInfo(c, "Encrypted Handshake Message");
            p.setText(p.add(field(Handshake), body, 0, body.reported(), {}), "Handshake Protocol: Encrypted Handshake Message");
            return "Encrypted Handshake Message";
        }
        while (at < body.reported() && !p.stopped()) {
            const std::uint32_t left = body.reported() - at;
            const std::uint32_t length = left >= 4 ? 4 + body.u24(at + 1) : 0;
            if (length == 0 || left < length) {
                startPendingHandshake(c, body, at, pending, m);
                break;
            }
            dissectHandshakeMessage(c, body.sub(at, length), m);
            at += length;
        }
        return m.label();
    }

    // What the messages of a record add up to, for the record's label.
    struct Messages {
        int count = 0;
        std::string_view first;
        [[nodiscard]] std::string_view label() const { return count > 1 ? "Multiple Handshake Messages" : first; }
        void add(std::string_view name) {
            if (count++ == 0) first = name;
        }
    };

    // Wireshark's is_encrypted_handshake_message: short records are clear text; a zero explicit
    // nonce (AEAD's first record) or a Change Cipher Spec sent earlier by this side means
    // ciphertext, and so does a first message of no known type or of 64 KiB and more.
    static bool looksEncrypted(const Call& c, const ByteView& body) {
        if (body.reported() < 16) return false;
        if (body.uint(0, 5) == 0 && body.has(0, 5)) return true;
        const std::uint64_t ccs = c.session.changeCipherSpecFrame[c.direction];
        if (ccs != 0 && c.p.frame().number > ccs) return true;
        return !validHandshakeType(body.u8(0)) || body.u24(1) >= kMaxHandshakeLength;
    }

    // A message that continues past its record: keep its bytes for the records to come.
    void startPendingHandshake(Call& c, const ByteView& body, std::uint32_t at, PendingHandshake& pending,
                               Messages& m) const {
        Packet& p = c.p;
        const std::uint8_t type = body.u8(at);
        std::string_view name = nameOf(kHandshakeTypes, type);
        if (name.empty()) name = "Encrypted Handshake Message";
        if (m.count == 0 && p.wantsColumns()) appendInfo(c, "[" + std::string(name) + " Fragment]");
        const std::uint32_t left = body.reported() - at;
        const ItemRef item = p.add(field(Handshake), body, at, left, {});
        if (p.buildsTree()) p.setText(item, "Handshake Protocol: " + std::string(name) + " (fragment)");
        m.add(name);
        if (!body.has(at, left)) return;  // cut by the snap length: nothing to reassemble
        const auto bytes = body.span(at, left);
        pending.bytes.assign(bytes.begin(), bytes.end());
        pending.active = true;
    }

    // Adds what this record holds of the pending message; dissects the message once complete.
    // Returns where the record's own messages start.
    std::uint32_t continuePendingHandshake(Call& c, const ByteView& body, PendingHandshake& pending, Messages& m) const {
        Packet& p = c.p;
        const std::size_t have = pending.bytes.size();
        std::uint32_t take = body.reported();
        std::uint64_t total = 0;  // the whole message (header included), once its header is known
        if (have + take >= 4) {
            std::uint8_t header[4];
            for (std::size_t i = 0; i < 4; ++i) header[i] = i < have ? pending.bytes[i] : body.u8(static_cast<std::uint32_t>(i - have));
            total = 4 + ((std::uint32_t{header[1]} << 16) | (std::uint32_t{header[2]} << 8) | header[3]);
            if (take > total - have) take = static_cast<std::uint32_t>(total - have);
        }
        if (!body.has(0, take)) {  // cut by the snap length: give up on this message
            pending.active = false;
            pending.bytes.clear();
            return 0;
        }
        const std::uint8_t type = pending.bytes.empty() ? body.u8(0) : pending.bytes[0];
        std::string_view name = nameOf(kHandshakeTypes, type);
        if (name.empty()) name = "Encrypted Handshake Message";
        const auto bytes = body.span(0, take);
        pending.bytes.insert(pending.bytes.end(), bytes.begin(), bytes.end());
        const ItemRef item = p.add(field(Handshake), body, 0, take, {});
        if (total == 0 || pending.bytes.size() < total) {
            // Still a middle fragment: nothing for the Info column.
            if (p.buildsTree()) p.setText(item, "Handshake Protocol: " + std::string(name) + " (fragment)");
            m.count = 2;  // Wireshark labels such a record "Multiple Handshake Messages"
            return body.reported();
        }
        if (p.buildsTree()) p.setText(item, "Handshake Protocol: " + std::string(name) + " (last fragment)");
        const ByteView whole = p.addDataSource("Reassembled TLS Handshake", pending.bytes);
        pending.active = false;
        dissectHandshakeMessage(c, whole, m);
        pending.bytes.clear();
        m.count = std::max(m.count, 1);
        return take;
    }

    // One whole handshake message: | msg_type (1) | length (3) | body |
    void dissectHandshakeMessage(Call& c, const ByteView& message, Messages& m) const {
        Packet& p = c.p;
        const std::uint8_t type = message.u8(0);
        std::string_view name = handshakeName(message, 0, type);
        if (name.empty()) {
            // Only a record's first message is shown when its type is unknown (as ciphertext).
            if (m.count > 0) return;
            name = "Encrypted Handshake Message";
        }
        appendInfo(c, name);
        m.add(name);
        const ItemRef item = p.add(field(Handshake), message, 0, message.reported(), {});
        if (p.buildsTree()) p.setText(item, "Handshake Protocol: " + std::string(name));
        if (!validHandshakeType(type)) return;
        p.push(item);
        p.addUint(field(HandshakeTypeField), message, 0, 1);
        p.addUint(field(HandshakeLength), message, 1, 3);
        dissectHandshakeBody(c, type, message.from(4));
        p.pop();
    }

    // A Server Hello with the special random of RFC 8446 section 4.1.3 is a Hello Retry Request.
    static std::string_view handshakeName(const ByteView& body, std::uint32_t at, std::uint8_t type) {
        static constexpr std::uint8_t kHelloRetryRandom[] = {
            0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
            0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};
        if (type == ServerHello) {
            const auto random = body.span(at + 6, 32);
            if (std::equal(random.begin(), random.end(), std::begin(kHelloRetryRandom), std::end(kHelloRetryRandom))) {
                return "Hello Retry Request";
            }
        }
        return nameOf(kHandshakeTypes, type);
    }

    void dissectHandshakeBody(Call& c, std::uint8_t type, const ByteView& m) const {
        switch (type) {
            case ClientHello: dissectHello(c, m, true); break;
            case ServerHello: dissectHello(c, m, false); break;
            case NewSessionTicket: dissectNewSessionTicket(c, m); break;
            case EncryptedExtensions: dissectExtensions(c, m, 0, false); break;
            case Certificate: dissectCertificate(c, m); break;
            case Finished: c.p.add(field(VerifyData), m, 0, m.reported(), {}); break;
            default: break;  // key exchanges, requests, verify: shown as the message itself
        }
    }

    // Client Hello / Server Hello: version, random, session id, cipher suite(s), compression, extensions.
    void dissectHello(Call& c, const ByteView& m, bool client) const {
        Packet& p = c.p;
        if (!m.has(0, 35)) return;
        const std::uint16_t helloVersion = p.addUint(field(HandshakeVersion), m, 0, 2);
        if (!client) {
            if (const std::uint16_t v = sessionVersionOf(helloVersion); v != kVersionUnknown) c.session.version = v;
        }
        p.push(p.addBytes(field(Random), m, 2, 32));
        p.add(field(RandomTime), m, 2, 4, FieldValue::ofSigned(std::int64_t{m.u32(2)} * 1'000'000'000));
        p.addBytes(field(RandomBytes), m, 6, 28);
        p.pop();
        std::uint32_t at = 34;
        const std::uint32_t sessionIdLength = p.addUint(field(SessionIdLength), m, at, 1);
        if (sessionIdLength > 0) p.addBytes(field(SessionId), m, at + 1, sessionIdLength);
        at += 1 + sessionIdLength;
        if (client) {
            const std::uint32_t suitesLength = p.addUint(field(CipherSuitesLength), m, at, 2);
            p.push(p.add(field(CipherSuites), m, at + 2, suitesLength, {}));
            for (std::uint32_t s = 0; s + 1 < suitesLength && m.has(at + 2 + s, 2); s += 2) {
                p.addUint(field(CipherSuite), m, at + 2 + s, 2);
            }
            p.pop();
            at += 2 + suitesLength;
            const std::uint32_t methodsLength = p.addUint(field(CompMethodsLength), m, at, 1);
            p.push(p.add(field(CompMethods), m, at + 1, methodsLength, {}));
            for (std::uint32_t k = 0; k < methodsLength && m.has(at + 1 + k, 1); ++k) {
                p.addUint(field(CompMethod), m, at + 1 + k, 1);
            }
            p.pop();
            at += 1 + methodsLength;
        } else {
            p.addUint(field(CipherSuite), m, at, 2);
            p.addUint(field(CompMethod), m, at + 2, 1);
            at += 3;
        }
        if (at + 2 <= m.reported()) dissectExtensions(c, m, at, !client);
    }

    // extensions_length (2), then | type (2) | length (2) | data | ...
    void dissectExtensions(Call& c, const ByteView& m, std::uint32_t at, bool fromServer) const {
        Packet& p = c.p;
        const std::uint32_t total = p.addUint(field(ExtensionsLength), m, at, 2);
        const std::uint32_t end = std::min<std::uint32_t>(at + 2 + total, m.reported());
        at += 2;
        while (at + 4 <= end && !p.stopped()) {
            const std::uint16_t type = m.u16(at);
            const std::uint32_t length = m.u16(at + 2);
            const ItemRef item = p.add(field(ExtensionType), m, at, 4 + length, FieldValue::ofUnsigned(type));
            if (p.buildsTree()) {
                std::string_view name = nameOf(kTlsExtensionTypes, type);
                p.setText(item, "Extension: " + std::string(name.empty() ? "Unknown type " + std::to_string(type) : name) +
                                    " (len=" + std::to_string(length) + ")");
            }
            p.push(item);
            p.addUint(field(ExtensionType), m, at, 2);
            p.addUint(field(ExtensionLength), m, at + 2, 2);
            dissectExtension(c, type, m.sub(at + 4, length), fromServer);
            p.pop();
            at += 4 + length;
        }
    }

    void dissectExtension(Call& c, std::uint16_t type, const ByteView& e, bool fromServer) const {
        Packet& p = c.p;
        switch (type) {
            case ServerName: {
                if (e.reported() < 2) break;  // a server's empty acknowledgement
                p.addUint(field(ServerNameListLength), e, 0, 2);
                for (std::uint32_t at = 2; at + 3 <= e.reported();) {
                    p.addUint(field(ServerNameType), e, at, 1);
                    const std::uint32_t length = p.addUint(field(ServerNameLength), e, at + 1, 2);
                    p.add(field(ServerNameField), e, at + 3, length, FieldValue::ofText(e.text(at + 3, length)));
                    at += 3 + length;
                }
                break;
            }
            case SupportedGroups: list(c, e, 2, SupportedGroupsLength, SupportedGroupsList, SupportedGroup, 2); break;
            case EcPointFormats: list(c, e, 1, EcPointFormatsLength, EcPointFormatsList, EcPointFormat, 1); break;
            case SignatureAlgorithms: list(c, e, 2, SigHashAlgLength, SigHashAlgs, SigHashAlg, 2); break;
            case Alpn: {
                const std::uint32_t length = p.addUint(field(AlpnLength), e, 0, 2);
                p.push(p.add(field(AlpnList), e, 2, length, {}));
                for (std::uint32_t at = 2; at < e.reported() && at < 2 + length;) {
                    const std::uint32_t n = p.addUint(field(AlpnStringLength), e, at, 1);
                    p.add(field(AlpnString), e, at + 1, n, FieldValue::ofText(e.text(at + 1, n)));
                    at += 1 + n;
                }
                p.pop();
                break;
            }
            case SupportedVersions:
                if (fromServer) {
                    // The server's choice is the session's version (TLS 1.3 hides it here).
                    const std::uint16_t chosen = p.addUint(field(SupportedVersion), e, 0, 2);
                    if (const std::uint16_t v = sessionVersionOf(chosen); v != kVersionUnknown) c.session.version = v;
                } else {
                    const std::uint32_t length = p.addUint(field(SupportedVersionsLength), e, 0, 1);
                    for (std::uint32_t at = 1; at + 1 < 1 + length && e.has(at, 2); at += 2) {
                        p.addUint(field(SupportedVersion), e, at, 2);
                    }
                }
                break;
            case KeyShare: dissectKeyShare(c, e, fromServer); break;
            case RenegotiationInfo: {
                const std::uint32_t length = p.addUint(field(RenegotiationInfoLength), e, 0, 1);
                if (length > 0) p.addBytes(field(RenegotiationInfoData), e, 1, length);
                break;
            }
            case Padding: p.addBytes(field(PaddingData), e, 0, e.reported()); break;
            default:
                if (e.reported() > 0) p.addBytes(field(ExtensionData), e, 0, e.reported());
                break;
        }
    }

    // A length-prefixed list of fixed-size values (groups, point formats, signature schemes).
    void list(Call& c, const ByteView& e, std::uint32_t lengthSize, TlsField lengthField, TlsField listField,
              TlsField valueField, std::uint32_t valueSize) const {
        Packet& p = c.p;
        const std::uint32_t length = p.addUint(field(lengthField), e, 0, lengthSize);
        p.push(p.add(field(listField), e, lengthSize, length, {}));
        for (std::uint32_t at = lengthSize; at + valueSize <= lengthSize + length && e.has(at, valueSize); at += valueSize) {
            p.addUint(field(valueField), e, at, valueSize);
        }
        p.pop();
    }

    void dissectKeyShare(Call& c, const ByteView& e, bool fromServer) const {
        Packet& p = c.p;
        if (fromServer && e.reported() == 2) {  // Hello Retry Request: the group the server wants
            p.addUint(field(KeyShareSelectedGroup), e, 0, 2);
            return;
        }
        std::uint32_t at = 0;
        std::uint32_t end = e.reported();
        if (!fromServer) {
            end = std::min<std::uint32_t>(2 + p.addUint(field(KeyShareClientLength), e, 0, 2), end);
            at = 2;
        }
        while (at + 4 <= end) {
            p.addUint(field(KeyShareGroup), e, at, 2);
            const std::uint32_t length = p.addUint(field(KeyShareKeyExchangeLength), e, at + 2, 2);
            p.addBytes(field(KeyShareKeyExchange), e, at + 4, length);
            at += 4 + length;
        }
    }

    void dissectNewSessionTicket(Call& c, const ByteView& m) const {
        Packet& p = c.p;
        p.addUint(field(TicketLifetimeHint), m, 0, 4);
        std::uint32_t at = 4;
        const bool tls13 = c.session.version == kTls13;
        if (tls13) {
            p.addUint(field(TicketAgeAdd), m, at, 4);
            const std::uint32_t nonce = p.addUint(field(TicketNonceLength), m, at + 4, 1);
            p.addBytes(field(TicketNonce), m, at + 5, nonce);
            at += 5 + nonce;
        }
        const std::uint32_t length = p.addUint(field(TicketLength), m, at, 2);
        p.addBytes(field(Ticket), m, at + 2, length);
        at += 2 + length;
        if (tls13 && at + 2 <= m.reported()) dissectExtensions(c, m, at, true);
    }

    // certificates_length (3), then | length (3) | DER certificate | ... (TLS 1.3 adds a request
    // context before the list and extensions after each certificate).
    void dissectCertificate(Call& c, const ByteView& m) const {
        Packet& p = c.p;
        const bool tls13 = c.session.version == kTls13;
        std::uint32_t at = 0;
        if (tls13) at = 1 + p.addUint(field(CertificateRequestContextLength), m, 0, 1);
        const std::uint32_t total = p.addUint(field(CertificatesLength), m, at, 3);
        at += 3;
        const std::uint32_t end = std::min<std::uint32_t>(at + total, m.reported());
        p.push(p.add(field(Certificates), m, at, end - std::min(at, end), {}));
        while (at + 3 <= end && !p.stopped()) {
            const std::uint32_t length = p.addUint(field(CertificateLength), m, at, 3);
            const ByteView cert = m.sub(at + 3, length);
            p.addBytes(field(CertificateField), cert, 0, cert.captured());
            if (!tls13 && hasSctExtension(cert)) addSctLayer(c, cert);
            at += 3 + length;
            if (tls13 && at + 2 <= end) at += 2 + m.u16(at);  // the certificate's extensions
        }
        p.pop();
    }

    // One more "tls" in the frame's protocols without a new protocol item, as Wireshark's
    // SCT-list dissector (registered for the certificate extension, owned by tls) adds.
    void addSctLayer(Call& c, const ByteView& cert) const {
        c.state.layerMarker = true;
        c.p.call(*this, cert);
        c.state.layerMarker = false;
    }

    // ---- SSL 2.0 ----

    //   | 1 | length (15 bits) | body |           (two-byte header, no padding)
    //   | 0 | escape | length (14 bits) | padding length | body |   (three-byte header)
    std::uint32_t dissectSsl2Record(Call& c, const ByteView& v, std::uint32_t offset, bool& needMore) const {
        Packet& p = c.p;
        const std::uint8_t first = v.u8(offset);
        const std::uint32_t headerLength = (first & 0x80) ? 2 : 3;
        const std::uint32_t remaining = v.reported() - offset;
        if (remaining < headerLength) {
            if (p.canDesegment()) {
                p.requestDesegment(offset, Packet::kOneMoreSegment);
                needMore = true;
                return offset;
            }
            return v.reported();
        }
        const std::uint32_t length = ((first & (headerLength == 2 ? 0x7F : 0x3F)) << 8) | v.u8(offset + 1);
        const std::uint64_t end = std::uint64_t{offset} + headerLength + length;
        if (needsReassembly(c, v, offset, end, needMore)) return needMore ? offset : v.reported();

        const std::uint32_t body = offset + headerLength;
        const std::uint8_t type = v.u8(body);
        // A server hello or later message settles the session on SSL 2.0.
        if (c.session.version == kVersionUnknown && type >= 2 && type <= 8) c.session.version = kSsl2;
        c.recordColumn = "SSLv2";
        const ItemRef record = p.add(field(Record), v, offset, headerLength + length, {});
        p.push(record);
        p.add(field(RecordVersion), v, offset, 0, FieldValue::ofUnsigned(kSsl2), FieldFlags::Generated);
        const std::string_view name = nameOf(kSsl2MessageTypes, type);
        if (name.empty() || !validSsl2Handshake(v, body, length)) {
            appendInfo(c, "Encrypted Data");
            p.setText(record, "SSLv2 Record Layer: Encrypted Data");
            p.pop();
            return static_cast<std::uint32_t>(end);
        }
        appendInfo(c, name);
        if (p.buildsTree()) p.setText(record, "SSLv2 Record Layer: " + std::string(name));
        p.add(field(RecordLength), v, offset, headerLength, FieldValue::ofUnsigned(length));
        if (headerLength == 3) {
            p.add(field(IsEscape), v, offset, 1, FieldValue::ofUnsigned((first & 0x40) ? 1 : 0));
            p.addUint(field(PaddingLength), v, offset + 2, 1);
        }
        p.addUint(field(HandshakeTypeField), v, body, 1);
        if (type == ClientHello && knownVersion(v.u16(body + 1))) dissectSsl2ClientHello(c, v.sub(body + 1, length - 1));
        p.pop();
        return static_cast<std::uint32_t>(end);
    }

    // version (2) | cipher_spec_length (2) | session_id_length (2) | challenge_length (2) | ...
    void dissectSsl2ClientHello(Call& c, const ByteView& m) const {
        Packet& p = c.p;
        p.addUint(field(HandshakeVersion), m, 0, 2);
        const std::uint32_t specs = p.addUint(field(CipherSpecLength), m, 2, 2);
        const std::uint32_t sessionId = p.addUint(field(SessionIdLength), m, 4, 2);
        const std::uint32_t challenge = p.addUint(field(ChallengeLength), m, 6, 2);
        std::uint32_t at = 8;
        for (std::uint32_t s = 0; s + 3 <= specs && m.has(at + s, 3); s += 3) p.addUint(field(CipherSpec), m, at + s, 3);
        at += specs;
        if (sessionId > 0) p.addBytes(field(SessionId), m, at, sessionId);
        at += sessionId;
        p.add(field(Challenge), m, at, challenge, {});
    }
};

std::uint32_t tlsHeuristic(const Dissector& self, Packet& p, const ByteView& view) {
    if (!TlsProtocol::looksLikeTls(view)) return 0;
    p.setConversationDissector(self);
    return self.dissect(p, view);
}

// Wireshark 4.0's TCP ports for TLS (its own and those of the protocols it carries).
constexpr std::uint16_t kTlsPorts[] = {324,  443,  465,  636,  802,  853,  993,  995,  1300, 2221,  2443,  3249,
                                       3250, 3251, 3252, 3496, 5061, 5671, 5684, 5868, 8883, 11207, 19999, 27017};

}  // namespace

void registerTls(Registry& r) {
    auto& tls = r.addProtocol<TlsProtocol>(kTlsFields);
    r.addExperts(tls, kTlsExperts);
    r.onHandoff([&tls](Registry& registry) {
        for (const std::uint16_t port : kTlsPorts) registry.table("tcp.port").add(port, tls);
        registry.addHeuristic("tcp", tls, "tls_tcp", tlsHeuristic);
    });
}

}  // namespace caplens::proto
