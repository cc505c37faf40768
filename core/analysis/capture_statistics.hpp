// capture_statistics.hpp — every statistic of the Statistics menu, fed by the one pass that
// opens a file (the browser runs it while reading; `caplens stats --all` prints it):
// capture file properties, the TCP handshake report, conversations and endpoints of each
// type, IPv4/IPv6 destinations and ports, all addresses, IP protocol types, packet lengths,
// the I/O graph (every frame) and expert information.
//
// Each frame's taps are put in order once (FrameTaps) and handed to every analyzer; nothing
// allocates per frame once the tables hold the capture's addresses.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "core/analysis/capture_properties.hpp"
#include "core/analysis/conversations.hpp"
#include "core/analysis/destinations.hpp"
#include "core/analysis/endpoints.hpp"
#include "core/analysis/expert_info.hpp"
#include "core/analysis/handshake_report.hpp"
#include "core/analysis/io_graph.hpp"
#include "core/analysis/ip_hosts.hpp"
#include "core/analysis/ip_protocol_types.hpp"
#include "core/analysis/packet_lengths.hpp"
#include "core/io/captured_frame.hpp"
#include "core/proto/packet.hpp"

namespace caplens {

inline constexpr std::array<ConversationType, 5> kConversationTypes = {
    ConversationType::Ethernet, ConversationType::Ipv4, ConversationType::Ipv6, ConversationType::Tcp,
    ConversationType::Udp};

class CaptureStatistics {
public:
    explicit CaptureStatistics(std::int64_t ioIntervalNs = 1'000'000'000);

    void onFrame(const CapturedFrame& frame, const proto::Packet& packet);
    // Completes what needs the whole capture (handshake outcomes); call once at the end.
    void finish();

    [[nodiscard]] const CaptureProperties& properties() const { return m_properties.result(); }
    [[nodiscard]] const HandshakeReport& handshakes() const { return m_handshakes; }
    [[nodiscard]] const Conversations& conversations(ConversationType type) const {
        return m_conversations[static_cast<std::size_t>(type)];
    }
    [[nodiscard]] const Endpoints& endpoints(ConversationType type) const {
        return m_endpoints[static_cast<std::size_t>(type)];
    }
    [[nodiscard]] const DestinationsAndPorts& destinations(IpVersion v) const { return v == IpVersion::V4 ? m_dests4 : m_dests6; }
    [[nodiscard]] const AllAddresses& addresses(IpVersion v) const { return v == IpVersion::V4 ? m_hosts4 : m_hosts6; }
    [[nodiscard]] const IpProtocolTypes& protocolTypes(IpVersion v) const { return v == IpVersion::V4 ? m_ptype4 : m_ptype6; }
    [[nodiscard]] const PacketLengths& packetLengths() const { return m_lengths; }
    [[nodiscard]] const IoGraph& ioGraph() const { return m_io; }
    [[nodiscard]] const ExpertInfo& expertInfo() const { return m_expert; }

    // {"capture":{...},"rtt":{...},"conversations":{"eth":{...},...},"endpoints":{...},
    //  "destinations":[...],"trees":{"ip_hosts":..,"ipv6_hosts":..,"ptype":..,"ipv6_ptype":..,
    //  "plen":..,"dests":..,"ipv6_dests":..},"iograph":{...},"expert":{...}}
    [[nodiscard]] std::string json() const;

private:
    CapturePropertiesCollector m_properties;
    HandshakeReport m_handshakes;
    std::array<Conversations, 5> m_conversations;
    std::array<Endpoints, 5> m_endpoints;
    DestinationsAndPorts m_dests4{IpVersion::V4};
    DestinationsAndPorts m_dests6{IpVersion::V6};
    AllAddresses m_hosts4{IpVersion::V4};
    AllAddresses m_hosts6{IpVersion::V6};
    IpProtocolTypes m_ptype4{IpVersion::V4};
    IpProtocolTypes m_ptype6{IpVersion::V6};
    PacketLengths m_lengths;
    IoGraph m_io;
    ExpertInfo m_expert;
};

}  // namespace caplens
