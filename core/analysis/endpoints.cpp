#include "core/analysis/endpoints.hpp"

#include <algorithm>

#include "core/util/json_writer.hpp"

namespace caplens {

void Endpoints::onFrame(const CapturedFrame& frame, const proto::Packet&, const FrameTaps& taps) {
    const bool ports = hasPorts(m_type);
    for (const proto::TapRecord& tap : taps.all()) {
        if (!tapIsOfType(tap, m_type)) continue;
        Endpoint& source = find(tapSource(tap), ports ? tap.sourcePort : 0);
        ++source.txFrames;
        source.txBytes += frame.originalLength;
        Endpoint& destination = find(tapDestination(tap), ports ? tap.destinationPort : 0);
        ++destination.rxFrames;
        destination.rxBytes += frame.originalLength;
    }
}

Endpoint& Endpoints::find(const StatAddress& address, std::uint16_t port) {
    auto [it, inserted] = m_index.try_emplace(Key{address, port}, m_endpoints.size());
    if (inserted) {
        Endpoint e;
        e.address = address;
        e.port = port;
        m_endpoints.push_back(e);
    }
    return m_endpoints[it->second];
}

std::vector<const Endpoint*> Endpoints::sorted() const {
    std::vector<const Endpoint*> out;
    out.reserve(m_endpoints.size());
    for (const auto& e : m_endpoints) out.push_back(&e);
    std::stable_sort(out.begin(), out.end(), [](const Endpoint* x, const Endpoint* y) { return x->frames() > y->frames(); });
    return out;
}

std::string Endpoints::text(std::string_view filter) const {
    // ui/cli/tap-endpoints.c
    const bool ports = hasPorts(m_type);
    std::string out = "================================================================================\n";
    out += std::string(conversationTypeTitle(m_type)) + " Endpoints\n";
    out += "Filter:" + (filter.empty() ? std::string("<No Filter>") : std::string(filter)) + "\n";
    out += std::string("                       |  ") + (ports ? "Port  ||  " : "") +
           "Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |\n";
    for (const Endpoint* e : sorted()) {
        const std::string address = formatAddress(e->address);
        const auto f = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
        if (ports) {
            out += formatText("%-20s      %5s     %6llu     %9llu     %6llu       %9llu      %6llu       %9llu   \n",
                              address.c_str(), std::to_string(e->port).c_str(), f(e->frames()), f(e->bytes()),
                              f(e->txFrames), f(e->txBytes), f(e->rxFrames), f(e->rxBytes));
        } else {
            out += formatText("%-20s      %6llu     %9llu     %6llu       %9llu      %6llu       %9llu   \n",
                              address.c_str(), f(e->frames()), f(e->bytes()), f(e->txFrames), f(e->txBytes),
                              f(e->rxFrames), f(e->rxBytes));
        }
    }
    out += "================================================================================\n";
    return out;
}

std::string Endpoints::filterFor(const Endpoint& e) const {
    const bool v6 = e.address.length == 16;
    switch (m_type) {
        case ConversationType::Ethernet: return "eth.addr==" + formatAddress(e.address);
        case ConversationType::Ipv4: return "ip.addr==" + formatAddress(e.address);
        case ConversationType::Ipv6: return "ipv6.addr==" + formatAddress(e.address);
        case ConversationType::Tcp:
            return std::string(v6 ? "ipv6.addr==" : "ip.addr==") + formatAddress(e.address) + " && tcp.port==" + std::to_string(e.port);
        case ConversationType::Udp:
            return std::string(v6 ? "ipv6.addr==" : "ip.addr==") + formatAddress(e.address) + " && udp.port==" + std::to_string(e.port);
    }
    return "";
}

std::string Endpoints::json() const {
    JsonWriter w;
    w.beginObject();
    w.key("type").value(conversationTypeName(m_type));
    w.key("endpoints").beginArray();
    for (const Endpoint* e : sorted()) {
        w.beginObject();
        w.key("address").value(formatAddress(e->address));
        w.key("port");
        if (hasPorts(m_type)) {
            w.value(static_cast<std::uint64_t>(e->port));
        } else {
            w.null();
        }
        w.key("frames").value(e->frames());
        w.key("bytes").value(e->bytes());
        w.key("tx_frames").value(e->txFrames);
        w.key("tx_bytes").value(e->txBytes);
        w.key("rx_frames").value(e->rxFrames);
        w.key("rx_bytes").value(e->rxBytes);
        w.key("filter").value(filterFor(*e));
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return w.take();
}

}  // namespace caplens
