#include "wasm/statistics_tables.hpp"

#include <cstdio>
#include <cstdlib>
#include <optional>

#include "core/proto/registry.hpp"

namespace caplens::wasm {
namespace {

StatCell countCell(std::uint64_t n) { return {std::to_string(n), static_cast<double>(n)}; }

StatCell textCell(std::string text) { return {std::move(text), 0}; }

// Six decimals, as Wireshark's dialogs show relative times and durations.
StatCell secondsCell(std::int64_t ns) {
    char text[40];
    std::snprintf(text, sizeof text, "%.6f", nstimeSeconds(ns));
    return {text, nstimeSeconds(ns)};
}

// A handshake leg in milliseconds (three decimals: microseconds); an em dash when unknown,
// sorted below every figure.
StatCell millisecondsCell(const std::optional<std::int64_t>& ns) {
    if (!ns) return {"\u2014", -1};
    char text[40];
    std::snprintf(text, sizeof text, "%.3f", static_cast<double>(*ns) / 1e6);
    return {text, static_cast<double>(*ns) / 1e6};
}

// A frame number, empty (and sorted first) when there is none.
StatCell frameCell(std::uint64_t frame) { return frame == 0 ? StatCell{"", 0} : countCell(frame); }

std::vector<StatColumn> columnsOf(std::initializer_list<std::pair<const char*, bool>> columns) {
    std::vector<StatColumn> out;
    for (const auto& [title, numeric] : columns) out.push_back({title, numeric});
    return out;
}

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// ---- the protocol hierarchy

void addHierarchyRows(const std::vector<HierarchyNode>& nodes, int depth, const ProtocolHierarchy& all,
                      StatTable& table) {
    const auto percent = [](std::uint64_t part, std::uint64_t whole) {
        char text[16];
        const double value = whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
        std::snprintf(text, sizeof text, "%.1f", value);
        return StatCell{text, value};
    };
    for (const HierarchyNode& node : nodes) {
        const proto::FieldDef& field = proto::registry().field(node.field);
        StatRow row;
        row.depth = depth;
        row.cells = {textCell(std::string(field.name)), percent(node.frames, all.frames()), countCell(node.frames),
                     percent(node.bytes, all.bytes()), countCell(node.bytes)};
        // The protocol's abbreviation, as Wireshark's "Apply as Filter" on a hierarchy row.
        row.filter = std::string(field.abbrev);
        table.rows.push_back(std::move(row));
        addHierarchyRows(node.children, depth + 1, all, table);
    }
}

// ---- stats trees (Destinations and Ports, All Addresses, IP Protocol Types, Packet Lengths)

// What selects a tree node's frames, given the filters of its ancestors; empty for none.
using NodeFilter = std::string (*)(const StatsTree& tree, StatsTree::NodeId node, int depth,
                                   const std::string& parentFilter, std::string_view ip);

void addTreeRows(const StatsTree& tree, StatsTree::NodeId id, int depth, const std::string& parentFilter,
                 std::string_view ip, NodeFilter filterOf, StatTable& table) {
    const std::array<std::string, 8> columns = tree.columns(id);
    StatRow row;
    row.depth = depth;
    row.cells.push_back(textCell(tree.node(id).name));
    for (const std::string& value : columns) row.cells.push_back({value, std::strtod(value.c_str(), nullptr)});
    row.filter = filterOf(tree, id, depth, parentFilter, ip);
    const std::string filter = row.filter;
    table.rows.push_back(std::move(row));
    for (const StatsTree::NodeId child : tree.sortedChildren(id)) {
        addTreeRows(tree, child, depth + 1, filter, ip, filterOf, table);
    }
}

StatTable treeTable(const StatsTree& tree, std::string_view ip, NodeFilter filterOf) {
    StatTable table;
    table.tree = true;
    table.columns = columnsOf({{"Topic / Item", false},
                               {"Count", true},
                               {"Average", true},
                               {"Min Val", true},
                               {"Max Val", true},
                               {"Rate (ms)", true},
                               {"Percent", true},
                               {"Burst Rate", true},
                               {"Burst Start", true}});
    for (const StatsTree::NodeId top : tree.topNodes()) addTreeRows(tree, top, 0, "", ip, filterOf, table);
    return table;
}

// The frames of a transport type ("TCP", "UDP", "SCTP", "NONE") inside `ip`.
std::string transportFilter(const std::string& type) {
    if (type == "TCP") return "tcp";
    if (type == "UDP") return "udp";
    if (type == "SCTP") return "sctp";
    return "!tcp && !udp && !sctp";
}

std::string destinationFilter(const StatsTree& tree, StatsTree::NodeId node, int depth,
                              const std::string& parent, std::string_view ip) {
    const StatsTree::Node& n = tree.node(node);
    switch (depth) {
        case 0: return std::string(ip);
        case 1: return std::string(ip) + ".dst == " + n.name;
        case 2: return parent + " && " + transportFilter(n.name);
        default: {
            // A destination port: "ip.dst == A && tcp.dstport == P" (no ports without TCP/UDP/SCTP).
            const std::string& type = tree.node(n.parent).name;
            if (type != "TCP" && type != "UDP" && type != "SCTP") return parent;
            const std::string& address = tree.node(tree.node(n.parent).parent).name;
            return std::string(ip) + ".dst == " + address + " && " + transportFilter(type) + ".dstport == " + n.name;
        }
    }
}

std::string addressFilter(const StatsTree& tree, StatsTree::NodeId node, int depth, const std::string&,
                          std::string_view ip) {
    return depth == 0 ? std::string(ip) : std::string(ip) + ".addr == " + tree.node(node).name;
}

std::string protocolTypeFilter(const StatsTree& tree, StatsTree::NodeId node, int depth, const std::string&,
                               std::string_view ip) {
    return depth == 0 ? std::string(ip) : std::string(ip) + " && " + transportFilter(tree.node(node).name);
}

std::string lengthFilter(const StatsTree& tree, StatsTree::NodeId node, int depth, const std::string&,
                         std::string_view) {
    const StatsTree::Node& n = tree.node(node);
    if (depth == 0 || !n.isRange) return "frame";
    std::string filter = "frame.len >= " + std::to_string(n.rangeFloor);
    if (n.rangeCeiling != INT32_MAX) filter += " && frame.len <= " + std::to_string(n.rangeCeiling);
    return filter;
}

std::string_view ipName(IpVersion version) { return version == IpVersion::V4 ? "ip" : "ipv6"; }

}  // namespace

std::string StatTable::csv() const {
    std::string out;
    for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + csvField(columns[i].title);
    out += "\n";
    for (const StatRow& row : rows) {
        for (std::size_t i = 0; i < row.cells.size(); ++i) {
            const std::string indent = i == 0 && tree ? std::string(static_cast<std::size_t>(row.depth) * 2, ' ') : "";
            out += (i ? "," : "") + csvField(indent + row.cells[i].text);
        }
        out += "\n";
    }
    return out;
}

StatTable hierarchyTable(const ProtocolHierarchy& hierarchy) {
    StatTable table;
    table.tree = true;
    table.columns = columnsOf(
        {{"Protocol", false}, {"Percent Packets", true}, {"Packets", true}, {"Percent Bytes", true}, {"Bytes", true}});
    addHierarchyRows(hierarchy.roots(), 0, hierarchy, table);
    return table;
}

StatTable conversationsTable(const Conversations& conversations) {
    StatTable table;
    const bool ports = hasPorts(conversations.type());
    table.columns = columnsOf({{"Address A", false}, {"Port A", true},     {"Address B", false},
                               {"Port B", true},     {"Packets", true},    {"Bytes", true},
                               {"Stream ID", true},  {"Packets A \u2192 B", true}, {"Bytes A \u2192 B", true},
                               {"Packets B \u2192 A", true}, {"Bytes B \u2192 A", true}, {"Rel Start", true},
                               {"Duration", true}});
    for (const Conversation* c : conversations.sorted()) {
        StatRow row;
        const auto port = [&](std::uint16_t p) { return ports ? countCell(p) : textCell(""); };
        row.cells = {textCell(formatAddress(c->a.address)), port(c->a.port), textCell(formatAddress(c->b.address)),
                     port(c->b.port), countCell(c->frames()), countCell(c->bytes()),
                     ports ? countCell(c->stream) : textCell(""), countCell(c->framesAToB), countCell(c->bytesAToB),
                     countCell(c->framesBToA), countCell(c->bytesBToA), secondsCell(c->startNs),
                     secondsCell(c->stopNs - c->startNs)};
        row.filter = conversations.filterFor(*c);
        table.rows.push_back(std::move(row));
    }
    return table;
}

StatTable endpointsTable(const Endpoints& endpoints) {
    StatTable table;
    const bool ports = hasPorts(endpoints.type());
    table.columns = columnsOf({{"Address", false},
                               {"Port", true},
                               {"Packets", true},
                               {"Bytes", true},
                               {"Tx Packets", true},
                               {"Tx Bytes", true},
                               {"Rx Packets", true},
                               {"Rx Bytes", true}});
    for (const Endpoint* e : endpoints.sorted()) {
        StatRow row;
        row.cells = {textCell(formatAddress(e->address)), ports ? countCell(e->port) : textCell(""),
                     countCell(e->frames()), countCell(e->bytes()), countCell(e->txFrames), countCell(e->txBytes),
                     countCell(e->rxFrames), countCell(e->rxBytes)};
        row.filter = endpoints.filterFor(*e);
        table.rows.push_back(std::move(row));
    }
    return table;
}

StatTable destinationsTable(const DestinationsAndPorts& destinations) {
    return treeTable(destinations.tree(), ipName(destinations.version()), destinationFilter);
}

StatTable addressesTable(const AllAddresses& addresses, IpVersion version) {
    return treeTable(addresses.tree(), ipName(version), addressFilter);
}

StatTable protocolTypesTable(const IpProtocolTypes& types, IpVersion version) {
    return treeTable(types.tree(), ipName(version), protocolTypeFilter);
}

StatTable packetLengthsTable(const PacketLengths& lengths) { return treeTable(lengths.tree(), "", lengthFilter); }

StatTable handshakesTable(const HandshakeReport& report) {
    StatTable table;
    table.columns = columnsOf({{"Stream", true},
                               {"Client", false},
                               {"Server", false},
                               {"SYN", true},
                               {"SYN/ACK", true},
                               {"ACK", true},
                               {"SYN retries", true},
                               {"SYN \u2192 SYN/ACK (ms)", true},
                               {"SYN/ACK \u2192 ACK (ms)", true},
                               {"iRTT (ms)", true},
                               {"RTT (ms)", true},
                               {"Outcome", false}});
    for (const Handshake& h : report.handshakes()) {
        StatRow row;
        row.cells = {countCell(h.stream),
                     textCell(formatEndpoint(h.clientAddress, h.clientPort)),
                     textCell(formatEndpoint(h.serverAddress, h.serverPort)),
                     frameCell(h.synFrame),
                     frameCell(h.synAckFrame),
                     frameCell(h.ackFrame),
                     countCell(h.synRetries()),
                     millisecondsCell(h.synToSynAckNs),
                     millisecondsCell(h.synAckToAckNs),
                     millisecondsCell(h.irttNs),
                     millisecondsCell(h.rttNs),
                     textCell(std::string(handshakeOutcomeName(h.outcome)))};
        row.filter = "tcp.stream == " + std::to_string(h.stream);
        table.rows.push_back(std::move(row));
    }
    return table;
}

StatTable expertTable(const ExpertInfo& expert) {
    StatTable table;
    table.columns = columnsOf(
        {{"Severity", false}, {"Group", false}, {"Protocol", false}, {"Summary", false}, {"Count", true}});
    for (const ExpertEntry& e : expert.entries()) {
        StatRow row;
        row.cells = {textCell(std::string(proto::expertSeverityName(e.severity))),
                     textCell(std::string(proto::expertGroupName(e.group))), textCell(e.protocol),
                     textCell(e.summary), countCell(e.count)};
        // Severity sorts by weight (Error first when descending), not alphabetically.
        row.cells[0].number = static_cast<double>(e.severity);
        row.filter = e.filter;
        table.rows.push_back(std::move(row));
    }
    return table;
}

const StatTable& StatisticsTables::table(StatisticsTable which, int variant) {
    const std::size_t slot = static_cast<std::size_t>(which) * 5 + static_cast<std::size_t>(variant % 5);
    if (!m_tables[slot]) m_tables[slot] = std::make_unique<StatTable>(build(which, variant));
    return *m_tables[slot];
}

StatTable StatisticsTables::build(StatisticsTable which, int variant) const {
    const auto type = static_cast<ConversationType>(variant);
    const IpVersion version = variant == 0 ? IpVersion::V4 : IpVersion::V6;
    switch (which) {
        case StatisticsTable::ProtocolHierarchy: return hierarchyTable(m_hierarchy);
        case StatisticsTable::Conversations: return conversationsTable(m_stats.conversations(type));
        case StatisticsTable::Endpoints: return endpointsTable(m_stats.endpoints(type));
        case StatisticsTable::Destinations: return destinationsTable(m_stats.destinations(version));
        case StatisticsTable::AllAddresses: return addressesTable(m_stats.addresses(version), version);
        case StatisticsTable::IpProtocolTypes: return protocolTypesTable(m_stats.protocolTypes(version), version);
        case StatisticsTable::PacketLengths: return packetLengthsTable(m_stats.packetLengths());
        case StatisticsTable::Handshakes: return handshakesTable(m_stats.handshakes());
        case StatisticsTable::Expert: return expertTable(m_stats.expertInfo());
    }
    return {};
}

}  // namespace caplens::wasm
