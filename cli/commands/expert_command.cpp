// `caplens expert FILE [-Y FILTER] [--json]` — Analyze > Expert Information, like
// `tshark -qz expert`: notes per severity and group, each entry with the filter for its frames.
#include "cli/commands/commands.hpp"
#include "cli/commands/stats_pass.hpp"
#include "core/analysis/expert_info.hpp"

namespace caplens::cli {
namespace {

int runExpert(const Arguments& args) {
    ExpertInfo expert;
    const StatsRun run = runStatsPass(args, {}, [&](const CapturedFrame& frame, const proto::Packet& packet) {
        expert.onFrame(frame, packet);
    });
    if (run.exitCode == kExitUsage) return run.exitCode;
    const bool json = args.has("--json");
    return finishStatsRun(run, json ? expert.json() : expert.text(), json);
}

}  // namespace

CommandSpec expertCommand() {
    return {"expert", "expert FILE [-Y FILTER] [--json]", "expert information, like tshark -z expert", kStatsFlags,
            kStatsValueOptions, 1, runExpert};
}

}  // namespace caplens::cli
