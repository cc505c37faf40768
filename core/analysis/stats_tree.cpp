#include "core/analysis/stats_tree.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/util/json_writer.hpp"

namespace caplens {
namespace {

// Wireshark's preferences for statistics trees (defaults): bursts are counted in 5 ms
// buckets over a 100 ms window; names nest at most 32 levels deep.
constexpr double kBurstResolutionMs = 5;
constexpr double kBurstWindowMs = 100;
constexpr unsigned kIndentMax = 32;
constexpr unsigned kColumnWidth = 12;
constexpr const char* kColumnNames[] = {"Count", "Average", "Min Val", "Max Val", "Rate (ms)",
                                        "Percent", "Burst Rate", "Burst Start"};

// The last component of a "Group/Name" path (stats_tree_get_displayname; "//" is a slash).
std::string displayName(const std::string& full) {
    std::string out;
    for (std::size_t i = 0; i < full.size(); ++i) {
        if (full[i] != '/') {
            out += full[i];
        } else if (i + 1 < full.size() && full[i + 1] == '/') {
            out += '/';
            ++i;
        } else {
            out.clear();
        }
    }
    return out;
}

}  // namespace

StatsTree::StatsTree(std::string title) : m_title(std::move(title)) {
    m_nodes.push_back(Node{displayName(m_title)});
    m_bursts.emplace_back();
}

StatAddress StatsTree::numberKey(std::uint32_t value) {
    StatAddress key;
    key.length = 4;
    std::memcpy(key.bytes.data(), &value, sizeof value);
    return key;
}

void StatsTree::beginFrame(std::int64_t sinceFirstNs) {
    m_now = nstimeMilliseconds(sinceFirstNs);
    if (m_start < 0.0) m_start = m_now;
    m_elapsed = m_now - m_start;
}

StatsTree::NodeId StatsTree::newNode(NodeId parent, std::string name) {
    const auto id = static_cast<NodeId>(m_nodes.size());
    Node node;
    node.name = std::move(name);
    node.parent = parent;
    node.burst = static_cast<std::uint32_t>(m_bursts.size());
    m_nodes.push_back(std::move(node));
    m_bursts.emplace_back();
    m_nodes[parent].children.push_back(id);
    return id;
}

StatsTree::NodeId StatsTree::addTopNode(std::string name) { return newNode(kRoot, std::move(name)); }

StatsTree::NodeId StatsTree::addRangeNode(std::string name, std::span<const Range> ranges) {
    const NodeId top = newNode(kRoot, std::move(name));
    for (const Range& range : ranges) {
        const NodeId id = newNode(top, range.name);
        m_nodes[id].isRange = true;
        m_nodes[id].rangeFloor = range.floor;
        m_nodes[id].rangeCeiling = range.ceiling < 0 ? INT32_MAX : range.ceiling;
    }
    return top;
}

StatsTree::NodeId StatsTree::addChild(NodeId parent, const ChildKey& key, std::string name) {
    const NodeId id = newNode(parent, std::move(name));
    m_children.emplace(key, id);
    return id;
}

void StatsTree::tick(NodeId id) {
    ++m_nodes[id].counter;
    updateBurst(m_bursts[m_nodes[id].burst], 1);
}

void StatsTree::tickRange(NodeId rangeNode, std::int32_t value) {
    const auto account = [value](Node& n) {
        n.total += value;
        n.minValue = std::min(n.minValue, value);
        n.maxValue = std::max(n.maxValue, value);
        n.hasValues = true;
    };
    account(m_nodes[rangeNode]);
    for (const NodeId id : m_nodes[rangeNode].children) {
        Node& n = m_nodes[id];
        if (value < n.rangeFloor || value > n.rangeCeiling) continue;
        ++n.counter;
        account(n);
        updateBurst(m_bursts[n.burst], 1);
        return;
    }
}

// update_burst_calc(): a list of 5 ms buckets no more than one window long, with the count of
// ticks they hold; out-of-order times go into the bucket they belong to while it is kept.
void StatsTree::updateBurst(BurstState& s, std::int32_t value) {
    const auto bucket = static_cast<std::int64_t>(std::floor(m_now / kBurstResolutionMs));
    const auto window = static_cast<std::int64_t>(kBurstWindowMs / kBurstResolutionMs);
    auto& b = s.buckets;
    if (bucket > b[s.size - 1].number) {
        if (s.size == BurstState::kCapacity) {  // cannot happen: the list spans < 1 window
            std::move(b.begin() + 1, b.begin() + s.size, b.begin());
            --s.size;
        }
        b[s.size++] = Bucket{bucket, value, m_now};
        s.current += value;
        std::size_t drop = 0;
        while (drop < s.size - 1u && bucket >= b[drop].number + window) s.current -= b[drop++].count;
        if (drop > 0) {
            std::move(b.begin() + static_cast<std::ptrdiff_t>(drop), b.begin() + s.size, b.begin());
            s.size = static_cast<std::uint8_t>(s.size - drop);
        }
    } else if (bucket < b[0].number) {
        if (bucket + window > b[s.size - 1].number && s.size < BurstState::kCapacity) {
            std::move_backward(b.begin(), b.begin() + s.size, b.begin() + s.size + 1);
            b[0] = Bucket{bucket, value, m_now};
            ++s.size;
            s.current += value;
        }
    } else {
        std::size_t i = s.size - 1u;
        while (bucket < b[i].number) --i;
        if (bucket == b[i].number) {
            b[i].count += value;
            b[i].start = std::min(b[i].start, m_now);
        } else if (s.size < BurstState::kCapacity) {
            std::move_backward(b.begin() + static_cast<std::ptrdiff_t>(i) + 1, b.begin() + s.size,
                               b.begin() + s.size + 1);
            b[i + 1] = Bucket{bucket, value, m_now};
            ++s.size;
        }
        s.current += value;
    }
    if (s.current > static_cast<std::int64_t>(s.maxBurst)) {
        s.maxBurst = static_cast<std::uint32_t>(s.current);
        s.burstTime = b[0].start;
    }
}

std::vector<StatsTree::NodeId> StatsTree::sortedChildren(NodeId parent) const {
    std::vector<NodeId> out = m_nodes[parent].children;
    // stats_tree_sort_compare() with the default preferences: by count, descending; ties by
    // name (case-sensitive), descending; ranges always by their lower bound, ascending.
    std::stable_sort(out.begin(), out.end(), [this](NodeId ia, NodeId ib) {
        const Node& a = m_nodes[ia];
        const Node& b = m_nodes[ib];
        if (a.isRange && b.isRange) return a.rangeFloor < b.rangeFloor;
        int result = static_cast<int>(a.counter - b.counter);
        if (result == 0) result = std::strcmp(a.name.c_str(), b.name.c_str());
        return -result < 0;
    });
    return out;
}

std::array<std::string, 8> StatsTree::columns(NodeId id) const {
    const Node& n = m_nodes[id];
    const BurstState& burst = m_bursts[n.burst];
    std::array<std::string, 8> v;
    v[0] = std::to_string(n.counter);
    if (n.hasValues || n.isRange) {
        if (n.counter) {
            v[1] = formatText("%.2f", static_cast<double>(static_cast<float>(n.total) / static_cast<float>(n.counter)));
            v[2] = std::to_string(n.minValue);
            v[3] = std::to_string(n.maxValue);
        } else {
            v[1] = v[2] = v[3] = "-";
        }
    }
    if (m_elapsed != 0) v[4] = formatText("%.4f", static_cast<double>(static_cast<float>(n.counter)) / m_elapsed);
    const Node& parent = m_nodes[n.parent];
    if (parent.counter) {
        v[5] = formatText("%.2f%%", (n.counter * 100.0) / parent.counter);
    } else if (n.parent == kRoot) {
        v[5] = "100%";
    }
    v[6] = burst.maxBurst ? formatText("%.4f", static_cast<double>(burst.maxBurst) / kBurstWindowMs) : "-";
    v[7] = burst.maxBurst ? formatText("%.3f", burst.burstTime / 1000.0) : "-";
    return v;
}

unsigned StatsTree::maxNameLength(NodeId id, unsigned indent) const {
    indent = std::min(indent, kIndentMax);
    unsigned longest = 0;
    for (const NodeId child : m_nodes[id].children) longest = std::max(longest, maxNameLength(child, indent + 1));
    return std::max(longest, static_cast<unsigned>(m_nodes[id].name.size()) + indent);
}

void StatsTree::appendNodeText(std::string& out, NodeId id, unsigned indent, unsigned nameWidth) const {
    out += std::string(indent, ' ');
    out += formatText("%-*s", static_cast<int>(nameWidth - indent), m_nodes[id].name.c_str());
    for (const std::string& value : columns(id)) out += formatText(" %-*s", static_cast<int>(kColumnWidth + 1), value.c_str());
    out += '\n';
    const unsigned next = std::min(indent + 1, kIndentMax);
    for (const NodeId child : sortedChildren(id)) appendNodeText(out, child, next, nameWidth);
}

std::string StatsTree::text() const {
    const unsigned nameWidth = maxNameLength(kRoot, 0);
    const std::size_t separatorLength = nameWidth + (std::size(kColumnNames)) * (kColumnWidth + 2);
    std::string out = "\n" + std::string(separatorLength, '=') + "\n" + m_title + ":\n";
    out += formatText("%-*s", static_cast<int>(nameWidth), "Topic / Item");
    for (const char* name : kColumnNames) out += formatText(" %-*s", static_cast<int>(kColumnWidth + 1), name);
    out += "\n" + std::string(separatorLength, '-') + "\n";
    for (const NodeId top : topNodes()) appendNodeText(out, top, 0, nameWidth);
    out += "\n" + std::string(separatorLength, '-') + "\n";
    return out;
}

void StatsTree::writeNodeJson(JsonWriter& w, NodeId id) const {
    const Node& n = m_nodes[id];
    const BurstState& burst = m_bursts[n.burst];
    w.beginObject();
    w.key("name").value(n.name);
    w.key("count").value(static_cast<std::uint64_t>(n.counter));
    if (n.hasValues || n.isRange) {
        if (n.counter) {
            w.key("average").value(static_cast<double>(n.total) / n.counter);
            w.key("min").value(static_cast<std::int64_t>(n.minValue));
            w.key("max").value(static_cast<std::int64_t>(n.maxValue));
        } else {
            w.key("average").null().key("min").null().key("max").null();
        }
    }
    if (m_elapsed != 0) {
        w.key("rate_ms").value(n.counter / m_elapsed);
    } else {
        w.key("rate_ms").null();
    }
    const Node& parent = m_nodes[n.parent];
    w.key("percent").value(parent.counter ? (n.counter * 100.0) / parent.counter : 100.0);
    if (burst.maxBurst) {
        w.key("burst_rate").value(burst.maxBurst / kBurstWindowMs);
        w.key("burst_start_s").value(burst.burstTime / 1000.0);
    } else {
        w.key("burst_rate").null().key("burst_start_s").null();
    }
    w.key("children").beginArray();
    for (const NodeId child : sortedChildren(id)) writeNodeJson(w, child);
    w.endArray();
    w.endObject();
}

void StatsTree::writeJson(JsonWriter& w) const {
    w.beginObject();
    w.key("title").value(m_title);
    w.key("nodes").beginArray();
    for (const NodeId top : topNodes()) writeNodeJson(w, top);
    w.endArray();
    w.endObject();
}

}  // namespace caplens
