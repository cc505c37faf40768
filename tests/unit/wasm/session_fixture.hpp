// session_fixture.hpp — the page's capture session (wasm/capture_session.*) on the bundled
// sample, driven natively the way the page glue drives it: step() each "animation frame", then
// every byte request answered from the file, a frame later.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "wasm/capture_session.hpp"

namespace caplens::wasm::test {

inline std::vector<std::uint8_t> readWholeFile(const char* path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class SampleSession : public ::testing::Test {
protected:
    void SetUp() override {
        m_bytes = readWholeFile(CAPLENS_SAMPLE);
        ASSERT_FALSE(m_bytes.empty());
        m_session = std::make_unique<CaptureSession>(1, "sample.pcapng", m_bytes.size(), false);
        m_session->startReading(m_bytes.size());
    }

    // One animation frame of the page: a slice of work, then the reads it asked for answered.
    void animationFrame() {
        m_session->step(std::chrono::milliseconds(2));
        while (const auto r = m_session->takeByteRequest()) {
            const std::uint64_t end = std::min<std::uint64_t>(r->request.offset + r->request.length, m_bytes.size());
            const std::size_t length = static_cast<std::size_t>(end - r->request.offset);
            std::uint8_t* into = m_session->prepareReceive(r->channel, r->request.offset, length);
            ASSERT_NE(into, nullptr);
            std::memcpy(into, m_bytes.data() + r->request.offset, length);
            m_session->receive(r->channel);
        }
    }

    // Runs animation frames until `done` (false if it never happens).
    bool runUntil(const std::function<bool()>& done, int frames = 10000) {
        for (int i = 0; i < frames; ++i) {
            if (done()) return true;
            animationFrame();
        }
        return done();
    }

    // The displayed frames, in list order.
    std::vector<std::uint64_t> listed() const {
        std::vector<std::uint64_t> out;
        for (std::uint64_t i = 0; i < m_session->displayedCount(); ++i) out.push_back(m_session->displayedFrame(i));
        return out;
    }

    std::vector<std::uint8_t> m_bytes;
    std::unique_ptr<CaptureSession> m_session;
};

}  // namespace caplens::wasm::test
