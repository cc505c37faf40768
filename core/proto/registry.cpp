#include "core/proto/registry.hpp"

#include <algorithm>

namespace caplens::proto {
namespace {

constexpr std::uint32_t kDirectKeys = 65536;

}  // namespace

void DissectorTable::add(std::uint32_t key, const Dissector& dissector) {
    if (key < kDirectKeys) {
        if (m_direct.size() <= key) m_direct.resize(kDirectKeys, nullptr);
        m_direct[key] = &dissector;
    } else {
        m_sparse[key] = &dissector;
    }
}

std::vector<std::pair<std::uint32_t, const Dissector*>> DissectorTable::entries() const {
    std::vector<std::pair<std::uint32_t, const Dissector*>> out;
    for (std::uint32_t key = 0; key < m_direct.size(); ++key) {
        if (m_direct[key]) out.emplace_back(key, m_direct[key]);
    }
    for (const auto& [key, dissector] : m_sparse) out.emplace_back(key, dissector);
    std::sort(out.begin(), out.end());
    return out;
}

Registry::Registry() = default;

void Registry::adopt(std::unique_ptr<Dissector> dissector, std::span<const FieldDef> fields) {
    const auto id = static_cast<ProtocolId>(m_protocols.size());
    const auto base = static_cast<FieldId>(m_fields.size());
    dissector->m_id = id;
    dissector->m_fieldBase = base;
    const ProtocolInfo& info = dissector->info();
    // Protocols with cross-frame state get a slot in every capture's DissectionState.
    if (dissector->newState() != nullptr) dissector->m_stateSlot = m_stateSlots++;

    const auto addField = [&](const FieldDef& def) {
        const auto fieldId = static_cast<FieldId>(m_fields.size());
        if (!m_fieldByName.emplace(def.abbrev, fieldId).second) {
            m_problems.push_back("duplicate field abbreviation " + std::string(def.abbrev));
        }
        m_fields.push_back(def);
        m_fieldProtocol.push_back(id);
    };
    addField(FieldDef{0, info.abbrev, info.longName, FieldType::Protocol});
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].index != i) {
            m_problems.push_back("field " + std::string(fields[i].abbrev) + " of " +
                                 std::string(info.abbrev) + " is at position " + std::to_string(i) +
                                 " but declares index " + std::to_string(fields[i].index));
        }
        addField(fields[i]);
    }
    m_protocolFieldBase.push_back(base);
    m_protocols.push_back(std::move(dissector));
}

void Registry::addExperts(Dissector& dissector, std::span<const ExpertDef> experts) {
    if (m_protocols.empty() || m_protocols.back().get() != &dissector) {
        m_problems.push_back("experts of " + std::string(dissector.info().abbrev) +
                             " must be declared right after the protocol");
        return;
    }
    dissector.m_expertBase = static_cast<FieldId>(m_fields.size());
    for (std::size_t i = 0; i < experts.size(); ++i) {
        const ExpertDef& e = experts[i];
        if (e.index != i) {
            m_problems.push_back("expert " + std::string(e.abbrev) + " declares index " + std::to_string(e.index) +
                                 " at position " + std::to_string(i));
        }
        const auto fieldId = static_cast<FieldId>(m_fields.size());
        if (!m_fieldByName.emplace(e.abbrev, fieldId).second) {
            m_problems.push_back("duplicate field abbreviation " + std::string(e.abbrev));
        }
        m_fields.push_back(FieldDef{static_cast<FieldIndex>(i), e.abbrev, e.summary, FieldType::None});
        m_fieldProtocol.push_back(dissector.id());
        m_experts.emplace(fieldId, e);
    }
}

const ExpertDef* Registry::expertOf(FieldId id) const {
    auto it = m_experts.find(id);
    return it == m_experts.end() ? nullptr : &it->second;
}

std::span<const FieldDef> Registry::protocolFields(ProtocolId id) const {
    const FieldId begin = m_protocolFieldBase[id];
    const FieldId end = id + 1u < m_protocolFieldBase.size() ? m_protocolFieldBase[id + 1u]
                                                             : static_cast<FieldId>(m_fields.size());
    return std::span<const FieldDef>(m_fields).subspan(begin, end - begin);
}

DissectorTable& Registry::addTable(std::string_view name, std::string_view uiName) {
    if (findTable(name) != nullptr) m_problems.push_back("duplicate table " + std::string(name));
    m_tables.push_back(std::make_unique<DissectorTable>(name, uiName));
    return *m_tables.back();
}

void Registry::onHandoff(std::function<void(Registry&)> handoff) {
    m_handoffs.push_back(std::move(handoff));
}

DissectorTable& Registry::table(std::string_view name) {
    for (auto& t : m_tables) {
        if (t->name() == name) return *t;
    }
    // A hand-off into a table nobody created is a registration bug: record it and hand back
    // a detached table so registration can go on.
    m_problems.push_back("no dissector table " + std::string(name));
    return addTable(name, name);
}

HeuristicList& Registry::heuristics(std::string_view listName) {
    for (auto& list : m_heuristicLists) {
        if (list->name() == listName) return *list;
    }
    m_heuristicLists.push_back(std::make_unique<HeuristicList>(listName));
    return *m_heuristicLists.back();
}

void Registry::addHeuristic(std::string_view listName, const Dissector& owner, std::string_view name,
                            HeuristicFn fn) {
    heuristics(listName).add(Heuristic{&owner, fn, name});
}

void Registry::runHandoffs() {
    auto handoffs = std::move(m_handoffs);
    m_handoffs.clear();
    for (auto& handoff : handoffs) handoff(*this);
}

const DissectorTable* Registry::findTable(std::string_view name) const {
    for (const auto& t : m_tables) {
        if (t->name() == name) return t.get();
    }
    return nullptr;
}

const HeuristicList* Registry::findHeuristics(std::string_view listName) const {
    for (const auto& list : m_heuristicLists) {
        if (list->name() == listName) return list.get();
    }
    return nullptr;
}

const Dissector* Registry::findProtocol(std::string_view abbrev) const {
    for (const auto& p : m_protocols) {
        if (p->info().abbrev == abbrev) return p.get();
    }
    return nullptr;
}

std::optional<FieldId> Registry::findField(std::string_view abbrev) const {
    auto it = m_fieldByName.find(abbrev);
    if (it == m_fieldByName.end()) return std::nullopt;
    return it->second;
}

const Registry& registry() {
    static const Registry* const instance = [] {
        auto* r = new Registry();
        registerAllProtocols(*r);
        r->runHandoffs();
        return r;
    }();
    return *instance;
}

}  // namespace caplens::proto
