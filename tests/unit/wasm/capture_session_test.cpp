// The page's capture session (wasm/capture_session.*), driven natively the way the page glue
// drives it: step() each "animation frame", then every byte request answered from the file, a
// frame later. On the bundled sample: reading, sorting by each column, Esc while reading and
// while filtering.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/unit/wasm/session_fixture.hpp"

namespace caplens::wasm {
namespace {

class CaptureSessionTest : public test::SampleSession {};

TEST_F(CaptureSessionTest, EveryColumnSortsInThePage) {
    ASSERT_TRUE(runUntil([&] { return m_session->finished(); }));
    ASSERT_EQ(m_session->phase(), SessionPhase::Done);
    const std::uint64_t frames = m_session->frameCount();
    for (int column = 0; column < 7; ++column) {
        const SortSpec spec{static_cast<PacketColumn>(column), false};
        m_session->sortBy(spec);
        ASSERT_TRUE(runUntil([&] { return !m_session->sorting(); })) << packetColumnName(spec.column);
        std::vector<std::uint64_t> order = listed();
        EXPECT_EQ(order.size(), frames);
        for (std::uint64_t i = 0; i < order.size(); ++i) EXPECT_EQ(m_session->displayedIndexOf(order[i]), i);
        std::sort(order.begin(), order.end());
        EXPECT_EQ(order.front(), 1u);
        EXPECT_EQ(order.back(), frames);
        // Rows are formatted again once the order is ready.
        EXPECT_NE(m_session->row(m_session->displayedFrame(0)), nullptr);
    }
    m_session->sortBy({});
    EXPECT_FALSE(m_session->sorting());
    EXPECT_EQ(m_session->displayedFrame(0), 1u);
}

TEST_F(CaptureSessionTest, InfoSortFollowsTheFilter) {
    ASSERT_TRUE(runUntil([&] { return m_session->finished(); }));
    m_session->sortBy({PacketColumn::Info, true});
    ASSERT_TRUE(m_session->applyFilter("tcp"));
    ASSERT_TRUE(runUntil([&] { return !m_session->filtering() && !m_session->sorting(); }));
    const std::vector<std::uint64_t> order = listed();
    ASSERT_FALSE(order.empty());
    EXPECT_LT(order.size(), m_session->frameCount());
    std::string previous;
    for (const std::uint64_t number : order) {
        const PacketRow* row = nullptr;
        ASSERT_TRUE(runUntil([&] { return (row = m_session->row(number)) != nullptr; })) << number;
        EXPECT_LE(previous, row->info);
        EXPECT_NE(row->protocol, "DNS");
        previous = row->info;
    }
}

TEST_F(CaptureSessionTest, EscWhileReadingKeepsTheFramesReadSoFar) {
    animationFrame();
    m_session->cancelReading();
    EXPECT_TRUE(m_session->finished());
    EXPECT_EQ(m_session->phase(), SessionPhase::Failed);
    EXPECT_EQ(m_session->info().error.message, kCancelledMessage);
    EXPECT_EQ(m_session->info().error.code, CaptureErrorCode::Cancelled);
    EXPECT_LT(m_session->frameCount(), 28u);
}

TEST_F(CaptureSessionTest, EscWhileFilteringShowsEveryFrameAgain) {
    ASSERT_TRUE(runUntil([&] { return m_session->finished(); }));
    ASSERT_TRUE(m_session->applyFilter("dns"));
    ASSERT_TRUE(m_session->filtering());
    m_session->cancelFilter();
    EXPECT_FALSE(m_session->filtering());
    EXPECT_EQ(m_session->appliedFilter(), "");
    EXPECT_EQ(m_session->displayedCount(), m_session->frameCount());
}

}  // namespace
}  // namespace caplens::wasm
