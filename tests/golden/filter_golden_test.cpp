// Display filters against tshark 4.0 over the shared corpus.
//
// For every capture with reference/<file>/filters_public.tsv (the expressions of
// filters/public.txt) and filters.tsv, and every expression in it, the frames our filter passes
// are compared with tshark's. Each (expression, capture) pair is decoded on its own, as
// `caplens filter` does: Filter mode with the expression's own field mask. The test prints the
// agreement rate and every disagreement (missing and extra frames), each with its likely cause:
// a field or protocol the registry does not have yet, or else a difference to look into.
// Every expression of filters/invalid.txt must be rejected, by compile() and by the CLI (exit
// 2, "caplens: filter error at column C: ...").
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "cli/capture_pass.hpp"
#include "cli/decoding_sink.hpp"
#include "core/filter/display_filter.hpp"
#include "tests/golden/command_run.hpp"
#include "tests/golden/corpus.hpp"

namespace caplens {
namespace {

// The share of (expression, capture) pairs on which we must agree with tshark today. The goal
// is 1.0; pairs fail while the protocols they name are still being written.
constexpr double kAgreementFloor = 0.80;

std::vector<std::string> readExpressions(const std::filesystem::path& path) {
    std::vector<std::string> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        out.push_back(line);
    }
    return out;
}

std::set<std::uint64_t> parseFrames(const std::string& text) {
    std::set<std::uint64_t> out;
    std::istringstream in(text);
    std::string part;
    while (std::getline(in, part, ',')) {
        if (!part.empty()) out.insert(std::stoull(part));
    }
    return out;
}

std::string listFrames(const std::vector<std::uint64_t>& frames) {
    std::string out;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        if (i == 12) return out + ",... (" + std::to_string(frames.size()) + " frames)";
        out += (i ? "," : "") + std::to_string(frames[i]);
    }
    return out;
}

// Frames passing `filter` in `capture`, decoded the way `caplens filter` does (Fast: Filter mode
// with the filter's mask), or with every field (Tree).
std::set<std::uint64_t> framesPassing(const filter::DisplayFilter& filter, const std::string& capture,
                                      proto::DissectionMode mode = proto::DissectionMode::Fast) {
    std::set<std::uint64_t> out;
    cli::DecodingSink sink(
        mode, false, [&](const CapturedFrame&, proto::Packet& packet) { out.insert(packet.frame().number); }, &filter);
    (void)cli::readCapture((golden::publicDir() / capture).string(), sink);
    return out;
}

// What we know of a capture to explain a disagreement: our frame count and protocol stacks.
struct CaptureFacts {
    std::vector<std::string> stacks;  // per frame, "eth:ip:tcp"
    bool readError = false;
};

CaptureFacts factsOf(const std::string& capture) {
    static std::map<std::string, CaptureFacts> cache;
    if (const auto it = cache.find(capture); it != cache.end()) return it->second;
    CaptureFacts facts;
    cli::DecodingSink sink(proto::DissectionMode::Fast, false, [&](const CapturedFrame&, proto::Packet& packet) {
        facts.stacks.push_back(packet.protocolsText());
    });
    facts.readError = static_cast<bool>(cli::readCapture((golden::publicDir() / capture).string(), sink).info.error);
    return cache[capture] = facts;
}

// tshark's stack restricted to the protocols we have, and whether ours matches it (a trailing
// "data" of ours stands for protocols we do not have).
bool sameStack(const std::string& theirs, const std::string& ours) {
    std::vector<std::string> restricted, mine;
    bool unknown = false;
    std::istringstream a(theirs), b(ours);
    for (std::string p; std::getline(a, p, ':');) {
        if (p != "frame" && proto::registry().findField(p)) restricted.push_back(p);
        else if (p != "ethertype") unknown = true;
    }
    for (std::string p; std::getline(b, p, ':');) mine.push_back(p);
    if (restricted == mine) return true;
    if (unknown && !mine.empty() && mine.back() == "data") mine.pop_back();
    return restricted == mine;
}

// Why our frames differ from tshark's, when the filter itself compiled.
std::string causeOf(const filter::DisplayFilter& f, const std::string& capture, const std::set<std::uint64_t>& expected,
                    const std::vector<std::uint64_t>& differing) {
    if (framesPassing(f, capture, proto::DissectionMode::Tree) == expected) {
        return "dissector: Filter-mode dissection records fields differently from Tree mode";
    }
    const CaptureFacts facts = factsOf(capture);
    const auto rows = golden::readTsv(golden::referenceDir(capture) / "packets.tsv");
    if (facts.readError || rows.size() != facts.stacks.size()) {
        return "reader: we read " + std::to_string(facts.stacks.size()) + " frames, tshark " + std::to_string(rows.size());
    }
    for (const std::uint64_t n : differing) {
        if (n == 0 || n > rows.size()) continue;
        const std::string& theirs = rows[n - 1].at("frame.protocols");
        if (!sameStack(theirs, facts.stacks[n - 1])) {
            return "dissection: frame " + std::to_string(n) + " is " + facts.stacks[n - 1] + ", tshark " + theirs;
        }
    }
    return "field values differ (look into it)";
}

// Dotted words of an expression that name no field or protocol of ours: the likely cause of a
// disagreement (tshark knows the field, we do not dissect it yet).
std::vector<std::string> unknownNames(const std::string& expression) {
    std::vector<std::string> out;
    std::string word;
    const auto flush = [&] {
        const bool nameLike = !word.empty() && std::isalpha(static_cast<unsigned char>(word[0])) &&
                              word.find(':') == std::string::npos;
        static const std::set<std::string> keywords = {"and", "or", "not", "in", "contains", "matches", "eq", "ne",
                                                       "gt", "ge", "lt", "le", "xor", "any", "all"};
        if (nameLike && !keywords.count(word) && !proto::registry().findField(word)) out.push_back(word);
        word.clear();
    };
    bool quoted = false;
    for (const char c : expression) {
        if (c == '"') quoted = !quoted;
        if (!quoted && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == ':')) {
            word.push_back(c);
        } else {
            flush();
        }
    }
    flush();
    return out;
}

struct Disagreement {
    std::string expression, capture;
    std::vector<std::uint64_t> missing, extra;
    std::string compileError;
    std::vector<std::string> unknown;
    std::string cause;  // compiled, all names known: why the frames differ
};

TEST(FilterGolden, FrameSetsMatchTshark) {
    if (!golden::corpusAvailable()) GTEST_SKIP() << "capture corpus not found at " << golden::publicDir();
    std::uint64_t pairs = 0, agreed = 0;
    std::vector<Disagreement> disagreements;
    for (const std::string reference : {"filters_public.tsv", "filters.tsv"}) {
        for (const auto& capture : golden::capturesWith(reference)) {
            for (const auto& row : golden::readTsv(golden::referenceDir(capture) / reference)) {
                const std::string& expression = row.at("filter");
                const std::set<std::uint64_t> expected = parseFrames(row.at("frames"));
                ++pairs;
                Disagreement d{expression, capture + " (" + reference + ")"};
                d.unknown = unknownNames(expression);
                const filter::CompileResult compiled = filter::compile(expression);
                std::set<std::uint64_t> ours;
                if (compiled) {
                    ours = framesPassing(*compiled.filter, capture);
                } else {
                    d.compileError = compiled.error.message;
                }
                if (compiled && ours == expected) {
                    ++agreed;
                    continue;
                }
                std::set_difference(expected.begin(), expected.end(), ours.begin(), ours.end(), std::back_inserter(d.missing));
                std::set_difference(ours.begin(), ours.end(), expected.begin(), expected.end(), std::back_inserter(d.extra));
                if (compiled && d.unknown.empty()) {
                    std::vector<std::uint64_t> differing = d.missing;
                    differing.insert(differing.end(), d.extra.begin(), d.extra.end());
                    std::sort(differing.begin(), differing.end());
                    d.cause = causeOf(*compiled.filter, capture, expected, differing);
                }
                disagreements.push_back(std::move(d));
            }
        }
    }
    std::map<std::string, std::uint64_t> byUnknown, byKind;
    std::uint64_t engineSide = 0;
    for (const auto& d : disagreements) {
        std::string cause;
        if (!d.unknown.empty()) {
            for (const auto& name : d.unknown) cause += (cause.empty() ? "" : ", ") + name;
            ++byUnknown[cause];
            ++byKind["registry: a field or protocol we lack"];
            cause = "not in the registry: " + cause;
        } else if (!d.compileError.empty()) {
            cause = "does not compile: " + d.compileError;
            ++byKind["filter engine: does not compile"];
            ++engineSide;
        } else {
            cause = d.cause;
            const std::string kind = cause.substr(0, cause.find(':'));
            ++byKind[kind];
            if (kind.rfind("field values", 0) == 0) ++engineSide;
        }
        std::printf("  [%s] %s: missing {%s} extra {%s} -- %s\n", d.expression.c_str(), d.capture.c_str(),
                    listFrames(d.missing).c_str(), listFrames(d.extra).c_str(), cause.c_str());
    }
    for (const auto& [names, count] : byUnknown) {
        std::printf("  %4llu pairs name fields we lack: %s\n", static_cast<unsigned long long>(count), names.c_str());
    }
    for (const auto& [kind, count] : byKind) {
        std::printf("  %4llu disagreements: %s\n", static_cast<unsigned long long>(count), kind.c_str());
    }
    const double rate = pairs ? static_cast<double>(agreed) / static_cast<double>(pairs) : 0;
    std::printf("display filters: %llu of %llu (expression, capture) pairs agree with tshark (%.2f%%); "
                "%llu disagreements left unexplained (reader, dissection and registry explained the rest)\n",
                static_cast<unsigned long long>(agreed), static_cast<unsigned long long>(pairs), rate * 100,
                static_cast<unsigned long long>(engineSide));
    EXPECT_GE(rate, kAgreementFloor);
}

TEST(FilterGolden, InvalidExpressionsAreRejected) {
    const auto path = golden::sharedDir() / "filters" / "invalid.txt";
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
    for (const auto& expression : readExpressions(path)) {
        const filter::CompileResult compiled = filter::compile(expression);
        EXPECT_FALSE(compiled) << expression;
        if (compiled) continue;
        EXPECT_GE(compiled.error.column, 1u) << expression;
        EXPECT_GE(compiled.error.endColumn, compiled.error.column) << expression;
        EXPECT_LE(compiled.error.column, expression.size() + 1) << expression;
        EXPECT_FALSE(compiled.error.message.empty()) << expression;
        std::printf("  %-30s column %u-%u: %s\n", expression.c_str(), compiled.error.column, compiled.error.endColumn,
                    compiled.error.message.c_str());
    }
}

// ---- the CLI contract ----

using golden::runCli;
using golden::shellQuote;

TEST(FilterCli, InvalidExpressionsExitTwoWithColumn) {
    const auto path = golden::sharedDir() / "filters" / "invalid.txt";
    const auto capture = golden::publicDir() / "wswiki__http.cap";
    if (!std::filesystem::exists(path) || !std::filesystem::exists(capture)) GTEST_SKIP() << "corpus missing";
    for (const auto& expression : readExpressions(path)) {
        const golden::CommandRun run = runCli("filter " + shellQuote(capture.string()) + " -Y " + shellQuote(expression), true);
        EXPECT_EQ(run.exitCode, 2) << expression;
        EXPECT_EQ(run.out.rfind("caplens: filter error at column ", 0), 0u) << expression << ": " << run.out;
    }
}

TEST(FilterCli, PrintsFrameNumbersAndCount) {
    const auto capture = golden::publicDir() / "wswiki__http.cap";
    if (!std::filesystem::exists(capture)) GTEST_SKIP() << "corpus missing";
    const golden::CommandRun list = runCli("filter " + shellQuote(capture.string()) + " -Y 'frame.number <= 3'");
    EXPECT_EQ(list.exitCode, 0);
    EXPECT_EQ(list.out, "1\n2\n3\n");
    const golden::CommandRun count = runCli("filter " + shellQuote(capture.string()) + " -Y 'frame.number <= 3' --count");
    EXPECT_EQ(count.exitCode, 0);
    EXPECT_EQ(count.out, "3\n");
    const golden::CommandRun phs = runCli("phs " + shellQuote(capture.string()) + " -Y 'frame.number <= 3'");
    EXPECT_EQ(phs.exitCode, 0);
    EXPECT_NE(phs.out.find("Filter: frame.number <= 3\n"), std::string::npos) << phs.out;
    EXPECT_NE(phs.out.find("frames:3 "), std::string::npos) << phs.out;
    EXPECT_EQ(runCli("filter " + shellQuote(capture.string())).exitCode, 2);
}

}  // namespace
}  // namespace caplens
