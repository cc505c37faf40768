// caplens_dissector_seeds OUTDIR CAPTURE... — seeds for fuzz_dissector from real captures:
// for each capture, its first frames one by one (kSinglesPerCapture, each distinct), and its
// first kFramesPerGroup frames together (so stateful dissectors see conversations). Gzip'd
// and unreadable files are skipped. scripts/fuzz.sh runs it.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "core/capture/capture_scan.hpp"
#include "core/io/memory_source.hpp"
#include "tests/fuzz/dissector_input.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace caplens::fuzz {
namespace {

constexpr std::size_t kSinglesPerCapture = 24;
constexpr std::size_t kFramesPerGroup = 8;
constexpr std::size_t kFramesKept = 64;

struct KeptFrame {
    LinkType linkType;
    std::vector<std::uint8_t> bytes;
};

class KeepingSink final : public FrameSink {
public:
    void onFrame(const CapturedFrame& frame) override {
        if (frames.size() < kFramesKept) frames.push_back({frame.linkType, {frame.data.begin(), frame.data.end()}});
    }
    std::vector<KeptFrame> frames;
};

std::vector<std::uint8_t> readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeSeed(const std::filesystem::path& path, const std::vector<std::uint8_t>& seed) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(seed.data()), static_cast<std::streamsize>(seed.size()));
}

// Writes the seeds of one capture; returns how many.
std::size_t seedsFrom(const std::filesystem::path& capture, const std::filesystem::path& outDir,
                      const std::vector<LinkType>& linkTypes) {
    const std::vector<std::uint8_t> bytes = readFile(capture);
    MemorySource source(bytes);
    KeepingSink sink;
    CaptureScan scan(source, sink);
    (void)scan.run();  // a damaged capture still gives the frames before the damage
    const std::string stem = capture.filename().string();
    std::set<std::uint64_t> seen;
    std::size_t written = 0;
    for (std::size_t i = 0; i < sink.frames.size() && seen.size() < kSinglesPerCapture; ++i) {
        const KeptFrame& frame = sink.frames[i];
        const auto seed = encodeDissectorInput(frame.linkType, {frame.bytes}, linkTypes);
        if (seed.empty() || !seen.insert(fnv1a(seed)).second) continue;
        writeSeed(outDir / (stem + "." + std::to_string(i + 1)), seed);
        ++written;
    }
    std::vector<std::vector<std::uint8_t>> group;
    for (std::size_t i = 0; i < sink.frames.size() && group.size() < kFramesPerGroup; ++i) {
        if (sink.frames[i].linkType == sink.frames.front().linkType) group.push_back(sink.frames[i].bytes);
    }
    if (group.size() > 1) {
        const auto seed = encodeDissectorInput(sink.frames.front().linkType, group, linkTypes);
        if (!seed.empty()) {
            writeSeed(outDir / (stem + ".group"), seed);
            ++written;
        }
    }
    return written;
}

}  // namespace
}  // namespace caplens::fuzz

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fputs("usage: caplens_dissector_seeds OUTDIR CAPTURE...\n", stderr);
        return 2;
    }
    const std::filesystem::path outDir = argv[1];
    std::filesystem::create_directories(outDir);
    const auto linkTypes = caplens::fuzz::dissectedLinkTypes();
    std::size_t total = 0;
    for (int i = 2; i < argc; ++i) total += caplens::fuzz::seedsFrom(argv[i], outDir, linkTypes);
    std::printf("%zu dissector seeds in %s\n", total, outDir.c_str());
    return 0;
}
