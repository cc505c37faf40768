// filter_test_support.hpp — frames built byte by byte and display filters evaluated on them.
//
//   const auto frame = test::ethernet(kMacA, kMacB, 0x0800, test::ipv4(0x0a000001, 0x0a000002, 6, 64,
//                                     test::tcp(1234, 80, test::kSyn, {})));
//   test::FilterProbe probe(frame);
//   EXPECT_TRUE(probe("tcp.flags.syn == 1"));
//
// The probe decodes the frame twice per expression, in Filter mode with the filter's own field
// mask (as `caplens filter` does) and in Tree mode (every field), and checks both agree.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/filter/display_filter.hpp"
#include "core/proto/frame_decoder.hpp"

namespace caplens::test {

using Bytes = std::vector<std::uint8_t>;
using Mac = std::array<std::uint8_t, 6>;

inline constexpr Mac kMacA{0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
inline constexpr Mac kMacB{0xfe, 0xff, 0x20, 0x00, 0x01, 0x00};
inline constexpr Mac kBroadcast{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

inline constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;

inline void put16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
inline void put32(Bytes& b, std::uint32_t v) {
    put16(b, static_cast<std::uint16_t>(v >> 16));
    put16(b, static_cast<std::uint16_t>(v));
}
inline Bytes text(const std::string& s) { return Bytes(s.begin(), s.end()); }

inline Bytes ethernet(const Mac& dst, const Mac& src, std::uint16_t type, const Bytes& payload) {
    Bytes b(dst.begin(), dst.end());
    b.insert(b.end(), src.begin(), src.end());
    put16(b, type);
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
}

// An IPv4 header (no options) in front of `payload`.
inline Bytes ipv4(std::uint32_t src, std::uint32_t dst, std::uint8_t protocol, std::uint8_t ttl, const Bytes& payload,
                  std::uint16_t flagsAndOffset = 0x4000) {
    Bytes b{0x45, 0x00};
    put16(b, static_cast<std::uint16_t>(20 + payload.size()));
    put16(b, 0x1234);
    put16(b, flagsAndOffset);
    b.push_back(ttl);
    b.push_back(protocol);
    put16(b, 0);  // checksum (not verified)
    put32(b, src);
    put32(b, dst);
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
}

inline Bytes tcp(std::uint16_t srcPort, std::uint16_t dstPort, std::uint8_t flags, const Bytes& payload,
                 std::uint32_t seq = 1000, std::uint32_t ack = 0, std::uint16_t window = 8192) {
    Bytes b;
    put16(b, srcPort);
    put16(b, dstPort);
    put32(b, seq);
    put32(b, ack);
    b.push_back(0x50);
    b.push_back(flags);
    put16(b, window);
    put16(b, 0);  // checksum
    put16(b, 0);  // urgent pointer
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
}

inline Bytes udp(std::uint16_t srcPort, std::uint16_t dstPort, const Bytes& payload) {
    Bytes b;
    put16(b, srcPort);
    put16(b, dstPort);
    put16(b, static_cast<std::uint16_t>(8 + payload.size()));
    put16(b, 0);
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
}

// A typical frame: Ethernet fe:ff:20:00:01:00 -> 00:11:22:33:44:55, IPv4 10.0.0.1:3372 ->
// 192.168.1.20:80 (TTL 64), TCP PSH/ACK carrying "GET / HTTP/1.1\r\n".
inline Bytes httpRequestFrame() {
    return ethernet(kMacA, kMacB, 0x0800,
                    ipv4(0x0a000001, 0xc0a80114, 6, 64, tcp(3372, 80, kPsh | kAck, text("GET / HTTP/1.1\r\n"))));
}

class FilterProbe {
public:
    explicit FilterProbe(Bytes frame, LinkType linkType = linktype::Ethernet)
        : m_bytes(std::move(frame)), m_linkType(linkType) {}

    // Whether the frame passes `expression` (a compile error fails the test).
    bool operator()(const std::string& expression) const {
        const filter::CompileResult compiled = filter::compile(expression);
        if (!compiled) {
            ADD_FAILURE() << expression << ": column " << compiled.error.column << ": " << compiled.error.message;
            return false;
        }
        const bool filtered = evaluate(*compiled.filter, proto::DissectionMode::Filter);
        const bool tree = evaluate(*compiled.filter, proto::DissectionMode::Tree);
        EXPECT_EQ(filtered, tree) << expression << ": Filter mode and Tree mode disagree";
        return filtered;
    }

private:
    bool evaluate(const filter::DisplayFilter& f, proto::DissectionMode mode) const {
        proto::FrameDecoder decoder;
        CapturedFrame frame;
        frame.timestampNs = 1'700'000'000'000'000'000;
        frame.capturedLength = static_cast<std::uint32_t>(m_bytes.size());
        frame.originalLength = frame.capturedLength;
        frame.linkType = m_linkType;
        frame.data = m_bytes;
        const proto::Packet& packet =
            decoder.decode(frame, mode, mode == proto::DissectionMode::Filter ? &f.mask() : nullptr, false);
        return f.matches(packet);
    }

    Bytes m_bytes;
    LinkType m_linkType;
};

// The error of an expression that must not compile (an empty message if it compiles).
inline filter::FilterError errorOf(const std::string& expression) {
    filter::CompileResult compiled = filter::compile(expression);
    if (compiled) {
        ADD_FAILURE() << expression << " compiled";
        return {};
    }
    return compiled.error;
}

}  // namespace caplens::test
