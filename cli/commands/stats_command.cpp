// `caplens stats FILE [--tree NAME] [-Y FILTER] [--json] [--all]` — the statistics trees tshark
// prints with -z NAME,tree: ptype, plen, ip_hosts, dests and their IPv6 forms (ipv6_ptype,
// ipv6_hosts, ipv6_dests); all of them without --tree. With --all: every statistic of the
// Statistics menu computed in one pass (capture properties, rtt, conversations and endpoints of
// every type, destinations, trees, I/O graph, expert information), as the browser computes them.
#include <string_view>

#include "cli/commands/commands.hpp"
#include "cli/commands/stats_pass.hpp"
#include "core/analysis/capture_statistics.hpp"
#include "core/util/json_writer.hpp"

namespace caplens::cli {
namespace {

struct TreeChoice {
    std::string_view name;
    const StatsTree* tree;
};

int runStats(const Arguments& args) {
    CaptureStatistics stats;
    const StatsRun run = runStatsPass(args, {}, [&](const CapturedFrame& frame, const proto::Packet& packet) {
        stats.onFrame(frame, packet);
    });
    if (run.exitCode == kExitUsage) return run.exitCode;
    stats.finish();
    const bool json = args.has("--json");
    if (args.has("--all")) {
        if (json) return finishStatsRun(run, stats.json(), true);
        std::string out;
        for (const auto type : kConversationTypes) out += stats.conversations(type).text(run.filterText);
        for (const auto type : kConversationTypes) out += stats.endpoints(type).text(run.filterText);
        out += stats.handshakes().text(run.filterText);
        out += stats.expertInfo().text();
        for (const auto* tree : {&stats.destinations(IpVersion::V6).tree(), &stats.destinations(IpVersion::V4).tree(),
                                 &stats.addresses(IpVersion::V4).tree(), &stats.protocolTypes(IpVersion::V4).tree(),
                                 &stats.packetLengths().tree()}) {
            out += tree->text();
        }
        out += stats.ioGraph().text(run.filterText);
        return finishStatsRun(run, out, false);
    }
    // The order tshark prints them in when given -z dests,tree -z ipv6_dests,tree
    // -z ip_hosts,tree -z ptype,tree -z plen,tree (the last option first).
    const TreeChoice trees[] = {
        {"plen", &stats.packetLengths().tree()},
        {"ipv6_ptype", &stats.protocolTypes(IpVersion::V6).tree()},
        {"ptype", &stats.protocolTypes(IpVersion::V4).tree()},
        {"ipv6_hosts", &stats.addresses(IpVersion::V6).tree()},
        {"ip_hosts", &stats.addresses(IpVersion::V4).tree()},
        {"ipv6_dests", &stats.destinations(IpVersion::V6).tree()},
        {"dests", &stats.destinations(IpVersion::V4).tree()},
    };
    const std::string chosen = args.option("--tree").value_or("");
    bool found = chosen.empty();
    JsonWriter w;
    w.beginObject();
    std::string out;
    for (const TreeChoice& t : trees) {
        if (!chosen.empty() && t.name != chosen) continue;
        found = true;
        if (json) {
            w.key(t.name);
            t.tree->writeJson(w);
        } else {
            out += t.tree->text();
        }
    }
    w.endObject();
    if (!found) {
        std::fprintf(stderr, "caplens: --tree must be one of plen, ptype, ipv6_ptype, ip_hosts, ipv6_hosts, dests, ipv6_dests\n");
        return kExitUsage;
    }
    return finishStatsRun(run, json ? w.take() : out, json);
}

}  // namespace

CommandSpec statsCommand() {
    return {"stats", "stats FILE [--tree NAME] [-Y FILTER] [--json] [--all]",
            "statistics trees (ptype, plen, ip_hosts, dests, ...); --all: every statistic in one pass", kStatsFlags,
            kStatsValueOptions, 1, runStats};
}

}  // namespace caplens::cli
