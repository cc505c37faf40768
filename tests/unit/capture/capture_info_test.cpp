#include "core/capture/capture_info.hpp"

#include <gtest/gtest.h>

#include "core/analysis/capture_properties.hpp"
#include "core/io/memory_source.hpp"

namespace caplens {
namespace {

CaptureInfo infoWith(std::vector<LinkType> frameLinks, std::vector<LinkType> interfaceLinks) {
    CaptureInfo info;
    CapturePropertiesCollector collector;
    for (const LinkType link : frameLinks) {
        CapturedFrame frame;
        frame.linkType = link;
        frame.timestampNs = 1;
        collector.onFrame(frame);
    }
    info.properties = collector.result();
    for (const LinkType link : interfaceLinks) {
        InterfaceInfo itf;
        itf.linkType = link;
        info.metadata.interfaces.push_back(itf);
    }
    return info;
}

TEST(CaptureInfo, FileEncapsulationAsCapinfosNamesIt) {
    EXPECT_EQ(fileEncapsulationName(infoWith({1, 1}, {1})), "ether");
    EXPECT_EQ(fileEncapsulationName(infoWith({1, 0}, {1, 0})), "per-packet");
    EXPECT_EQ(fileEncapsulationName(infoWith({}, {1, 1, 0})), "per-packet");  // pcapng IDBs disagree
    EXPECT_EQ(fileEncapsulationName(infoWith({}, {101})), "rawip");
    EXPECT_EQ(fileEncapsulationName(infoWith({}, {})), "unknown");
    CaptureInfo netmon = infoWith({1, 1}, {});
    netmon.metadata.perPacketLinkTypes = true;  // NetMon 2.1+
    EXPECT_EQ(fileEncapsulationName(netmon), "per-packet");
}

TEST(CaptureProperties, NetmonCommentedFramesCountAsNetworkMonitorHeader) {
    CapturePropertiesCollector collector;
    CapturedFrame plain;
    plain.linkType = linktype::Ethernet;
    CapturedFrame commented = plain;
    commented.flags = kFrameHasNetmonComment;
    collector.onFrame(commented);
    collector.onFrame(plain);
    collector.onFrame(commented);
    const auto& encapsulations = collector.result().encapsulations;
    ASSERT_EQ(encapsulations.size(), 2u);
    EXPECT_EQ(encapsulations[0].linkType, linktype::NetmonHeader);
    EXPECT_EQ(encapsulations[0].frames, 2u);
    EXPECT_EQ(linkTypeNames(linktype::NetmonHeader).longName, "Network Monitor Header");
}

TEST(CaptureProperties, FramesWithoutTimestampsHideTheTimesLikeCapinfos) {
    CapturePropertiesCollector collector;
    CapturedFrame timed;
    timed.timestampNs = 5'000'000'000;
    CapturedFrame untimed;  // a pcapng Simple Packet Block
    collector.onFrame(timed);
    collector.onFrame(untimed);
    const CaptureProperties& p = collector.result();
    EXPECT_EQ(p.framesWithoutTimestamp, 1u);
    EXPECT_FALSE(p.everyFrameHasTimestamp());
    EXPECT_EQ(p.start, std::optional<TimestampNs>(5'000'000'000));  // JSON still has the times
    CaptureInfo info;
    info.properties = p;
    EXPECT_NE(captureInfoText(info).find("First packet time:   n/a"), std::string::npos) << captureInfoText(info);
}

TEST(MemorySource, AnOffsetPastTheEndGivesAnEmptyWindowThere) {
    const std::vector<std::uint8_t> bytes(10, 1);
    MemorySource source(bytes);
    const SourceRead read = source.read(1000, 16);
    EXPECT_EQ(read.status, SourceStatus::Ready);
    EXPECT_EQ(read.window.offset, 1000u);
    EXPECT_TRUE(read.window.bytes.empty());
    EXPECT_TRUE(read.window.reachesEnd);
}

}  // namespace
}  // namespace caplens
