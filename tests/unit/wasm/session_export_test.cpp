// Export Specified Packets in the page: the session's export (its own byte channel, beside the
// packet list and a filter pass) and the packet-range text the dialog turns into a filter.
#include <gtest/gtest.h>

#include <variant>

#include "tests/unit/wasm/session_fixture.hpp"
#include "wasm/packet_range.hpp"

namespace caplens::wasm {
namespace {

using test::SampleSession;

std::string rangeFilter(std::string_view text, std::uint64_t last) {
    auto result = packetRangeFilter(text, last);
    if (const auto* error = std::get_if<PacketRangeError>(&result)) return "error: " + error->message;
    return std::get<std::string>(result);
}

TEST(PacketRange, WiresharksRangeTextBecomesASetOfFrameNumbers) {
    EXPECT_EQ(rangeFilter("1-10, 20, 35-", 40), "frame.number in {1..10, 20, 35..40}");
    EXPECT_EQ(rangeFilter(" -3 ", 40), "frame.number in {1..3}");
    EXPECT_EQ(rangeFilter("7", 40), "frame.number in {7}");
    EXPECT_EQ(rangeFilter("50-", 40), "frame.number in {50}") << "past the end: selects nothing";
}

TEST(PacketRange, RefusesWhatIsNotARange) {
    EXPECT_EQ(rangeFilter("", 40).rfind("error: Type the packets", 0), 0u);
    EXPECT_EQ(rangeFilter("1-10,,3", 40), "error: \"\" is not a packet number or range (such as 1-10, 20, 35-).");
    EXPECT_EQ(rangeFilter("12x", 40), "error: \"12x\" is not a packet number or range (such as 1-10, 20, 35-).");
    EXPECT_EQ(rangeFilter("9-3", 40), "error: \"9-3\" runs backwards.");
    EXPECT_EQ(rangeFilter("-", 40).rfind("error: ", 0), 0u);
}

class SessionExport : public SampleSession {
protected:
    void SetUp() override {
        SampleSession::SetUp();
        ASSERT_TRUE(runUntil([&] { return m_session->finished(); }));
    }

    // The frames `text` passes, as the packet list counts them.
    std::uint64_t displayedBy(const std::string& text) {
        EXPECT_TRUE(m_session->applyFilter(text)) << text;
        EXPECT_TRUE(runUntil([&] { return !m_session->filtering(); }));
        return m_session->displayedCount();
    }

    ExportResult exportAndWait(const std::string& text, std::optional<ExportFormat> format) {
        EXPECT_TRUE(m_session->startExport(text, format)) << m_session->exportError();
        std::optional<ExportResult> result;
        EXPECT_TRUE(runUntil([&] { return (result = m_session->takeExportResult()).has_value(); }));
        return result.value_or(ExportResult{});
    }
};

TEST_F(SessionExport, WritesExactlyTheFramesTheFilterPasses) {
    const std::string range = rangeFilter("2-20, 25-", m_session->frameCount());
    for (const std::string& text : {std::string("dns"), std::string("(tcp) && (" + range + ")")}) {
        const std::uint64_t expected = displayedBy(text);
        ASSERT_GT(expected, 0u) << text;
        const ExportResult result = exportAndWait(text, ExportFormat::Pcap);
        EXPECT_EQ(result.error, "") << text;
        EXPECT_TRUE(result.complete);
        EXPECT_EQ(result.frames, expected) << text;
        EXPECT_EQ(result.fileName, "sample-export.pcap");
        ASSERT_GE(result.bytes.size(), 24u);
        EXPECT_EQ(result.bytes[0], 0x4d) << "little-endian nanosecond pcap magic: the sample has ns timestamps";
    }
}

TEST_F(SessionExport, RunsBesideAFilterPassAndDefaultsToTheCapturesFormat) {
    const std::uint64_t all = m_session->frameCount();
    ASSERT_TRUE(m_session->applyFilter("udp"));  // a filter pass reading on its own channel meanwhile
    const ExportResult result = exportAndWait("", std::nullopt);
    EXPECT_EQ(result.frames, all);
    EXPECT_EQ(result.fileName, "sample-export.pcapng");
    ASSERT_GE(result.bytes.size(), 4u);
    EXPECT_EQ(result.bytes[0], 0x0a) << "a pcapng Section Header Block";
    EXPECT_TRUE(runUntil([&] { return !m_session->filtering(); }));
    EXPECT_GT(m_session->displayedCount(), 0u);
}

TEST_F(SessionExport, ABadFilterOrASecondExportIsRefusedWithAReason) {
    EXPECT_FALSE(m_session->startExport("tcp.prt == 1", std::nullopt));
    EXPECT_NE(m_session->exportError().find("tcp.prt"), std::string::npos) << m_session->exportError();
    ASSERT_TRUE(m_session->startExport("", std::nullopt));
    EXPECT_FALSE(m_session->startExport("", std::nullopt));
    EXPECT_EQ(m_session->exportError(), "An export is already running.");
    m_session->cancelExport();
    EXPECT_FALSE(m_session->exporting());
    EXPECT_FALSE(m_session->takeExportResult().has_value());
}

}  // namespace
}  // namespace caplens::wasm
