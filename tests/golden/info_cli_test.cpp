// info_cli_test.cpp — the built `caplens info` binary: its JSON shape (a contract, see README)
// and its exit codes (0 clean, 1 damaged or unsupported, 2 usage error).
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/golden/command_run.hpp"
#include "tests/golden/corpus.hpp"

namespace caplens {
namespace {

// The JSON values `info --json` prints, parsed just enough to check shape and values.
struct Json {
    enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
    std::string text;  // number literal, string value, or "true"/"false"
    std::vector<Json> items;
    std::vector<std::pair<std::string, Json>> members;

    [[nodiscard]] const Json* member(const std::string& key) const {
        for (const auto& [name, value] : members) {
            if (name == key) return &value;
        }
        return nullptr;
    }
    [[nodiscard]] std::vector<std::string> keys() const {
        std::vector<std::string> out;
        for (const auto& member : members) out.push_back(member.first);
        return out;
    }
};

class JsonParser {
public:
    explicit JsonParser(std::string text) : m_text(std::move(text)) {}

    // The one value in the text (trailing whitespace allowed), or nullopt.
    std::optional<Json> parseDocument() {
        auto value = parseValue();
        skipSpace();
        if (!value || m_at != m_text.size()) return std::nullopt;
        return value;
    }

private:
    void skipSpace() {
        while (m_at < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_at]))) ++m_at;
    }
    bool eat(char c) {
        skipSpace();
        if (m_at < m_text.size() && m_text[m_at] == c) {
            ++m_at;
            return true;
        }
        return false;
    }
    std::optional<std::string> parseString() {
        if (!eat('"')) return std::nullopt;
        std::string out;
        while (m_at < m_text.size() && m_text[m_at] != '"') {
            if (m_text[m_at] == '\\' && m_at + 1 < m_text.size()) ++m_at;  // escapes kept literally
            out += m_text[m_at++];
        }
        if (m_at >= m_text.size()) return std::nullopt;
        ++m_at;
        return out;
    }
    std::optional<Json> parseValue() {
        skipSpace();
        if (m_at >= m_text.size()) return std::nullopt;
        Json value;
        const char c = m_text[m_at];
        if (c == '{') return parseObject();
        if (c == '[') return parseArray();
        if (c == '"') {
            auto text = parseString();
            if (!text) return std::nullopt;
            value.kind = Json::Kind::String;
            value.text = *text;
            return value;
        }
        for (const char* word : {"null", "true", "false"}) {
            const std::string w(word);
            if (m_text.compare(m_at, w.size(), w) == 0) {
                m_at += w.size();
                value.kind = w == "null" ? Json::Kind::Null : Json::Kind::Bool;
                value.text = w;
                return value;
            }
        }
        const std::size_t start = m_at;
        while (m_at < m_text.size() && (std::isdigit(static_cast<unsigned char>(m_text[m_at])) || m_text[m_at] == '-')) ++m_at;
        if (m_at == start) return std::nullopt;
        value.kind = Json::Kind::Number;
        value.text = m_text.substr(start, m_at - start);
        return value;
    }
    std::optional<Json> parseArray() {
        Json value;
        value.kind = Json::Kind::Array;
        eat('[');
        if (eat(']')) return value;
        do {
            auto item = parseValue();
            if (!item) return std::nullopt;
            value.items.push_back(std::move(*item));
        } while (eat(','));
        return eat(']') ? std::optional<Json>(value) : std::nullopt;
    }
    std::optional<Json> parseObject() {
        Json value;
        value.kind = Json::Kind::Object;
        eat('{');
        if (eat('}')) return value;
        do {
            skipSpace();
            auto key = parseString();
            if (!key || !eat(':')) return std::nullopt;
            auto member = parseValue();
            if (!member) return std::nullopt;
            value.members.emplace_back(std::move(*key), std::move(*member));
        } while (eat(','));
        return eat('}') ? std::optional<Json>(value) : std::nullopt;
    }

    std::string m_text;
    std::size_t m_at = 0;
};

using golden::runCli;

std::string corpusFile(const std::string& name) { return "'" + (golden::publicDir() / name).string() + "'"; }

const std::vector<std::string> kInfoKeys{"file", "format", "encapsulations", "frames", "bytes", "captured_bytes",
                                         "start_ns", "end_ns", "truncated_frames", "interfaces", "error"};

// Runs `info FILE --json`, checks the exit code and the exact keys, and returns the object.
Json infoJson(const std::string& capture, int expectedExit) {
    const golden::CommandRun run = runCli("info " + corpusFile(capture) + " --json");
    EXPECT_EQ(run.exitCode, expectedExit) << capture;
    const auto json = JsonParser(run.out).parseDocument();
    EXPECT_TRUE(json.has_value()) << capture << ": not one JSON value: " << run.out;
    if (!json) return {};
    EXPECT_EQ(json->kind, Json::Kind::Object);
    EXPECT_EQ(json->keys(), kInfoKeys) << capture;
    return *json;
}

std::string text(const Json& object, const std::string& key) {
    const Json* value = object.member(key);
    return value == nullptr ? "<missing>" : value->text;
}

#define REQUIRE_CORPUS()                                                               \
    if (!golden::corpusAvailable()) {                                                  \
        std::cout << "capture corpus missing at " << golden::publicDir() << "\n";      \
        GTEST_SKIP() << "capture corpus missing";                                      \
    }

TEST(InfoCli, UsageErrorsExitWithTwo) {
    EXPECT_EQ(runCli("info").exitCode, 2);
    EXPECT_EQ(runCli("info a.pcap b.pcap").exitCode, 2);
    EXPECT_EQ(runCli("info a.pcap --no-such-option").exitCode, 2);
    EXPECT_EQ(runCli("no-such-command x").exitCode, 2);
    EXPECT_EQ(runCli("").exitCode, 2);
}

TEST(InfoCli, MissingFileIsAnErrorWithTheContractShape) {
    const golden::CommandRun run = runCli("info /nonexistent/capture.pcap --json");
    EXPECT_EQ(run.exitCode, 1);
    const auto json = JsonParser(run.out).parseDocument();
    ASSERT_TRUE(json.has_value()) << run.out;
    EXPECT_EQ(json->keys(), kInfoKeys);
}

TEST(InfoCli, CleanPcap) {
    REQUIRE_CORPUS();
    const Json json = infoJson("filesamples__simple_http.pcap", 0);
    EXPECT_EQ(text(json, "file"), "filesamples__simple_http.pcap");
    EXPECT_EQ(text(json, "format"), "pcap");
    EXPECT_EQ(text(json, "frames"), "24");
    EXPECT_EQ(text(json, "bytes"), "3412");
    EXPECT_EQ(text(json, "captured_bytes"), "3412");
    EXPECT_EQ(text(json, "start_ns"), "1732729516680626000");
    EXPECT_EQ(text(json, "end_ns"), "1732729516740928000");
    EXPECT_EQ(text(json, "truncated_frames"), "0");
    EXPECT_EQ(text(json, "interfaces"), "1");
    EXPECT_EQ(json.member("error")->kind, Json::Kind::Null);
    ASSERT_EQ(json.member("encapsulations")->items.size(), 1u);
    EXPECT_EQ(json.member("encapsulations")->items[0].text, "Ethernet");
}

TEST(InfoCli, NetmonWithCommentsCountsNetworkMonitorHeaders) {
    REQUIRE_CORPUS();
    const Json json = infoJson("msod__MS-AUTHSOD_Example2-1_Win2016_X64_Win2016_X64_Domain.cap", 0);
    EXPECT_EQ(text(json, "format"), "netmon2");
    EXPECT_EQ(text(json, "frames"), "15");
    EXPECT_EQ(text(json, "start_ns"), "1470649439059683900");
    std::vector<std::string> encapsulations;
    for (const auto& item : json.member("encapsulations")->items) encapsulations.push_back(item.text);
    EXPECT_EQ(encapsulations, (std::vector<std::string>{"Network Monitor Header", "Ethernet"}));
}

TEST(InfoCli, CutFileExitsWithOneAndSaysWhere) {
    REQUIRE_CORPUS();
    const Json json = infoJson("broken__trunc5000_wswiki__trace.snoop", 1);
    EXPECT_EQ(text(json, "format"), "snoop");
    EXPECT_EQ(text(json, "frames"), "50");
    const Json* error = json.member("error");
    ASSERT_NE(error, nullptr);
    ASSERT_EQ(error->kind, Json::Kind::Object);
    EXPECT_EQ(error->keys(), (std::vector<std::string>{"message", "offset"}));
    EXPECT_EQ(text(*error, "offset"), "4960");
}

TEST(InfoCli, GzipIsReadTransparently) {
    REQUIRE_CORPUS();
    const Json json = infoJson("wswiki__vlan.cap.gz", 0);
    EXPECT_EQ(text(json, "format"), "pcap");
    EXPECT_EQ(text(json, "frames"), "395");
}

TEST(InfoCli, RecognisedButUnsupportedFormatExitsWithOne) {
    REQUIRE_CORPUS();
    const Json json = infoJson("wswiki__iseries.cap", 1);
    EXPECT_EQ(text(json, "format"), "iseries");
    EXPECT_EQ(text(json, "frames"), "0");
    EXPECT_EQ(json.member("start_ns")->kind, Json::Kind::Null);
    const Json* error = json.member("error");
    ASSERT_NE(error, nullptr);
    EXPECT_NE(text(*error, "message").find("looks like"), std::string::npos);
}

}  // namespace
}  // namespace caplens
