// proto_test_support.hpp — decoding frames in protocol unit tests and looking at the fields.
//
//   test::ProtoDecoder d;
//   const auto& p = d.decode(bytes, linktype::Ethernet);     // Tree mode: every field kept
//   EXPECT_EQ(d.protocols(), "eth:ip:tcp");
//   EXPECT_EQ(d.uint("tcp.srcport"), 443u);
//
// Real frames come from the shared corpus (corpusFrames(); tests skip when it is missing)
// or are built byte by byte; captures are never copied into the repository.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/capture_pass.hpp"
#include "core/proto/field_format.hpp"
#include "core/proto/frame_decoder.hpp"

namespace caplens::test {

struct OwnedFrame {
    CapturedFrame frame;
    std::vector<std::uint8_t> bytes;
};

class ProtoDecoder {
public:
    // Decodes the next frame (frames of one capture in order share protocol state).
    const proto::Packet& decode(const std::vector<std::uint8_t>& bytes, LinkType linkType,
                                std::uint32_t originalLength = 0) {
        CapturedFrame frame;
        frame.timestampNs = 1'700'000'000'000'000'000 + static_cast<TimestampNs>(m_count++) * 1'000'000;
        frame.capturedLength = static_cast<std::uint32_t>(bytes.size());
        frame.originalLength = originalLength ? originalLength : frame.capturedLength;
        frame.linkType = linkType;
        frame.data = bytes;
        return decode(frame);
    }
    // The decoder keeps its own copy of the frame's bytes: records point into them, and the
    // caller's buffer is often a temporary that dies before the fields are looked at.
    const proto::Packet& decode(const CapturedFrame& frame) {
        m_bytes.assign(frame.data.begin(), frame.data.end());
        CapturedFrame owned = frame;
        owned.data = m_bytes;
        m_packet = &m_decoder.decode(owned, proto::DissectionMode::Tree, nullptr, true);
        return *m_packet;
    }

    [[nodiscard]] std::string protocols() const { return m_packet->protocolsText(); }

    // Every recorded occurrence of `abbrev` in the last frame.
    [[nodiscard]] std::vector<const proto::FieldRecord*> all(std::string_view abbrev) const {
        std::vector<const proto::FieldRecord*> out;
        const auto id = proto::registry().findField(abbrev);
        if (!id) return out;
        for (const auto& r : m_packet->records()) {
            if (r.field == *id) out.push_back(&r);
        }
        return out;
    }
    [[nodiscard]] bool has(std::string_view abbrev) const { return !all(abbrev).empty(); }
    [[nodiscard]] std::optional<std::uint64_t> uint(std::string_view abbrev) const {
        const auto found = all(abbrev);
        if (found.empty()) return std::nullopt;
        return found.front()->value.u;
    }
    // The first occurrence as Wireshark displays it ("192.168.0.1", "Set", "www.example.com").
    [[nodiscard]] std::optional<std::string> text(std::string_view abbrev) const {
        const auto found = all(abbrev);
        if (found.empty()) return std::nullopt;
        return proto::formatValue(proto::registry().field(found.front()->field), *found.front());
    }
    [[nodiscard]] const proto::Packet& packet() const { return *m_packet; }

private:
    proto::FrameDecoder m_decoder;
    std::vector<std::uint8_t> m_bytes;
    const proto::Packet* m_packet = nullptr;
    std::uint64_t m_count = 0;
};

inline std::filesystem::path corpusFile(const std::string& name) {
    return std::filesystem::path(CAPLENS_SHARED_DIR) / "captures" / "public" / name;
}

// All frames of a corpus capture (empty when the corpus is not on this machine).
inline std::vector<OwnedFrame> corpusFrames(const std::string& name) {
    struct Sink final : FrameSink {
        std::vector<OwnedFrame> frames;
        void onFrame(const CapturedFrame& f) override {
            OwnedFrame owned{f, std::vector<std::uint8_t>(f.data.begin(), f.data.end())};
            frames.push_back(std::move(owned));
        }
    } sink;
    if (!std::filesystem::exists(corpusFile(name))) return {};
    (void)cli::readCapture(corpusFile(name).string(), sink);
    for (auto& f : sink.frames) f.frame.data = f.bytes;
    return std::move(sink.frames);
}

// Decodes a corpus capture up to frame `number` (1-based) and leaves the decoder on it.
inline bool decodeCorpusFrame(ProtoDecoder& decoder, const std::string& name, std::size_t number) {
    const auto frames = corpusFrames(name);
    if (frames.size() < number) return false;
    for (std::size_t i = 0; i < number; ++i) decoder.decode(frames[i].frame);
    return true;
}

#define CAPLENS_REQUIRE_CORPUS(name)                                                               \
    if (!std::filesystem::exists(::caplens::test::corpusFile(name)))                               \
    GTEST_SKIP() << "capture corpus not on this machine: " << ::caplens::test::corpusFile(name)

}  // namespace caplens::test
