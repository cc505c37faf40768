#include "core/io/erf_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "core/io/pseudo_header.hpp"
#include "tests/unit/support/byte_writer.hpp"
#include "tests/unit/support/scan_result.hpp"

namespace caplens {
namespace {

using test::ByteWriter;
using test::scanBytes;
using Data = std::vector<std::uint8_t>;

Data filled(std::size_t n, std::uint8_t value) { return Data(n, value); }

constexpr std::uint64_t kSecond = std::uint64_t{1} << 32;
constexpr std::uint64_t kBase = 1'061'518'060ull * kSecond;  // 2003-08-22, as wswiki's example

struct ErfRecord {
    std::uint64_t timestamp = kBase;
    std::uint8_t type = 2;  // Ethernet
    std::uint8_t flags = 4;
    Data payload;
    std::uint16_t wireLength = 0;       // 0: the payload's length
    std::vector<std::uint8_t> extensions;  // one 8-byte extension header per entry (its type byte)
    std::size_t padding = 0;
};

// An ERF record: header, extension headers, subheader, payload, padding to 8 bytes (+ more).
Data record(const ErfRecord& r) {
    const std::size_t subheader = (r.type & 0x7F) == 2 ? 2 : 0;
    const std::size_t unpadded = 16 + 8 * r.extensions.size() + subheader + r.payload.size();
    const std::size_t length = unpadded + (8 - unpadded % 8) % 8 + r.padding;
    ByteWriter w(ByteOrder::Little);
    w.u64(r.timestamp).u8(static_cast<std::uint8_t>(r.type | (r.extensions.empty() ? 0 : 0x80))).u8(r.flags);
    ByteWriter lengths(ByteOrder::Big);
    lengths.u16(static_cast<std::uint16_t>(length)).u16(0);
    lengths.u16(r.wireLength ? r.wireLength : static_cast<std::uint16_t>(r.payload.size()));
    w.bytes(lengths.data());
    for (std::size_t i = 0; i < r.extensions.size(); ++i) {
        const bool more = i + 1 < r.extensions.size();
        w.u8(static_cast<std::uint8_t>(r.extensions[i] | (more ? 0x80 : 0))).zeros(7);
    }
    w.zeros(subheader).bytes(r.payload).zeros(length - unpadded);
    return w.data();
}

Data erfFile(const std::vector<ErfRecord>& records) {
    Data out;
    for (const auto& r : records) {
        const Data bytes = record(r);
        out.insert(out.end(), bytes.begin(), bytes.end());
    }
    return out;
}

const std::vector<ErfRecord> kRecords{
    {kBase + kSecond / 2, 2, 5, filled(78, 1)},
    {kBase + kSecond, 2, 4, filled(64, 2)},
    {kBase + 2 * kSecond, 2, 5, filled(60, 3), 1514},  // cut: the wire had 1514 bytes
};

TEST(ErfReader, EthernetRecordsKeepTheirHeaderAsPseudoHeader) {
    const Data bytes = erfFile(kRecords);
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.format, CaptureFormat::Erf);
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    ASSERT_EQ(r.frames.size(), 3u);
    // As wswiki__erf-ethernet-example.erf in Wireshark: frame.len = wlen, frame.cap_len =
    // min(wlen, rlen - header); the 16-byte header and 2-byte Ethernet pad are the "erf" layer.
    EXPECT_EQ(r.frames[0].linkType, linktype::Erf);
    EXPECT_EQ(r.frames[0].pseudoHeaderLength, 18u);
    EXPECT_EQ(r.frames[0].capturedLength, 78u);
    EXPECT_EQ(r.frames[0].originalLength, 78u);
    EXPECT_EQ(r.frames[0].fileOffset, 0u);
    EXPECT_EQ(Data(r.frames[0].data.begin() + 18, r.frames[0].data.end()), filled(78, 1));
    EXPECT_EQ(Data(r.frames[0].data.begin(), r.frames[0].data.begin() + 8), Data(bytes.begin(), bytes.begin() + 8));
    EXPECT_EQ(r.frames[0].timestampNs, 1'061'518'060'500'000'000LL);
    // A cut record: everything up to rlen counts as captured, the 8-byte alignment padding
    // included, as in Wireshark (min(1514, 80 - 18) = 62).
    EXPECT_EQ(r.frames[2].capturedLength, 62u);
    EXPECT_EQ(r.frames[2].originalLength, 1514u);
    EXPECT_EQ(r.metadata.timestampDigits, 9);
}

TEST(ErfReader, CapturePortsBecomeInterfacesInOrderOfAppearance) {
    const auto r = scanBytes(erfFile(kRecords));
    ASSERT_EQ(r.metadata.interfaces.size(), 2u);
    EXPECT_EQ(r.metadata.interfaces[0].name, "Port B (ERF Interface 1)");
    EXPECT_EQ(r.metadata.interfaces[1].name, "Port A (ERF Interface 0)");
    EXPECT_EQ(r.metadata.interfaces[0].linkType, linktype::Erf);
    EXPECT_EQ(r.frames[0].interfaceId, 0u);
    EXPECT_EQ(r.frames[1].interfaceId, 1u);
    EXPECT_EQ(r.frames[2].interfaceId, 0u);
}

TEST(ErfReader, WireLengthShorterThanTheRecordLimitsTheCapturedLength) {
    // Records are padded to 8 bytes: the padding is not packet data.
    const auto r = scanBytes(erfFile({{kBase, 2, 0, filled(61, 1)}}));
    ASSERT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(r.frames[0].capturedLength, 61u);
    EXPECT_EQ(r.frames[0].data.size(), 18u + 61u);
}

TEST(ErfReader, TimestampsRoundToTheNearestNanosecondAsWireshark) {
    EXPECT_EQ(erfTimestampNs(5 * kSecond), 5'000'000'000LL);
    EXPECT_EQ(erfTimestampNs(5 * kSecond + kSecond / 2), 5'500'000'000LL);
    EXPECT_EQ(erfTimestampNs(5 * kSecond + 1), 5'000'000'000LL);  // 0.23 ns rounds down
    EXPECT_EQ(erfTimestampNs(5 * kSecond + 3), 5'000'000'001LL);  // 0.70 ns rounds up
    EXPECT_EQ(erfTimestampNs(5 * kSecond + 0xFFFFFFFF), 6'000'000'000LL);  // carries into the second
    // The first record of wswiki__erf-ethernet-example.erf.
    EXPECT_EQ(erfTimestampNs(0x3f457aecd6d3d700ull), 1'061'518'060'839'169'919LL);
}

TEST(ErfReader, ExtensionHeadersBelongToThePseudoHeader) {
    const auto r = scanBytes(erfFile({{kBase, 2, 0, filled(40, 1), 0, {0x03, 0x04}}}));
    ASSERT_EQ(r.frames.size(), 1u) << r.error.message;
    EXPECT_EQ(r.frames[0].pseudoHeaderLength, 16u + 16u + 2u);
    EXPECT_EQ(r.frames[0].capturedLength, 40u);
}

TEST(ErfReader, OtherTypesHaveTheirOwnSubheaders) {
    const auto ipv4 = scanBytes(erfFile({{kBase, 22, 0, filled(40, 1)}}));
    ASSERT_EQ(ipv4.frames.size(), 1u);
    EXPECT_EQ(ipv4.frames[0].pseudoHeaderLength, 16u);
    Data multichannel(16, 0);
    multichannel[8] = 5;  // MC_HDLC: a 4-byte subheader follows the header
    EXPECT_EQ(erfHeaderLength(multichannel), std::nullopt);
    multichannel.resize(20);
    EXPECT_EQ(erfHeaderLength(multichannel), std::optional<std::uint32_t>(20));
}

TEST(ErfReader, PadRecordsAreSkipped) {
    std::vector<ErfRecord> records = kRecords;
    records.insert(records.begin() + 1, ErfRecord{0, 48, 0, filled(24, 0)});
    const auto r = scanBytes(erfFile(records));
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    EXPECT_EQ(r.frames.size(), 3u);
}

TEST(ErfReader, ImpossibleRecordLengthsAreCorrupt) {
    // The damaged record comes after the 20 records format detection looks at (like
    // Wireshark's, detection refuses a file whose first records are impossible).
    const auto failure = [](std::uint16_t rlen, std::uint8_t type) {
        const std::vector<ErfRecord> good(21, kRecords[0]);
        Data bytes = erfFile(good);
        const std::size_t last = bytes.size() - record(kRecords[0]).size();
        bytes[last + 8] = type;
        bytes[last + 10] = static_cast<std::uint8_t>(rlen >> 8);
        bytes[last + 11] = static_cast<std::uint8_t>(rlen);
        const auto r = scanBytes(bytes);
        EXPECT_EQ(r.frames.size(), 20u);
        EXPECT_EQ(r.error.offset, last);
        return r.error.code;
    };
    EXPECT_EQ(failure(0, 2), CaptureErrorCode::CorruptRecord);   // points to itself
    EXPECT_EQ(failure(8, 2), CaptureErrorCode::CorruptRecord);   // shorter than its header
    EXPECT_EQ(failure(16, 2), CaptureErrorCode::CorruptRecord);  // a packet of 0 bytes
    EXPECT_EQ(failure(24, 0x82), CaptureErrorCode::CorruptRecord);  // headers run past the record
}

TEST(ErfReader, CutInsideARecordKeepsTheFramesBefore) {
    Data bytes = erfFile(kRecords);
    const std::size_t third = record(kRecords[0]).size() + record(kRecords[1]).size();
    for (const std::size_t cut : {third + 3, third + 40}) {
        Data part(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut));
        const auto r = scanBytes(part);
        EXPECT_EQ(r.frames.size(), 2u);
        EXPECT_EQ(r.error.code, CaptureErrorCode::TruncatedFile);
        EXPECT_EQ(r.error.offset, third);
        EXPECT_TRUE(test::sameResultForEveryChunking(part));
    }
}

TEST(ErfReader, DetectionNeedsRecordsThatLookLikeErf) {
    EXPECT_EQ(detectCaptureFormat(erfFile(kRecords)), CaptureFormat::Erf);
    // A first record longer than the bytes looked at.
    const Data big = erfFile({{kBase, 2, 4, filled(1500, 1)}});
    EXPECT_EQ(detectCaptureFormat(std::span(big).first(kFormatDetectionBytes)), CaptureFormat::Erf);
    Data zeroSeconds = erfFile(kRecords);
    std::fill(zeroSeconds.begin() + 4, zeroSeconds.begin() + 8, 0);
    EXPECT_EQ(detectCaptureFormat(zeroSeconds), CaptureFormat::Unknown);
    Data backwards = erfFile({{kBase + 10 * kSecond, 2, 4, filled(60, 1)}, {kBase, 2, 4, filled(60, 1)}});
    EXPECT_EQ(detectCaptureFormat(backwards), CaptureFormat::Unknown);
    Data badType = erfFile(kRecords);
    badType[8] = 0x7F;
    EXPECT_EQ(detectCaptureFormat(badType), CaptureFormat::Unknown);
}

TEST(ErfReader, EmptyFileIsAnError) { EXPECT_EQ(scanBytes({}).error.code, CaptureErrorCode::TruncatedFile); }

TEST(ErfReader, EveryChunkingGivesTheSameResult) {
    std::vector<ErfRecord> records = kRecords;
    records.push_back({kBase + 3 * kSecond, 2, 1, filled(30, 4), 0, {0x03}});
    records.push_back({0, 48, 0, filled(8, 0)});
    records.push_back({kBase + 4 * kSecond, 22, 2, filled(20, 5)});
    EXPECT_TRUE(test::sameResultForEveryChunking(erfFile(records)));
}

TEST(PseudoHeader, ErfInPcapFilesIsStrippedFromTheLengths) {
    EXPECT_EQ(pseudoHeaderLength(linktype::Erf, record({kBase, 2, 0, filled(20, 1)})), std::optional<std::uint32_t>(18));
    EXPECT_EQ(pseudoHeaderLength(linktype::Erf, Data(10, 0)), std::nullopt);
    EXPECT_EQ(pseudoHeaderLength(linktype::SunAtm, Data(4, 0)), std::optional<std::uint32_t>(4));
    EXPECT_EQ(pseudoHeaderLength(linktype::SunAtm, Data(3, 0)), std::nullopt);
    EXPECT_EQ(pseudoHeaderLength(linktype::Ethernet, Data(0, 0)), std::optional<std::uint32_t>(0));
}

}  // namespace
}  // namespace caplens
