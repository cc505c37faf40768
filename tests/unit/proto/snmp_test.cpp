#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

TEST(Snmp, GetResponseOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("ndpi__snmp.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__snmp.pcap", 4));
    // Wireshark hands the sysName string to a dissector of the SNMP protocol: a second layer.
    EXPECT_EQ(d.protocols(), "eth:ip:udp:snmp:snmp");
    EXPECT_EQ(d.uint("snmp.version"), 0u);
    EXPECT_EQ(d.text("snmp.community"), "public");
    EXPECT_EQ(d.uint("snmp.data"), 2u);
    EXPECT_EQ(d.uint("snmp.request_id"), 1266162287u);
    EXPECT_EQ(d.text("snmp.name"), "1.3.6.1.2.1.1.5.0");
    EXPECT_EQ(d.text("snmp.var-bind_str"), "R1.lab.local");
    EXPECT_EQ(const_cast<proto::Packet&>(d.packet()).info(), "get-response 1.3.6.1.2.1.1.5.0");
}

TEST(Snmp, GetRequestHasASingleLayer) {
    CAPLENS_REQUIRE_CORPUS("ndpi__snmp.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__snmp.pcap", 3));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:snmp");
    EXPECT_TRUE(d.has("snmp.value.null"));
}

}  // namespace
}  // namespace caplens
