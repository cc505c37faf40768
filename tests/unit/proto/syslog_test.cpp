#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

TEST(Syslog, PriorityAndMessage) {
    const std::string text = "<189>Oct 11 22:14:15 router: link up";
    const auto udpLength = static_cast<std::uint8_t>(8 + text.size());
    std::vector<std::uint8_t> f = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
                                   0x45, 0, 0, static_cast<std::uint8_t>(20 + udpLength), 0, 1, 0, 0, 64, 17, 0, 0,
                                   10, 0, 0, 1, 10, 0, 0, 2, 0xc0, 0x00, 0x02, 0x02, 0, udpLength, 0, 0};
    f.insert(f.end(), text.begin(), text.end());
    test::ProtoDecoder d;
    d.decode(f, linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:syslog");
    EXPECT_EQ(d.uint("syslog.facility"), 23u);
    EXPECT_EQ(d.uint("syslog.level"), 5u);
    EXPECT_EQ(d.text("syslog.msg"), "Oct 11 22:14:15 router: link up");
    EXPECT_EQ(const_cast<proto::Packet&>(d.packet()).info(), "LOCAL7.NOTICE: Oct 11 22:14:15 router: link up");
}

}  // namespace
}  // namespace caplens
