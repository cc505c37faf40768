// packet.hpp — the context of one frame's dissection: what dissectors read and write.
//
// One pass, several sinks (STYLE.md): every dissector runs the same code whatever the frame
// is dissected for, and the Packet decides what to keep:
//   Fast   — only the protocol layers, the protocol-hierarchy path and the columns if asked:
//            the pass that opens a file and feeds the analyzers;
//   Filter — also the occurrences of the fields a display filter references;
//   Tree   — every field with its label, value and byte range (the frame on screen).
// Recording reuses its buffers frame after frame: no heap allocation per frame once warm.
#pragma once

#include <algorithm>
#include <array>
#include <cstring>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/io/captured_frame.hpp"
#include "core/proto/byte_view.hpp"
#include "core/proto/dissector.hpp"
#include "core/proto/field.hpp"
#include "core/proto/field_value.hpp"
#include "core/proto/frame_facts.hpp"
#include "core/proto/registry.hpp"
#include "core/proto/taps.hpp"

namespace caplens::proto {

// What the capture says about the frame being dissected.
struct FrameInfo {
    std::uint64_t number = 0;            // from 1
    TimestampNs timestampNs = kNoTimestamp;
    std::int64_t sinceFirstNs = 0;       // frame.time_relative
    std::int64_t sincePreviousNs = 0;    // frame.time_delta
    std::uint32_t capturedLength = 0;
    std::uint32_t originalLength = 0;
    LinkType linkType = linktype::Unknown;
    std::uint32_t interfaceId = 0;
    std::uint8_t flags = 0;              // FrameFlag bits
};

enum class DissectionMode : std::uint8_t { Fast, Filter, Tree };

// Index of a recorded field occurrence; kNoItem when nothing was recorded.
using ItemRef = std::int32_t;
inline constexpr ItemRef kNoItem = -1;

// One occurrence of a field in a frame.
struct FieldRecord {
    FieldId field = kNoField;
    ItemRef parent = kNoItem;   // enclosing item in the details tree (kNoItem: top level)
    std::uint32_t offset = 0;   // within its data source
    std::uint32_t length = 0;
    FieldValue value;
    std::uint8_t source = 0;    // 0: the frame's bytes; 1..: added data sources
    FieldFlags flags = FieldFlags::None;
    std::string_view text;      // a label replacing the default "Name: value" (Tree mode)
};

// The network-layer addresses of the innermost IP header so far (Wireshark's pinfo->src/dst):
// what TCP and UDP key their conversations on.
struct NetworkAddresses {
    std::uint8_t length = 0;  // 4 (IPv4), 16 (IPv6), 0: none yet
    std::array<std::uint8_t, 16> source{};
    std::array<std::uint8_t, 16> destination{};
};

// A set of fields (by FieldId) a filter wants recorded.
using FieldMask = std::vector<std::uint8_t>;

// An expert note a frame carries, for the Expert Information statistics.
struct ExpertNote {
    FieldId field = kNoField;               // the note ("dns.retransmit_request")
    ProtocolId raisedIn = kNoProtocol;      // who raised it, when not the note's own protocol
    bool inErrorPacket = false;             // raised in a datagram quoted by ICMP
};

// A connection a protocol announced before it was opened (FTP's PASV/PORT data connections):
// the next TCP or UDP conversation with an endpoint at this address and port is handed to
// `dissector` (Wireshark's conversation_new with a wildcard port + conversation_set_dissector).
struct ExpectedConversation {
    std::uint8_t addressLength = 0;
    std::array<std::uint8_t, 16> address{};
    std::uint16_t port = 0;
    const Dissector* dissector = nullptr;
};

// Per-capture state of the protocols that keep any (created on first use).
class DissectionState {
public:
    explicit DissectionState(const Registry& registry) : m_states(registry.stateSlotCount()) {}

    // Expected conversations, oldest first (bounded: the oldest are forgotten).
    void expect(const ExpectedConversation& expected) {
        if (m_expected.size() >= kMaxExpected) m_expected.erase(m_expected.begin());
        m_expected.push_back(expected);
    }
    // The dissector expected for a new conversation with an endpoint at (address, port), if any;
    // the expectation is used up.
    [[nodiscard]] const Dissector* claimExpected(std::span<const std::uint8_t> address, std::uint16_t port) {
        for (auto it = m_expected.begin(); it != m_expected.end(); ++it) {
            if (it->port == port && it->addressLength == address.size() &&
                std::equal(address.begin(), address.end(), it->address.begin())) {
                const Dissector* dissector = it->dissector;
                m_expected.erase(it);
                return dissector;
            }
        }
        return nullptr;
    }

    // Forgets everything (a frame dissected alone must see nothing of the one before).
    void clear() {
        for (auto& slot : m_states) slot.reset();
        m_expected.clear();
    }

    template <typename State>
    [[nodiscard]] State& of(const Dissector& dissector) {
        auto& slot = m_states[dissector.stateSlot()];
        if (!slot) slot = dissector.newState();
        return static_cast<State&>(*slot);
    }

private:
    static constexpr std::size_t kMaxExpected = 1024;
    std::vector<std::unique_ptr<ProtocolState>> m_states;
    std::vector<ExpectedConversation> m_expected;
};

// An extra byte buffer that fields can point into (a reassembled PDU, decoded text).
struct DataSource {
    std::string name;  // "Reassembled TCP (1234 bytes)"
    std::vector<std::uint8_t> bytes;
};

class Packet {
public:
    Packet(const Registry& registry, DissectionState& state);

    // Starts a new frame. `wanted` is required in Filter mode.
    void reset(const FrameInfo& frame, std::span<const std::uint8_t> bytes, DissectionMode mode,
               const FieldMask* wanted, bool columns);

    // ---- what is being dissected ----
    [[nodiscard]] const FrameInfo& frame() const { return m_frame; }
    [[nodiscard]] ByteView frameView() const;
    [[nodiscard]] const Registry& registry() const { return m_registry; }
    [[nodiscard]] DissectionMode mode() const { return m_mode; }
    [[nodiscard]] bool buildsTree() const { return m_mode == DissectionMode::Tree; }
    [[nodiscard]] bool wants(FieldId field) const {
        return m_mode == DissectionMode::Tree || (m_mode == DissectionMode::Filter && field < m_wanted->size() && (*m_wanted)[field]);
    }
    [[nodiscard]] bool wantsColumns() const { return m_columns; }
    template <typename State>
    [[nodiscard]] State& state(const Dissector& dissector) {
        return m_state.of<State>(dissector);
    }

    // ---- layers and dispatch ----
    // Runs `dissector` on `view` as a new layer (Wireshark's call_dissector). Returns the bytes
    // it claimed; on 0 everything it added is rolled back.
    std::uint32_t call(const Dissector& dissector, const ByteView& view);
    // The dissector registered in `table` for `key`, called on `view`; 0 when none claims it.
    std::uint32_t dispatch(const DissectorTable& table, std::uint32_t key, const ByteView& view);
    // Tries each heuristic of `list` in order until one claims the bytes.
    std::uint32_t tryHeuristics(const HeuristicList& list, const ByteView& view);
    // Bytes nobody claims: the "data" protocol, as tshark shows them.
    std::uint32_t callData(const ByteView& view);
    // Protocols dispatched after this call attach inside `item` instead of at the top level
    // (until the current layer returns), as bencode inside a BitTorrent message.
    void nestNextProtocolsIn(ItemRef item) { m_dispatchParent = item; }

    // ---- the current layer's items ----
    // Adds the protocol's own item (top level, or where nestNextProtocolsIn() said) and makes
    // it the parent of the fields that follow. A protocol that finds several PDUs in one
    // frame begins once per PDU: each is one more level in the protocol hierarchy.
    ItemRef beginProtocol(const Dissector& dissector, const ByteView& view, std::uint32_t length);
    // A top-level item that is not a protocol but counts in the protocol hierarchy as tshark's
    // does ("tcp.segments").
    ItemRef addTopLevel(FieldId field, const ByteView& view, std::uint32_t offset, std::uint32_t length);

    // Records one occurrence of `field` (if wanted) under the current parent.
    ItemRef add(FieldId field, const ByteView& view, std::uint32_t offset, std::uint32_t length,
                FieldValue value, FieldFlags flags = FieldFlags::None);
    // Reads a big-endian unsigned integer of `length` bytes, applies the field's bitmask, records
    // it, and returns the value (whether recorded or not).
    std::uint64_t addUint(FieldId field, const ByteView& view, std::uint32_t offset, std::uint32_t length,
                          FieldFlags flags = FieldFlags::None);
    // The same for a little-endian container.
    std::uint64_t addUintLe(FieldId field, const ByteView& view, std::uint32_t offset, std::uint32_t length,
                            FieldFlags flags = FieldFlags::None);
    // Byte strings, addresses and text taken from the view (IPv6: 16 bytes, Ether: 6).
    ItemRef addBytes(FieldId field, const ByteView& view, std::uint32_t offset, std::uint32_t length,
                     FieldFlags flags = FieldFlags::None);
    // IPv4 address at `offset` (4 bytes, network order).
    std::uint32_t addIpv4(FieldId field, const ByteView& view, std::uint32_t offset, FieldFlags flags = FieldFlags::None);
    // A value computed by caplens (no bytes): tcp.stream, tcp.analysis.ack_rtt, ...
    ItemRef addGenerated(FieldId field, FieldValue value, FieldFlags flags = FieldFlags::Generated);
    // Text that is not in the bytes as such (a decoded DNS name): copied into the packet.
    ItemRef addText(FieldId field, const ByteView& view, std::uint32_t offset, std::uint32_t length,
                    std::string_view text, FieldFlags flags = FieldFlags::None);

    // An expert note under the current parent: recorded for the Expert Information statistics in
    // every mode, and as an item (with `message`, or the declared summary) when wanted.
    void addExpert(FieldId expertField, std::string_view message = {});
    // The same, raised while `raisedIn` dissects the bytes of another protocol's message (DNS's
    // notes raised by mDNS): Expert Information names `raisedIn`, as Wireshark's current protocol.
    void addExpertIn(const Dissector& raisedIn, FieldId expertField, std::string_view message = {});
    [[nodiscard]] std::span<const ExpertNote> experts() const { return m_experts; }

    // Subtrees: fields added after push(item) go under it until the matching pop().
    void push(ItemRef item) { m_parents.push_back(item); }
    void pop() {
        if (m_parents.size() > m_layerParentsBase) m_parents.pop_back();
    }
    [[nodiscard]] ItemRef currentParent() const { return m_parents.empty() ? kNoItem : m_parents.back(); }

    // Tree mode: a custom label for an item (copied), and a corrected length.
    void setText(ItemRef item, std::string_view text);
    void setLength(ItemRef item, std::uint32_t length);

    // ---- the frame cannot be dissected further ----
    // The bytes a layer needs were cut by the snap length (adds _ws.short) ...
    void markShort(const ByteView& view);
    // ... or the packet contradicts itself (adds _ws.malformed). Both end the dissection.
    void markMalformed(const Dissector& where);
    // Chooses between the two by where `length` bytes at `offset` of `view` end.
    void markUnavailable(const Dissector& where, const ByteView& view, std::uint32_t offset, std::uint32_t length);
    [[nodiscard]] bool stopped() const { return m_stopped; }

    // ---- facts from earlier frames ----
    // What this frame's dissection took from earlier frames, recorded as it happens (the
    // capture's frame index keeps them). Filled by TCP and UDP.
    [[nodiscard]] FrameFacts& facts() { return m_facts; }
    [[nodiscard]] const FrameFacts& facts() const { return m_facts; }
    // When set, the frame is dissected on its own with these recorded facts in place of the
    // per-capture state (see frame_facts.hpp).
    void setReplay(const FrameReplay* replay) { m_replay = replay; }
    [[nodiscard]] const FrameReplay* replay() const { return m_replay; }
    // The recorded facts of the frame's TCP / UDP layer when replaying, else nullptr.
    [[nodiscard]] const TcpFrameFacts* replayedTcp() const {
        return m_replay && m_replay->facts && m_replay->facts->hasTcp ? &m_replay->facts->tcp : nullptr;
    }
    [[nodiscard]] const UdpFrameFacts* replayedUdp() const {
        return m_replay && m_replay->facts && m_replay->facts->hasUdp ? &m_replay->facts->udp : nullptr;
    }
    // What `compute` derives from the protocol's state (earlier frames), remembered for this
    // frame: in the first pass computed and recorded as a note; when the frame is dissected
    // alone, the recorded value (computed again only if none was recorded). `kind` tells
    // apart a protocol's notes; several of one kind are handed back in order.
    template <class T, class Compute>
    T remember(const Dissector& dissector, std::uint8_t kind, Compute&& compute) {
        static_assert(std::is_trivially_copyable_v<T>);
        if (const PacketNote* note = takeNote(dissector.id(), kind); note && note->bytes.size() == sizeof(T)) {
            T value;
            std::memcpy(&value, note->bytes.data(), sizeof(T));
            return value;
        }
        T value = compute();
        if (m_replay == nullptr) {
            PacketNote& note = m_facts.notes.emplace_back();
            note.protocol = dissector.id();
            note.kind = kind;
            note.bytes.resize(sizeof(T));
            std::memcpy(note.bytes.data(), &value, sizeof(T));
        }
        return value;
    }
    // The same for a protocol's per-conversation state as the first pass had it when this
    // frame arrived (before the frame changed it): recorded as a copy in the first pass; when
    // the frame is dissected alone, `live` (the fresh state) is replaced by that copy.
    template <class T>
    void rememberState(const Dissector& dissector, std::uint8_t kind, T& live) {
        if (m_replay != nullptr) {
            const PacketNote* note = takeNote(dissector.id(), kind);
            if (note != nullptr && note->object) live = *static_cast<const T*>(note->object.get());
            return;
        }
        PacketNote& note = m_facts.notes.emplace_back();
        note.protocol = dissector.id();
        note.kind = kind;
        note.object = std::make_shared<const T>(live);
    }

    // ---- statistics ----
    // Reports an addressed layer to the statistics (at most kMaxTaps per frame are kept),
    // marked when it is inside a quoted datagram.
    void tap(const TapRecord& record) {
        if (m_taps.size() >= kMaxTaps) return;
        m_taps.push_back(record);
        m_taps.back().inErrorPacket = m_inErrorPacket;
    }
    // While set, the layers dissected are a datagram quoted by an ICMP/ICMPv6 error
    // (Wireshark's pinfo->flags.in_error_pkt); QuotedDatagram (frozen_columns.hpp) sets it.
    void setInErrorPacket(bool in) { m_inErrorPacket = in; }
    [[nodiscard]] bool inErrorPacket() const { return m_inErrorPacket; }
    [[nodiscard]] std::span<const TapRecord> taps() const { return m_taps; }
    static constexpr std::size_t kMaxTaps = 16;

    // ---- addresses ----
    void setNetworkAddresses(std::span<const std::uint8_t> source, std::span<const std::uint8_t> destination);
    [[nodiscard]] const NetworkAddresses& networkAddresses() const { return m_network; }

    // ---- asking the transport for more bytes (TCP reassembly) ----
    // True while a dissector is called by TCP on payload that TCP can reassemble.
    [[nodiscard]] bool canDesegment() const { return m_canDesegment; }
    void setCanDesegment(bool can) { m_canDesegment = can; }
    // Called by a dissector whose PDU starting at `offset` of its bytes continues past them:
    // `moreBytes` are still missing (kOneMoreSegment: unknown, try again with the next segment).
    // Wireshark's pinfo->desegment_offset / desegment_len.
    void requestDesegment(std::uint32_t offset, std::uint32_t moreBytes) {
        m_desegmentOffset = offset;
        m_desegmentMore = moreBytes;
    }
    // The pending request (moreBytes == 0: none), cleared by the call.
    [[nodiscard]] std::pair<std::uint32_t, std::uint32_t> takeDesegmentRequest() {
        const auto request = std::make_pair(m_desegmentOffset, m_desegmentMore);
        m_desegmentOffset = 0;
        m_desegmentMore = 0;
        return request;
    }
    static constexpr std::uint32_t kOneMoreSegment = 0x0FFFFFFF;

    // ---- the transport conversation the payload belongs to ----
    // Set by TCP/UDP before they hand payload on: a dissector found by heuristics can claim
    // the rest of the conversation (Wireshark's conversation_set_dissector).
    void setConversationSlot(const Dissector** slot) { m_conversationSlot = slot; }
    void setConversationDissector(const Dissector& dissector) {
        if (m_conversationSlot != nullptr) *m_conversationSlot = &dissector;
    }
    // The dissector the transport conversation is handed to (null: none, or no conversation).
    [[nodiscard]] const Dissector* conversationDissector() const {
        return m_conversationSlot != nullptr ? *m_conversationSlot : nullptr;
    }
    // Wireshark's conversation_new on the frame's own addresses and ports, handed to
    // `dissector`: later frames of the pair belong to a new transport conversation (a new
    // udp.stream, numbered when the next of them is seen). UDP honours it.
    void startNewConversation(const Dissector& dissector) { m_newConversation = &dissector; }
    [[nodiscard]] const Dissector* takeNewConversation() {
        const Dissector* d = m_newConversation;
        m_newConversation = nullptr;
        return d;
    }
    // Announces a connection to come at `address`:`port` that `dissector` will handle.
    void expectConversation(std::span<const std::uint8_t> address, std::uint16_t port, const Dissector& dissector) {
        ExpectedConversation e;
        e.addressLength = static_cast<std::uint8_t>(std::min<std::size_t>(address.size(), e.address.size()));
        std::copy_n(address.begin(), e.addressLength, e.address.begin());
        e.port = port;
        e.dissector = &dissector;
        m_state.expect(e);
    }
    // For TCP/UDP when they see a new conversation: the dissector announced for it, if any.
    [[nodiscard]] const Dissector* claimExpectedConversation(std::span<const std::uint8_t> address, std::uint16_t port) {
        return m_state.claimExpected(address, port);
    }

    // ---- extra data sources ----
    // Copies `bytes` into a new data source and returns a view of it.
    ByteView addDataSource(std::string_view name, std::span<const std::uint8_t> bytes);
    // The data sources in use for this frame (index + 1 is the FieldRecord::source id).
    [[nodiscard]] std::span<const DataSource> dataSources() const { return {m_sources.data(), m_sourcesUsed}; }
    // The bytes of source `id` (0: the frame's own bytes).
    [[nodiscard]] std::span<const std::uint8_t> sourceBytes(std::uint8_t id) const {
        if (id == 0) return m_bytes;
        return id <= m_sourcesUsed ? std::span<const std::uint8_t>(m_sources[id - 1u].bytes) : std::span<const std::uint8_t>{};
    }
    // The bytes a record covers (empty for generated fields).
    [[nodiscard]] std::span<const std::uint8_t> recordBytes(const FieldRecord& record) const {
        const auto bytes = sourceBytes(record.source);
        if (record.offset >= bytes.size()) return {};
        return bytes.subspan(record.offset, std::min<std::size_t>(record.length, bytes.size() - record.offset));
    }

    // ---- columns (only when wantsColumns()) ----
    void setProtocolColumn(std::string_view name);
    // Source and Destination columns: each layer with addresses overrides the one below.
    void setAddressColumns(std::string_view source, std::string_view destination);
    // The Info column, appended to by dissectors (Wireshark's col_append_str).
    [[nodiscard]] std::string& info() { return m_info; }
    // Text kept in front of whatever dissectors later write into the Info column (TCP's
    // "[TCP Retransmission] ", Wireshark's col_prepend_fence_fstr).
    void prependInfo(std::string_view prefix) {
        if (m_columns) m_infoPrefix.insert(0, prefix);
    }
    // The Info column as shown: the fenced prefix, then the text.
    [[nodiscard]] std::string infoText() const { return m_infoPrefix + m_info; }
    [[nodiscard]] std::string_view protocolColumn() const { return m_protocolColumn; }
    [[nodiscard]] const std::string& sourceColumn() const { return m_sourceColumn; }
    [[nodiscard]] const std::string& destinationColumn() const { return m_destinationColumn; }

    // The first note of `protocol` and `kind` not yet handed back when replaying, else null.
    const PacketNote* takeNote(std::uint16_t protocol, std::uint8_t kind);

    // ---- results ----
    // Protocols in the order they were called (tshark's frame.protocols, without its
    // pseudo-layers).
    [[nodiscard]] std::span<const ProtocolId> layers() const { return m_layers; }
    // Top-level items in order: the path this frame adds to the protocol hierarchy.
    [[nodiscard]] std::span<const FieldId> hierarchyPath() const { return m_path; }
    [[nodiscard]] std::span<const FieldRecord> records() const { return m_records; }
    [[nodiscard]] std::string_view copyText(std::string_view text);
    // "eth:ip:tcp" — the layers joined with ':'.
    [[nodiscard]] std::string protocolsText() const;

private:
    struct Checkpoint {
        std::size_t records, layers, path, parents, sources, experts, taps;
        ItemRef dispatchParent;
        std::string protocolColumn;
    };
    [[nodiscard]] Checkpoint checkpoint() const;
    void rollback(const Checkpoint& to);
    ItemRef record(FieldRecord r);
    std::uint64_t addUintOrdered(FieldId field, const ByteView& view, std::uint32_t offset,
                                 std::uint32_t length, FieldFlags flags, ByteOrder order);

    const Registry& m_registry;
    DissectionState& m_state;
    FrameInfo m_frame;
    std::span<const std::uint8_t> m_bytes;
    DissectionMode m_mode = DissectionMode::Fast;
    const FieldMask* m_wanted = nullptr;
    bool m_columns = false;
    bool m_stopped = false;
    bool m_canDesegment = false;
    bool m_inErrorPacket = false;
    int m_depth = 0;
    std::uint32_t m_desegmentOffset = 0;
    std::uint32_t m_desegmentMore = 0;
    const Dissector** m_conversationSlot = nullptr;
    const Dissector* m_newConversation = nullptr;
    NetworkAddresses m_network;

    std::vector<FieldRecord> m_records;
    std::vector<ProtocolId> m_layers;
    std::vector<FieldId> m_path;
    std::vector<ExpertNote> m_experts;
    std::vector<TapRecord> m_taps;
    FrameFacts m_facts;
    const FrameReplay* m_replay = nullptr;
    std::vector<bool> m_notesTaken;  // per note of the replayed facts
    std::vector<ItemRef> m_parents;
    std::size_t m_layerParentsBase = 0;  // pop() never goes below the current layer's base
    ItemRef m_dispatchParent = kNoItem;
    std::vector<DataSource> m_sources;   // index + 1 is the source id
    std::size_t m_sourcesUsed = 0;
    std::vector<std::unique_ptr<char[]>> m_textBlocks;
    std::size_t m_textBlocksUsed = 0;
    std::size_t m_textOffset = 0;
    std::string m_info;
    std::string m_infoPrefix;
    std::string m_sourceColumn;
    std::string m_destinationColumn;
    std::string m_protocolColumn;  // owned: a dissector may pass text it builds
    const Dissector* m_lastProtocol = nullptr;
    FieldId m_frameField = kNoField;
    FieldId m_shortField = kNoField;
    FieldId m_malformedField = kNoField;
    const Dissector* m_data = nullptr;
};

// Dissection stops descending past this many nested layers (tunnels in tunnels).
inline constexpr int kMaxDissectionDepth = 48;

}  // namespace caplens::proto
