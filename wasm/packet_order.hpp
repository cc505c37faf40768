// packet_order.hpp — the packet list sorted by a column, as a click on a Wireshark column
// header does.
//
// No., Time, Protocol and Length are ordered at once from the frame index. Source, Destination
// and Info exist only once a frame is dissected, so ordering by them is a resumable job: each
// displayed frame is dissected again (with its columns, from bytes read again by offset) and
// its text kept, a slice per animation frame, and the order applies when all are in. Ties keep
// frame-number order (a stable sort), as Wireshark's list does.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/capture/capture_model.hpp"

namespace caplens::wasm {

// The packet list's columns, in display order.
enum class PacketColumn : std::uint8_t { Number, Time, Source, Destination, Protocol, Length, Info };

struct SortSpec {
    PacketColumn column = PacketColumn::Number;
    bool ascending = true;
    [[nodiscard]] bool isNatural() const { return column == PacketColumn::Number && ascending; }
    bool operator==(const SortSpec&) const = default;
};

// "number", "time", "source", "destination", "protocol", "length", "info".
[[nodiscard]] const char* packetColumnName(PacketColumn column);

// A column's text with its numeric reading, parsed once per frame rather than per comparison.
struct ColumnText {
    std::string text;
    bool numeric = false;
    double number = 0;
};

class PacketOrder {
public:
    // Orders `frames` (the displayed frame numbers, ascending) by `spec`.
    PacketOrder(std::vector<std::uint64_t> frames, SortSpec spec, const CaptureModel& model);

    // Collects the text of the next frames for about `budget`; true once the order is ready.
    bool step(CaptureModel& model, std::chrono::steady_clock::duration budget);
    [[nodiscard]] bool ready() const { return m_ready; }
    // Share of the frames whose text is in (1 when ready).
    [[nodiscard]] double progress() const;
    [[nodiscard]] const SortSpec& spec() const { return m_spec; }

    // Once ready: the `index`-th frame of the sorted list, and a frame's position in it.
    [[nodiscard]] std::uint64_t frame(std::uint64_t index) const { return m_frames[index]; }
    [[nodiscard]] std::optional<std::uint64_t> indexOf(std::uint64_t number) const;

private:
    void sortByIndex(const CaptureModel& model);
    void sortByText();
    void finish();

    SortSpec m_spec;
    std::vector<std::uint64_t> m_frames;
    std::vector<ColumnText> m_text;  // per frame of m_frames, while collecting
    std::size_t m_collected = 0;
    bool m_ready = false;
    std::vector<std::uint32_t> m_positionOf;  // frame number -> index + 1 (0: not displayed)
};

}  // namespace caplens::wasm
