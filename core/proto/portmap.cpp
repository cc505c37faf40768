// portmap — the ONC RPC port mapper (RFC 1833), program 100000: version 2 maps (program,
// version, protocol) to a port; versions 3 and 4 ("rpcbind") to a universal address. RPC calls
// it from its "rpc.program" table with the procedure's arguments (call) or results (reply).
//
//   mapping: prog | vers | prot | port          rpcb: prog | vers | netid<> | addr<> | owner<>
//   GETPORT  call: mapping        reply: port   GETADDR call: rpcb     reply: uaddr<>
//   SET/UNSET call: mapping/rpcb  reply: bool   DUMP reply: (value follows, entry)* 0
//   CALLIT   call: prog | vers | proc | args<>  reply: port | result<>
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"
#include "core/proto/rpc.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kPortmapProgram = 100000;
constexpr std::uint32_t kMaxListEntries = 4096;

constexpr ValueName kProceduresV2[] = {{0, "NULL"}, {1, "SET"}, {2, "UNSET"}, {3, "GETPORT"}, {4, "DUMP"}, {5, "CALLIT"}};
constexpr ValueName kProceduresV3[] = {{0, "NULL"},    {1, "SET"},     {2, "UNSET"},   {3, "GETADDR"},
                                       {4, "DUMP"},    {5, "CALLIT"},  {6, "GETTIME"}, {7, "UADDR2TADDR"},
                                       {8, "TADDR2UADDR"}};
constexpr ValueName kProceduresV4[] = {{0, "NULL"},        {1, "SET"},         {2, "UNSET"},     {3, "GETADDR"},
                                       {4, "DUMP"},        {5, "BCAST"},       {6, "GETTIME"},   {7, "UADDR2TADDR"},
                                       {8, "TADDR2UADDR"}, {9, "GETVERSADDR"}, {10, "INDIRECT"}, {11, "GETADDRLIST"},
                                       {12, "GETSTAT"}};
constexpr ValueName kYesNo[] = {{0, "No"}, {1, "Yes"}};

enum Procedure : std::uint32_t { Null = 0, Set = 1, Unset = 2, GetPort = 3, Dump = 4, CallIt = 5 };

enum PortmapField : FieldIndex {
    ProcedureV1, ProcedureV2, ProcedureV3, ProcedureV4, Prog, Port, Proc, Proto, Version, Answer, Args, Result,
    Rpcb, RpcbProg, RpcbVersion, RpcbNetid, RpcbAddr, RpcbOwner, Uaddr, kPortmapFieldCount
};

constexpr FieldDef kPortmapFields[] = {
    {ProcedureV1, "portmap.procedure_v1", "V1 Procedure", FieldType::UInt32, Base::Dec, 0, kProceduresV2},
    {ProcedureV2, "portmap.procedure_v2", "V2 Procedure", FieldType::UInt32, Base::Dec, 0, kProceduresV2},
    {ProcedureV3, "portmap.procedure_v3", "V3 Procedure", FieldType::UInt32, Base::Dec, 0, kProceduresV3},
    {ProcedureV4, "portmap.procedure_v4", "V4 Procedure", FieldType::UInt32, Base::Dec, 0, kProceduresV4},
    {Prog, "portmap.prog", "Program", FieldType::UInt32, Base::Dec},
    {Port, "portmap.port", "Port", FieldType::UInt32, Base::Dec},
    {Proc, "portmap.proc", "Procedure", FieldType::UInt32, Base::Dec},
    {Proto, "portmap.proto", "Protocol", FieldType::UInt32, Base::Dec, 0, kIpProtocolNames},
    {Version, "portmap.version", "Version", FieldType::UInt32, Base::Dec},
    {Answer, "portmap.answer", "Answer", FieldType::Bool, Base::None, 0, kYesNo},
    {Args, "portmap.args", "Arguments", FieldType::Bytes},
    {Result, "portmap.result", "Result", FieldType::Bytes},
    {Rpcb, "portmap.rpcb", "RPCB", FieldType::None},
    {RpcbProg, "portmap.rpcb.prog", "Program", FieldType::UInt32, Base::Dec},
    {RpcbVersion, "portmap.rpcb.version", "Version", FieldType::UInt32, Base::Dec},
    {RpcbNetid, "portmap.rpcb.netid", "Network Id", FieldType::String},
    {RpcbAddr, "portmap.rpcb.addr", "Universal Address", FieldType::String},
    {RpcbOwner, "portmap.rpcb.owner", "Owner of this Service", FieldType::String},
    {Uaddr, "portmap.uaddr", "Universal Address", FieldType::String},
};
static_assert(std::size(kPortmapFields) == kPortmapFieldCount);

std::string programText(std::uint32_t program) {
    const std::string_view name = rpcProgramName(program);
    return name.empty() ? "Unknown" : std::string(name);
}

class PortmapProtocol final : public Dissector {
public:
    PortmapProtocol() : Dissector({"portmap", "Portmap", "Portmap"}) {}

    void connect(const Dissector* rpc) { m_rpc = rpc; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, view.reported());
        if (m_rpc == nullptr) return view.reported();
        const RpcMessage& message = p.state<RpcState>(*m_rpc).current;
        if (message.call == nullptr) return view.reported();
        const RpcCall& call = *message.call;
        if (call.version >= 1 && call.version <= 4) {
            p.addGenerated(field(static_cast<FieldIndex>(ProcedureV1 + call.version - 1)),
                           FieldValue::ofUnsigned(call.procedure));
        }
        if (call.version <= 2) {
            message.isCall ? callV2(p, view, call) : replyV2(p, view, call);
        } else {
            message.isCall ? callV3(p, view, call) : replyV3(p, view, call);
        }
        return view.reported();
    }

private:
    // ---- version 2 ----

    void callV2(Packet& p, const ByteView& v, const RpcCall& call) const {
        switch (call.procedure) {
            case Set:
            case Unset:
            case GetPort: {
                if (!need(p, v, 0, 16)) return;
                mapping(p, v, 0);
                if (call.procedure == GetPort && p.wantsColumns()) {
                    const std::uint32_t proto = v.u32(8);
                    const std::string_view protoName = proto == 6 ? "TCP" : proto == 17 ? "UDP" : "";
                    p.info() += " " + programText(v.u32(0)) + "(" + std::to_string(v.u32(0)) + ") V:" +
                                std::to_string(v.u32(4)) + " " +
                                (protoName.empty() ? std::to_string(proto) : std::string(protoName));
                }
                return;
            }
            case CallIt: callIt(p, v); return;
            default: return;
        }
    }

    void replyV2(Packet& p, const ByteView& v, const RpcCall& call) const {
        switch (call.procedure) {
            case Set:
            case Unset:
                if (need(p, v, 0, 4)) p.add(field(Answer), v, 0, 4, FieldValue::ofUnsigned(v.u32(0) != 0));
                return;
            case GetPort: {
                if (!need(p, v, 0, 4)) return;
                const std::uint32_t port = static_cast<std::uint32_t>(p.addUint(field(Port), v, 0, 4));
                if (p.wantsColumns()) p.info() += " Port:" + std::to_string(port);
                // A UDP mapping learnt: that port speaks RPC (Wireshark's conversation on it).
                if (port != 0 && port <= 0xFFFF && call.transport == 17 && m_rpc != nullptr) {
                    const NetworkAddresses& n = p.networkAddresses();
                    p.expectConversation({n.source.data(), n.length}, static_cast<std::uint16_t>(port), *m_rpc);
                }
                return;
            }
            case Dump: list(p, v, false); return;
            case CallIt: {
                if (!need(p, v, 0, 8)) return;
                p.addUint(field(Port), v, 0, 4);
                opaque(p, v, 4, field(Result));
                return;
            }
            default: return;
        }
    }

    // ---- versions 3 and 4 (rpcbind) ----

    void callV3(Packet& p, const ByteView& v, const RpcCall& call) const {
        switch (call.procedure) {
            case Set:
            case Unset:
            case GetPort:  // GETADDR
                rpcb(p, v, 0);
                return;
            case CallIt:  // CALLIT (v3), BCAST (v4)
                callIt(p, v);
                return;
            default:
                if (call.version == 4 && (call.procedure == 9 || call.procedure == 11)) rpcb(p, v, 0);
                if (call.version == 4 && call.procedure == 10) callIt(p, v);
                return;
        }
    }

    void replyV3(Packet& p, const ByteView& v, const RpcCall& call) const {
        switch (call.procedure) {
            case Set:
            case Unset:
                if (need(p, v, 0, 4)) p.add(field(Answer), v, 0, 4, FieldValue::ofUnsigned(v.u32(0) != 0));
                return;
            case GetPort:  // GETADDR
                xdrString(p, v, 0, field(Uaddr));
                return;
            case Dump: list(p, v, true); return;
            default:
                if (call.version == 4 && call.procedure == 9) xdrString(p, v, 0, field(Uaddr));
                return;
        }
    }

    // ---- XDR pieces ----

    void mapping(Packet& p, const ByteView& v, std::uint32_t at) const {
        addProgram(p, v, at, field(Prog));
        p.addUint(field(Version), v, at + 4, 4);
        p.addUint(field(Proto), v, at + 8, 4);
        p.addUint(field(Port), v, at + 12, 4);
    }

    // Returns the offset after the rpcb structure, 0 when the frame ended inside it.
    std::uint32_t rpcb(Packet& p, const ByteView& v, std::uint32_t at) const {
        const ItemRef item = p.add(field(Rpcb), v, at, 0, {});
        p.push(item);
        std::uint32_t end = 0;
        if (need(p, v, at, 8)) {
            addProgram(p, v, at, field(RpcbProg));
            p.addUint(field(RpcbVersion), v, at + 4, 4);
            std::uint32_t next = xdrString(p, v, at + 8, field(RpcbNetid));
            if (next != 0) next = xdrString(p, v, next, field(RpcbAddr));
            if (next != 0) next = xdrString(p, v, next, field(RpcbOwner));
            end = next;
        }
        p.pop();
        if (end != 0) p.setLength(item, end - at);
        return end;
    }

    void list(Packet& p, const ByteView& v, bool rpcbEntries) const {
        std::uint32_t at = 0;
        for (std::uint32_t entries = 0; entries < kMaxListEntries; ++entries) {
            if (!need(p, v, at, 4)) return;
            const bool follows = v.u32(at) != 0;
            at += 4;
            if (!follows) return;
            if (rpcbEntries) {
                at = rpcb(p, v, at);
                if (at == 0) return;
            } else {
                if (!need(p, v, at, 16)) return;
                mapping(p, v, at);
                at += 16;
            }
        }
    }

    void callIt(Packet& p, const ByteView& v) const {
        if (!need(p, v, 0, 16)) return;
        addProgram(p, v, 0, field(Prog));
        p.addUint(field(Version), v, 4, 4);
        p.addUint(field(Proc), v, 8, 4);
        opaque(p, v, 12, field(Args));
    }

    void addProgram(Packet& p, const ByteView& v, std::uint32_t at, FieldId id) const {
        const std::uint32_t program = v.u32(at);
        const ItemRef item = p.add(id, v, at, 4, FieldValue::ofUnsigned(program));
        if (p.buildsTree()) p.setText(item, "Program: " + programText(program) + " (" + std::to_string(program) + ")");
    }

    // XDR string at `at`: returns the offset after it (padding included), 0 when cut.
    std::uint32_t xdrString(Packet& p, const ByteView& v, std::uint32_t at, FieldId id) const {
        if (!need(p, v, at, 4)) return 0;
        const std::uint32_t length = v.u32(at);
        const std::uint32_t padded = (length + 3u) & ~3u;
        if (padded < length || !need(p, v, at + 4, padded)) return 0;
        if (p.wants(id)) p.addText(id, v, at, 4 + padded, length == 0 ? "<EMPTY>" : v.text(at + 4, length));
        return at + 4 + padded;
    }

    void opaque(Packet& p, const ByteView& v, std::uint32_t at, FieldId id) const {
        if (!need(p, v, at, 4)) return;
        const std::uint32_t length = v.u32(at);
        if (!need(p, v, at + 4, length)) return;
        p.addBytes(id, v, at + 4, length);
    }

    bool need(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length) const {
        if (v.need(offset, length) == Availability::Available) return true;
        p.markUnavailable(*this, v, offset, length);
        return false;
    }

    const Dissector* m_rpc = nullptr;
};

}  // namespace

void registerPortmap(Registry& r) {
    auto& portmap = r.addProtocol<PortmapProtocol>(kPortmapFields);
    r.onHandoff([&portmap](Registry& registry) {
        portmap.connect(registry.findProtocol("rpc"));
        registry.table("rpc.program").add(kPortmapProgram, portmap);
    });
}

}  // namespace caplens::proto
