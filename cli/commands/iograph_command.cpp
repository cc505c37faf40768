// `caplens iograph FILE [--interval S] [--series FILTER]... [-Y FILTER] [--json]` — Statistics >
// I/O Graph: frames and bytes per interval (1 s by default) for every frame and for each
// --series display filter, like `tshark -qz io,stat,S,FILTER...`.
#include <cmath>
#include <cstdlib>

#include "cli/commands/commands.hpp"
#include "cli/commands/stats_pass.hpp"
#include "core/analysis/io_graph.hpp"

namespace caplens::cli {
namespace {

// The --interval value in nanoseconds; nullopt when it is not a positive number of seconds.
std::optional<std::int64_t> intervalNs(const std::string& text) {
    char* end = nullptr;
    const double seconds = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !(seconds > 0) || seconds > 1e9) return std::nullopt;
    const auto ns = static_cast<std::int64_t>(std::llround(seconds * 1e9));
    if (ns < 1000) return std::nullopt;  // below a microsecond
    return ns;
}

int runIograph(const Arguments& args) {
    const std::string intervalText = args.option("--interval").value_or("1");
    const auto interval = intervalNs(intervalText);
    if (!interval) {
        std::fprintf(stderr, "caplens: --interval must be a number of seconds of at least 0.000001 (not '%s')\n",
                     intervalText.c_str());
        return kExitUsage;
    }
    IoGraph graph(*interval);
    for (const std::string& series : args.values("--series")) {
        auto compiled = compileFilterArgument(series);
        if (!compiled) return kExitUsage;
        graph.addSeries(std::move(compiled));
    }
    const StatsRun run = runStatsPass(args, graph.fieldMask(), [&](const CapturedFrame& frame, const proto::Packet& packet) {
        graph.onFrame(frame, packet);
    });
    if (run.exitCode == kExitUsage) return run.exitCode;
    const bool json = args.has("--json");
    return finishStatsRun(run, json ? graph.json() : graph.text(run.filterText), json);
}

}  // namespace

CommandSpec iographCommand() {
    return {"iograph", "iograph FILE [--interval S] [--series FILTER]... [-Y FILTER] [--json]",
            "frames and bytes per interval, overall and per filter (tshark -z io,stat)", kStatsFlags,
            kStatsValueOptions, 1, runIograph};
}

}  // namespace caplens::cli
