#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using namespace test::net;

std::string hierarchy(const proto::Packet& p) {
    std::string out;
    for (const auto id : p.hierarchyPath()) out += (out.empty() ? "" : ">") + std::string(proto::registry().field(id).abbrev);
    return out;
}

Bytes chunk(std::uint8_t type, std::uint8_t flags, const Bytes& value) {
    Bytes b = {type, flags};
    put16(b, static_cast<std::uint32_t>(4 + value.size()));
    b = b + value;
    while (b.size() % 4) b.push_back(0);
    return b;
}

Bytes data(std::uint32_t tsn, std::uint8_t flags, const Bytes& payload, std::uint16_t ssn = 0) {
    Bytes v;
    put32(v, tsn);
    put16(v, 0);
    put16(v, ssn);
    put32(v, 0);
    return chunk(0, flags, v + payload);
}

Bytes sctp(const Bytes& chunks) {
    Bytes b;
    put16(b, 1000);
    put16(b, 2000);
    put32(b, 5);
    put32(b, 0);
    return ethernet(0x0800, ipv4(132, b + chunks));
}

TEST(Sctp, DataAndSackOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("ndpi__sctp.cap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__sctp.cap", 1));
    EXPECT_EQ(d.protocols(), "eth:ip:sctp:data");
    EXPECT_EQ(d.uint("sctp.srcport"), 16384u);
    EXPECT_EQ(d.uint("sctp.dstport"), 2944u);
    EXPECT_EQ(d.uint("sctp.verification_tag"), 0x16f0au);
    EXPECT_EQ(d.uint("sctp.chunk_type"), 0u);
    EXPECT_EQ(d.uint("sctp.data_tsn"), 0u);
    EXPECT_EQ(d.uint("sctp.data_tsn_raw"), 671236933u);
    EXPECT_EQ(d.uint("sctp.data_payload_proto_id"), 7u);
    EXPECT_EQ(d.uint("sctp.data_e_bit"), 1u);
    EXPECT_EQ(d.uint("sctp.checksum.status"), 2u);
    d.decode(test::corpusFrames("ndpi__sctp.cap")[1].frame);
    EXPECT_EQ(d.protocols(), "eth:ip:sctp");
    EXPECT_EQ(d.uint("sctp.chunk_type"), 3u);
    EXPECT_EQ(d.uint("sctp.sack_cumulative_tsn_ack"), 0u);
    EXPECT_EQ(d.uint("sctp.sack_a_rwnd"), 8192u);
    EXPECT_EQ(d.packet().infoText(), "SACK (Ack=0, Arwnd=8192) ");
}

TEST(Sctp, EveryDataChunkAfterTheFirstIsAnotherLevel) {
    test::ProtoDecoder d;
    d.decode(sctp(data(1, 3, {'h', 'e', 'l', 'l', 'o'}) + data(2, 3, {'w', 'o', 'r', 'l', 'd'})), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:sctp:data:data");
    EXPECT_EQ(hierarchy(d.packet()), "eth>ip>sctp>data>sctp>data");
    EXPECT_EQ(d.packet().infoText(), "DATA (TSN=0) DATA (TSN=1) ");
}

TEST(Sctp, FragmentedMessagesAreReassembled) {
    test::ProtoDecoder d;
    d.decode(sctp(data(10, 2, {'f', 'r', 'a', 'g', '1'})), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:sctp");
    EXPECT_EQ(d.packet().infoText(), "DATA (TSN=0) (Message Fragment) ");
    d.decode(sctp(data(11, 0, {'-'})), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:sctp");
    d.decode(sctp(data(12, 1, {'f', 'r', 'a', 'g', '2'})), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:sctp:data");
    EXPECT_EQ(d.uint("data.len"), 11u);
    EXPECT_EQ(d.all("sctp.fragment").size(), 3u);
}

TEST(Sctp, ControlChunksAndHostileLengths) {
    Bytes init;
    put32(init, 0x11111111);
    put32(init, 65535);
    put16(init, 10);
    put16(init, 10);
    put32(init, 1000);
    init = init + Bytes{0, 5, 0, 8, 10, 0, 0, 1};  // IPv4 address parameter
    test::ProtoDecoder d;
    d.decode(sctp(chunk(1, 0, init)), linktype::Ethernet);
    EXPECT_EQ(d.uint("sctp.init_initiate_tag"), 0x11111111u);
    EXPECT_EQ(d.text("sctp.parameter_ipv4_address"), "10.0.0.1");
    EXPECT_EQ(d.packet().infoText(), "INIT ");
    // A chunk claiming 2 bytes, then one that runs past the packet.
    d.decode(sctp({1, 0, 0, 2}), linktype::Ethernet);
    EXPECT_TRUE(d.has("sctp.chunk_length.bad"));
    d.decode(sctp({0, 3, 0, 200, 0, 0, 0, 0}), linktype::Ethernet);
    EXPECT_TRUE(d.has("_ws.malformed"));
    // Shorter than the common header: malformed before any SCTP item.
    d.decode(ethernet(0x0800, ipv4(132, {0, 1, 0, 2, 0, 0, 0, 0})), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:sctp");
    EXPECT_FALSE(d.has("sctp.srcport"));
}

}  // namespace
}  // namespace caplens
