#include "core/findings/frame_tally.hpp"

#include <algorithm>

namespace caplens::findings {
namespace {

bool isNumberType(proto::FieldType type) {
    using proto::FieldType;
    switch (type) {
        case FieldType::UInt8:
        case FieldType::UInt16:
        case FieldType::UInt24:
        case FieldType::UInt32:
        case FieldType::UInt64:
        case FieldType::FrameNumber:
        case FieldType::Ipv4:
            return true;
        default:
            return false;
    }
}

StatAddress ipv4Address(std::uint64_t hostOrder) {
    StatAddress a;
    a.length = 4;
    for (int i = 0; i < 4; ++i) a.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(hostOrder >> (24 - 8 * i));
    return a;
}

}  // namespace

std::unique_ptr<filter::DisplayFilter> compileRuleFilter(std::string_view text) {
    filter::CompileResult compiled = filter::compile(text);
    return std::move(compiled.filter);
}

void mergeMask(proto::FieldMask& into, const proto::FieldMask& from) {
    if (into.size() < from.size()) into.resize(from.size(), 0);
    for (std::size_t i = 0; i < from.size(); ++i) into[i] |= from[i];
}

// ---- EndpointTally ----

void EndpointTally::add(const StatAddress& address, std::uint64_t frames) {
    if (address.length == 0) return;
    m_frames[address] += frames;
}

void EndpointTally::addFrame(const FrameTaps& taps) {
    const proto::TapRecord* network = taps.network();
    if (network == nullptr) return;
    add(tapSource(*network));
    add(tapDestination(*network));
}

void EndpointTally::merge(const EndpointTally& other) {
    for (const auto& [address, frames] : other.m_frames) m_frames[address] += frames;
}

std::vector<std::string> EndpointTally::top(std::size_t limit) const {
    std::vector<std::pair<StatAddress, std::uint64_t>> all(m_frames.begin(), m_frames.end());
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
        if (a.second != b.second) return a.second > b.second;
        return a.first < b.first;
    });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < all.size() && i < limit; ++i) out.push_back(formatAddress(all[i].first));
    return out;
}

// ---- FilterTally ----

FilterTally::FilterTally(std::string_view filterText) : m_text(filterText), m_filter(compileRuleFilter(filterText)) {}

const proto::FieldMask& FilterTally::mask() const {
    static const proto::FieldMask kEmpty;
    return m_filter ? m_filter->mask() : kEmpty;
}

bool FilterTally::observe(const proto::Packet& packet, const FrameTaps& taps) {
    if (!m_filter || !m_filter->matches(packet)) return false;
    ++m_count;
    m_endpoints.addFrame(taps);
    return true;
}

// ---- KeyedTally ----

std::size_t KeyValueHash::operator()(const KeyValue& k) const {
    std::uint64_t h = hashBytes(kHashSeed ^ k.field, &k.number, sizeof k.number);
    if (k.length) h = hashBytes(h, k.bytes.data(), k.length);
    return static_cast<std::size_t>(h);
}

KeyValue KeyedTally::numberKey(std::uint8_t field, std::uint64_t number) {
    KeyValue k;
    k.field = field;
    k.number = number;
    return k;
}

KeyValue KeyedTally::addressKey(std::uint8_t field, const StatAddress& address) {
    KeyValue k;
    k.field = field;
    if (address.length == 4) {
        k.number = (std::uint64_t{address.bytes[0]} << 24) | (std::uint64_t{address.bytes[1]} << 16) |
                   (std::uint64_t{address.bytes[2]} << 8) | address.bytes[3];
    } else if (address.length == 16) {
        k.length = 16;
        k.bytes = address.bytes;
    }
    return k;
}

KeyedTally::KeyedTally(std::string_view baseFilter, std::vector<std::string_view> keyFields)
    : m_base(baseFilter), m_filter(compileRuleFilter(baseFilter)) {
    m_valid = m_filter != nullptr && !keyFields.empty() && keyFields.size() < 256;
    if (m_filter) m_mask = m_filter->mask();
    const proto::Registry& registry = proto::registry();
    for (std::string_view name : keyFields) {
        const auto id = registry.findField(name);
        if (!id) {
            m_valid = false;
            continue;
        }
        const proto::FieldType type = registry.field(*id).type;
        if (!isNumberType(type) && type != proto::FieldType::Ipv6) m_valid = false;
        m_fields.push_back(*id);
        m_fieldNames.emplace_back(name);
        m_types.push_back(type);
        // The field's own mask, as the filter engine computes it.
        if (auto keyFilter = compileRuleFilter(name)) mergeMask(m_mask, keyFilter->mask());
    }
}

bool KeyedTally::observe(const proto::Packet& packet, const FrameTaps& taps) {
    if (!m_valid || !m_filter->matches(packet)) return false;
    ++m_baseCount;
    m_baseEndpoints.addFrame(taps);
    m_scratch.clear();
    for (const proto::FieldRecord& record : packet.records()) {
        for (std::size_t i = 0; i < m_fields.size(); ++i) {
            if (record.field != m_fields[i]) continue;
            KeyValue k;
            k.field = static_cast<std::uint8_t>(i);
            if (m_types[i] == proto::FieldType::Ipv6) {
                if (record.value.size != 16 || record.value.data == nullptr) continue;
                k.length = 16;
                std::copy_n(record.value.data, 16, k.bytes.begin());
            } else {
                k.number = record.value.u;
            }
            if (std::find(m_scratch.begin(), m_scratch.end(), k) == m_scratch.end()) m_scratch.push_back(k);
        }
    }
    if (m_scratch.empty()) {
        ++m_noKeyFrames;
    } else if (m_scratch.size() == 1) {
        ++m_singleCount[m_scratch[0]];
        m_keyEndpoints[m_scratch[0]].addFrame(taps);
    } else {
        m_multiKeyFrames.push_back(m_scratch);
        for (const KeyValue& k : m_scratch) m_keyEndpoints[k].addFrame(taps);
    }
    return true;
}

std::uint64_t KeyedTally::framesOf(const KeyValue& key) const {
    const auto it = m_singleCount.find(key);
    return it == m_singleCount.end() ? 0 : it->second;
}

std::vector<KeyValue> KeyedTally::allKeys() const {
    std::vector<KeyValue> out;
    out.reserve(m_singleCount.size());
    for (const auto& entry : m_singleCount) out.push_back(entry.first);
    for (const auto& frameKeys : m_multiKeyFrames) {
        for (const KeyValue& k : frameKeys) {
            if (m_singleCount.count(k) == 0 && std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
        }
    }
    return out;
}

std::string KeyedTally::clause(const std::vector<KeyValue>& values) const {
    std::string out;
    for (std::size_t field = 0; field < m_fields.size(); ++field) {
        std::vector<KeyValue> mine;
        for (const KeyValue& v : values) {
            if (v.field == field) mine.push_back(v);
        }
        if (mine.empty()) continue;
        std::sort(mine.begin(), mine.end(), [](const KeyValue& a, const KeyValue& b) {
            return a.number != b.number ? a.number < b.number : a.bytes < b.bytes;
        });
        std::string set;
        const bool ranges = m_types[field] != proto::FieldType::Ipv4 && m_types[field] != proto::FieldType::Ipv6;
        for (std::size_t i = 0; i < mine.size();) {
            if (!set.empty()) set += ", ";
            if (m_types[field] == proto::FieldType::Ipv6) {
                StatAddress a;
                a.length = 16;
                a.bytes = mine[i].bytes;
                set += formatAddress(a);
                ++i;
                continue;
            }
            if (m_types[field] == proto::FieldType::Ipv4) {
                set += formatAddress(ipv4Address(mine[i].number));
                ++i;
                continue;
            }
            // Runs of three or more consecutive numbers as a range: "7..12".
            std::size_t j = i;
            while (ranges && j + 1 < mine.size() && mine[j + 1].number == mine[j].number + 1) ++j;
            if (j - i >= 2) {
                set += std::to_string(mine[i].number) + ".." + std::to_string(mine[j].number);
            } else {
                set += std::to_string(mine[i].number);
                j = i;
            }
            i = j + 1;
        }
        if (!out.empty()) out += " || ";
        out += m_fieldNames[field] + " in {" + set + "}";
    }
    return out;
}

KeyedSelection KeyedTally::select(const std::function<bool(const KeyValue&)>& selected, bool exclude) const {
    return select(selected, exclude, std::string());
}

KeyedSelection KeyedTally::select(const std::function<bool(const KeyValue&)>& selected, bool exclude,
                                  const std::string& clauseText) const {
    KeyedSelection result;
    std::vector<KeyValue> values;
    std::uint64_t inSelection = 0;
    EndpointTally selectedEndpoints;
    for (const auto& [key, frames] : m_singleCount) {
        if (!selected(key)) continue;
        values.push_back(key);
        inSelection += frames;
    }
    for (const auto& frameKeys : m_multiKeyFrames) {
        bool any = false;
        for (const KeyValue& k : frameKeys) {
            if (!selected(k)) continue;
            any = true;
            if (std::find(values.begin(), values.end(), k) == values.end()) values.push_back(k);
        }
        if (any) ++inSelection;
    }
    for (const KeyValue& k : values) {
        if (const auto it = m_keyEndpoints.find(k); it != m_keyEndpoints.end()) selectedEndpoints.merge(it->second);
    }
    if (values.empty() && clauseText.empty()) {
        if (exclude) {
            result.filter = m_base;
            result.count = m_baseCount;
            result.endpoints = m_baseEndpoints;
        }
        return result;
    }
    const std::string keys = clauseText.empty() ? clause(values) : clauseText;
    if (exclude) {
        result.filter = "(" + m_base + ") && !(" + keys + ")";
        result.count = m_baseCount - inSelection;
        // Endpoints of what remains: the base's minus the selection's (approximately: by key).
        for (const auto& [key, endpoints] : m_keyEndpoints) {
            if (!selected(key)) result.endpoints.merge(endpoints);
        }
    } else {
        result.filter = "(" + m_base + ") && (" + keys + ")";
        result.count = inSelection;
        result.endpoints = std::move(selectedEndpoints);
    }
    return result;
}

}  // namespace caplens::findings
