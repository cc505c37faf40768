// sctp — Stream Control Transmission Protocol (RFC 9260): the common header, the chunk list
// (DATA, INIT, SACK, HEARTBEAT, ... with their parameters), relative TSNs, reassembly of
// fragmented user messages as Wireshark does by default, and the hand-off of each message by
// payload protocol identifier ("sctp.ppi"), then port ("sctp.port"), then the "sctp"
// heuristics. Reached by IP protocol 132, UDP port 9899 (RFC 6951) and LINKTYPE_SCTP.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |     Source Port Number        |     Destination Port Number   |
//   |                      Verification Tag                         |
//   |                           Checksum                            |
//   |   Chunk Type  | Chunk  Flags  |        Chunk Length           |
//   |                          Chunk Value ...                      |
//
// Like Wireshark, every DATA chunk after the first of a packet begins a new SCTP item (one more
// level in the protocol hierarchy), so that it follows the payload of the one before.
#include <map>
#include <tuple>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kCommonHeaderLength = 12;
constexpr std::uint32_t kChunkHeaderLength = 4;
constexpr std::uint32_t kDataHeaderLength = 16;
constexpr std::uint32_t kIDataHeaderLength = 20;
constexpr std::uint32_t kLinktypeSctp = 248;  // LINKTYPE_SCTP: the common header first
constexpr std::size_t kMaxChunks = 1024;
constexpr std::size_t kMaxPendingFragmentBytes = 16 * 1024 * 1024;

enum ChunkType : std::uint8_t {
    Data = 0, Init = 1, InitAck = 2, Sack = 3, Heartbeat = 4, HeartbeatAck = 5, Abort = 6, Shutdown = 7,
    CookieEcho = 10, ShutdownComplete = 14, IData = 64,
};

constexpr ValueName kChunkTypes[] = {
    {0, "DATA"}, {1, "INIT"}, {2, "INIT_ACK"}, {3, "SACK"}, {4, "HEARTBEAT"}, {5, "HEARTBEAT_ACK"}, {6, "ABORT"},
    {7, "SHUTDOWN"}, {8, "SHUTDOWN_ACK"}, {9, "ERROR"}, {10, "COOKIE_ECHO"}, {11, "COOKIE_ACK"}, {12, "ECNE"},
    {13, "CWR"}, {14, "SHUTDOWN_COMPLETE"}, {15, "AUTH"}, {16, "NR_SACK"}, {64, "I_DATA"}, {128, "ASCONF_ACK"},
    {129, "PKTDROP"}, {130, "RE_CONFIG"}, {132, "PAD"}, {192, "FORWARD_TSN"}, {193, "ASCONF"},
    {194, "I_FORWARD_TSN"}, {255, "IETF_EXTENSION"},
};
constexpr ValueName kParameterTypes[] = {
    {0x1, "Heartbeat info"}, {0x5, "IPv4 address"}, {0x6, "IPv6 address"}, {0x7, "State cookie"},
    {0x8, "Unrecognized parameter"}, {0x9, "Cookie preservative"}, {0xb, "Hostname address"},
    {0xc, "Supported address types"}, {0xd, "Outgoing SSN reset request"}, {0xe, "Incoming SSN reset request"},
    {0xf, "SSN/TSN reset request"}, {0x10, "Re-configuration response"}, {0x11, "Add outgoing streams request"},
    {0x12, "Add incoming streams request"}, {0x8000, "ECN"}, {0x8002, "Random"},
    {0x8003, "Authenticated Chunk list"}, {0x8004, "Requested HMAC Algorithm"}, {0x8008, "Supported Extensions"},
    {0xc000, "Forward TSN supported"}, {0xc001, "Add IP address"}, {0xc002, "Delete IP address"},
    {0xc003, "Error cause indication"}, {0xc004, "Set primary address"}, {0xc005, "Success report"},
    {0xc006, "Adaptation Layer Indication"},
};
constexpr ValueName kChunkBit1[] = {{0, "Stop processing of the packet"}, {1, "Skip chunk and continue processing"}};
constexpr ValueName kChunkBit2[] = {{0, "Do not report"}, {1, "Do report"}};
constexpr ValueName kEBit[] = {{0, "Not the last segment"}, {1, "Last segment"}};
constexpr ValueName kBBit[] = {{0, "Not the first segment"}, {1, "First segment"}};
constexpr ValueName kUBit[] = {{0, "Ordered delivery"}, {1, "Unordered delivery"}};
constexpr ValueName kIBit[] = {{0, "Possibly delay SACK"}, {1, "Send SACK immediately"}};
constexpr ValueName kTBit[] = {{0, "Tag not reflected"}, {1, "Tag reflected"}};
constexpr ValueName kChecksumStatus[] = {{0, "Bad"}, {1, "Good"}, {2, "Unverified"}};

enum SctpField : FieldIndex {
    SrcPort, DstPort, Port, VerificationTag, Checksum, ChecksumStatus, ChunkTypeField, ChunkFlags, ChunkBit1,
    ChunkBit2, ChunkLength, ChunkPadding, ChunkValue, Cookie, InitInitiateTag, InitCredit, InitOutStreams,
    InitInStreams, InitInitialTsn, InitAckInitiateTag, InitAckCredit, InitAckOutStreams, InitAckInStreams,
    InitAckInitialTsn, DataTsn, DataTsnRaw, DataSid, DataSsn, DataPpi, DataReserved, DataMid, DataFsn, DataEBit,
    DataBBit, DataUBit, DataIBit, SackNounceSum, SackCumulativeTsnAck, SackCumulativeTsnAckRaw, SackARwnd,
    SackGapBlocks, SackDuplicateTsns, SackGapBlockStart, SackGapBlockEnd, SackDuplicateTsn, ShutdownCumulativeTsnAck,
    ShutdownCompleteTBit, AbortTBit, ParameterType, ParameterLength, ParameterValue, ParameterPadding,
    ParameterIpv4Address, ParameterIpv6Address, ParameterHeartbeatInformation, ParameterStateCookie,
    ParameterCookiePreservative, ParameterSupportedAddressType, Fragments, Fragment, ReassembledIn, kSctpFieldCount
};

constexpr FieldDef kSctpFields[] = {
    {SrcPort, "sctp.srcport", "Source port", FieldType::UInt16, Base::Dec},
    {DstPort, "sctp.dstport", "Destination port", FieldType::UInt16, Base::Dec},
    {Port, "sctp.port", "Port", FieldType::UInt16, Base::Dec},
    {VerificationTag, "sctp.verification_tag", "Verification tag", FieldType::UInt32, Base::Hex},
    {Checksum, "sctp.checksum", "Checksum", FieldType::UInt32, Base::Hex},
    {ChecksumStatus, "sctp.checksum.status", "Checksum Status", FieldType::UInt8, Base::None, 0, kChecksumStatus},
    {ChunkTypeField, "sctp.chunk_type", "Chunk type", FieldType::UInt8, Base::Dec, 0, kChunkTypes},
    {ChunkFlags, "sctp.chunk_flags", "Chunk flags", FieldType::UInt8, Base::Hex},
    {ChunkBit1, "sctp.chunk_bit_1", "Bit", FieldType::Bool, Base::None, 0x80, kChunkBit1},
    {ChunkBit2, "sctp.chunk_bit_2", "Bit", FieldType::Bool, Base::None, 0x40, kChunkBit2},
    {ChunkLength, "sctp.chunk_length", "Chunk length", FieldType::UInt16, Base::Dec},
    {ChunkPadding, "sctp.chunk_padding", "Chunk padding", FieldType::Bytes},
    {ChunkValue, "sctp.chunk_value", "Chunk value", FieldType::Bytes},
    {Cookie, "sctp.cookie", "Cookie", FieldType::Bytes},
    {InitInitiateTag, "sctp.init_initiate_tag", "Initiate tag", FieldType::UInt32, Base::Hex},
    {InitCredit, "sctp.init_credit", "Advertised receiver window credit (a_rwnd)", FieldType::UInt32, Base::Dec},
    {InitOutStreams, "sctp.init_nr_out_streams", "Number of outbound streams", FieldType::UInt16, Base::Dec},
    {InitInStreams, "sctp.init_nr_in_streams", "Number of inbound streams", FieldType::UInt16, Base::Dec},
    {InitInitialTsn, "sctp.init_initial_tsn", "Initial TSN", FieldType::UInt32, Base::Dec},
    {InitAckInitiateTag, "sctp.initack_initiate_tag", "Initiate tag", FieldType::UInt32, Base::Hex},
    {InitAckCredit, "sctp.initack_credit", "Advertised receiver window credit (a_rwnd)", FieldType::UInt32, Base::Dec},
    {InitAckOutStreams, "sctp.initack_nr_out_streams", "Number of outbound streams", FieldType::UInt16, Base::Dec},
    {InitAckInStreams, "sctp.initack_nr_in_streams", "Number of inbound streams", FieldType::UInt16, Base::Dec},
    {InitAckInitialTsn, "sctp.initack_initial_tsn", "Initial TSN", FieldType::UInt32, Base::Dec},
    {DataTsn, "sctp.data_tsn", "Transmission sequence number (relative)", FieldType::UInt32, Base::Dec},
    {DataTsnRaw, "sctp.data_tsn_raw", "Transmission sequence number (absolute)", FieldType::UInt32, Base::Dec},
    {DataSid, "sctp.data_sid", "Stream identifier", FieldType::UInt16, Base::Hex},
    {DataSsn, "sctp.data_ssn", "Stream sequence number", FieldType::UInt16, Base::Dec},
    {DataPpi, "sctp.data_payload_proto_id", "Payload protocol identifier", FieldType::UInt32, Base::Dec},
    {DataReserved, "sctp.data_reserved", "Reserved", FieldType::UInt16, Base::Dec},
    {DataMid, "sctp.data_mid", "Message identifier", FieldType::UInt32, Base::Dec},
    {DataFsn, "sctp.data_fsn", "Fragment sequence number", FieldType::UInt32, Base::Dec},
    {DataEBit, "sctp.data_e_bit", "E-Bit", FieldType::Bool, Base::None, 0x01, kEBit},
    {DataBBit, "sctp.data_b_bit", "B-Bit", FieldType::Bool, Base::None, 0x02, kBBit},
    {DataUBit, "sctp.data_u_bit", "U-Bit", FieldType::Bool, Base::None, 0x04, kUBit},
    {DataIBit, "sctp.data_i_bit", "I-Bit", FieldType::Bool, Base::None, 0x08, kIBit},
    {SackNounceSum, "sctp.sack_nounce_sum", "Nounce sum", FieldType::UInt8, Base::Dec, 0x01},
    {SackCumulativeTsnAck, "sctp.sack_cumulative_tsn_ack", "Cumulative TSN ACK (relative)", FieldType::UInt32, Base::Dec},
    {SackCumulativeTsnAckRaw, "sctp.sack_cumulative_tsn_ack_raw", "Cumulative TSN ACK (absolute)", FieldType::UInt32,
     Base::Dec},
    {SackARwnd, "sctp.sack_a_rwnd", "Advertised receiver window credit (a_rwnd)", FieldType::UInt32, Base::Dec},
    {SackGapBlocks, "sctp.sack_number_of_gap_blocks", "Number of gap acknowledgement blocks", FieldType::UInt16, Base::Dec},
    {SackDuplicateTsns, "sctp.sack_number_of_duplicated_tsns", "Number of duplicated TSNs", FieldType::UInt16, Base::Dec},
    {SackGapBlockStart, "sctp.sack_gap_block_start", "Start", FieldType::UInt16, Base::Dec},
    {SackGapBlockEnd, "sctp.sack_gap_block_end", "End", FieldType::UInt16, Base::Dec},
    {SackDuplicateTsn, "sctp.sack_duplicate_tsn", "Duplicate TSN", FieldType::UInt32, Base::Dec},
    {ShutdownCumulativeTsnAck, "sctp.shutdown_cumulative_tsn_ack", "Cumulative TSN Ack", FieldType::UInt32, Base::Dec},
    // Wireshark's FT_BOOLEAN flags; as one-bit integers here because all sctp.* flags share one
    // name prefix and these share the E-bit's bit (the registry test's notion of siblings).
    {ShutdownCompleteTBit, "sctp.shutdown_complete_t_bit", "T-Bit", FieldType::UInt8, Base::Dec, 0x01, kTBit},
    {AbortTBit, "sctp.abort_t_bit", "T-Bit", FieldType::UInt8, Base::Dec, 0x01, kTBit},
    {ParameterType, "sctp.parameter_type", "Parameter type", FieldType::UInt16, Base::Hex, 0, kParameterTypes},
    {ParameterLength, "sctp.parameter_length", "Parameter length", FieldType::UInt16, Base::Dec},
    {ParameterValue, "sctp.parameter_value", "Parameter value", FieldType::Bytes},
    {ParameterPadding, "sctp.parameter_padding", "Parameter padding", FieldType::Bytes},
    {ParameterIpv4Address, "sctp.parameter_ipv4_address", "IP Version 4 address", FieldType::Ipv4},
    {ParameterIpv6Address, "sctp.parameter_ipv6_address", "IP Version 6 address", FieldType::Ipv6},
    {ParameterHeartbeatInformation, "sctp.parameter_heartbeat_information", "Heartbeat information", FieldType::Bytes},
    {ParameterStateCookie, "sctp.parameter_state_cookie", "State cookie", FieldType::Bytes},
    {ParameterCookiePreservative, "sctp.parameter_cookie_preservative_incr",
     "Suggested Cookie life-span increment (msec)", FieldType::UInt32, Base::Dec},
    {ParameterSupportedAddressType, "sctp.parameter_supported_address_type", "Supported address type",
     FieldType::UInt16, Base::Dec},
    {Fragments, "sctp.fragments", "Reassembled SCTP Fragments", FieldType::None},
    {Fragment, "sctp.fragment", "SCTP Fragment", FieldType::FrameNumber},
    {ReassembledIn, "sctp.reassembled_in", "Reassembled Message in frame", FieldType::FrameNumber},
};
static_assert(std::size(kSctpFields) == kSctpFieldCount);

enum SctpExpert : std::uint16_t { ChunkLengthBad, ParameterLengthBad, kSctpExpertCount };
constexpr ExpertDef kSctpExperts[] = {
    {ChunkLengthBad, "sctp.chunk_length.bad", ExpertSeverity::Error, ExpertGroup::Malformed, "Chunk length bad"},
    {ParameterLengthBad, "sctp.parameter_length.bad", ExpertSeverity::Error, ExpertGroup::Malformed,
     "Parameter length bad"},
};
static_assert(std::size(kSctpExperts) == kSctpExpertCount);

// One direction of an association: addresses and ports (the verification tag aside).
struct Direction {
    std::array<std::uint8_t, 16> source{}, destination{};
    std::uint16_t sourcePort = 0, destinationPort = 0;
    // (libc++ 14, used by Emscripten, has no operator<=> for std::array.)
    bool operator<(const Direction& o) const {
        return std::tie(source, destination, sourcePort, destinationPort) <
               std::tie(o.source, o.destination, o.sourcePort, o.destinationPort);
    }

    [[nodiscard]] Direction reversed() const { return {destination, source, destinationPort, sourcePort}; }
};

// Relative TSNs and the fragments of user messages still incomplete.
class SctpState final : public ProtocolState {
public:
    struct Fragment {
        std::vector<std::uint8_t> bytes;
        std::uint8_t flags = 0;  // B and E bits
        std::uint64_t frame = 0;
    };
    struct StreamKey {
        Direction direction;
        std::uint16_t stream = 0;
        bool operator<(const StreamKey& o) const { return std::tie(direction, stream) < std::tie(o.direction, o.stream); }
    };

    std::map<Direction, std::uint32_t> tsnBase;
    std::map<StreamKey, std::map<std::uint32_t, Fragment>> fragments;  // by TSN
    std::size_t fragmentBytes = 0;
};

class SctpProtocol final : public Dissector {
public:
    SctpProtocol() : Dissector({"sctp", "SCTP", "Stream Control Transmission Protocol"}) {}

    void connect(const DissectorTable& ports, const DissectorTable& ppis, const HeuristicList& heuristics) {
        m_ports = &ports;
        m_ppis = &ppis;
        m_heuristics = &heuristics;
    }
    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override { return std::make_unique<SctpState>(); }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        // Wireshark reads the common header before it adds the SCTP item.
        if (view.need(0, kCommonHeaderLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kCommonHeaderLength);
            return view.reported();
        }
        ChunkContext context{p, view, direction(p, view)};
        beginItem(context, true);
        addCommonHeader(p, view);
        // The frame's port type and ports (pinfo->ptype, srcport, destport) for the statistics;
        // caplens keeps no SCTP conversation table.
        p.tap(TapRecord::portsOnlyOf(TapKind::Sctp, view.u16(0), view.u16(2)));
        if (p.wantsColumns()) p.info().clear();
        dissectChunks(context);
        return view.reported();
    }

private:
    // What the chunks of one packet share.
    struct ChunkContext {
        Packet& p;
        const ByteView& view;
        Direction direction;
        bool sawData = false;
    };

    static Direction direction(const Packet& p, const ByteView& v) {
        Direction d;
        const NetworkAddresses& n = p.networkAddresses();
        std::copy_n(n.source.begin(), n.length, d.source.begin());
        std::copy_n(n.destination.begin(), n.length, d.destination.begin());
        d.sourcePort = v.u16(0);
        d.destinationPort = v.u16(2);
        return d;
    }

    void beginItem(ChunkContext& c, bool first) const {
        const ItemRef item = c.p.beginProtocol(*this, c.view, first ? c.view.reported() : 0);
        if (c.p.buildsTree() && first) {
            c.p.setText(item, "Stream Control Transmission Protocol, Src Port: " + std::to_string(c.direction.sourcePort) +
                                  " (" + std::to_string(c.direction.sourcePort) + "), Dst Port: " +
                                  std::to_string(c.direction.destinationPort) + " (" +
                                  std::to_string(c.direction.destinationPort) + ")");
        }
    }

    void addCommonHeader(Packet& p, const ByteView& v) const {
        p.addUint(field(SrcPort), v, 0, 2);
        p.addUint(field(DstPort), v, 2, 2);
        p.addUint(field(Port), v, 0, 2, FieldFlags::Hidden);
        p.addUint(field(Port), v, 2, 2, FieldFlags::Hidden);
        p.addUint(field(VerificationTag), v, 4, 4);
        p.addUint(field(Checksum), v, 8, 4);
        // Wireshark does not verify the CRC32c by default.
        p.addGenerated(field(ChecksumStatus), FieldValue::ofUnsigned(2));
    }

    void dissectChunks(ChunkContext& c) const {
        Packet& p = c.p;
        const ByteView& v = c.view;
        std::uint32_t at = kCommonHeaderLength;
        for (std::size_t count = 0; at < v.reported() && count < kMaxChunks && !p.stopped(); ++count) {
            if (v.need(at, kChunkHeaderLength) != Availability::Available) {
                p.markUnavailable(*this, v, at, kChunkHeaderLength);
                break;
            }
            const std::uint8_t type = v.u8(at);
            const std::uint32_t length = v.u16(at + 2);
            if ((type == Data || type == IData) && c.sawData) beginItem(c, false);
            const std::uint32_t padded = (length + 3u) & ~3u;
            const ByteView chunk = v.sub(at, std::max<std::uint32_t>(length, kChunkHeaderLength));
            addChunkHeader(p, chunk, type);
            if (length < kChunkHeaderLength) {
                p.addExpert(expert(ChunkLengthBad));
                break;
            }
            if (v.need(at, length) != Availability::Available) {
                p.markUnavailable(*this, v, at, length);
                break;
            }
            dissectChunk(c, chunk, type);
            if (padded > length && at + padded <= v.reported()) p.addBytes(field(ChunkPadding), v, at + length, padded - length);
            at += padded;
        }
    }

    void addChunkHeader(Packet& p, const ByteView& chunk, std::uint8_t type) const {
        const ItemRef typeItem = p.add(field(ChunkTypeField), chunk, 0, 1, FieldValue::ofUnsigned(type));
        p.push(typeItem);
        p.addUint(field(ChunkBit1), chunk, 0, 1);
        p.addUint(field(ChunkBit2), chunk, 0, 1);
        p.pop();
        p.addUint(field(ChunkFlags), chunk, 1, 1);
        p.addUint(field(ChunkLength), chunk, 2, 2);
    }

    void dissectChunk(ChunkContext& c, const ByteView& chunk, std::uint8_t type) const {
        Packet& p = c.p;
        const std::string_view name = nameOf(kChunkTypes, type);
        const std::string label = name.empty() ? "UNKNOWN" : std::string(name);
        switch (type) {
            case Data:
            case IData: dissectData(c, chunk, type); return;
            case Init:
            case InitAck: dissectInit(p, chunk, type == Init); break;
            case Sack: dissectSack(c, chunk); return;
            case Heartbeat:
            case HeartbeatAck: addParameters(p, chunk, kChunkHeaderLength); break;
            case Shutdown: p.addUint(field(ShutdownCumulativeTsnAck), chunk, 4, 4); break;
            case CookieEcho: p.addBytes(field(Cookie), chunk, 4, chunk.reported() - 4); break;
            case ShutdownComplete: p.addUint(field(ShutdownCompleteTBit), chunk, 1, 1); break;
            case Abort:
                p.addUint(field(AbortTBit), chunk, 1, 1);
                if (chunk.reported() > 4) p.addBytes(field(ChunkValue), chunk, 4, chunk.reported() - 4);
                break;
            default:
                if (chunk.reported() > 4) p.addBytes(field(ChunkValue), chunk, 4, chunk.reported() - 4);
                break;
        }
        if (p.wantsColumns()) p.info() += label + " ";
    }

    void dissectInit(Packet& p, const ByteView& chunk, bool init) const {
        p.addUint(field(init ? InitInitiateTag : InitAckInitiateTag), chunk, 4, 4);
        p.addUint(field(init ? InitCredit : InitAckCredit), chunk, 8, 4);
        p.addUint(field(init ? InitOutStreams : InitAckOutStreams), chunk, 12, 2);
        p.addUint(field(init ? InitInStreams : InitAckInStreams), chunk, 14, 2);
        p.addUint(field(init ? InitInitialTsn : InitAckInitialTsn), chunk, 16, 4);
        addParameters(p, chunk, 20);
    }

    // Type-length-value parameters, each padded to four bytes.
    void addParameters(Packet& p, const ByteView& chunk, std::uint32_t at) const {
        for (std::size_t count = 0; at + 4 <= chunk.reported() && count < kMaxChunks; ++count) {
            const std::uint16_t type = chunk.u16(at);
            const std::uint32_t length = chunk.u16(at + 2);
            p.addUint(field(ParameterType), chunk, at, 2);
            p.addUint(field(ParameterLength), chunk, at + 2, 2);
            if (length < 4 || at + length > chunk.reported()) {
                p.addExpert(expert(ParameterLengthBad));
                return;
            }
            addParameterValue(p, chunk, type, at + 4, length - 4);
            const std::uint32_t padded = (length + 3u) & ~3u;
            if (padded > length && at + padded <= chunk.reported()) {
                p.addBytes(field(ParameterPadding), chunk, at + length, padded - length);
            }
            at += padded;
        }
    }

    void addParameterValue(Packet& p, const ByteView& v, std::uint16_t type, std::uint32_t at, std::uint32_t length) const {
        switch (type) {
            case 0x1: p.addBytes(field(ParameterHeartbeatInformation), v, at, length); return;
            case 0x5: if (length == 4) p.addIpv4(field(ParameterIpv4Address), v, at); return;
            case 0x6: if (length == 16) p.addBytes(field(ParameterIpv6Address), v, at, 16); return;
            case 0x7: p.addBytes(field(ParameterStateCookie), v, at, length); return;
            case 0x9: if (length == 4) p.addUint(field(ParameterCookiePreservative), v, at, 4); return;
            case 0xc:
                for (std::uint32_t a = at; a + 2 <= at + length; a += 2) p.addUint(field(ParameterSupportedAddressType), v, a, 2);
                return;
            default:
                if (length) p.addBytes(field(ParameterValue), v, at, length);
                return;
        }
    }

    void dissectSack(ChunkContext& c, const ByteView& chunk) const {
        Packet& p = c.p;
        const std::uint32_t ack = chunk.u32(4);
        p.addUint(field(SackNounceSum), chunk, 1, 1);
        auto& state = p.state<SctpState>(*this);
        const auto base = state.tsnBase.find(c.direction.reversed());
        const bool relative = base != state.tsnBase.end();
        if (relative) p.add(field(SackCumulativeTsnAck), chunk, 4, 4, FieldValue::ofUnsigned(ack - base->second));
        p.addUint(field(SackCumulativeTsnAckRaw), chunk, 4, 4);
        p.addUint(field(SackARwnd), chunk, 8, 4);
        const std::uint32_t gaps = chunk.u16(12);
        const std::uint32_t duplicates = chunk.u16(14);
        p.addUint(field(SackGapBlocks), chunk, 12, 2);
        p.addUint(field(SackDuplicateTsns), chunk, 14, 2);
        std::uint32_t at = 16;
        for (std::uint32_t i = 0; i < gaps && at + 4 <= chunk.reported(); ++i, at += 4) {
            p.addUint(field(SackGapBlockStart), chunk, at, 2);
            p.addUint(field(SackGapBlockEnd), chunk, at + 2, 2);
        }
        for (std::uint32_t i = 0; i < duplicates && at + 4 <= chunk.reported(); ++i, at += 4) {
            p.addUint(field(SackDuplicateTsn), chunk, at, 4);
        }
        if (p.wantsColumns()) {
            p.info() += "SACK (Ack=" + std::to_string(relative ? ack - base->second : ack) + ", Arwnd=" +
                      std::to_string(chunk.u32(8)) + ") ";
        }
    }

    // DATA (RFC 9260 section 3.3.1) and I-DATA (RFC 8260): the user message or a fragment of it.
    void dissectData(ChunkContext& c, const ByteView& chunk, std::uint8_t type) const {
        Packet& p = c.p;
        c.sawData = true;
        const bool idata = type == IData;
        const std::uint32_t headerLength = idata ? kIDataHeaderLength : kDataHeaderLength;
        const std::string_view name = idata ? "I_DATA" : "DATA";
        if (chunk.reported() < headerLength) {
            if (p.wantsColumns()) p.info() += std::string(name) + " ";
            return;
        }
        const std::uint8_t flags = chunk.u8(1);
        const std::uint32_t tsn = chunk.u32(4);
        for (const SctpField f : {DataIBit, DataUBit, DataBBit, DataEBit}) p.addUint(field(f), chunk, 1, 1);
        auto& state = p.state<SctpState>(*this);
        const std::uint32_t base = state.tsnBase.try_emplace(c.direction, tsn).first->second;
        p.add(field(DataTsn), chunk, 4, 4, FieldValue::ofUnsigned(tsn - base));
        p.addUint(field(DataTsnRaw), chunk, 4, 4);
        p.addUint(field(DataSid), chunk, 8, 2);
        std::uint32_t ppi = 0;
        if (idata) {
            p.addUint(field(DataReserved), chunk, 10, 2);
            p.addUint(field(DataMid), chunk, 12, 4);
            if (flags & 0x02) {
                ppi = chunk.u32(16);
                p.addUint(field(DataPpi), chunk, 16, 4);
            } else {
                p.addUint(field(DataFsn), chunk, 16, 4);
            }
        } else {
            p.addUint(field(DataSsn), chunk, 10, 2);
            ppi = chunk.u32(12);
            p.addUint(field(DataPpi), chunk, 12, 4);
        }
        const bool complete = (flags & 0x03) == 0x03;
        if (p.wantsColumns()) p.info() += std::string(name) + " (TSN=" + std::to_string(tsn - base) + ") ";
        const ByteView payload = chunk.from(headerLength);
        if (complete) {
            handOff(c, payload, ppi);
            return;
        }
        // I-DATA fragments are numbered by FSN within a message: shown, not reassembled.
        const bool reassembled = !idata && reassemble(c, payload, flags, tsn, chunk.u16(8), ppi);
        if (!reassembled && p.wantsColumns()) p.info() += "(Message Fragment) ";
    }

    // Fragments of one message have consecutive TSNs from the one with B to the one with E.
    // Returns true when this fragment completed its message (which was then handed on).
    bool reassemble(ChunkContext& c, const ByteView& payload, std::uint8_t flags, std::uint32_t tsn,
                    std::uint16_t stream, std::uint32_t ppi) const {
        constexpr std::uint8_t kBegin = 0x02, kEnd = 0x01;
        Packet& p = c.p;
        if (payload.isCut()) return false;
        auto& state = p.state<SctpState>(*this);
        if (state.fragmentBytes + payload.reported() > kMaxPendingFragmentBytes) {
            state.fragments.clear();
            state.fragmentBytes = 0;
        }
        auto& pending = state.fragments[{c.direction, stream}];
        auto& fragment = pending[tsn];
        state.fragmentBytes += payload.reported();
        state.fragmentBytes -= std::min(state.fragmentBytes, fragment.bytes.size());
        fragment.bytes.assign(payload.bytes().begin(), payload.bytes().end());
        fragment.flags = flags & (kBegin | kEnd);
        fragment.frame = p.frame().number;
        // Walk to the first and the last fragment of the message; each step needs the next TSN.
        std::uint32_t first = tsn;
        for (std::size_t steps = 0; !(pending.find(first)->second.flags & kBegin); ++steps) {
            if (steps > pending.size() || pending.find(first - 1) == pending.end()) return false;
            --first;
        }
        std::uint32_t last = tsn;
        for (std::size_t steps = 0; !(pending.find(last)->second.flags & kEnd); ++steps) {
            if (steps > pending.size() || pending.find(last + 1) == pending.end()) return false;
            ++last;
        }
        std::vector<std::uint8_t> message;
        std::vector<std::uint64_t> frames;
        for (std::uint32_t t = first;; ++t) {
            auto it = pending.find(t);
            message.insert(message.end(), it->second.bytes.begin(), it->second.bytes.end());
            frames.push_back(it->second.frame);
            state.fragmentBytes -= std::min(state.fragmentBytes, it->second.bytes.size());
            pending.erase(it);
            if (t == last) break;
        }
        const ByteView whole = p.addDataSource("Reassembled SCTP Message", message);
        const ItemRef item = p.add(field(Fragments), whole, 0, whole.reported(), FieldValue{});
        p.push(item);
        for (const std::uint64_t frame : frames) p.addGenerated(field(Fragment), FieldValue::ofUnsigned(frame), FieldFlags::None);
        p.pop();
        handOff(c, whole, ppi);
        return true;
    }

    void handOff(ChunkContext& c, const ByteView& payload, std::uint32_t ppi) const {
        Packet& p = c.p;
        if (payload.empty()) return;
        const std::uint16_t low = std::min(c.direction.sourcePort, c.direction.destinationPort);
        const std::uint16_t high = std::max(c.direction.sourcePort, c.direction.destinationPort);
        std::uint32_t used = ppi != 0 ? p.dispatch(*m_ppis, ppi, payload) : 0;
        if (used == 0 && low != 0) used = p.dispatch(*m_ports, low, payload);
        if (used == 0 && high != 0 && high != low) used = p.dispatch(*m_ports, high, payload);
        if (used == 0) used = p.tryHeuristics(*m_heuristics, payload);
        if (used == 0 && !p.stopped()) p.callData(payload);
    }

    const DissectorTable* m_ports = nullptr;
    const DissectorTable* m_ppis = nullptr;
    const HeuristicList* m_heuristics = nullptr;
};

}  // namespace

void registerSctp(Registry& r) {
    auto& sctp = r.addProtocol<SctpProtocol>(kSctpFields);
    r.addExperts(sctp, kSctpExperts);
    r.addTable("sctp.port", "SCTP port");
    r.addTable("sctp.ppi", "SCTP payload protocol identifier");
    r.onHandoff([&sctp](Registry& registry) {
        sctp.connect(registry.table("sctp.port"), registry.table("sctp.ppi"), registry.heuristics("sctp"));
        registry.table("ip.proto").add(132, sctp);
        registry.table("udp.port").add(9899, sctp);  // SCTP over UDP (RFC 6951)
        registry.table("linktype").add(kLinktypeSctp, sctp);
    });
}

}  // namespace caplens::proto
