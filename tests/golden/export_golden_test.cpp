// `caplens export` over the shared corpus.
//
// For every capture and two display filters (the command run in this process): export, then read
// the output back with our own readers. It must hold exactly the frames `caplens filter` selects,
// in order, byte-identical, with the same timestamps, lengths and link types — or, when the export
// refuses (exit 2), the selected frames must really contain one the format cannot hold. On a chosen
// set of captures (pcap, ns-pcap, pcapng with several interfaces and link types, NetMon, snoop,
// ERF, gzip) tshark must then read each output without an error and count the same frames; without
// tshark on PATH that part is skipped, saying so.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/capture_pass.hpp"
#include "cli/commands/commands.hpp"
#include "cli/decoding_sink.hpp"
#include "core/io/capture_writer.hpp"
#include "tests/golden/command_run.hpp"
#include "tests/golden/corpus.hpp"
#include "tests/unit/support/scan_result.hpp"

namespace caplens {
namespace {

namespace fs = std::filesystem;
using golden::runCli;
using golden::shellQuote;

const std::vector<std::string> kFilters = {"frame.number <= 20", "tcp"};

// Captures whose exports tshark must read: one of each kind the corpus has.
const std::vector<std::string> kTsharkCaptures = {
    "filesamples__simple_http.pcap",     // pcap, microseconds
    "ndpi__1kxun.pcap",                  // the largest pcap
    "wswiki__dhcp-nanosecond.pcap",      // pcap, nanoseconds
    "wswiki__many_interfaces.pcapng",    // pcapng: 11 interfaces, Ethernet and Null
    "ndpi__quic-v2.pcapng",              // pcapng
    "wswiki__RDP-002.pcap.gz",           // gzip
    "wswiki__genbroad.snoop",            // snoop
    "wswiki__erf-ethernet-example.erf",  // ERF: pseudo-headers
    "wswiki__Http.cap",                  // NetMon 2.x
};

class ScratchDir {
  public:
    ScratchDir()
        : m_path(fs::temp_directory_path() /
                 ("caplens_export_test_" + std::to_string(::getpid()))) {
        fs::create_directories(m_path);
    }
    ~ScratchDir() {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }
    [[nodiscard]] fs::path file(const std::string& name) const { return m_path / name; }

  private:
    fs::path m_path;
};

struct ReadBack {
    CaptureFormat format = CaptureFormat::Unknown;
    std::uint8_t timestampDigits = 6;
    CaptureError error;
    std::vector<test::ScannedFrame> frames;
};

ReadBack readFrames(const fs::path& path) {
    test::CollectingSink sink;
    const cli::CapturePass pass = cli::readCapture(path.string(), sink);
    return {pass.info.format, pass.info.metadata.timestampDigits, pass.info.error,
            std::move(sink.frames)};
}

// How the command runs: as a process (the binary users run), or its run() called in this
// process (the same code, without a process start per export: the whole corpus stays quick,
// under the sanitizers too).
enum class Run { Process, InProcess };

// The frames `caplens filter FILE -Y filter` lists.
std::vector<std::uint64_t> selectedFrames(const fs::path& capture, const std::string& filter,
                                          Run how) {
    std::vector<std::uint64_t> numbers;
    if (how == Run::InProcess) {
        filter::CompileResult compiled = filter::compile(filter);
        EXPECT_TRUE(compiled) << filter;
        if (!compiled) return numbers;
        cli::DecodingSink sink(
            proto::DissectionMode::Fast, false,
            [&](const CapturedFrame&, proto::Packet& packet) {
                numbers.push_back(packet.frame().number);
            },
            compiled.filter.get());
        (void)cli::readCapture(capture.string(), sink);
        return numbers;
    }
    const golden::CommandRun run =
        runCli("filter " + shellQuote(capture.string()) + " -Y " + shellQuote(filter));
    std::istringstream lines(run.out);
    for (std::uint64_t n = 0; lines >> n;) numbers.push_back(n);
    return numbers;
}

// `caplens export INPUT -w OUTPUT -Y filter [-F format]`: its exit code.
int runExport(const fs::path& input, const fs::path& output, const std::string& filter,
              const std::string& format, Run how) {
    if (how == Run::Process) {
        return runCli("export " + shellQuote(input.string()) + " -w " +
                      shellQuote(output.string()) + " -Y " + shellQuote(filter) +
                      (format.empty() ? "" : " -F " + format))
            .exitCode;
    }
    cli::Arguments args;
    args.positional = {input.string()};
    args.options = {{"-w", output.string()}, {"-Y", filter}};
    if (!format.empty()) args.options["-F"] = format;
    return cli::exportCommand().run(args);
}

std::vector<std::string> corpusCaptures() {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(golden::publicDir())) {
        const std::string file = entry.path().filename().string();
        if (file != "MANIFEST.tsv") out.push_back(file);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Why `format` cannot hold the frames `numbers` of `original`, or "" when it can.
std::string unwritableReason(const ReadBack& original, const std::vector<std::uint64_t>& numbers,
                             ExportFormat format) {
    std::set<LinkType> linkTypes;
    for (const std::uint64_t n : numbers) {
        const LinkType type = original.frames[n - 1].linkType;
        if (type >= linktype::PrivateBase)
            return "frame " + std::to_string(n) + " has no LINKTYPE number";
        linkTypes.insert(type);
    }
    if (format == ExportFormat::Pcap && linkTypes.size() > 1) return "several link types";
    return "";
}

// One capture as our reader reads it, and the frames `caplens filter` selects from it.
struct Selection {
    std::string capture;
    std::string filter;
    const ReadBack* original;
    std::vector<std::uint64_t> numbers;
    Run how;
};

// Exports the selection's capture through its filter; checks the output against the frames
// selected. Returns the output's path when an output was written.
std::optional<fs::path> exportAndCompare(const ScratchDir& scratch, const Selection& selection,
                                         const std::string& formatName) {
    const fs::path input = golden::publicDir() / selection.capture;
    const fs::path output = scratch.file("out");
    fs::remove(output);
    const int exitCode = runExport(input, output, selection.filter, formatName, selection.how);
    const std::string what =
        selection.capture + " -Y '" + selection.filter + "' -F '" + formatName + "'";
    const ReadBack& original = *selection.original;
    const std::vector<std::uint64_t>& numbers = selection.numbers;
    if (original.frames.empty() && original.error) {
        EXPECT_EQ(exitCode, 1) << what << ": unreadable input";
        EXPECT_FALSE(fs::exists(output)) << what << ": no output for an unreadable input";
        return std::nullopt;
    }
    const ExportFormat format =
        formatName.empty() ? defaultExportFormat(original.format) : *parseExportFormat(formatName);
    if (exitCode == 2) {
        EXPECT_NE(unwritableReason(original, numbers, format), "")
            << what << ": refused writable frames";
        EXPECT_FALSE(fs::exists(output)) << what << ": a refused export leaves no output";
        return std::nullopt;
    }
    EXPECT_EQ(exitCode, original.error ? 1 : 0) << what;
    EXPECT_EQ(unwritableReason(original, numbers, format), "")
        << what << ": should have been refused";
    const ReadBack exported = readFrames(output);
    EXPECT_FALSE(exported.error) << what << ": " << exported.error.message;
    const CaptureFormat expectedFormat = format == ExportFormat::Pcapng ? CaptureFormat::Pcapng
                                         : original.timestampDigits > 6 ? CaptureFormat::PcapNsec
                                                                        : CaptureFormat::Pcap;
    EXPECT_EQ(exported.format, expectedFormat) << what;
    EXPECT_EQ(exported.frames.size(), numbers.size()) << what;
    for (std::size_t i = 0; i < std::min(exported.frames.size(), numbers.size()); ++i) {
        const test::ScannedFrame& want = original.frames[numbers[i] - 1];
        const test::ScannedFrame& got = exported.frames[i];
        const std::string where = what + " frame " + std::to_string(numbers[i]);
        EXPECT_EQ(got.timestampNs, want.timestampNs == kNoTimestamp ? 0 : want.timestampNs)
            << where;
        EXPECT_EQ(got.capturedLength, want.capturedLength) << where;
        EXPECT_EQ(got.originalLength, want.originalLength) << where;
        EXPECT_EQ(got.pseudoHeaderLength, want.pseudoHeaderLength) << where;
        EXPECT_EQ(got.linkType, want.linkType) << where;
        EXPECT_TRUE(got.data == want.data) << where << ": bytes differ";
        if (testing::Test::HasFailure()) break;  // one frame's story is enough
    }
    return output;
}

// Reads each capture once and hands each (capture, filter) selection to `check`.
template <typename Check>
void forEachSelection(const std::vector<std::string>& captures, Run how, Check check) {
    for (const std::string& capture : captures) {
        const fs::path input = golden::publicDir() / capture;
        const ReadBack original = readFrames(input);
        for (const std::string& filter : kFilters) {
            check(Selection{capture, filter, &original, selectedFrames(input, filter, how), how});
            if (testing::Test::HasFailure()) return;
        }
    }
}

TEST(ExportGolden, OutputHoldsExactlyTheFilteredFrames) {
    if (!golden::corpusAvailable())
        GTEST_SKIP() << "capture corpus not found at " << golden::publicDir();
    ScratchDir scratch;
    std::size_t exports = 0;
    std::size_t refused = 0;
    forEachSelection(corpusCaptures(), Run::InProcess, [&](const Selection& selection) {
        for (const std::string format : {"", "pcapng"}) {
            (exportAndCompare(scratch, selection, format) ? exports : refused) += 1;
            if (HasFailure()) return;
        }
    });
    std::printf(
        "%zu exports read back identical to the frames caplens filter selects; %zu refused or "
        "unreadable\n",
        exports, refused);
    EXPECT_GT(exports, 200u);
}

TEST(ExportGolden, TsharkReadsTheExports) {
    if (!golden::corpusAvailable())
        GTEST_SKIP() << "capture corpus not found at " << golden::publicDir();
    if (!golden::toolAvailable("tshark"))
        GTEST_SKIP() << "tshark is not on PATH: exports not checked against it";
    ScratchDir scratch;
    forEachSelection(kTsharkCaptures, Run::Process, [&](const Selection& selection) {
        for (const std::string format : {"", "pcapng"}) {
            const auto output = exportAndCompare(scratch, selection, format);
            const std::string what =
                selection.capture + " -Y '" + selection.filter + "' -F '" + format + "'";
            if (!output) continue;
            const auto frames = readFrames(*output).frames.size();
            const std::string tshark =
                "tshark -n -r " + shellQuote(output->string()) + " -T fields -e frame.number";
            const golden::CommandRun listed = golden::runCommand(tshark);
            // tshark exits 2 when it finds the file damaged.
            EXPECT_EQ(listed.exitCode, 0) << what << ": tshark reports an error";
            EXPECT_EQ(
                static_cast<std::size_t>(std::count(listed.out.begin(), listed.out.end(), '\n')),
                frames)
                << what;
        }
    });
}

// ---- the CLI contract ----

TEST(ExportCli, BadCommandLinesExitTwoWithOneMessage) {
    const fs::path capture = golden::publicDir() / "wswiki__http.cap";
    if (!fs::exists(capture)) GTEST_SKIP() << "corpus missing: " << capture;
    ScratchDir scratch;
    const std::string in = shellQuote(capture.string());
    const std::string out = shellQuote(scratch.file("x.pcap").string());

    auto run = runCli("export " + in + " -w " + out + " -Y 'tcp.port =='", true);
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_EQ(run.out.rfind("caplens: filter error at column ", 0), 0u) << run.out;
    EXPECT_FALSE(fs::exists(scratch.file("x.pcap")));

    run = runCli("export " + in, true);
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.out.find("-w"), std::string::npos) << run.out;

    run = runCli("export " + in + " -w " + out + " -F erf", true);
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.out.find("pcap or pcapng"), std::string::npos) << run.out;

    run = runCli("export " + in + " -w /nonexistent-dir/x.pcap", true);
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.out.find("cannot write /nonexistent-dir/x.pcap"), std::string::npos) << run.out;

    run = runCli("export " + in + " -w " + in, true);
    EXPECT_EQ(run.exitCode, 2) << "never overwrite the capture being read";
    EXPECT_NE(run.out.find("the capture being read"), std::string::npos) << run.out;
}

TEST(ExportCli, PcapRefusesSeveralLinkTypesAndLeavesNoFile) {
    const fs::path capture = golden::publicDir() / "wswiki__many_interfaces.pcapng";
    if (!fs::exists(capture)) GTEST_SKIP() << "corpus missing: " << capture;
    ScratchDir scratch;
    const fs::path out = scratch.file("x.pcap");
    const auto run = runCli(
        "export " + shellQuote(capture.string()) + " -F pcap -w " + shellQuote(out.string()), true);
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.out.find("export as pcapng"), std::string::npos) << run.out;
    EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 1) << "one message: " << run.out;
    EXPECT_FALSE(fs::exists(out));
    // Frames of one link type go to pcap fine.
    const auto ethernet = runCli("export " + shellQuote(capture.string()) + " -F pcap -Y eth -w " +
                                 shellQuote(out.string()));
    EXPECT_EQ(ethernet.exitCode, 0);
    EXPECT_EQ(readFrames(out).format, CaptureFormat::Pcap);
}

TEST(ExportCli, DamagedInputExitsOneAndKeepsTheFramesBeforeTheDamage) {
    const fs::path capture = golden::publicDir() / "broken__trunc100000_ndpi__bittorrent.pcap";
    if (!fs::exists(capture)) GTEST_SKIP() << "corpus missing: " << capture;
    ScratchDir scratch;
    const fs::path out = scratch.file("x.pcap");
    const auto run =
        runCli("export " + shellQuote(capture.string()) + " -w " + shellQuote(out.string()), true);
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.out.find("cut short"), std::string::npos) << run.out;
    EXPECT_EQ(readFrames(out).frames.size(), readFrames(capture).frames.size());
}

}  // namespace
}  // namespace caplens
