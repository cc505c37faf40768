// Fuzzes the display-filter language. The input up to its first NUL byte is a filter; what
// follows it, if anything, is one more Ethernet frame. A filter that does not compile must
// say where (columns inside the text); one that compiles is evaluated over a short capture
// (a TCP handshake and request, DNS over IPv4, mDNS over IPv6, ARP, and the input's frame),
// dissected in Filter mode with the filter's field mask and in Tree mode: both must agree.
#include <algorithm>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/filter/display_filter.hpp"
#include "core/proto/frame_decoder.hpp"
#include "tests/fuzz/fuzz_support.hpp"
#include "tests/unit/proto/net_test_frames.hpp"

namespace caplens::fuzz {
namespace {

using test::net::Bytes;

constexpr std::uint8_t kSyn = 0x02, kPsh = 0x08, kAck = 0x10;

Bytes dnsQuery() {
    return {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
            3, 'c', 'o', 'm', 0, 0, 1, 0, 1};
}

Bytes arpRequest() {
    return {0, 1, 8, 0, 6, 4, 0, 1, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0, 2};
}

// The capture every filter runs over, in order.
std::vector<Bytes> sampleFrames() {
    using namespace test::net;
    const std::uint32_t client = 0x0a000001, server = 0xc0a80114;
    return {
        ethernet(0x0800, ipv4(6, tcp(3372, 80, {}, 1000, kSyn, 0), client, server)),
        ethernet(0x0800, ipv4(6, tcp(80, 3372, {}, 5000, kSyn | kAck, 1001), server, client)),
        ethernet(0x0800, ipv4(6, tcp(3372, 80, {}, 1001, kAck, 5001), client, server)),
        ethernet(0x0800, ipv4(6, tcp(3372, 80, text("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), 1001, kPsh | kAck, 5001),
                              client, server)),
        ethernet(0x0800, ipv4(17, udp(53535, 53, dnsQuery()))),
        ethernet(0x86dd, ipv6(17, udp(5353, 5353, dnsQuery()))),
        ethernet(0x0806, arpRequest()),
    };
}

CapturedFrame frameOf(std::span<const std::uint8_t> bytes, std::size_t index) {
    CapturedFrame frame;
    frame.linkType = linktype::Ethernet;
    frame.data = bytes;
    frame.capturedLength = frame.originalLength = static_cast<std::uint32_t>(bytes.size());
    frame.timestampNs = 1'700'000'000'000'000'000 + static_cast<TimestampNs>(index) * 1'000'000;
    return frame;
}

void checkError(const filter::FilterError& error, std::size_t textLength) {
    if (error.message.empty()) fail("a rejected filter without a message");
    if (error.column < 1 || error.column > textLength + 1 || error.endColumn < error.column ||
        error.endColumn > textLength + 1) {
        fail("error columns %u..%u outside a %zu-byte filter: %s", error.column, error.endColumn, textLength,
             error.message.c_str());
    }
}

void evaluate(const filter::DisplayFilter& filter, const std::vector<std::span<const std::uint8_t>>& frames) {
    proto::FrameDecoder filtering;
    proto::FrameDecoder tree;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const CapturedFrame frame = frameOf(frames[i], i);
        const bool masked = filter.matches(filtering.decode(frame, proto::DissectionMode::Filter, &filter.mask()));
        const bool full = filter.matches(tree.decode(frame, proto::DissectionMode::Tree));
        if (masked != full) {
            fail("'%s' on frame %zu: %s in Filter mode, %s in Tree mode", filter.text().c_str(), i + 1,
                 masked ? "passes" : "fails", full ? "passes" : "fails");
        }
    }
}

}  // namespace
}  // namespace caplens::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace caplens;
    static const std::vector<fuzz::Bytes> samples = fuzz::sampleFrames();
    const std::span<const std::uint8_t> bytes(data, size);
    const auto nul = std::find(bytes.begin(), bytes.end(), 0);
    const std::string_view text(reinterpret_cast<const char*>(data), static_cast<std::size_t>(nul - bytes.begin()));
    const filter::CompileResult compiled = filter::compile(text);
    if (!compiled) {
        fuzz::checkError(compiled.error, text.size());
        return 0;
    }
    std::vector<std::span<const std::uint8_t>> frames(samples.begin(), samples.end());
    if (nul != bytes.end() && nul + 1 != bytes.end()) frames.push_back(bytes.subspan(text.size() + 1));
    fuzz::evaluate(*compiled.filter, frames);
    return 0;
}
