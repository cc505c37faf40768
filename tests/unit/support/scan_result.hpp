// scan_result.hpp — runs a whole capture through CaptureScan and keeps what came out, so reader
// tests can compare runs fed in different chunkings.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/capture/capture_scan.hpp"
#include "core/io/memory_source.hpp"

namespace caplens::test {

struct ScannedFrame {
    TimestampNs timestampNs;
    std::uint32_t capturedLength;
    std::uint32_t originalLength;
    std::uint32_t pseudoHeaderLength;
    LinkType linkType;
    std::uint32_t interfaceId;
    std::uint64_t fileOffset;
    std::uint8_t flags;
    std::vector<std::uint8_t> data;

    bool operator==(const ScannedFrame&) const = default;
};

struct ScanResult {
    JobStatus status = JobStatus::Running;
    CaptureFormat format = CaptureFormat::Unknown;
    CaptureError error;
    CaptureMetadata metadata;
    std::vector<ScannedFrame> frames;
};

class CollectingSink final : public FrameSink {
public:
    void onFrame(const CapturedFrame& f) override {
        EXPECT_EQ(f.data.size(), std::size_t{f.pseudoHeaderLength} + f.capturedLength);
        frames.push_back({f.timestampNs, f.capturedLength, f.originalLength, f.pseudoHeaderLength,
                          f.linkType, f.interfaceId, f.fileOffset, f.flags,
                          std::vector<std::uint8_t>(f.data.begin(), f.data.end())});
    }
    std::vector<ScannedFrame> frames;
};

inline ScanResult scanBytes(std::span<const std::uint8_t> bytes,
                            std::size_t maxWindow = std::numeric_limits<std::size_t>::max(),
                            std::uint64_t splitAt = std::numeric_limits<std::uint64_t>::max()) {
    MemorySource source(bytes, maxWindow, splitAt);
    CollectingSink sink;
    CaptureScan scan(source, sink);
    ScanResult result;
    result.status = scan.run();
    result.format = scan.format();
    result.error = scan.error();
    result.metadata = scan.metadata();
    result.frames = std::move(sink.frames);
    return result;
}

// The metadata a reader builds, as one comparable string.
inline std::string metadataSummary(const CaptureMetadata& m) {
    std::string out = "digits=" + std::to_string(m.timestampDigits) + " sections=" + std::to_string(m.sections) +
                      " perPacket=" + std::to_string(m.perPacketLinkTypes) + " hw=" + m.hardware + " os=" + m.os +
                      " app=" + m.application;
    for (const auto& itf : m.interfaces) {
        out += " if(" + std::to_string(itf.linkType) + "," + std::to_string(itf.snapLength) + "," + itf.name + "," +
               itf.description + "," + itf.filter + "," + itf.os + "," + std::to_string(itf.timestampDigits) + ")";
    }
    for (const auto& c : m.comments) out += " comment(" + c + ")";
    for (const auto& c : m.frameComments) out += " frame-comment(" + std::to_string(c.frameNumber) + "," + c.text + ")";
    for (const auto& n : m.names) out += " name(" + std::to_string(n.ipv6) + "," + n.name + ")";
    return out;
}

// Checks that feeding `bytes` split at every byte position, and in chunks of every size up to
// `maxChunk`, gives exactly the frames, metadata and outcome of one whole read.
inline ::testing::AssertionResult sameResultForEveryChunking(std::span<const std::uint8_t> bytes,
                                                             std::size_t maxChunk = 64) {
    const ScanResult whole = scanBytes(bytes);
    const auto compare = [&](const ScanResult& part, const char* how, std::size_t k) {
        if (part.frames != whole.frames || part.status != whole.status ||
            part.error.code != whole.error.code || part.error.offset != whole.error.offset ||
            metadataSummary(part.metadata) != metadataSummary(whole.metadata)) {
            return ::testing::AssertionFailure()
                   << how << " " << k << ": " << part.frames.size() << " frames (whole: "
                   << whole.frames.size() << "), error '" << part.error.message << "' at "
                   << part.error.offset << " (whole: '" << whole.error.message << "' at "
                   << whole.error.offset << "), metadata '" << metadataSummary(part.metadata)
                   << "' (whole: '" << metadataSummary(whole.metadata) << "')";
        }
        return ::testing::AssertionSuccess();
    };
    for (std::size_t split = 1; split < bytes.size(); ++split) {
        auto r = compare(scanBytes(bytes, std::numeric_limits<std::size_t>::max(), split), "split at", split);
        if (!r) return r;
    }
    for (std::size_t chunk = 1; chunk <= maxChunk; ++chunk) {
        auto r = compare(scanBytes(bytes, chunk), "chunk size", chunk);
        if (!r) return r;
    }
    return ::testing::AssertionSuccess();
}

}  // namespace caplens::test
