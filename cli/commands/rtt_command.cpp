// `caplens rtt FILE [-Y FILTER] [--json]` — the TCP handshake report: per connection the SYN,
// SYN/ACK and ACK frames, SYN -> SYN/ACK, SYN/ACK -> ACK, the initial RTT and the outcome;
// which side the capture was taken on; RTT per server (README: Statistics).
#include "cli/commands/commands.hpp"
#include "cli/commands/stats_pass.hpp"
#include "core/analysis/handshake_report.hpp"

namespace caplens::cli {
namespace {

int runRtt(const Arguments& args) {
    HandshakeReport report;
    const StatsRun run = runStatsPass(args, {}, [&](const CapturedFrame& frame, const proto::Packet& packet) {
        report.onFrame(frame, packet);
    });
    if (run.exitCode == kExitUsage) return run.exitCode;
    report.finish();
    const bool json = args.has("--json");
    return finishStatsRun(run, json ? report.json() : report.text(run.filterText), json);
}

}  // namespace

CommandSpec rttCommand() {
    return {"rtt", "rtt FILE [-Y FILTER] [--json]", "TCP handshakes: SYN/SYN-ACK/ACK times, initial RTT, capture side",
            kStatsFlags, kStatsValueOptions, 1, runRtt};
}

}  // namespace caplens::cli
