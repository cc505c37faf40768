#include "wasm/packet_order.hpp"

#include <algorithm>
#include <cstdlib>

namespace caplens::wasm {
namespace {

bool needsText(PacketColumn column) {
    return column == PacketColumn::Source || column == PacketColumn::Destination || column == PacketColumn::Info;
}

// Column text compared as Wireshark's list does: numerically when both are numbers, else as
// strings.
int compareText(const std::string& a, const std::string& b) {
    char* endA = nullptr;
    char* endB = nullptr;
    const double numberA = std::strtod(a.c_str(), &endA);
    const double numberB = std::strtod(b.c_str(), &endB);
    if (!a.empty() && !b.empty() && *endA == '\0' && *endB == '\0') {
        return numberA < numberB ? -1 : numberA > numberB ? 1 : 0;
    }
    return a.compare(b);
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
            m_text[m_collected] = packet->sourceColumn();
        } else if (m_spec.column == PacketColumn::Destination) {
            m_text[m_collected] = packet->destinationColumn();
        } else {
            m_text[m_collected] = packet->infoText();
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
    const auto key = [&](std::uint64_t number) -> std::int64_t {
        switch (m_spec.column) {
            case PacketColumn::Time: return index.frame(number).timestampNs;
            case PacketColumn::Length: return index.frame(number).originalLength;
            default: return static_cast<std::int64_t>(number);
        }
    };
    if (m_spec.column == PacketColumn::Protocol) {
        std::stable_sort(m_frames.begin(), m_frames.end(), [&](std::uint64_t a, std::uint64_t b) {
            return m_spec.ascending ? index.protocolColumn(a) < index.protocolColumn(b)
                                    : index.protocolColumn(b) < index.protocolColumn(a);
        });
        return;
    }
    std::stable_sort(m_frames.begin(), m_frames.end(), [&](std::uint64_t a, std::uint64_t b) {
        return m_spec.ascending ? key(a) < key(b) : key(b) < key(a);
    });
}

void PacketOrder::sortByText() {
    std::vector<std::size_t> order(m_frames.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const int c = compareText(m_text[a], m_text[b]);
        return m_spec.ascending ? c < 0 : c > 0;
    });
    std::vector<std::uint64_t> sorted(m_frames.size());
    for (std::size_t i = 0; i < order.size(); ++i) sorted[i] = m_frames[order[i]];
    m_frames = std::move(sorted);
    m_text = {};
}

void PacketOrder::finish() {
    const std::uint64_t largest = m_frames.empty() ? 0 : *std::max_element(m_frames.begin(), m_frames.end());
    m_positionOf.assign(largest + 1, 0);
    for (std::size_t i = 0; i < m_frames.size(); ++i) m_positionOf[m_frames[i]] = static_cast<std::uint32_t>(i + 1);
    m_ready = true;
}

}  // namespace caplens::wasm
