#include "core/io/pcapng_reader.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/unit/support/byte_writer.hpp"
#include "tests/unit/support/scan_result.hpp"

namespace caplens {
namespace {

using test::ByteWriter;
using test::scanBytes;
using Data = std::vector<std::uint8_t>;
using Options = std::vector<std::pair<std::uint16_t, Data>>;

Data text(std::string_view s) { return {s.begin(), s.end()}; }
Data filled(std::size_t n, std::uint8_t value) { return Data(n, value); }

// Builds pcapng files block by block; each SHB sets the byte order of the blocks after it.
class PcapngBuilder {
public:
    PcapngBuilder& shb(ByteOrder order = ByteOrder::Little, const Options& options = {},
                       std::uint16_t major = 1, std::uint16_t minor = 0) {
        m_order = order;
        ByteWriter body(order);
        body.u32(0x1A2B3C4D).u16(major).u16(minor).u64(~std::uint64_t{0});
        appendOptions(body, options);
        return block(0x0A0D0D0A, body.data());
    }
    PcapngBuilder& idb(std::uint16_t linkType, std::uint32_t snapLength, const Options& options = {}) {
        ByteWriter body(m_order);
        body.u16(linkType).u16(0).u32(snapLength);
        appendOptions(body, options);
        return block(1, body.data());
    }
    PcapngBuilder& epb(std::uint32_t interfaceId, std::uint64_t ticks, const Data& data,
                       std::uint32_t originalLength = 0, const Options& options = {}) {
        ByteWriter body(m_order);
        body.u32(interfaceId).u32(static_cast<std::uint32_t>(ticks >> 32)).u32(static_cast<std::uint32_t>(ticks));
        body.u32(static_cast<std::uint32_t>(data.size())).u32(originalLength ? originalLength : static_cast<std::uint32_t>(data.size()));
        body.bytes(data).zeros(pad(data.size()));
        appendOptions(body, options);
        return block(6, body.data());
    }
    PcapngBuilder& pb(std::uint16_t interfaceId, std::uint64_t ticks, const Data& data) {
        ByteWriter body(m_order);
        body.u16(interfaceId).u16(0).u32(static_cast<std::uint32_t>(ticks >> 32)).u32(static_cast<std::uint32_t>(ticks));
        body.u32(static_cast<std::uint32_t>(data.size())).u32(static_cast<std::uint32_t>(data.size()));
        body.bytes(data).zeros(pad(data.size()));
        return block(2, body.data());
    }
    PcapngBuilder& spb(std::uint32_t originalLength, const Data& data) {
        ByteWriter body(m_order);
        body.u32(originalLength).bytes(data).zeros(pad(data.size()));
        return block(3, body.data());
    }
    // A block with a hand-made body; `length` and `trailer` override the two length fields.
    PcapngBuilder& block(std::uint32_t type, const Data& body, std::optional<std::uint32_t> length = {},
                         std::optional<std::uint32_t> trailer = {}) {
        const auto total = static_cast<std::uint32_t>(12 + body.size());
        ByteWriter w(m_order);
        w.u32(type).u32(length.value_or(total)).bytes(body).u32(trailer.value_or(length.value_or(total)));
        m_bytes.insert(m_bytes.end(), w.data().begin(), w.data().end());
        return *this;
    }
    [[nodiscard]] ByteOrder order() const { return m_order; }
    [[nodiscard]] const Data& bytes() const { return m_bytes; }

    static std::size_t pad(std::size_t n) { return (4 - n % 4) % 4; }

private:
    void appendOptions(ByteWriter& w, const Options& options) const {
        if (options.empty()) return;
        for (const auto& [code, value] : options) {
            w.u16(code).u16(static_cast<std::uint16_t>(value.size())).bytes(value).zeros(pad(value.size()));
        }
        w.u16(0).u16(0);
    }

    ByteOrder m_order = ByteOrder::Little;
    Data m_bytes;
};

Data u64(ByteOrder order, std::uint64_t value) {
    ByteWriter w(order);
    w.u64(value);
    return w.data();
}

const Data kPacket = filled(60, 0xAB);

PcapngBuilder basicFile(ByteOrder order) {
    PcapngBuilder b;
    b.shb(order, {{1, text("file comment")}, {2, text("hw")}, {3, text("os")}, {4, text("app")}});
    b.idb(1, 65535, {{2, text("eth0")}});
    b.epb(0, 1'700'000'000'250'000ull, kPacket);
    b.epb(0, 1'700'000'001'000'001ull, filled(34, 0xCD), 1514);
    return b;
}

TEST(PcapngReader, LittleEndianSectionWithEnhancedPackets) {
    const auto r = scanBytes(basicFile(ByteOrder::Little).bytes());
    EXPECT_EQ(r.format, CaptureFormat::Pcapng);
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    ASSERT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.frames[0].timestampNs, 1'700'000'000'250'000'000LL);
    EXPECT_EQ(r.frames[0].capturedLength, 60u);
    EXPECT_EQ(r.frames[0].linkType, linktype::Ethernet);
    EXPECT_EQ(r.frames[0].data, kPacket);
    EXPECT_EQ(r.frames[1].timestampNs, 1'700'000'001'000'001'000LL);
    EXPECT_EQ(r.frames[1].capturedLength, 34u);
    EXPECT_EQ(r.frames[1].originalLength, 1514u);
    EXPECT_EQ(r.metadata.hardware, "hw");
    EXPECT_EQ(r.metadata.os, "os");
    EXPECT_EQ(r.metadata.application, "app");
    EXPECT_EQ(r.metadata.comments, std::vector<std::string>{"file comment"});
    EXPECT_EQ(r.metadata.sections, 1u);
    ASSERT_EQ(r.metadata.interfaces.size(), 1u);
    EXPECT_EQ(r.metadata.interfaces[0].name, "eth0");
    EXPECT_EQ(r.metadata.interfaces[0].snapLength, 65535u);
    EXPECT_EQ(r.metadata.timestampDigits, 6);
}

TEST(PcapngReader, BigEndianSectionReadsTheSame) {
    const auto little = scanBytes(basicFile(ByteOrder::Little).bytes());
    const auto big = scanBytes(basicFile(ByteOrder::Big).bytes());
    ASSERT_EQ(big.status, JobStatus::Done) << big.error.message;
    ASSERT_EQ(big.frames.size(), little.frames.size());
    for (std::size_t i = 0; i < big.frames.size(); ++i) {
        EXPECT_EQ(big.frames[i].timestampNs, little.frames[i].timestampNs);
        EXPECT_EQ(big.frames[i].data, little.frames[i].data);
        EXPECT_EQ(big.frames[i].originalLength, little.frames[i].originalLength);
    }
    EXPECT_EQ(test::metadataSummary(big.metadata), test::metadataSummary(little.metadata));
}

TEST(PcapngReader, DecimalAndBinaryTimestampResolutions) {
    PcapngBuilder b;
    b.shb();
    b.idb(1, 0, {{9, {9}}});     // 10^-9
    b.idb(1, 0, {{9, {0x94}}});  // 2^-20
    b.idb(1, 0, {{9, {0}}});     // whole seconds
    b.epb(0, 1'500'000'000'123'456'789ull, kPacket);
    b.epb(1, (1'500'000'000ull << 20) + (1u << 19), kPacket);
    b.epb(2, 1'500'000'000ull, kPacket);
    const auto r = scanBytes(b.bytes());
    ASSERT_EQ(r.frames.size(), 3u) << r.error.message;
    EXPECT_EQ(r.frames[0].timestampNs, 1'500'000'000'123'456'789LL);
    EXPECT_EQ(r.frames[1].timestampNs, 1'500'000'000'500'000'000LL);
    EXPECT_EQ(r.frames[2].timestampNs, 1'500'000'000'000'000'000LL);
    EXPECT_EQ(r.metadata.interfaces[0].timestampDigits, 9);
    EXPECT_EQ(r.metadata.interfaces[1].timestampDigits, 6);
    EXPECT_EQ(r.metadata.interfaces[2].timestampDigits, 0);
    EXPECT_EQ(r.metadata.timestampDigits, 9);  // the finest of the interfaces
}

TEST(PcapngReader, ResolutionsBeyondSixtyFourBitsGiveZeroLikeWireshark) {
    PcapngBuilder b;
    b.shb().idb(1, 0, {{9, {20}}}).epb(0, 1'500'000'000ull, kPacket);
    const auto r = scanBytes(b.bytes());
    ASSERT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(r.frames[0].timestampNs, 0);
}

TEST(PcapngReader, TimestampOffsetAddsSeconds) {
    PcapngBuilder b;
    b.shb();
    b.idb(1, 0, {{14, u64(ByteOrder::Little, 100)}});
    b.idb(1, 0, {{14, u64(ByteOrder::Little, static_cast<std::uint64_t>(-100))}});
    b.epb(0, 1'500'000'000'123'456ull, kPacket);
    b.epb(1, 1'500'000'000'123'456ull, kPacket);
    const auto r = scanBytes(b.bytes());
    ASSERT_EQ(r.frames.size(), 2u) << r.error.message;
    EXPECT_EQ(r.frames[0].timestampNs, 1'500'000'100'123'456'000LL);
    EXPECT_EQ(r.frames[1].timestampNs, 1'499'999'900'123'456'000LL);
}

TEST(PcapngReader, InterfaceOptionsAreKept) {
    PcapngBuilder b;
    b.shb().idb(113, 262144,
                {{2, text("en0")}, {3, text("Wi-Fi")}, {11, text(std::string("\0host 10.0.0.1", 14))}, {12, text("Linux")}});
    const auto r = scanBytes(b.bytes());
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    ASSERT_EQ(r.metadata.interfaces.size(), 1u);
    const InterfaceInfo& itf = r.metadata.interfaces[0];
    EXPECT_EQ(itf.linkType, linktype::LinuxSll);
    EXPECT_EQ(itf.snapLength, 262144u);
    EXPECT_EQ(itf.name, "en0");
    EXPECT_EQ(itf.description, "Wi-Fi");
    EXPECT_EQ(itf.filter, "host 10.0.0.1");
    EXPECT_EQ(itf.os, "Linux");
}

TEST(PcapngReader, EachSectionNumbersItsOwnInterfaces) {
    PcapngBuilder b;
    b.shb(ByteOrder::Little, {{1, text("one")}}).idb(1, 0).idb(0, 0);
    b.epb(1, 1'000'000, kPacket);
    b.shb(ByteOrder::Big, {{1, text("two")}, {2, text("ignored: not the first section")}}).idb(101, 0);
    b.epb(0, 2'000'000, kPacket);
    const auto r = scanBytes(b.bytes());
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    ASSERT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.frames[0].interfaceId, 1u);
    EXPECT_EQ(r.frames[0].linkType, linktype::Null);
    EXPECT_EQ(r.frames[1].interfaceId, 2u);  // the second section's interface 0
    EXPECT_EQ(r.frames[1].linkType, linktype::Raw);
    EXPECT_EQ(r.metadata.sections, 2u);
    EXPECT_EQ(r.metadata.interfaces.size(), 3u);
    EXPECT_EQ(r.metadata.comments, (std::vector<std::string>{"one", "two"}));
    EXPECT_EQ(r.metadata.hardware, "");
}

TEST(PcapngReader, PacketsOnAnUndeclaredInterfaceAreCorrupt) {
    PcapngBuilder b;
    b.shb().idb(1, 0).idb(1, 0);
    b.shb().idb(1, 0);
    const std::size_t offset = b.bytes().size();
    b.epb(1, 0, kPacket);  // the new section declared only interface 0
    const auto r = scanBytes(b.bytes());
    EXPECT_EQ(r.status, JobStatus::Failed);
    EXPECT_EQ(r.error.code, CaptureErrorCode::CorruptRecord);
    EXPECT_EQ(r.error.offset, offset);
    EXPECT_NE(r.error.message.find("interface index 1"), std::string::npos) << r.error.message;
}

TEST(PcapngReader, SimplePacketBlocksHaveNoTimestampAndObeyTheSnapLength) {
    PcapngBuilder b;
    b.shb().idb(1, 40).spb(100, filled(40, 1)).spb(30, filled(30, 2));
    const auto r = scanBytes(b.bytes());
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    ASSERT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.frames[0].timestampNs, kNoTimestamp);
    EXPECT_EQ(r.frames[0].capturedLength, 40u);
    EXPECT_EQ(r.frames[0].originalLength, 100u);
    EXPECT_EQ(r.frames[1].capturedLength, 30u);
    EXPECT_EQ(r.frames[1].data, filled(30, 2));
}

TEST(PcapngReader, SimplePacketShorterThanItsLengthSaysIsCorrupt) {
    PcapngBuilder b;
    b.shb().idb(1, 0).spb(100, filled(40, 1));  // no snap length: 100 bytes should be there
    const auto r = scanBytes(b.bytes());
    EXPECT_EQ(r.error.code, CaptureErrorCode::CorruptRecord);
}

TEST(PcapngReader, SimplePacketBeforeAnyInterfaceIsCorrupt) {
    PcapngBuilder b;
    b.shb().spb(4, {1, 2, 3, 4});
    const auto r = scanBytes(b.bytes());
    EXPECT_EQ(r.error.code, CaptureErrorCode::CorruptRecord);
    EXPECT_NE(r.error.message.find("SPB appeared before any IDBs"), std::string::npos);
}

TEST(PcapngReader, ObsoletePacketBlocksAndLengthsWithoutPaddingAreRead) {
    PcapngBuilder b;
    b.shb().idb(1, 0).pb(0, 5'000'000, filled(62, 7));
    // Like wswiki__http.littleendian.ntar: a length that leaves the data's padding out
    // (94 for 62 bytes of data); Wireshark rounds it up to 96.
    ByteWriter body(ByteOrder::Little);
    body.u16(0).u16(0).u32(0).u32(6'000'000).u32(62).u32(62).bytes(filled(62, 8)).zeros(2);
    ByteWriter block(ByteOrder::Little);
    block.u32(2).u32(94).bytes(body.data()).u32(94);
    Data bytes = b.bytes();
    bytes.insert(bytes.end(), block.data().begin(), block.data().end());
    const auto r = scanBytes(bytes);
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    ASSERT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.frames[0].timestampNs, 5'000'000'000LL);
    EXPECT_EQ(r.frames[1].data, filled(62, 8));
    EXPECT_TRUE(test::sameResultForEveryChunking(bytes));
}

TEST(PcapngReader, NameResolutionRecordsAreKept) {
    ByteWriter body(ByteOrder::Little);
    body.u16(1).u16(4 + 9 + 8).bytes(Data{10, 0, 0, 1}).bytes(text(std::string("host.one\0alias.x\0", 17))).zeros(3);
    Data v6(16, 0);
    v6[15] = 1;
    body.u16(2).u16(16 + 10).bytes(v6).bytes(text(std::string("localhost\0", 10))).zeros(2);
    body.u16(0).u16(0);
    PcapngBuilder b;
    b.shb().block(4, body.data());
    const auto r = scanBytes(b.bytes());
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    ASSERT_EQ(r.metadata.names.size(), 3u);
    EXPECT_EQ(r.metadata.names[0].name, "host.one");
    EXPECT_EQ(r.metadata.names[1].name, "alias.x");
    EXPECT_EQ(r.metadata.names[0].address[0], 10);
    EXPECT_FALSE(r.metadata.names[0].ipv6);
    EXPECT_TRUE(r.metadata.names[2].ipv6);
    EXPECT_EQ(r.metadata.names[2].address[15], 1);
    EXPECT_EQ(r.metadata.names[2].name, "localhost");
}

TEST(PcapngReader, NameWithoutTerminatorIsCorrupt) {
    ByteWriter body(ByteOrder::Little);
    body.u16(1).u16(8).bytes(Data{10, 0, 0, 1}).bytes(text("abcd")).u16(0).u16(0);
    PcapngBuilder b;
    b.shb().block(4, body.data());
    EXPECT_EQ(scanBytes(b.bytes()).error.code, CaptureErrorCode::CorruptRecord);
}

TEST(PcapngReader, PacketCommentsFlagTheFrameAndAreKept) {
    PcapngBuilder b;
    b.shb().idb(1, 0);
    b.epb(0, 1, kPacket);
    b.epb(0, 2, kPacket, 0, {{1, text("hello")}, {2, Data{0, 0, 0, 0}}});
    const auto r = scanBytes(b.bytes());
    ASSERT_EQ(r.frames.size(), 2u) << r.error.message;
    EXPECT_EQ(r.frames[0].flags & kFrameHasComment, 0);
    EXPECT_NE(r.frames[1].flags & kFrameHasComment, 0);
    ASSERT_EQ(r.metadata.frameComments.size(), 1u);
    EXPECT_EQ(r.metadata.frameComments[0].frameNumber, 2u);
    EXPECT_EQ(r.metadata.frameComments[0].text, "hello");
}

TEST(PcapngReader, PacketOptionsOfTheWrongSizeAreCorrupt) {
    PcapngBuilder b;
    b.shb().idb(1, 0).epb(0, 1, kPacket, 0, {{2, Data{0, 0}}});  // epb_flags must be 4 bytes
    EXPECT_EQ(scanBytes(b.bytes()).error.code, CaptureErrorCode::CorruptRecord);
}

TEST(PcapngReader, StatisticsSecretsCustomAndUnknownBlocksAreSkipped) {
    PcapngBuilder b;
    b.shb().idb(1, 0);
    ByteWriter isb(ByteOrder::Little);
    isb.u32(0).u32(0).u32(0).u16(4).u16(8).u64(42).u16(0).u16(0);
    b.block(5, isb.data());
    ByteWriter dsb(ByteOrder::Little);
    dsb.u32(0x544c534b).u32(5).bytes(text("CLIENT")).zeros(2);
    b.block(10, dsb.data());
    b.block(0xBAD, Data{0x00, 0x00, 0x7F, 0xFF, 1, 2, 3, 4});
    b.block(0x40000BAD, Data{0x00, 0x00, 0x7F, 0xFF});
    b.block(0x12345678, filled(20, 9));
    b.epb(0, 1, kPacket);
    const auto r = scanBytes(b.bytes());
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    EXPECT_EQ(r.frames.size(), 1u);
}

TEST(PcapngReader, SecretsLongerThanTheirBlockAreCorrupt) {
    PcapngBuilder b;
    b.shb();
    ByteWriter dsb(ByteOrder::Little);
    dsb.u32(0x544c534b).u32(1000).bytes(text("CLIENT")).zeros(2);
    b.block(10, dsb.data());
    EXPECT_EQ(scanBytes(b.bytes()).error.code, CaptureErrorCode::CorruptRecord);
}

TEST(PcapngReader, OnlyVersionsOneZeroAndOneTwoAreRead) {
    for (const auto& [major, minor] : {std::pair{1, 1}, std::pair{2, 0}, std::pair{0, 1}}) {
        PcapngBuilder b;
        b.shb(ByteOrder::Little, {}, static_cast<std::uint16_t>(major), static_cast<std::uint16_t>(minor));
        const auto r = scanBytes(b.bytes());
        EXPECT_EQ(r.error.code, CaptureErrorCode::UnsupportedVersion) << major << "." << minor;
        EXPECT_EQ(r.error.message, "pcapng: unknown SHB version " + std::to_string(major) + "." + std::to_string(minor));
    }
    PcapngBuilder b;
    b.shb(ByteOrder::Big, {}, 1, 2);
    EXPECT_EQ(scanBytes(b.bytes()).status, JobStatus::Done);
}

TEST(PcapngReader, OptionRunningPastItsBlockIsCorrupt) {
    // Like libpcap__shb-option-too-long.pcapng: an option claims more bytes than the block has.
    ByteWriter body(ByteOrder::Little);
    body.u32(0x1A2B3C4D).u16(1).u16(0).u64(~std::uint64_t{0}).u16(2).u16(12336).bytes(text("hw.."));
    PcapngBuilder b;
    b.block(0x0A0D0D0A, body.data());
    const auto r = scanBytes(b.bytes());
    EXPECT_EQ(r.error.code, CaptureErrorCode::CorruptRecord);
    EXPECT_EQ(r.error.message, "pcapng: Not enough data to handle option of length 12336");
    EXPECT_EQ(r.error.offset, 0u);
}

TEST(PcapngReader, BadBlockLengthsAreCorruptAtTheBlock) {
    const auto failure = [](std::uint32_t length, std::uint32_t trailer) {
        PcapngBuilder b;
        b.shb().idb(1, 0);
        const std::size_t offset = b.bytes().size();
        b.block(6, filled(64, 0), length, trailer);
        const auto r = scanBytes(b.bytes());
        EXPECT_EQ(r.status, JobStatus::Failed);
        EXPECT_EQ(r.error.offset, offset) << r.error.message;
        return r.error.code;
    };
    EXPECT_EQ(failure(8, 8), CaptureErrorCode::CorruptRecord);            // shorter than a block header
    EXPECT_EQ(failure(0, 0xFFFFFFFF), CaptureErrorCode::CorruptRecord);   // points to itself
    EXPECT_EQ(failure(0xFFFFFFF0, 0), CaptureErrorCode::CorruptRecord);   // "points backwards" / huge
    EXPECT_EQ(failure(kMaxBlockLength + 4, 0), CaptureErrorCode::CorruptRecord);
    EXPECT_EQ(failure(12 + 64, 12 + 60), CaptureErrorCode::CorruptRecord);  // trailer disagrees
}

TEST(PcapngReader, EnhancedPacketLongerThanItsBlockIsCorrupt) {
    ByteWriter body(ByteOrder::Little);
    body.u32(0).u32(0).u32(0).u32(1000).u32(1000).bytes(kPacket);
    PcapngBuilder b;
    b.shb().idb(1, 0).block(6, body.data());
    const auto r = scanBytes(b.bytes());
    EXPECT_EQ(r.error.code, CaptureErrorCode::CorruptRecord);
    EXPECT_NE(r.error.message.find("too small for 1000 bytes"), std::string::npos) << r.error.message;
}

TEST(PcapngReader, AbsurdCapturedLengthIsCorruptNotAnAllocation) {
    PcapngBuilder b;
    b.shb().idb(1, 0).epb(0, 0, filled(kMaxFrameLength + 4, 1));
    EXPECT_EQ(scanBytes(b.bytes()).error.code, CaptureErrorCode::CorruptRecord);
}

TEST(PcapngReader, SecondSectionWithABadByteOrderMagicIsCorrupt) {
    PcapngBuilder b;
    b.shb().idb(1, 0).epb(0, 0, kPacket);
    const std::size_t offset = b.bytes().size();
    b.block(0x0A0D0D0A, Data{1, 2, 3, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    const auto r = scanBytes(b.bytes());
    EXPECT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(r.error.code, CaptureErrorCode::CorruptRecord);
    EXPECT_EQ(r.error.offset, offset);
}

TEST(PcapngReader, WrongByteOrderMagicIsNotPcapng) {
    Data bytes = PcapngBuilder().shb().bytes();
    bytes[8] = 0x11;
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.error.code, CaptureErrorCode::UnsupportedFormat);
}

TEST(PcapngReader, SectionHeaderOnlyIsAnEmptyCapture) {
    const auto r = scanBytes(PcapngBuilder().shb().bytes());
    EXPECT_EQ(r.status, JobStatus::Done);
    EXPECT_TRUE(r.frames.empty());
    EXPECT_TRUE(r.metadata.interfaces.empty());
}

TEST(PcapngReader, EmptyFileIsAnError) {
    EXPECT_EQ(scanBytes({}).error.code, CaptureErrorCode::TruncatedFile);
}

TEST(PcapngReader, CutInsideABlockKeepsTheFramesBefore) {
    PcapngBuilder b = basicFile(ByteOrder::Little);
    Data bytes = b.bytes();
    const std::size_t lastBlock = bytes.size() - (12 + 20 + 36);
    bytes.resize(bytes.size() - 10);
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.status, JobStatus::Failed);
    EXPECT_EQ(r.error.code, CaptureErrorCode::TruncatedFile);
    EXPECT_EQ(r.error.offset, lastBlock);
    EXPECT_EQ(r.frames.size(), 1u);
    EXPECT_TRUE(test::sameResultForEveryChunking(bytes));
}

TEST(PcapngReader, CutInsideABlockHeader) {
    Data bytes = basicFile(ByteOrder::Little).bytes();
    bytes.resize(bytes.size() - (12 + 20 + 36) + 5);
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.error.code, CaptureErrorCode::TruncatedFile);
    EXPECT_EQ(r.frames.size(), 1u);
}

TEST(PcapngReader, EveryChunkingGivesTheSameResult) {
    PcapngBuilder b;
    b.shb(ByteOrder::Little, {{1, text("c")}, {2, text("hw")}}).idb(1, 40, {{9, {9}}, {2, text("a")}});
    b.epb(0, 77, kPacket, 0, {{1, text("note")}});
    b.spb(70, filled(40, 3));
    ByteWriter nrb(ByteOrder::Little);
    nrb.u16(1).u16(6).bytes(Data{1, 2, 3, 4, 'x', 0}).zeros(2).u16(0).u16(0);
    b.block(4, nrb.data());
    b.shb(ByteOrder::Big).idb(101, 0).pb(0, 12, filled(5, 4)).epb(0, 13, filled(7, 5));
    EXPECT_TRUE(test::sameResultForEveryChunking(b.bytes()));
    EXPECT_TRUE(test::sameResultForEveryChunking(basicFile(ByteOrder::Big).bytes()));
}

}  // namespace
}  // namespace caplens
