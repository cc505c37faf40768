// rpc — ONC Remote Procedure Call (RFC 5531), over UDP and over TCP with record marking.
//
// Reached on port 111 (UDP and TCP, the portmapper's port) and by the "rpc_udp" / "rpc_tcp"
// heuristics, both enabled in Wireshark: a call is RPC when its RPC version is 2 and its program
// is one Wireshark knows; a reply when its XID matches a call seen before. A call makes the rest
// of its conversation RPC (where anything that is not an RPC message shows as "Continuation").
// The procedure's arguments or results go to the program's dissector ("rpc.program" table).
//
//   TCP record mark:  |L|      fragment length (31 bits)      |   then the fragment's bytes
//   call:   xid | 0 | rpcvers=2 | prog | vers | proc | cred (flavor, len, body) | verf | args
//   reply:  xid | 1 | reply_stat | accepted: verf | accept_stat | results
//                                | denied: reject_stat | (low, high) or auth_stat
#include "core/proto/rpc.hpp"

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kCall = 0;
constexpr std::uint32_t kReply = 1;
constexpr std::uint32_t kLastFragment = 0x80000000u;

// What the calls seen before say about a message, remembered per frame (Packet::remember):
// for a call, whether its XID was new (known) and the call as kept; for a reply, its call.
struct RememberedCall {
    bool known = false;
    RpcCall call;
};
enum RpcNote : std::uint8_t { kNoteCall, kNoteCallOfReply };
constexpr std::uint32_t kFragmentLengthMask = 0x7FFFFFFFu;
constexpr std::uint32_t kMaxTcpRecord = 4 * 1024 * 1024;  // Wireshark's max_rpc_tcp_pdu_size
constexpr std::uint32_t kMaxOpaque = 400;                 // RFC 5531: auth bodies are at most 400 bytes

constexpr std::uint32_t kAuthUnix = 1;
constexpr std::uint32_t kRpcsecGss = 6;
constexpr std::uint32_t kAuthGssapi = 300001;
constexpr std::uint32_t kGssData = 0;
constexpr std::uint32_t kGssDestroy = 3;
constexpr std::uint32_t kGssServiceNone = 1;

constexpr ValueName kMessageTypes[] = {{0, "Call"}, {1, "Reply"}};
constexpr ValueName kReplyStates[] = {{0, "accepted"}, {1, "denied"}};
constexpr ValueName kAcceptStates[] = {{0, "RPC executed successfully"},
                                       {1, "remote hasn't exported program"},
                                       {2, "remote can't support version #"},
                                       {3, "program can't support procedure"},
                                       {4, "procedure can't decode params"},
                                       {5, "system errors like memory allocation failure"}};
constexpr ValueName kRejectStates[] = {{0, "RPC_MISMATCH"}, {1, "AUTH_ERROR"}};
constexpr ValueName kAuthStates[] = {{1, "bad credential (seal broken)"}, {2, "client must begin new session"},
                                     {3, "bad verifier (seal broken)"},   {4, "verifier expired or replayed"},
                                     {5, "rejected for security reasons"}, {13, "GSS credential problem"},
                                     {14, "GSS context problem"}};
constexpr ValueName kAuthFlavors[] = {{0, "AUTH_NULL"},         {1, "AUTH_UNIX"},         {2, "AUTH_SHORT"},
                                      {3, "AUTH_DES"},          {5, "AUTH_RSA/Gluster"},  {6, "RPCSEC_GSS"},
                                      {300001, "AUTH_GSSAPI"},  {390003, "RPCSEC_GSS_KRB5"}, {390004, "RPCSEC_GSS_KRB5I"},
                                      {390005, "RPCSEC_GSS_KRB5P"}, {390006, "RPCSEC_GSS_LIPKEY"},
                                      {390007, "RPCSEC_GSS_LIPKEY_I"}, {390008, "RPCSEC_GSS_LIPKEY_P"},
                                      {390009, "RPCSEC_GSS_SPKM3"}, {390010, "RPCSEC_GSS_SPKM3I"},
                                      {390011, "RPCSEC_GSS_SPKM3P"}, {390039, "AUTH_GLUSTERFS"}};
constexpr ValueName kGssProcedures[] = {{0, "RPCSEC_GSS_DATA"}, {1, "RPCSEC_GSS_INIT"},
                                        {2, "RPCSEC_GSS_CONTINUE_INIT"}, {3, "RPCSEC_GSS_DESTROY"}};
constexpr ValueName kGssServices[] = {{1, "rpcsec_gss_svc_none"}, {2, "rpcsec_gss_svc_integrity"},
                                      {3, "rpcsec_gss_svc_privacy"}};
constexpr ValueName kYesNo[] = {{0, "No"}, {1, "Yes"}};

enum RpcField : FieldIndex {
    LastFrag, FragLen, Xid, MsgType, Version, Program, ProgramVersion, Procedure, ReplyState, AcceptState,
    RejectState, AuthState, VersionMin, VersionMax, ProgramVersionMin, ProgramVersionMax, AuthFlavor, AuthLength,
    AuthStamp, AuthMachineName, AuthUid, AuthGid, GssVersion, GssProcedure, GssSeq, GssService, GssContext,
    OpaqueData, ReqFrame, RepFrame, Time, Dup, CallDup, ReplyDup, ContinuationData, FragmentData, kRpcFieldCount
};

constexpr FieldDef kRpcFields[] = {
    {LastFrag, "rpc.lastfrag", "Last Fragment", FieldType::Bool, Base::None, kLastFragment, kYesNo},
    {FragLen, "rpc.fraglen", "Fragment Length", FieldType::UInt32, Base::Dec, kFragmentLengthMask},
    {Xid, "rpc.xid", "XID", FieldType::UInt32, Base::HexDec},
    {MsgType, "rpc.msgtyp", "Message Type", FieldType::UInt32, Base::Dec, 0, kMessageTypes},
    {Version, "rpc.version", "RPC Version", FieldType::UInt32, Base::Dec},
    {Program, "rpc.program", "Program", FieldType::UInt32, Base::Dec},
    {ProgramVersion, "rpc.programversion", "Program Version", FieldType::UInt32, Base::Dec},
    {Procedure, "rpc.procedure", "Procedure", FieldType::UInt32, Base::Dec},
    {ReplyState, "rpc.replystat", "Reply State", FieldType::UInt32, Base::Dec, 0, kReplyStates},
    {AcceptState, "rpc.state_accept", "Accept State", FieldType::UInt32, Base::Dec, 0, kAcceptStates},
    {RejectState, "rpc.state_reject", "Reject State", FieldType::UInt32, Base::Dec, 0, kRejectStates},
    {AuthState, "rpc.state_auth", "Auth State", FieldType::UInt32, Base::Dec, 0, kAuthStates},
    {VersionMin, "rpc.version.min", "RPC Version (Minimum)", FieldType::UInt32, Base::Dec},
    {VersionMax, "rpc.version.max", "RPC Version (Maximum)", FieldType::UInt32, Base::Dec},
    {ProgramVersionMin, "rpc.programversion.min", "Program Version (Minimum)", FieldType::UInt32, Base::Dec},
    {ProgramVersionMax, "rpc.programversion.max", "Program Version (Maximum)", FieldType::UInt32, Base::Dec},
    {AuthFlavor, "rpc.auth.flavor", "Flavor", FieldType::UInt32, Base::Dec, 0, kAuthFlavors},
    {AuthLength, "rpc.auth.length", "Length", FieldType::UInt32, Base::Dec},
    {AuthStamp, "rpc.auth.stamp", "Stamp", FieldType::UInt32, Base::Hex},
    {AuthMachineName, "rpc.auth.machinename", "Machine Name", FieldType::String},
    {AuthUid, "rpc.auth.uid", "UID", FieldType::UInt32, Base::Dec},
    {AuthGid, "rpc.auth.gid", "GID", FieldType::UInt32, Base::Dec},
    {GssVersion, "rpc.authgss.version", "GSS Version", FieldType::UInt32, Base::Dec},
    {GssProcedure, "rpc.authgss.procedure", "GSS Procedure", FieldType::UInt32, Base::Dec, 0, kGssProcedures},
    {GssSeq, "rpc.authgss.seqnum", "GSS Sequence Number", FieldType::UInt32, Base::Dec},
    {GssService, "rpc.authgss.service", "GSS Service", FieldType::UInt32, Base::Dec, 0, kGssServices},
    {GssContext, "rpc.authgss.context", "GSS Context", FieldType::Bytes},
    {OpaqueData, "rpc.opaque_data", "opaque data", FieldType::Bytes},
    {ReqFrame, "rpc.reqframe", "Request Frame", FieldType::FrameNumber},
    {RepFrame, "rpc.repframe", "Reply Frame", FieldType::FrameNumber},
    {Time, "rpc.time", "Time from request", FieldType::RelativeTime},
    {Dup, "rpc.dup", "Duplicate Call/Reply", FieldType::None},
    {CallDup, "rpc.call.dup", "Duplicate to the call in", FieldType::FrameNumber},
    {ReplyDup, "rpc.reply.dup", "Duplicate to the reply in", FieldType::FrameNumber},
    {ContinuationData, "rpc.continuation_data", "Continuation data", FieldType::Bytes},
    {FragmentData, "rpc.fragment_data", "Fragment Data", FieldType::Bytes},
};
static_assert(std::size(kRpcFields) == kRpcFieldCount);

enum RpcExpert : std::uint16_t { CannotDissect, kRpcExpertCount };
constexpr ExpertDef kRpcExperts[] = {
    {CannotDissect, "rpc.cannot_dissect", ExpertSeverity::Warning, ExpertGroup::Undecoded, "Cannot dissect"},
};
static_assert(std::size(kRpcExperts) == kRpcExpertCount);

// XDR opaque<>: length, bytes, padding to 4. Returns the offset after it.
constexpr std::uint32_t xdrPadded(std::uint32_t length) { return (length + 3u) & ~3u; }

std::string procedureText(std::uint32_t program, std::uint32_t version, std::uint32_t procedure) {
    const std::string_view name = rpcProcedureName(program, version, procedure);
    return name.empty() ? "proc-" + std::to_string(procedure) : std::string(name);
}

// Where one RPC message lies: in `view` from `start` (4 on TCP when the view begins with the
// record mark, 0 for UDP and for defragmented records).
struct MessageSpot {
    ByteView view;
    std::uint32_t start = 0;
    bool tcp = false;
    std::uint32_t recordMark = 0;
    const ByteView* markView = nullptr;  // the fragment holding the record mark (TCP)
    bool firstPdu = true;
};

class RpcProtocol final : public Dissector {
public:
    RpcProtocol() : Dissector({"rpc", "RPC", "Remote Procedure Call"}) {}

    void connect(const DissectorTable& programs, const Dissector* tcp) {
        m_programs = &programs;
        m_tcp = tcp;
    }
    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override { return std::make_unique<RpcState>(); }

    // Port 111 and the conversations RPC claimed: whatever is not RPC is a continuation.
    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const bool rpc = overTcp(p) ? tcpRecords(p, view, false) != TcpResult::NotRpc : udpMessage(p, view);
        if (!rpc && !p.stopped() && view.reported() > 0) continuation(p, view);
        return view.reported();
    }

    std::uint32_t heuristic(Packet& p, const ByteView& view) const {
        if (overTcp(p)) return tcpRecords(p, view, true) == TcpResult::Rpc ? view.reported() : 0;
        return udpMessage(p, view) ? view.reported() : 0;
    }

private:
    enum class TcpResult { NotRpc, Rpc, NeedMore };

    [[nodiscard]] bool overTcp(const Packet& p) const {
        const auto layers = p.layers();
        return m_tcp != nullptr && layers.size() >= 2 && layers[layers.size() - 2] == m_tcp->id();
    }

    bool udpMessage(Packet& p, const ByteView& view) const {
        MessageSpot spot;
        spot.view = view;
        return message(p, spot);
    }

    // Wireshark's dissect_rpc_tcp_common: record after record while they are RPC.
    TcpResult tcpRecords(Packet& p, const ByteView& view, bool heuristic) const {
        std::uint32_t offset = 0;
        bool sawRpc = false;
        bool first = true;
        while (offset < view.reported() && !p.stopped()) {
            const std::int64_t used = fragment(p, view, offset, heuristic, first);
            first = false;
            if (used < 0) return TcpResult::NeedMore;
            if (used == 0) break;
            offset += static_cast<std::uint32_t>(std::min<std::int64_t>(used, view.reported() - offset));
            sawRpc = true;
        }
        return sawRpc ? TcpResult::Rpc : TcpResult::NotRpc;
    }

    // One record-marked fragment at `offset`: its length with the mark, 0 when it is not RPC,
    // -1 when TCP must bring more bytes first.
    std::int64_t fragment(Packet& p, const ByteView& view, std::uint32_t offset, bool heuristic, bool first) const {
        if (!view.has(offset, 4)) return 0;
        const std::uint32_t mark = view.u32(offset);
        const std::uint32_t length = mark & kFragmentLengthMask;
        if (length > kMaxTcpRecord) return 0;
        const std::uint32_t available = view.reported() - offset - 4;
        if (length > available && p.canDesegment()) {
            // A heuristic does not ask for more: too likely to take something else for RPC.
            if (heuristic) return 0;
            p.requestDesegment(offset, length - available);
            return -1;
        }
        const std::uint32_t total = length + 4;
        const ByteView frag = view.sub(offset, total);
        MessageSpot spot;
        spot.view = frag;
        spot.start = 4;
        spot.tcp = true;
        spot.recordMark = mark;
        spot.markView = &frag;
        spot.firstPdu = first;
        // A fragment cut by the snap length cannot be defragmented: dissect what there is.
        if (frag.isCut()) return message(p, spot) ? total : 0;

        auto& state = p.state<RpcState>(*this);
        const RpcCallKey key = directionKey(p);
        auto pending = state.pendingRecords.find(key);
        if (pending == state.pendingRecords.end()) {
            if (mark & kLastFragment) return message(p, spot) ? total : 0;
            // The first fragment of a longer record: it must look like the start of a message.
            if (!message(p, spot)) return 0;
            const auto bytes = frag.span(4, length);
            state.pendingRecords[key].assign(bytes.begin(), bytes.end());
            fragmentItem(p, frag, mark);
            return total;
        }
        auto& record = pending->second;
        const auto bytes = frag.span(4, length);
        if (record.size() + bytes.size() > kMaxTcpRecord) {
            state.pendingRecords.erase(pending);
            return 0;
        }
        record.insert(record.end(), bytes.begin(), bytes.end());
        if (!(mark & kLastFragment)) {
            fragmentItem(p, frag, mark);
            return total;
        }
        spot.view = p.addDataSource("Defragmented", record);
        state.pendingRecords.erase(pending);
        spot.start = 0;
        return message(p, spot) ? total : 0;
    }

    [[nodiscard]] static RpcCallKey directionKey(const Packet& p) {
        const NetworkAddresses& n = p.networkAddresses();
        RpcCallKey key;
        key.addressLength = n.length;
        key.client = n.source;
        key.server = n.destination;
        key.transport = 6;
        return key;
    }

    [[nodiscard]] static RpcCallKey callKey(const Packet& p, bool isCall, std::uint32_t xid, bool tcp) {
        const NetworkAddresses& n = p.networkAddresses();
        RpcCallKey key;
        key.addressLength = n.length;
        key.client = isCall ? n.source : n.destination;
        key.server = isCall ? n.destination : n.source;
        key.xid = xid;
        key.transport = tcp ? 6 : 17;
        return key;
    }

    // ---- one message (Wireshark's dissect_rpc_message) ----

    bool message(Packet& p, const MessageSpot& spot) const {
        const ByteView& v = spot.view;
        const std::uint32_t m = spot.start;
        if (!v.has(m, 8)) return false;
        const std::uint32_t xid = v.u32(m);
        const std::uint32_t type = v.u32(m + 4);
        auto& state = p.state<RpcState>(*this);
        RpcCall* call = nullptr;
        RpcCall replayedCall;  // dissected alone: the call as the first pass found it
        if (type == kCall) {
            if (!v.has(m, 16) || v.u32(m + 8) != 2 || rpcProgramName(v.u32(m + 12)).empty()) return false;
        } else if (type == kReply) {
            const RpcCallKey key = callKey(p, false, xid, spot.tcp);
            const RememberedCall found = p.remember<RememberedCall>(*this, kNoteCallOfReply, [&] {
                const auto it = state.calls.find(key);
                return it == state.calls.end() ? RememberedCall{} : RememberedCall{true, it->second};
            });
            if (!found.known) return false;
            if (p.replay() != nullptr) {
                replayedCall = found.call;
                call = &replayedCall;
            } else {
                call = &state.calls.find(key)->second;
            }
        } else {
            return false;
        }
        // The first fragment of a longer record: it is RPC, the record is dissected once whole.
        if (spot.tcp && !(spot.recordMark & kLastFragment)) return true;

        p.setProtocolColumn(info().shortName);
        const ItemRef item = p.beginProtocol(*this, v, v.reported());
        if (p.buildsTree()) {
            char text[64];
            std::snprintf(text, sizeof text, ", Type:%s XID:0x%08x", type == kCall ? "Call" : "Reply", xid);
            p.setText(item, std::string(info().longName) + text);
        }
        if (spot.tcp) fragmentHeader(p, spot.markView ? *spot.markView : v, spot.recordMark);
        p.addUint(field(Xid), v, m, 4);
        p.addUint(field(MsgType), v, m + 4, 4);
        if (type == kCall) return callBody(p, spot, xid, state);
        return replyBody(p, spot, xid, *call, state);
    }

    bool callBody(Packet& p, const MessageSpot& spot, std::uint32_t xid, RpcState& state) const {
        const ByteView& v = spot.view;
        const std::uint32_t m = spot.start;
        const std::uint32_t program = v.u32(m + 12);
        p.addUint(field(Version), v, m + 8, 4);
        const std::string_view programName = rpcProgramName(program);
        const ItemRef programItem = p.add(field(Program), v, m + 12, 4, FieldValue::ofUnsigned(program));
        if (p.buildsTree()) p.setText(programItem, "Program: " + std::string(programName) + " (" + std::to_string(program) + ")");
        p.setProtocolColumn(programName);
        if (!need(p, v, m + 16, 8)) return true;
        const std::uint32_t version = v.u32(m + 16);
        const std::uint32_t procedure = v.u32(m + 20);
        p.addUint(field(ProgramVersion), v, m + 16, 4);
        const ItemRef procedureItem = p.add(field(Procedure), v, m + 20, 4, FieldValue::ofUnsigned(procedure));
        if (p.buildsTree()) {
            p.setText(procedureItem, "Procedure: " + procedureText(program, version, procedure) + " (" +
                                         std::to_string(procedure) + ")");
        }

        RpcCall fresh;
        fresh.program = program;
        fresh.version = version;
        fresh.procedure = procedure;
        fresh.transport = spot.tcp ? 6 : 17;
        fresh.callFrame = p.frame().number;
        fresh.callTimeNs = p.frame().timestampNs;
        classifyFlavor(v, m, fresh);
        auto [it, isNew] = state.calls.try_emplace(callKey(p, true, xid, spot.tcp), fresh);
        // Whether an earlier call had this XID, and what the state knew of it then.
        const RememberedCall seen =
            p.remember<RememberedCall>(*this, kNoteCall, [&, isNew = isNew, it = it] { return RememberedCall{isNew, it->second}; });
        const bool inserted = seen.known;
        if (p.replay() != nullptr) it->second = seen.call;
        RpcCall& call = it->second;
        if (p.wantsColumns()) {
            std::string text = "V" + std::to_string(version) + " " + procedureText(program, version, procedure) + " Call";
            if (!inserted && call.callFrame != p.frame().number) {
                text = "[RPC retransmission of #" + std::to_string(call.callFrame) + "]" + text;
            }
            if (call.replyFrame != 0) text += " (Reply In " + std::to_string(call.replyFrame) + ")";
            appendInfo(p, spot.firstPdu, text);
        }
        if (!inserted && call.callFrame != p.frame().number) {
            p.addGenerated(field(Dup), {});
            p.addGenerated(field(CallDup), FieldValue::ofUnsigned(call.callFrame));
        }
        if (call.replyFrame != 0) p.addGenerated(field(ReqFrame), FieldValue::ofUnsigned(call.replyFrame));
        // Later segments of this conversation are RPC too (non-heuristically).
        p.setConversationDissector(*this);

        std::uint32_t offset = m + 24;
        if (!credentials(p, v, offset, true)) return true;
        if (!(call.flavor == RpcFlavor::Gssapi && call.gssProcedure == kGssDestroy)) {
            if (!credentials(p, v, offset, false)) return true;
        }
        state.current = {true, xid, &call};
        procedureData(p, v, offset, call);
        return true;
    }

    bool replyBody(Packet& p, const MessageSpot& spot, std::uint32_t xid, RpcCall& call, RpcState& state) const {
        const ByteView& v = spot.view;
        const std::uint32_t m = spot.start;
        const std::string_view programName = rpcProgramName(call.program);
        if (!programName.empty()) p.setProtocolColumn(programName);
        if (p.wantsColumns()) {
            std::string text = "V" + std::to_string(call.version) + " " +
                               procedureText(call.program, call.version, call.procedure) + " Reply (Call In " +
                               std::to_string(call.callFrame) + ")";
            if (call.replyFrame != 0 && call.replyFrame != p.frame().number) {
                text = "[RPC duplicate of #" + std::to_string(call.replyFrame) + "]" + text;
            }
            appendInfo(p, spot.firstPdu, text);
        }
        const ItemRef programItem = p.addGenerated(field(Program), FieldValue::ofUnsigned(call.program));
        p.addGenerated(field(ProgramVersion), FieldValue::ofUnsigned(call.version));
        const ItemRef procedureItem = p.addGenerated(field(Procedure), FieldValue::ofUnsigned(call.procedure));
        if (p.buildsTree()) {
            p.setText(programItem, "Program: " + std::string(programName) + " (" + std::to_string(call.program) + ")");
            p.setText(procedureItem, "Procedure: " + procedureText(call.program, call.version, call.procedure) +
                                         " (" + std::to_string(call.procedure) + ")");
        }
        if (!need(p, v, m + 8, 4)) return true;
        const std::uint32_t replyState = static_cast<std::uint32_t>(p.addUint(field(ReplyState), v, m + 8, 4));
        p.addGenerated(field(RepFrame), FieldValue::ofUnsigned(call.callFrame));
        p.addGenerated(field(Time), FieldValue::ofSigned(p.frame().timestampNs - call.callTimeNs));
        if (call.replyFrame == 0) {
            call.replyFrame = p.frame().number;
        } else if (call.replyFrame != p.frame().number) {
            p.addGenerated(field(Dup), {});
            p.addGenerated(field(ReplyDup), FieldValue::ofUnsigned(call.replyFrame));
        }
        std::uint32_t offset = m + 12;
        bool results = false;
        if (replyState == 0) {
            if (!credentials(p, v, offset, false) || !need(p, v, offset, 4)) return true;
            const std::uint32_t accept = static_cast<std::uint32_t>(p.addUint(field(AcceptState), v, offset, 4));
            offset += 4;
            if (accept == 0) {
                results = true;
            } else if (accept == 2) {
                if (!need(p, v, offset, 8)) return true;
                p.addUint(field(ProgramVersionMin), v, offset, 4);
                p.addUint(field(ProgramVersionMax), v, offset + 4, 4);
                offset += 8;
            }
        } else if (replyState == 1) {
            if (!need(p, v, offset, 4)) return true;
            const std::uint32_t reject = static_cast<std::uint32_t>(p.addUint(field(RejectState), v, offset, 4));
            offset += 4;
            if (reject == 0) {
                if (!need(p, v, offset, 8)) return true;
                p.addUint(field(VersionMin), v, offset, 4);
                p.addUint(field(VersionMax), v, offset + 4, 4);
                offset += 8;
            } else if (reject == 1) {
                if (!need(p, v, offset, 4)) return true;
                p.addUint(field(AuthState), v, offset, 4);
                offset += 4;
            }
        }
        if (!results) {
            // No procedure results: whatever follows is data.
            if (offset < v.reported()) p.callData(v.from(offset));
            return true;
        }
        state.current = {false, xid, &call};
        procedureData(p, v, offset, call);
        return true;
    }

    // The program's item and its dissector on the arguments or results, as Wireshark: the item
    // is there even when nothing can be dissected (no bytes, credentials cut off).
    void procedureData(Packet& p, const ByteView& v, std::uint32_t offset, const RpcCall& call) const {
        const Dissector* program = m_programs ? m_programs->find(call.program) : nullptr;
        const ByteView rest = v.from(offset);
        const bool dissectable = call.flavor == RpcFlavor::NotGssapi ||
                                 (call.flavor == RpcFlavor::Gssapi && call.gssProcedure == kGssData &&
                                  call.gssService == kGssServiceNone);
        if (program != nullptr && dissectable && rest.reported() > 0 && p.call(*program, rest) != 0) return;
        if (program != nullptr) p.beginProtocol(*program, rest, rest.reported());
        if (rest.reported() > 0 && (call.flavor == RpcFlavor::Unknown || call.flavor == RpcFlavor::GssapiNoInfo)) {
            p.addExpert(expert(CannotDissect), call.flavor == RpcFlavor::Unknown
                                                   ? "Unknown authentication flavor - cannot dissect"
                                                   : "GSS-API authentication, but procedure and service unknown - cannot dissect");
        }
    }

    // Wireshark decides how the data can be dissected from the credentials' flavor alone.
    static void classifyFlavor(const ByteView& v, std::uint32_t m, RpcCall& call) {
        if (!v.has(m + 24, 4)) return;
        const std::uint32_t flavor = v.u32(m + 24);
        call.flavor = RpcFlavor::NotGssapi;
        if (flavor == kRpcsecGss) {
            if (v.has(m + 36, 12)) {
                call.flavor = RpcFlavor::Gssapi;
                call.gssProcedure = v.u32(m + 36);
                call.gssService = v.u32(m + 44);
            } else {
                call.flavor = RpcFlavor::GssapiNoInfo;
            }
        } else if (flavor == kAuthGssapi) {
            call.flavor = RpcFlavor::GssapiNoInfo;  // AUTH_GSSAPI data is always private
        }
    }

    // Credentials or verifier (opaque_auth) at `offset`; false when the frame ended inside.
    bool credentials(Packet& p, const ByteView& v, std::uint32_t& offset, bool isCredentials) const {
        if (!need(p, v, offset, 8)) return false;
        const std::uint32_t flavor = v.u32(offset);
        const std::uint32_t length = v.u32(offset + 4);
        const std::uint32_t padded = xdrPadded(std::min(length, kMaxOpaque + 4));
        p.addUint(field(AuthFlavor), v, offset, 4);
        p.addUint(field(AuthLength), v, offset + 4, 4);
        const std::uint32_t body = offset + 8;
        if (!need(p, v, body, padded)) return false;
        if (isCredentials && flavor == kAuthUnix) {
            authUnix(p, v.sub(body, length));
        } else if (isCredentials && flavor == kRpcsecGss && length >= 20) {
            p.addUint(field(GssVersion), v, body, 4);
            p.addUint(field(GssProcedure), v, body + 4, 4);
            p.addUint(field(GssSeq), v, body + 8, 4);
            p.addUint(field(GssService), v, body + 12, 4);
            const std::uint32_t contextLength = std::min(v.u32(body + 16), length - 20);
            p.addBytes(field(GssContext), v, body + 20, contextLength);
        } else if (length > 0) {
            p.addBytes(field(OpaqueData), v, body, length);
        }
        offset = body + padded;
        return true;
    }

    void authUnix(Packet& p, const ByteView& a) const {
        p.addUint(field(AuthStamp), a, 0, 4);
        const std::uint32_t nameLength = std::min(a.u32(4), a.reported());
        if (p.wants(field(AuthMachineName))) p.addText(field(AuthMachineName), a, 8, nameLength, a.text(8, nameLength));
        std::uint32_t at = 8 + xdrPadded(nameLength);
        p.addUint(field(AuthUid), a, at, 4);
        p.addUint(field(AuthGid), a, at + 4, 4);
        const std::uint32_t count = a.u32(at + 8);
        at += 12;
        for (std::uint32_t i = 0; i < count && a.has(at, 4); ++i, at += 4) p.addUint(field(AuthGid), a, at, 4);
    }

    // Bytes the message needs: when missing the frame ends here (cut or malformed).
    bool need(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length) const {
        if (v.need(offset, length) == Availability::Available) return true;
        p.markUnavailable(*this, v, offset, length);
        return false;
    }

    void fragmentHeader(Packet& p, const ByteView& frag, std::uint32_t mark) const {
        p.addUint(field(LastFrag), frag, 0, 4);
        p.addUint(field(FragLen), frag, 0, 4);
        (void)mark;
    }

    void fragmentItem(Packet& p, const ByteView& frag, std::uint32_t mark) const {
        const ItemRef item = p.beginProtocol(*this, frag, frag.reported());
        p.setText(item, "Remote Procedure Call Fragment");
        fragmentHeader(p, frag, mark);
        p.addBytes(field(FragmentData), frag, 4, frag.captured() > 4 ? frag.captured() - 4 : 0);
    }

    void continuation(Packet& p, const ByteView& view) const {
        p.beginProtocol(*this, view, view.reported());
        p.setProtocolColumn(info().shortName);
        if (p.wantsColumns()) p.info() = "Continuation";
        p.addBytes(field(ContinuationData), view, 0, view.captured());
    }

    static void appendInfo(Packet& p, bool first, const std::string& text) {
        if (first) {
            p.info() = text;
        } else {
            p.info() += "  ; " + text;
        }
    }

    const DissectorTable* m_programs = nullptr;
    const Dissector* m_tcp = nullptr;
};

std::uint32_t rpcHeuristic(const Dissector& self, Packet& p, const ByteView& view) {
    return static_cast<const RpcProtocol&>(self).heuristic(p, view);
}

}  // namespace

void registerRpc(Registry& r) {
    auto& rpc = r.addProtocol<RpcProtocol>(kRpcFields);
    r.addExperts(rpc, kRpcExperts);
    r.addTable("rpc.program", "ONC RPC program");
    r.onHandoff([&rpc](Registry& registry) {
        rpc.connect(registry.table("rpc.program"), registry.findProtocol("tcp"));
        registry.table("tcp.port").add(111, rpc);
        registry.table("udp.port").add(111, rpc);
        registry.addHeuristic("tcp", rpc, "rpc_tcp", rpcHeuristic);
        registry.addHeuristic("udp", rpc, "rpc_udp", rpcHeuristic);
    });
}

}  // namespace caplens::proto
