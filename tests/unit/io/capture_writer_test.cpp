#include "core/io/capture_writer.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/unit/support/scan_result.hpp"

namespace caplens {
namespace {

using test::scanBytes;
using Data = std::vector<std::uint8_t>;

// A frame as a reader would report it, owning its bytes.
struct Frame {
    TimestampNs timestampNs = 0;
    Data data;
    std::uint32_t originalLength = 0;  // 0: not cut
    LinkType linkType = linktype::Ethernet;
    std::uint32_t interfaceId = 0;
    std::uint32_t pseudoHeaderLength = 0;

    [[nodiscard]] CapturedFrame captured() const {
        CapturedFrame f;
        f.timestampNs = timestampNs;
        f.data = data;
        f.pseudoHeaderLength = pseudoHeaderLength;
        f.capturedLength = static_cast<std::uint32_t>(data.size()) - pseudoHeaderLength;
        f.originalLength = originalLength != 0 ? originalLength : f.capturedLength;
        f.linkType = linkType;
        f.interfaceId = interfaceId;
        return f;
    }
};

Data bytesOf(std::size_t n, std::uint8_t seed) {
    Data d(n);
    for (std::size_t i = 0; i < n; ++i) d[i] = static_cast<std::uint8_t>(seed + i * 7);
    return d;
}

InterfaceInfo interface(LinkType linkType, std::uint32_t snapLength, std::uint8_t digits = 6,
                        std::string name = {}) {
    InterfaceInfo info;
    info.linkType = linkType;
    info.snapLength = snapLength;
    info.timestampDigits = digits;
    info.name = std::move(name);
    return info;
}

struct Written {
    Data bytes;
    std::vector<CaptureError> errors;  // one per frame (None when written)
    std::size_t sinkCalls = 0;
    std::uint64_t framesWritten = 0;
};

Written writeAll(ExportFormat format, const CaptureMetadata& input, const std::vector<Frame>& frames) {
    Written out;
    auto writer = makeCaptureWriter(format, [&](std::span<const std::uint8_t> piece) {
        ++out.sinkCalls;
        out.bytes.insert(out.bytes.end(), piece.begin(), piece.end());
    });
    for (const Frame& frame : frames) out.errors.push_back(writer->write(frame.captured(), input));
    writer->finish(input);
    EXPECT_EQ(writer->bytesWritten(), out.bytes.size());
    out.framesWritten = writer->framesWritten();
    return out;
}

// The frames read back are the frames written: time, lengths, bytes, link type.
void expectSameFrames(const std::vector<Frame>& written, const test::ScanResult& read) {
    ASSERT_EQ(read.status, JobStatus::Done) << read.error.message;
    ASSERT_EQ(read.frames.size(), written.size());
    for (std::size_t i = 0; i < written.size(); ++i) {
        const CapturedFrame expected = written[i].captured();
        const test::ScannedFrame& got = read.frames[i];
        EXPECT_EQ(got.timestampNs, expected.timestampNs) << "frame " << i + 1;
        EXPECT_EQ(got.capturedLength, expected.capturedLength) << "frame " << i + 1;
        EXPECT_EQ(got.originalLength, expected.originalLength) << "frame " << i + 1;
        EXPECT_EQ(got.pseudoHeaderLength, expected.pseudoHeaderLength) << "frame " << i + 1;
        EXPECT_EQ(got.linkType, expected.linkType) << "frame " << i + 1;
        EXPECT_EQ(got.data, written[i].data) << "frame " << i + 1;
    }
}

CaptureMetadata pcapInput(std::uint8_t digits, std::uint32_t snapLength, LinkType linkType = linktype::Ethernet) {
    CaptureMetadata input;
    input.format = digits == 9 ? CaptureFormat::PcapNsec : CaptureFormat::Pcap;
    input.timestampDigits = digits;
    input.interfaces.push_back(interface(linkType, snapLength, digits));
    return input;
}

TEST(CaptureWriter, FormatNamesAndDefaults) {
    EXPECT_EQ(parseExportFormat("pcap"), ExportFormat::Pcap);
    EXPECT_EQ(parseExportFormat("pcapng"), ExportFormat::Pcapng);
    EXPECT_EQ(parseExportFormat("erf"), std::nullopt);
    EXPECT_EQ(exportFormatName(ExportFormat::Pcapng), "pcapng");
    EXPECT_EQ(defaultExportFormat(CaptureFormat::Pcapng), ExportFormat::Pcapng);
    EXPECT_EQ(defaultExportFormat(CaptureFormat::PcapNsec), ExportFormat::Pcap);
    EXPECT_EQ(defaultExportFormat(CaptureFormat::Netmon2), ExportFormat::Pcap);
}

TEST(PcapWriter, MicrosecondRoundTrip) {
    const std::vector<Frame> frames = {
        {1'700'000'000'123'456'000, bytesOf(60, 1)},
        {1'700'000'001'000'001'000, bytesOf(1514, 2)},
        {1'700'000'002'999'999'000, bytesOf(96, 3), 1400},  // cut by the snap length
    };
    const Written out = writeAll(ExportFormat::Pcap, pcapInput(6, 96), frames);
    EXPECT_EQ(out.framesWritten, 3u);
    EXPECT_EQ(out.sinkCalls, 4u) << "a header and one piece per frame: the writer streams";
    const auto read = scanBytes(out.bytes);
    EXPECT_EQ(read.format, CaptureFormat::Pcap);
    ASSERT_EQ(read.metadata.interfaces.size(), 1u);
    EXPECT_EQ(read.metadata.interfaces[0].snapLength, 96u);
    expectSameFrames(frames, read);
}

TEST(PcapWriter, NanosecondInputKeepsNanoseconds) {
    const std::vector<Frame> frames = {{1'700'000'000'123'456'789, bytesOf(64, 4), 0, linktype::Raw}};
    const Written out = writeAll(ExportFormat::Pcap, pcapInput(9, 0, linktype::Raw), frames);
    const auto read = scanBytes(out.bytes);
    EXPECT_EQ(read.format, CaptureFormat::PcapNsec);
    EXPECT_EQ(read.metadata.interfaces[0].snapLength, kDefaultSnapLength) << "no snap length: 262144";
    expectSameFrames(frames, read);
}

TEST(PcapWriter, RefusesASecondLinkTypeAndSuggestsPcapng) {
    const std::vector<Frame> frames = {
        {1'000'000'000, bytesOf(60, 5), 0, linktype::Ethernet},
        {2'000'000'000, bytesOf(40, 6), 0, linktype::Raw, 1},
    };
    CaptureMetadata input = pcapInput(6, 0);
    input.format = CaptureFormat::Pcapng;
    input.interfaces.push_back(interface(linktype::Raw, 0));
    const Written out = writeAll(ExportFormat::Pcap, input, frames);
    EXPECT_FALSE(out.errors[0]);
    ASSERT_TRUE(out.errors[1]);
    EXPECT_EQ(out.errors[1].code, CaptureErrorCode::UnwritableFrame);
    EXPECT_NE(out.errors[1].message.find("pcapng"), std::string::npos) << out.errors[1].message;
    EXPECT_EQ(out.framesWritten, 1u);
    // What was written before the refusal is still a valid file of the first frame.
    expectSameFrames({frames[0]}, scanBytes(out.bytes));
}

TEST(PcapWriter, NoFramesStillWritesTheHeader) {
    const Written out = writeAll(ExportFormat::Pcap, pcapInput(6, 65535, linktype::LinuxSll), {});
    EXPECT_EQ(out.bytes.size(), 24u);
    const auto read = scanBytes(out.bytes);
    EXPECT_EQ(read.status, JobStatus::Done);
    EXPECT_TRUE(read.frames.empty());
    EXPECT_EQ(read.metadata.interfaces[0].linkType, linktype::LinuxSll);
}

TEST(PcapWriter, KeepsThePseudoHeaderInFrontOfThePacket) {
    // SunATM: a 4-byte pseudo-header that neither length counts.
    Frame atm{5'000'000'000, bytesOf(4 + 48, 7), 0, linktype::SunAtm};
    atm.pseudoHeaderLength = 4;
    const Written out = writeAll(ExportFormat::Pcap, pcapInput(6, 0, linktype::SunAtm), {atm});
    expectSameFrames({atm}, scanBytes(out.bytes));
    const Written ng = writeAll(ExportFormat::Pcapng, pcapInput(6, 0, linktype::SunAtm), {atm});
    expectSameFrames({atm}, scanBytes(ng.bytes));
}

TEST(CaptureWriter, RefusesRecordsWithoutALinkTypeNumber) {
    const std::vector<Frame> frames = {{0, bytesOf(20, 8), 0, linktype::NetmonEvent}};
    CaptureMetadata input;
    input.format = CaptureFormat::Netmon2;
    for (ExportFormat format : {ExportFormat::Pcap, ExportFormat::Pcapng}) {
        const Written out = writeAll(format, input, frames);
        EXPECT_EQ(out.errors[0].code, CaptureErrorCode::UnwritableFrame) << exportFormatName(format);
        EXPECT_EQ(out.framesWritten, 0u);
        const auto read = scanBytes(out.bytes);
        EXPECT_EQ(read.status, JobStatus::Done) << exportFormatName(format) << ": " << read.error.message;
        EXPECT_TRUE(read.frames.empty());
    }
}

TEST(PcapngWriter, OneInterfaceBlockPerInterfaceUsedWithItsResolution) {
    CaptureMetadata input;
    input.format = CaptureFormat::Pcapng;
    input.timestampDigits = 9;
    input.interfaces.push_back(interface(linktype::Ethernet, 1500, 6, "eth0"));
    input.interfaces.push_back(interface(linktype::Ieee802_11, 0, 6, "unused"));
    input.interfaces.push_back(interface(linktype::Raw, 65535, 9, "tun0"));
    const std::vector<Frame> frames = {
        {1'600'000'000'000'001'000, bytesOf(60, 9), 0, linktype::Ethernet, 0},
        {1'600'000'000'000'002'345, bytesOf(41, 10), 0, linktype::Raw, 2},
        {1'600'000'000'000'003'000, bytesOf(99, 11), 200, linktype::Ethernet, 0},
    };
    const Written out = writeAll(ExportFormat::Pcapng, input, frames);
    const auto read = scanBytes(out.bytes);
    EXPECT_EQ(read.format, CaptureFormat::Pcapng);
    expectSameFrames(frames, read);
    // Interfaces in the order of first use; the unused one is left out.
    ASSERT_EQ(read.metadata.interfaces.size(), 2u);
    EXPECT_EQ(read.metadata.interfaces[0].name, "eth0");
    EXPECT_EQ(read.metadata.interfaces[0].snapLength, 1500u);
    EXPECT_EQ(read.metadata.interfaces[0].timestampDigits, 6);
    EXPECT_EQ(read.metadata.interfaces[1].name, "tun0");
    EXPECT_EQ(read.metadata.interfaces[1].timestampDigits, 9);
    EXPECT_EQ(read.frames[0].interfaceId, 0u);
    EXPECT_EQ(read.frames[1].interfaceId, 1u);
    EXPECT_EQ(read.frames[2].interfaceId, 0u);
    EXPECT_EQ(read.metadata.application, "caplens");
}

TEST(PcapngWriter, PerFrameLinkTypesGetAnInterfaceEach) {
    // NetMon describes no interface and gives every frame its own link type.
    CaptureMetadata input;
    input.format = CaptureFormat::Netmon2;
    input.timestampDigits = 7;
    input.perPacketLinkTypes = true;
    const std::vector<Frame> frames = {
        {1'000'000'000'000'000'100, bytesOf(60, 12), 0, linktype::Ethernet},
        {1'000'000'000'000'000'200, bytesOf(30, 13), 0, linktype::Raw},
        {1'000'000'000'000'000'300, bytesOf(62, 14), 0, linktype::Ethernet},
    };
    const Written out = writeAll(ExportFormat::Pcapng, input, frames);
    const auto read = scanBytes(out.bytes);
    expectSameFrames(frames, read);
    ASSERT_EQ(read.metadata.interfaces.size(), 2u);
    EXPECT_EQ(read.metadata.interfaces[1].linkType, linktype::Raw);
    EXPECT_EQ(read.metadata.interfaces[0].timestampDigits, 9) << "finer than microseconds: if_tsresol 9";
    // And pcap refuses the second link type.
    const Written pcap = writeAll(ExportFormat::Pcap, input, frames);
    EXPECT_EQ(pcap.errors[1].code, CaptureErrorCode::UnwritableFrame);
    EXPECT_FALSE(pcap.errors[2]);
}

TEST(PcapngWriter, OutputReadsTheSameInEveryChunking) {
    CaptureMetadata input = pcapInput(9, 0);
    input.hardware = "x86";
    const std::vector<Frame> frames = {{123'456'789, bytesOf(13, 15)}, {223'456'789, bytesOf(7, 16)}};
    const Written out = writeAll(ExportFormat::Pcapng, input, frames);
    EXPECT_EQ(out.bytes.size() % 4, 0u);
    EXPECT_TRUE(test::sameResultForEveryChunking(out.bytes, 16));
    EXPECT_EQ(scanBytes(out.bytes).metadata.hardware, "x86");
}

TEST(PcapngWriter, NoFramesIsASectionHeaderAlone) {
    const Written out = writeAll(ExportFormat::Pcapng, pcapInput(6, 0), {});
    const auto read = scanBytes(out.bytes);
    EXPECT_EQ(read.format, CaptureFormat::Pcapng);
    EXPECT_EQ(read.status, JobStatus::Done) << read.error.message;
    EXPECT_TRUE(read.frames.empty());
}

}  // namespace
}  // namespace caplens
