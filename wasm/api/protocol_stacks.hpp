// protocol_stacks.hpp — every frame's protocol stack ("eth:ip:tcp", what `caplens protocols`
// prints), recorded during the first pass so that the JavaScript API's protocols(n) answers
// exactly as the command line's in-order pass did. A frame dissected again on its own may
// differ in rare cases (state learnt from later frames), hence the recording.
//
// Captures repeat a few dozen stacks millions of times: each frame keeps a 4-byte id into a
// table of distinct stacks, and a stack's text is built only the first time it is seen.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/capture/capture_model.hpp"

namespace caplens::wasm {

class ProtocolStacks final : public FrameAnalyzer {
public:
    void onFrame(const CapturedFrame& frame, const proto::Packet& packet) override;

    // Frames recorded.
    [[nodiscard]] std::uint64_t size() const { return m_frameStacks.size(); }
    // The stack of frame `number` (1-based, <= size()).
    [[nodiscard]] std::string_view stack(std::uint64_t number) const;

private:
    std::vector<std::uint32_t> m_frameStacks;  // per frame: index into m_texts
    std::vector<std::string> m_texts;          // distinct stacks, as text
    // Key: the layers' protocol ids as raw bytes, so that a lookup allocates nothing.
    std::unordered_map<std::string, std::uint32_t> m_ids;
    std::string m_key;  // reused for each frame's lookup
};

}  // namespace caplens::wasm
