// analysis_test_support.hpp — feeding the Statistics analyzers hand-built frames.
//
//   test::FrameFeeder feed;
//   const auto& p = feed.frame(ethIpv4Tcp(syn(50432, 443)), 1'000'000);  // at t = 1 ms
//   report.onFrame(feed.captured(), p);
//
// Frames are dissected in Fast mode, as in the pass that opens a file, in the order given
// (TCP streams and reassembly keep their state from frame to frame).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "core/io/captured_frame.hpp"
#include "core/proto/frame_decoder.hpp"
#include "tests/unit/proto/net_test_frames.hpp"

namespace caplens::test {

using net::Bytes;

inline constexpr TimestampNs kStart = 1'700'000'000'000'000'000;  // the first frame's time
inline constexpr std::uint16_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAckFlag = 0x10;

// A TCP header (20 bytes, window 65535, checksum 0) followed by `payload`.
inline Bytes tcp(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq, std::uint32_t ack, std::uint16_t flags,
                 const Bytes& payload = {}) {
    Bytes b;
    net::put16(b, sport);
    net::put16(b, dport);
    net::put32(b, seq);
    net::put32(b, ack);
    b.push_back(static_cast<std::uint8_t>(0x50 | ((flags >> 8) & 0x0F)));
    b.push_back(static_cast<std::uint8_t>(flags));
    net::put16(b, 65535);
    net::put16(b, 0);
    net::put16(b, 0);
    return net::operator+(b, payload);
}

inline constexpr std::uint32_t kClient = 0x0a000004;  // 10.0.0.4
inline constexpr std::uint32_t kServer = 0x0a000005;  // 10.0.0.5

// Ethernet + IPv4 (10.0.0.4 -> 10.0.0.5 unless given) + `transport`.
inline Bytes ethIpv4(std::uint8_t protocol, const Bytes& transport, std::uint32_t src = kClient, std::uint32_t dst = kServer) {
    return net::ethernet(0x0800, net::ipv4(protocol, transport, src, dst));
}

class FrameFeeder {
public:
    // Dissects `bytes` as an Ethernet frame `afterNs` after kStart; `originalLength` > size
    // marks it cut by the snap length. The packet is valid until the next call.
    // With `mask` the frame is dissected in Filter mode recording those fields (display filters).
    const proto::Packet& frame(const Bytes& bytes, std::int64_t afterNs, std::uint32_t originalLength = 0,
                               const proto::FieldMask* mask = nullptr) {
        m_bytes = bytes;
        m_frame = CapturedFrame{};
        m_frame.timestampNs = kStart + afterNs;
        m_frame.capturedLength = static_cast<std::uint32_t>(m_bytes.size());
        m_frame.originalLength = originalLength ? originalLength : m_frame.capturedLength;
        m_frame.linkType = linktype::Ethernet;
        m_frame.data = m_bytes;
        return m_decoder.decode(m_frame, mask ? proto::DissectionMode::Filter : proto::DissectionMode::Fast, mask, false);
    }
    // The frame last given to frame().
    [[nodiscard]] const CapturedFrame& captured() const { return m_frame; }

    // Dissects and hands the frame to each analyzer's onFrame(frame, packet).
    template <typename... Analyzers>
    void feed(const Bytes& bytes, std::int64_t afterNs, Analyzers&... analyzers) {
        const proto::Packet& packet = frame(bytes, afterNs);
        (analyzers.onFrame(m_frame, packet), ...);
    }

private:
    proto::FrameDecoder m_decoder;
    Bytes m_bytes;
    CapturedFrame m_frame;
};

inline constexpr std::int64_t kMs = 1'000'000;
inline constexpr std::int64_t kUs = 1'000;

}  // namespace caplens::test
