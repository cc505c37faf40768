// follow_stream_view.hpp — Follow TCP/UDP Stream (Wireshark's Analyze > Follow): opened from a
// packet's context menu in the list; applies `tcp.stream eq N` (or udp) and shows the stream's
// payload in both directions, one chunk per segment, node 0's in red and node 1's in blue as
// Wireshark colours them, as ASCII or hex (the session's FollowJob, the same code as
// `caplens follow`).
//
// Test hook: state `follow` {open, protocol, stream, filter, running, progress, nodes,
// bytes: [a, b], chunks, missing_segments, mode: "ascii"|"hex"}; targets `follow.mode.ascii`,
// `follow.mode.hex` (the packet list's menu items are `packets.menu.follow`).
#pragma once

#include <string>
#include <vector>

#include "web/view.hpp"

namespace caplens {
struct FollowedStream;
}

namespace caplens::web {

class FollowStreamView final : public View {
public:
    [[nodiscard]] const char* name() const override { return "follow_stream"; }
    void draw(App& app) override;

private:
    // One line of the text shown, and whose it is.
    struct Line {
        int node = 0;
        std::string text;
    };

    void drawStream(App& app, const FollowedStream& stream);
    void layOut(const FollowedStream& stream, std::uint64_t generation);
    void expose(App& app);

    int m_sessionId = 0;  // the capture the window belongs to
    bool m_hex = false;
    std::uint64_t m_laidOut = 0;  // the session's follow generation m_lines were made for
    bool m_laidOutHex = false;
    std::vector<Line> m_lines;
    std::uint64_t m_jsonFor = 0;  // the same for m_json
    std::string m_json;           // the stream's JSON for the test hook (small streams only)
};

}  // namespace caplens::web
