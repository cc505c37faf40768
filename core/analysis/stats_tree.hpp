// stats_tree.hpp — Wireshark's stats_tree (epan/stats_tree.c): a tree of counters, one node per
// item, that tshark prints for `-z dests,tree`, `ip_hosts,tree`, `ptype,tree`, `plen,tree`.
//
// Each node counts the frames that ticked it, and — like Wireshark — keeps the figures of the
// other columns: average/min/max of a value (range nodes), the rate per millisecond over the
// frames the tree saw, the percentage of its parent, and the burst rate (most ticks within a
// 100 ms window, measured in 5 ms buckets) with the window's start. Output follows tshark's
// plain-text layout and sort order (children by count, descending; ties by name, descending;
// range children by their lower bound).
//
// Children are found by a fixed-size key (an address, a number): ticking a known node does not
// allocate; a new node allocates its name once.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/analysis/stats_support.hpp"

namespace caplens {

class JsonWriter;

class StatsTree {
public:
    using NodeId = std::uint32_t;
    static constexpr NodeId kRoot = 0;

    // `title` is the tree's name as tshark prints it: "IPv4 Statistics/All Addresses".
    explicit StatsTree(std::string title);

    // Starts a frame the tree sees, `sinceFirstNs` after the capture's first frame
    // (Wireshark's pinfo->rel_ts). Call before ticking nodes for it.
    void beginFrame(std::int64_t sinceFirstNs);

    // A top-level node (created once, when the tree is set up).
    NodeId addTopNode(std::string name);
    // A top-level node whose children are the ranges "0-19", "20-39", ... "5120 and greater"
    // given as {floor, ceiling} pairs with their names (ceiling -1: no upper bound).
    struct Range {
        std::int32_t floor;
        std::int32_t ceiling;
        const char* name;
    };
    NodeId addRangeNode(std::string name, std::span<const Range> ranges);

    // The child of `parent` keyed by `key`, created with the name `makeName()` gives when new.
    template <typename MakeName>
    NodeId child(NodeId parent, const StatAddress& key, MakeName&& makeName) {
        const ChildKey k{parent, key};
        auto it = m_children.find(k);
        if (it != m_children.end()) return it->second;
        return addChild(parent, k, makeName());
    }
    // Numeric keys (ports, protocol numbers) use a 4-byte "address".
    [[nodiscard]] static StatAddress numberKey(std::uint32_t value);

    // Counts one tick of `node` (Wireshark's tick_stat_node).
    void tick(NodeId node);
    // Adds `value` to a range node's average/min/max and ticks the range child holding it
    // (stats_tree_tick_range; the range node itself is ticked separately).
    void tickRange(NodeId rangeNode, std::int32_t value);

    // ---- results ----
    struct Node {
        std::string name;
        NodeId parent = kRoot;
        std::vector<NodeId> children;  // in order of creation
        std::uint32_t counter = 0;
        bool hasValues = false;        // average / min / max shown
        bool isRange = false;
        std::int32_t rangeFloor = 0;
        std::int32_t rangeCeiling = 0;
        std::int64_t total = 0;
        std::int32_t minValue = INT32_MAX;
        std::int32_t maxValue = INT32_MIN;
        std::uint32_t burst = 0;  // index into the burst states
    };
    [[nodiscard]] const Node& node(NodeId id) const { return m_nodes[id]; }
    [[nodiscard]] const std::string& title() const { return m_title; }
    // The top-level nodes, in order of creation.
    [[nodiscard]] const std::vector<NodeId>& topNodes() const { return m_nodes[kRoot].children; }
    // `parent`'s children in tshark's display order.
    [[nodiscard]] std::vector<NodeId> sortedChildren(NodeId parent) const;

    // The column values tshark shows for a node: Count, Average, Min Val, Max Val, Rate (ms),
    // Percent, Burst Rate, Burst Start (empty or "-" where tshark shows so).
    [[nodiscard]] std::array<std::string, 8> columns(NodeId id) const;
    // tshark's plain-text table (stats_tree_format_as_str, ST_FORMAT_PLAIN).
    [[nodiscard]] std::string text() const;
    // {"name":..,"count":N,"average":..,"min":..,"max":..,"rate_ms":..,"percent":..,
    //  "burst_rate":..,"burst_start_s":..,"children":[...]} for each top-level node.
    void writeJson(JsonWriter& w) const;

    // The largest burst (ticks within the window) of a node and when its window began (ms).
    [[nodiscard]] std::uint32_t maxBurst(NodeId id) const { return m_bursts[m_nodes[id].burst].maxBurst; }

private:
    struct ChildKey {
        NodeId parent;
        StatAddress key;
        bool operator==(const ChildKey& o) const { return parent == o.parent && key == o.key; }
    };
    struct ChildKeyHash {
        std::size_t operator()(const ChildKey& k) const {
            return static_cast<std::size_t>(hashAddress(kHashSeed ^ k.parent, k.key));
        }
    };
    // Wireshark's burst bucket list: at most one bucket per 5 ms over a 100 ms window.
    struct Bucket {
        std::int64_t number = 0;
        std::int32_t count = 0;
        double start = 0;
    };
    struct BurstState {
        static constexpr std::size_t kCapacity = 22;
        std::array<Bucket, kCapacity> buckets{};  // ordered by number; [0] starts as a dummy
        std::uint8_t size = 1;
        std::int64_t current = 0;
        std::uint32_t maxBurst = 0;
        double burstTime = -1;
    };

    NodeId addChild(NodeId parent, const ChildKey& key, std::string name);
    NodeId newNode(NodeId parent, std::string name);
    void updateBurst(BurstState& state, std::int32_t value);
    void writeNodeJson(JsonWriter& w, NodeId id) const;
    void appendNodeText(std::string& out, NodeId id, unsigned indent, unsigned nameWidth) const;
    [[nodiscard]] unsigned maxNameLength(NodeId id, unsigned indent) const;

    std::string m_title;
    std::vector<Node> m_nodes;         // [0] is the root
    std::vector<BurstState> m_bursts;  // one per node
    std::unordered_map<ChildKey, NodeId, ChildKeyHash> m_children;
    double m_now = -1;       // ms since the first frame (st->now)
    double m_start = -1;     // st->start
    double m_elapsed = 0;    // st->elapsed
};

}  // namespace caplens
