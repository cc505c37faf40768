#include "core/analysis/conversations.hpp"

#include <algorithm>

#include "core/util/json_writer.hpp"

namespace caplens {

using proto::TapKind;

std::string_view conversationTypeName(ConversationType type) {
    switch (type) {
        case ConversationType::Ethernet: return "eth";
        case ConversationType::Ipv4: return "ip";
        case ConversationType::Ipv6: return "ipv6";
        case ConversationType::Tcp: return "tcp";
        case ConversationType::Udp: return "udp";
    }
    return "";
}

std::optional<ConversationType> parseConversationType(std::string_view name) {
    for (const auto type : {ConversationType::Ethernet, ConversationType::Ipv4, ConversationType::Ipv6,
                            ConversationType::Tcp, ConversationType::Udp}) {
        if (conversationTypeName(type) == name) return type;
    }
    return std::nullopt;
}

std::string_view conversationTypeTitle(ConversationType type) {
    switch (type) {
        case ConversationType::Ethernet: return "Ethernet";
        case ConversationType::Ipv4: return "IPv4";
        case ConversationType::Ipv6: return "IPv6";
        case ConversationType::Tcp: return "TCP";
        case ConversationType::Udp: return "UDP";
    }
    return "";
}

bool tapIsOfType(const proto::TapRecord& tap, ConversationType type) {
    switch (type) {
        case ConversationType::Ethernet: return tap.kind == TapKind::Ethernet;
        case ConversationType::Ipv4: return tap.kind == TapKind::Ipv4;
        case ConversationType::Ipv6: return tap.kind == TapKind::Ipv6;
        case ConversationType::Tcp: return tap.kind == TapKind::Tcp && tap.addressLength != 0;
        case ConversationType::Udp: return tap.kind == TapKind::Udp && tap.addressLength != 0;
    }
    return false;
}

std::size_t Conversations::KeyHash::operator()(const Key& k) const {
    std::uint64_t h = hashAddress(kHashSeed, k.low.address);
    h = hashAddress(h, k.high.address);
    const std::uint32_t rest[] = {k.low.port, k.high.port, k.stream};
    return static_cast<std::size_t>(hashBytes(h, rest, sizeof rest));
}

void Conversations::onFrame(const CapturedFrame& frame, const proto::Packet& packet, const FrameTaps& taps) {
    for (const proto::TapRecord& tap : taps.all()) {
        if (!tapIsOfType(tap, m_type)) continue;
        const bool ports = hasPorts(m_type);
        const ConversationEnd source{tapSource(tap), ports ? tap.sourcePort : std::uint16_t{0}};
        const ConversationEnd destination{tapDestination(tap), ports ? tap.destinationPort : std::uint16_t{0}};
        add(source, destination, ports ? tap.stream : 0, frame.originalLength, packet.frame().sinceFirstNs);
    }
}

void Conversations::add(const ConversationEnd& source, const ConversationEnd& destination, std::uint32_t stream,
                        std::uint32_t length, std::int64_t timeNs) {
    const int order = source.address.compare(destination.address);
    const bool sourceLow = order < 0 || (order == 0 && source.port <= destination.port);
    const Key key{sourceLow ? source : destination, sourceLow ? destination : source, stream};
    auto [it, inserted] = m_index.try_emplace(key, m_conversations.size());
    if (inserted) {
        Conversation c;
        c.a = source;
        c.b = destination;
        c.stream = stream;
        c.startNs = c.stopNs = timeNs;
        m_conversations.push_back(c);
    }
    Conversation& c = m_conversations[it->second];
    const bool forward = c.a.address == source.address && c.a.port == source.port &&
                         c.b.address == destination.address && c.b.port == destination.port;
    if (forward) {
        ++c.framesAToB;
        c.bytesAToB += length;
    } else {
        ++c.framesBToA;
        c.bytesBToA += length;
    }
    c.startNs = std::min(c.startNs, timeNs);
    c.stopNs = std::max(c.stopNs, timeNs);
}

std::vector<const Conversation*> Conversations::sorted() const {
    std::vector<const Conversation*> out;
    out.reserve(m_conversations.size());
    for (const auto& c : m_conversations) out.push_back(&c);
    std::stable_sort(out.begin(), out.end(), [](const Conversation* x, const Conversation* y) { return x->frames() > y->frames(); });
    return out;
}

std::string Conversations::endText(const ConversationEnd& end) const {
    if (!hasPorts(m_type)) return formatAddress(end.address);
    // tshark's tables join address and port with ':' (IPv6 too); the bracketed form is for URLs
    // and the handshake report.
    return formatAddress(end.address) + ":" + std::to_string(end.port);
}

std::string Conversations::text(std::string_view filter) const {
    // ui/cli/tap-iousers.c: 12 more columns for "address:port" names.
    const std::string indent = hasPorts(m_type) ? "            " : "";
    const int nameWidth = hasPorts(m_type) ? 26 : 20;
    std::string out = "================================================================================\n";
    out += std::string(conversationTypeTitle(m_type)) + " Conversations\n";
    out += "Filter:" + (filter.empty() ? std::string("<No Filter>") : std::string(filter)) + "\n";
    out += indent + "                                               |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |\n";
    out += indent + "                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |\n";
    for (const Conversation* c : sorted()) {
        out += formatText("%-*s <-> %-*s  %6llu %-9s  %6llu %-9s  %6llu %-9s  %14.9f   %12.4f\n", nameWidth,
                          endText(c->a).c_str(), nameWidth, endText(c->b).c_str(),
                          static_cast<unsigned long long>(c->framesBToA), formatSize(c->bytesBToA).c_str(),
                          static_cast<unsigned long long>(c->framesAToB), formatSize(c->bytesAToB).c_str(),
                          static_cast<unsigned long long>(c->frames()), formatSize(c->bytes()).c_str(),
                          nstimeSeconds(c->startNs), nstimeSeconds(c->stopNs) - nstimeSeconds(c->startNs));
    }
    out += "================================================================================\n";
    return out;
}

std::string Conversations::filterFor(const Conversation& c) const {
    const auto field = [&](bool port) -> std::string {
        switch (m_type) {
            case ConversationType::Ethernet: return "eth.addr";
            case ConversationType::Ipv4: return port ? "" : "ip.addr";
            case ConversationType::Ipv6: return port ? "" : "ipv6.addr";
            case ConversationType::Tcp: return port ? "tcp.port" : (c.a.address.length == 16 ? "ipv6.addr" : "ip.addr");
            case ConversationType::Udp: return port ? "udp.port" : (c.a.address.length == 16 ? "ipv6.addr" : "ip.addr");
        }
        return "";
    };
    std::string out = field(false) + "==" + formatAddress(c.a.address);
    if (hasPorts(m_type)) out += " && " + field(true) + "==" + std::to_string(c.a.port);
    out += " && " + field(false) + "==" + formatAddress(c.b.address);
    if (hasPorts(m_type)) out += " && " + field(true) + "==" + std::to_string(c.b.port);
    return out;
}

std::string Conversations::json() const {
    JsonWriter w;
    w.beginObject();
    w.key("type").value(conversationTypeName(m_type));
    w.key("conversations").beginArray();
    for (const Conversation* c : sorted()) {
        w.beginObject();
        const bool ports = hasPorts(m_type);
        w.key("a").value(ports ? formatEndpoint(c->a.address, c->a.port) : formatAddress(c->a.address));
        w.key("b").value(ports ? formatEndpoint(c->b.address, c->b.port) : formatAddress(c->b.address));
        w.key("frames_a_to_b").value(c->framesAToB);
        w.key("bytes_a_to_b").value(c->bytesAToB);
        w.key("frames_b_to_a").value(c->framesBToA);
        w.key("bytes_b_to_a").value(c->bytesBToA);
        w.key("frames").value(c->frames());
        w.key("bytes").value(c->bytes());
        w.key("rel_start_s").value(static_cast<double>(c->startNs) / 1e9);
        w.key("duration_s").value(static_cast<double>(c->stopNs - c->startNs) / 1e9);
        if (ports) w.key("stream").value(static_cast<std::uint64_t>(c->stream));
        w.key("filter").value(filterFor(*c));
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return w.take();
}

}  // namespace caplens
