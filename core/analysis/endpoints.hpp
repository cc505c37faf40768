// endpoints.hpp — Statistics > Endpoints, as tshark's `-z endpoints,eth|ip|ipv6|tcp|udp`: per
// address (and port, for TCP and UDP), frames and bytes sent (Tx) and received (Rx).
//
// Wireshark's semantics (epan/conversation_table.c add_endpoint_table_data): each addressed
// layer of a frame counts once for its source (Tx) and once for its destination (Rx), the source
// first; bytes are frame lengths.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/analysis/conversations.hpp"
#include "core/analysis/stats_support.hpp"
#include "core/io/captured_frame.hpp"
#include "core/proto/packet.hpp"

namespace caplens {

struct Endpoint {
    StatAddress address;
    std::uint16_t port = 0;  // TCP and UDP
    std::uint64_t txFrames = 0;
    std::uint64_t txBytes = 0;
    std::uint64_t rxFrames = 0;
    std::uint64_t rxBytes = 0;

    [[nodiscard]] std::uint64_t frames() const { return txFrames + rxFrames; }
    [[nodiscard]] std::uint64_t bytes() const { return txBytes + rxBytes; }
};

class Endpoints {
public:
    explicit Endpoints(ConversationType type) : m_type(type) {}

    void onFrame(const CapturedFrame& frame, const proto::Packet& packet) { onFrame(frame, packet, FrameTaps(packet)); }
    void onFrame(const CapturedFrame& frame, const proto::Packet& packet, const FrameTaps& taps);

    [[nodiscard]] ConversationType type() const { return m_type; }
    // In order of first appearance.
    [[nodiscard]] const std::vector<Endpoint>& all() const { return m_endpoints; }
    // tshark's order: by total frames, descending; ties in order of first appearance.
    [[nodiscard]] std::vector<const Endpoint*> sorted() const;

    // tshark's table ("<No Filter>" when `filter` is empty).
    [[nodiscard]] std::string text(std::string_view filter) const;
    // {"type":"ip","endpoints":[{"address":"10.0.0.4","port":null,"frames":N,"bytes":N,
    //  "tx_frames":N,"tx_bytes":N,"rx_frames":N,"rx_bytes":N,"filter":"ip.addr==10.0.0.4"}]}
    [[nodiscard]] std::string json() const;
    [[nodiscard]] std::string filterFor(const Endpoint& e) const;

private:
    struct Key {
        StatAddress address;
        std::uint16_t port = 0;
        bool operator==(const Key& o) const { return address == o.address && port == o.port; }
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            return static_cast<std::size_t>(hashBytes(hashAddress(kHashSeed, k.address), &k.port, sizeof k.port));
        }
    };
    Endpoint& find(const StatAddress& address, std::uint16_t port);

    ConversationType m_type;
    std::vector<Endpoint> m_endpoints;
    std::unordered_map<Key, std::size_t, KeyHash> m_index;
};

}  // namespace caplens
