// Follow TCP/UDP Stream against `tshark -q -z follow,PROTO,raw,N` over the shared corpus.
//
// For every capture (up to 1 MB: tshark reads each once per stream) and its first streams of
// each protocol, the body caplens prints (nodes, then one hex line per chunk, node 1's after a
// tab) must be tshark's. Captures tshark cannot read (it prints no follow output) are left out.
// Every difference is printed; the agreement must stay at or above a floor. Prints the agreement and every disagreement; without tshark on PATH
// the test says so and skips.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/capture_pass.hpp"
#include "cli/commands/stats_pass.hpp"
#include "core/analysis/stream_follow.hpp"
#include "tests/golden/command_run.hpp"
#include "tests/golden/corpus.hpp"

namespace caplens {
namespace {

constexpr std::uintmax_t kMaxCaptureBytes = 1'000'000;
constexpr std::uint32_t kStreamsPerProtocol = 2;
constexpr int kAgreementFloorPercent = 97;

// The nodes and chunks, as caplens follow prints them after its header.
std::string caplensBody(const std::string& path, FollowProtocol protocol, std::uint32_t stream) {
    StreamFollower follower(protocol, stream);
    cli::StatsSink sink(nullptr, follower.mask(), [&](const CapturedFrame& frame, const proto::Packet& packet) {
        follower.onFrame(frame, packet);
    });
    (void)cli::readCapture(path, sink);
    const FollowedStream followed = follower.finish();
    return followed.rawText();
}

// tshark's output between its "Filter:" line and the closing rule ("" when tshark printed none:
// it could not read the capture).
std::string tsharkBody(const std::string& path, FollowProtocol protocol, std::uint32_t stream) {
    const golden::CommandRun run = golden::runCommand("tshark -n -r " + golden::shellQuote(path) + " -q -z follow," +
                                                      followProtocolName(protocol) + ",raw," + std::to_string(stream));
    const std::size_t node = run.out.find("Node 0:");
    const std::size_t rule = run.out.rfind("\n====");
    if (node == std::string::npos || rule == std::string::npos || rule < node) return "";
    return run.out.substr(node, rule + 1 - node);
}

TEST(FollowGolden, StreamsEqualTsharksFollowRaw) {
    if (!golden::corpusAvailable()) GTEST_SKIP() << "capture corpus not found at " << golden::publicDir();
    if (!golden::toolAvailable("tshark")) GTEST_SKIP() << "tshark is not on PATH: Follow Stream not checked";
    std::vector<std::filesystem::path> captures;
    for (const auto& entry : std::filesystem::directory_iterator(golden::publicDir())) {
        if (entry.path().filename() == "MANIFEST.tsv" || entry.file_size() > kMaxCaptureBytes) continue;
        captures.push_back(entry.path());
    }
    std::sort(captures.begin(), captures.end());
    int compared = 0;
    int agreed = 0;
    for (const auto& capture : captures) {
        for (const FollowProtocol protocol : {FollowProtocol::Tcp, FollowProtocol::Udp}) {
            for (std::uint32_t stream = 0; stream < kStreamsPerProtocol; ++stream) {
                const std::string expected = tsharkBody(capture.string(), protocol, stream);
                if (expected.empty()) continue;
                const std::string actual = caplensBody(capture.string(), protocol, stream);
                ++compared;
                if (actual == expected) {
                    ++agreed;
                } else {
                    std::printf("differs: %s %s stream %u\n  tshark:  %s\n  caplens: %s\n",
                                capture.filename().string().c_str(), followProtocolName(protocol), stream,
                                expected.substr(0, 160).c_str(), actual.substr(0, 160).c_str());
                }
            }
        }
    }
    std::printf("Follow Stream: %d of %d (capture, stream) pairs equal tshark's\n", agreed, compared);
    EXPECT_GT(compared, 100);
    // The floor at the agreement reached (captures caplens cannot read, such as NetXRay, and
    // the streams listed above differ): it may only rise.
    EXPECT_GE(agreed * 100, compared * kAgreementFloorPercent) << agreed << " of " << compared;
}

}  // namespace
}  // namespace caplens
