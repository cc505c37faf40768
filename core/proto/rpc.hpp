// rpc.hpp — what ONC RPC (RFC 5531) tells the program dissectors it calls.
//
// RPC finds the program dissector in its "rpc.program" table (keyed by program number, e.g.
// 100000 -> portmap) and calls it on the procedure's arguments or results. While that call
// runs, the message being dissected is RpcState::current: call or reply, program, version and
// procedure (a reply carries those of its call, matched by XID as Wireshark does).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/proto/dissector.hpp"

namespace caplens::proto {

// Wireshark's flavor_t: how the procedure data of a message can be dissected.
enum class RpcFlavor : std::uint8_t {
    Unknown,       // the credentials were cut off: the data cannot be dissected
    NotGssapi,     // AUTH_NULL, AUTH_UNIX, ...: the data follows as is
    GssapiNoInfo,  // RPCSEC_GSS whose procedure and service were cut off
    Gssapi,        // RPCSEC_GSS with its procedure and service known
};

// One call as remembered for matching its reply.
struct RpcCall {
    std::uint32_t program = 0;
    std::uint32_t version = 0;
    std::uint32_t procedure = 0;
    std::uint32_t gssProcedure = 0;
    std::uint32_t gssService = 0;
    RpcFlavor flavor = RpcFlavor::Unknown;
    std::uint8_t transport = 0;  // IP protocol the call came over (6, 17)
    std::uint64_t callFrame = 0;
    std::uint64_t replyFrame = 0;
    std::int64_t callTimeNs = 0;
};

// The message RPC hands to a program dissector.
struct RpcMessage {
    bool isCall = true;
    std::uint32_t xid = 0;
    const RpcCall* call = nullptr;  // the call (for a reply: the call it answers)
};

// Calls are found again by client address, server address, transport and XID. (Wireshark also
// keys TCP calls by their ports; XIDs are random enough for the addresses to suffice.)
struct RpcCallKey {
    std::array<std::uint8_t, 16> client{};
    std::array<std::uint8_t, 16> server{};
    std::uint32_t xid = 0;
    std::uint8_t addressLength = 0;
    std::uint8_t transport = 0;
    bool operator==(const RpcCallKey&) const = default;
};
struct RpcCallKeyHash {
    std::size_t operator()(const RpcCallKey& k) const;
};

// RPC's per-capture state: calls by key, the message being dissected, and records being
// defragmented on TCP (by the key of their direction, XID 0).
class RpcState final : public ProtocolState {
public:
    std::unordered_map<RpcCallKey, RpcCall, RpcCallKeyHash> calls;
    std::unordered_map<RpcCallKey, std::vector<std::uint8_t>, RpcCallKeyHash> pendingRecords;
    RpcMessage current;
};

// The name Wireshark gives a program ("Portmap", "NFS"), or an empty view when RPC does not
// know it (RPC's heuristics only accept calls to programs they know).
[[nodiscard]] std::string_view rpcProgramName(std::uint32_t program);
// The name of a procedure ("GETPORT"); an empty view when unknown (Wireshark shows "proc-N").
[[nodiscard]] std::string_view rpcProcedureName(std::uint32_t program, std::uint32_t version, std::uint32_t procedure);

}  // namespace caplens::proto
