#include "core/proto/tcp_streams.hpp"

#include <algorithm>
#include <cstring>

namespace caplens::proto {

MultiSegmentPdu* TcpDirection::pduContaining(std::uint32_t seq) {
    for (auto& pdu : pdus) {
        if (seqLessEqual(pdu.seq, seq) && seqLess(seq, pdu.end)) return &pdu;
    }
    return nullptr;
}

void TcpDirection::erasePdu(const MultiSegmentPdu* pdu) {
    pdus.erase(std::remove_if(pdus.begin(), pdus.end(), [&](const MultiSegmentPdu& p) { return &p == pdu; }),
               pdus.end());
}

std::size_t TcpStreams::KeyHash::operator()(const Key& k) const {
    // FNV-1a over the key's bytes.
    std::uint64_t h = 1469598103934665603ull;
    const auto mix = [&](const std::uint8_t* p, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
    };
    mix(k.a.data(), k.length);
    mix(k.b.data(), k.length);
    mix(reinterpret_cast<const std::uint8_t*>(&k.portA), 2);
    mix(reinterpret_cast<const std::uint8_t*>(&k.portB), 2);
    return static_cast<std::size_t>(h);
}

// Both directions of a connection share one key: the smaller (address, port) comes first.
TcpStreams::Key TcpStreams::keyOf(const TcpEndpoints& e) {
    Key key;
    key.length = e.addressLength;
    const int cmp = std::memcmp(e.source.data(), e.destination.data(), e.addressLength);
    const bool sourceFirst = cmp < 0 || (cmp == 0 && e.sourcePort <= e.destinationPort);
    key.a = sourceFirst ? e.source : e.destination;
    key.b = sourceFirst ? e.destination : e.source;
    key.portA = sourceFirst ? e.sourcePort : e.destinationPort;
    key.portB = sourceFirst ? e.destinationPort : e.sourcePort;
    return key;
}

std::pair<TcpStream*, int> TcpStreams::lookup(const TcpEndpoints& endpoints, bool synWithoutAck, std::uint32_t seq) {
    const Key key = keyOf(endpoints);
    auto it = m_current.find(key);
    if (it != m_current.end()) {
        TcpStream& stream = m_streams[it->second];
        const bool forward = std::memcmp(stream.first.source.data(), endpoints.source.data(), endpoints.addressLength) == 0 &&
                             stream.first.sourcePort == endpoints.sourcePort;
        const int direction = forward ? 0 : 1;
        const TcpDirection& dir = stream.directions[direction];
        // A SYN whose sequence number differs from the one this direction started with opens a
        // new connection on the same ports (tshark: "TCP port numbers reused").
        if (!(synWithoutAck && dir.baseSet && dir.baseSeq != seq)) return {&stream, direction};
    }
    TcpStream stream;
    stream.reusedPorts = it != m_current.end();
    stream.index = static_cast<std::uint32_t>(m_streams.size());
    stream.first = endpoints;
    m_streams.push_back(std::move(stream));
    m_current[key] = static_cast<std::uint32_t>(m_streams.size() - 1);
    return {&m_streams.back(), 0};
}

}  // namespace caplens::proto
