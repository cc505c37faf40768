#include "wasm/packet_order.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <string_view>

namespace caplens::wasm {
namespace {

bool needsText(PacketColumn column) {
    return column == PacketColumn::Source || column == PacketColumn::Destination || column == PacketColumn::Info;
}

ColumnText columnText(std::string text) {
    ColumnText key{std::move(text)};
    char* end = nullptr;
    key.number = std::strtod(key.text.c_str(), &end);
    key.numeric = !key.text.empty() && *end == '\0';
    return key;
}

// Column text compared as Wireshark's list does: numerically when both are numbers, else as
// strings.
bool textLess(const ColumnText& a, const ColumnText& b) {
    if (a.numeric && b.numeric) return a.number < b.number;
    return a.text < b.text;
}

// `frames` stably sorted by their keys (keys[i] belongs to frames[i]).
template <typename Key, typename Less>
std::vector<std::uint64_t> sortedByKeys(const std::vector<std::uint64_t>& frames, const std::vector<Key>& keys,
                                        bool ascending, Less less) {
    std::vector<std::size_t> order(frames.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return ascending ? less(keys[a], keys[b]) : less(keys[b], keys[a]);
    });
    std::vector<std::uint64_t> sorted(frames.size());
    for (std::size_t i = 0; i < order.size(); ++i) sorted[i] = frames[order[i]];
    return sorted;
}

}  // namespace

const char* packetColumnName(PacketColumn column) {
    switch (column) {
        case PacketColumn::Number: return "number";
        case PacketColumn::Time: return "time";
        case PacketColumn::Source: return "source";
        case PacketColumn::Destination: return "destination";
        case PacketColumn::Protocol: return "protocol";
        case PacketColumn::Length: return "length";
        case PacketColumn::Info: return "info";
    }
    return "number";
}

PacketOrder::PacketOrder(std::vector<std::uint64_t> frames, SortSpec spec, const CaptureModel& model)
    : m_spec(spec), m_frames(std::move(frames)) {
    if (needsText(spec.column)) {
        m_text.resize(m_frames.size());
        return;
    }
    sortByIndex(model);
    finish();
}

bool PacketOrder::step(CaptureModel& model, std::chrono::steady_clock::duration budget) {
    if (m_ready) return true;
    const auto deadline = std::chrono::steady_clock::now() + budget;
    while (m_collected < m_frames.size()) {
        const proto::Packet* packet =
            model.dissectFrame(m_frames[m_collected], proto::DissectionMode::Fast, nullptr, true);
        if (packet == nullptr) {
            // Bytes on their way, or unreadable: such a frame sorts as empty text.
            if (!model.frameReadFailed()) return false;
        } else if (m_spec.column == PacketColumn::Source) {
            m_text[m_collected] = columnText(packet->sourceColumn());
        } else if (m_spec.column == PacketColumn::Destination) {
            m_text[m_collected] = columnText(packet->destinationColumn());
        } else {
            m_text[m_collected] = columnText(packet->infoText());
        }
        ++m_collected;
        if ((m_collected & 63) == 0 && std::chrono::steady_clock::now() >= deadline) return false;
    }
    sortByText();
    finish();
    return true;
}

double PacketOrder::progress() const {
    if (m_ready || m_frames.empty()) return 1.0;
    return std::min(0.999, static_cast<double>(m_collected) / static_cast<double>(m_frames.size()));
}

std::optional<std::uint64_t> PacketOrder::indexOf(std::uint64_t number) const {
    if (!m_ready || number >= m_positionOf.size() || m_positionOf[number] == 0) return std::nullopt;
    return m_positionOf[number] - 1;
}

void PacketOrder::sortByIndex(const CaptureModel& model) {
    const FrameIndex& index = model.index();
    if (m_spec.column == PacketColumn::Protocol) {
        std::vector<std::string_view> keys(m_frames.size());
        for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = index.protocolColumn(m_frames[i]);
        m_frames = sortedByKeys(m_frames, keys, m_spec.ascending, std::less<>());
        return;
    }
    std::vector<std::int64_t> keys(m_frames.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const std::uint64_t number = m_frames[i];
        switch (m_spec.column) {
            case PacketColumn::Time: keys[i] = index.frame(number).timestampNs; break;
            case PacketColumn::Length: keys[i] = index.frame(number).originalLength; break;
            default: keys[i] = static_cast<std::int64_t>(number); break;
        }
    }
    m_frames = sortedByKeys(m_frames, keys, m_spec.ascending, std::less<>());
}

void PacketOrder::sortByText() {
    m_frames = sortedByKeys(m_frames, m_text, m_spec.ascending, textLess);
    m_text = {};
}

void PacketOrder::finish() {
    const std::uint64_t largest = m_frames.empty() ? 0 : *std::max_element(m_frames.begin(), m_frames.end());
    m_positionOf.assign(largest + 1, 0);
    for (std::size_t i = 0; i < m_frames.size(); ++i) m_positionOf[m_frames[i]] = static_cast<std::uint32_t>(i + 1);
    m_ready = true;
}

}  // namespace caplens::wasm
