// `caplens conv FILE [--type eth|ip|ipv6|tcp|udp] [-Y FILTER] [--json]` — Statistics >
// Conversations of one type (tcp by default), like `tshark -qz conv,TYPE`.
#include "cli/commands/commands.hpp"
#include "cli/commands/stats_pass.hpp"
#include "core/analysis/conversations.hpp"

namespace caplens::cli {
namespace {

int runConv(const Arguments& args) {
    const std::string typeName = args.option("--type").value_or("tcp");
    const auto type = parseConversationType(typeName);
    if (!type) {
        std::fprintf(stderr, "caplens: --type must be eth, ip, ipv6, tcp or udp (not '%s')\n", typeName.c_str());
        return kExitUsage;
    }
    Conversations conversations(*type);
    const StatsRun run = runStatsPass(args, {}, [&](const CapturedFrame& frame, const proto::Packet& packet) {
        conversations.onFrame(frame, packet);
    });
    if (run.exitCode == kExitUsage) return run.exitCode;
    const bool json = args.has("--json");
    return finishStatsRun(run, json ? conversations.json() : conversations.text(run.filterText), json);
}

}  // namespace

CommandSpec convCommand() {
    return {"conv", "conv FILE [--type eth|ip|ipv6|tcp|udp] [-Y FILTER] [--json]",
            "conversations, like tshark -z conv,TYPE (tcp by default)", kStatsFlags, kStatsValueOptions, 1, runConv};
}

}  // namespace caplens::cli
