// `caplens dests FILE [--type ip|ipv6] [-Y FILTER] [--json]` — IPv4 and IPv6 Statistics >
// Destinations and Ports, like `tshark -qz dests,tree -z ipv6_dests,tree` (both without
// --type; IPv4 first).
#include "cli/commands/commands.hpp"
#include "cli/commands/stats_pass.hpp"
#include "core/analysis/destinations.hpp"

namespace caplens::cli {
namespace {

int runDests(const Arguments& args) {
    const std::string type = args.option("--type").value_or("");
    if (!type.empty() && type != "ip" && type != "ipv6") {
        std::fprintf(stderr, "caplens: --type must be ip or ipv6 for dests (not '%s')\n", type.c_str());
        return kExitUsage;
    }
    const bool v4 = type != "ipv6";
    const bool v6 = type != "ip";
    DestinationsAndPorts dests4(IpVersion::V4);
    DestinationsAndPorts dests6(IpVersion::V6);
    const StatsRun run = runStatsPass(args, {}, [&](const CapturedFrame& frame, const proto::Packet& packet) {
        const FrameTaps taps(packet);
        if (v4) dests4.onFrame(frame, packet, taps);
        if (v6) dests6.onFrame(frame, packet, taps);
    });
    if (run.exitCode == kExitUsage) return run.exitCode;
    const bool json = args.has("--json");
    std::string out;
    if (json) {
        out = destinationsJson(v4 ? &dests4 : nullptr, v6 ? &dests6 : nullptr);
    } else {
        // tshark prints its trees in the reverse order of the -z options.
        if (v6) out += dests6.text();
        if (v4) out += dests4.text();
    }
    return finishStatsRun(run, out, json);
}

}  // namespace

CommandSpec destsCommand() {
    return {"dests", "dests FILE [--type ip|ipv6] [-Y FILTER] [--json]",
            "destinations and ports, like tshark -z dests,tree / ipv6_dests,tree", kStatsFlags, kStatsValueOptions, 1,
            runDests};
}

}  // namespace caplens::cli
