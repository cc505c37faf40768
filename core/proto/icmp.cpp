// icmp — Internet Control Message Protocol (RFC 792, RFC 950, RFC 1256, RFC 4884): type and
// code names, the fields of each message, echo request/reply matching, and the datagram an
// error quotes, dissected inside the ICMP tree as tshark does ("icmp:ip:udp").
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |     Type      |     Code      |          Checksum             |
//   |   Identifier / unused / gateway / pointer ...                 |
//   |   Data (echo) or the quoted IP header + 64 bits (errors) ...
#include <map>
#include <tuple>

#include "core/proto/echo_match.hpp"
#include "core/proto/frozen_columns.hpp"
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 8;

enum IcmpType : std::uint8_t {
    EchoReply = 0, Unreachable = 3, SourceQuench = 4, Redirect = 5, AlternateHost = 6, Echo = 8,
    RouterAdvertisement = 9, RouterSolicitation = 10, TimeExceeded = 11, ParameterProblem = 12,
    Timestamp = 13, TimestampReply = 14, InfoRequest = 15, InfoReply = 16, MaskRequest = 17, MaskReply = 18,
    Photuris = 40, ExtendedEcho = 42, ExtendedEchoReply = 43,
};

constexpr ValueName kTypeNames[] = {
    {0, "Echo (ping) reply"}, {1, "Reserved"}, {2, "Reserved"}, {3, "Destination unreachable"},
    {4, "Source quench (flow control)"}, {5, "Redirect"}, {6, "Alternate host address"},
    {8, "Echo (ping) request"}, {9, "Router advertisement"}, {10, "Router solicitation"},
    {11, "Time-to-live exceeded"}, {12, "Parameter problem"}, {13, "Timestamp request"}, {14, "Timestamp reply"},
    {15, "Information request"}, {16, "Information reply"}, {17, "Address mask request"},
    {18, "Address mask reply"}, {19, "Reserved (for security)"}, {30, "Traceroute"},
    {31, "Datagram Conversion Error"}, {32, "Mobile Host Redirect"}, {33, "IPv6 Where-Are-You"},
    {34, "IPv6 I-Am-Here"}, {35, "Mobile Registration Request"}, {36, "Mobile Registration Reply"},
    {37, "Domain Name Request"}, {38, "Domain Name Reply"}, {39, "SKIP"}, {40, "Photuris"},
    {41, "Experimental mobility protocols"}, {42, "Extended Echo request"}, {43, "Extended Echo reply"},
};
constexpr ValueName kUnreachableCodes[] = {
    {0, "Network unreachable"}, {1, "Host unreachable"}, {2, "Protocol unreachable"}, {3, "Port unreachable"},
    {4, "Fragmentation needed"}, {5, "Source route failed"}, {6, "Destination network unknown"},
    {7, "Destination host unknown"}, {8, "Source host isolated"}, {9, "Network administratively prohibited"},
    {10, "Host administratively prohibited"}, {11, "Network unreachable for TOS"},
    {12, "Host unreachable for TOS"}, {13, "Communication administratively filtered"},
    {14, "Host precedence violation"}, {15, "Precedence cutoff in effect"},
};
constexpr ValueName kRedirectCodes[] = {{0, "Redirect for network"}, {1, "Redirect for host"},
                                        {2, "Redirect for TOS and network"}, {3, "Redirect for TOS and host"}};
constexpr ValueName kAlternateHostCodes[] = {{0, "Alternate address for host"}};
constexpr ValueName kRouterAdvertisementCodes[] = {{0, "Normal router advertisement"},
                                                   {16, "Does not route common traffic"}};
constexpr ValueName kTimeExceededCodes[] = {{0, "Time to live exceeded in transit"},
                                            {1, "Fragment reassembly time exceeded"}};
constexpr ValueName kParameterProblemCodes[] = {{0, "Pointer indicates the error"}, {1, "Required option missing"},
                                                {2, "Bad length"}};
constexpr ValueName kPhoturisCodes[] = {{0, "Bad SPI"}, {1, "Authentication Failed"}, {2, "Decompression Failed"},
                                        {3, "Decryption Failed"}, {4, "Need Authentication"},
                                        {5, "Need Authorization"}};
constexpr ValueName kExtendedEchoReplyCodes[] = {{0, "No Error"}, {1, "Malformed Query"}, {2, "No Such Interface"},
                                                 {3, "No Such Table Entry"},
                                                 {4, "Multiple Interfaces Satisfy Query"}};
constexpr ValueName kChecksumStatus[] = {{0, "Bad"}, {1, "Good"}, {2, "Unverified"}};

enum IcmpField : FieldIndex {
    Type, Code, Checksum, ChecksumStatus, Unused, Ident, IdentLe, Seq, SeqLe, Mtu, NumAddrs, AddrEntrySize,
    Lifetime, Pointer, RouterAddress, PrefLevel, OriginateTimestamp, ReceiveTimestamp, TransmitTimestamp,
    AddressMask, RedirGw, LengthOriginal, ExtData, RespIn, RespTo, RespTime, kIcmpFieldCount
};

constexpr FieldDef kIcmpFields[] = {
    {Type, "icmp.type", "Type", FieldType::UInt8, Base::Dec, 0, kTypeNames},
    {Code, "icmp.code", "Code", FieldType::UInt8, Base::Dec},
    {Checksum, "icmp.checksum", "Checksum", FieldType::UInt16, Base::Hex},
    {ChecksumStatus, "icmp.checksum.status", "Checksum Status", FieldType::UInt8, Base::None, 0, kChecksumStatus},
    {Unused, "icmp.unused", "Unused", FieldType::Bytes},
    {Ident, "icmp.ident", "Identifier (BE)", FieldType::UInt16, Base::DecHex},
    {IdentLe, "icmp.ident_le", "Identifier (LE)", FieldType::UInt16, Base::DecHex},
    {Seq, "icmp.seq", "Sequence Number (BE)", FieldType::UInt16, Base::DecHex},
    {SeqLe, "icmp.seq_le", "Sequence Number (LE)", FieldType::UInt16, Base::DecHex},
    {Mtu, "icmp.mtu", "MTU of next hop", FieldType::UInt16, Base::Dec},
    {NumAddrs, "icmp.num_addrs", "Number of addresses", FieldType::UInt8, Base::Dec},
    {AddrEntrySize, "icmp.addr_entry_size", "Address entry size", FieldType::UInt8, Base::Dec},
    {Lifetime, "icmp.lifetime", "Lifetime", FieldType::UInt16, Base::Dec},
    {Pointer, "icmp.pointer", "Pointer", FieldType::UInt32, Base::Dec},
    {RouterAddress, "icmp.router_address", "Router address", FieldType::Ipv4},
    {PrefLevel, "icmp.pref_level", "Preference level", FieldType::Int32, Base::Dec},
    {OriginateTimestamp, "icmp.originate_timestamp", "Originate Timestamp", FieldType::UInt32, Base::Dec},
    {ReceiveTimestamp, "icmp.receive_timestamp", "Receive Timestamp", FieldType::UInt32, Base::Dec},
    {TransmitTimestamp, "icmp.transmit_timestamp", "Transmit Timestamp", FieldType::UInt32, Base::Dec},
    {AddressMask, "icmp.address_mask", "Address Mask", FieldType::Ipv4},
    {RedirGw, "icmp.redir_gw", "Gateway Address", FieldType::Ipv4},
    {LengthOriginal, "icmp.length.original_datagram", "Length of original datagram", FieldType::UInt8, Base::Dec},
    {ExtData, "icmp.ext.data", "Data", FieldType::Bytes},
    {RespIn, "icmp.resp_in", "Response frame", FieldType::FrameNumber},
    {RespTo, "icmp.resp_to", "Request frame", FieldType::FrameNumber},
    {RespTime, "icmp.resptime", "Response time", FieldType::Double},
};
static_assert(std::size(kIcmpFields) == kIcmpFieldCount);

enum IcmpExpert : std::uint16_t { ChecksumBad, kIcmpExpertCount };
constexpr ExpertDef kIcmpExperts[] = {
    {ChecksumBad, "icmp.checksum_bad", ExpertSeverity::Warning, ExpertGroup::Checksum, "Bad checksum"},
};
static_assert(std::size(kIcmpExperts) == kIcmpExpertCount);

// The names of `type`'s codes, if Wireshark has any.
std::span<const ValueName> codeNames(std::uint8_t type) {
    switch (type) {
        case Unreachable: return kUnreachableCodes;
        case Redirect: return kRedirectCodes;
        case AlternateHost: return kAlternateHostCodes;
        case RouterAdvertisement: return kRouterAdvertisementCodes;
        case TimeExceeded: return kTimeExceededCodes;
        case ParameterProblem: return kParameterProblemCodes;
        case Photuris: return kPhoturisCodes;
        case ExtendedEchoReply: return kExtendedEchoReplyCodes;
        default: return {};
    }
}

bool isError(std::uint8_t type) {
    return type == Unreachable || type == SourceQuench || type == Redirect || type == TimeExceeded ||
           type == ParameterProblem;
}

bool hasIdentifier(std::uint8_t type) {
    return type == EchoReply || type == Echo || type == Timestamp || type == TimestampReply || type == InfoRequest ||
           type == InfoReply || type == MaskRequest || type == MaskReply;
}

// RFC 1071 Internet checksum of `bytes` (0 when they carry a correct checksum), the 16-bit
// word at `skip` counted as zero (the value the checksum field should hold).
std::uint16_t internetChecksum(std::span<const std::uint8_t> bytes, std::size_t skip = SIZE_MAX) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        if (i != skip) sum += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
    }
    if (bytes.size() % 2) sum += static_cast<std::uint32_t>(bytes.back() << 8);
    while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

// The checksum the request of a reply had: the type went from 8 to 0, which adds 0x0800 to
// the checksum in ones' complement arithmetic; this takes it away again.
std::uint16_t requestChecksum(std::uint16_t reply) {
    const std::uint32_t sum = std::uint32_t{reply} + 0xF7FFu;
    return static_cast<std::uint16_t>((sum & 0xFFFF) + (sum >> 16));
}

using IcmpState = EchoExchanges<std::uint32_t>;

class IcmpProtocol final : public Dissector {
public:
    IcmpProtocol() : Dissector({"icmp", "ICMP", "Internet Control Message Protocol"}) {}

    void connect(const Dissector* ip) { m_ip = ip; }
    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override { return std::make_unique<IcmpState>(); }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        // Wireshark reads the fixed header before it adds the ICMP item: a shorter message is
        // malformed (or cut) without an ICMP level in the hierarchy.
        if (view.need(0, kHeaderLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kHeaderLength);
            return view.reported();
        }
        const std::uint8_t type = view.u8(0);
        const std::uint8_t code = view.u8(1);
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        addTypeAndCode(p, view, type, code);
        addChecksum(p, view);
        const bool quoted = insideError(p);
        std::string info;
        if (p.wantsColumns()) info = infoStart(type, code);

        if (hasIdentifier(type)) {
            addIdentifier(p, view);
            if (p.wantsColumns()) info += identifierInfo(p, view);
        }
        if ((type == Echo || type == EchoReply) && !quoted) match(p, view, type, info);
        if (p.wantsColumns()) p.info() = info;

        p.nestNextProtocolsIn(item);  // the rest of the message shows inside the ICMP tree
        if (isError(type)) {
            dissectError(p, view, type, code);
        } else {
            dissectBody(p, view, type);
        }
        return view.reported();
    }

private:
    void addTypeAndCode(Packet& p, const ByteView& v, std::uint8_t type, std::uint8_t code) const {
        const ItemRef typeItem = p.add(field(Type), v, 0, 1, FieldValue::ofUnsigned(type));
        const ItemRef codeItem = p.add(field(Code), v, 1, 1, FieldValue::ofUnsigned(code));
        if (!p.buildsTree()) return;
        const std::string_view typeName = nameOf(kTypeNames, type);
        p.setText(typeItem, "Type: " + std::to_string(type) + " (" + std::string(typeName.empty() ? "Unknown" : typeName) + ")");
        const std::string_view codeName = nameOf(codeNames(type), code);
        p.setText(codeItem, "Code: " + std::to_string(code) + (codeName.empty() ? "" : " (" + std::string(codeName) + ")"));
    }

    // Verified when every byte is here, as Wireshark does by default.
    void addChecksum(Packet& p, const ByteView& v) const {
        p.addUint(field(Checksum), v, 2, 2);
        if (v.isCut()) {
            p.addGenerated(field(ChecksumStatus), FieldValue::ofUnsigned(2));
            return;
        }
        const bool good = internetChecksum(v.bytes()) == 0;
        p.addGenerated(field(ChecksumStatus), FieldValue::ofUnsigned(good ? 1 : 0));
        if (!good) {
            char text[48];
            std::snprintf(text, sizeof text, "Bad checksum [should be 0x%04x]", internetChecksum(v.bytes(), 2));
            p.addExpert(expert(ChecksumBad), text);
        }
    }

    void addIdentifier(Packet& p, const ByteView& v) const {
        p.addUint(field(Ident), v, 4, 2);
        p.addUintLe(field(IdentLe), v, 4, 2);
        p.addUint(field(Seq), v, 6, 2);
        p.addUintLe(field(SeqLe), v, 6, 2);
    }

    // A message quoted by an ICMP error (in_error_pkt): no request/response bookkeeping there.
    [[nodiscard]] bool insideError(const Packet& p) const {
        const auto layers = p.layers();
        return std::count(layers.begin(), layers.end(), id()) > 1;
    }

    void match(Packet& p, const ByteView& v, std::uint8_t type, std::string& info) const {
        const NetworkAddresses& n = p.networkAddresses();
        if (n.length != 4) return;
        const std::uint32_t src = load<std::uint32_t>(n.source.data(), ByteOrder::Big);
        const std::uint32_t dst = load<std::uint32_t>(n.destination.data(), ByteOrder::Big);
        const EchoMatch match = p.remember<EchoMatch>(*this, 0, [&] {
            return matchEcho(p.state<IcmpState>(*this), p, type == Echo, IcmpState::Key{v.u16(4), v.u16(6), v.u16(2), src, dst},
                             IcmpState::Key{v.u16(4), v.u16(6), requestChecksum(v.u16(2)), dst, src});
        });
        addEchoMatch(p, match, field(RespIn), field(RespTo), field(RespTime), info);
    }

    // Destination unreachable, source quench, redirect, time exceeded, parameter problem: the
    // IP header and first bytes of the datagram that caused the error follow the header.
    void dissectError(Packet& p, const ByteView& v, std::uint8_t type, std::uint8_t code) const {
        std::uint32_t originalLength = 0;  // RFC 4884, in 32-bit words; 0 when not used
        switch (type) {
            case Redirect: p.addIpv4(field(RedirGw), v, 4); break;
            case ParameterProblem:
                p.add(field(Pointer), v, 4, 1, FieldValue::ofUnsigned(v.u8(4)));
                originalLength = v.u8(5);
                break;
            case Unreachable:
                if (code == 4) {
                    p.addBytes(field(Unused), v, 4, 2);
                    p.addUint(field(Mtu), v, 6, 2);
                } else {
                    p.addBytes(field(Unused), v, 4, 4);
                }
                originalLength = v.u8(5);
                break;
            case TimeExceeded:
                p.addBytes(field(Unused), v, 4, 4);
                originalLength = v.u8(5);
                break;
            default: p.addBytes(field(Unused), v, 4, 4); break;
        }
        ByteView quoted = v.from(kHeaderLength);
        ByteView extensions;
        if (originalLength != 0 && originalLength * 4 < quoted.reported()) {
            p.add(field(LengthOriginal), v, 5, 1, FieldValue::ofUnsigned(originalLength * 4));
            extensions = quoted.from(originalLength * 4);
            quoted = quoted.limit(originalLength * 4);
        }
        if (quoted.empty() || m_ip == nullptr) return;
        {
            const QuotedDatagram inError(p);
            p.call(*m_ip, quoted);
        }
        if (!extensions.empty() && !p.stopped()) p.addBytes(field(ExtData), extensions, 0, extensions.captured());
    }

    void dissectBody(Packet& p, const ByteView& v, std::uint8_t type) const {
        std::uint32_t dataAt = kHeaderLength;
        switch (type) {
            case RouterAdvertisement: dataAt = addRouterAdvertisement(p, v); break;
            case Timestamp:
            case TimestampReply:
                p.addUint(field(OriginateTimestamp), v, 8, 4);
                p.addUint(field(ReceiveTimestamp), v, 12, 4);
                p.addUint(field(TransmitTimestamp), v, 16, 4);
                dataAt = 20;
                break;
            case MaskRequest:
            case MaskReply:
                p.addIpv4(field(AddressMask), v, 8);
                dataAt = 12;
                break;
            case RouterSolicitation:
                p.addBytes(field(Unused), v, 4, 4);
                break;
            default: break;
        }
        if (dataAt < v.reported()) p.callData(v.from(dataAt));
    }

    std::uint32_t addRouterAdvertisement(Packet& p, const ByteView& v) const {
        const std::uint32_t count = v.u8(4);
        const std::uint32_t entrySize = v.u8(5);
        p.addUint(field(NumAddrs), v, 4, 1);
        p.addUint(field(AddrEntrySize), v, 5, 1);
        p.addUint(field(Lifetime), v, 6, 2);
        std::uint32_t at = kHeaderLength;
        if (entrySize < 2) return at;
        for (std::uint32_t i = 0; i < count && at + 8 <= v.reported(); ++i, at += entrySize * 4) {
            p.addIpv4(field(RouterAddress), v, at);
            p.add(field(PrefLevel), v, at + 4, 4, FieldValue::ofSigned(static_cast<std::int32_t>(v.u32(at + 4))));
        }
        return std::min(at, v.reported());
    }

    // "Echo (ping) request  " — the type name padded to 20, then the code's name.
    static std::string infoStart(std::uint8_t type, std::uint8_t code) {
        const std::string_view name = nameOf(kTypeNames, type);
        char text[64];
        std::snprintf(text, sizeof text, "%-20s",
                      name.empty() ? "Unknown ICMP (obsolete or malformed?)" : std::string(name).c_str());
        std::string out = text;
        const std::string_view codeName = nameOf(codeNames(type), code);
        if (!codeName.empty()) out += " (" + std::string(codeName) + ")";
        return out;
    }

    static std::string identifierInfo(const Packet& p, const ByteView& v) {
        char text[64];
        std::snprintf(text, sizeof text, " id=0x%04x, seq=%u/%u", v.u16(4), v.u16(6), v.u16le(6));
        std::string out = text;
        if (const int ttl = ttlOfIpHeader(p, v); ttl >= 0) out += ", ttl=" + std::to_string(ttl);
        return out;
    }

    // The TTL of the IPv4 header this message came in (-1: not found). Wireshark takes it from
    // the IP layer: here it is the header right before the message, or, for a reassembled
    // datagram, the header in the frame whose addresses are the datagram's.
    static int ttlOfIpHeader(const Packet& p, const ByteView& v) {
        constexpr std::uint32_t kScanLimit = 512;
        const auto frame = p.frameView().bytes();
        if (v.source() == 0) {
            const std::uint32_t at = v.sourceOffset();
            for (std::uint32_t words = 5; words <= 15 && at >= words * 4 && at <= frame.size(); ++words) {
                const std::uint32_t header = at - words * 4;
                if (frame[header] == (0x40 | words) && frame[header + 9] == 1) return frame[header + 8];
            }
        }
        const NetworkAddresses& n = p.networkAddresses();
        if (n.length != 4) return -1;
        const std::size_t end = std::min<std::size_t>(frame.size(), kScanLimit);
        for (std::size_t at = 0; at + 20 <= end; ++at) {
            if ((frame[at] >> 4) != 4 || (frame[at] & 0x0F) < 5 || frame[at + 9] != 1) continue;
            if (std::equal(n.source.begin(), n.source.begin() + 4, frame.begin() + at + 12) &&
                std::equal(n.destination.begin(), n.destination.begin() + 4, frame.begin() + at + 16)) {
                return frame[at + 8];
            }
        }
        return -1;
    }

    const Dissector* m_ip = nullptr;
};

}  // namespace

void registerIcmp(Registry& r) {
    auto& icmp = r.addProtocol<IcmpProtocol>(kIcmpFields);
    r.addExperts(icmp, kIcmpExperts);
    r.onHandoff([&icmp](Registry& registry) {
        icmp.connect(registry.findProtocol("ip"));
        registry.table("ip.proto").add(1, icmp);
    });
}

}  // namespace caplens::proto
