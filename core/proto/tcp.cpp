// tcp — Transmission Control Protocol (RFC 9293): header, options, stream numbering, relative
// sequence numbers, and the hand-off of payload to the protocol above with reassembly of PDUs
// that span segments, as Wireshark does by default:
//  - payload already handed on (a retransmission, a keep-alive) is not dissected again;
//  - a segment that continues a PDU started earlier is only "tcp" until the PDU is complete;
//    the frame that completes it dissects the whole PDU, adds "tcp.segments", and hands the
//    rest of its payload on as new PDUs.
// Payload goes to: the conversation's dissector (claimed by a heuristic earlier), the server
// port's, the lower port's, the higher port's ("tcp.port" table), the "tcp" heuristics, data.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   |          Source Port          |       Destination Port        |
//   |                        Sequence Number                        |
//   |                    Acknowledgment Number                      |
//   |  Data |       |C|E|U|A|P|R|S|F|                               |
//   | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
//   |           Checksum            |         Urgent Pointer        |
//   |                           [Options]                           |
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"
#include "core/proto/tcp_analysis.hpp"
#include "core/proto/tcp_streams.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kMinHeader = 20;

enum TcpField : FieldIndex {
    SrcPort, DstPort, Port, Stream, Len, Seq, SeqRaw, NxtSeq, Ack, AckRaw, HdrLen, Flags, FlagRes, FlagAe,
    FlagCwr, FlagEce, FlagUrg, FlagAck, FlagPush, FlagReset, FlagSyn, FlagFin, FlagStr, WindowValue,
    WindowSize, WindowScale, Checksum, ChecksumStatus, UrgentPointer, Options, OptionKind, OptionLen,
    OptNop, OptEol, OptMss, OptMssVal, OptWscale, OptWscaleShift, OptWscaleMultiplier, OptSackPerm, OptSack,
    OptSackLe, OptSackRe, OptSackCount, OptTimestamp, OptTsval, OptTsecr, OptTfo, OptUnknown, Payload,
    SegmentData, Segments, Segment, SegmentCount, ReassembledLength, ReassembledIn, Analysis, AnalysisFlags,
    AcksFrame, AckRtt, InitialRtt, BytesInFlight, PushBytesSent, DuplicateAckNum, DuplicateAckFrame,
    kTcpFieldCount
};

constexpr ValueName kSetNames[] = {{0, "Not set"}, {1, "Set"}};
constexpr ValueName kChecksumStatus[] = {{0, "Bad"}, {1, "Good"}, {2, "Unverified"}};
constexpr ValueName kOptionKinds[] = {{0, "End of Option List"}, {1, "No-Operation"}, {2, "Maximum segment size"},
                                      {3, "Window scale"}, {4, "SACK permitted"}, {5, "SACK"},
                                      {8, "Time Stamp Option"}, {30, "Multipath TCP"}, {34, "TCP Fast Open"}};

constexpr FieldDef kTcpFields[] = {
    {SrcPort, "tcp.srcport", "Source Port", FieldType::UInt16, Base::Dec},
    {DstPort, "tcp.dstport", "Destination Port", FieldType::UInt16, Base::Dec},
    {Port, "tcp.port", "Source or Destination Port", FieldType::UInt16, Base::Dec},
    {Stream, "tcp.stream", "Stream index", FieldType::UInt32, Base::Dec},
    {Len, "tcp.len", "TCP SegmentHeader Len", FieldType::UInt32, Base::Dec},
    {Seq, "tcp.seq", "Sequence Number", FieldType::UInt32, Base::Dec},
    {SeqRaw, "tcp.seq_raw", "Sequence Number (raw)", FieldType::UInt32, Base::Dec},
    {NxtSeq, "tcp.nxtseq", "Next Sequence Number", FieldType::UInt32, Base::Dec},
    {Ack, "tcp.ack", "Acknowledgment Number", FieldType::UInt32, Base::Dec},
    {AckRaw, "tcp.ack_raw", "Acknowledgment number (raw)", FieldType::UInt32, Base::Dec},
    {HdrLen, "tcp.hdr_len", "Header Length", FieldType::UInt8, Base::Dec},
    {Flags, "tcp.flags", "Flags", FieldType::UInt16, Base::Hex, 0x0FFF},
    {FlagRes, "tcp.flags.res", "Reserved", FieldType::Bool, Base::None, 0xE00, kSetNames},
    {FlagAe, "tcp.flags.ae", "Accurate ECN", FieldType::Bool, Base::None, 0x100, kSetNames},
    {FlagCwr, "tcp.flags.cwr", "Congestion Window Reduced", FieldType::Bool, Base::None, 0x080, kSetNames},
    {FlagEce, "tcp.flags.ece", "ECN-Echo", FieldType::Bool, Base::None, 0x040, kSetNames},
    {FlagUrg, "tcp.flags.urg", "Urgent", FieldType::Bool, Base::None, 0x020, kSetNames},
    {FlagAck, "tcp.flags.ack", "Acknowledgment", FieldType::Bool, Base::None, 0x010, kSetNames},
    {FlagPush, "tcp.flags.push", "Push", FieldType::Bool, Base::None, 0x008, kSetNames},
    {FlagReset, "tcp.flags.reset", "Reset", FieldType::Bool, Base::None, 0x004, kSetNames},
    {FlagSyn, "tcp.flags.syn", "Syn", FieldType::Bool, Base::None, 0x002, kSetNames},
    {FlagFin, "tcp.flags.fin", "Fin", FieldType::Bool, Base::None, 0x001, kSetNames},
    {FlagStr, "tcp.flags.str", "TCP Flags", FieldType::String},
    {WindowValue, "tcp.window_size_value", "Window", FieldType::UInt16, Base::Dec},
    {WindowSize, "tcp.window_size", "Calculated window size", FieldType::UInt32, Base::Dec},
    {WindowScale, "tcp.window_size_scalefactor", "Window size scaling factor", FieldType::Int32, Base::Dec},
    {Checksum, "tcp.checksum", "Checksum", FieldType::UInt16, Base::Hex},
    {ChecksumStatus, "tcp.checksum.status", "Checksum Status", FieldType::UInt8, Base::None, 0, kChecksumStatus},
    {UrgentPointer, "tcp.urgent_pointer", "Urgent Pointer", FieldType::UInt16, Base::Dec},
    {Options, "tcp.options", "Options", FieldType::Bytes},
    {OptionKind, "tcp.option_kind", "Kind", FieldType::UInt8, Base::Dec, 0, kOptionKinds},
    {OptionLen, "tcp.option_len", "Length", FieldType::UInt8, Base::Dec},
    {OptNop, "tcp.options.nop", "TCP Option - No-Operation (NOP)", FieldType::None},
    {OptEol, "tcp.options.eol", "TCP Option - End of Option List (EOL)", FieldType::None},
    {OptMss, "tcp.options.mss", "TCP Option - Maximum segment size", FieldType::None},
    {OptMssVal, "tcp.options.mss_val", "MSS Value", FieldType::UInt16, Base::Dec},
    {OptWscale, "tcp.options.wscale", "TCP Option - Window scale", FieldType::None},
    {OptWscaleShift, "tcp.options.wscale.shift", "Shift count", FieldType::UInt8, Base::Dec},
    {OptWscaleMultiplier, "tcp.options.wscale.multiplier", "Multiplier", FieldType::UInt16, Base::Dec},
    {OptSackPerm, "tcp.options.sack_perm", "TCP Option - SACK permitted", FieldType::None},
    {OptSack, "tcp.options.sack", "TCP Option - SACK", FieldType::None},
    {OptSackLe, "tcp.options.sack_le", "TCP SACK Left Edge", FieldType::UInt32, Base::Dec},
    {OptSackRe, "tcp.options.sack_re", "TCP SACK Right Edge", FieldType::UInt32, Base::Dec},
    {OptSackCount, "tcp.options.sack.count", "TCP SACK Count", FieldType::UInt8, Base::Dec},
    {OptTimestamp, "tcp.options.timestamp", "TCP Option - Timestamps", FieldType::None},
    {OptTsval, "tcp.options.timestamp.tsval", "Timestamp value", FieldType::UInt32, Base::Dec},
    {OptTsecr, "tcp.options.timestamp.tsecr", "Timestamp echo reply", FieldType::UInt32, Base::Dec},
    {OptTfo, "tcp.options.tfo", "TCP Option - TCP Fast Open", FieldType::None},
    {OptUnknown, "tcp.options.unknown", "TCP Option - Unknown", FieldType::None},
    {Payload, "tcp.payload", "TCP payload", FieldType::Bytes},
    {SegmentData, "tcp.segment_data", "TCP segment data", FieldType::Bytes},
    {Segments, "tcp.segments", "Reassembled TCP Segments", FieldType::None},
    {Segment, "tcp.segment", "TCP Segment", FieldType::FrameNumber},
    {SegmentCount, "tcp.segment.count", "SegmentHeader count", FieldType::UInt32, Base::Dec},
    {ReassembledLength, "tcp.reassembled.length", "Reassembled TCP length", FieldType::UInt32, Base::Dec},
    {ReassembledIn, "tcp.reassembled_in", "Reassembled PDU in frame", FieldType::FrameNumber},
    {Analysis, "tcp.analysis", "SEQ/ACK analysis", FieldType::None},
    {AnalysisFlags, "tcp.analysis.flags", "TCP Analysis Flags", FieldType::None},
    {AcksFrame, "tcp.analysis.acks_frame", "This is an ACK to the segment in frame", FieldType::FrameNumber},
    {AckRtt, "tcp.analysis.ack_rtt", "The RTT to ACK the segment was", FieldType::RelativeTime},
    {InitialRtt, "tcp.analysis.initial_rtt", "iRTT", FieldType::RelativeTime},
    {BytesInFlight, "tcp.analysis.bytes_in_flight", "Bytes in flight", FieldType::UInt32, Base::Dec},
    {PushBytesSent, "tcp.analysis.push_bytes_sent", "Bytes sent since last PSH flag", FieldType::UInt32, Base::Dec},
    {DuplicateAckNum, "tcp.analysis.duplicate_ack_num", "Duplicate ACK #", FieldType::UInt32, Base::Dec},
    {DuplicateAckFrame, "tcp.analysis.duplicate_ack_frame", "Duplicate to the ACK in frame", FieldType::FrameNumber},
};
static_assert(std::size(kTcpFields) == kTcpFieldCount);

enum TcpExpert : std::uint16_t {
    BogusHeaderLength, Retransmission, FastRetransmission, SpuriousRetransmission, OutOfOrder, ReusedPorts,
    LostSegment, AckLostSegment, WindowUpdate, WindowFull, KeepAlive, KeepAliveAck, ZeroWindowProbe, ZeroWindow,
    ZeroWindowProbeAck, DuplicateAck, ConnectionSyn, ConnectionSynAck, ConnectionFin, ConnectionRst, FinActive, FinPassive,
    AckNonzero, UrgentPointerNonzero, DuplicateSack, kTcpExpertCount
};
constexpr ExpertSeverity kNote = ExpertSeverity::Note;
constexpr ExpertSeverity kWarn = ExpertSeverity::Warning;
constexpr ExpertSeverity kChat = ExpertSeverity::Chat;
constexpr ExpertGroup kSequence = ExpertGroup::Sequence;
constexpr ExpertDef kTcpExperts[] = {
    {BogusHeaderLength, "tcp.bogus_header_length", ExpertSeverity::Error, ExpertGroup::Protocol, "Bogus TCP Header length"},
    {Retransmission, "tcp.analysis.retransmission", kNote, kSequence, "This frame is a (suspected) retransmission"},
    {FastRetransmission, "tcp.analysis.fast_retransmission", kNote, kSequence, "This frame is a (suspected) fast retransmission"},
    {SpuriousRetransmission, "tcp.analysis.spurious_retransmission", kNote, kSequence, "This frame is a (suspected) spurious retransmission"},
    {OutOfOrder, "tcp.analysis.out_of_order", kWarn, kSequence, "This frame is a (suspected) out-of-order segment"},
    {ReusedPorts, "tcp.analysis.reused_ports", kNote, kSequence, "A new tcp session is started with the same ports as an earlier session in this trace"},
    {LostSegment, "tcp.analysis.lost_segment", kWarn, kSequence, "Previous segment(s) not captured (common at capture start)"},
    {AckLostSegment, "tcp.analysis.ack_lost_segment", kWarn, kSequence, "ACKed segment that wasn't captured (common at capture start)"},
    {WindowUpdate, "tcp.analysis.window_update", kChat, kSequence, "TCP window update"},
    {WindowFull, "tcp.analysis.window_full", kWarn, kSequence, "TCP window specified by the receiver is now completely full"},
    {KeepAlive, "tcp.analysis.keep_alive", kNote, kSequence, "TCP keep-alive segment"},
    {KeepAliveAck, "tcp.analysis.keep_alive_ack", kNote, kSequence, "ACK to a TCP keep-alive segment"},
    {ZeroWindowProbe, "tcp.analysis.zero_window_probe", kNote, kSequence, "TCP Zero Window Probe"},
    {ZeroWindow, "tcp.analysis.zero_window", kWarn, kSequence, "TCP Zero Window segment"},
    {ZeroWindowProbeAck, "tcp.analysis.zero_window_probe_ack", kNote, kSequence, "ACK to a TCP Zero Window Probe"},
    {DuplicateAck, "tcp.analysis.duplicate_ack", kNote, kSequence, "Duplicate ACK"},
    {ConnectionSyn, "tcp.connection.syn", kChat, kSequence, "Connection establish request (SYN)"},
    {ConnectionSynAck, "tcp.connection.synack", kChat, kSequence, "Connection establish acknowledge (SYN+ACK)"},
    {ConnectionFin, "tcp.connection.fin", kChat, kSequence, "Connection finish (FIN)"},
    {ConnectionRst, "tcp.connection.rst", kWarn, kSequence, "Connection reset (RST)"},
    {FinActive, "tcp.connection.fin_active", kNote, kSequence, "This frame initiates the connection closing"},
    {FinPassive, "tcp.connection.fin_passive", kNote, kSequence, "This frame undergoes the connection closing"},
    {AckNonzero, "tcp.ack.nonzero", kNote, ExpertGroup::Protocol,
     "The acknowledgment number field is nonzero while the ACK flag is not set"},
    {UrgentPointerNonzero, "tcp.urgent_pointer.non_zero", kNote, ExpertGroup::Protocol,
     "The urgent pointer field is nonzero while the URG flag is not set"},
    {DuplicateSack, "tcp.options.sack.dsack", kWarn, kSequence, "D-SACK Sequence"},
};
static_assert(std::size(kTcpExperts) == kTcpExpertCount);

constexpr std::uint16_t Fin = kTcpFin;
constexpr std::uint16_t Syn = kTcpSyn;
constexpr std::uint16_t Rst = kTcpRst;
constexpr std::uint16_t AckFlag = kTcpAck;

// Analysis conditions, their expert notes and their Info column prefixes, in the order
// Wireshark prints them (each prefix is prepended, so the last listed ends up first).
struct AnalysisNote {
    std::uint32_t flag;
    TcpExpert expert;
    const char* prefix;
};
constexpr AnalysisNote kAnalysisNotes[] = {
    {kTcpRetransmission, Retransmission, "[TCP Retransmission] "},
    {kTcpFastRetransmission, FastRetransmission, "[TCP Fast Retransmission] "},
    {kTcpSpuriousRetransmission, SpuriousRetransmission, "[TCP Spurious Retransmission] "},
    {kTcpOutOfOrder, OutOfOrder, "[TCP Out-Of-Order] "},
    {kTcpReusedPorts, ReusedPorts, "[TCP Port numbers reused] "},
    {kTcpLostSegment, LostSegment, "[TCP Previous segment not captured] "},
    {kTcpAckLostSegment, AckLostSegment, "[TCP ACKed unseen segment] "},
    {kTcpWindowUpdate, WindowUpdate, "[TCP Window Update] "},
    {kTcpWindowFull, WindowFull, "[TCP Window Full] "},
    {kTcpKeepAlive, KeepAlive, "[TCP Keep-Alive] "},
    {kTcpKeepAliveAck, KeepAliveAck, "[TCP Keep-Alive ACK] "},
    {kTcpDuplicateAck, DuplicateAck, nullptr},  // "[TCP Dup ACK f#n] ", formatted
    {kTcpZeroWindowProbe, ZeroWindowProbe, "[TCP ZeroWindowProbe] "},
    {kTcpZeroWindow, ZeroWindow, "[TCP ZeroWindow] "},
    {kTcpZeroWindowProbeAck, ZeroWindowProbeAck, "[TCP ZeroWindowProbeAck] "},
};

// What the options say that the handshake, the analysis and the Info column need.
struct SegmentOptions {
    std::int8_t windowShift = -1;  // -1: no window scale option
    std::uint8_t sackCount = 0;
    std::uint32_t sackLeft[4] = {};
    std::uint32_t sackRight[4] = {};
    std::string infoSuffix;        // " MSS=1460 SACK_PERM WS=128" (only built for the Info column)
};

class TcpState final : public ProtocolState {
public:
    TcpStreams streams;
};

// The header fields the hand-off and the columns need.
struct SegmentHeader {
    std::uint16_t srcPort, dstPort;
    std::uint32_t seq, ack;
    std::uint16_t flags;
    std::uint16_t window;
    std::uint32_t headerLength;
    std::uint32_t payloadLength;
};

class TcpProtocol final : public Dissector {
public:
    TcpProtocol() : Dissector({"tcp", "TCP", "Transmission Control Protocol"}) {}

    void connect(const DissectorTable& ports, const HeuristicList& heuristics) {
        m_ports = &ports;
        m_heuristics = &heuristics;
    }
    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override { return std::make_unique<TcpState>(); }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, kMinHeader);
        if (view.need(0, kMinHeader) != Availability::Available) {
            addPorts(p, view);  // whatever of the header is there is still shown
            tapPortsOnly(p, view);
            p.markUnavailable(*this, view, 0, kMinHeader);
            return view.reported();
        }
        SegmentHeader s = parseSegment(view);
        if (s.headerLength < kMinHeader || s.headerLength > view.reported()) {
            addPorts(p, view);
            tapPortsOnly(p, view);
            p.addExpert(expert(BogusHeaderLength));
            return view.reported();
        }
        s.payloadLength = view.reported() - s.headerLength;
        p.setLength(item, s.headerLength);

        const SegmentOptions options = readOptions(view, s, p.wantsColumns());
        const TcpFrameFacts* replayed = p.replayedTcp();
        TcpStream replayStream;
        TcpStream* stream = &replayStream;
        int direction = 0;
        TcpAnalysisResult analysis;
        if (replayed != nullptr) {
            replayStream = streamFromFacts(p, *replayed);
            analysis = replayed->analysis;
        } else {
            auto [live, liveDirection] = p.state<TcpState>(*this).streams.lookup(
                endpoints(p, s), (s.flags & (Syn | AckFlag)) == Syn, s.seq);
            stream = live;
            direction = liveDirection;
            if (stream->fresh) claimExpected(p, *stream);
            trackHandshake(p, *stream, direction, s, options);
            analysis = analyzeSegment(*stream, direction, facts(p, s, options));
            if (stream->reusedPorts && (s.flags & (Syn | AckFlag)) == Syn) analysis.flags |= kTcpReusedPorts;
            analysis.closing = trackClosing(*stream, direction, s.flags);
            recordFacts(p, *stream, direction, analysis);
        }
        addHeaderFields(p, view, s, *stream, direction);
        tapSegment(p, s, stream->index);
        if (view.need(0, s.headerLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, s.headerLength);
            return view.reported();
        }
        addOptions(p, view, s.headerLength);
        addAnalysis(p, *stream, s, analysis);
        if (p.buildsTree()) p.setText(item, title(s, *stream, direction));
        if (p.wantsColumns()) {
            p.info() = info(s, *stream, direction) + options.infoSuffix;
            p.prependInfo(analysisPrefix(analysis));
        }
        if (s.payloadLength == 0) return view.reported();
        if (replayed != nullptr) {
            replayPayload(p, view.from(s.headerLength), s, *stream, *replayed);
        } else {
            handOffPayload(p, view.from(s.headerLength), s, *stream, direction);
            // A heuristic may have claimed the stream while the payload was handed on.
            if (stream->conversationDissector) p.facts().tcp.conversationProtocol = stream->conversationDissector->id();
        }
        return view.reported();
    }

private:
    static SegmentHeader parseSegment(const ByteView& v) {
        return {v.u16(0), v.u16(2), v.u32(4), v.u32(8), static_cast<std::uint16_t>(v.u16(12) & 0x0FFF),
                v.u16(14), static_cast<std::uint32_t>(v.u8(12) >> 4) * 4u, 0};
    }

    // What the first pass will need to dissect this frame alone later (frame_facts.hpp).
    static void recordFacts(Packet& p, const TcpStream& stream, int direction, const TcpAnalysisResult& analysis) {
        FrameFacts& all = p.facts();
        all.hasTcp = true;
        TcpFrameFacts& f = all.tcp;
        const TcpDirection& dir = stream.directions[direction];
        const TcpDirection& reverse = stream.directions[1 - direction];
        f = TcpFrameFacts{};
        f.stream = stream.index;
        f.forward = direction == 0;
        f.baseSeq = dir.baseSeq;
        f.reverseBaseSet = reverse.baseSet;
        f.reverseBaseSeq = reverse.baseSeq;
        f.windowScale = dir.windowScale;
        f.initialRttNs = stream.initialRttNs;
        f.serverPort = stream.serverPort;
        f.analysis = analysis;
        if (stream.conversationDissector) f.conversationProtocol = stream.conversationDissector->id();
    }

    // A stream reduced to what one replayed frame needs: its own direction is direction 0.
    static TcpStream streamFromFacts(const Packet& p, const TcpFrameFacts& f) {
        TcpStream stream;
        stream.index = f.stream;
        stream.directions[0].baseSet = true;
        stream.directions[0].baseSeq = f.baseSeq;
        stream.directions[0].windowScale = f.windowScale;
        stream.directions[1].baseSet = f.reverseBaseSet;
        stream.directions[1].baseSeq = f.reverseBaseSeq;
        stream.initialRttNs = f.initialRttNs;
        stream.serverPort = f.serverPort;
        if (f.conversationProtocol < p.registry().protocolCount()) {
            stream.conversationDissector = &p.registry().protocol(f.conversationProtocol);
        }
        return stream;
    }

    static void tapSegment(Packet& p, const SegmentHeader& s, std::uint32_t stream) {
        TapRecord tap;
        tap.kind = TapKind::Tcp;
        tap.sourcePort = s.srcPort;
        tap.destinationPort = s.dstPort;
        tap.stream = stream;
        tap.payloadLength = s.payloadLength;
        tap.tcpFlags = s.flags;
        p.tap(tap);
    }

    static TcpEndpoints endpoints(const Packet& p, const SegmentHeader& s) {
        TcpEndpoints e;
        const NetworkAddresses& n = p.networkAddresses();
        e.addressLength = n.length;
        e.source = n.source;
        e.destination = n.destination;
        e.sourcePort = s.srcPort;
        e.destinationPort = s.dstPort;
        return e;
    }

    // A new connection a protocol announced earlier (FTP data) goes to that protocol.
    static void claimExpected(Packet& p, TcpStream& stream) {
        stream.fresh = false;
        const TcpEndpoints& e = stream.first;
        const auto length = e.addressLength;
        const Dissector* expected = p.claimExpectedConversation({e.destination.data(), length}, e.destinationPort);
        if (expected == nullptr) expected = p.claimExpectedConversation({e.source.data(), length}, e.sourcePort);
        if (expected != nullptr) stream.conversationDissector = expected;
    }

    void addPorts(Packet& p, const ByteView& v) const {
        if (!v.has(0, 4)) return;
        p.addUint(field(SrcPort), v, 0, 2);
        p.addUint(field(DstPort), v, 2, 2);
        p.addUint(field(Port), v, 0, 2, FieldFlags::Hidden);
        p.addUint(field(Port), v, 2, 2, FieldFlags::Hidden);
    }

    // A header that ends (or is bogus) after its ports: Wireshark has set the frame's port type
    // and ports (pinfo->ptype, srcport, destport) but its tap does not fire.
    static void tapPortsOnly(Packet& p, const ByteView& v) {
        if (v.has(0, 4)) p.tap(TapRecord::portsOnlyOf(TapKind::Tcp, v.u16(0), v.u16(2)));
    }

    // Reads the options the handshake and the analysis need before the fields are shown.
    static SegmentOptions readOptions(const ByteView& v, const SegmentHeader& s, bool forInfo) {
        SegmentOptions o;
        if (!v.has(0, s.headerLength)) return o;
        std::uint32_t at = kMinHeader;
        while (at < s.headerLength) {
            const std::uint8_t kind = v.u8(at);
            if (kind == 0) break;
            if (kind == 1) {
                ++at;
                continue;
            }
            const std::uint8_t length = v.u8(at + 1);
            if (length < 2 || at + length > s.headerLength) break;
            if (kind == 3 && length == 3) o.windowShift = static_cast<std::int8_t>(std::min<std::uint8_t>(v.u8(at + 2), 14));
            if (kind == 5) {
                for (std::uint32_t b = 0; b < (length - 2u) / 8u && o.sackCount < 4; ++b, ++o.sackCount) {
                    o.sackLeft[o.sackCount] = v.u32(at + 2 + 8 * b);
                    o.sackRight[o.sackCount] = v.u32(at + 6 + 8 * b);
                }
            }
            if (forInfo) appendOptionInfo(o.infoSuffix, v, at, kind, length);
            at += length;
        }
        return o;
    }

    static void appendOptionInfo(std::string& out, const ByteView& v, std::uint32_t at, std::uint8_t kind,
                                 std::uint8_t length) {
        if (kind == 2 && length == 4) out += " MSS=" + std::to_string(v.u16(at + 2));
        if (kind == 3 && length == 3) out += " WS=" + std::to_string(1u << std::min<std::uint8_t>(v.u8(at + 2), 14));
        if (kind == 4) out += " SACK_PERM";
        if (kind == 8 && length == 10) {
            out += " TSval=" + std::to_string(v.u32(at + 2)) + " TSecr=" + std::to_string(v.u32(at + 6));
        }
    }

    // The handshake gives window scaling, the server port and the initial RTT (measured from
    // the most recent SYN to the first ACK after it, as Wireshark does).
    static void trackHandshake(Packet& p, TcpStream& stream, int direction, const SegmentHeader& s,
                               const SegmentOptions& o) {
        TcpDirection& dir = stream.directions[direction];
        TcpDirection& reverse = stream.directions[1 - direction];
        const TimestampNs now = p.frame().timestampNs == kNoTimestamp ? 0 : p.frame().timestampNs;
        if (s.flags & Syn) {
            dir.sawSyn = true;
            // Scaling is used only when both SYNs offer it: a SYN without the option turns it
            // off both ways.
            dir.windowScale = o.windowShift >= 0 ? o.windowShift : -2;
            if (dir.windowScale == -2 || reverse.windowScale == -2) dir.windowScale = reverse.windowScale = -2;
            if (s.flags & AckFlag) {
                stream.sawSynAck = true;
                if (stream.serverPort == 0) stream.serverPort = s.srcPort;
            } else {
                stream.sawSyn = true;
                stream.serverPort = s.dstPort;
                stream.lastSynTime = now;
            }
        }
        // A zero iRTT counts as "not measured yet" (Wireshark measures again at the next ACK).
        if ((s.flags & (Syn | AckFlag)) == AckFlag && stream.lastSynTime && !stream.initialRttNs &&
            now != *stream.lastSynTime) {
            stream.initialRttNs = now - *stream.lastSynTime;
        }
        if (s.flags & (Fin | Rst)) stream.closed = true;
    }

    // Wireshark calls the side whose FIN comes first the closing initiator; every FIN of the
    // other side after that undergoes the closing.
    static TcpClosing trackClosing(TcpStream& stream, int direction, std::uint16_t flags) {
        if (!(flags & Fin)) return TcpClosing::None;
        if (stream.directions[1 - direction].closingInitiator) return TcpClosing::Passive;
        stream.directions[direction].closingInitiator = true;
        return TcpClosing::Active;
    }

    static TcpSegmentFacts facts(const Packet& p, const SegmentHeader& s, const SegmentOptions& o) {
        TcpSegmentFacts f;
        f.frame = p.frame().number;
        f.time = p.frame().timestampNs == kNoTimestamp ? 0 : p.frame().timestampNs;
        f.seq = s.seq;
        f.ack = s.ack;
        f.length = s.payloadLength;
        f.flags = s.flags;
        f.window = s.window;
        f.sackCount = o.sackCount;
        std::copy(std::begin(o.sackLeft), std::end(o.sackLeft), std::begin(f.sackLeft));
        std::copy(std::begin(o.sackRight), std::end(o.sackRight), std::begin(f.sackRight));
        return f;
    }

    // The SEQ/ACK analysis subtree: what this segment acknowledges, RTTs, flags and notes.
    void addAnalysis(Packet& p, const TcpStream& stream, const SegmentHeader& s, const TcpAnalysisResult& a) const {
        addConnectionNotes(p, s, a.closing);
        if (!a.hasAnalysis) return;
        const ItemRef analysis = p.addGenerated(field(Analysis), {});
        p.push(analysis);
        if (a.ackedFrame) {
            p.addGenerated(field(AcksFrame), FieldValue::ofUnsigned(a.ackedFrame));
            // Wireshark shows no RTT when ACK and segment carry the same timestamp.
            if (a.ackRttNs != 0) p.addGenerated(field(AckRtt), FieldValue::ofSigned(a.ackRttNs));
        }
        if (stream.initialRttNs) p.addGenerated(field(InitialRtt), FieldValue::ofSigned(*stream.initialRttNs));
        if (a.bytesInFlight) p.addGenerated(field(BytesInFlight), FieldValue::ofUnsigned(*a.bytesInFlight));
        if (a.pushBytesSent && *a.pushBytesSent) p.addGenerated(field(PushBytesSent), FieldValue::ofUnsigned(*a.pushBytesSent));
        if (a.flags) {
            p.push(p.addGenerated(field(AnalysisFlags), {}));
            for (const auto& note : kAnalysisNotes) {
                if (!(a.flags & note.flag)) continue;
                p.addExpert(expert(note.expert));
                // Fast and spurious retransmissions are retransmissions too.
                if (note.flag & (kTcpFastRetransmission | kTcpSpuriousRetransmission)) p.addExpert(expert(Retransmission));
            }
            p.pop();
        }
        p.pop();
        if (a.duplicateAckNumber) {
            p.addGenerated(field(DuplicateAckNum), FieldValue::ofUnsigned(a.duplicateAckNumber));
            p.addGenerated(field(DuplicateAckFrame), FieldValue::ofUnsigned(a.duplicateAckFrame));
        }
    }

    void addConnectionNotes(Packet& p, const SegmentHeader& s, TcpClosing closing) const {
        if ((s.flags & (Syn | AckFlag)) == Syn) p.addExpert(expert(ConnectionSyn));
        if ((s.flags & (Syn | AckFlag)) == (Syn | AckFlag)) p.addExpert(expert(ConnectionSynAck));
        if (s.flags & Fin) p.addExpert(expert(ConnectionFin));
        if (closing != TcpClosing::None) p.addExpert(expert(closing == TcpClosing::Active ? FinActive : FinPassive));
        if (s.flags & Rst) p.addExpert(expert(ConnectionRst));
    }

    static std::string analysisPrefix(const TcpAnalysisResult& a) {
        std::string prefix;
        for (const auto& note : kAnalysisNotes) {
            if (!(a.flags & note.flag)) continue;
            const std::string text = note.prefix ? note.prefix
                                                 : "[TCP Dup ACK " + std::to_string(a.duplicateAckFrame) + "#" +
                                                       std::to_string(a.duplicateAckNumber) + "] ";
            prefix = text + prefix;
        }
        return prefix;
    }

    void addHeaderFields(Packet& p, const ByteView& v, const SegmentHeader& s, const TcpStream& stream, int direction) const {
        addPorts(p, v);
        p.addGenerated(field(Stream), FieldValue::ofUnsigned(stream.index), FieldFlags::None);
        p.addGenerated(field(Len), FieldValue::ofUnsigned(s.payloadLength), FieldFlags::None);
        const TcpDirection& dir = stream.directions[direction];
        const TcpDirection& reverse = stream.directions[1 - direction];
        p.add(field(Seq), v, 4, 4, FieldValue::ofUnsigned(s.seq - dir.baseSeq));
        p.addUint(field(SeqRaw), v, 4, 4);
        const std::uint32_t length = s.payloadLength + ((s.flags & (Syn | Fin)) ? 1u : 0u);
        p.addGenerated(field(NxtSeq), FieldValue::ofUnsigned(s.seq - dir.baseSeq + length));
        // Without the ACK flag the field is shown as it is (it should be zero).
        const bool relativeAck = (s.flags & AckFlag) && reverse.baseSet;
        p.add(field(Ack), v, 8, 4, FieldValue::ofUnsigned(relativeAck ? s.ack - reverse.baseSeq : s.ack));
        if (!(s.flags & AckFlag) && s.ack != 0) p.addExpert(expert(AckNonzero));
        p.addUint(field(AckRaw), v, 8, 4);
        p.add(field(HdrLen), v, 12, 1, FieldValue::ofUnsigned(s.headerLength));
        addFlags(p, v, s.flags);
        p.addUint(field(WindowValue), v, 14, 2);
        const int scale = windowScale(stream, direction, s.flags);
        const std::uint32_t window = scale >= 0 ? static_cast<std::uint32_t>(s.window) << scale : s.window;
        p.addGenerated(field(WindowSize), FieldValue::ofUnsigned(window));
        if (!(s.flags & Syn)) p.addGenerated(field(WindowScale), FieldValue::ofSigned(scale >= 0 ? (1 << scale) : scale));
        p.addUint(field(Checksum), v, 16, 2);
        p.addGenerated(field(ChecksumStatus), FieldValue::ofUnsigned(2));
        if (p.addUint(field(UrgentPointer), v, 18, 2) != 0 && !(s.flags & kTcpUrg)) p.addExpert(expert(UrgentPointerNonzero));
    }

    // The shift applied to this direction's windows: -1 unknown (its SYN was not seen),
    // -2 no scaling; SYN segments are never scaled.
    static int windowScale(const TcpStream& stream, int direction, std::uint16_t flags) {
        if (flags & Syn) return -2;
        return stream.directions[direction].windowScale;
    }

    void addFlags(Packet& p, const ByteView& v, std::uint16_t flags) const {
        const ItemRef item = p.add(field(Flags), v, 12, 2, FieldValue::ofUnsigned(flags));
        p.push(item);
        for (FieldIndex f : {FlagRes, FlagAe, FlagCwr, FlagEce, FlagUrg, FlagAck, FlagPush, FlagReset, FlagSyn, FlagFin}) {
            p.addUint(field(f), v, 12, 2);
        }
        if (p.wants(field(FlagStr))) p.addText(field(FlagStr), v, 12, 2, flagString(flags), FieldFlags::Generated);
        p.pop();
    }

    static std::string flagString(std::uint16_t flags) {
        // Wireshark's twelve-character form: reserved bits, then A C E U A P R S F.
        static constexpr const char* kLetters = "RRRACEUAPRSF";
        std::string out;
        for (int bit = 11; bit >= 0; --bit) {
            if (flags & (1u << bit)) out += kLetters[11 - bit];
            else out += "\xC2\xB7";  // middle dot
        }
        return out;
    }

    // RFC 2883: a first SACK block below the cumulative ACK reports data received twice.
    static bool isDuplicateSack(const ByteView& v, std::uint32_t sackOption) {
        return (v.u16(12) & AckFlag) && static_cast<std::int32_t>(v.u32(sackOption + 2) - v.u32(8)) < 0;
    }

    void addOptions(Packet& p, const ByteView& v, std::uint32_t headerLength) const {
        if (headerLength <= kMinHeader) return;
        const ItemRef options = p.addBytes(field(Options), v, kMinHeader, headerLength - kMinHeader);
        p.push(options);
        std::uint32_t at = kMinHeader;
        while (at < headerLength) {
            const std::uint8_t kind = v.u8(at);
            if (kind == 0) {
                p.add(field(OptEol), v, at, 1, {});
                break;
            }
            if (kind == 1) {
                p.add(field(OptNop), v, at, 1, {});
                ++at;
                continue;
            }
            const std::uint8_t length = v.u8(at + 1);
            if (length < 2 || at + length > headerLength) break;  // a broken option ends the list
            addOption(p, v, at, kind, length);
            at += length;
        }
        p.pop();
    }

    void addOption(Packet& p, const ByteView& v, std::uint32_t at, std::uint8_t kind, std::uint8_t length) const {
        FieldIndex presence = OptUnknown;
        switch (kind) {
            case 2: presence = OptMss; break;
            case 3: presence = OptWscale; break;
            case 4: presence = OptSackPerm; break;
            case 5: presence = OptSack; break;
            case 8: presence = OptTimestamp; break;
            case 34: presence = OptTfo; break;
            default: break;
        }
        const ItemRef item = p.add(field(presence), v, at, length, {});
        p.push(item);
        p.addUint(field(OptionKind), v, at, 1);
        p.addUint(field(OptionLen), v, at + 1, 1);
        if (kind == 2 && length == 4) p.addUint(field(OptMssVal), v, at + 2, 2);
        if (kind == 3 && length == 3) {
            const std::uint8_t shift = v.u8(at + 2);
            p.addUint(field(OptWscaleShift), v, at + 2, 1);
            p.add(field(OptWscaleMultiplier), v, at + 2, 1, FieldValue::ofUnsigned(1u << std::min<std::uint8_t>(shift, 14)));
        }
        if (kind == 5) {
            const std::uint32_t blocks = (length - 2u) / 8u;
            for (std::uint32_t b = 0; b < blocks; ++b) {
                p.addUint(field(OptSackLe), v, at + 2 + 8 * b, 4);
                p.addUint(field(OptSackRe), v, at + 6 + 8 * b, 4);
            }
            p.addGenerated(field(OptSackCount), FieldValue::ofUnsigned(blocks));
            if (blocks > 0 && isDuplicateSack(v, at)) p.addExpert(expert(DuplicateSack));
        }
        if (kind == 8 && length == 10) {
            p.addUint(field(OptTsval), v, at + 2, 4);
            p.addUint(field(OptTsecr), v, at + 6, 4);
        }
        p.pop();
    }

    // ---- payload ----

    void handOffPayload(Packet& p, ByteView payload, const SegmentHeader& s, TcpStream& stream, int direction) const {
        p.addBytes(field(Payload), payload, 0, payload.captured());
        TcpFrameFacts& facts = p.facts().tcp;
        TcpDirection& dir = stream.directions[direction];
        std::uint32_t seq = s.seq;
        const std::uint32_t nextSeq = s.seq + s.payloadLength;
        // Bytes handed on before (retransmissions, keep-alives) are not dissected again.
        if (dir.maxNextSeqSet) {
            if (seqLessEqual(nextSeq, dir.maxNextSeq)) {
                facts.role = TcpPayloadRole::AlreadySeen;
                p.addBytes(field(SegmentData), payload, 0, payload.captured());
                return;
            }
            if (seqLess(seq, dir.maxNextSeq)) {
                facts.alreadySeen = dir.maxNextSeq - seq;
                payload = payload.from(facts.alreadySeen);
                seq = dir.maxNextSeq;
            }
        }
        dir.maxNextSeqSet = true;
        dir.maxNextSeq = nextSeq;
        p.setConversationSlot(&stream.conversationDissector);
        facts.role = TcpPayloadRole::HandedOn;

        // A segment cut by the snap length cannot take part in reassembly.
        if (payload.isCut()) {
            callSubdissector(p, payload, stream, s, false);
            return;
        }
        while (!payload.empty() && !p.stopped()) {
            MultiSegmentPdu* pdu = dir.pduContaining(seq);
            if (pdu == nullptr) {
                startPdus(p, payload, seq, stream, direction, s);
                return;
            }
            const std::uint32_t take = std::min(payload.reported(), pdu->end - seq);
            const bool added = appendToPdu(*pdu, payload.sub(0, take), seq, p.frame().number);
            if (!added || seqLess(seq + take, pdu->end) || !finishPdu(p, *pdu, stream, direction, s, take)) {
                facts.role = TcpPayloadRole::ContinuesPdu;
                facts.pieces.clear();
                if (p.wantsColumns()) p.info() += " [TCP segment of a reassembled PDU]";
                return;
            }
            payload = payload.from(take);
            seq += take;
        }
    }

    // Hands on payload that does not continue an earlier PDU; remembers a PDU it leaves open.
    void startPdus(Packet& p, const ByteView& payload, std::uint32_t seq, TcpStream& stream, int direction,
                   const SegmentHeader& s) const {
        callSubdissector(p, payload, stream, s, true);
        const auto [offset, more] = p.takeDesegmentRequest();
        if (more == 0 || offset >= payload.reported()) return;
        MultiSegmentPdu pdu;
        pdu.seq = seq + offset;
        const std::uint32_t have = payload.reported() - offset;
        pdu.end = more == Packet::kOneMoreSegment ? seq + payload.reported() + 1 : pdu.seq + have + more;
        appendToPdu(pdu, payload.from(offset), pdu.seq, p.frame().number);
        stream.directions[direction].pdus.push_back(std::move(pdu));
    }

    // Adds a piece that continues the bytes collected so far. One that starts further on (the
    // segments between were not captured) is left out: the PDU then never completes, as in
    // tshark, and a corrupt length announcing megabytes cannot make us allocate the hole.
    static bool appendToPdu(MultiSegmentPdu& pdu, const ByteView& piece, std::uint32_t seq, std::uint64_t frame) {
        const auto bytes = piece.bytes();
        const std::size_t at = seq - pdu.seq;
        if (at > pdu.data.size()) return false;
        if (pdu.data.size() < at + bytes.size()) pdu.data.resize(at + bytes.size());
        std::copy(bytes.begin(), bytes.end(), pdu.data.begin() + static_cast<std::ptrdiff_t>(at));
        pdu.pieces.push_back({frame, piece.sourceOffset(), static_cast<std::uint32_t>(bytes.size())});
        if (piece.source() != 0) pdu.piecesInFrames = false;
        return true;
    }

    // The segment completed `pdu`: dissect it whole. Returns false when its dissector now knows
    // it needs more (e.g. an HTTP body longer than its headers said so far): then it goes on
    // collecting.
    bool finishPdu(Packet& p, MultiSegmentPdu& pdu, TcpStream& stream, int direction, const SegmentHeader& s,
                   std::uint32_t take) const {
        const ByteView whole = p.addDataSource("Reassembled TCP", pdu.data);
        callSubdissector(p, whole, stream, s, true);
        const auto [offset, more] = p.takeDesegmentRequest();
        if (more != 0 && offset < whole.reported()) {
            const std::uint32_t start = pdu.seq + offset;
            pdu.data.erase(pdu.data.begin(), pdu.data.begin() + offset);
            pdu.seq = start;
            pdu.end = more == Packet::kOneMoreSegment ? pdu.end + 1 : start + static_cast<std::uint32_t>(pdu.data.size()) + more;
            return false;
        }
        addSegmentsItem(p, whole, pdu.pieces.size());
        TcpFrameFacts& facts = p.facts().tcp;
        facts.role = TcpPayloadRole::CompletesPdu;
        facts.pduTail = take;
        if (pdu.piecesInFrames) facts.pieces = pdu.pieces;
        stream.directions[direction].erasePdu(&pdu);
        return true;
    }

    void addSegmentsItem(Packet& p, const ByteView& whole, std::size_t pieces) const {
        p.addTopLevel(field(Segments), whole, 0, whole.reported());
        p.addGenerated(field(SegmentCount), FieldValue::ofUnsigned(pieces));
        p.addGenerated(field(ReassembledLength), FieldValue::ofUnsigned(whole.reported()));
    }

    // The same hand-off for one frame dissected on its own, from what the first pass recorded.
    void replayPayload(Packet& p, ByteView payload, const SegmentHeader& s, const TcpStream& stream,
                       const TcpFrameFacts& facts) const {
        p.addBytes(field(Payload), payload, 0, payload.captured());
        switch (facts.role) {
            case TcpPayloadRole::None: return;
            case TcpPayloadRole::AlreadySeen:
                p.addBytes(field(SegmentData), payload, 0, payload.captured());
                return;
            case TcpPayloadRole::ContinuesPdu:
                if (p.wantsColumns()) p.info() += " [TCP segment of a reassembled PDU]";
                return;
            case TcpPayloadRole::HandedOn:
                callSubdissector(p, payload.from(facts.alreadySeen), stream, s, !payload.isCut());
                (void)p.takeDesegmentRequest();  // the PDUs it would start are known to end later
                return;
            case TcpPayloadRole::CompletesPdu: break;
        }
        const auto reassembled = p.replay()->reassembledPdu;
        if (!reassembled.empty()) {
            const ByteView whole = p.addDataSource("Reassembled TCP", reassembled);
            callSubdissector(p, whole, stream, s, true);
            p.takeDesegmentRequest();
            addSegmentsItem(p, whole, facts.pieces.size());
        } else if (p.wantsColumns()) {
            p.info() += " [Reassembled PDU not available]";
        }
        const ByteView rest = payload.from(facts.alreadySeen + facts.pduTail);
        if (!rest.empty() && !p.stopped()) {
            callSubdissector(p, rest, stream, s, true);
            p.takeDesegmentRequest();
        }
    }

    void callSubdissector(Packet& p, const ByteView& payload, const TcpStream& stream, const SegmentHeader& s,
                          bool canDesegment) const {
        p.setCanDesegment(canDesegment);
        const std::uint32_t used = dispatch(p, payload, stream, s);
        p.setCanDesegment(false);
        if (used == 0 && !p.stopped()) p.callData(payload);
    }

    std::uint32_t dispatch(Packet& p, const ByteView& payload, const TcpStream& stream, const SegmentHeader& s) const {
        if (stream.conversationDissector != nullptr) {
            if (const std::uint32_t used = p.call(*stream.conversationDissector, payload)) return used;
        }
        if (stream.serverPort != 0) {
            if (const std::uint32_t used = p.dispatch(*m_ports, stream.serverPort, payload)) return used;
        }
        const std::uint16_t low = std::min(s.srcPort, s.dstPort);
        const std::uint16_t high = std::max(s.srcPort, s.dstPort);
        if (low != 0 && low != stream.serverPort) {
            if (const std::uint32_t used = p.dispatch(*m_ports, low, payload)) return used;
        }
        if (high != 0 && high != stream.serverPort) {
            if (const std::uint32_t used = p.dispatch(*m_ports, high, payload)) return used;
        }
        return p.tryHeuristics(*m_heuristics, payload);
    }

    // ---- text ----

    static std::string flagNames(std::uint16_t flags) {
        static constexpr std::pair<std::uint16_t, const char*> kNames[] = {
            {0x001, "FIN"}, {0x002, "SYN"}, {0x004, "RST"}, {0x008, "PSH"}, {0x010, "ACK"},
            {0x020, "URG"}, {0x040, "ECE"}, {0x080, "CWR"}, {0x100, "AE"}, {0xE00, "Reserved"}};
        std::string out;
        for (const auto& [bit, name] : kNames) {
            if (!(flags & bit)) continue;
            if (!out.empty()) out += ", ";
            out += name;
        }
        return out;
    }

    static std::string info(const SegmentHeader& s, const TcpStream& stream, int direction) {
        const TcpDirection& dir = stream.directions[direction];
        const TcpDirection& reverse = stream.directions[1 - direction];
        std::string out = std::to_string(s.srcPort) + " \xE2\x86\x92 " + std::to_string(s.dstPort) + " [" +
                          flagNames(s.flags) + "] Seq=" + std::to_string(s.seq - dir.baseSeq);
        if (s.flags & AckFlag) out += " Ack=" + std::to_string(reverse.baseSet ? s.ack - reverse.baseSeq : s.ack);
        const int scale = windowScale(stream, direction, s.flags);
        const std::uint32_t window = scale >= 0 ? static_cast<std::uint32_t>(s.window) << scale : s.window;
        out += " Win=" + std::to_string(window) + " Len=" + std::to_string(s.payloadLength);
        return out;
    }

    static std::string title(const SegmentHeader& s, const TcpStream& stream, int direction) {
        const TcpDirection& dir = stream.directions[direction];
        const TcpDirection& reverse = stream.directions[1 - direction];
        std::string out = "Transmission Control Protocol, Src Port: " + std::to_string(s.srcPort) +
                          ", Dst Port: " + std::to_string(s.dstPort) + ", Seq: " + std::to_string(s.seq - dir.baseSeq);
        if (s.flags & AckFlag) out += ", Ack: " + std::to_string(reverse.baseSet ? s.ack - reverse.baseSeq : s.ack);
        return out + ", Len: " + std::to_string(s.payloadLength);
    }

    const DissectorTable* m_ports = nullptr;
    const HeuristicList* m_heuristics = nullptr;
};

}  // namespace

void registerTcp(Registry& r) {
    auto& tcp = r.addProtocol<TcpProtocol>(kTcpFields);
    r.addExperts(tcp, kTcpExperts);
    r.addTable("tcp.port", "TCP port");
    r.onHandoff([&tcp](Registry& registry) {
        tcp.connect(registry.table("tcp.port"), registry.heuristics("tcp"));
        registry.table("ip.proto").add(6, tcp);
    });
}

}  // namespace caplens::proto
