// registry.hpp — the one table of protocols, fields, dissector tables and heuristics.
//
// Built once, in two phases, by registerAllProtocols() (protocol_list.cpp): every protocol
// registers itself and its fields, then every queued hand-off runs and joins the parent tables
// ("ethertype" 0x0800 -> ip, "tcp.port" 443 -> tls). Children subscribe; parents never list
// their children. After that the registry is immutable and shared (registry()).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/proto/dissector.hpp"
#include "core/proto/field.hpp"

namespace caplens::proto {

// A named table from an integer key (ethertype, IP protocol, port, link type) to the
// dissector registered for it. One dissector per key.
class DissectorTable {
public:
    DissectorTable(std::string_view name, std::string_view uiName) : m_name(name), m_uiName(uiName) {}

    void add(std::uint32_t key, const Dissector& dissector);
    [[nodiscard]] const Dissector* find(std::uint32_t key) const {
        if (key < m_direct.size()) return m_direct[key];
        auto it = m_sparse.find(key);
        return it == m_sparse.end() ? nullptr : it->second;
    }
    [[nodiscard]] std::string_view name() const { return m_name; }
    [[nodiscard]] std::string_view uiName() const { return m_uiName; }
    // Every (key, dissector) entry, for documentation and tests.
    [[nodiscard]] std::vector<std::pair<std::uint32_t, const Dissector*>> entries() const;

private:
    std::string m_name;
    std::string m_uiName;
    // Keys below 65536 (ports, ethertypes) are looked up directly: this is the hot path.
    std::vector<const Dissector*> m_direct;
    std::unordered_map<std::uint32_t, const Dissector*> m_sparse;
};

struct Heuristic {
    const Dissector* owner;
    HeuristicFn fn;
    std::string_view name;  // Wireshark's heuristic name ("bittorrent_tcp")
};

// An ordered list of heuristics tried on bytes that no table claimed ("tcp", "udp").
class HeuristicList {
public:
    explicit HeuristicList(std::string_view name) : m_name(name) {}
    void add(Heuristic heuristic) { m_heuristics.push_back(heuristic); }
    [[nodiscard]] std::span<const Heuristic> heuristics() const { return m_heuristics; }
    [[nodiscard]] std::string_view name() const { return m_name; }

private:
    std::string m_name;
    std::vector<Heuristic> m_heuristics;
};

class Registry {
public:
    Registry();
    Registry(const Registry&) = delete;
    Registry& operator=(const Registry&) = delete;

    // --- phase 1: protocols and their fields ---
    // Adds a protocol with its field table (fields[i].index must be i). Returns the dissector.
    template <typename D, typename... Args>
    D& addProtocol(std::span<const FieldDef> fields, Args&&... args) {
        auto owned = std::make_unique<D>(std::forward<Args>(args)...);
        D& dissector = *owned;
        adopt(std::move(owned), fields);
        return dissector;
    }
    // Declares the expert notes of the protocol registered last (call right after addProtocol).
    void addExperts(Dissector& dissector, std::span<const ExpertDef> experts);
    // Creates a table children can join in phase 2.
    DissectorTable& addTable(std::string_view name, std::string_view uiName);
    // Queues work for phase 2 (joining other protocols' tables, finding other dissectors).
    void onHandoff(std::function<void(Registry&)> handoff);

    // --- phase 2 ---
    [[nodiscard]] DissectorTable& table(std::string_view name);
    [[nodiscard]] HeuristicList& heuristics(std::string_view listName);
    void addHeuristic(std::string_view listName, const Dissector& owner, std::string_view name, HeuristicFn fn);
    void runHandoffs();

    // --- lookups (any time) ---
    [[nodiscard]] const DissectorTable* findTable(std::string_view name) const;
    [[nodiscard]] const HeuristicList* findHeuristics(std::string_view listName) const;
    [[nodiscard]] const Dissector* findProtocol(std::string_view abbrev) const;
    [[nodiscard]] const Dissector& protocol(ProtocolId id) const { return *m_protocols[id]; }
    [[nodiscard]] std::size_t protocolCount() const { return m_protocols.size(); }

    [[nodiscard]] std::size_t fieldCount() const { return m_fields.size(); }
    [[nodiscard]] const FieldDef& field(FieldId id) const { return m_fields[id]; }
    [[nodiscard]] ProtocolId protocolOfField(FieldId id) const { return m_fieldProtocol[id]; }
    // The field (or protocol) with this abbreviation.
    [[nodiscard]] std::optional<FieldId> findField(std::string_view abbrev) const;
    // The fields of one protocol, its protocol field first.
    [[nodiscard]] std::span<const FieldDef> protocolFields(ProtocolId id) const;
    [[nodiscard]] std::size_t stateSlotCount() const { return m_stateSlots; }
    // The expert declaration behind an expert field, or nullptr for ordinary fields.
    [[nodiscard]] const ExpertDef* expertOf(FieldId id) const;

    // Problems found while registering (duplicate names, bad indices); empty when sound.
    [[nodiscard]] const std::vector<std::string>& problems() const { return m_problems; }

private:
    void adopt(std::unique_ptr<Dissector> dissector, std::span<const FieldDef> fields);

    std::vector<std::unique_ptr<Dissector>> m_protocols;
    std::vector<FieldDef> m_fields;
    std::vector<ProtocolId> m_fieldProtocol;
    std::vector<FieldId> m_protocolFieldBase;
    std::unordered_map<std::string_view, FieldId> m_fieldByName;
    std::unordered_map<FieldId, ExpertDef> m_experts;
    std::vector<std::unique_ptr<DissectorTable>> m_tables;
    std::vector<std::unique_ptr<HeuristicList>> m_heuristicLists;
    std::vector<std::function<void(Registry&)>> m_handoffs;
    std::vector<std::string> m_problems;
    StateSlot m_stateSlots = 0;
};

// The process-wide registry, built on first use.
[[nodiscard]] const Registry& registry();

// Phase 1 + 2 over every protocol caplens knows (protocol_list.cpp).
void registerAllProtocols(Registry& registry);

}  // namespace caplens::proto
