// rpc_programs — the ONC RPC programs and procedures Wireshark knows by name. RPC's heuristics
// accept a call only when its program is one of these (Wireshark's rpc_progs, filled by every
// RPC-based dissector); the names make the Protocol and Info columns.
#include <algorithm>
#include <iterator>

#include "core/proto/field.hpp"
#include "core/proto/names.hpp"
#include "core/proto/rpc.hpp"

namespace caplens::proto {
namespace {

// Program number and the short name of the Wireshark protocol registered for it.
constexpr ValueName kPrograms[] = {
    {2112, "KADM5"},
    {100000, "Portmap"},
    {100001, "RSTAT"},
    {100003, "NFS"},
    {100004, "YPSERV"},
    {100005, "MOUNT"},
    {100007, "YPBIND"},
    {100008, "RWALL"},
    {100009, "YPPASSWD"},
    {100011, "RQUOTA"},
    {100012, "SPRAY"},
    {100020, "KLM"},
    {100021, "NLM"},
    {100024, "STAT"},
    {100026, "BOOTPARAMS"},
    {100069, "YPXFR"},
    {100227, "NFSACL"},
    {100231, "NFSAUTH"},
    {100232, "SADMIND"},
    {100300, "NIS+"},
    {100302, "NIS+ CB"},
    {150001, "PCNFSD"},
    {390512, "CLEARCASE"},
    {395183, "VXI-11 Core"},
    {395184, "VXI-11 Async"},
    {395185, "VXI-11 Intr"},
    {1001912, "FMP"},
    {1238433, "GlusterD Management"},
    {1238437, "GlusterD Friend"},
    {1238463, "Gluster CLI"},
    {1298437, "GlusterFS"},
    {4867634, "GlusterD Brick"},
    {14398633, "GlusterFS Handshake"},
    {34123456, "Gluster Portmap"},
    {52743234, "GlusterFS Callback"},
    {123451501, "Gluster Dump"},
    {788585389, "HCLNFSD"},
};

constexpr ValueName kPortmapV2[] = {{0, "NULL"}, {1, "SET"}, {2, "UNSET"}, {3, "GETPORT"}, {4, "DUMP"}, {5, "CALLIT"}};
constexpr ValueName kPortmapV3[] = {{0, "NULL"},    {1, "SET"},     {2, "UNSET"},       {3, "GETADDR"},
                                    {4, "DUMP"},    {5, "CALLIT"},  {6, "GETTIME"},     {7, "UADDR2TADDR"},
                                    {8, "TADDR2UADDR"}};
constexpr ValueName kPortmapV4[] = {{0, "NULL"},        {1, "SET"},          {2, "UNSET"},        {3, "GETADDR"},
                                    {4, "DUMP"},        {5, "BCAST"},        {6, "GETTIME"},      {7, "UADDR2TADDR"},
                                    {8, "TADDR2UADDR"}, {9, "GETVERSADDR"},  {10, "INDIRECT"},    {11, "GETADDRLIST"},
                                    {12, "GETSTAT"}};
constexpr ValueName kNfsV2[] = {{0, "NULL"},     {1, "GETATTR"},     {2, "SETATTR"}, {3, "ROOT"},    {4, "LOOKUP"},
                                {5, "READLINK"}, {6, "READ"},        {7, "WRITECACHE"}, {8, "WRITE"}, {9, "CREATE"},
                                {10, "REMOVE"},  {11, "RENAME"},     {12, "LINK"},   {13, "SYMLINK"}, {14, "MKDIR"},
                                {15, "RMDIR"},   {16, "READDIR"},    {17, "STATFS"}};
constexpr ValueName kNfsV3[] = {{0, "NULL"},    {1, "GETATTR"},  {2, "SETATTR"},  {3, "LOOKUP"},       {4, "ACCESS"},
                                {5, "READLINK"}, {6, "READ"},    {7, "WRITE"},    {8, "CREATE"},       {9, "MKDIR"},
                                {10, "SYMLINK"}, {11, "MKNOD"},  {12, "REMOVE"},  {13, "RMDIR"},       {14, "RENAME"},
                                {15, "LINK"},    {16, "READDIR"}, {17, "READDIRPLUS"}, {18, "FSSTAT"}, {19, "FSINFO"},
                                {20, "PATHCONF"}, {21, "COMMIT"}};
constexpr ValueName kNfsV4[] = {{0, "NULL"}, {1, "COMPOUND"}};
constexpr ValueName kMountV1[] = {{0, "NULL"}, {1, "MNT"},     {2, "DUMP"},     {3, "UMNT"},
                                  {4, "UMNTALL"}, {5, "EXPORT"}, {6, "EXPORTALL"}};
constexpr ValueName kMountV2[] = {{0, "NULL"},    {1, "MNT"},    {2, "DUMP"},      {3, "UMNT"},
                                  {4, "UMNTALL"}, {5, "EXPORT"}, {6, "EXPORTALL"}, {7, "PATHCONF"}};
constexpr ValueName kMountV3[] = {{0, "NULL"}, {1, "MNT"}, {2, "DUMP"}, {3, "UMNT"}, {4, "UMNTALL"}, {5, "EXPORT"}};
constexpr ValueName kBootparamsV1[] = {{0, "NULL"}, {1, "WHOAMI"}, {2, "GETFILE"}};
constexpr ValueName kYpservV2[] = {{0, "NULL"},   {1, "DOMAIN"}, {2, "DOMAIN_NONACK"}, {3, "MATCH"},
                                   {4, "FIRST"},  {5, "NEXT"},   {6, "XFR"},           {7, "CLEAR"},
                                   {8, "ALL"},    {9, "MASTER"}, {10, "ORDER"},        {11, "MAPLIST"}};
constexpr ValueName kNlm[] = {{0, "NULL"},         {1, "TEST"},         {2, "LOCK"},         {3, "CANCEL"},
                              {4, "UNLOCK"},       {5, "GRANTED"},      {6, "TEST_MSG"},     {7, "LOCK_MSG"},
                              {8, "CANCEL_MSG"},   {9, "UNLOCK_MSG"},   {10, "GRANTED_MSG"}, {11, "TEST_RES"},
                              {12, "LOCK_RES"},    {13, "CANCEL_RES"},  {14, "UNLOCK_RES"},  {15, "GRANTED_RES"},
                              {20, "SHARE"},       {21, "UNSHARE"},     {22, "NM_LOCK"},     {23, "FREE_ALL"}};
constexpr ValueName kStatV1[] = {{0, "NULL"},     {1, "STAT"},       {2, "MON"},   {3, "UNMON"},
                                 {4, "UNMON_ALL"}, {5, "SIMU_CRASH"}, {6, "NOTIFY"}};

struct ProcedureTable {
    std::uint32_t program;
    std::uint32_t firstVersion;
    std::uint32_t lastVersion;
    std::span<const ValueName> names;
};

constexpr ProcedureTable kProcedures[] = {
    {100000, 1, 2, kPortmapV2}, {100000, 3, 3, kPortmapV3}, {100000, 4, 4, kPortmapV4},
    {100003, 2, 2, kNfsV2},     {100003, 3, 3, kNfsV3},     {100003, 4, 4, kNfsV4},
    {100005, 1, 1, kMountV1},   {100005, 2, 2, kMountV2},   {100005, 3, 3, kMountV3},
    {100026, 1, 1, kBootparamsV1}, {100004, 1, 2, kYpservV2}, {100021, 1, 4, kNlm},
    {100024, 1, 1, kStatV1},
};

}  // namespace

std::string_view rpcProgramName(std::uint32_t program) { return nameOf(kPrograms, program); }

std::string_view rpcProcedureName(std::uint32_t program, std::uint32_t version, std::uint32_t procedure) {
    for (const auto& table : kProcedures) {
        if (table.program == program && version >= table.firstVersion && version <= table.lastVersion) {
            return nameOf(table.names, procedure);
        }
    }
    return {};
}

std::size_t RpcCallKeyHash::operator()(const RpcCallKey& k) const {
    // FNV-1a over the fields that matter.
    std::size_t h = 1469598103934665603ull;
    auto mix = [&h](std::uint8_t b) { h = (h ^ b) * 1099511628211ull; };
    for (std::uint8_t i = 0; i < k.addressLength && i < 16; ++i) {
        mix(k.client[i]);
        mix(k.server[i]);
    }
    for (int shift = 0; shift < 32; shift += 8) mix(static_cast<std::uint8_t>(k.xid >> shift));
    mix(k.transport);
    return h;
}

}  // namespace caplens::proto
