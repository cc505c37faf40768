// `caplens follow FILE tcp|udp STREAM [--json]` — Follow TCP/UDP Stream: the payload of stream
// STREAM (tcp.stream / udp.stream) in both directions, one chunk per segment or datagram, as
// `tshark -q -z follow,tcp,raw,STREAM` prints it (node 0's chunks in hex, node 1's after a tab),
// or as JSON (FollowedStream::json()).
//
// Exit codes: 0; 1 the file is damaged (the chunks before the damage are printed); 2 bad
// command line.
#include <charconv>
#include <cstdio>
#include <string>

#include "cli/commands/commands.hpp"
#include "cli/commands/stats_pass.hpp"
#include "core/analysis/stream_follow.hpp"

namespace caplens::cli {
namespace {

int runFollow(const Arguments& args) {
    const auto protocol = parseFollowProtocol(args.positional[1]);
    if (!protocol) {
        std::fprintf(stderr, "caplens: follow tcp or udp, not '%s'\n", args.positional[1].c_str());
        return kExitUsage;
    }
    const std::string& number = args.positional[2];
    std::uint32_t stream = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), stream);
    if (number.empty() || error != std::errc() || end != number.data() + number.size()) {
        std::fprintf(stderr, "caplens: '%s' is not a stream number\n", number.c_str());
        return kExitUsage;
    }
    StreamFollower follower(*protocol, stream);
    StatsSink sink(nullptr, follower.mask(), [&](const CapturedFrame& frame, const proto::Packet& packet) {
        follower.onFrame(frame, packet);
    });
    const CapturePass pass = readCapture(args.positional[0], sink);
    int exitCode = kExitOk;
    if (pass.info.error) {
        reportCaptureError(pass);
        exitCode = kExitDamaged;
    }
    const FollowedStream followed = follower.finish();
    if (args.has("--json")) {
        std::printf("%s\n", followed.json().c_str());
        return exitCode;
    }
    std::printf("Follow: %s,raw\nFilter: %s\n", followProtocolName(*protocol), followFilter(*protocol, stream).c_str());
    std::fputs(followed.rawText().c_str(), stdout);
    return exitCode;
}

}  // namespace

CommandSpec followCommand() {
    return {"follow", "follow FILE tcp|udp STREAM [--json]",
            "Follow TCP/UDP Stream: a stream's payload in both directions (tshark -z follow,...,raw)",
            {"--json"}, {}, 3, runFollow};
}

}  // namespace caplens::cli
