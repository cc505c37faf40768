// Display filters evaluated on frames built byte by byte: every construct, and Wireshark 4.0's
// semantics for fields that occur several times (each case checked against tshark 4.0 on a
// frame of the same shape).
#include <gtest/gtest.h>

#include "tests/unit/filter/filter_test_support.hpp"

namespace caplens::test {
namespace {

class FilterEvaluation : public ::testing::Test {
protected:
    FilterProbe http{httpRequestFrame()};
};

TEST_F(FilterEvaluation, PresenceOfProtocolsAndFields) {
    EXPECT_TRUE(http("frame"));
    EXPECT_TRUE(http("eth"));
    EXPECT_TRUE(http("ip"));
    EXPECT_TRUE(http("tcp"));
    EXPECT_FALSE(http("udp"));
    EXPECT_TRUE(http("tcp.port"));
    EXPECT_TRUE(http("tcp.flags.syn"));  // present though not set
    EXPECT_FALSE(http("udp.port"));
    EXPECT_TRUE(http("!udp"));
    EXPECT_TRUE(http(""));               // the empty filter passes everything
}

TEST_F(FilterEvaluation, IntegerComparisonsAndTheirWordForms) {
    EXPECT_TRUE(http("tcp.dstport == 80"));
    EXPECT_TRUE(http("tcp.dstport eq 80"));
    EXPECT_TRUE(http("tcp.srcport > 1024 and tcp.dstport < 1024"));
    EXPECT_TRUE(http("tcp.srcport gt 3371 && tcp.srcport ge 3372 && tcp.srcport le 3372 && tcp.srcport lt 3373"));
    EXPECT_FALSE(http("tcp.dstport ne 80"));
    EXPECT_TRUE(http("tcp.dstport == 0x50 && tcp.dstport == 0120 && tcp.dstport == 0b1010000"));
    EXPECT_TRUE(http("tcp.dstport == 'P'"));
    EXPECT_TRUE(http("ip.ttl == 64 && ip.len == 56"));
}

TEST_F(FilterEvaluation, FieldsOccurringTwiceFollowWireshark40) {
    // tcp.port holds 3372 and 80; ip.addr holds 10.0.0.1 and 192.168.1.20.
    EXPECT_TRUE(http("tcp.port == 80"));     // some value equals
    EXPECT_FALSE(http("tcp.port != 80"));    // != is "no value equals" since 3.6
    EXPECT_TRUE(http("tcp.port ~= 80"));     // some value differs
    EXPECT_TRUE(http("tcp.port !== 80"));
    EXPECT_FALSE(http("tcp.port === 80"));   // every value equals
    EXPECT_TRUE(http("tcp.port != 81"));
    EXPECT_TRUE(http("tcp.port > 1000"));
    EXPECT_FALSE(http("all tcp.port > 1000"));
    EXPECT_TRUE(http("any tcp.port != 80"));
    EXPECT_FALSE(http("all tcp.port != 80"));
    EXPECT_TRUE(http("ip.addr == 10.0.0.1"));
    EXPECT_FALSE(http("ip.addr != 10.0.0.1"));
    EXPECT_TRUE(http("ip.addr ~= 10.0.0.1"));
    EXPECT_TRUE(http("!(ip.addr == 127.0.0.1)"));
}

TEST_F(FilterEvaluation, AbsentFieldsMakeEveryRelationFalse) {
    EXPECT_FALSE(http("udp.port == 53"));
    EXPECT_FALSE(http("udp.port != 53"));
    EXPECT_FALSE(http("udp.port ~= 53"));
    EXPECT_FALSE(http("udp.port === 53"));
    EXPECT_TRUE(http("!(udp.port == 53)"));
    EXPECT_FALSE(http("tcp.srcport != udp.port"));
    EXPECT_FALSE(http("count(udp.port) == 0"));
    EXPECT_FALSE(http("tcp.port == ${tcp.srcport}"));  // no selected frame to refer to
}

TEST_F(FilterEvaluation, UnsignedFieldsAgainstNegativeNumbers) {
    // tshark 4.0: such pairs cannot be compared; "some pair" fails, "every pair" holds.
    EXPECT_FALSE(http("tcp.port == -1"));
    EXPECT_FALSE(http("tcp.port > -1"));
    EXPECT_FALSE(http("tcp.port ~= -1"));
    EXPECT_TRUE(http("tcp.port != -1"));
    EXPECT_TRUE(http("tcp.port === -1"));
    EXPECT_TRUE(http("tcp.port in {-1, 80}"));
    EXPECT_TRUE(http("-tcp.dstport == -80"));
    EXPECT_FALSE(http("tcp.dstport == -80"));
}

TEST_F(FilterEvaluation, Addresses) {
    EXPECT_TRUE(http("ip.src == 10.0.0.1 && ip.dst == 192.168.1.20"));
    EXPECT_TRUE(http("ip.addr == 10.0.0.0/8"));
    EXPECT_TRUE(http("ip.dst == 192.168.0.0/16"));
    EXPECT_FALSE(http("ip.src == 192.168.0.0/16"));
    EXPECT_TRUE(http("ip.src == 65.208.228.223/0"));
    EXPECT_TRUE(http("ip.dst > 192.168.1.19 && ip.dst < 192.168.1.21"));
    EXPECT_TRUE(http("ip.src in {10.0.0.0/24, 1.2.3.4}"));
    EXPECT_TRUE(http("ip.dst in {192.168.1.1 .. 192.168.1.100}"));
    EXPECT_TRUE(http("eth.src == fe:ff:20:00:01:00 && eth.dst == 00-11-22-33-44-55"));
    EXPECT_TRUE(http("eth.src == feff.2000.0100 && eth.src == feff20000100"));
    EXPECT_TRUE(http("eth.addr == 00:11:22:33:44:55"));
    EXPECT_FALSE(http("eth.dst == ff:ff:ff:ff:ff:ff"));
    EXPECT_TRUE(http("eth.src > 00:00:00:00:00:00"));
}

TEST_F(FilterEvaluation, BooleansAndValueNames) {
    EXPECT_TRUE(http("tcp.flags.ack == 1 && tcp.flags.syn == 0"));
    EXPECT_TRUE(http("tcp.flags.ack == True && tcp.flags.syn == False"));
    EXPECT_TRUE(http("tcp.flags.ack == \"Set\" && tcp.flags.syn == \"not set\""));
    EXPECT_TRUE(http("tcp.flags.ack == 2"));  // any non-zero number is true
    EXPECT_TRUE(http("tcp.flags == 0x018"));
    EXPECT_TRUE(http("eth.type == IPv4 && eth.type == \"ipv4\" && eth.type == 0x0800"));
    EXPECT_TRUE(http("ip.proto == TCP && ip.proto == \"tcp\" && ip.proto == 6"));
}

TEST_F(FilterEvaluation, Sets) {
    EXPECT_TRUE(http("tcp.port in {80, 443, 8080}"));
    EXPECT_TRUE(http("tcp.port in {1..1024}"));
    EXPECT_FALSE(http("tcp.port in {81..3371}"));  // each value against each range, not "some >= and some <="
    EXPECT_TRUE(http("tcp.port in {3000..4000}"));
    EXPECT_FALSE(http("tcp.port not in {80}"));
    EXPECT_TRUE(http("tcp.port not in {443}"));
    EXPECT_FALSE(http("all tcp.port in {80, 3372}"));  // per element, as tshark 4.0
    EXPECT_TRUE(http("tcp.srcport in {tcp.dstport, 3372}"));
    EXPECT_TRUE(http("frame.number in {1, 3, 5}"));
}

TEST_F(FilterEvaluation, Slices) {
    EXPECT_TRUE(http("eth.src[0:3] == fe:ff:20"));
    EXPECT_TRUE(http("eth.src[1] == ff"));
    EXPECT_TRUE(http("eth.src[-1] == 00"));
    EXPECT_TRUE(http("eth.src[1-2] == ff:20"));
    EXPECT_TRUE(http("eth.src[:2] == fe:ff"));
    EXPECT_TRUE(http("eth.src[4:] == 01:00"));
    EXPECT_TRUE(http("eth.src[0:1,4:1] == fe:01"));
    EXPECT_TRUE(http("frame[0:2] == 00:11"));
    EXPECT_TRUE(http("frame[12:2] == 08:00"));
    EXPECT_TRUE(http("ip[0:1] == 45"));
    EXPECT_TRUE(http("ip.src[0] == 0a && ip.dst[0:2] == c0:a8"));
    EXPECT_TRUE(http("tcp[0:2] == 0d:2c"));
    EXPECT_FALSE(http("tcp[20:3] == \"GET\""));  // a protocol's slice stays within its header
    EXPECT_TRUE(http("tcp.payload[0:3] == \"GET\" && tcp.payload[0:3] == 47:45:54"));
    EXPECT_TRUE(http("tcp.payload[0] == 'G'"));
    EXPECT_TRUE(http("frame[54:]"));
    EXPECT_FALSE(http("frame[70:]"));
    EXPECT_FALSE(http("eth.src[5:5] == 00"));   // past the end: no value ...
    EXPECT_TRUE(http("eth.src[6:1] != 00"));    // ... so "every pair" holds
    EXPECT_FALSE(http("eth.src[-7:1] == fe"));
    EXPECT_TRUE(http("ip.src[0:1] != ip.dst[0:1]"));
    EXPECT_TRUE(http("frame[6:6] == eth.src"));
}

TEST_F(FilterEvaluation, ContainsAndMatches) {
    EXPECT_TRUE(http("frame contains \"GET\""));
    EXPECT_TRUE(http("frame contains \"HTTP\""));
    EXPECT_TRUE(http("tcp contains \"GET\""));   // a protocol's bytes run to the end of its data
    EXPECT_TRUE(http("ip contains 47:45:54"));
    EXPECT_TRUE(http("tcp.payload contains 47:45:54 && tcp.payload contains 474554"));
    EXPECT_TRUE(http("tcp.payload contains 'G'"));
    EXPECT_TRUE(http("eth.src contains ff:20"));
    EXPECT_FALSE(http("frame contains \"POST\""));
    EXPECT_TRUE(http("frame matches \"get / http\""));       // caseless, as Wireshark's
    EXPECT_FALSE(http("frame matches \"(?-i)get\""));
    EXPECT_TRUE(http("tcp.payload matches \"^GET\""));
    EXPECT_FALSE(http("tcp matches \"^GET\""));
    EXPECT_TRUE(http("tcp.payload ~ \"HTTP/1\\\\.[01]\""));
    EXPECT_TRUE(http("tcp.payload matches r\"HTTP/1\\.[01]\\r\\n$\""));
}

TEST_F(FilterEvaluation, Functions) {
    EXPECT_TRUE(http("len(tcp.payload) == 16"));
    EXPECT_TRUE(http("len(tcp) == 20 && len(ip) == 20 && len(eth) == 14"));
    EXPECT_TRUE(http("len(eth.src) == 6 && len(ip.src) == 4 && len(tcp.port) == 2"));
    EXPECT_TRUE(http("len(frame) == 70"));
    EXPECT_TRUE(http("count(tcp.port) == 2 && count(ip.addr) == 2 && count(tcp) == 1"));
    EXPECT_TRUE(http("max(tcp.srcport, tcp.dstport) == 3372 && min(tcp.srcport, tcp.dstport) == 80"));
    EXPECT_TRUE(http("max(tcp.port) == 3372"));
    EXPECT_TRUE(http("max(tcp.srcport, udp.srcport) == 3372"));
    EXPECT_TRUE(http("string(tcp.srcport) == \"3372\""));
    EXPECT_TRUE(http("string(ip.src) == \"10.0.0.1\""));
    EXPECT_TRUE(http("string(eth.src) == \"fe:ff:20:00:01:00\""));
    EXPECT_TRUE(http("string(frame.number) matches \"^1$\""));
    EXPECT_TRUE(http("upper(frame.protocols) contains \"TCP\" && lower(upper(frame.protocols)) contains \"tcp\""));
    EXPECT_TRUE(http("abs(frame.time_delta) == 0"));
}

TEST_F(FilterEvaluation, Arithmetic) {
    EXPECT_TRUE(http("tcp.srcport + 1 == 3373"));
    EXPECT_TRUE(http("tcp.dstport * 2 == 160 && tcp.dstport / 2 == 40 && tcp.dstport % 7 == 3"));
    EXPECT_TRUE(http("tcp.dstport == 79 + 1"));
    EXPECT_TRUE(http("{tcp.dstport + 1} * 2 == 162"));
    EXPECT_TRUE(http("tcp.dstport + 0"));               // non-zero: passes
    EXPECT_FALSE(http("tcp.srcport - tcp.srcport"));    // zero: does not
    EXPECT_FALSE(http("tcp.flags & 0x02"));
    EXPECT_TRUE(http("tcp.flags & 0x10"));
    EXPECT_TRUE(http("tcp.flags & 0x18 == 0x18"));
    EXPECT_TRUE(http("tcp.flags bitwise_and 0x08"));
    EXPECT_FALSE(http("tcp.dstport / 0 == 1"));         // no value ...
    EXPECT_TRUE(http("tcp.dstport / 0 != 1"));          // ... so "every pair" holds
    EXPECT_TRUE(http("eth.src & ff:00:00:00:00:00 == fe:00:00:00:00:00"));
}

TEST_F(FilterEvaluation, FieldAgainstField) {
    EXPECT_FALSE(http("ip.src == ip.dst"));
    EXPECT_TRUE(http("ip.src != ip.dst"));
    EXPECT_TRUE(http("tcp.srcport > tcp.dstport"));
    EXPECT_FALSE(http("tcp.srcport == tcp.dstport"));
    EXPECT_TRUE(http("frame.cap_len == frame.len"));
    EXPECT_FALSE(http("frame.cap_len < frame.len"));
}

TEST_F(FilterEvaluation, LogicAndPrecedence) {
    EXPECT_TRUE(http("tcp or udp"));
    EXPECT_TRUE(http("tcp xor udp"));
    EXPECT_FALSE(http("tcp ^^ ip"));
    EXPECT_TRUE(http("tcp ^^ ip ^^ eth"));
    EXPECT_TRUE(http("udp || tcp.port == 80 && tcp.port == 3372"));
    EXPECT_FALSE(http("(udp || tcp.port == 80) && tcp.port == 81"));
    EXPECT_TRUE(http("not tcp.port == 81"));
    EXPECT_TRUE(http("!(tcp && udp)"));
    EXPECT_TRUE(http("tcp.flags.syn == 1 || not tcp.flags.ack == 0 && ip.dst == 192.168.0.0/16"));
}

TEST_F(FilterEvaluation, FrameFields) {
    EXPECT_TRUE(http("frame.number == 1"));
    EXPECT_TRUE(http("frame.len == 70 && frame.cap_len == 70"));
    EXPECT_TRUE(http("frame.time_relative == 0 && frame.time_delta <= 0.000001"));
    EXPECT_TRUE(http("frame.time > \"2023-11-14 00:00:00\" && frame.time < \"Nov 15, 2023 00:00:00\""));
    EXPECT_TRUE(http("frame.protocols contains \"tcp\""));
}

TEST(FilterEvaluationLayers, LayerOperatorPicksTunnelledHeaders) {
    // IPv4 10.0.0.1 -> 10.0.0.2 carrying IPv4 192.168.0.1 -> 192.168.0.2 carrying UDP.
    const Bytes inner = ipv4(0xc0a80001, 0xc0a80002, 17, 32, udp(1000, 53, text("x")));
    FilterProbe tunnel(ethernet(kMacA, kMacB, 0x0800, ipv4(0x0a000001, 0x0a000002, 4, 64, inner)));
    EXPECT_TRUE(tunnel("count(ip) == 2 && count(ip.addr) == 4"));
    EXPECT_TRUE(tunnel("ip#2"));
    EXPECT_FALSE(tunnel("ip#3"));
    EXPECT_TRUE(tunnel("ip.src#1 == 10.0.0.1 && ip.src#2 == 192.168.0.1"));
    EXPECT_FALSE(tunnel("ip.src#1 == 192.168.0.1"));
    EXPECT_TRUE(tunnel("ip.addr#[-1] == 192.168.0.2"));
    EXPECT_FALSE(tunnel("ip.addr#[-1] == 10.0.0.2"));
    EXPECT_TRUE(tunnel("ip.addr#[1-2] == 192.168.0.2 && ip.addr#[2:] == 192.168.0.1 && ip.addr#[1:1] == 10.0.0.2"));
    EXPECT_FALSE(tunnel("ip.addr#[:1] == 10.0.0.1"));  // layer 0 does not exist
    EXPECT_TRUE(tunnel("ip.ttl == 32 && ip.ttl != 33 && !(ip.ttl === 32)"));
    EXPECT_TRUE(tunnel("len(ip.addr#2) == 4"));
}

TEST(FilterEvaluationFrames, BroadcastAndUdp) {
    FilterProbe dns(ethernet(kBroadcast, kMacA, 0x0800, ipv4(0x0a000001, 0x0a0000ff, 17, 128, udp(53000, 53, text("q")))));
    EXPECT_TRUE(dns("eth.dst == ff:ff:ff:ff:ff:ff"));
    EXPECT_TRUE(dns("udp.port == 53 && udp.length == 9"));
    EXPECT_TRUE(dns("udp and not tcp"));
    EXPECT_TRUE(dns("udp.port in {53, 67, 68, 123}"));
    EXPECT_TRUE(dns("udp.srcport != udp.dstport"));
}

}  // namespace
}  // namespace caplens::test
