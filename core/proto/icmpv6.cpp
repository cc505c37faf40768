// icmpv6 — Internet Control Message Protocol for IPv6 (RFC 4443): errors with the quoted
// datagram dissected inside the ICMPv6 tree, echo request/reply matching, Neighbor Discovery
// (RFC 4861: router/neighbor solicitation and advertisement, redirect, and their options) and
// Multicast Listener Discovery (RFC 2710, RFC 3810).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |     Type      |     Code      |          Checksum             |
//   |                         Message Body ...                      |
#include <map>
#include <array>
#include <tuple>

#include "core/proto/echo_match.hpp"
#include "core/proto/frozen_columns.hpp"
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 4;
constexpr std::size_t kMaxOptions = 256;  // a bound on option lists (each is at least 8 bytes anyway)

enum Icmpv6Type : std::uint8_t {
    Unreachable = 1, PacketTooBig = 2, TimeExceeded = 3, ParameterProblem = 4, EchoRequest = 128, EchoReply = 129,
    MldQuery = 130, MldReport = 131, MldDone = 132, RouterSolicitation = 133, RouterAdvertisement = 134,
    NeighborSolicitation = 135, NeighborAdvertisement = 136, Redirect = 137, Mld2Report = 143,
};

enum NdOption : std::uint8_t {
    SourceLinkAddress = 1, TargetLinkAddress = 2, PrefixInformation = 3, RedirectedHeader = 4, MtuOption = 5,
    AdvertisementInterval = 7, HomeAgentInformation = 8, RecursiveDnsServer = 25, DnsSearchList = 31,
};

constexpr ValueName kTypeNames[] = {
    {1, "Destination Unreachable"}, {2, "Packet Too Big"}, {3, "Time Exceeded"}, {4, "Parameter Problem"},
    {100, "Private experimentation"}, {101, "Private experimentation"},
    {127, "Reserved for expansion of ICMPv6 error messages"}, {128, "Echo (ping) request"},
    {129, "Echo (ping) reply"}, {130, "Multicast Listener Query"}, {131, "Multicast Listener Report"},
    {132, "Multicast Listener Done"}, {133, "Router Solicitation"}, {134, "Router Advertisement"},
    {135, "Neighbor Solicitation"}, {136, "Neighbor Advertisement"}, {137, "Redirect"},
    {138, "Router Renumbering"}, {139, "Node Information Query"}, {140, "Node Information Reply"},
    {141, "Inverse Neighbor Discovery Solicitation"}, {142, "Inverse Neighbor Discovery Advertisement"},
    {143, "Multicast Listener Report Message v2"}, {144, "Home Agent Address Discovery Request"},
    {145, "Home Agent Address Discovery Reply"}, {146, "Mobile Prefix Solicitation"},
    {147, "Mobile Prefix Advertisement"}, {148, "Certification Path Solicitation"},
    {149, "Certification Path Advertisement"}, {150, "Experimental Mobility"},
    {151, "Multicast Router Advertisement"}, {152, "Multicast Router Solicitation"},
    {153, "Multicast Router Termination"}, {154, "FMIPv6"}, {155, "RPL Control"}, {156, "Locator Update"},
    {157, "Duplicate Address Request"}, {158, "Duplicate Address Confirmation"}, {159, "MPL Control Message"},
    {160, "Extended Echo request"}, {161, "Extended Echo reply"}, {200, "Private experimentation"},
    {201, "Private experimentation"}, {255, "Reserved for expansion of ICMPv6 informational messages"},
};
constexpr ValueName kUnreachableCodes[] = {
    {0, "no route to destination"}, {1, "Administratively prohibited"}, {2, "Beyond scope of source address"},
    {3, "Address unreachable"}, {4, "Port unreachable"}, {5, "Source address failed ingress/egress policy"},
    {6, "Reject route to destination"}, {7, "Error in Source Routing Header"},
};
constexpr ValueName kTimeExceededCodes[] = {{0, "hop limit exceeded in transit"},
                                            {1, "fragment reassembly time exceeded"}};
constexpr ValueName kParameterProblemCodes[] = {
    {0, "erroneous header field encountered"}, {1, "unrecognized Next Header type encountered"},
    {2, "unrecognized IPv6 option encountered"}, {3, "IPv6 First Fragment has incomplete IPv6 Header Chain"},
};
constexpr ValueName kOptionNames[] = {
    {1, "Source link-layer address"}, {2, "Target link-layer address"}, {3, "Prefix information"},
    {4, "Redirected header"}, {5, "MTU"}, {6, "NBMA Shortcut Limit Option"}, {7, "Advertisement Interval"},
    {8, "Home Agent Information"}, {9, "Source Address List"}, {10, "Target Address List"}, {11, "CGA"},
    {12, "RSA Signature"}, {13, "Timestamp"}, {14, "Nonce"}, {15, "Trust Anchor"}, {16, "Certificate"},
    {17, "IP Address/Prefix Option"}, {18, "New Router Prefix Information"}, {19, "Link-layer Address"},
    {20, "Neighbor Advertisement Acknowledgment"}, {23, "MAP"}, {24, "Route Information"},
    {25, "Recursive DNS Server"}, {26, "RA Flags Extension"}, {27, "Handover Key Request"},
    {28, "Handover Key Reply"}, {29, "Handover Assist Information"}, {30, "Mobile Node Identifier Option"},
    {31, "DNS Search List Option"}, {32, "Proxy Signature (PS)"}, {33, "Address Registration Option"},
    {34, "6LoWPAN Context Option"}, {35, "Authoritative Border Router"},
    {36, "6LoWPAN Capability Indication Option"}, {37, "DHCP Captive-Portal"}, {38, "PREF64 Option"},
    {138, "CARD Request"}, {139, "CARD Reply"}, {253, "RFC3692-style Experiment 1"},
    {254, "RFC3692-style Experiment 2"},
};
constexpr ValueName kRouterPreference[] = {{0, "Medium"}, {1, "High"}, {2, "Reserved"}, {3, "Low"}};
constexpr ValueName kRecordTypes[] = {{1, "Include"}, {2, "Exclude"}, {3, "Changed to include"},
                                      {4, "Changed to exclude"}, {5, "Allow new sources"}, {6, "Block old sources"}};
constexpr ValueName kSetNames[] = {{0, "Not set"}, {1, "Set"}};
constexpr ValueName kChecksumStatus[] = {{0, "Bad"}, {1, "Good"}, {2, "Unverified"}};

enum Icmpv6Field : FieldIndex {
    Type, Code, Checksum, ChecksumStatus, Reserved, Data, Mtu, Pointer, EchoIdentifier, EchoSequence, Nonce,
    RaCurHopLimit, RaFlag, RaFlagM, RaFlagO, RaFlagH, RaFlagPrf, RaFlagP, RaFlagRsv, RaRouterLifetime,
    RaReachableTime, RaRetransTimer, NsTargetAddress, NaFlag, NaFlagR, NaFlagS, NaFlagO, NaFlagRsv,
    NaTargetAddress, RdTargetAddress, RdDestinationAddress,
    Opt, OptType, OptLength, OptReserved, OptPadding, OptLinkAddr, OptSrcLinkAddr, OptTargetLinkAddr,
    OptPrefixLength, OptPrefixFlag, OptPrefixFlagL, OptPrefixFlagA, OptPrefixFlagR, OptPrefixFlagReserved,
    OptPrefixValidLifetime, OptPrefixPreferredLifetime, OptPrefix, OptRedirectedPacket, OptMtu,
    OptAdvertisementInterval, OptHomeAgentPreference, OptHomeAgentLifetime, OptRdnssLifetime, OptRdnss,
    OptDnsslLifetime, OptDnssl,
    MldMaxResponseDelay, MldMulticastAddress, MldMaxResponseCode, MldFlag, MldFlagS, MldFlagQrv, MldFlagReserved,
    MldQqi, MldNbSources, MldSourceAddress, MldrNbRecords, MldrRecord, MldrRecordType, MldrAuxDataLen,
    MldrNbSources, MldrMulticastAddress, MldrSourceAddress, MldrAuxData,
    RespIn, RespTo, RespTime, kIcmpv6FieldCount
};

constexpr FieldDef kIcmpv6Fields[] = {
    {Type, "icmpv6.type", "Type", FieldType::UInt8, Base::Dec, 0, kTypeNames},
    {Code, "icmpv6.code", "Code", FieldType::UInt8, Base::Dec},
    {Checksum, "icmpv6.checksum", "Checksum", FieldType::UInt16, Base::Hex},
    {ChecksumStatus, "icmpv6.checksum.status", "Checksum Status", FieldType::UInt8, Base::None, 0, kChecksumStatus},
    {Reserved, "icmpv6.reserved", "Reserved", FieldType::Bytes},
    {Data, "icmpv6.data", "Data", FieldType::Bytes},
    {Mtu, "icmpv6.mtu", "MTU", FieldType::UInt32, Base::Dec},
    {Pointer, "icmpv6.pointer", "Pointer", FieldType::UInt32, Base::Dec},
    {EchoIdentifier, "icmpv6.echo.identifier", "Identifier", FieldType::UInt16, Base::Hex},
    {EchoSequence, "icmpv6.echo.sequence_number", "Sequence", FieldType::UInt16, Base::Dec},
    {Nonce, "icmpv6.nonce", "Nonce", FieldType::Bytes},
    {RaCurHopLimit, "icmpv6.nd.ra.cur_hop_limit", "Cur hop limit", FieldType::UInt8, Base::Dec},
    {RaFlag, "icmpv6.nd.ra.flag", "Flags", FieldType::UInt8, Base::Hex},
    {RaFlagM, "icmpv6.nd.ra.flag.m", "Managed address configuration", FieldType::Bool, Base::None, 0x80, kSetNames},
    {RaFlagO, "icmpv6.nd.ra.flag.o", "Other configuration", FieldType::Bool, Base::None, 0x40, kSetNames},
    {RaFlagH, "icmpv6.nd.ra.flag.h", "Home Agent", FieldType::Bool, Base::None, 0x20, kSetNames},
    {RaFlagPrf, "icmpv6.nd.ra.flag.prf", "Prf (Default Router Preference)", FieldType::UInt8, Base::Dec, 0x18,
     kRouterPreference},
    {RaFlagP, "icmpv6.nd.ra.flag.p", "Proxy", FieldType::Bool, Base::None, 0x04, kSetNames},
    {RaFlagRsv, "icmpv6.nd.ra.flag.rsv", "Reserved", FieldType::UInt8, Base::Dec, 0x03},
    {RaRouterLifetime, "icmpv6.nd.ra.router_lifetime", "Router lifetime (s)", FieldType::UInt16, Base::Dec},
    {RaReachableTime, "icmpv6.nd.ra.reachable_time", "Reachable time (ms)", FieldType::UInt32, Base::Dec},
    {RaRetransTimer, "icmpv6.nd.ra.retrans_timer", "Retrans timer (ms)", FieldType::UInt32, Base::Dec},
    {NsTargetAddress, "icmpv6.nd.ns.target_address", "Target Address", FieldType::Ipv6},
    {NaFlag, "icmpv6.nd.na.flag", "Flags", FieldType::UInt32, Base::Hex},
    {NaFlagR, "icmpv6.nd.na.flag.r", "Router", FieldType::Bool, Base::None, 0x80000000, kSetNames},
    {NaFlagS, "icmpv6.nd.na.flag.s", "Solicited", FieldType::Bool, Base::None, 0x40000000, kSetNames},
    {NaFlagO, "icmpv6.nd.na.flag.o", "Override", FieldType::Bool, Base::None, 0x20000000, kSetNames},
    {NaFlagRsv, "icmpv6.nd.na.flag.rsv", "Reserved", FieldType::UInt32, Base::Dec, 0x1FFFFFFF},
    {NaTargetAddress, "icmpv6.nd.na.target_address", "Target Address", FieldType::Ipv6},
    {RdTargetAddress, "icmpv6.nd.rd.target_address", "Target Address", FieldType::Ipv6},
    {RdDestinationAddress, "icmpv6.rd.na.destination_address", "Destination Address", FieldType::Ipv6},
    {Opt, "icmpv6.opt", "ICMPv6 Option", FieldType::None},
    {OptType, "icmpv6.opt.type", "Type", FieldType::UInt8, Base::Dec, 0, kOptionNames},
    {OptLength, "icmpv6.opt.length", "Length", FieldType::UInt8, Base::Dec},
    {OptReserved, "icmpv6.opt.reserved", "Reserved", FieldType::None},
    {OptPadding, "icmpv6.opt.padding", "Padding", FieldType::None},
    {OptLinkAddr, "icmpv6.opt.linkaddr", "Link-layer address", FieldType::Bytes},
    {OptSrcLinkAddr, "icmpv6.opt.src_linkaddr", "Source Link-layer address", FieldType::Bytes},
    {OptTargetLinkAddr, "icmpv6.opt.target_linkaddr", "Target Link-layer address", FieldType::Bytes},
    {OptPrefixLength, "icmpv6.opt.prefix.length", "Prefix Length", FieldType::UInt8, Base::Dec},
    {OptPrefixFlag, "icmpv6.opt.prefix.flag", "Flag", FieldType::UInt8, Base::Hex},
    {OptPrefixFlagL, "icmpv6.opt.prefix.flag.l", "On-link flag(L)", FieldType::Bool, Base::None, 0x80, kSetNames},
    {OptPrefixFlagA, "icmpv6.opt.prefix.flag.a", "Autonomous address-configuration flag(A)", FieldType::Bool,
     Base::None, 0x40, kSetNames},
    {OptPrefixFlagR, "icmpv6.opt.prefix.flag.r", "Router address flag(R)", FieldType::Bool, Base::None, 0x20, kSetNames},
    {OptPrefixFlagReserved, "icmpv6.opt.prefix.flag.reserved", "Reserved", FieldType::UInt8, Base::Dec, 0x1F},
    {OptPrefixValidLifetime, "icmpv6.opt.prefix.valid_lifetime", "Valid Lifetime", FieldType::UInt32, Base::Dec},
    {OptPrefixPreferredLifetime, "icmpv6.opt.prefix.preferred_lifetime", "Preferred Lifetime", FieldType::UInt32,
     Base::Dec},
    {OptPrefix, "icmpv6.opt.prefix", "Prefix", FieldType::Ipv6},
    {OptRedirectedPacket, "icmpv6.opt.redirected_packet", "Redirected Packet", FieldType::None},
    {OptMtu, "icmpv6.opt.mtu", "MTU", FieldType::UInt32, Base::Dec},
    {OptAdvertisementInterval, "icmpv6.opt.advertisement_interval", "Advertisement Interval", FieldType::UInt32,
     Base::Dec},
    {OptHomeAgentPreference, "icmpv6.opt.home_agent_preference", "Home Agent Preference", FieldType::UInt16, Base::Dec},
    {OptHomeAgentLifetime, "icmpv6.opt.home_agent_lifetime", "Home Agent Preference", FieldType::UInt16, Base::Dec},
    {OptRdnssLifetime, "icmpv6.opt.rdnss.lifetime", "Lifetime", FieldType::UInt32, Base::Dec},
    {OptRdnss, "icmpv6.opt.rdnss", "Recursive DNS Servers", FieldType::Ipv6},
    {OptDnsslLifetime, "icmpv6.opt.dnssl.lifetime", "Lifetime", FieldType::UInt32, Base::Dec},
    {OptDnssl, "icmpv6.opt.dnssl", "Domain Names", FieldType::String},
    {MldMaxResponseDelay, "icmpv6.mld.maximum_response_delay", "Maximum Response Delay [ms]", FieldType::UInt16,
     Base::Dec},
    {MldMulticastAddress, "icmpv6.mld.multicast_address", "Multicast Address", FieldType::Ipv6},
    {MldMaxResponseCode, "icmpv6.mld.maximum_response_code", "Maximum Response Code", FieldType::UInt16, Base::Dec},
    {MldFlag, "icmpv6.mld.flag", "Flags", FieldType::UInt8, Base::Hex},
    {MldFlagS, "icmpv6.mld.flag.s", "Suppress Router-Side Processing", FieldType::Bool, Base::None, 0x08},
    {MldFlagQrv, "icmpv6.mld.flag.qrv", "QRV (Querier's Robustness Variable)", FieldType::UInt8, Base::Dec, 0x07},
    {MldFlagReserved, "icmpv6.mld.flag.reserved", "Reserved", FieldType::UInt8, Base::Dec, 0xF0},
    {MldQqi, "icmpv6.mld.qqi", "QQIC (Querier's Query Interval Code)", FieldType::UInt8, Base::Dec},
    {MldNbSources, "icmpv6.mld.nb_sources", "Number of Sources", FieldType::UInt16, Base::Dec},
    {MldSourceAddress, "icmpv6.mld.source_address", "Source Address", FieldType::Ipv6},
    {MldrNbRecords, "icmpv6.mldr.nb_mcast_records", "Number of Multicast Address Records", FieldType::UInt16,
     Base::Dec},
    {MldrRecord, "icmpv6.mldr.mar", "Multicast Address Record", FieldType::None},
    {MldrRecordType, "icmpv6.mldr.mar.record_type", "Record Type", FieldType::UInt8, Base::Dec, 0, kRecordTypes},
    {MldrAuxDataLen, "icmpv6.mldr.mar.aux_data_len", "Aux Data Len", FieldType::UInt8, Base::Dec},
    {MldrNbSources, "icmpv6.mldr.mar.nb_sources", "Number of Sources", FieldType::UInt16, Base::Dec},
    {MldrMulticastAddress, "icmpv6.mldr.mar.multicast_address", "Multicast Address", FieldType::Ipv6},
    {MldrSourceAddress, "icmpv6.mldr.mar.source_address", "Source Address", FieldType::Ipv6},
    {MldrAuxData, "icmpv6.mldr.mar.auxiliary_data", "Auxiliary Data", FieldType::Bytes},
    {RespIn, "icmpv6.resp_in", "Response In", FieldType::FrameNumber},
    {RespTo, "icmpv6.resp_to", "Response To", FieldType::FrameNumber},
    {RespTime, "icmpv6.resptime", "Response Time", FieldType::Double},
};
static_assert(std::size(kIcmpv6Fields) == kIcmpv6FieldCount);

enum Icmpv6Expert : std::uint16_t { ChecksumBad, InvalidOptionLength, kIcmpv6ExpertCount };
constexpr ExpertDef kIcmpv6Experts[] = {
    {ChecksumBad, "icmpv6.checksum_bad.expert", ExpertSeverity::Warning, ExpertGroup::Checksum, "Bad checksum"},
    {InvalidOptionLength, "icmpv6.invalid_option_length", ExpertSeverity::Error, ExpertGroup::Malformed,
     "Invalid Option Length"},
};
static_assert(std::size(kIcmpv6Experts) == kIcmpv6ExpertCount);

std::span<const ValueName> codeNames(std::uint8_t type) {
    switch (type) {
        case Unreachable: return kUnreachableCodes;
        case TimeExceeded: return kTimeExceededCodes;
        case ParameterProblem: return kParameterProblemCodes;
        default: return {};
    }
}

// The checksum the request of a reply had: the type went from 128 to 129, which takes 0x0100
// from the checksum in ones' complement arithmetic (the pseudo-header sums the same both ways).
std::uint16_t requestChecksum(std::uint16_t reply) {
    const std::uint32_t sum = std::uint32_t{reply} + 0x0100u;
    return static_cast<std::uint16_t>((sum & 0xFFFF) + (sum >> 16));
}

using Icmpv6State = EchoExchanges<std::array<std::uint8_t, 16>>;

// What Neighbor Discovery options add to the Info column.
struct LinkAddresses {
    std::string source, target;
};

class Icmpv6Protocol final : public Dissector {
public:
    Icmpv6Protocol() : Dissector({"icmpv6", "ICMPv6", "Internet Control Message Protocol v6"}) {}

    void connect(const Dissector* ipv6, const Dissector* teredo) {
        m_ipv6 = ipv6;
        m_teredo = teredo;
    }
    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override { return std::make_unique<Icmpv6State>(); }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        if (view.need(0, kHeaderLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kHeaderLength);
            return view.reported();
        }
        const std::uint8_t type = view.u8(0);
        const std::uint8_t code = view.u8(1);
        addTypeAndCode(p, view, type, code);
        addChecksum(p, view);
        std::string info;
        if (p.wantsColumns()) info = infoStart(type, code);
        p.nestNextProtocolsIn(item);  // quoted datagrams and data show inside the ICMPv6 tree
        switch (type) {
            case Unreachable:
            case PacketTooBig:
            case TimeExceeded:
            case ParameterProblem: dissectError(p, view, type); break;
            case EchoRequest:
            case EchoReply: dissectEcho(p, view, type, info); break;
            case MldQuery:
            case MldReport:
            case MldDone: dissectMld(p, view, type); break;
            case Mld2Report: dissectMld2Report(p, view); break;
            case RouterSolicitation:
            case RouterAdvertisement:
            case NeighborSolicitation:
            case NeighborAdvertisement:
            case Redirect: dissectNeighborDiscovery(p, view, type, info); break;
            default:
                if (view.reported() > kHeaderLength) p.callData(view.from(kHeaderLength));
                break;
        }
        if (p.wantsColumns()) p.info() = info;
        return view.reported();
    }

private:
    void addTypeAndCode(Packet& p, const ByteView& v, std::uint8_t type, std::uint8_t code) const {
        p.addUint(field(Type), v, 0, 1);
        const ItemRef codeItem = p.add(field(Code), v, 1, 1, FieldValue::ofUnsigned(code));
        const std::string_view codeName = nameOf(codeNames(type), code);
        if (p.buildsTree() && !codeName.empty()) {
            p.setText(codeItem, "Code: " + std::to_string(code) + " (" + std::string(codeName) + ")");
        }
    }

    // Over the IPv6 pseudo-header (RFC 8200 section 8.1) and the message, when all of it is here.
    void addChecksum(Packet& p, const ByteView& v) const {
        p.addUint(field(Checksum), v, 2, 2);
        const NetworkAddresses& n = p.networkAddresses();
        if (v.isCut() || n.length != 16) {
            p.addGenerated(field(ChecksumStatus), FieldValue::ofUnsigned(2));
            return;
        }
        std::uint32_t sum = 0;
        const auto add = [&sum](std::span<const std::uint8_t> bytes, std::size_t skip) {
            for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
                if (i != skip) sum += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
            }
            if (bytes.size() % 2) sum += static_cast<std::uint32_t>(bytes.back() << 8);
        };
        add(n.source, SIZE_MAX);
        add(n.destination, SIZE_MAX);
        sum += (v.reported() >> 16) + (v.reported() & 0xFFFF) + 58;
        add(v.bytes(), 2);
        while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
        const auto expected = static_cast<std::uint16_t>(~sum);
        const bool good = expected == v.u16(2);
        p.addGenerated(field(ChecksumStatus), FieldValue::ofUnsigned(good ? 1 : 0));
        if (!good) {
            char text[48];
            std::snprintf(text, sizeof text, "Bad checksum [should be 0x%04x]", expected);
            p.addExpert(expert(ChecksumBad), text);
        }
    }

    // Destination unreachable, packet too big, time exceeded, parameter problem: as much of
    // the offending datagram as fits follows.
    void dissectError(Packet& p, const ByteView& v, std::uint8_t type) const {
        if (type == PacketTooBig) {
            p.addUint(field(Mtu), v, 4, 4);
        } else if (type == ParameterProblem) {
            p.addUint(field(Pointer), v, 4, 4);
        } else {
            p.addBytes(field(Reserved), v, 4, 4);
        }
        const ByteView quoted = v.from(8);
        if (quoted.empty() || m_ipv6 == nullptr) return;
        const QuotedDatagram inError(p);
        p.call(*m_ipv6, quoted);
    }

    void dissectEcho(Packet& p, const ByteView& v, std::uint8_t type, std::string& info) const {
        p.addUint(field(EchoIdentifier), v, 4, 2);
        p.addUint(field(EchoSequence), v, 6, 2);
        if (p.wantsColumns()) {
            char text[48];
            std::snprintf(text, sizeof text, " id=0x%04x, seq=%u", v.u16(4), v.u16(6));
            info += text;
            if (const int hopLimit = hopLimitOfIpv6Header(p, v); hopLimit >= 0) info += ", hop limit=" + std::to_string(hopLimit);
        }
        // RFC 4380 section 5.2.9: a Teredo client's direct connectivity test carries a nonce
        // (and is no request waiting for its reply).
        if (type == EchoRequest && viaTeredo(p)) {
            p.addBytes(field(Nonce), v, 8, 4);
            if (p.wantsColumns()) {
                p.setProtocolColumn("Teredo");
                info.replace(0, std::string_view("Echo (ping) request").size(), "Direct IPv6 Connectivity Test");
            }
            return;
        }
        if (!insideError(p)) match(p, v, type, info);
        if (v.reported() > 8) p.callData(v.from(8));
    }

    [[nodiscard]] bool insideError(const Packet& p) const {
        const auto layers = p.layers();
        return std::count(layers.begin(), layers.end(), id()) > 1;
    }
    [[nodiscard]] bool viaTeredo(const Packet& p) const {
        if (m_teredo == nullptr) return false;
        const auto layers = p.layers();
        return std::find(layers.begin(), layers.end(), m_teredo->id()) != layers.end();
    }

    void match(Packet& p, const ByteView& v, std::uint8_t type, std::string& info) const {
        const NetworkAddresses& n = p.networkAddresses();
        if (n.length != 16) return;
        const EchoMatch match = p.remember<EchoMatch>(*this, 0, [&] {
            return matchEcho(p.state<Icmpv6State>(*this), p, type == EchoRequest,
                             Icmpv6State::Key{v.u16(4), v.u16(6), v.u16(2), n.source, n.destination},
                             Icmpv6State::Key{v.u16(4), v.u16(6), requestChecksum(v.u16(2)), n.destination, n.source});
        });
        addEchoMatch(p, match, field(RespIn), field(RespTo), field(RespTime), info);
    }

    // MLDv1 query/report/done (RFC 2710); a query of 28 bytes or more is an MLDv2 query.
    void dissectMld(Packet& p, const ByteView& v, std::uint8_t type) const {
        if (type == MldQuery && v.reported() >= 28) {
            p.addUint(field(MldMaxResponseCode), v, 4, 2);
            p.addBytes(field(Reserved), v, 6, 2);
            p.addBytes(field(MldMulticastAddress), v, 8, 16);
            const ItemRef flags = p.add(field(MldFlag), v, 24, 1, FieldValue::ofUnsigned(v.u8(24)));
            p.push(flags);
            p.addUint(field(MldFlagS), v, 24, 1);
            p.addUint(field(MldFlagQrv), v, 24, 1);
            p.addUint(field(MldFlagReserved), v, 24, 1);
            p.pop();
            p.addUint(field(MldQqi), v, 25, 1);
            const std::uint32_t sources = v.u16(26);
            p.addUint(field(MldNbSources), v, 26, 2);
            for (std::uint32_t i = 0, at = 28; i < sources && at + 16 <= v.reported(); ++i, at += 16) {
                p.addBytes(field(MldSourceAddress), v, at, 16);
            }
            return;
        }
        p.addUint(field(MldMaxResponseDelay), v, 4, 2);
        p.addBytes(field(Reserved), v, 6, 2);
        p.addBytes(field(MldMulticastAddress), v, 8, 16);
    }

    // RFC 3810 section 5.2: the records of an MLDv2 report.
    void dissectMld2Report(Packet& p, const ByteView& v) const {
        p.addBytes(field(Reserved), v, 4, 2);
        const std::uint32_t records = v.u16(6);
        p.addUint(field(MldrNbRecords), v, 6, 2);
        std::uint32_t at = 8;
        for (std::uint32_t i = 0; i < records && at + 20 <= v.reported(); ++i) {
            const std::uint32_t sources = v.u16(at + 2);
            const std::uint32_t length = 20 + sources * 16 + v.u8(at + 1) * 4u;
            const ItemRef record = p.add(field(MldrRecord), v, at, std::min(length, v.reported() - at), FieldValue{});
            if (p.buildsTree()) {
                const std::string_view name = nameOf(kRecordTypes, v.u8(at));
                p.setText(record, "Multicast Address Record " + std::string(name.empty() ? "Unknown" : name) + ": " +
                                      formatIpv6(v.span(at + 4, 16)));
            }
            p.push(record);
            p.addUint(field(MldrRecordType), v, at, 1);
            p.addUint(field(MldrAuxDataLen), v, at + 1, 1);
            p.addUint(field(MldrNbSources), v, at + 2, 2);
            p.addBytes(field(MldrMulticastAddress), v, at + 4, 16);
            std::uint32_t source = at + 20;
            for (std::uint32_t s = 0; s < sources && source + 16 <= v.reported(); ++s, source += 16) {
                p.addBytes(field(MldrSourceAddress), v, source, 16);
            }
            if (v.u8(at + 1) != 0) p.addBytes(field(MldrAuxData), v, source, v.u8(at + 1) * 4u);
            p.pop();
            at += length;
        }
    }

    void dissectNeighborDiscovery(Packet& p, const ByteView& v, std::uint8_t type, std::string& info) const {
        std::uint32_t options = 8;
        std::string target;
        switch (type) {
            case RouterSolicitation: p.addBytes(field(Reserved), v, 4, 4); break;
            case RouterAdvertisement: addRouterAdvertisement(p, v); options = 16; break;
            case NeighborSolicitation:
                p.addBytes(field(Reserved), v, 4, 4);
                p.addBytes(field(NsTargetAddress), v, 8, 16);
                if (p.wantsColumns()) info += " for " + formatIpv6(v.span(8, 16));
                options = 24;
                break;
            case NeighborAdvertisement:
                addNeighborAdvertisement(p, v, info);
                options = 24;
                break;
            default:  // redirect
                p.addBytes(field(Reserved), v, 4, 4);
                p.addBytes(field(RdTargetAddress), v, 8, 16);
                p.addBytes(field(RdDestinationAddress), v, 24, 16);
                options = 40;
                break;
        }
        LinkAddresses links;
        addOptions(p, v, options, links);
        if (!p.wantsColumns()) return;
        if (!links.source.empty()) info += " from " + links.source;
        if (!links.target.empty()) info += " is at " + links.target;
    }

    void addRouterAdvertisement(Packet& p, const ByteView& v) const {
        p.addUint(field(RaCurHopLimit), v, 4, 1);
        const ItemRef flags = p.add(field(RaFlag), v, 5, 1, FieldValue::ofUnsigned(v.u8(5)));
        p.push(flags);
        for (const Icmpv6Field flag : {RaFlagM, RaFlagO, RaFlagH, RaFlagPrf, RaFlagP, RaFlagRsv}) p.addUint(field(flag), v, 5, 1);
        p.pop();
        p.addUint(field(RaRouterLifetime), v, 6, 2);
        p.addUint(field(RaReachableTime), v, 8, 4);
        p.addUint(field(RaRetransTimer), v, 12, 4);
    }

    void addNeighborAdvertisement(Packet& p, const ByteView& v, std::string& info) const {
        const std::uint32_t value = v.u32(4);
        const ItemRef flags = p.add(field(NaFlag), v, 4, 4, FieldValue::ofUnsigned(value));
        p.push(flags);
        for (const Icmpv6Field flag : {NaFlagR, NaFlagS, NaFlagO, NaFlagRsv}) p.addUint(field(flag), v, 4, 4);
        p.pop();
        p.addBytes(field(NaTargetAddress), v, 8, 16);
        if (!p.wantsColumns()) return;
        info += " " + formatIpv6(v.span(8, 16));
        std::string names;
        for (const auto& [bit, name] : {std::pair{0x80000000u, "rtr"}, {0x40000000u, "sol"}, {0x20000000u, "ovr"}}) {
            if (!(value & bit)) continue;
            names += (names.empty() ? "" : ", ") + std::string(name);
        }
        if (!names.empty()) info += " (" + names + ")";
    }

    // RFC 4861 section 4.6: type, length in units of 8 bytes, value.
    void addOptions(Packet& p, const ByteView& v, std::uint32_t at, LinkAddresses& links) const {
        for (std::size_t count = 0; at + 2 <= v.reported() && count < kMaxOptions; ++count) {
            const std::uint8_t type = v.u8(at);
            const std::uint32_t length = v.u8(at + 1) * 8u;
            const ItemRef item = p.add(field(Opt), v, at, std::max<std::uint32_t>(length, 2), FieldValue{});
            p.push(item);
            p.addUint(field(OptType), v, at, 1);
            const ItemRef lengthItem = p.add(field(OptLength), v, at + 1, 1, FieldValue::ofUnsigned(v.u8(at + 1)));
            if (p.buildsTree()) p.setText(lengthItem, "Length: " + std::to_string(v.u8(at + 1)) + " (" + std::to_string(length) + " bytes)");
            if (length == 0 || at + length > v.reported()) {
                p.addExpert(expert(InvalidOptionLength));
                p.pop();
                return;
            }
            const std::string summary = addOptionValue(p, v, type, at + 2, length - 2, links);
            if (p.buildsTree()) {
                const std::string_view name = nameOf(kOptionNames, type);
                p.setText(item, "ICMPv6 Option (" + std::string(name.empty() ? "Unknown" : name) + summary + ")");
            }
            p.pop();
            if (p.stopped()) return;
            at += length;
        }
    }

    // Adds the option's value fields; returns what the option's label shows after its name.
    std::string addOptionValue(Packet& p, const ByteView& v, std::uint8_t type, std::uint32_t at, std::uint32_t length,
                               LinkAddresses& links) const {
        switch (type) {
            case SourceLinkAddress:
            case TargetLinkAddress: return addLinkAddress(p, v, type, at, length, links);
            case PrefixInformation: return addPrefix(p, v, at);
            case RedirectedHeader: {
                p.add(field(OptReserved), v, at, 6, FieldValue{});
                p.add(field(OptRedirectedPacket), v, at + 6, length - 6, FieldValue{});
                if (length > 6 && m_ipv6 != nullptr) {
                    const QuotedDatagram inError(p);
                    p.call(*m_ipv6, v.sub(at + 6, length - 6));
                }
                return {};
            }
            case MtuOption:
                p.add(field(OptReserved), v, at, 2, FieldValue{});
                p.addUint(field(OptMtu), v, at + 2, 4);
                return " : " + std::to_string(v.u32(at + 2));
            case AdvertisementInterval:
                p.add(field(OptReserved), v, at, 2, FieldValue{});
                p.addUint(field(OptAdvertisementInterval), v, at + 2, 4);
                return " : " + std::to_string(v.u32(at + 2));
            case HomeAgentInformation:
                p.add(field(OptReserved), v, at, 2, FieldValue{});
                p.addUint(field(OptHomeAgentPreference), v, at + 2, 2);
                p.addUint(field(OptHomeAgentLifetime), v, at + 4, 2);
                return {};
            case RecursiveDnsServer: return addDnsServers(p, v, at, length);
            case DnsSearchList: return addSearchList(p, v, at, length);
            default: return {};
        }
    }

    std::string addLinkAddress(Packet& p, const ByteView& v, std::uint8_t type, std::uint32_t at, std::uint32_t length,
                               LinkAddresses& links) const {
        // Ethernet's 6-byte addresses are the common case; others are shown as bytes.
        const std::uint32_t size = length == 6 ? 6 : length;
        const ItemRef item = p.addBytes(field(OptLinkAddr), v, at, size);
        p.addBytes(field(type == SourceLinkAddress ? OptSrcLinkAddr : OptTargetLinkAddr), v, at, size, FieldFlags::Hidden);
        if (size != 6) return {};
        const std::string text = p.buildsTree() || p.wantsColumns() ? formatEther(v.span(at, 6)) : std::string();
        if (p.buildsTree()) p.setText(item, "Link-layer address: " + text);
        (type == SourceLinkAddress ? links.source : links.target) = text;
        return " : " + text;
    }

    std::string addPrefix(Packet& p, const ByteView& v, std::uint32_t at) const {
        p.addUint(field(OptPrefixLength), v, at, 1);
        const ItemRef flags = p.add(field(OptPrefixFlag), v, at + 1, 1, FieldValue::ofUnsigned(v.u8(at + 1)));
        p.push(flags);
        for (const Icmpv6Field flag : {OptPrefixFlagL, OptPrefixFlagA, OptPrefixFlagR, OptPrefixFlagReserved}) {
            p.addUint(field(flag), v, at + 1, 1);
        }
        p.pop();
        p.addUint(field(OptPrefixValidLifetime), v, at + 2, 4);
        p.addUint(field(OptPrefixPreferredLifetime), v, at + 6, 4);
        p.add(field(OptReserved), v, at + 10, 4, FieldValue{});
        p.addBytes(field(OptPrefix), v, at + 14, 16);
        if (!p.buildsTree()) return {};
        return " : " + formatIpv6(v.span(at + 14, 16)) + "/" + std::to_string(v.u8(at));
    }

    // RFC 8106 section 5.1: reserved, lifetime, then addresses.
    std::string addDnsServers(Packet& p, const ByteView& v, std::uint32_t at, std::uint32_t length) const {
        p.add(field(OptReserved), v, at, 2, FieldValue{});
        p.addUint(field(OptRdnssLifetime), v, at + 2, 4);
        std::string summary;
        for (std::uint32_t a = at + 6; a + 16 <= at + length; a += 16) {
            p.addBytes(field(OptRdnss), v, a, 16);
            if (p.buildsTree()) summary += " " + formatIpv6(v.span(a, 16));
        }
        return summary;
    }

    // RFC 8106 section 5.2: reserved, lifetime, then domain names as DNS labels.
    std::string addSearchList(Packet& p, const ByteView& v, std::uint32_t at, std::uint32_t length) const {
        p.add(field(OptReserved), v, at, 2, FieldValue{});
        p.addUint(field(OptDnsslLifetime), v, at + 2, 4);
        std::string summary;
        std::uint32_t a = at + 6;
        const std::uint32_t end = at + length;
        while (a < end && v.u8(a) != 0) {
            const std::uint32_t start = a;
            std::string name;
            while (a < end && v.u8(a) != 0) {
                const std::uint32_t label = v.u8(a);
                if (a + 1 + label > end) return summary;
                if (!name.empty()) name += '.';
                name.append(v.text(a + 1, label));
                a += 1 + label;
            }
            ++a;  // the root label
            p.addText(field(OptDnssl), v, start, a - start, name);
            if (p.buildsTree()) summary += " " + name;
        }
        if (a < end) p.add(field(OptPadding), v, a, end - a, FieldValue{});
        return summary;
    }

    static std::string infoStart(std::uint8_t type, std::uint8_t code) {
        const std::string_view name = nameOf(kTypeNames, type);
        std::string out = name.empty() ? "Unknown (" + std::to_string(type) + ")" : std::string(name);
        const std::string_view codeName = nameOf(codeNames(type), code);
        if (!codeName.empty()) out += " (" + std::string(codeName) + ")";
        return out;
    }

    // The hop limit of the IPv6 header this message came in (-1: not found). Wireshark takes it
    // from the IPv6 layer: here it is the header right before the message, or else the header in
    // the frame whose addresses are the packet's (behind extension headers, after reassembly).
    static int hopLimitOfIpv6Header(const Packet& p, const ByteView& v) {
        constexpr std::uint32_t kScanLimit = 512;
        const auto frame = p.frameView().bytes();
        const std::uint32_t at = v.sourceOffset();
        if (v.source() == 0 && at >= 40 && at <= frame.size()) {
            const std::uint32_t header = at - 40;
            if ((frame[header] >> 4) == 6 && frame[header + 6] == 58) return frame[header + 7];
        }
        const NetworkAddresses& n = p.networkAddresses();
        if (n.length != 16) return -1;
        const std::size_t end = std::min<std::size_t>(frame.size(), kScanLimit);
        for (std::size_t h = 0; h + 40 <= end; ++h) {
            if ((frame[h] >> 4) != 6) continue;
            if (std::equal(n.source.begin(), n.source.end(), frame.begin() + h + 8) &&
                std::equal(n.destination.begin(), n.destination.end(), frame.begin() + h + 24)) {
                return frame[h + 7];
            }
        }
        return -1;
    }

    const Dissector* m_ipv6 = nullptr;
    const Dissector* m_teredo = nullptr;
};

}  // namespace

void registerIcmpv6(Registry& r) {
    auto& icmpv6 = r.addProtocol<Icmpv6Protocol>(kIcmpv6Fields);
    r.addExperts(icmpv6, kIcmpv6Experts);
    r.onHandoff([&icmpv6](Registry& registry) {
        icmpv6.connect(registry.findProtocol("ipv6"), registry.findProtocol("teredo"));
        registry.table("ip.proto").add(58, icmpv6);
    });
}

}  // namespace caplens::proto
