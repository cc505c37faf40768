// dissector.hpp — the base of every protocol: what it is called, its fields, how it decodes.
//
// A protocol file defines one Dissector subclass, its field enum and field table, and a
// register function that adds them to the Registry and queues its hand-offs (which parent
// tables it joins). Dissectors are immutable after registration and shared by every capture;
// state that lives across frames (TCP streams, reassembly) goes into a ProtocolState that the
// packet's DissectionState keeps per capture.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "core/proto/byte_view.hpp"
#include "core/proto/expert.hpp"
#include "core/proto/field.hpp"

namespace caplens::proto {

class Packet;
class Registry;

using ProtocolId = std::uint16_t;
inline constexpr ProtocolId kNoProtocol = 0xFFFF;

struct ProtocolInfo {
    std::string_view abbrev;     // "tcp": the filter name and the protocol-hierarchy name
    std::string_view shortName;  // "TCP": the Protocol column
    std::string_view longName;   // "Transmission Control Protocol": the details tree
    // Wireshark's short name where it differs from the Protocol column ("mDNS" vs "MDNS"): the
    // protocol Expert Information names. Empty: the same as shortName.
    std::string_view expertName = {};
};

// Per-capture state of one protocol (e.g. TCP's streams). Created on first use.
class ProtocolState {
public:
    virtual ~ProtocolState() = default;
};

// Index of a protocol's state in a DissectionState.
using StateSlot = std::uint16_t;
inline constexpr StateSlot kNoStateSlot = 0xFFFF;

class Dissector {
public:
    explicit Dissector(ProtocolInfo info) : m_info(info) {}
    virtual ~Dissector() = default;
    Dissector(const Dissector&) = delete;
    Dissector& operator=(const Dissector&) = delete;

    // Dissects the layer at the start of `view`, adds its fields, and hands the payload on.
    // Returns how many bytes of `view` the layer claimed (usually all of them; fewer when the
    // layer knows its own length, e.g. IP's total length, so the caller can show a trailer).
    // Returning 0 rejects the bytes: everything the call added is rolled back and the caller
    // tries something else (heuristics, the next port, "data").
    virtual std::uint32_t dissect(Packet& packet, const ByteView& view) const = 0;

    // A new, empty state for one capture; dissectors without cross-frame state keep the default.
    [[nodiscard]] virtual std::unique_ptr<ProtocolState> newState() const { return nullptr; }

    [[nodiscard]] const ProtocolInfo& info() const { return m_info; }
    [[nodiscard]] ProtocolId id() const { return m_id; }
    // The protocol's own field ("tcp"): present in every frame the protocol is in.
    [[nodiscard]] FieldId protocolField() const { return m_fieldBase; }
    // The global id of this protocol's field number `index` (its own field enum).
    [[nodiscard]] FieldId field(FieldIndex index) const { return m_fieldBase + 1 + index; }
    // The global id of this protocol's expert note number `index` (its own expert enum).
    [[nodiscard]] FieldId expert(std::uint16_t index) const { return m_expertBase + index; }
    [[nodiscard]] StateSlot stateSlot() const { return m_stateSlot; }

private:
    friend class Registry;
    ProtocolInfo m_info;
    ProtocolId m_id = kNoProtocol;
    FieldId m_fieldBase = kNoField;
    FieldId m_expertBase = kNoField;
    StateSlot m_stateSlot = kNoStateSlot;
};

// A heuristic dissector: looks at bytes no table claimed and dissects them if they are its
// protocol (returns bytes claimed, 0 = not mine). Like Wireshark's heur_dissector_add().
using HeuristicFn = std::uint32_t (*)(const Dissector& self, Packet& packet, const ByteView& view);

}  // namespace caplens::proto
