#include "core/io/snoop_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/support/byte_writer.hpp"
#include "tests/unit/support/scan_result.hpp"

namespace caplens {
namespace {

using test::ByteWriter;
using test::scanBytes;
using Data = std::vector<std::uint8_t>;

Data filled(std::size_t n, std::uint8_t value) { return Data(n, value); }

struct SnoopRecord {
    Data data;
    std::uint32_t seconds = 1'000'000'000;
    std::uint32_t microseconds = 0;
    std::uint32_t originalLength = 0;  // 0: the data's length
    std::size_t padding = 0;           // beyond the 4-byte alignment snoop writes
};

Data makeSnoop(const std::vector<SnoopRecord>& records, std::uint32_t datalink = 4, std::uint32_t version = 2) {
    ByteWriter w(ByteOrder::Big);
    w.bytes(std::string_view("snoop\0\0\0", 8)).u32(version).u32(datalink);
    for (const auto& r : records) {
        const std::size_t align = (4 - r.data.size() % 4) % 4;
        const auto recordLength = static_cast<std::uint32_t>(24 + r.data.size() + align + r.padding);
        w.u32(r.originalLength ? r.originalLength : static_cast<std::uint32_t>(r.data.size()));
        w.u32(static_cast<std::uint32_t>(r.data.size())).u32(recordLength).u32(0);
        w.u32(r.seconds).u32(r.microseconds).bytes(r.data).zeros(align + r.padding);
    }
    return w.data();
}

const std::vector<SnoopRecord> kRecords{
    {filled(60, 1), 1'000'000'000, 250'000},
    {filled(43, 2), 1'000'000'001, 999'999, 1514},
    {filled(64, 3), 1'000'000'002, 0},
};

TEST(SnoopReader, EthernetRecords) {
    const auto r = scanBytes(makeSnoop(kRecords));
    EXPECT_EQ(r.format, CaptureFormat::Snoop);
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    ASSERT_EQ(r.frames.size(), 3u);
    EXPECT_EQ(r.frames[0].timestampNs, 1'000'000'000'250'000'000LL);
    EXPECT_EQ(r.frames[0].fileOffset, 16u + 24u);
    EXPECT_EQ(r.frames[1].timestampNs, 1'000'000'001'999'999'000LL);
    EXPECT_EQ(r.frames[1].capturedLength, 43u);
    EXPECT_EQ(r.frames[1].originalLength, 1514u);
    EXPECT_EQ(r.frames[1].data, filled(43, 2));
    EXPECT_EQ(r.frames[2].fileOffset, 16u + 24u + 60u + 24u + 44u + 24u);  // padding skipped
    EXPECT_EQ(r.frames[2].linkType, linktype::Ethernet);
    ASSERT_EQ(r.metadata.interfaces.size(), 1u);
    EXPECT_EQ(r.metadata.interfaces[0].linkType, linktype::Ethernet);
    EXPECT_EQ(r.metadata.timestampDigits, 6);
}

TEST(SnoopReader, MicrosecondsWrapIn32BitsAsInWireshark) {
    const auto r = scanBytes(makeSnoop({{filled(4, 1), 10, 2'147'483'648u}}));
    ASSERT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(r.frames[0].timestampNs, 10'000'000'000LL);  // 2^31 * 1000 wraps to 0
}

TEST(SnoopReader, DatalinkTypes) {
    const auto linkOf = [](std::uint32_t datalink) {
        const auto r = scanBytes(makeSnoop({{filled(8, 1)}}, datalink));
        return r.frames.empty() ? linktype::Unknown : r.frames[0].linkType;
    };
    EXPECT_EQ(linkOf(0), linktype::Ethernet);
    EXPECT_EQ(linkOf(2), linktype::Ieee802_5);
    EXPECT_EQ(linkOf(8), linktype::Fddi);
    EXPECT_EQ(linkOf(9), linktype::Null);
    EXPECT_EQ(linkOf(14), linktype::Null);
    EXPECT_EQ(linkOf(16), linktype::IpOverFc);
    EXPECT_EQ(linkOf(0x80000005), linktype::Ipnet);
    for (const std::uint32_t unsupported : {1u, 10u, 26u, 27u, 0x80000004u}) {
        const auto r = scanBytes(makeSnoop({{filled(8, 1)}}, unsupported));
        EXPECT_EQ(r.error.code, CaptureErrorCode::UnsupportedVersion) << unsupported;
    }
}

TEST(SnoopReader, SunAtmHeaderIsAPseudoHeader) {
    const auto r = scanBytes(makeSnoop({{Data{0x82, 0, 0, 5, 0xAA, 0xBB}, 1, 0, 100}}, 18));
    ASSERT_EQ(r.frames.size(), 1u) << r.error.message;
    EXPECT_EQ(r.frames[0].linkType, linktype::SunAtm);
    EXPECT_EQ(r.frames[0].pseudoHeaderLength, 4u);
    EXPECT_EQ(r.frames[0].capturedLength, 2u);
    EXPECT_EQ(r.frames[0].originalLength, 96u);
    const auto tooShort = scanBytes(makeSnoop({{Data{0x82, 0}}}, 18));
    EXPECT_EQ(tooShort.error.code, CaptureErrorCode::CorruptRecord);
}

TEST(SnoopReader, SurveyorFilesUseTheirOwnDatalinkNumbers) {
    // 16 or more bytes of padding in the first record: a Shomiti/Finisar Surveyor capture,
    // where datalink 10 is Fast Ethernet (it is Frame Relay in plain snoop).
    const auto r = scanBytes(makeSnoop({{filled(60, 1), 1, 0, 0, 16}, {filled(60, 2)}}, 10));
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    ASSERT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.frames[0].linkType, linktype::Ethernet);
    EXPECT_EQ(r.frames[1].data, filled(60, 2));
}

TEST(SnoopReader, VersionsTwoToFive) {
    EXPECT_EQ(scanBytes(makeSnoop(kRecords, 4, 5)).status, JobStatus::Done);
    for (const std::uint32_t version : {0u, 1u, 6u}) {
        const auto r = scanBytes(makeSnoop(kRecords, 4, version));
        EXPECT_EQ(r.error.code, CaptureErrorCode::UnsupportedVersion);
        EXPECT_EQ(r.error.message, "snoop: version " + std::to_string(version) + " unsupported");
    }
}

TEST(SnoopReader, HeaderOnlyIsAnEmptyCapture) {
    const auto r = scanBytes(makeSnoop({}));
    EXPECT_EQ(r.status, JobStatus::Done);
    EXPECT_TRUE(r.frames.empty());
}

TEST(SnoopReader, TruncatedHeader) {
    Data bytes = makeSnoop({});
    bytes.resize(12);
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.error.code, CaptureErrorCode::TruncatedFile);
    EXPECT_EQ(r.error.offset, 0u);
}

TEST(SnoopReader, EmptyFileIsAnError) { EXPECT_EQ(scanBytes({}).error.code, CaptureErrorCode::TruncatedFile); }

TEST(SnoopReader, CutInsideARecordKeepsTheFramesBefore) {
    Data bytes = makeSnoop(kRecords);
    const std::size_t third = 16 + 24 + 60 + 24 + 44;
    for (const std::size_t cut : {third + 10, third + 24 + 30, bytes.size() - 1}) {
        Data part(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut));
        const auto r = scanBytes(part);
        EXPECT_EQ(r.frames.size(), 2u) << cut;
        EXPECT_EQ(r.error.code, CaptureErrorCode::TruncatedFile);
        EXPECT_EQ(r.error.offset, third);
        EXPECT_TRUE(test::sameResultForEveryChunking(part));
    }
}

TEST(SnoopReader, CutInsideThePaddingIsTruncationToo) {
    Data bytes = makeSnoop({{filled(60, 1)}, {filled(61, 2), 1, 0, 0, 8}});
    bytes.resize(bytes.size() - 4);  // the second record's data is whole, its padding is not
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.frames.size(), 1u);  // as Wireshark: the record only counts once it is whole
    EXPECT_EQ(r.error.code, CaptureErrorCode::TruncatedFile);
}

TEST(SnoopReader, AbsurdLengthsAreCorrupt) {
    const auto failure = [](std::uint32_t original, std::uint32_t included, std::uint32_t record) {
        ByteWriter w(ByteOrder::Big);
        w.bytes(std::string_view("snoop\0\0\0", 8)).u32(2).u32(4);
        w.u32(original).u32(included).u32(record).u32(0).u32(1).u32(0).zeros(64);
        const auto r = scanBytes(w.data());
        EXPECT_EQ(r.error.offset, 16u);
        return r.error.code;
    };
    EXPECT_EQ(failure(0xFFFFFFFF, 60, 84), CaptureErrorCode::CorruptRecord);        // original length
    EXPECT_EQ(failure(60, 0xFFFFFFF0, 84), CaptureErrorCode::CorruptRecord);        // included length
    EXPECT_EQ(failure(60, 60, 40), CaptureErrorCode::CorruptRecord);                // record shorter than its packet
    EXPECT_EQ(failure(60, 60, 0), CaptureErrorCode::CorruptRecord);                 // record points to itself
    EXPECT_EQ(failure(60, 60, 0xFFFFFF00), CaptureErrorCode::CorruptRecord);        // absurd padding
}

TEST(SnoopReader, EveryChunkingGivesTheSameResult) {
    EXPECT_TRUE(test::sameResultForEveryChunking(makeSnoop(kRecords)));
    EXPECT_TRUE(test::sameResultForEveryChunking(makeSnoop({{filled(60, 1), 1, 0, 0, 16}, {filled(3, 2)}}, 12)));
}

}  // namespace
}  // namespace caplens
