#include "wasm/summary.hpp"

#include <algorithm>
#include <map>

#include "core/proto/registry.hpp"

namespace caplens::wasm {

const std::vector<FlaggedProtocol>& flaggedProtocols() {
    static const std::vector<FlaggedProtocol> kFlagged = {
        {"bittorrent", "peer-to-peer file sharing"},
        {"gnutella", "peer-to-peer file sharing"},
        {"edonkey", "peer-to-peer file sharing"},
        {"portmap", "RPC portmapper exposed (port 111)"},
        {"telnet", "cleartext remote login"},
        {"rlogin", "cleartext remote login"},
        {"ftp", "cleartext credentials"},
        {"tftp", "unauthenticated file transfer"},
        {"pop", "cleartext mail login"},
        {"imap", "cleartext mail login"},
        {"snmp", "community strings in cleartext"},
        {"rdp", "remote desktop exposed"},
        {"vnc", "remote desktop exposed"},
        {"smb", "SMBv1, obsolete and exploitable"},
        {"irc", "chat, a common botnet channel"},
        {"x11", "remote X11 display"},
    };
    return kFlagged;
}

namespace {

std::string_view flagReasonOf(std::string_view abbrev) {
    for (const FlaggedProtocol& f : flaggedProtocols()) {
        if (f.abbrev == abbrev) return f.reason;
    }
    return {};
}

// `path`: the abbreviations of the node's ancestors (a protocol repeated down a path, such as
// bittorrent messages in one segment, counts its frames once).
void walk(const std::vector<HierarchyNode>& nodes, int depth, std::vector<std::string>& path, Summary& out) {
    for (const HierarchyNode& node : nodes) {
        SummaryProtocol p;
        p.abbrev = std::string(proto::registry().field(node.field).abbrev);
        p.frames = node.frames;
        p.bytes = node.bytes;
        p.depth = depth;
        p.hasChildren = !node.children.empty();
        p.flagReason = flagReasonOf(p.abbrev);
        const bool repeated = std::find(path.begin(), path.end(), p.abbrev) != path.end();
        out.protocols.push_back(p);
        if (repeated) out.protocols.back().flagReason = {};  // said once, at the outermost
        if (!p.flagReason.empty() && !repeated) {
            auto it = std::find_if(out.flagged.begin(), out.flagged.end(),
                                   [&](const SummaryProtocol& f) { return f.abbrev == p.abbrev; });
            if (it == out.flagged.end()) {
                out.flagged.push_back(p);
                out.flagged.back().depth = 0;
            } else {
                it->frames += p.frames;
                it->bytes += p.bytes;
            }
        }
        path.push_back(p.abbrev);
        walk(node.children, depth + 1, path, out);
        path.pop_back();
    }
}

}  // namespace

Summary buildSummary(const CaptureStatistics& stats, const ProtocolHierarchy& hierarchy, std::size_t limit) {
    Summary out;
    out.truncatedFrames = stats.properties().truncatedFrames;

    // 1. latency
    const HandshakeReport& report = stats.handshakes();
    out.captureSide = std::string(captureSideName(report.captureSide()));
    out.unavailableFrames = report.unavailableFrames();
    std::vector<const Handshake*> order;
    for (const Handshake& h : report.handshakes()) {
        ++out.handshakes;
        if (h.outcome == HandshakeOutcome::Established) ++out.established;
        if (h.outcome == HandshakeOutcome::NoAnswer || h.outcome == HandshakeOutcome::Reset) ++out.unanswered;
        if (h.rttNs) out.rttsNs.push_back(*h.rttNs);
        order.push_back(&h);
    }
    // Slowest first: by the network RTT, then by iRTT; connections without either last.
    const auto key = [](const Handshake* h) -> std::int64_t {
        if (h->rttNs) return *h->rttNs;
        if (h->irttNs) return *h->irttNs;
        return -1;
    };
    std::stable_sort(order.begin(), order.end(), [&](const Handshake* a, const Handshake* b) { return key(a) > key(b); });
    for (const Handshake* h : order) {
        if (out.slowest.size() >= limit) break;
        SummaryConnection c;
        c.stream = h->stream;
        c.client = formatEndpoint(h->clientAddress, h->clientPort);
        c.server = formatEndpoint(h->serverAddress, h->serverPort);
        c.synToSynAckNs = h->synToSynAckNs;
        c.synAckToAckNs = h->synAckToAckNs;
        c.irttNs = h->irttNs;
        c.rttNs = h->rttNs;
        c.outcome = std::string(handshakeOutcomeName(h->outcome));
        c.filter = "tcp.stream == " + std::to_string(h->stream);
        out.slowest.push_back(std::move(c));
    }

    // 2. protocols
    out.totalFrames = hierarchy.frames();
    out.totalBytes = hierarchy.bytes();
    std::vector<std::string> path;
    walk(hierarchy.roots(), 0, path, out);

    // 3. destinations and ports (IPv4 then IPv6, merged by frames)
    std::map<std::pair<std::string, std::uint32_t>, std::uint64_t> ports;  // (tcp|udp, port)
    for (const IpVersion version : {IpVersion::V4, IpVersion::V6}) {
        const StatsTree& tree = stats.destinations(version).tree();
        const std::string field = version == IpVersion::V4 ? "ip.dst" : "ipv6.dst";
        for (const StatsTree::NodeId top : tree.topNodes()) {
            for (const StatsTree::NodeId addressId : tree.sortedChildren(top)) {
                const StatsTree::Node& address = tree.node(addressId);
                out.destinations.push_back({address.name, address.counter, field + " == " + address.name});
                for (const StatsTree::NodeId typeId : tree.sortedChildren(addressId)) {
                    const StatsTree::Node& type = tree.node(typeId);
                    if (type.name != "TCP" && type.name != "UDP") continue;
                    for (const StatsTree::NodeId portId : tree.sortedChildren(typeId)) {
                        const StatsTree::Node& port = tree.node(portId);
                        ports[{type.name == "TCP" ? "tcp" : "udp", static_cast<std::uint32_t>(std::stoul(port.name))}] +=
                            port.counter;
                    }
                }
            }
        }
    }
    std::stable_sort(out.destinations.begin(), out.destinations.end(),
                     [](const SummaryRow& a, const SummaryRow& b) { return a.frames > b.frames; });
    if (out.destinations.size() > limit) out.destinations.resize(limit);
    for (const auto& [k, frames] : ports) {
        const std::string upper = k.first == "tcp" ? "TCP" : "UDP";
        out.ports.push_back({upper + " " + std::to_string(k.second), frames,
                             k.first + ".port == " + std::to_string(k.second)});
    }
    std::stable_sort(out.ports.begin(), out.ports.end(),
                     [](const SummaryRow& a, const SummaryRow& b) { return a.frames > b.frames; });
    if (out.ports.size() > limit) out.ports.resize(limit);
    return out;
}

Histogram histogramOf(const std::vector<std::int64_t>& values, std::size_t buckets) {
    Histogram h;
    h.counts.assign(std::max<std::size_t>(buckets, 1), 0);
    if (values.empty()) return h;
    const std::int64_t max = std::max<std::int64_t>(*std::max_element(values.begin(), values.end()), 1);
    h.bucketNs = std::max<std::int64_t>(1, (max + static_cast<std::int64_t>(h.counts.size()) - 1) /
                                               static_cast<std::int64_t>(h.counts.size()));
    for (const std::int64_t v : values) {
        const auto i = static_cast<std::size_t>(std::clamp<std::int64_t>(v / h.bucketNs, 0, static_cast<std::int64_t>(h.counts.size()) - 1));
        ++h.counts[i];
    }
    return h;
}

}  // namespace caplens::wasm
