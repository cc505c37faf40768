// Every frame dissected alone (CaptureModel::dissectFrame: the packet list and the details
// pane) must read exactly as it did in the in-order pass that tshark's single pass matches:
// the same protocols, columns and details tree. Out-of-order dissection sees no state of
// other frames, only the facts the first pass recorded (TCP stream, analysis, reassembled
// PDUs, and the notes protocols remember per frame: Packet::remember), so this walks every
// frame of the corpus.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/capture_pass.hpp"
#include "cli/decoding_sink.hpp"
#include "cli/file_source.hpp"
#include "core/capture/capture_model.hpp"
#include "core/capture/frame_details.hpp"
#include "tests/golden/corpus.hpp"

namespace caplens {
namespace {

// What a user sees of one frame: the packet-list row and the details tree.
std::string frameAsSeen(const proto::Packet& packet) {
    std::string out = packet.protocolsText();
    out += "\n" + packet.sourceColumn() + " -> " + packet.destinationColumn() + " " +
           std::string(packet.protocolColumn()) + " " + packet.infoText() + "\n";
    out += frameDetailsText(buildFrameDetails(packet));
    return out;
}

std::vector<std::string> inOrder(const std::string& path) {
    std::vector<std::string> frames;
    cli::DecodingSink sink(proto::DissectionMode::Tree, true,
                           [&](const CapturedFrame&, proto::Packet& packet) { frames.push_back(frameAsSeen(packet)); });
    (void)cli::readCapture(path, sink);
    return frames;
}

// The first line where two renderings part.
std::string firstDifference(const std::string& a, const std::string& b) {
    std::size_t start = 0;
    while (true) {
        const std::size_t endA = a.find('\n', start);
        const std::size_t endB = b.find('\n', start);
        const std::string lineA = a.substr(start, endA == std::string::npos ? std::string::npos : endA - start);
        const std::string lineB = b.substr(start, endB == std::string::npos ? std::string::npos : endB - start);
        if (lineA != lineB) return "in order '" + lineA + "' | alone '" + lineB + "'";
        if (endA == std::string::npos || endB == std::string::npos) return "(lengths differ)";
        start = endA + 1;
    }
}

TEST(FrameReplayGolden, EveryFrameAloneReadsAsInOrder) {
    if (!golden::corpusAvailable()) GTEST_SKIP() << "capture corpus not found at " << golden::publicDir();
    std::uint64_t compared = 0;
    std::uint64_t differing = 0;
    for (const auto& file : golden::capturesWith("packets.tsv")) {
        const std::string path = (golden::publicDir() / file).string();
        const std::vector<std::string> expected = inOrder(path);
        cli::OpenedSource opened = cli::openFileSource(path);
        ASSERT_TRUE(opened.source) << file;
        CaptureModel model(*opened.source, path, opened.fileSize, opened.gzip);
        model.openAll();
        ASSERT_EQ(model.frameCount(), expected.size()) << file;
        // Backwards: nothing the model keeps from the previous call may leak into the next.
        for (std::uint64_t n = model.frameCount(); n >= 1; --n) {
            const proto::Packet* packet = model.dissectFrame(n, proto::DissectionMode::Tree, nullptr, true);
            ASSERT_NE(packet, nullptr) << file << " #" << n;
            const std::string alone = frameAsSeen(*packet);
            ++compared;
            if (alone != expected[n - 1]) {
                if (++differing <= 40) {
                    std::printf("  %s #%llu: %s\n", file.c_str(), static_cast<unsigned long long>(n),
                                firstDifference(expected[n - 1], alone).c_str());
                }
            }
        }
    }
    std::printf("frames dissected alone as in order: %llu of %llu\n",
                static_cast<unsigned long long>(compared - differing), static_cast<unsigned long long>(compared));
    // The goal is every frame; until then the agreement last measured is the floor (what is
    // left: IP fragments, HTTP bodies over reassembled segments, UDP conversations renewed).
    const double rate = compared ? static_cast<double>(compared - differing) / static_cast<double>(compared) : 0;
    EXPECT_GE(rate, 0.995) << "goal: 100%";
}

}  // namespace
}  // namespace caplens
