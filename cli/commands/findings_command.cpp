// `caplens findings FILE [--json]` — the traffic that deserves a look: peer-to-peer, cleartext
// credentials, exposed administration, scans, connection health, DNS, ICMP and capture quality,
// each with a count, the endpoints involved and a display filter that selects exactly its
// frames (README: Findings).
#include "cli/commands/commands.hpp"
#include "cli/commands/stats_pass.hpp"
#include "core/findings/findings_analyzer.hpp"

namespace caplens::cli {
namespace {

int runFindings(const Arguments& args) {
    findings::FindingsAnalyzer analyzer;
    Arguments pass = args;
    pass.options.erase("-Y");  // findings always look at every frame
    const StatsRun run = runStatsPass(pass, analyzer.mask(), [&](const CapturedFrame& frame, const proto::Packet& packet) {
        analyzer.onFrame(frame, packet);
    });
    if (run.exitCode == kExitUsage) return run.exitCode;
    if (!run.pass.opened) return kExitDamaged;
    analyzer.finish();
    const bool json = args.has("--json");
    return finishStatsRun(run, json ? analyzer.json() : analyzer.text(), json);
}

}  // namespace

CommandSpec findingsCommand() {
    return {"findings", "findings FILE [--json]",
            "traffic that deserves a look (P2P, cleartext logins, exposed services, scans, health), with filters",
            {"--json"}, {}, 1, runFindings};
}

}  // namespace caplens::cli
