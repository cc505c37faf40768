// info_golden_test.cpp — `caplens info` against capinfos 4.0.17 over the shared corpus.
//
// Every capture in captures/public with a reference/<file>/capinfos.csv is read through the
// CLI's own code (cli::readCapture) and compared with capinfos: packets, data size, first and
// last time, time precision, encapsulation (per packet when capinfos says "per-packet") and the
// number of interfaces where capinfos prints one. Files tshark could not read must fail for us
// too; files cut short must fail after at least the packets capinfos read, with the same
// figures for those. The test prints a summary and every disagreement, and fails on any.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/capture_pass.hpp"
#include "core/analysis/capture_properties.hpp"
#include "core/capture/capture_info.hpp"
#include "tests/golden/corpus.hpp"

namespace caplens {
namespace {

using golden::publicDir;
using golden::referenceDir;

// Formats tshark reads and caplens only recognises: they must be refused by name.
const std::set<std::string> kRecognisedOnly{
    "wswiki__Ethernet_Pause_Frame.cap",  // Network General Sniffer (DOS)
    "wswiki__tcpshake.cap",              // NetXRay / Windows Sniffer 2.0
    "wswiki__iseries.cap",               // IBM iSeries trace export (UTF-16)
};

// Files tshark refused for a reason that is not the file's fault for caplens: caplens must
// read them cleanly. tcpdump__dsa.pcap declares LINKTYPE_DSA_TAG_BRCM_PREPEND (284), which
// tshark 4.0 does not know ("pcap: network type 284 unknown or unsupported"); caplens passes
// link types through, so it reads the file's frames.
const std::set<std::string> kReadableDespiteTshark{"tcpdump__dsa.pcap"};

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks.
std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            rows.back().push_back(std::move(field));
            field.clear();
            rows.emplace_back();
        } else if (c != '\r') {
            field += c;
        }
    }
    if (!field.empty() || !rows.back().empty()) rows.back().push_back(std::move(field));
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

// What tshark's tools said about one capture.
struct Reference {
    std::map<std::string, std::string> values;  // capinfos.csv column -> value; empty: no values
    std::string text;                           // capinfos.txt
    int capinfosExit = 0;
    std::optional<std::uint64_t> packetsBeforeError;  // "An error occurred after reading N packets"
};

Reference loadReference(const std::string& capture) {
    Reference ref;
    const auto rows = parseCsv(readFile(referenceDir(capture) / "capinfos.csv"));
    if (rows.size() >= 2) {
        for (std::size_t i = 0; i < rows[0].size() && i < rows[1].size(); ++i) ref.values[rows[0][i]] = rows[1][i];
    }
    ref.text = readFile(referenceDir(capture) / "capinfos.txt");
    const auto errorPath = referenceDir(capture) / "tshark_error.txt";
    if (std::filesystem::exists(errorPath)) {
        const std::string errors = readFile(errorPath);
        std::smatch m;
        if (std::regex_search(errors, m, std::regex(R"(capinfos -M -T -m: rc=(\d+))"))) ref.capinfosExit = std::stoi(m[1]);
        if (std::regex_search(errors, m, std::regex(R"(An error occurred after reading (\d+) packets)"))) {
            ref.packetsBeforeError = std::stoull(m[1]);
        }
    }
    return ref;
}

// Collects capinfos' figures over all frames and, separately, over the first `limit`.
class GoldenSink final : public FrameSink {
public:
    explicit GoldenSink(std::uint64_t limit) : m_limit(limit) {}
    void onFrame(const CapturedFrame& frame) override {
        if (m_seen++ < m_limit) m_first.onFrame(frame);
    }
    [[nodiscard]] const CaptureProperties& first() const { return m_first.result(); }
    [[nodiscard]] std::uint64_t seen() const { return m_seen; }

private:
    std::uint64_t m_limit;
    std::uint64_t m_seen = 0;
    CapturePropertiesCollector m_first;
};

std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

// capinfos' "File time precision" as decimal digits, or nullopt ("per-packet", "UNKNOWN").
std::optional<int> precisionDigits(const std::string& precision) {
    static const std::map<std::string, int> kDigits{
        {"seconds", 0}, {"deciseconds", 1}, {"centiseconds", 2}, {"milliseconds", 3},
        {"microseconds", 6}, {"nanoseconds", 9}};
    const auto it = kDigits.find(precision);
    return it == kDigits.end() ? std::nullopt : std::optional<int>(it->second);
}

// "2016-08-25 13:19:01.810812700" (UTC) as integer ns. capinfos prints the fraction field with
// the file's precision as width, but an out-of-range fraction prints wider ("10.1000000" is
// 10 s + 1000000 µs), so the fraction is scaled by the precision, not by its own length.
std::optional<std::int64_t> parseUtc(const std::string& text, std::optional<int> digits) {
    std::smatch m;
    if (!std::regex_match(text, m, std::regex(R"((\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)(?:\.(\d+))?)"))) return std::nullopt;
    const auto days = daysFromCivil(std::stoll(m[1]), std::stoul(m[2]), std::stoul(m[3]));
    std::int64_t ns = (days * 86400 + std::stoll(m[4]) * 3600 + std::stoll(m[5]) * 60 + std::stoll(m[6])) * 1'000'000'000;
    if (m[7].matched) {
        const std::string fraction = m[7];
        const int scale = 9 - digits.value_or(static_cast<int>(fraction.size()));
        std::int64_t value = std::stoll(fraction);
        for (int i = 0; i < scale; ++i) value *= 10;
        ns += value;
    }
    return ns;
}

// "Encapsulation in use by packets (# of pkts):" lines of capinfos.txt, sorted.
std::vector<std::string> capinfosEncapsulations(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    bool inList = false;
    while (std::getline(in, line)) {
        if (line.rfind("Encapsulation in use by packets", 0) == 0) {
            inList = true;
        } else if (inList && line.rfind("                     ", 0) == 0) {
            out.push_back(line.substr(21));
        } else {
            inList = false;
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> ourEncapsulations(const CaptureProperties& p) {
    std::vector<std::string> out;
    for (const auto& e : p.encapsulations) {
        out.push_back(std::string(linkTypeNames(e.linkType).longName) + " (" + std::to_string(e.frames) + ")");
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return "[" + out + "]";
}

std::string formatNs(const std::optional<std::int64_t>& ns) { return ns ? std::to_string(*ns) : "none"; }

// Compares one capture; returns its disagreements.
class Comparison {
public:
    Comparison(std::string capture, const Reference& ref, const cli::CapturePass& pass, const GoldenSink& sink)
        : m_capture(std::move(capture)), m_ref(ref), m_pass(pass), m_sink(sink) {}

    std::vector<std::string> run() {
        if (kRecognisedOnly.count(m_capture)) {
            checkRecognisedOnly();
        } else if (m_ref.values.empty()) {
            checkUnreadable();
        } else {
            checkFigures();
        }
        return m_problems;
    }

private:
    void problem(const std::string& what) { m_problems.push_back(m_capture + ": " + what); }

    const CaptureError& error() const { return m_pass.info.error; }

    void checkRecognisedOnly() {
        if (error().code != CaptureErrorCode::UnsupportedFormat || error().message.find("looks like") == std::string::npos) {
            problem("expected an unsupported-format error that names the format, got '" + error().message + "'");
        }
    }

    void checkUnreadable() {
        if (kReadableDespiteTshark.count(m_capture)) {
            if (error()) problem("tshark refused it, but caplens should read it; got '" + error().message + "'");
            if (m_sink.seen() == 0) problem("caplens should read its frames, read none");
            return;
        }
        if (!error()) problem("tshark could not read it, caplens read it without error");
    }

    void checkFigures() {
        const auto expected = m_ref.packetsBeforeError;
        if (expected) {
            if (!error()) problem("capinfos stopped with an error, caplens reported none");
            if (m_sink.seen() < *expected) {
                problem("capinfos read " + std::to_string(*expected) + " packets before the error, caplens " +
                        std::to_string(m_sink.seen()));
            }
        } else if (m_ref.capinfosExit == 0 && error()) {
            problem("unexpected error '" + error().message + "'");
        }
        const CaptureProperties& p = m_sink.first();
        compare("packets", m_ref.values.at("Number of packets"), std::to_string(p.frames));
        compare("data size", m_ref.values.at("Data size (bytes)"), std::to_string(p.bytes));
        checkTimes(p);
        checkEncapsulation(p);
        checkInterfaces();
    }

    void compare(const std::string& field, const std::string& theirs, const std::string& ours) {
        if (theirs != ours) problem(field + ": capinfos " + theirs + ", caplens " + ours);
    }

    void checkTimes(const CaptureProperties& p) {
        const std::string precision = m_ref.values.at("File time precision");
        const auto digits = precisionDigits(precision);
        if (digits) compare("time precision digits", std::to_string(*digits), std::to_string(m_pass.info.metadata.timestampDigits));
        const std::string start = m_ref.values.at("Start time");
        const std::string end = m_ref.values.at("End time");
        if (start == "n/a" || end == "n/a") {
            // capinfos shows no times when a packet has none (or there is no packet).
            if (p.everyFrameHasTimestamp()) problem("capinfos shows no times, but every caplens frame has one");
            return;
        }
        if (!p.everyFrameHasTimestamp()) problem("capinfos shows times, but some caplens frame has none");
        compare("start ns", formatNs(parseUtc(start, digits)) + " (" + start + ")", formatNs(p.start) + " (" + start + ")");
        compare("end ns", formatNs(parseUtc(end, digits)) + " (" + end + ")", formatNs(p.end) + " (" + end + ")");
    }

    void checkEncapsulation(const CaptureProperties& p) {
        CaptureInfo info = m_pass.info;
        info.properties = p;
        const std::string theirs = m_ref.values.at("File encapsulation");
        compare("file encapsulation", theirs, fileEncapsulationName(info));
        if (theirs == "per-packet") {
            compare("encapsulations in use", joined(capinfosEncapsulations(m_ref.text)), joined(ourEncapsulations(p)));
        }
    }

    void checkInterfaces() {
        std::smatch m;
        if (!std::regex_search(m_ref.text, m, std::regex(R"(Number of interfaces in file: (\d+))"))) return;
        compare("interfaces", m[1], std::to_string(m_pass.info.metadata.interfaces.size()));
    }

    std::string m_capture;
    const Reference& m_ref;
    const cli::CapturePass& m_pass;
    const GoldenSink& m_sink;
    std::vector<std::string> m_problems;
};

TEST(InfoGolden, EveryCorpusCaptureAgreesWithCapinfos) {
    if (!golden::corpusAvailable()) {
        std::cout << "capture corpus missing at " << publicDir() << ": golden info test skipped\n";
        GTEST_SKIP() << "capture corpus missing at " << publicDir();
    }
    const auto captures = golden::capturesWith("capinfos.csv");
    std::vector<std::string> problems;
    std::size_t agreed = 0;
    for (const auto& capture : captures) {
        const Reference ref = loadReference(capture);
        GoldenSink sink(ref.packetsBeforeError.value_or(UINT64_MAX));
        const cli::CapturePass pass = cli::readCapture((publicDir() / capture).string(), sink);
        const auto found = Comparison(capture, ref, pass, sink).run();
        if (found.empty()) ++agreed;
        problems.insert(problems.end(), found.begin(), found.end());
    }
    std::cout << "info golden: " << captures.size() << " files compared, " << agreed << " agreed\n";
    for (const auto& problem : problems) std::cout << "  " << problem << "\n";
    EXPECT_FALSE(captures.empty());
    EXPECT_EQ(agreed, captures.size()) << problems.size() << " disagreements (listed above)";
}

TEST(InfoGolden, CsvParserKeepsQuotedLineBreaks) {
    const auto rows = parseCsv("a,b,c\n1,\"x, \"\"y\"\"\nz\",3\n");
    ASSERT_EQ(rows.size(), 2u);
    ASSERT_EQ(rows[1].size(), 3u);
    EXPECT_EQ(rows[1][1], "x, \"y\"\nz");
}

TEST(InfoGolden, TimesScaleTheFractionByThePrecision) {
    EXPECT_EQ(parseUtc("2014-12-09 17:16:10.1000000", 6), std::optional<std::int64_t>(1418145371'000000000LL));
    EXPECT_EQ(parseUtc("1970-01-01 00:00:01.5", 9), std::optional<std::int64_t>(1'000000005LL));
    EXPECT_EQ(parseUtc("2017-07-14 02:40:00", 0), std::optional<std::int64_t>(1500000000'000000000LL));
}

}  // namespace
}  // namespace caplens
