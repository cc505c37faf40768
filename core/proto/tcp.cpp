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
    SegmentData, Segments, Segment, SegmentCount, ReassembledLength, ReassembledIn, InitialRtt, Analysis,
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
    {InitialRtt, "tcp.analysis.initial_rtt", "iRTT", FieldType::RelativeTime},
    {Analysis, "tcp.analysis", "SEQ/ACK analysis", FieldType::None},
};
static_assert(std::size(kTcpFields) == kTcpFieldCount);

enum TcpExpert : std::uint16_t { BogusHeaderLength, kTcpExpertCount };
constexpr ExpertDef kTcpExperts[] = {
    {BogusHeaderLength, "tcp.bogus_header_length", ExpertSeverity::Error, ExpertGroup::Protocol,
     "Bogus TCP Header length"},
};
static_assert(std::size(kTcpExperts) == kTcpExpertCount);

enum TcpFlag : std::uint16_t { Fin = 0x001, Syn = 0x002, Rst = 0x004, Psh = 0x008, AckFlag = 0x010 };

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
            p.markUnavailable(*this, view, 0, kMinHeader);
            return view.reported();
        }
        SegmentHeader s = parseSegment(view);
        if (s.headerLength < kMinHeader || s.headerLength > view.reported()) {
            addPorts(p, view);
            p.addExpert(expert(BogusHeaderLength));
            return view.reported();
        }
        s.payloadLength = view.reported() - s.headerLength;
        p.setLength(item, s.headerLength);

        auto& state = p.state<TcpState>(*this);
        auto [stream, direction] = state.streams.lookup(endpoints(p, s), (s.flags & (Syn | AckFlag)) == Syn, s.seq);
        if (stream->fresh) claimExpected(p, *stream);
        trackHandshake(p, *stream, direction, s, windowShiftOption(view, s));
        addHeaderFields(p, view, s, *stream, direction);
        if (view.need(0, s.headerLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, s.headerLength);
            return view.reported();
        }
        addOptions(p, view, s.headerLength);
        if (p.buildsTree()) p.setText(item, title(s, *stream, direction));
        if (p.wantsColumns()) p.info() = info(s, *stream, direction);
        if (s.payloadLength > 0) handOffPayload(p, view.from(s.headerLength), s, *stream, direction);
        return view.reported();
    }

private:
    static SegmentHeader parseSegment(const ByteView& v) {
        return {v.u16(0), v.u16(2), v.u32(4), v.u32(8), static_cast<std::uint16_t>(v.u16(12) & 0x0FFF),
                v.u16(14), static_cast<std::uint32_t>(v.u8(12) >> 4) * 4u, 0};
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

    // The shift of a SYN's window scale option (-1: none), read before the options are shown
    // because the handshake needs it.
    static std::int8_t windowShiftOption(const ByteView& v, const SegmentHeader& s) {
        if (!(s.flags & Syn) || !v.has(0, s.headerLength)) return -1;
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
            if (kind == 3 && length == 3) return static_cast<std::int8_t>(std::min<std::uint8_t>(v.u8(at + 2), 14));
            at += length;
        }
        return -1;
    }

    // Base sequence numbers, window scaling and the initial RTT come from the handshake.
    static void trackHandshake(Packet& p, TcpStream& stream, int direction, const SegmentHeader& s, std::int8_t shift) {
        TcpDirection& dir = stream.directions[direction];
        const bool syn = (s.flags & Syn) != 0;
        if (syn) dir.windowShift = shift;
        if (!dir.baseSet) {
            dir.baseSet = true;
            dir.baseSeq = syn ? s.seq : s.seq - 1;
        }
        if (syn && !(s.flags & AckFlag)) {
            stream.sawSyn = true;
            stream.serverPort = s.dstPort;
            if (!stream.synTime) {
                stream.synTime = p.frame().timestampNs;
                stream.synFrame = p.frame().number;
            }
        }
        if (syn && (s.flags & AckFlag)) {
            stream.sawSynAck = true;
            if (stream.serverPort == 0) stream.serverPort = s.srcPort;
        }
        if (syn) dir.sawSyn = true;
        // The first ACK of the client after the SYN/ACK completes the handshake: iRTT.
        if (!syn && (s.flags & AckFlag) && stream.sawSyn && stream.sawSynAck && !stream.initialRttNs &&
            stream.synTime && p.frame().timestampNs != kNoTimestamp) {
            stream.initialRttNs = p.frame().timestampNs - *stream.synTime;
        }
        if (s.flags & (Fin | Rst)) stream.closed = true;
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
        if (length > 0) p.addGenerated(field(NxtSeq), FieldValue::ofUnsigned(s.seq - dir.baseSeq + length));
        if (s.flags & AckFlag) {
            p.add(field(Ack), v, 8, 4, FieldValue::ofUnsigned(reverse.baseSet ? s.ack - reverse.baseSeq : s.ack));
            p.addUint(field(AckRaw), v, 8, 4);
        }
        p.add(field(HdrLen), v, 12, 1, FieldValue::ofUnsigned(s.headerLength));
        addFlags(p, v, s.flags);
        p.addUint(field(WindowValue), v, 14, 2);
        const int scale = windowScale(stream, direction, s.flags);
        const std::uint32_t window = scale >= 0 ? static_cast<std::uint32_t>(s.window) << scale : s.window;
        p.addGenerated(field(WindowSize), FieldValue::ofUnsigned(window));
        p.addGenerated(field(WindowScale),
                       FieldValue::ofSigned(scale >= 0 ? (1 << scale) : scale == -2 ? -2 : -1));
        p.addUint(field(Checksum), v, 16, 2);
        p.addGenerated(field(ChecksumStatus), FieldValue::ofUnsigned(2));
        p.addUint(field(UrgentPointer), v, 18, 2);
        if (stream.initialRttNs && !(s.flags & Syn)) {
            p.addGenerated(field(InitialRtt), FieldValue::ofSigned(*stream.initialRttNs));
        }
    }

    // -1: unknown (no SYN seen), -2: no scaling (a SYN lacked the option), else the shift.
    static int windowScale(const TcpStream& stream, int direction, std::uint16_t flags) {
        if (flags & Syn) return -2;  // the window of a SYN is never scaled
        const TcpDirection& dir = stream.directions[direction];
        const TcpDirection& reverse = stream.directions[1 - direction];
        if (!dir.sawSyn || !reverse.sawSyn) return -1;
        if (dir.windowShift < 0 || reverse.windowShift < 0) return -2;
        return dir.windowShift;
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
        TcpDirection& dir = stream.directions[direction];
        std::uint32_t seq = s.seq;
        const std::uint32_t nextSeq = s.seq + s.payloadLength;
        // Bytes handed on before (retransmissions, keep-alives) are not dissected again.
        if (dir.maxNextSeqSet) {
            if (seqLessEqual(nextSeq, dir.maxNextSeq)) {
                p.addBytes(field(SegmentData), payload, 0, payload.captured());
                return;
            }
            if (seqLess(seq, dir.maxNextSeq)) {
                payload = payload.from(dir.maxNextSeq - seq);
                seq = dir.maxNextSeq;
            }
        }
        dir.maxNextSeqSet = true;
        dir.maxNextSeq = nextSeq;
        p.setConversationSlot(&stream.conversationDissector);

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
            appendToPdu(*pdu, payload.span(0, take), seq, p.frame().number);
            if (seqLess(seq + take, pdu->end)) {
                if (p.wantsColumns()) p.info() += " [TCP segment of a reassembled PDU]";
                return;
            }
            finishPdu(p, *pdu, stream, direction, s);
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
        pdu.data.assign(payload.bytes().begin() + offset, payload.bytes().end());
        pdu.frames.push_back(p.frame().number);
        stream.directions[direction].pdus.push_back(std::move(pdu));
    }

    static void appendToPdu(MultiSegmentPdu& pdu, std::span<const std::uint8_t> bytes, std::uint32_t seq,
                            std::uint64_t frame) {
        const std::size_t at = seq - pdu.seq;
        if (pdu.data.size() < at + bytes.size()) pdu.data.resize(at + bytes.size());
        std::copy(bytes.begin(), bytes.end(), pdu.data.begin() + static_cast<std::ptrdiff_t>(at));
        pdu.frames.push_back(frame);
    }

    // The segment completed `pdu`: dissect it whole, or keep collecting if its dissector now
    // knows it needs more.
    void finishPdu(Packet& p, MultiSegmentPdu& pdu, TcpStream& stream, int direction, const SegmentHeader& s) const {
        const ByteView whole = p.addDataSource("Reassembled TCP", pdu.data);
        callSubdissector(p, whole, stream, s, true);
        const auto [offset, more] = p.takeDesegmentRequest();
        if (more != 0 && offset < whole.reported()) {
            // Still incomplete (e.g. an HTTP body longer than its headers said so far).
            const std::uint32_t start = pdu.seq + offset;
            pdu.data.erase(pdu.data.begin(), pdu.data.begin() + offset);
            pdu.seq = start;
            pdu.end = more == Packet::kOneMoreSegment ? pdu.end + 1 : start + static_cast<std::uint32_t>(pdu.data.size()) + more;
            return;
        }
        p.addTopLevel(field(Segments), whole, 0, whole.reported());
        p.addGenerated(field(SegmentCount), FieldValue::ofUnsigned(pdu.frames.size()));
        p.addGenerated(field(ReassembledLength), FieldValue::ofUnsigned(pdu.data.size()));
        stream.directions[direction].erasePdu(&pdu);
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
