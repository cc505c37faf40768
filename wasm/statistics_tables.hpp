// statistics_tables.hpp — the Statistics menu's tables for the page, formatted once from the
// first pass's analyses (no ImGui here; the windows only draw them): each row's cells as text
// with a number to sort by, its depth in a tree, and the display filter one click applies.
//
// Cells read as in Wireshark's dialogs (addresses, "10.0.0.4:50432", seconds with six
// decimals); numbers are the raw counts so that sorting is numeric. csv() is what "Copy as CSV"
// puts on the clipboard: the header and every row, RFC 4180 quoting.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/capture_statistics.hpp"
#include "core/analysis/protocol_hierarchy.hpp"

namespace caplens::wasm {

struct StatColumn {
    std::string title;
    bool numeric = false;  // right-aligned, sorted by StatCell::number
};

struct StatCell {
    std::string text;
    double number = 0;  // the sort key of numeric columns
};

struct StatRow {
    std::vector<StatCell> cells;  // one per column
    int depth = 0;                // indentation in a tree table
    std::string filter;           // empty: no filter selects exactly this row
};

struct StatTable {
    std::vector<StatColumn> columns;
    std::vector<StatRow> rows;  // in the order tshark prints them (trees depth-first)
    bool tree = false;          // rows nest by depth: shown in order, not sortable

    // The header and every row as CSV (tree rows indented by two spaces per level).
    [[nodiscard]] std::string csv() const;
};

// The tables of the Statistics menu. Variants are the tabs of a window: the conversation or
// endpoint type, or the IP version.
enum class StatisticsTable : std::uint8_t {
    ProtocolHierarchy,
    Conversations,  // variant: ConversationType
    Endpoints,      // variant: ConversationType
    Destinations,   // variant: IpVersion (Destinations and Ports)
    AllAddresses,   // variant: IpVersion
    IpProtocolTypes,  // variant: IpVersion
    PacketLengths,
    Handshakes,
    Expert,
};

[[nodiscard]] StatTable hierarchyTable(const ProtocolHierarchy& hierarchy);
[[nodiscard]] StatTable conversationsTable(const Conversations& conversations);
[[nodiscard]] StatTable endpointsTable(const Endpoints& endpoints);
[[nodiscard]] StatTable destinationsTable(const DestinationsAndPorts& destinations);
[[nodiscard]] StatTable addressesTable(const AllAddresses& addresses, IpVersion version);
[[nodiscard]] StatTable protocolTypesTable(const IpProtocolTypes& types, IpVersion version);
[[nodiscard]] StatTable packetLengthsTable(const PacketLengths& lengths);
[[nodiscard]] StatTable handshakesTable(const HandshakeReport& report);
[[nodiscard]] StatTable expertTable(const ExpertInfo& expert);

// The tables of one capture, each built the first time it is asked for.
class StatisticsTables {
public:
    StatisticsTables(const CaptureStatistics& stats, const ProtocolHierarchy& hierarchy)
        : m_stats(stats), m_hierarchy(hierarchy) {}

    // `variant` as the enum's comments say (0 where there is none).
    [[nodiscard]] const StatTable& table(StatisticsTable which, int variant = 0);

private:
    [[nodiscard]] StatTable build(StatisticsTable which, int variant) const;

    const CaptureStatistics& m_stats;
    const ProtocolHierarchy& m_hierarchy;
    static constexpr std::size_t kSlots = 9 * 5;  // tables x variants
    std::array<std::unique_ptr<StatTable>, kSlots> m_tables;
};

}  // namespace caplens::wasm
