// fuzz_support.hpp — what every fuzz target shares: a checksum of what came out, a way to stop
// with a message when an invariant breaks, and a byte source that hands out windows of sizes
// chosen from the input (readers must give the same answer however their bytes arrive).
#pragma once

#include <algorithm>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "core/io/memory_source.hpp"

namespace caplens::fuzz {

// FNV-1a, continued from `hash`: a digest to compare two runs over the same input.
[[nodiscard]] inline std::uint64_t fnv1a(std::span<const std::uint8_t> bytes,
                                         std::uint64_t hash = 0xcbf29ce484222325ull) {
    for (const std::uint8_t b : bytes) hash = (hash ^ b) * 0x100000001b3ull;
    return hash;
}

[[nodiscard]] inline std::uint64_t fnv1aValue(std::uint64_t value, std::uint64_t hash) {
    std::uint8_t bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<std::uint8_t>(value >> (8 * i));
    return fnv1a(bytes, hash);
}

// An invariant broke: say which, then abort so that libFuzzer keeps the input as a crash.
[[noreturn]] inline void fail(const char* format, ...) {
    std::va_list args;
    va_start(args, format);
    std::fputs("caplens fuzz invariant broken: ", stderr);
    std::vfprintf(stderr, format, args);
    std::fputc('\n', stderr);
    va_end(args);
    std::abort();
}

// xorshift64*: chunk sizes that depend on the input only, so a crash replays exactly.
class InputRandom {
public:
    explicit InputRandom(std::uint64_t seed) : m_state(seed | 1) {}
    std::uint64_t next() {
        m_state ^= m_state >> 12;
        m_state ^= m_state << 25;
        m_state ^= m_state >> 27;
        return m_state * 0x2545f4914f6cdd1dull;
    }
    // Uniform enough in [0, bound) for bound > 0.
    std::uint64_t below(std::uint64_t bound) { return next() % bound; }

private:
    std::uint64_t m_state;
};

// A MemorySource whose windows are cut to random sizes (never below what was asked for), and
// that now and then answers Pending first, as the browser's asynchronous reads do.
class ChunkedSource final : public ByteSource {
public:
    ChunkedSource(std::span<const std::uint8_t> bytes, std::uint64_t seed) : m_whole(bytes), m_random(seed) {}

    SourceRead read(std::uint64_t offset, std::size_t minBytes) override {
        if (m_random.below(8) == 0) return {SourceStatus::Pending, {}};
        SourceRead read = m_whole.read(offset, minBytes);
        const std::size_t wanted = std::max<std::size_t>(minBytes, chunkSize());
        if (read.window.bytes.size() > wanted) {
            read.window.bytes = read.window.bytes.first(wanted);
            read.window.reachesEnd = false;
        }
        return read;
    }
    [[nodiscard]] std::optional<std::uint64_t> size() const override { return m_whole.size(); }
    [[nodiscard]] double progress() const override { return m_whole.progress(); }
    [[nodiscard]] const CaptureError& error() const override { return m_whole.error(); }

private:
    // Mostly tiny windows (records split everywhere), sometimes large ones.
    std::size_t chunkSize() {
        switch (m_random.below(4)) {
            case 0: return 1 + m_random.below(4);
            case 1: return 1 + m_random.below(64);
            case 2: return 1 + m_random.below(4096);
            default: return 1 + m_random.below(1 << 20);
        }
    }

    MemorySource m_whole;
    InputRandom m_random;
};

}  // namespace caplens::fuzz
