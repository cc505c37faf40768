#include "core/proto/packet.hpp"

#include <algorithm>
#include <cstring>

namespace caplens::proto {
namespace {

constexpr std::size_t kTextBlockBytes = 16 * 1024;

// Applies a field's bitmask to its container value: the masked bits, shifted down.
std::uint64_t applyMask(std::uint64_t raw, std::uint64_t mask) {
    if (mask == 0) return raw;
    return (raw & mask) >> __builtin_ctzll(mask);
}

}  // namespace

Packet::Packet(const Registry& registry, DissectionState& state) : m_registry(registry), m_state(state) {
    if (auto f = registry.findField("frame")) m_frameField = *f;
    if (auto f = registry.findField("_ws.short")) m_shortField = *f;
    if (auto f = registry.findField("_ws.malformed")) m_malformedField = *f;
    m_data = registry.findProtocol("data");
    m_records.reserve(256);
    m_taps.reserve(kMaxTaps);
    m_layers.reserve(32);
    m_path.reserve(32);
    m_parents.reserve(32);
}

void Packet::reset(const FrameInfo& frame, std::span<const std::uint8_t> bytes, DissectionMode mode,
                   const FieldMask* wanted, bool columns) {
    m_frame = frame;
    m_bytes = bytes;
    m_mode = mode;
    m_wanted = wanted;
    m_columns = columns;
    m_stopped = false;
    m_canDesegment = false;
    m_inErrorPacket = false;
    m_desegmentOffset = 0;
    m_desegmentMore = 0;
    m_conversationSlot = nullptr;
    m_newConversation = nullptr;
    m_network = {};
    m_depth = 0;
    m_records.clear();
    m_layers.clear();
    m_path.clear();
    m_experts.clear();
    m_taps.clear();
    m_facts.notes.clear();
    m_notesTaken.clear();
    m_facts.hasTcp = false;
    m_facts.hasUdp = false;
    m_facts.tcp.pieces.clear();
    m_parents.clear();
    m_layerParentsBase = 0;
    m_dispatchParent = kNoItem;
    m_sourcesUsed = 0;
    m_textBlocksUsed = 0;
    m_textOffset = 0;
    m_info.clear();
    m_infoPrefix.clear();
    m_sourceColumn.clear();
    m_destinationColumn.clear();
    m_protocolColumn.clear();
    m_lastProtocol = nullptr;
}

const PacketNote* Packet::takeNote(std::uint16_t protocol, std::uint8_t kind) {
    if (m_replay == nullptr || m_replay->facts == nullptr) return nullptr;
    const std::vector<PacketNote>& notes = m_replay->facts->notes;
    m_notesTaken.resize(notes.size(), false);
    for (std::size_t i = 0; i < notes.size(); ++i) {
        if (m_notesTaken[i] || notes[i].protocol != protocol || notes[i].kind != kind) continue;
        m_notesTaken[i] = true;
        return &notes[i];
    }
    return nullptr;
}

ByteView Packet::frameView() const {
    // A pseudo-header the reader left in front of the packet (ERF's record header) comes on
    // top of the packet's own length.
    const std::uint32_t pseudoHeader =
        m_bytes.size() > m_frame.capturedLength ? static_cast<std::uint32_t>(m_bytes.size()) - m_frame.capturedLength : 0;
    return ByteView(m_bytes, m_frame.originalLength + pseudoHeader, 0, 0);
}

// ---- layers and dispatch ----

Packet::Checkpoint Packet::checkpoint() const {
    return {m_records.size(), m_layers.size(), m_path.size(), m_parents.size(), m_sourcesUsed, m_experts.size(),
            m_taps.size(), m_dispatchParent, m_protocolColumn};
}

void Packet::rollback(const Checkpoint& to) {
    m_records.resize(to.records);
    m_layers.resize(to.layers);
    m_path.resize(to.path);
    m_parents.resize(to.parents);
    m_sourcesUsed = to.sources;
    m_experts.resize(to.experts);
    m_taps.resize(to.taps);
    m_protocolColumn = to.protocolColumn;
    m_dispatchParent = to.dispatchParent;
}

std::uint32_t Packet::call(const Dissector& dissector, const ByteView& view) {
    if (m_stopped) return 0;
    if (m_depth >= kMaxDissectionDepth) {
        // Tunnels nested past any sensible depth: stop here rather than recurse further.
        markMalformed(dissector);
        return view.reported();
    }
    const Checkpoint saved = checkpoint();
    const std::size_t savedBase = m_layerParentsBase;
    m_layers.push_back(dissector.id());
    m_layerParentsBase = m_parents.size();
    ++m_depth;
    const std::uint32_t used = dissector.dissect(*this, view);
    --m_depth;
    m_layerParentsBase = savedBase;
    if (used == 0 && !m_stopped) {
        rollback(saved);
        return 0;
    }
    m_parents.resize(std::min(m_parents.size(), saved.parents));
    m_dispatchParent = saved.dispatchParent;
    return used;
}

std::uint32_t Packet::dispatch(const DissectorTable& table, std::uint32_t key, const ByteView& view) {
    const Dissector* dissector = table.find(key);
    return dissector ? call(*dissector, view) : 0;
}

std::uint32_t Packet::tryHeuristics(const HeuristicList& list, const ByteView& view) {
    for (const Heuristic& h : list.heuristics()) {
        if (m_stopped) return 0;
        const Checkpoint saved = checkpoint();
        const std::size_t savedBase = m_layerParentsBase;
        m_layers.push_back(h.owner->id());
        m_layerParentsBase = m_parents.size();
        ++m_depth;
        const std::uint32_t used = m_depth > kMaxDissectionDepth ? 0 : h.fn(*h.owner, *this, view);
        --m_depth;
        m_layerParentsBase = savedBase;
        if (used != 0 || m_stopped) {
            m_parents.resize(std::min(m_parents.size(), saved.parents));
            m_dispatchParent = saved.dispatchParent;
            return used;
        }
        rollback(saved);
    }
    return 0;
}

std::uint32_t Packet::callData(const ByteView& view) {
    if (m_data == nullptr || view.reported() == 0) return 0;
    return call(*m_data, view);
}

// ---- items ----

ItemRef Packet::record(FieldRecord r) {
    m_records.push_back(r);
    return static_cast<ItemRef>(m_records.size() - 1);
}

ItemRef Packet::beginProtocol(const Dissector& dissector, const ByteView& view, std::uint32_t length) {
    const FieldId field = dissector.protocolField();
    // The frame itself is the root of every frame, not a layer of the hierarchy.
    if (m_dispatchParent == kNoItem && field != m_frameField) m_path.push_back(field);
    m_lastProtocol = &dissector;
    // A protocol without a short name (data) leaves the Protocol column as it was. Kept in
    // every mode: the frame index stores it.
    if (!dissector.info().shortName.empty()) m_protocolColumn.assign(dissector.info().shortName);
    ItemRef item = kNoItem;
    if (wants(field)) {
        FieldRecord r;
        r.field = field;
        r.parent = m_dispatchParent;
        r.offset = view.sourceOffset();
        r.length = std::min(length, view.reported());
        r.source = view.source();
        item = record(r);
    }
    m_parents.resize(m_layerParentsBase);
    m_parents.push_back(item);
    return item;
}

ItemRef Packet::addTopLevel(FieldId field, const ByteView& view, std::uint32_t offset, std::uint32_t length) {
    if (m_dispatchParent == kNoItem) m_path.push_back(field);
    if (!wants(field)) return kNoItem;
    FieldRecord r;
    r.field = field;
    r.parent = m_dispatchParent;
    r.offset = view.sourceOffset() + offset;
    r.length = length;
    r.source = view.source();
    return record(r);
}

ItemRef Packet::add(FieldId field, const ByteView& view, std::uint32_t offset, std::uint32_t length,
                    FieldValue value, FieldFlags flags) {
    if (!wants(field)) return kNoItem;
    FieldRecord r;
    r.field = field;
    r.parent = currentParent();
    r.offset = view.sourceOffset() + offset;
    r.length = length;
    r.value = value;
    r.source = view.source();
    r.flags = flags;
    return record(r);
}

std::uint64_t Packet::addUintOrdered(FieldId field, const ByteView& view, std::uint32_t offset,
                                     std::uint32_t length, FieldFlags flags, ByteOrder order) {
    const FieldDef& def = m_registry.field(field);
    const std::uint64_t value = applyMask(view.uint(offset, length, order), def.bitmask);
    if (wants(field)) add(field, view, offset, length, FieldValue::ofUnsigned(value), flags);
    return value;
}

std::uint64_t Packet::addUint(FieldId field, const ByteView& view, std::uint32_t offset, std::uint32_t length,
                              FieldFlags flags) {
    return addUintOrdered(field, view, offset, length, flags, ByteOrder::Big);
}

std::uint64_t Packet::addUintLe(FieldId field, const ByteView& view, std::uint32_t offset, std::uint32_t length,
                                FieldFlags flags) {
    return addUintOrdered(field, view, offset, length, flags, ByteOrder::Little);
}

ItemRef Packet::addBytes(FieldId field, const ByteView& view, std::uint32_t offset, std::uint32_t length,
                         FieldFlags flags) {
    if (!wants(field)) return kNoItem;
    return add(field, view, offset, length, FieldValue::ofBytes(view.span(offset, length)), flags);
}

std::uint32_t Packet::addIpv4(FieldId field, const ByteView& view, std::uint32_t offset, FieldFlags flags) {
    const std::uint32_t address = view.u32(offset);
    if (wants(field)) add(field, view, offset, 4, FieldValue::ofUnsigned(address), flags);
    return address;
}

ItemRef Packet::addGenerated(FieldId field, FieldValue value, FieldFlags flags) {
    if (!wants(field)) return kNoItem;
    FieldRecord r;
    r.field = field;
    r.parent = currentParent();
    r.value = value;
    r.flags = flags;
    return record(r);
}

ItemRef Packet::addText(FieldId field, const ByteView& view, std::uint32_t offset, std::uint32_t length,
                        std::string_view text, FieldFlags flags) {
    if (!wants(field)) return kNoItem;
    return add(field, view, offset, length, FieldValue::ofText(copyText(text)), flags);
}

void Packet::addExpertIn(const Dissector& raisedIn, FieldId expertField, std::string_view message) {
    addExpert(expertField, message);
    m_experts.back().raisedIn = raisedIn.id();
}

void Packet::addExpert(FieldId expertField, std::string_view message) {
    m_experts.push_back({expertField, kNoProtocol, inErrorPacket()});
    if (!wants(expertField)) return;
    FieldRecord r;
    r.field = expertField;
    r.parent = currentParent();
    r.flags = FieldFlags::Generated;
    if (!message.empty()) r.text = copyText(message);
    record(r);
}

void Packet::setText(ItemRef item, std::string_view text) {
    if (item == kNoItem || !buildsTree()) return;
    m_records[static_cast<std::size_t>(item)].text = copyText(text);
}

void Packet::setLength(ItemRef item, std::uint32_t length) {
    if (item == kNoItem) return;
    m_records[static_cast<std::size_t>(item)].length = length;
}

// ---- stopping ----

void Packet::markShort(const ByteView& view) {
    if (m_stopped) return;
    m_stopped = true;
    if (m_shortField == kNoField) return;
    m_parents.clear();
    m_layerParentsBase = 0;
    m_dispatchParent = kNoItem;
    addTopLevel(m_shortField, view, 0, 0);
}

void Packet::markMalformed(const Dissector& where) {
    if (m_stopped) return;
    m_stopped = true;
    if (m_malformedField == kNoField) return;
    m_parents.clear();
    m_layerParentsBase = 0;
    m_dispatchParent = kNoItem;
    const ItemRef item = addTopLevel(m_malformedField, frameView(), 0, 0);
    if (item != kNoItem && buildsTree()) {
        const std::string label = "[Malformed Packet: " + std::string(where.info().shortName) + "]";
        setText(item, label);
    }
    if (m_columns) m_info += " [Malformed Packet]";
}

void Packet::markUnavailable(const Dissector& where, const ByteView& view, std::uint32_t offset,
                             std::uint32_t length) {
    if (view.need(offset, length) == Availability::CutBySnapLength) {
        markShort(view);
    } else {
        markMalformed(where);
    }
}

// ---- data sources and text ----

ByteView Packet::addDataSource(std::string_view name, std::span<const std::uint8_t> bytes) {
    if (m_sourcesUsed == m_sources.size()) m_sources.emplace_back();
    DataSource& source = m_sources[m_sourcesUsed++];
    source.name.assign(name);
    source.bytes.assign(bytes.begin(), bytes.end());
    const auto id = static_cast<std::uint8_t>(std::min<std::size_t>(m_sourcesUsed, 255));
    return ByteView(source.bytes, static_cast<std::uint32_t>(source.bytes.size()), 0, id);
}

std::string_view Packet::copyText(std::string_view text) {
    if (text.empty()) return {};
    if (text.size() > kTextBlockBytes) {
        // Rare: give it a block of its own, after the blocks in use.
        auto block = std::make_unique<char[]>(text.size());
        std::memcpy(block.get(), text.data(), text.size());
        const char* p = block.get();
        m_textBlocks.insert(m_textBlocks.begin() + static_cast<std::ptrdiff_t>(m_textBlocksUsed), std::move(block));
        ++m_textBlocksUsed;
        m_textOffset = kTextBlockBytes;  // the next small text starts a fresh block
        return {p, text.size()};
    }
    if (m_textBlocksUsed == 0 || m_textOffset + text.size() > kTextBlockBytes) {
        if (m_textBlocksUsed == m_textBlocks.size()) m_textBlocks.push_back(std::make_unique<char[]>(kTextBlockBytes));
        ++m_textBlocksUsed;
        m_textOffset = 0;
    }
    char* p = m_textBlocks[m_textBlocksUsed - 1].get() + m_textOffset;
    std::memcpy(p, text.data(), text.size());
    m_textOffset += text.size();
    return {p, text.size()};
}

// ---- columns and results ----

void Packet::setProtocolColumn(std::string_view name) { m_protocolColumn.assign(name); }

void Packet::setNetworkAddresses(std::span<const std::uint8_t> source, std::span<const std::uint8_t> destination) {
    const std::size_t length = std::min({source.size(), destination.size(), m_network.source.size()});
    m_network.length = static_cast<std::uint8_t>(length);
    m_network.source = {};
    m_network.destination = {};
    std::copy_n(source.begin(), length, m_network.source.begin());
    std::copy_n(destination.begin(), length, m_network.destination.begin());
}

void Packet::setAddressColumns(std::string_view source, std::string_view destination) {
    if (!m_columns) return;
    m_sourceColumn.assign(source);
    m_destinationColumn.assign(destination);
}

std::string Packet::protocolsText() const {
    std::string out;
    for (const ProtocolId id : m_layers) {
        if (!out.empty()) out.push_back(':');
        out += m_registry.protocol(id).info().abbrev;
    }
    return out;
}

}  // namespace caplens::proto
