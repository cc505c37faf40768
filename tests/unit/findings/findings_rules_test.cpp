// The findings rules as declared: every filter compiles against the registry, ids are unique,
// dotted and of a known kind, every rule explains itself and says what to do; the JSON and
// text surfaces; the analyzer on a capture without frames.
#include <gtest/gtest.h>

#include <set>

#include "core/findings/findings_analyzer.hpp"

namespace caplens::findings {
namespace {

TEST(FindingsRules, EveryFilterCompiles) {
    FindingsAnalyzer analyzer;
    EXPECT_TRUE(analyzer.invalidRules().empty()) << analyzer.invalidRules().front();
    EXPECT_FALSE(analyzer.mask().empty());
}

TEST(FindingsRules, DeclarationsAreComplete) {
    FindingsAnalyzer analyzer;
    const std::set<std::string> kinds = {"p2p", "cleartext", "exposed", "scan", "health", "dns", "icmp", "capture"};
    std::set<std::string> seen;
    std::set<std::string> kindsSeen;
    for (const RuleInfo& info : analyzer.rules()) {
        const std::string id(info.id);
        EXPECT_TRUE(seen.insert(id).second) << "duplicate id " << id;
        const auto dot = id.find('.');
        ASSERT_NE(dot, std::string::npos) << id;
        EXPECT_TRUE(kinds.count(id.substr(0, dot))) << id;
        kindsSeen.insert(id.substr(0, dot));
        for (char c : id) EXPECT_TRUE(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '_') << id;
        EXPECT_FALSE(info.title.empty()) << id;
        EXPECT_GT(info.explanation.size(), 40u) << id;
        EXPECT_FALSE(info.advice.empty()) << id;
    }
    EXPECT_EQ(kindsSeen, kinds);
    for (const char* id : {"p2p.bittorrent", "cleartext.http_basic", "cleartext.ftp", "cleartext.telnet", "cleartext.pop",
                           "cleartext.imap", "cleartext.smtp", "cleartext.snmp", "exposed.rdp", "exposed.ssh",
                           "exposed.smb", "exposed.portmap", "exposed.winrm", "exposed.vnc", "scan.ports",
                           "health.unanswered_syn", "health.resets", "health.retransmissions", "health.slow_handshake",
                           "health.zero_window", "dns.failures", "dns.unanswered", "icmp.unreachable",
                           "capture.truncated", "capture.lost_segments", "capture.time_gap",
                           "capture.out_of_order_timestamps"}) {
        EXPECT_TRUE(seen.count(id)) << id;
    }
}

TEST(FindingsRules, NoFramesNoFindings) {
    FindingsAnalyzer analyzer;
    analyzer.finish();
    EXPECT_TRUE(analyzer.findings().empty());
    EXPECT_EQ(analyzer.json(), "{\"findings\":[]}");
    EXPECT_NE(analyzer.text().find("No findings"), std::string::npos);
}

TEST(FindingsOutput, JsonHasExactlyTheContractKeys) {
    Finding f;
    f.id = "p2p.bittorrent";
    f.severity = Severity::Warning;
    f.title = "BitTorrent";
    f.explanation = "Peers \"share\".";
    f.count = 12;
    f.endpoints = {"10.0.0.4", "198.51.100.7"};
    f.filter = "bittorrent || bt-dht";
    EXPECT_EQ(findingsJson({f}),
              "{\"findings\":[{\"id\":\"p2p.bittorrent\",\"severity\":\"warning\",\"title\":\"BitTorrent\","
              "\"explanation\":\"Peers \\\"share\\\".\",\"count\":12,\"endpoints\":[\"10.0.0.4\",\"198.51.100.7\"],"
              "\"filter\":\"bittorrent || bt-dht\"}]}");
    const std::string text = findingsText({f});
    EXPECT_NE(text.find("warning"), std::string::npos);
    EXPECT_NE(text.find("filter: bittorrent || bt-dht"), std::string::npos);
}

TEST(FindingsOutput, SortedBySeverityThenCount) {
    std::vector<Finding> all(3);
    all[0].id = "a.info";
    all[0].severity = Severity::Info;
    all[0].count = 100;
    all[1].id = "b.warning";
    all[1].severity = Severity::Warning;
    all[1].count = 1;
    all[2].id = "c.warning";
    all[2].severity = Severity::Warning;
    all[2].count = 5;
    sortFindings(all);
    EXPECT_EQ(all[0].id, "c.warning");
    EXPECT_EQ(all[1].id, "b.warning");
    EXPECT_EQ(all[2].id, "a.info");
    EXPECT_EQ(severityName(Severity::Note), "note");
    EXPECT_EQ(severityName(Severity::Error), "error");
}

}  // namespace
}  // namespace caplens::findings
