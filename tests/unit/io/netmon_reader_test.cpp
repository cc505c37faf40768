#include "core/io/netmon_reader.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <numeric>
#include <string>
#include <vector>

#include "core/analysis/capture_properties.hpp"
#include "tests/unit/support/byte_writer.hpp"
#include "tests/unit/support/scan_result.hpp"

namespace caplens {
namespace {

using test::ByteWriter;
using test::scanBytes;
using Data = std::vector<std::uint8_t>;

Data filled(std::size_t n, std::uint8_t value) { return Data(n, value); }

struct NetmonFrame {
    Data data;
    std::uint64_t delta = 0;           // microseconds since the capture start (2.0-2.2)
    std::uint16_t media = 1;           // the 2.1+ trailer's media type
    std::uint64_t filetime = 0;        // the 2.3 trailer's UTC time
    std::uint32_t originalLength = 0;  // 0: the data's length
};

struct NetmonComment {
    std::size_t frame;         // index into the builder's frames
    std::u16string title;
    std::string description;
};

// 2016-08-08 09:43:59.059 (a SYSTEMTIME) in ns.
constexpr std::int64_t kStartNs = 1'470'649'439'059'000'000LL;
// The same instant as a FILETIME.
constexpr std::uint64_t kStartFiletime = 116'444'736'000'000'000ull + 14'706'494'390'590'000ull;

// Builds NetMon 2.x files: header, frames in file order, frame table (in `tableOrder`, default
// file order), comment table.
struct NetmonBuilder {
    std::uint8_t minor = 0;
    std::uint8_t major = 2;
    std::uint16_t headerMedia = 1;
    std::size_t headerLength = 128;
    std::vector<NetmonFrame> frames;
    std::vector<NetmonComment> comments;
    std::vector<std::size_t> tableOrder;
    std::vector<std::uint32_t> offsets;  // filled by build(): each frame's file offset
    std::uint32_t tableOffset = 0;       // filled by build()
    std::uint32_t commentOffset = 0;     // filled by build()

    [[nodiscard]] std::size_t trailerLength() const {
        return minor == 0 ? 0 : minor == 1 ? 2 : minor == 2 ? 6 : 15;
    }

    Data build() {
        ByteWriter body(ByteOrder::Little);
        offsets.clear();
        for (const auto& f : frames) {
            offsets.push_back(static_cast<std::uint32_t>(headerLength + body.size()));
            body.u64(f.delta).u32(f.originalLength ? f.originalLength : static_cast<std::uint32_t>(f.data.size()));
            body.u32(static_cast<std::uint32_t>(f.data.size())).bytes(f.data);
            if (minor >= 1) body.u16(f.media);
            if (minor >= 2) body.u32(0);
            if (minor >= 3) body.u64(f.filetime).u8(0);
        }
        tableOffset = static_cast<std::uint32_t>(headerLength + body.size());
        std::vector<std::size_t> order = tableOrder;
        if (order.empty()) {
            order.resize(frames.size());
            std::iota(order.begin(), order.end(), 0);
        }
        for (const std::size_t i : order) body.u32(offsets[i]);
        commentOffset = static_cast<std::uint32_t>(headerLength + body.size());
        for (const auto& c : comments) {
            body.u32(1).u32(offsets[c.frame]).u32(static_cast<std::uint32_t>(2 * c.title.size()));
            for (const char16_t unit : c.title) body.u16(unit);
            body.u32(static_cast<std::uint32_t>(c.description.size())).bytes(c.description);
        }
        const std::uint32_t commentLength = static_cast<std::uint32_t>(headerLength + body.size()) - commentOffset;
        ByteWriter w(ByteOrder::Little);
        w.bytes("GMBU").u8(minor).u8(major).u16(headerMedia);
        w.u16(2016).u16(8).u16(1).u16(8).u16(9).u16(43).u16(59).u16(59);
        w.u32(tableOffset).u32(static_cast<std::uint32_t>(order.size() * 4));
        w.u32(0).u32(0).u32(comments.empty() ? 0 : commentOffset).u32(comments.empty() ? 0 : commentLength);
        w.u32(0).u32(0).u32(0).u32(0);
        w.zeros(headerLength - w.size());
        w.bytes(body.data());
        return w.data();
    }
};

NetmonBuilder threeFrames(std::uint8_t minor) {
    NetmonBuilder b;
    b.minor = minor;
    b.frames = {{filled(60, 1), 0, 1, kStartFiletime + 10},
                {filled(42, 2), 1'500'000, 1, kStartFiletime + 15'000'000},
                {filled(90, 3), 2'000'001, 1, kStartFiletime + 20'000'017, 1514}};
    return b;
}

TEST(NetmonReader, Version20TimesAreTheStartPlusTheDelta) {
    NetmonBuilder b = threeFrames(0);
    const auto r = scanBytes(b.build());
    EXPECT_EQ(r.format, CaptureFormat::Netmon2);
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    ASSERT_EQ(r.frames.size(), 3u);
    EXPECT_EQ(r.frames[0].timestampNs, kStartNs);
    EXPECT_EQ(r.frames[1].timestampNs, kStartNs + 1'500'000'000);
    EXPECT_EQ(r.frames[2].timestampNs, kStartNs + 2'000'001'000);
    EXPECT_EQ(r.frames[2].capturedLength, 90u);
    EXPECT_EQ(r.frames[2].originalLength, 1514u);
    EXPECT_EQ(r.frames[0].fileOffset, 128u + 16u);
    EXPECT_EQ(r.frames[1].data, filled(42, 2));
    EXPECT_EQ(r.frames[0].linkType, linktype::Ethernet);
    EXPECT_EQ(r.metadata.timestampDigits, 9);  // as capinfos reports every NetMon 2.x file
    EXPECT_FALSE(r.metadata.perPacketLinkTypes);
    ASSERT_EQ(r.metadata.interfaces.size(), 1u);
    EXPECT_EQ(r.metadata.interfaces[0].linkType, linktype::Ethernet);
}

TEST(NetmonReader, NegativeDeltasWrapAsInWireshark) {
    NetmonBuilder b;
    b.frames = {{filled(20, 1), static_cast<std::uint64_t>(-1000)}};  // 1 ms before the start
    const auto r = scanBytes(b.build());
    ASSERT_EQ(r.frames.size(), 1u) << r.error.message;
    EXPECT_EQ(r.frames[0].timestampNs, kStartNs - 1'000'000);
}

TEST(NetmonReader, Version23TakesTheUtcTimeFromTheTrailer) {
    NetmonBuilder b = threeFrames(3);
    b.headerLength = 72;
    const auto r = scanBytes(b.build());
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    ASSERT_EQ(r.frames.size(), 3u);
    EXPECT_EQ(r.frames[0].timestampNs, kStartNs + 1000);
    EXPECT_EQ(r.frames[1].timestampNs, kStartNs + 1'500'000'000);
    EXPECT_EQ(r.frames[2].timestampNs, kStartNs + 2'000'001'700);
    EXPECT_EQ(r.frames[2].data, filled(90, 3));
    EXPECT_TRUE(r.metadata.perPacketLinkTypes);
    EXPECT_TRUE(r.metadata.interfaces.empty());
}

TEST(NetmonReader, FramesComeInTableOrderNotFileOrder) {
    NetmonBuilder b = threeFrames(2);
    b.tableOrder = {2, 0, 1};
    const auto r = scanBytes(b.build());
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    ASSERT_EQ(r.frames.size(), 3u);
    EXPECT_EQ(r.frames[0].data, filled(90, 3));
    EXPECT_EQ(r.frames[1].data, filled(60, 1));
    EXPECT_EQ(r.frames[2].data, filled(42, 2));
    EXPECT_TRUE(test::sameResultForEveryChunking(b.build()));
}

TEST(NetmonReader, MediaTypesMapToLinkTypesAndMetadataRecords) {
    NetmonBuilder b;
    b.minor = 1;
    for (const std::uint16_t media : {0, 1, 2, 3, 6, 7, 8, 9, 0xE000 | 113, 0xE080, 0xFFE0, 0xFFFB, 0xFFFC,
                                      0xFFFD, 0xFFFE, 0xFFFF}) {
        b.frames.push_back({filled(8, static_cast<std::uint8_t>(media)), 0, media});
    }
    const auto r = scanBytes(b.build());
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    std::vector<LinkType> types;
    for (const auto& f : r.frames) types.push_back(f.linkType);
    EXPECT_EQ(types, (std::vector<LinkType>{linktype::Ethernet, linktype::Ethernet, linktype::Ieee802_5,
                                            linktype::Fddi, linktype::Ieee802_11Netmon, linktype::Raw,
                                            linktype::Raw, linktype::Raw, linktype::LinuxSll,
                                            linktype::Ieee802_11, linktype::NetmonEvent,
                                            linktype::NetmonNetworkInfo, linktype::NetmonFilter}));
}

TEST(NetmonReader, UnknownMediaTypeIsUnsupportedAtItsFrame) {
    NetmonBuilder b = threeFrames(1);
    b.frames[1].media = 0x1234;
    Data bytes = b.build();
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(r.error.code, CaptureErrorCode::UnsupportedVersion);
    EXPECT_EQ(r.error.offset, b.offsets[1]);
    EXPECT_EQ(r.error.message, "netmon: network type 4660 unknown or unsupported");
}

TEST(NetmonReader, CommentedFramesAreFlaggedAndTheirTitlesKept) {
    NetmonBuilder b = threeFrames(3);
    b.headerLength = 72;
    b.comments = {{1, u"Step 1 \u00e9 \U0001F600", "{\\rtf1 description}"}};
    const Data bytes = b.build();
    const auto r = scanBytes(bytes);
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    ASSERT_EQ(r.frames.size(), 3u);
    EXPECT_EQ(r.frames[0].flags & kFrameHasNetmonComment, 0);
    EXPECT_NE(r.frames[1].flags & kFrameHasNetmonComment, 0);
    EXPECT_EQ(r.frames[1].linkType, linktype::Ethernet);  // the frame keeps its own link type
    ASSERT_EQ(r.metadata.frameComments.size(), 1u);
    EXPECT_EQ(r.metadata.frameComments[0].frameNumber, 2u);
    EXPECT_EQ(r.metadata.frameComments[0].text, "Step 1 \xC3\xA9 \xF0\x9F\x98\x80");
    EXPECT_TRUE(test::sameResultForEveryChunking(bytes));

    // capinfos counts the commented frame as "Network Monitor Header".
    CapturePropertiesCollector collector;
    for (const auto& f : r.frames) {
        CapturedFrame frame;
        frame.linkType = f.linkType;
        frame.flags = f.flags;
        collector.onFrame(frame);
    }
    ASSERT_EQ(collector.result().encapsulations.size(), 2u);
    EXPECT_EQ(collector.result().encapsulations[1].linkType, linktype::NetmonHeader);
    EXPECT_EQ(collector.result().encapsulations[1].frames, 1u);
}

TEST(NetmonReader, CommentsBefore22AreIgnored) {
    NetmonBuilder b = threeFrames(1);
    b.comments = {{0, u"not read before 2.2", ""}};
    const auto r = scanBytes(b.build());
    ASSERT_EQ(r.status, JobStatus::Done) << r.error.message;
    EXPECT_EQ(r.frames[0].flags, 0);
    EXPECT_TRUE(r.metadata.frameComments.empty());
}

TEST(NetmonReader, CorruptCommentTableIsCorrupt) {
    NetmonBuilder b = threeFrames(2);
    b.comments = {{0, u"title", "description"}};
    Data bytes = b.build();
    bytes[b.commentOffset + 8] = 0xFF;  // a title longer than the table
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.error.code, CaptureErrorCode::CorruptRecord);
    EXPECT_EQ(r.error.offset, b.commentOffset);
}

TEST(NetmonReader, CutCommentTableStillGivesEveryFrame) {
    NetmonBuilder b = threeFrames(2);
    b.comments = {{0, u"a title that will be cut", "description"}};
    Data bytes = b.build();
    bytes.resize(b.commentOffset + 20);
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.frames.size(), 3u);
    EXPECT_EQ(r.error.code, CaptureErrorCode::TruncatedFile);
    EXPECT_EQ(r.error.offset, b.commentOffset);
    EXPECT_TRUE(test::sameResultForEveryChunking(bytes));
}

TEST(NetmonReader, FrameTableBeyondTheEndIsFoundByScanning) {
    // Like broken__trunc2000_wswiki__BitTorrent.Transfer1.cap: cut before the frame table.
    NetmonBuilder b = threeFrames(0);
    Data bytes = b.build();
    bytes.resize(b.offsets[2] + 30);  // inside the third frame
    const auto r = scanBytes(bytes);
    ASSERT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.frames[1].timestampNs, kStartNs + 1'500'000'000);
    EXPECT_EQ(r.error.code, CaptureErrorCode::TruncatedFile);
    EXPECT_EQ(r.error.offset, b.offsets[2]);
    EXPECT_TRUE(test::sameResultForEveryChunking(bytes));
}

TEST(NetmonReader, ScanStartsAt72WhenTheHeaderIsNotPadded) {
    NetmonBuilder b = threeFrames(3);
    b.headerLength = 72;
    Data bytes = b.build();
    bytes.resize(b.tableOffset + 2);  // half of the first table entry
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.frames.size(), 3u);
    EXPECT_EQ(r.error.code, CaptureErrorCode::TruncatedFile);
    EXPECT_EQ(r.error.offset, b.tableOffset);  // the scan stops where the table starts
}

TEST(NetmonReader, TableEntryOutsideTheFileIsTruncation) {
    NetmonBuilder b = threeFrames(0);
    Data bytes = b.build();
    const std::uint32_t outside = 1'000'000;
    std::memcpy(bytes.data() + b.tableOffset + 4, &outside, 4);
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(r.error.code, CaptureErrorCode::TruncatedFile);
    EXPECT_EQ(r.error.offset, outside);
    EXPECT_TRUE(test::sameResultForEveryChunking(bytes));
}

TEST(NetmonReader, TableOffsetNearFourGigabytesIsOutOfReach) {
    NetmonBuilder b = threeFrames(0);
    Data bytes = b.build();
    const std::uint32_t far = 0xFFFFFFF0;
    std::memcpy(bytes.data() + 24, &far, 4);
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.frames.size(), 3u);  // found by scanning
    EXPECT_EQ(r.error.code, CaptureErrorCode::TruncatedFile);
}

TEST(NetmonReader, FrameCutByTheEndOfTheFile) {
    NetmonBuilder b = threeFrames(0);
    b.tableOrder = {0, 1, 2};
    Data bytes = b.build();
    // Point the last entry at a frame whose data runs past the end.
    const std::uint32_t nearEnd = static_cast<std::uint32_t>(bytes.size() - 20);
    std::memcpy(bytes.data() + b.tableOffset + 8, &nearEnd, 4);
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.error.code, CaptureErrorCode::TruncatedFile);
    EXPECT_EQ(r.error.offset, nearEnd);
}

TEST(NetmonReader, AbsurdFrameLengthIsCorrupt) {
    NetmonBuilder b = threeFrames(0);
    Data bytes = b.build();
    const std::uint32_t huge = 0x7FFFFFFF;
    std::memcpy(bytes.data() + b.offsets[1] + 12, &huge, 4);
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(r.error.code, CaptureErrorCode::CorruptRecord);
    EXPECT_EQ(r.error.offset, b.offsets[1]);
}

TEST(NetmonReader, BadHeaders) {
    const auto failure = [](auto change) {
        NetmonBuilder b = threeFrames(0);
        Data bytes = b.build();
        change(bytes);
        return scanBytes(bytes).error.code;
    };
    EXPECT_EQ(failure([](Data& d) { d[5] = 1; }), CaptureErrorCode::UnsupportedVersion);   // major 1
    EXPECT_EQ(failure([](Data& d) { d[5] = 3; }), CaptureErrorCode::UnsupportedVersion);   // major 3
    EXPECT_EQ(failure([](Data& d) { d[6] = 5; }), CaptureErrorCode::UnsupportedVersion);   // media 5
    EXPECT_EQ(failure([](Data& d) { d[28] = 6; }), CaptureErrorCode::CorruptRecord);       // table length 6
    EXPECT_EQ(failure([](Data& d) { d[28] = 0; }), CaptureErrorCode::CorruptRecord);       // empty table
}

TEST(NetmonReader, HeaderOnlyIsTruncated) {
    Data bytes = threeFrames(0).build();
    bytes.resize(128);
    const auto r = scanBytes(bytes);
    EXPECT_TRUE(r.frames.empty());
    EXPECT_EQ(r.error.code, CaptureErrorCode::TruncatedFile);
    bytes.resize(40);
    const auto cut = scanBytes(bytes);
    EXPECT_EQ(cut.error.code, CaptureErrorCode::TruncatedFile);
    EXPECT_EQ(cut.error.offset, 0u);
}

TEST(NetmonReader, Version1IsRecognisedButNotRead) {
    Data bytes = threeFrames(0).build();
    bytes[0] = 'R';
    bytes[1] = 'T';
    bytes[2] = 'S';
    bytes[3] = 'S';
    const auto r = scanBytes(bytes);
    EXPECT_EQ(r.format, CaptureFormat::Netmon1);
    EXPECT_EQ(r.error.code, CaptureErrorCode::UnsupportedFormat);
    EXPECT_NE(r.error.message.find("looks like Microsoft Network Monitor 1.x"), std::string::npos);
}

TEST(NetmonReader, EveryChunkingGivesTheSameResult) {
    for (const std::uint8_t minor : {0, 1, 2, 3}) {
        NetmonBuilder b = threeFrames(minor);
        b.frames.push_back({filled(10, 9), 3, 0xFFFE, kStartFiletime});  // skipped in 2.1+
        b.tableOrder = {3, 1, 0, 2};
        EXPECT_TRUE(test::sameResultForEveryChunking(b.build())) << int(minor);
    }
}

}  // namespace
}  // namespace caplens
