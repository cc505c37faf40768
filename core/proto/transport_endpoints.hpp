// transport_endpoints.hpp — which TCP connection, and which direction of it, the payload being
// dissected belongs to: what Wireshark's dissectors read from pinfo->srcport / pinfo->destport
// and key their conversation state on.
//
// Packet does not hand the transport ports to the protocols above TCP, so they are read again
// from the frame: the TCP header that follows the innermost IP header (whose addresses Packet
// knows). This is a stop-gap until Packet carries the ports itself.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/proto/packet.hpp"

namespace caplens::proto {

// The endpoints of the current TCP segment.
struct TransportEndpoints {
    bool valid = false;
    std::uint8_t addressLength = 0;  // 4 or 16
    std::array<std::uint8_t, 16> source{};
    std::array<std::uint8_t, 16> destination{};
    std::uint16_t sourcePort = 0;
    std::uint16_t destinationPort = 0;
    std::uint16_t tcpFlags = 0;        // the header's flag bits (FIN 0x001 ...)
    std::uint32_t payloadLength = 0;   // the segment's TCP payload, as the IP length says
};

// The endpoints of the TCP segment the frame carries (valid == false when they cannot be found).
[[nodiscard]] TransportEndpoints tcpEndpoints(const Packet& p);

// A TCP connection independent of direction, for per-connection state of a protocol.
struct ConnectionKey {
    std::array<std::uint8_t, 36> bytes{};  // lower endpoint (address, port), then the higher one
    bool operator==(const ConnectionKey&) const = default;
};
struct ConnectionKeyHash {
    [[nodiscard]] std::size_t operator()(const ConnectionKey& key) const;
};

// The key of the connection and whether the segment travels from its first endpoint to its
// second (`forward`), so that state can be kept per direction.
[[nodiscard]] ConnectionKey connectionKey(const TransportEndpoints& endpoints, bool* forward = nullptr);

}  // namespace caplens::proto
