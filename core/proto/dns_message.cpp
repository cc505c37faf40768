// dns_message — the DNS message (RFC 1035 section 4) as DNS, mDNS and LLMNR carry it.
//
//   |              ID               |QR| Opcode |AA|TC|RD|RA| Z|AD|CD| RCODE |
//   |    QDCOUNT    |    ANCOUNT    |    NSCOUNT    |    ARCOUNT    |
//   question:  QNAME, QTYPE(16), QCLASS(16)
//   record:    NAME, TYPE(16), CLASS(16), TTL(32), RDLENGTH(16), RDATA
// Names are labels (length byte + bytes) ending in a zero byte, or in a 2-byte pointer
// (top bits 11) to an earlier name of the message.
#include "core/proto/dns_message.hpp"

#include <cstdio>
#include <cstring>
#include <string>

#include "core/proto/names.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 12;
constexpr std::uint32_t kMaxNameLength = 255;  // Wireshark's MAX_DNAME_LEN

constexpr std::uint16_t kFlagResponse = 0x8000;
constexpr std::uint16_t kFlagOpcode = 0x7800;
constexpr std::uint16_t kFlagAuthentic = 0x0020;
constexpr std::uint16_t kOpcodeUpdate = 5;

enum RrType : std::uint16_t {
    TypeA = 1, TypeNs = 2, TypeCname = 5, TypeSoa = 6, TypePtr = 12, TypeHinfo = 13, TypeMx = 15, TypeTxt = 16,
    TypeAaaa = 28, TypeSrv = 33, TypeOpt = 41, TypeAny = 255
};

constexpr ValueName kTypeNames[] = {
    {0, "Unused"}, {1, "A (Host Address)"}, {2, "NS (authoritative Name Server)"}, {3, "MD (Mail Destination)"},
    {4, "MF (Mail Forwarder)"}, {5, "CNAME (Canonical NAME for an alias)"}, {6, "SOA (Start Of a zone of Authority)"},
    {7, "MB (MailBox domain name)"}, {8, "MG (Mail Group member)"}, {9, "MR (Mail Rename domain)"}, {10, "NULL RR"},
    {11, "WKS (Well Known Service)"}, {12, "PTR (domain name PoinTeR)"}, {13, "HINFO (host information)"},
    {14, "MINFO (Mailbox or mail list information)"}, {15, "MX (Mail eXchange)"}, {16, "TXT (Text strings)"},
    {17, "RP (Responsible Person)"}, {18, "AFSDB (AFS Data Base location)"}, {19, "X25 (XX.25 PSDN address)"},
    {20, "ISDN (ISDN address)"}, {21, "RT (Route Through)"}, {22, "NSAP (NSAP address)"},
    {23, "NSAP-PTR (NSAP domain name pointer)"}, {24, "SIG (security signature)"}, {25, "KEY (security key)"},
    {26, "PX (X.400 mail mapping information)"}, {27, "GPOS (Geographical Position)"}, {28, "AAAA (IPv6 Address)"},
    {29, "LOC (Location Information)"}, {30, "NXT (Next Domain)"}, {31, "EID (Endpoint Identifier)"},
    {32, "NIMLOC (Nimrod Locator)"}, {33, "SRV (Server Selection)"}, {34, "ATMA (ATM Address)"},
    {35, "NAPTR (Naming Authority Pointer)"}, {36, "KX (Key Exchanger)"}, {37, "CERT"},
    {38, "A6 (OBSOLETE - use AAAA)"}, {39, "DNAME"}, {40, "SINK"}, {41, "OPT"}, {42, "APL"},
    {43, "DS (Delegation Signer)"}, {44, "SSHFP (SSH Key Fingerprint)"}, {45, "IPSECKEY"},
    {46, "RRSIG (Resource Record Signature)"}, {47, "NSEC (Next Secure)"}, {48, "DNSKEY (DNS Public Key)"},
    {49, "DHCID"}, {50, "NSEC3"}, {51, "NSEC3PARAM"}, {52, "TLSA"}, {55, "HIP (Host Identity Protocol)"},
    {57, "RKEY"}, {58, "TALINK (Trust Anchor LINK)"}, {59, "CDS (Child DS)"},
    {60, "CDNSKEY (DNSKEY(s) the Child wants reflected in DS)"}, {61, "OPENPGPKEY (OpenPGP Key)"},
    {62, "CSYNC (Child-to-Parent Synchronization)"}, {63, "ZONEMD"}, {64, "SVCB (General Purpose Service Endpoints)"},
    {65, "HTTPS (HTTPS Specific Service Endpoints)"}, {99, "SPF"}, {100, "UINFO"}, {101, "UID"}, {102, "GID"},
    {103, "UNSPEC"}, {104, "NID (NodeID)"}, {105, "L32 (Locator32)"}, {106, "L64 (Locator64)"},
    {107, "LP (Locator FQDN)"}, {108, "EUI48"}, {109, "EUI64"}, {249, "TKEY (Transaction Key)"},
    {250, "TSIG (Transaction Signature)"}, {251, "IXFR (incremental transfer)"},
    {252, "AXFR (transfer of an entire zone)"}, {253, "MAILB (mailbox-related RRs)"},
    {254, "MAILA (mail agent RRs)"}, {255, "* (A request for all records the server/cache has available)"},
    {256, "URI"}, {257, "CAA (Certification Authority Restriction)"}, {32768, "TA (DNSSEC Trust Authorities)"},
    {32769, "DLV (DNSSEC Lookaside Validation)"}, {65281, "WINS"}, {65282, "WINS-R"}, {65422, "XPF"},
};

constexpr ValueName kClassNames[] = {{1, "IN"}, {2, "CS"}, {3, "CH"}, {4, "HS"}, {0xfe, "NONE"}, {0xff, "ANY"}};

constexpr ValueName kOpcodeNames[] = {{0, "Standard query"}, {1, "Inverse query"}, {2, "Server status request"},
                                      {4, "Zone change notification"}, {5, "Dynamic update"},
                                      {6, "DNS Stateful operations (DSO)"}};

constexpr ValueName kRcodeNames[] = {
    {0, "No error"}, {1, "Format error"}, {2, "Server failure"}, {3, "No such name"}, {4, "Not implemented"},
    {5, "Refused"}, {6, "Name exists"}, {7, "RRset exists"}, {8, "RRset does not exist"}, {9, "Not authoritative"},
    {10, "Name out of zone"}, {11, "DSO-Type not implemented"}, {16, "Bad OPT Version or TSIG Signature Failure"},
    {17, "Key not recognized"}, {18, "Signature out of time window"}, {19, "Bad TKEY Mode"},
    {20, "Duplicate key name"}, {21, "Algorithm not supported"}, {22, "Bad Truncation"},
    {23, "Bad/missing Server Cookie"}};

constexpr ValueName kOptCodeNames[] = {
    {0, "Reserved"}, {1, "LLQ - Long-lived query"}, {2, "UL - Update lease"}, {3, "NSID - Name Server Identifier"},
    {4, "Owner (reserved)"}, {5, "DAU - DNSSEC Algorithm Understood (RFC6975)"},
    {6, "DHU - DS Hash Understood (RFC6975)"}, {7, "N3U - NSEC3 Hash Understood (RFC6975)"},
    {8, "CSUBNET - Client subnet"}, {9, "EDNS EXPIRE (RFC7314)"}, {10, "COOKIE"}, {11, "EDNS TCP Keepalive"},
    {12, "PADDING"}, {13, "CHAIN"}, {15, "Extended DNS Error"}, {20730, "Experimental - CSUBNET - Client subnet"}};

constexpr ValueName kResponseNames[] = {{0, "Message is a query"}, {1, "Message is a response"}};
constexpr ValueName kAuthoritativeNames[] = {{0, "Server is not an authority for domain"},
                                             {1, "Server is an authority for domain"}};
constexpr ValueName kConflictNames[] = {{0, "The name is considered unique"},
                                        {1, "The name is not considered unique"}};
constexpr ValueName kTruncatedNames[] = {{0, "Message is not truncated"}, {1, "Message is truncated"}};
constexpr ValueName kRecDesiredNames[] = {{0, "Don't do query recursively"}, {1, "Do query recursively"}};
constexpr ValueName kTentativeNames[] = {{0, "Not tentative"}, {1, "Tentative"}};
constexpr ValueName kRecAvailNames[] = {{0, "Server can't do recursive queries"},
                                        {1, "Server can do recursive queries"}};
constexpr ValueName kZNames[] = {{0, "reserved (0)"}, {1, "reserved - incorrect!"}};
constexpr ValueName kAuthenticatedNames[] = {
    {0, "Answer/authority portion was not authenticated by the server"},
    {1, "Answer/authority portion was authenticated by the server"}};
constexpr ValueName kCheckDisableNames[] = {{0, "Unacceptable"}, {1, "Acceptable"}};
constexpr ValueName kTrueFalse[] = {{0, "False"}, {1, "True"}};

constexpr FieldDef kDnsFields[] = {
    {DnsLength, "dns.length", "Length", FieldType::UInt16, Base::Dec},
    {DnsId, "dns.id", "Transaction ID", FieldType::UInt16, Base::Hex},
    {DnsFlags, "dns.flags", "Flags", FieldType::UInt16, Base::Hex},
    {DnsFlagResponse, "dns.flags.response", "Response", FieldType::Bool, Base::None, 0x8000, kResponseNames},
    {DnsFlagOpcode, "dns.flags.opcode", "Opcode", FieldType::UInt16, Base::Dec, 0x7800, kOpcodeNames},
    {DnsFlagAuthoritative, "dns.flags.authoritative", "Authoritative", FieldType::Bool, Base::None, 0x400,
     kAuthoritativeNames},
    // LLMNR reads bits 0x400 and 0x100 as Conflict and Tentative (Wireshark's masks); they share
    // the bits of AA and RD, so their values are computed instead of masked here.
    {DnsFlagConflict, "dns.flags.conflict", "Conflict", FieldType::Bool, Base::None, 0, kConflictNames},
    {DnsFlagTruncated, "dns.flags.truncated", "Truncated", FieldType::Bool, Base::None, 0x200, kTruncatedNames},
    {DnsFlagRecDesired, "dns.flags.recdesired", "Recursion desired", FieldType::Bool, Base::None, 0x100,
     kRecDesiredNames},
    {DnsFlagTentative, "dns.flags.tentative", "Tentative", FieldType::Bool, Base::None, 0, kTentativeNames},
    {DnsFlagRecAvail, "dns.flags.recavail", "Recursion available", FieldType::Bool, Base::None, 0x80, kRecAvailNames},
    {DnsFlagZ, "dns.flags.z", "Z", FieldType::Bool, Base::None, 0x40, kZNames},
    {DnsFlagAuthenticated, "dns.flags.authenticated", "Answer authenticated", FieldType::Bool, Base::None, 0x20,
     kAuthenticatedNames},
    {DnsFlagCheckDisable, "dns.flags.checkdisable", "Non-authenticated data", FieldType::Bool, Base::None, 0x10,
     kCheckDisableNames},
    {DnsFlagRcode, "dns.flags.rcode", "Reply code", FieldType::UInt16, Base::Dec, 0xf, kRcodeNames},
    {DnsCountQueries, "dns.count.queries", "Questions", FieldType::UInt16, Base::Dec},
    {DnsCountZones, "dns.count.zones", "Zones", FieldType::UInt16, Base::Dec},
    {DnsCountAnswers, "dns.count.answers", "Answer RRs", FieldType::UInt16, Base::Dec},
    {DnsCountPrerequisites, "dns.count.prerequisites", "Prerequisites", FieldType::UInt16, Base::Dec},
    {DnsCountAuthRr, "dns.count.auth_rr", "Authority RRs", FieldType::UInt16, Base::Dec},
    {DnsCountUpdates, "dns.count.updates", "Updates", FieldType::UInt16, Base::Dec},
    {DnsCountAddRr, "dns.count.add_rr", "Additional RRs", FieldType::UInt16, Base::Dec},
    {DnsQryName, "dns.qry.name", "Name", FieldType::String},
    {DnsQryNameLen, "dns.qry.name.len", "Name Length", FieldType::UInt16, Base::Dec},
    {DnsCountLabels, "dns.count.labels", "Label Count", FieldType::UInt16, Base::Dec},
    {DnsQryType, "dns.qry.type", "Type", FieldType::UInt16, Base::Dec, 0, kTypeNames},
    {DnsQryClass, "dns.qry.class", "Class", FieldType::UInt16, Base::Hex, 0, kClassNames},
    {DnsQryQu, "dns.qry.qu", "\"QU\" question", FieldType::Bool, Base::None, 0x8000, kTrueFalse},
    {DnsRespName, "dns.resp.name", "Name", FieldType::String},
    {DnsRespType, "dns.resp.type", "Type", FieldType::UInt16, Base::Dec, 0, kTypeNames},
    {DnsRespClass, "dns.resp.class", "Class", FieldType::UInt16, Base::Hex, 0, kClassNames},
    {DnsRespCacheFlush, "dns.resp.cache_flush", "Cache flush", FieldType::Bool, Base::None, 0x8000, kTrueFalse},
    {DnsRespTtl, "dns.resp.ttl", "Time to live", FieldType::UInt32, Base::Dec},
    {DnsRespLen, "dns.resp.len", "Data length", FieldType::UInt16, Base::Dec},
    {DnsA, "dns.a", "Address", FieldType::Ipv4},
    {DnsAaaa, "dns.aaaa", "AAAA Address", FieldType::Ipv6},
    {DnsCname, "dns.cname", "CNAME", FieldType::String},
    {DnsPtrDomainName, "dns.ptr.domain_name", "Domain Name", FieldType::String},
    {DnsNs, "dns.ns", "Name Server", FieldType::String},
    {DnsMxPreference, "dns.mx.preference", "Preference", FieldType::UInt16, Base::Dec},
    {DnsMxMailExchange, "dns.mx.mail_exchange", "Mail Exchange", FieldType::String},
    {DnsTxtLength, "dns.txt.length", "TXT Length", FieldType::UInt8, Base::Dec},
    {DnsTxt, "dns.txt", "TXT", FieldType::String},
    {DnsSoaMname, "dns.soa.mname", "Primary name server", FieldType::String},
    {DnsSoaRname, "dns.soa.rname", "Responsible authority's mailbox", FieldType::String},
    {DnsSoaSerial, "dns.soa.serial_number", "Serial Number", FieldType::UInt32, Base::Dec},
    {DnsSoaRefresh, "dns.soa.refresh_interval", "Refresh Interval", FieldType::UInt32, Base::Dec},
    {DnsSoaRetry, "dns.soa.retry_interval", "Retry Interval", FieldType::UInt32, Base::Dec},
    {DnsSoaExpire, "dns.soa.expire_limit", "Expire limit", FieldType::UInt32, Base::Dec},
    {DnsSoaMinimumTtl, "dns.soa.minimum_ttl", "Minimum TTL", FieldType::UInt32, Base::Dec},
    {DnsSrvPriority, "dns.srv.priority", "Priority", FieldType::UInt16, Base::Dec},
    {DnsSrvWeight, "dns.srv.weight", "Weight", FieldType::UInt16, Base::Dec},
    {DnsSrvPort, "dns.srv.port", "Port", FieldType::UInt16, Base::Dec},
    {DnsSrvTarget, "dns.srv.target", "Target", FieldType::String},
    {DnsHinfoCpuLength, "dns.hinfo.cpu_length", "CPU Length", FieldType::UInt8, Base::Dec},
    {DnsHinfoCpu, "dns.hinfo.cpu", "CPU", FieldType::String},
    {DnsHinfoOsLength, "dns.hinfo.os_length", "OS Length", FieldType::UInt8, Base::Dec},
    {DnsHinfoOs, "dns.hinfo.os", "OS", FieldType::String},
    {DnsRrUdpPayloadSize, "dns.rr.udp_payload_size", "UDP payload size", FieldType::UInt16, Base::Dec},
    {DnsRespExtRcode, "dns.resp.ext_rcode", "Higher bits in extended RCODE", FieldType::UInt8, Base::Hex},
    {DnsRespEdns0Version, "dns.resp.edns0_version", "EDNS0 version", FieldType::UInt8, Base::Dec},
    {DnsRespZ, "dns.resp.z", "Z", FieldType::UInt16, Base::Hex},
    {DnsRespZDo, "dns.resp.z.do", "DO bit", FieldType::Bool, Base::None, 0x8000, kTrueFalse},
    {DnsRespZReserved, "dns.resp.z.reserved", "Reserved", FieldType::UInt16, Base::Hex, 0x7fff},
    {DnsOpt, "dns.opt", "Option", FieldType::None},
    {DnsOptCode, "dns.opt.code", "Option Code", FieldType::UInt16, Base::Dec, 0, kOptCodeNames},
    {DnsOptLen, "dns.opt.len", "Option Length", FieldType::UInt16, Base::Dec},
    {DnsOptData, "dns.opt.data", "Option Data", FieldType::Bytes},
    {DnsData, "dns.data", "Data", FieldType::Bytes},
    {DnsResponseIn, "dns.response_in", "Response In", FieldType::FrameNumber},
    {DnsResponseTo, "dns.response_to", "Request In", FieldType::FrameNumber},
    {DnsTime, "dns.time", "Time", FieldType::RelativeTime},
    {DnsRetransmission, "dns.retransmission", "Retransmission", FieldType::Bool},
    {DnsUnsolicited, "dns.unsolicited", "Unsolicited", FieldType::Bool},
};
static_assert(std::size(kDnsFields) == kDnsFieldCount);

constexpr ExpertDef kDnsExperts[] = {
    {DnsTtlHighBit, "dns.ttl.high_bit_set", ExpertSeverity::Warning, ExpertGroup::Protocol,
     "The uppermost bit of the TTL is set (RFC 2181, section 8)"},
    {DnsRetransmitRequest, "dns.retransmit_request", ExpertSeverity::Warning, ExpertGroup::Protocol,
     "DNS query retransmission"},
    {DnsRetransmitResponse, "dns.retransmit_response", ExpertSeverity::Warning, ExpertGroup::Protocol,
     "DNS response retransmission"},
};
static_assert(std::size(kDnsExperts) == kDnsExpertCount);

// The mnemonic of a type as the Info column and the record titles show it ("A", "ANY").
std::string typeMnemonic(std::uint16_t type) {
    if (type == TypeAny) return "ANY";
    if (type == 10) return "NULL";
    const std::string_view name = nameOf(kTypeNames, type);
    if (name.empty()) return "Unknown (" + std::to_string(type) + ")";
    return std::string(name.substr(0, name.find(' ')));
}

std::string className(std::uint16_t cls) {
    const std::string_view name = nameOf(kClassNames, cls);
    if (!name.empty()) return std::string(name);
    char text[16];
    std::snprintf(text, sizeof text, "0x%04x", cls);
    return text;
}

// Appends one name character as Wireshark shows it: printable ASCII as is, the rest escaped.
void appendNameChar(DnsName& name, std::uint8_t c) {
    char buf[5];
    std::uint32_t n = 0;
    if (c >= 0x20 && c < 0x7f) {
        buf[n++] = static_cast<char>(c);
    } else {
        n = static_cast<std::uint32_t>(std::snprintf(buf, sizeof buf, "\\%03o", c));
    }
    for (std::uint32_t i = 0; i < n; ++i) {
        if (name.length < DnsName::kCapacity) name.text[name.length] = buf[i];
        ++name.length;
    }
}

void setNameText(DnsName& name, std::string_view text) {
    name.length = static_cast<std::uint32_t>(std::min<std::size_t>(text.size(), DnsName::kCapacity));
    std::memcpy(name.text, text.data(), name.length);
}

std::uint64_t conversationKey(const Packet& p) {
    // Order-independent: the query and the response share the key.
    const NetworkAddresses& n = p.networkAddresses();
    std::uint64_t a = 1469598103934665603ull, b = 1469598103934665603ull;
    for (std::uint8_t i = 0; i < n.length; ++i) {
        a = (a ^ n.source[i]) * 1099511628211ull;
        b = (b ^ n.destination[i]) * 1099511628211ull;
    }
    // Wireshark's conversation has the ports too: a query from another port is a new one.
    const FrameFacts& f = p.facts();
    const std::uint64_t stream = f.hasUdp ? f.udp.stream : f.hasTcp ? f.tcp.stream : 0;
    const std::uint64_t transport = f.hasUdp ? 1 : f.hasTcp ? 2 : 0;
    return (a ^ b) ^ ((stream << 2 | transport) * 0x9E3779B97F4A7C15ull);
}

// One message being dissected: the view, the fields' owner, and what the columns collect.
class MessageDissector {
public:
    MessageDissector(Packet& p, const Dissector& dns, const Dissector& owner, const ByteView& message,
                     DnsVariant variant)
        : m_p(p), m_dns(dns), m_owner(owner), m_msg(message), m_variant(variant) {}

    bool run(ItemRef item, DnsTransactions* transactions);

private:
    [[nodiscard]] FieldId f(DnsField field) const { return m_dns.field(field); }
    bool fail(std::uint32_t offset, std::uint32_t length) {
        m_p.markUnavailable(m_owner, m_msg, offset, length);
        return false;
    }
    bool readName(std::uint32_t offset, DnsName& name) {
        if (readDnsName(m_msg, offset, name)) return true;
        if (name.missing == Availability::CutBySnapLength) m_p.markShort(m_msg);
        else m_p.markMalformed(m_owner);
        return false;
    }
    bool question(std::uint32_t& offset);
    bool record(std::uint32_t& offset, bool response);
    void rdata(std::uint16_t type, std::uint32_t at, std::uint16_t length, std::string* title);
    ItemRef addName(DnsField field, std::uint32_t offset, const DnsName& name) {
        if (!m_p.wants(f(field))) return kNoItem;
        return m_p.addText(f(field), m_msg, offset, name.wireLength, name.view());
    }
    void matchTransaction(DnsTransactions& transactions, std::uint16_t id, bool response);

    Packet& m_p;
    const Dissector& m_dns;
    const Dissector& m_owner;
    const ByteView& m_msg;
    DnsVariant m_variant;
    bool m_text = false;  // build titles and Info
};

bool MessageDissector::run(ItemRef item, DnsTransactions* transactions) {
    m_text = m_p.buildsTree() || m_p.wantsColumns();
    if (m_msg.need(0, kHeaderLength) != Availability::Available) {
        if (m_msg.has(0, 2)) m_p.addUint(f(DnsId), m_msg, 0, 2);
        return fail(0, kHeaderLength);
    }
    const std::uint16_t id = m_msg.u16(0);
    const std::uint16_t flags = m_msg.u16(2);
    const bool response = (flags & kFlagResponse) != 0;
    const std::uint16_t opcode = (flags & kFlagOpcode) >> 11;
    const std::uint16_t rcode = flags & 0xf;
    if (m_text) {
        std::string summary(nameOf(kOpcodeNames, opcode));
        if (summary.empty()) summary = "Unknown operation (" + std::to_string(opcode) + ")";
        if (response) summary += " response";
        if (m_p.buildsTree()) {
            std::string_view name = m_variant == DnsVariant::Mdns    ? "Multicast Domain Name System"
                                    : m_variant == DnsVariant::Llmnr ? "Link-local Multicast Name Resolution"
                                                                     : "Domain Name System";
            m_p.setText(item, std::string(name) + (response ? " (response)" : " (query)"));
        }
        if (m_p.wantsColumns()) {
            char id_text[8];
            std::snprintf(id_text, sizeof id_text, " 0x%04x", id);
            std::string& info = m_p.info();
            info = summary + id_text;
            if (response && rcode != 0) {
                const std::string_view rname = nameOf(kRcodeNames, rcode);
                info += " ";
                info += rname.empty() ? "Unknown error (" + std::to_string(rcode) + ")" : std::string(rname);
            }
        }
    }
    m_p.addUint(f(DnsId), m_msg, 0, 2);
    const ItemRef flagsItem = m_p.add(f(DnsFlags), m_msg, 2, 2, FieldValue::ofUnsigned(flags));
    if (m_p.buildsTree() && flagsItem != kNoItem) {
        char text[24];
        std::snprintf(text, sizeof text, "Flags: 0x%04x ", flags);
        std::string label = text;
        const std::string_view op = nameOf(kOpcodeNames, opcode);
        label += op.empty() ? "Unknown operation" : std::string(op);
        if (response) {
            label += " response, ";
            const std::string_view rname = nameOf(kRcodeNames, rcode);
            label += rname.empty() ? "Unknown error" : std::string(rname);
        }
        m_p.setText(flagsItem, label);
    }
    m_p.push(flagsItem);
    m_p.addUint(f(DnsFlagResponse), m_msg, 2, 2);
    m_p.addUint(f(DnsFlagOpcode), m_msg, 2, 2);
    if (m_variant == DnsVariant::Llmnr) {
        m_p.add(f(DnsFlagConflict), m_msg, 2, 2, FieldValue::ofUnsigned((flags >> 10) & 1));
        m_p.addUint(f(DnsFlagTruncated), m_msg, 2, 2);
        m_p.add(f(DnsFlagTentative), m_msg, 2, 2, FieldValue::ofUnsigned((flags >> 8) & 1));
        if (response) m_p.addUint(f(DnsFlagRcode), m_msg, 2, 2);
    } else {
        if (response) m_p.addUint(f(DnsFlagAuthoritative), m_msg, 2, 2);
        m_p.addUint(f(DnsFlagTruncated), m_msg, 2, 2);
        m_p.addUint(f(DnsFlagRecDesired), m_msg, 2, 2);
        if (response) m_p.addUint(f(DnsFlagRecAvail), m_msg, 2, 2);
        m_p.addUint(f(DnsFlagZ), m_msg, 2, 2);
        if (response || (flags & kFlagAuthentic)) m_p.addUint(f(DnsFlagAuthenticated), m_msg, 2, 2);
        m_p.addUint(f(DnsFlagCheckDisable), m_msg, 2, 2);
        if (response) m_p.addUint(f(DnsFlagRcode), m_msg, 2, 2);
    }
    m_p.pop();

    const bool update = opcode == kOpcodeUpdate;
    const std::uint16_t questions = m_msg.u16(4);
    const std::uint16_t answers = m_msg.u16(6);
    const std::uint16_t authorities = m_msg.u16(8);
    const std::uint16_t additionals = m_msg.u16(10);
    m_p.addUint(f(update ? DnsCountZones : DnsCountQueries), m_msg, 4, 2);
    m_p.addUint(f(update ? DnsCountPrerequisites : DnsCountAnswers), m_msg, 6, 2);
    m_p.addUint(f(update ? DnsCountUpdates : DnsCountAuthRr), m_msg, 8, 2);
    m_p.addUint(f(DnsCountAddRr), m_msg, 10, 2);

    std::uint32_t offset = kHeaderLength;
    for (std::uint32_t i = 0; i < questions; ++i) {
        if (!question(offset)) return false;
    }
    const std::uint32_t records = std::uint32_t{answers} + authorities + additionals;
    for (std::uint32_t i = 0; i < records; ++i) {
        if (!record(offset, response)) return false;
    }
    if (transactions != nullptr) matchTransaction(*transactions, id, response);
    return true;
}

namespace {

// What the transactions seen before say about a message (kept per frame, see remember()).
struct DnsMatch {
    enum Kind : std::uint8_t { None, ResponseIn, RequestRetransmitted, Unsolicited, ResponseRetransmitted, ResponseTo };
    Kind kind = None;
    std::uint64_t frame = 0;             // ResponseIn: the response; ResponseTo: the request
    TimestampNs requestTime = kNoTimestamp;
};

DnsMatch matchIn(DnsTransactions& transactions, const Packet& p, std::uint16_t id, bool response) {
    const std::uint64_t frame = p.frame().number;
    auto& t = transactions.lookup(conversationKey(p), id, response ? 0 : frame);
    if (!response) {
        const TimestampNs now = p.frame().timestampNs;
        // Wireshark's dns.retransmission_timer (5 s): a query with the ID of one sent longer ago
        // starts a new transaction rather than repeating the old one.
        constexpr TimestampNs kRetransmissionTimerNs = 5'000'000'000;
        const bool stale = t.requestFrame != 0 && t.requestFrame != frame && now != kNoTimestamp &&
                           t.requestTime != kNoTimestamp && now - t.requestTime >= kRetransmissionTimerNs;
        if (t.requestFrame == 0 || stale) t = {frame, 0, now};
        if (t.requestFrame != frame) return {DnsMatch::RequestRetransmitted};
        if (t.responseFrame != 0) return {DnsMatch::ResponseIn, t.responseFrame};
        return {};
    }
    if (t.requestFrame == 0) return {DnsMatch::Unsolicited};
    if (t.responseFrame == 0) t.responseFrame = frame;
    if (t.responseFrame != frame) return {DnsMatch::ResponseRetransmitted};
    return {DnsMatch::ResponseTo, t.requestFrame, t.requestTime};
}

}  // namespace

void MessageDissector::matchTransaction(DnsTransactions& transactions, std::uint16_t id, bool response) {
    const DnsMatch match =
        m_p.remember<DnsMatch>(m_dns, 0, [&] { return matchIn(transactions, m_p, id, response); });
    switch (match.kind) {
    case DnsMatch::None:
        break;
    case DnsMatch::RequestRetransmitted:
    case DnsMatch::ResponseRetransmitted:
        m_p.addGenerated(f(DnsRetransmission), FieldValue::ofUnsigned(1));
        m_p.addExpertIn(m_owner, m_dns.expert(match.kind == DnsMatch::RequestRetransmitted ? DnsRetransmitRequest
                                                                                           : DnsRetransmitResponse));
        break;
    case DnsMatch::ResponseIn:
        m_p.addGenerated(f(DnsResponseIn), FieldValue::ofUnsigned(match.frame));
        break;
    case DnsMatch::Unsolicited:
        m_p.addGenerated(f(DnsUnsolicited), FieldValue::ofUnsigned(1));
        break;
    case DnsMatch::ResponseTo:
        m_p.addGenerated(f(DnsResponseTo), FieldValue::ofUnsigned(match.frame));
        if (match.requestTime != kNoTimestamp && m_p.frame().timestampNs != kNoTimestamp) {
            m_p.addGenerated(f(DnsTime), FieldValue::ofSigned(m_p.frame().timestampNs - match.requestTime));
        }
        break;
    }
}

bool MessageDissector::question(std::uint32_t& offset) {
    DnsName name;
    if (!readName(offset, name)) return false;
    const std::uint32_t at = offset + name.wireLength;
    if (m_msg.need(at, 4) != Availability::Available) {
        addName(DnsQryName, offset, name);
        return fail(at, 4);
    }
    const std::uint16_t type = m_msg.u16(at);
    const std::uint16_t cls = m_msg.u16(at + 2);
    const bool mdns = m_variant == DnsVariant::Mdns;
    const ItemRef item = addName(DnsQryName, offset, name);
    m_p.push(item);
    m_p.add(f(DnsQryNameLen), m_msg, offset, name.wireLength, FieldValue::ofUnsigned(name.length),
            FieldFlags::Generated);
    m_p.add(f(DnsCountLabels), m_msg, offset, name.wireLength, FieldValue::ofUnsigned(name.labels),
            FieldFlags::Generated);
    m_p.addUint(f(DnsQryType), m_msg, at, 2);
    if (mdns) {
        // mDNS: the top bit of the class is the "QU" bit, the rest the class.
        m_p.add(f(DnsQryClass), m_msg, at + 2, 2, FieldValue::ofUnsigned(cls & 0x7fff));
        m_p.addUint(f(DnsQryQu), m_msg, at + 2, 2);
    } else {
        m_p.addUint(f(DnsQryClass), m_msg, at + 2, 2);
    }
    m_p.pop();
    if (m_text) {
        const std::string qu = mdns ? ((cls & 0x8000) ? ", \"QU\" question" : ", \"QM\" question") : "";
        const std::string mnemonic = typeMnemonic(type);
        if (m_p.buildsTree()) {
            m_p.setText(item, std::string(name.view()) + ": type " + mnemonic + ", class " +
                                  className(mdns ? (cls & 0x7fff) : cls) + qu);
        }
        if (m_p.wantsColumns()) {
            std::string& info = m_p.info();
            info += " " + mnemonic + " ";
            info += name.view();
            info += qu;
        }
    }
    offset = at + 4;
    return true;
}

bool MessageDissector::record(std::uint32_t& offset, bool response) {
    (void)response;
    DnsName name;
    if (!readName(offset, name)) return false;
    const std::uint32_t at = offset + name.wireLength;
    if (m_msg.need(at, 10) != Availability::Available) {
        addName(DnsRespName, offset, name);
        return fail(at, 10);
    }
    const std::uint16_t type = m_msg.u16(at);
    const std::uint16_t cls = m_msg.u16(at + 2);
    const std::uint32_t ttl = m_msg.u32(at + 4);
    const std::uint16_t length = m_msg.u16(at + 8);
    const bool mdns = m_variant == DnsVariant::Mdns;
    const ItemRef item = addName(DnsRespName, offset, name);
    m_p.push(item);
    m_p.addUint(f(DnsRespType), m_msg, at, 2);
    if (type == TypeOpt) {
        m_p.addUint(f(DnsRrUdpPayloadSize), m_msg, at + 2, 2);
        m_p.addUint(f(DnsRespExtRcode), m_msg, at + 4, 1);
        m_p.addUint(f(DnsRespEdns0Version), m_msg, at + 5, 1);
        m_p.addUint(f(DnsRespZ), m_msg, at + 6, 2);
        m_p.addUint(f(DnsRespZDo), m_msg, at + 6, 2);
        m_p.addUint(f(DnsRespZReserved), m_msg, at + 6, 2);
    } else {
        if (mdns) {
            m_p.add(f(DnsRespClass), m_msg, at + 2, 2, FieldValue::ofUnsigned(cls & 0x7fff));
            m_p.addUint(f(DnsRespCacheFlush), m_msg, at + 2, 2);
        } else {
            m_p.addUint(f(DnsRespClass), m_msg, at + 2, 2);
        }
        m_p.addUint(f(DnsRespTtl), m_msg, at + 4, 4);
        if (ttl & 0x80000000u) m_p.addExpertIn(m_owner, m_dns.expert(DnsTtlHighBit));
    }
    m_p.addUint(f(DnsRespLen), m_msg, at + 8, 2);
    const std::uint32_t data = at + 10;
    std::string title;
    const std::string mnemonic = m_text ? typeMnemonic(type) : std::string();
    if (m_text && m_p.wantsColumns()) {
        std::string& info = m_p.info();
        info += " " + mnemonic;
        if (mdns && type != TypeOpt && (cls & 0x8000)) info += ", cache flush";
    }
    if (m_msg.need(data, length) != Availability::Available) {
        m_p.pop();
        return fail(data, length);
    }
    rdata(type, data, length, m_text ? &title : nullptr);
    m_p.pop();
    if (m_p.stopped()) return false;
    if (m_p.buildsTree()) {
        std::string text = std::string(name.view()) + ": type " + mnemonic;
        if (type != TypeOpt) {
            text += ", class " + className(mdns ? (cls & 0x7fff) : cls);
            if (mdns && (cls & 0x8000)) text += ", cache flush";
        }
        m_p.setText(item, text + title);
    }
    offset = data + length;
    return true;
}

// The record's data: fields, a title suffix (", addr 1.2.3.4") and the Info text.
void MessageDissector::rdata(std::uint16_t type, std::uint32_t at, std::uint16_t length, std::string* title) {
    std::string summary;  // what the Info column shows after the type
    switch (type) {
        case TypeA:
            if (length < 4) break;
            m_p.addIpv4(f(DnsA), m_msg, at);
            if (title) {
                summary = formatIpv4(m_msg.u32(at));
                *title = ", addr " + summary;
            }
            break;
        case TypeAaaa:
            if (length < 16) break;
            m_p.addBytes(f(DnsAaaa), m_msg, at, 16);
            if (title) {
                summary = formatIpv6(m_msg.span(at, 16));
                *title = ", addr " + summary;
            }
            break;
        case TypeNs:
        case TypeCname:
        case TypePtr: {
            DnsName target;
            if (!readName(at, target)) return;
            const DnsField field = type == TypeNs ? DnsNs : type == TypeCname ? DnsCname : DnsPtrDomainName;
            addName(field, at, target);
            if (title) {
                summary = std::string(target.view());
                *title = (type == TypeNs ? ", ns " : type == TypeCname ? ", cname " : ", ptr ") + summary;
            }
            break;
        }
        case TypeMx: {
            if (length < 3) break;
            DnsName target;
            m_p.addUint(f(DnsMxPreference), m_msg, at, 2);
            if (!readName(at + 2, target)) return;
            addName(DnsMxMailExchange, at + 2, target);
            if (title) {
                summary = std::to_string(m_msg.u16(at)) + " " + std::string(target.view());
                *title = ", preference " + std::to_string(m_msg.u16(at)) + ", mx " + std::string(target.view());
            }
            break;
        }
        case TypeSoa: {
            DnsName mname, rname;
            if (!readName(at, mname)) return;
            addName(DnsSoaMname, at, mname);
            const std::uint32_t r = at + mname.wireLength;
            if (!readName(r, rname)) return;
            addName(DnsSoaRname, r, rname);
            const std::uint32_t n = r + rname.wireLength;
            if (m_msg.need(n, 20) == Availability::Available) {
                m_p.addUint(f(DnsSoaSerial), m_msg, n, 4);
                m_p.addUint(f(DnsSoaRefresh), m_msg, n + 4, 4);
                m_p.addUint(f(DnsSoaRetry), m_msg, n + 8, 4);
                m_p.addUint(f(DnsSoaExpire), m_msg, n + 12, 4);
                m_p.addUint(f(DnsSoaMinimumTtl), m_msg, n + 16, 4);
            }
            if (title) {
                summary = std::string(mname.view());
                *title = ", mname " + summary;
            }
            break;
        }
        case TypeSrv: {
            if (length < 7) break;
            DnsName target;
            m_p.addUint(f(DnsSrvPriority), m_msg, at, 2);
            m_p.addUint(f(DnsSrvWeight), m_msg, at + 2, 2);
            m_p.addUint(f(DnsSrvPort), m_msg, at + 4, 2);
            if (!readName(at + 6, target)) return;
            addName(DnsSrvTarget, at + 6, target);
            if (title) {
                summary = std::to_string(m_msg.u16(at)) + " " + std::to_string(m_msg.u16(at + 2)) + " " +
                          std::to_string(m_msg.u16(at + 4)) + " " + std::string(target.view());
                *title = ", priority " + std::to_string(m_msg.u16(at)) + ", weight " +
                         std::to_string(m_msg.u16(at + 2)) + ", port " + std::to_string(m_msg.u16(at + 4)) +
                         ", target " + std::string(target.view());
            }
            break;
        }
        case TypeHinfo: {
            const std::uint8_t cpuLength = m_msg.u8(at);
            if (1u + cpuLength >= length) break;
            m_p.addUint(f(DnsHinfoCpuLength), m_msg, at, 1);
            m_p.addText(f(DnsHinfoCpu), m_msg, at + 1, cpuLength, m_msg.text(at + 1, cpuLength));
            const std::uint32_t os = at + 1 + cpuLength;
            const std::uint8_t osLength = m_msg.u8(os);
            m_p.addUint(f(DnsHinfoOsLength), m_msg, os, 1);
            m_p.addText(f(DnsHinfoOs), m_msg, os + 1, osLength, m_msg.text(os + 1, osLength));
            if (title) summary = std::string(m_msg.text(at + 1, cpuLength)) + " " + std::string(m_msg.text(os + 1, osLength));
            break;
        }
        case TypeTxt: {
            std::uint32_t o = at;
            while (o < at + length) {
                const std::uint8_t n = m_msg.u8(o);
                m_p.addUint(f(DnsTxtLength), m_msg, o, 1);
                const std::uint32_t take = std::min<std::uint32_t>(n, at + length - o - 1);
                m_p.addText(f(DnsTxt), m_msg, o + 1, take, m_msg.text(o + 1, take));
                o += 1 + n;
            }
            break;
        }
        case TypeOpt: {
            std::uint32_t o = at;
            while (o + 4 <= at + length) {
                const std::uint16_t optLength = m_msg.u16(o + 2);
                const std::uint32_t take = std::min<std::uint32_t>(optLength, at + length - o - 4);
                const ItemRef opt = m_p.add(f(DnsOpt), m_msg, o, 4 + take, {});
                m_p.push(opt);
                m_p.addUint(f(DnsOptCode), m_msg, o, 2);
                m_p.addUint(f(DnsOptLen), m_msg, o + 2, 2);
                if (take > 0) m_p.addBytes(f(DnsOptData), m_msg, o + 4, take);
                m_p.pop();
                o += 4 + take;
            }
            break;
        }
        default:
            if (length > 0) m_p.addBytes(f(DnsData), m_msg, at, length);
            break;
    }
    if (!summary.empty() && m_p.wantsColumns()) m_p.info() += " " + summary;
}

}  // namespace

std::span<const FieldDef> dnsFieldTable() { return kDnsFields; }
std::span<const ExpertDef> dnsExpertTable() { return kDnsExperts; }

DnsTransactions::Transaction& DnsTransactions::lookup(std::uint64_t key, std::uint16_t id, std::uint64_t frame) {
    // Newest first: a query seen again in a re-dissection finds its own transaction.
    for (auto it = m_entries.rbegin(); it != m_entries.rend(); ++it) {
        if (it->key != key || it->id != id) continue;
        if (frame == 0) return it->transaction;                       // a response: the latest query
        if (it->transaction.requestFrame == frame) return it->transaction;
        if (it->transaction.responseFrame == 0) return it->transaction;  // unanswered: retransmission
        break;
    }
    if (m_entries.size() >= 65536) m_entries.erase(m_entries.begin(), m_entries.begin() + 4096);
    m_entries.push_back({key, id, {}});
    return m_entries.back().transaction;
}

bool dissectDnsMessage(Packet& p, const Dissector& dns, const Dissector& owner, ItemRef item,
                       const ByteView& message, DnsVariant variant, DnsTransactions* transactions) {
    MessageDissector d(p, dns, owner, message, variant);
    return d.run(item, transactions);
}

bool looksLikeDnsMessage(const ByteView& v) {
    // Wireshark's dissect_dns_heur: a standard query (one question, nothing else) or a
    // response with few records, and room for what the counts announce.
    if (v.reported() <= kHeaderLength || !v.has(0, kHeaderLength)) return false;
    const std::uint16_t flags = v.u16(2);
    if (flags & kFlagOpcode) return false;
    const std::uint16_t questions = v.u16(4), answers = v.u16(6), authorities = v.u16(8), additionals = v.u16(10);
    if (!(flags & kFlagResponse)) {
        if (questions != 1 || answers != 0 || authorities != 0) return false;
    } else if (questions > 1 || answers > 100 || authorities > 10) {
        return false;
    }
    if (additionals > 10) return false;
    if (questions + answers == 0) return false;
    const std::uint32_t needed = questions * 6u + (std::uint32_t{answers} + authorities + additionals) * 11u;
    return needed <= v.reported() - kHeaderLength;
}

bool readDnsName(const ByteView& message, std::uint32_t offset, DnsName& name) {
    name.length = 0;
    name.labels = 0;
    name.wireLength = 0;
    name.missing = Availability::Available;
    std::uint32_t at = offset;
    std::int64_t wireLength = -1;      // set at the first pointer
    std::uint32_t processed = 0;       // bytes looked at, to detect pointer loops
    const std::uint32_t size = message.reported();
    bool tooLong = false, loops = false, unknownLabel = false;
    while (true) {
        if (message.need(at, 1) != Availability::Available) {
            name.missing = message.need(at, 1);
            return false;
        }
        const std::uint8_t length = message.u8(at++);
        ++processed;
        if ((length & 0xc0) == 0xc0) {
            if (message.need(at, 1) != Availability::Available) {
                name.missing = message.need(at, 1);
                return false;
            }
            const std::uint32_t target = (std::uint32_t{length & 0x3fu} << 8) | message.u8(at++);
            ++processed;
            if (wireLength < 0) wireLength = at - offset;
            if (processed >= size) {
                loops = true;
                break;
            }
            at = target;
            continue;
        }
        if (length & 0xc0) {  // extended (0x40) and reserved (0x80) label types
            unknownLabel = true;
            break;
        }
        if (length == 0) break;
        if (message.need(at, length) != Availability::Available) {
            name.missing = message.need(at, length);
            return false;
        }
        if (name.labels > 0) appendNameChar(name, '.');
        for (std::uint32_t i = 0; i < length; ++i) appendNameChar(name, message.u8(at + i));
        ++name.labels;
        if (name.length > kMaxNameLength) tooLong = true;
        at += length;
        processed += length;
    }
    name.wireLength = static_cast<std::uint32_t>(wireLength < 0 ? at - offset : wireLength);
    // A name that grew too long reads so even when it also loops (as Wireshark shows it).
    if (tooLong) {
        setNameText(name, "<Name too long>");
    } else if (loops) {
        setNameText(name, "<Name contains a pointer that loops>");
    } else if (unknownLabel) {
        setNameText(name, "<Unknown extended label>");
    } else if (name.length == 0) {
        setNameText(name, "<Root>");
    }
    return true;
}

}  // namespace caplens::proto
