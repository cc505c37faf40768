// The Statistics windows' tables (wasm/statistics_tables.*) on the bundled sample, through the
// page's capture session: every row's filter, applied the way a click in a window applies it,
// displays exactly the frames the row counts; the tables hold the core's rows; CSV is RFC 4180.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <string>

#include "tests/unit/wasm/session_fixture.hpp"
#include "wasm/statistics_tables.hpp"

namespace caplens::wasm {
namespace {

class StatisticsTablesTest : public test::SampleSession {
protected:
    void SetUp() override {
        SampleSession::SetUp();
        ASSERT_TRUE(runUntil([&] { return m_session->finished(); }));
        ASSERT_NE(m_session->tables(), nullptr);
    }

    // What the packet list shows after a click on a row with `filter`.
    std::uint64_t displayedWith(const std::string& filter) {
        EXPECT_TRUE(m_session->applyFilter(filter)) << filter;
        EXPECT_TRUE(runUntil([&] { return !m_session->filtering(); })) << filter;
        return m_session->displayedCount();
    }

    // Every row of `table` whose count column `column` is set: its filter displays that many frames.
    void expectFiltersSelectTheirRows(const StatTable& table, std::size_t column, const char* what) {
        ASSERT_LT(column, table.columns.size());
        std::size_t checked = 0;
        for (const StatRow& row : table.rows) {
            ASSERT_FALSE(row.filter.empty()) << what << ": " << row.cells[0].text;
            EXPECT_EQ(displayedWith(row.filter), static_cast<std::uint64_t>(row.cells[column].number))
                << what << ": " << row.cells[0].text << " (" << row.filter << ")";
            ++checked;
        }
        EXPECT_GT(checked, 0u) << what;
    }

    StatisticsTables& tables() { return *m_session->tables(); }
};

TEST_F(StatisticsTablesTest, ConversationAndEndpointFiltersSelectTheirFrames) {
    const std::set<ConversationType> present = {ConversationType::Ethernet, ConversationType::Ipv4,
                                                ConversationType::Tcp, ConversationType::Udp};
    for (const ConversationType type : kConversationTypes) {
        const auto variant = static_cast<int>(type);
        const StatTable& conv = tables().table(StatisticsTable::Conversations, variant);
        const StatTable& ends = tables().table(StatisticsTable::Endpoints, variant);
        EXPECT_EQ(conv.rows.size(), m_session->statistics()->conversations(type).all().size());
        EXPECT_EQ(ends.rows.size(), m_session->statistics()->endpoints(type).all().size());
        if (!present.contains(type)) {
            EXPECT_TRUE(conv.rows.empty()) << conversationTypeName(type);
            continue;
        }
        expectFiltersSelectTheirRows(conv, 4, "conversation");  // Packets
        // An endpoint counts a frame it sends and the one it receives; a frame to itself (the
        // sample is on loopback) is both: its filter shows between max(Tx, Rx) and Tx + Rx frames.
        for (const StatRow& row : ends.rows) {
            const std::uint64_t shown = displayedWith(row.filter);
            EXPECT_LE(shown, static_cast<std::uint64_t>(row.cells[2].number)) << row.filter;
            EXPECT_GE(shown, static_cast<std::uint64_t>(std::max(row.cells[4].number, row.cells[6].number))) << row.filter;
        }
    }
}

TEST_F(StatisticsTablesTest, TreeRowFiltersSelectTheirFrames) {
    // Without tunnels every IPv4 node counts each frame once, so its filter must select as many.
    expectFiltersSelectTheirRows(tables().table(StatisticsTable::Destinations, 0), 1, "dests");
    expectFiltersSelectTheirRows(tables().table(StatisticsTable::IpProtocolTypes, 0), 1, "ptype");
    expectFiltersSelectTheirRows(tables().table(StatisticsTable::PacketLengths), 1, "plen");
    // All Addresses ticks a frame's source and its destination: a host's filter selects its count.
    const StatTable& hosts = tables().table(StatisticsTable::AllAddresses, 0);
    ASSERT_GT(hosts.rows.size(), 1u);
    for (std::size_t i = 1; i < hosts.rows.size(); ++i) {
        EXPECT_LE(displayedWith(hosts.rows[i].filter), static_cast<std::uint64_t>(hosts.rows[i].cells[1].number));
    }
}

TEST_F(StatisticsTablesTest, HierarchyRowsCountWhatTheirProtocolSelects) {
    const StatTable& phs = tables().table(StatisticsTable::ProtocolHierarchy);
    ASSERT_TRUE(phs.tree);
    std::multiset<std::string> filters;
    for (const StatRow& row : phs.rows) filters.insert(row.filter);
    std::size_t checked = 0;
    for (const StatRow& row : phs.rows) {
        if (filters.count(row.filter) != 1) continue;  // on several paths: the filter selects their sum
        EXPECT_EQ(displayedWith(row.filter), static_cast<std::uint64_t>(row.cells[2].number)) << row.filter;
        ++checked;
    }
    EXPECT_GE(checked, 5u);
    EXPECT_EQ(phs.rows.front().filter, "eth");
    EXPECT_EQ(phs.rows.front().cells[1].text, "100.0");
}

TEST_F(StatisticsTablesTest, HandshakeRowsFollowTheReport) {
    const StatTable& table = tables().table(StatisticsTable::Handshakes);
    const HandshakeReport& report = m_session->statistics()->handshakes();
    ASSERT_EQ(table.rows.size(), report.handshakes().size());
    ASSERT_FALSE(table.rows.empty());
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        const Handshake& h = report.handshakes()[i];
        EXPECT_EQ(table.rows[i].cells[3].number, static_cast<double>(h.synFrame));
        EXPECT_EQ(table.rows[i].cells[4].number, static_cast<double>(h.synAckFrame));
        ASSERT_TRUE(h.irttNs.has_value());
        EXPECT_NEAR(std::strtod(table.rows[i].cells[9].text.c_str(), nullptr), static_cast<double>(*h.irttNs) / 1e6, 5e-4);
        // The stream's filter shows its frames: the conversation table counts them too.
        const std::uint64_t shown = displayedWith(table.rows[i].filter);
        EXPECT_GE(shown, 3u);
    }
}

TEST_F(StatisticsTablesTest, LimitedToTheDisplayFilterTheTablesCountOnlyTheDisplayedFrames) {
    // The filter applied first, the limit turned on after: the pass runs again, counting.
    ASSERT_TRUE(m_session->applyFilter("tcp"));
    ASSERT_TRUE(runUntil([&] { return !m_session->filtering(); }));
    EXPECT_EQ(m_session->displayedTables(), nullptr);
    m_session->limitStatisticsToFilter(true);
    EXPECT_TRUE(m_session->filtering());
    ASSERT_TRUE(runUntil([&] { return !m_session->filtering(); }));
    StatisticsTables* limited = m_session->displayedTables();
    ASSERT_NE(limited, nullptr);
    const std::uint64_t displayed = m_session->displayedCount();
    ASSERT_GT(displayed, 0u);
    ASSERT_LT(displayed, m_session->frameCount());

    const StatTable& phs = limited->table(StatisticsTable::ProtocolHierarchy);
    ASSERT_FALSE(phs.rows.empty());
    EXPECT_EQ(phs.rows.front().cells[2].number, static_cast<double>(displayed));
    EXPECT_TRUE(limited->table(StatisticsTable::Conversations, static_cast<int>(ConversationType::Udp)).rows.empty());
    const StatTable& all = tables().table(StatisticsTable::Conversations, static_cast<int>(ConversationType::Tcp));
    const StatTable& tcp = limited->table(StatisticsTable::Conversations, static_cast<int>(ConversationType::Tcp));
    ASSERT_EQ(tcp.rows.size(), all.rows.size());
    for (std::size_t i = 0; i < tcp.rows.size(); ++i) EXPECT_EQ(tcp.rows[i].filter, all.rows[i].filter);

    // A new filter: the tables follow it once its pass ends.
    ASSERT_TRUE(m_session->applyFilter("dns"));
    EXPECT_EQ(m_session->displayedTables(), nullptr);
    ASSERT_TRUE(runUntil([&] { return !m_session->filtering(); }));
    ASSERT_NE(m_session->displayedTables(), nullptr);
    EXPECT_TRUE(m_session->displayedTables()
                    ->table(StatisticsTable::Conversations, static_cast<int>(ConversationType::Tcp))
                    .rows.empty());
    m_session->limitStatisticsToFilter(false);
    EXPECT_EQ(m_session->displayedTables(), nullptr);
}

TEST_F(StatisticsTablesTest, CsvHasTheHeaderAndEveryRowQuoted) {
    StatTable table;
    table.columns = {{"Address", false}, {"Packets", true}};
    table.rows.push_back({{{"a,b", 0}, {"3", 3}}, 0, "x"});
    table.rows.push_back({{{"say \"hi\"", 0}, {"4", 4}}, 0, "y"});
    EXPECT_EQ(table.csv(), "Address,Packets\n\"a,b\",3\n\"say \"\"hi\"\"\",4\n");

    const StatTable& conv = tables().table(StatisticsTable::Conversations, static_cast<int>(ConversationType::Tcp));
    const std::string csv = conv.csv();
    EXPECT_EQ(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')), conv.rows.size() + 1);
    EXPECT_EQ(csv.substr(0, csv.find('\n')), "Address A,Port A,Address B,Port B,Packets,Bytes,Stream ID,"
                                              "Packets A \u2192 B,Bytes A \u2192 B,Packets B \u2192 A,"
                                              "Bytes B \u2192 A,Rel Start,Duration");
}

}  // namespace
}  // namespace caplens::wasm
