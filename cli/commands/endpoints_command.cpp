// `caplens endpoints FILE [--type eth|ip|ipv6|tcp|udp] [-Y FILTER] [--json]` — Statistics >
// Endpoints of one type (ip by default), like `tshark -qz endpoints,TYPE`.
#include "cli/commands/commands.hpp"
#include "cli/commands/stats_pass.hpp"
#include "core/analysis/endpoints.hpp"

namespace caplens::cli {
namespace {

int runEndpoints(const Arguments& args) {
    const std::string typeName = args.option("--type").value_or("ip");
    const auto type = parseConversationType(typeName);
    if (!type) {
        std::fprintf(stderr, "caplens: --type must be eth, ip, ipv6, tcp or udp (not '%s')\n", typeName.c_str());
        return kExitUsage;
    }
    Endpoints endpoints(*type);
    const StatsRun run = runStatsPass(args, {}, [&](const CapturedFrame& frame, const proto::Packet& packet) {
        endpoints.onFrame(frame, packet);
    });
    if (run.exitCode == kExitUsage) return run.exitCode;
    const bool json = args.has("--json");
    return finishStatsRun(run, json ? endpoints.json() : endpoints.text(run.filterText), json);
}

}  // namespace

CommandSpec endpointsCommand() {
    return {"endpoints", "endpoints FILE [--type eth|ip|ipv6|tcp|udp] [-Y FILTER] [--json]",
            "endpoints with Tx/Rx, like tshark -z endpoints,TYPE (ip by default)", kStatsFlags, kStatsValueOptions, 1,
            runEndpoints};
}

}  // namespace caplens::cli
