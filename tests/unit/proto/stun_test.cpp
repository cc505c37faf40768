#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

std::vector<std::uint8_t> udpFrame(std::uint16_t sport, std::uint16_t dport, const std::vector<std::uint8_t>& payload) {
    const auto udpLength = static_cast<std::uint16_t>(8 + payload.size());
    const auto ipLength = static_cast<std::uint16_t>(20 + udpLength);
    std::vector<std::uint8_t> f = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
                                   0x45, 0, static_cast<std::uint8_t>(ipLength >> 8), static_cast<std::uint8_t>(ipLength),
                                   0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
                                   static_cast<std::uint8_t>(sport >> 8), static_cast<std::uint8_t>(sport),
                                   static_cast<std::uint8_t>(dport >> 8), static_cast<std::uint8_t>(dport),
                                   static_cast<std::uint8_t>(udpLength >> 8), static_cast<std::uint8_t>(udpLength), 0, 0};
    f.insert(f.end(), payload.begin(), payload.end());
    return f;
}

// A Binding Success Response with XOR-MAPPED-ADDRESS 192.0.2.1:32853 (RFC 5769 style).
const std::vector<std::uint8_t> kBindingResponse = {
    0x01, 0x01, 0x00, 0x0c, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    0x00, 0x20, 0x00, 0x08, 0x00, 0x01, 0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43};

TEST(Stun, BindingResponseOnItsPort) {
    test::ProtoDecoder d;
    d.decode(udpFrame(3478, 50000, kBindingResponse), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:stun");
    EXPECT_EQ(d.uint("stun.type"), 0x0101u);
    EXPECT_EQ(d.uint("stun.type.class"), 2u);
    EXPECT_EQ(d.uint("stun.type.method"), 1u);
    EXPECT_EQ(d.uint("stun.att.port"), 32853u);
    EXPECT_EQ(d.text("stun.att.ipv4"), "192.0.2.1");
    EXPECT_EQ(const_cast<proto::Packet&>(d.packet()).info(), "Binding Success Response");
}

TEST(Stun, HeuristicNeedsTheCookieAndAnExactLength) {
    test::ProtoDecoder d;
    d.decode(udpFrame(40000, 40001, kBindingResponse), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:stun");
    auto noCookie = kBindingResponse;
    noCookie[4] = 0;
    d.decode(udpFrame(40002, 40003, noCookie), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:data");
}

}  // namespace
}  // namespace caplens
