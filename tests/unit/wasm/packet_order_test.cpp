// The packet list's sort (wasm/packet_order.*, plain C++ built natively here) on the bundled
// sample capture: every column gives a permutation of the displayed frames, ordered by that
// column's value with ties in frame order, in both directions.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/file_source.hpp"
#include "core/capture/capture_model.hpp"
#include "wasm/packet_order.hpp"

namespace caplens::wasm {
namespace {

class PacketOrderTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_opened = cli::openFileSource(CAPLENS_SAMPLE);
        ASSERT_TRUE(m_opened.source) << m_opened.error;
        m_model = std::make_unique<CaptureModel>(*m_opened.source, CAPLENS_SAMPLE, m_opened.fileSize, m_opened.gzip);
        m_model->openAll();
        ASSERT_GT(m_model->frameCount(), 10u);
    }

    std::vector<std::uint64_t> everyFrame() const {
        std::vector<std::uint64_t> frames(m_model->frameCount());
        for (std::size_t i = 0; i < frames.size(); ++i) frames[i] = i + 1;
        return frames;
    }

    PacketOrder sorted(std::vector<std::uint64_t> frames, SortSpec spec) {
        PacketOrder order(std::move(frames), spec, *m_model);
        for (int i = 0; i < 1000 && !order.step(*m_model, std::chrono::milliseconds(5)); ++i) {
        }
        return order;
    }

    // The column's text as the packet list shows it.
    std::string text(std::uint64_t number, PacketColumn column) {
        const proto::Packet* packet = m_model->dissectFrame(number, proto::DissectionMode::Fast, nullptr, true);
        EXPECT_NE(packet, nullptr);
        if (column == PacketColumn::Source) return packet->sourceColumn();
        if (column == PacketColumn::Destination) return packet->destinationColumn();
        return packet->infoText();
    }

    cli::OpenedSource m_opened;
    std::unique_ptr<CaptureModel> m_model;
};

// The sorted list holds the same frames, and indexOf() is frame()'s inverse.
void expectPermutation(const PacketOrder& order, std::vector<std::uint64_t> frames) {
    std::vector<std::uint64_t> listed;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        listed.push_back(order.frame(i));
        EXPECT_EQ(order.indexOf(order.frame(i)), i);
    }
    std::sort(listed.begin(), listed.end());
    EXPECT_EQ(listed, frames);
}

TEST_F(PacketOrderTest, LengthDescendingKeepsFrameOrderAmongEqualLengths) {
    const PacketOrder order = sorted(everyFrame(), {PacketColumn::Length, false});
    ASSERT_TRUE(order.ready());
    expectPermutation(order, everyFrame());
    const FrameIndex& index = m_model->index();
    for (std::uint64_t i = 1; i < m_model->frameCount(); ++i) {
        const auto before = index.frame(order.frame(i - 1)).originalLength;
        const auto after = index.frame(order.frame(i)).originalLength;
        EXPECT_GE(before, after);
        if (before == after) {
            EXPECT_LT(order.frame(i - 1), order.frame(i));
        }
    }
    EXPECT_NE(order.frame(0), 1u) << "the sample's first frame is not its longest";
}

TEST_F(PacketOrderTest, ProtocolAscendingGroupsTheProtocols) {
    const PacketOrder order = sorted(everyFrame(), {PacketColumn::Protocol, true});
    ASSERT_TRUE(order.ready());
    expectPermutation(order, everyFrame());
    for (std::uint64_t i = 1; i < m_model->frameCount(); ++i) {
        EXPECT_LE(m_model->index().protocolColumn(order.frame(i - 1)), m_model->index().protocolColumn(order.frame(i)));
    }
}

TEST_F(PacketOrderTest, TextColumnsAreCollectedThenSorted) {
    for (const PacketColumn column : {PacketColumn::Source, PacketColumn::Destination, PacketColumn::Info}) {
        for (const bool ascending : {true, false}) {
            const PacketOrder order = sorted(everyFrame(), {column, ascending});
            ASSERT_TRUE(order.ready());
            expectPermutation(order, everyFrame());
            for (std::uint64_t i = 1; i < m_model->frameCount(); ++i) {
                const std::string a = text(order.frame(i - 1), column);
                const std::string b = text(order.frame(i), column);
                EXPECT_TRUE(ascending ? a <= b : a >= b) << packetColumnName(column) << ": " << a << " / " << b;
            }
        }
    }
}

TEST_F(PacketOrderTest, OnlyTheDisplayedFramesAreOrdered) {
    const std::vector<std::uint64_t> displayed = {2, 3, 5, 8, 13, 21};
    const PacketOrder order = sorted(displayed, {PacketColumn::Time, false});
    ASSERT_TRUE(order.ready());
    expectPermutation(order, displayed);
    EXPECT_EQ(order.frame(0), 21u);
    EXPECT_FALSE(order.indexOf(4).has_value());
    EXPECT_FALSE(order.indexOf(1000).has_value());
}

}  // namespace
}  // namespace caplens::wasm
