// The page's capture session (wasm/capture_session.*), driven natively the way the page glue
// drives it: step() each "animation frame", then every byte request answered from the file, a
// frame later. On the bundled sample: reading, sorting by each column, Esc while reading and
// while filtering.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "wasm/capture_session.hpp"

namespace caplens::wasm {
namespace {

std::vector<std::uint8_t> readWholeFile(const char* path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class CaptureSessionTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_bytes = readWholeFile(CAPLENS_SAMPLE);
        ASSERT_FALSE(m_bytes.empty());
        m_session = std::make_unique<CaptureSession>(1, "sample.pcapng", m_bytes.size(), false);
        m_session->startReading(m_bytes.size());
    }

    // One animation frame of the page: a slice of work, then the reads it asked for answered.
    void animationFrame() {
        m_session->step(std::chrono::milliseconds(2));
        while (const auto r = m_session->takeByteRequest()) {
            const std::uint64_t end = std::min<std::uint64_t>(r->request.offset + r->request.length, m_bytes.size());
            const std::size_t length = static_cast<std::size_t>(end - r->request.offset);
            std::uint8_t* into = m_session->prepareReceive(r->channel, r->request.offset, length);
            ASSERT_NE(into, nullptr);
            std::memcpy(into, m_bytes.data() + r->request.offset, length);
            m_session->receive(r->channel);
        }
    }

    // Runs animation frames until `done` (false if it never happens).
    bool runUntil(const std::function<bool()>& done, int frames = 10000) {
        for (int i = 0; i < frames; ++i) {
            if (done()) return true;
            animationFrame();
        }
        return done();
    }

    // The displayed frames, in list order.
    std::vector<std::uint64_t> listed() const {
        std::vector<std::uint64_t> out;
        for (std::uint64_t i = 0; i < m_session->displayedCount(); ++i) out.push_back(m_session->displayedFrame(i));
        return out;
    }

    std::vector<std::uint8_t> m_bytes;
    std::unique_ptr<CaptureSession> m_session;
};

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
