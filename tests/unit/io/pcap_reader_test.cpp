#include "core/io/pcap_reader.hpp"

#include <gtest/gtest.h>

#include "tests/unit/support/byte_writer.hpp"
#include "tests/unit/support/scan_result.hpp"

namespace caplens {
namespace {

using test::ByteWriter;
using test::scanBytes;

struct PcapRecord {
    std::uint32_t seconds;
    std::uint32_t fraction;
    std::uint32_t originalLength;
    std::vector<std::uint8_t> data;
};

std::vector<std::uint8_t> makePcap(std::uint32_t magic, ByteOrder order, std::uint32_t network,
                                   const std::vector<PcapRecord>& records, bool modified = false) {
    ByteWriter w(order);
    w.u32(magic).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(network);
    for (const auto& r : records) {
        w.u32(r.seconds).u32(r.fraction).u32(static_cast<std::uint32_t>(r.data.size()));
        w.u32(r.originalLength);
        if (modified) w.u32(3).u16(0x0800).u8(0).u8(0);  // ifindex, protocol, pkt_type, pad
        w.bytes(r.data);
    }
    return w.data();
}

const std::vector<PcapRecord> kTwoRecords{
    {1700000000, 250000, 60, std::vector<std::uint8_t>(60, 0xAB)},
    {1700000001, 999999, 1514, std::vector<std::uint8_t>(34, 0xCD)},  // cut at 34 bytes
};

TEST(PcapReader, MicrosecondLittleEndian) {
    const auto bytes = makePcap(0xa1b2c3d4, ByteOrder::Little, 1, kTwoRecords);
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.format, CaptureFormat::Pcap);
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    ASSERT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.frames[0].timestampNs, 1700000000'250000000LL);
    EXPECT_EQ(r.frames[0].capturedLength, 60u);
    EXPECT_EQ(r.frames[0].fileOffset, 24u + 16u);
    EXPECT_EQ(r.frames[0].linkType, linktype::Ethernet);
    EXPECT_EQ(r.frames[1].timestampNs, 1700000001'999999000LL);
    EXPECT_EQ(r.frames[1].capturedLength, 34u);
    EXPECT_EQ(r.frames[1].originalLength, 1514u);
    EXPECT_EQ(r.frames[1].data, std::vector<std::uint8_t>(34, 0xCD));
    ASSERT_EQ(r.metadata.interfaces.size(), 1u);
    EXPECT_EQ(r.metadata.interfaces[0].snapLength, 65535u);
}

TEST(PcapReader, NanosecondBigEndian) {
    const auto bytes = makePcap(0xa1b23c4d, ByteOrder::Big, 101, kTwoRecords);
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.format, CaptureFormat::PcapNsec);
    ASSERT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.frames[0].timestampNs, 1700000000'000250000LL);
    EXPECT_EQ(r.frames[1].linkType, linktype::Raw);
    EXPECT_EQ(r.metadata.timestampDigits, 9);
}

TEST(PcapReader, ModifiedVariantSkipsItsLongerRecordHeader) {
    const auto bytes = makePcap(0xa1b2cd34, ByteOrder::Little, 1, kTwoRecords, true);
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.format, CaptureFormat::PcapModified);
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    ASSERT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.frames[0].fileOffset, 24u + 24u);
    EXPECT_EQ(r.frames[1].data, std::vector<std::uint8_t>(34, 0xCD));
}

TEST(PcapReader, AnyLinkTypePassesThrough) {
    const auto r = scanBytes(makePcap(0xa1b2c3d4, ByteOrder::Little, 284, kTwoRecords));
    ASSERT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.frames[0].linkType, 284u);
}

TEST(PcapReader, MicrosecondOverflowCarriesIntoSeconds) {
    const auto r = scanBytes(makePcap(0xa1b2c3d4, ByteOrder::Little, 1,
                                      {{10, 1000000, 4, {1, 2, 3, 4}}}));
    ASSERT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(r.frames[0].timestampNs, 11'000000000LL);
}

TEST(PcapReader, InvalidMicrosecondsWrapIn32BitsAsInWireshark) {
    // tcpdump__timestamp_invalid_micro.pcap: usec 2147483648, which Wireshark scales to ns in
    // 32-bit arithmetic (2^31 * 1000 = 0 mod 2^32) and shows as .000000000.
    const auto r = scanBytes(makePcap(0xa1b2c3d4, ByteOrder::Little, 113,
                                      {{1418145369, 2147483648u, 4, {1, 2, 3, 4}}}));
    ASSERT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(r.frames[0].timestampNs, 1418145369'000000000LL);
}

TEST(PcapReader, ErfLinkTypeKeepsTheErfHeaderAsPseudoHeader) {
    // LINKTYPE_ERF: every packet starts with an ERF record header, which Wireshark counts in
    // neither frame.len nor frame.cap_len.
    std::vector<std::uint8_t> erf(16, 0);
    erf[8] = 2;  // Ethernet: 2 bytes of padding follow the header
    erf.resize(18 + 60, 0xEE);
    const auto r = scanBytes(makePcap(0xa1b2c3d4, ByteOrder::Little, 197, {{1, 0, 78, erf}}));
    ASSERT_EQ(r.frames.size(), 1u) << r.error.message;
    EXPECT_EQ(r.frames[0].pseudoHeaderLength, 18u);
    EXPECT_EQ(r.frames[0].capturedLength, 60u);
    EXPECT_EQ(r.frames[0].originalLength, 60u);
    const auto cut = scanBytes(makePcap(0xa1b2c3d4, ByteOrder::Little, 197, {{1, 0, 10, {1, 2, 3}}}));
    EXPECT_EQ(cut.error.code, CaptureErrorCode::CorruptRecord);
}

TEST(PcapReader, EveryChunkingGivesTheSameFrames) {
    EXPECT_TRUE(test::sameResultForEveryChunking(makePcap(0xa1b2c3d4, ByteOrder::Little, 1, kTwoRecords)));
    EXPECT_TRUE(test::sameResultForEveryChunking(makePcap(0xa1b2cd34, ByteOrder::Big, 1, kTwoRecords, true)));
}

TEST(PcapReader, EmptyFileIsAnError) {
    const auto r = scanBytes({});
    EXPECT_EQ(r.status, JobStatus::Failed);
    EXPECT_EQ(r.error.code, CaptureErrorCode::TruncatedFile);
}

TEST(PcapReader, HeaderOnlyIsAnEmptyCapture) {
    const auto r = scanBytes(makePcap(0xa1b2c3d4, ByteOrder::Little, 1, {}));
    EXPECT_EQ(r.status, JobStatus::Done);
    EXPECT_TRUE(r.frames.empty());
}

TEST(PcapReader, TruncatedHeader) {
    auto bytes = makePcap(0xa1b2c3d4, ByteOrder::Little, 1, {});
    bytes.resize(20);
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.status, JobStatus::Failed);
    EXPECT_EQ(r.error.code, CaptureErrorCode::TruncatedFile);
}

TEST(PcapReader, CutInsideARecordKeepsTheFramesBefore) {
    auto bytes = makePcap(0xa1b2c3d4, ByteOrder::Little, 1, kTwoRecords);
    bytes.resize(bytes.size() - 5);
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.status, JobStatus::Failed);
    EXPECT_EQ(r.error.code, CaptureErrorCode::TruncatedFile);
    EXPECT_EQ(r.error.offset, 24u + 16u + 60u);  // where the cut record starts
    EXPECT_EQ(r.frames.size(), 1u);
    EXPECT_TRUE(test::sameResultForEveryChunking(bytes));
}

TEST(PcapReader, AbsurdRecordLengthIsCorruptNotAnAllocation) {
    ByteWriter w(ByteOrder::Little);
    w.u32(0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1);
    w.u32(1).u32(0).u32(0xFFFFFFF0).u32(0xFFFFFFF0);
    const auto r = scanBytes(w.data());
    EXPECT_EQ(r.status, JobStatus::Failed);
    EXPECT_EQ(r.error.code, CaptureErrorCode::CorruptRecord);
    EXPECT_EQ(r.error.offset, 24u);
}

TEST(PcapReader, RejectsOtherMajorVersionsAndReservedLinkTypeBits) {
    ByteWriter v1(ByteOrder::Little);
    v1.u32(0xa1b2c3d4).u16(1).u16(0).u32(0).u32(0).u32(65535).u32(1);
    EXPECT_EQ(scanBytes(v1.data()).error.code, CaptureErrorCode::UnsupportedVersion);
    ByteWriter reserved(ByteOrder::Little);
    reserved.u32(0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(0x00300001);
    EXPECT_EQ(scanBytes(reserved.data()).error.code, CaptureErrorCode::CorruptRecord);
}

TEST(CaptureScan, UnknownContentIsUnsupported) {
    const std::string text = "this is not a capture file at all, just some text\n";
    const auto r = scanBytes({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
    EXPECT_EQ(r.status, JobStatus::Failed);
    EXPECT_EQ(r.error.code, CaptureErrorCode::UnsupportedFormat);
}

}  // namespace
}  // namespace caplens
