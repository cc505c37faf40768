// fingerprint_job.hpp — the hash that identifies a capture in a view link (view_link.hpp):
// FNV-1a over the stream's first and last kEdgeBytes, read through its own JsByteSource (two
// reads, whatever the capture's size) once the capture is open.
#pragma once

#include <cstdint>
#include <string>

#include "wasm/js_byte_source.hpp"
#include "wasm/view_link.hpp"

namespace caplens::wasm {

class FingerprintJob {
public:
    explicit FingerprintJob(std::uint64_t streamSize) : m_source(streamSize), m_size(streamSize) {}
    FingerprintJob(const FingerprintJob&) = delete;
    FingerprintJob& operator=(const FingerprintJob&) = delete;

    // Hashes what has arrived; asks for the next part (answer through source()).
    void step();
    [[nodiscard]] bool finished() const { return m_part == Part::Done; }
    // Once finished: 16 hex digits, or "" when the bytes could not be read.
    [[nodiscard]] const std::string& hash() const { return m_hex; }
    [[nodiscard]] JsByteSource& source() { return m_source; }

private:
    enum class Part : std::uint8_t { Head, Tail, Done };
    // Adds up to kEdgeBytes from `offset`; false while they are being read.
    bool hashFrom(std::uint64_t offset);

    JsByteSource m_source;
    std::uint64_t m_size;
    EdgesHash m_hash;
    Part m_part = Part::Head;
    std::string m_hex;
};

}  // namespace caplens::wasm
