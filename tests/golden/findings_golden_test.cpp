// Findings over the shared corpus.
//
// For every capture: run the findings analyzer (the pass `caplens findings` makes), then, for
// every finding, count the frames its filter selects the way `caplens filter -Y F --count` does
// (a separate pass in Filter mode with that filter's own fields): the two must be equal, always.
// Where tshark is installed, the same filter is also given to `tshark -Y`, and the share of
// findings whose count tshark reproduces must stay at or above kTsharkFloor (tshark is the
// oracle for what the filter means; differences come from dissection gaps, not findings).
// Then per-rule positive and negative cases on named captures: the capture's content is
// known (file names and tshark's reference outputs say what is in them), the rule's verdict
// is asserted, never a hard-coded count.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

#include "cli/capture_pass.hpp"
#include "cli/decoding_sink.hpp"
#include "core/findings/findings_analyzer.hpp"
#include "tests/golden/command_run.hpp"
#include "tests/golden/corpus.hpp"

namespace caplens {
namespace {

constexpr double kTsharkFloor = 0.90;

class AnalyzerSink final : public FrameSink {
public:
    explicit AnalyzerSink(findings::FindingsAnalyzer& analyzer) : m_analyzer(analyzer) {}
    void onFrame(const CapturedFrame& frame) override {
        const proto::Packet& packet =
            m_decoder.decode(frame, proto::DissectionMode::Filter, &m_analyzer.mask(), false);
        m_analyzer.onFrame(frame, packet);
    }

private:
    findings::FindingsAnalyzer& m_analyzer;
    proto::FrameDecoder m_decoder;
};

std::vector<findings::Finding> findingsOf(const std::string& capture) {
    findings::FindingsAnalyzer analyzer;
    AnalyzerSink sink(analyzer);
    (void)cli::readCapture((golden::publicDir() / capture).string(), sink);
    analyzer.finish();
    return analyzer.findings();
}

// `caplens filter FILE -Y filter --count`.
std::uint64_t caplensCount(const std::string& capture, const std::string& text) {
    auto compiled = filter::compile(text);
    if (!compiled) return ~std::uint64_t{0};
    cli::DecodingSink sink(proto::DissectionMode::Fast, false, [](const CapturedFrame&, proto::Packet&) {},
                           compiled.filter.get());
    (void)cli::readCapture((golden::publicDir() / capture).string(), sink);
    return sink.framesPassed();
}

using golden::shellQuote;

std::optional<std::uint64_t> tsharkCount(const std::string& capture, const std::string& text) {
    const std::string command = "tshark -n -r " + shellQuote((golden::publicDir() / capture).string()) + " -Y " +
                                shellQuote(text) + " -T fields -e frame.number";
    const golden::CommandRun run = golden::runCommand(command);
    if (run.exitCode < 0) return std::nullopt;
    std::uint64_t lines = 0;
    for (std::size_t at = 0; at < run.out.size();) {
        const std::size_t end = std::min(run.out.find('\n', at), run.out.size());
        if (end > at) ++lines;
        at = end + 1;
    }
    return lines;
}

std::vector<std::string> corpusCaptures() {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(golden::publicDir())) {
        const std::string file = entry.path().filename().string();
        if (file != "MANIFEST.tsv") out.push_back(file);
    }
    std::sort(out.begin(), out.end());
    return out;
}

const findings::Finding* find(const std::vector<findings::Finding>& all, const std::string& id) {
    for (const auto& f : all) {
        if (f.id == id) return &f;
    }
    return nullptr;
}

std::string ids(const std::vector<findings::Finding>& all) {
    std::string out;
    for (const auto& f : all) out += (out.empty() ? "" : ", ") + f.id + "(" + std::string(findings::severityName(f.severity)) + ")";
    return out.empty() ? "none" : out;
}

TEST(FindingsGolden, EveryFilterSelectsExactlyItsCount) {
    if (!golden::corpusAvailable()) GTEST_SKIP() << "corpus not found at " << golden::publicDir();
    const bool tshark = golden::toolAvailable("tshark");
    std::size_t captures = 0, total = 0, tsharkChecked = 0, tsharkAgree = 0;
    std::map<std::string, std::size_t> perId;
    for (const std::string& capture : corpusCaptures()) {
        ++captures;
        const auto all = findingsOf(capture);
        if (!all.empty()) std::printf("  %-60s %s\n", capture.c_str(), ids(all).c_str());
        for (const auto& f : all) {
            ++total;
            ++perId[f.id];
            EXPECT_GT(f.count, 0u) << capture << " " << f.id;
            EXPECT_FALSE(f.title.empty());
            EXPECT_FALSE(f.explanation.empty());
            ASSERT_TRUE(filter::compile(f.filter)) << capture << " " << f.id << ": " << f.filter;
            EXPECT_EQ(caplensCount(capture, f.filter), f.count) << capture << " " << f.id << ": " << f.filter;
            if (!tshark) continue;
            const auto theirs = tsharkCount(capture, f.filter);
            if (!theirs) continue;
            ++tsharkChecked;
            if (*theirs == f.count) {
                ++tsharkAgree;
            } else {
                std::printf("  tshark differs: %s %s: ours %llu, tshark %llu (%s)\n", capture.c_str(), f.id.c_str(),
                            static_cast<unsigned long long>(f.count), static_cast<unsigned long long>(*theirs),
                            f.filter.c_str());
            }
        }
    }
    std::printf("findings: %zu captures, %zu findings, every filter's count verified with the filter engine\n",
                captures, total);
    for (const auto& [id, n] : perId) std::printf("  %-34s %zu captures\n", id.c_str(), n);
    if (tshark && tsharkChecked > 0) {
        const double rate = static_cast<double>(tsharkAgree) / static_cast<double>(tsharkChecked);
        std::printf("tshark -Y reproduces %zu of %zu counts (%.1f%%)\n", tsharkAgree, tsharkChecked, rate * 100.0);
        EXPECT_GE(rate, kTsharkFloor);
    }
}

// ---- per rule, on captures whose content is known ----

struct Expectation {
    std::string capture;
    std::string id;
    bool present;
};

class FindingsCase : public ::testing::TestWithParam<Expectation> {};

TEST_P(FindingsCase, Verdict) {
    if (!golden::corpusAvailable()) GTEST_SKIP() << "corpus not found";
    const Expectation& e = GetParam();
    if (!std::filesystem::exists(golden::publicDir() / e.capture)) GTEST_SKIP() << e.capture << " not in the corpus";
    const auto all = findingsOf(e.capture);
    const findings::Finding* f = find(all, e.id);
    if (e.present) {
        ASSERT_NE(f, nullptr) << e.capture << " should give " << e.id << "; gives " << ids(all);
        EXPECT_FALSE(f->endpoints.empty()) << e.id;
    } else {
        EXPECT_EQ(f, nullptr) << e.capture << " should not give " << e.id << "; gives " << ids(all);
    }
}

std::string caseName(const ::testing::TestParamInfo<Expectation>& info) {
    std::string name = (info.param.present ? "yes_" : "no_") + info.param.id + "_" + info.param.capture;
    for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(Rules, FindingsCase,
                         ::testing::Values(
                             // p2p
                             Expectation{"ndpi__bittorrent.pcap", "p2p.bittorrent", true},
                             Expectation{"wswiki__BITTORRENT.pcap", "p2p.bittorrent", true},
                             Expectation{"ndpi__gnutella.pcap", "p2p.gnutella", true},
                             Expectation{"wswiki__http.cap", "p2p.bittorrent", false},
                             // cleartext
                             Expectation{"ndpi__ftp.pcap", "cleartext.ftp", true},
                             Expectation{"wswiki__FTPv6-1.cap", "cleartext.ftp", true},
                             Expectation{"wswiki__telnet-raw.pcap", "cleartext.telnet", true},
                             Expectation{"wswiki__Mixed1.cap", "cleartext.pop", true},
                             Expectation{"wswiki__Mixed1.cap", "cleartext.imap", true},
                             Expectation{"wswiki__Mixed1.cap", "cleartext.smtp", false},
                             Expectation{"ndpi__snmp.pcap", "cleartext.snmp", true},
                             Expectation{"wswiki__http.cap", "cleartext.http_basic", false},
                             Expectation{"tcpdump__ssh.pcap", "cleartext.telnet", false},
                             // exposed: public clients reach the service; private or same-subnet ones do not count
                             Expectation{"ndpi__rdp_over_tls.pcap", "exposed.rdp", true},
                             Expectation{"tcpdump__ssh.pcap", "exposed.ssh", true},
                             Expectation{"ndpi__rdp.pcap", "exposed.rdp", false},
                             Expectation{"wswiki__RDP-002.pcap.gz", "exposed.rdp", false},
                             Expectation{"wswiki__smb-on-windows-10.pcapng", "exposed.smb", false},
                             Expectation{"ndpi__nfsv3.pcap", "exposed.portmap", false},
                             // scans
                             Expectation{"ndpi__synscan.pcap", "scan.ports", true},
                             Expectation{"wswiki__3-way-handshake.pcap", "scan.ports", false},
                             Expectation{"ndpi__synscan.pcap", "health.unanswered_syn", false}),
                         caseName);

// Clean captures: plain HTTP and DNS give no warning (nor error).
TEST(FindingsGolden, CleanCapturesGiveNoWarnings) {
    if (!golden::corpusAvailable()) GTEST_SKIP() << "corpus not found";
    for (const std::string capture : {"filesamples__simple_http.pcap", "wswiki__http.cap", "tcpdump__dns_udp.pcap",
                                      "wswiki__v6-http.cap", "wswiki__3-way-handshake.pcap", "tcpdump__dns_tcp.pcap"}) {
        if (!std::filesystem::exists(golden::publicDir() / capture)) continue;
        for (const auto& f : findingsOf(capture)) {
            EXPECT_LT(f.severity, findings::Severity::Warning) << capture << ": " << f.id << " " << f.explanation;
        }
    }
}

}  // namespace
}  // namespace caplens
