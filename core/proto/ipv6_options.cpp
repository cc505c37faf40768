// ipv6.hopopts, ipv6.routing, ipv6.fraghdr, ipv6.dstopts — the IPv6 extension headers
// (RFC 8200 section 4), each a protocol of its own in Wireshark's frame.protocols, reached by
// next header through "ip.proto" (0, 43, 44, 60) like any upper layer.
//
// Following an IPv6 header (or another extension header of it) they show inside the IPv6
// header's tree and are no level of the protocol hierarchy; reached from anything else (IPv4
// protocol 0) they are a top-level protocol. Either way each hands on what follows it, so
// "ipv6:ipv6.hopopts:icmpv6" puts icmpv6 right under ipv6 in the hierarchy.
//
// The fragment header reassembles fragmented datagrams as Wireshark does by default: fragments
// before the last show their payload as data, the one that completes the datagram hands on the
// whole of it ("Reassembled IPv6").
//
//   Hop-by-Hop / Destination Options          Routing                     Fragment
//   | Next Header | Hdr Ext Len | Options... | | Next | Len | Type | Left | | Next | Rsvd | Offset |Res|M|
//   (Hdr Ext Len + 1) * 8 bytes                | type-specific data ...  | |        Identification         |
#include <deque>
#include <map>

#include "core/proto/ip_reassembly.hpp"
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

// ---- constants and value names ----

enum class HeaderKind : std::uint8_t { HopByHop, Routing, Fragment, DestinationOptions };

constexpr std::uint8_t kPad1 = 0;
constexpr std::uint8_t kPadN = 1;
constexpr std::uint8_t kTunnelEncapsulationLimit = 4;
constexpr std::uint8_t kRouterAlert = 5;
constexpr std::uint8_t kJumboPayload = 0xC2;
constexpr std::uint8_t kHomeAddress = 0xC9;
constexpr std::uint32_t kFragmentHeaderLength = 8;

constexpr ValueName kRoutingTypes[] = {
    {0, "Source Route"}, {1, "Nimrod"}, {2, "Type 2 Routing"}, {3, "RPL Source Route"}, {4, "Segment Routing"},
    {5, "Compact Routing Header 16"}, {6, "Compact Routing Header 32"}, {253, "Experiment 1"}, {254, "Experiment 2"},
};
constexpr ValueName kYesNo[] = {{0, "No"}, {1, "Yes"}};

// ---- field tables ----

// Hop-by-Hop and Destination Options share one layout, hence one field enum.
enum OptionsField : FieldIndex { OptNxt, OptLen, OptLenOct, kOptionsFieldCount };
constexpr FieldDef kHopOptsFields[] = {
    {OptNxt, "ipv6.hopopts.nxt", "Next Header", FieldType::UInt8, Base::Dec, 0, kIpProtocolNames},
    {OptLen, "ipv6.hopopts.len", "Length", FieldType::UInt8, Base::Dec},
    {OptLenOct, "ipv6.hopopts.len_oct", "Length", FieldType::UInt16, Base::Dec},
};
static_assert(std::size(kHopOptsFields) == kOptionsFieldCount);

enum HopOptsExpert : std::uint16_t { NotFirst, kHopOptsExpertCount };
constexpr ExpertDef kHopOptsExperts[] = {
    {NotFirst, "ipv6.hopopts.not_first", ExpertSeverity::Error, ExpertGroup::Protocol,
     "IPv6 Hop-by-Hop extension header must appear immediately after IPv6 header"},
};
static_assert(std::size(kHopOptsExperts) == kHopOptsExpertCount);

constexpr FieldDef kDstOptsFields[] = {
    {OptNxt, "ipv6.dstopts.nxt", "Next Header", FieldType::UInt8, Base::Dec, 0, kIpProtocolNames},
    {OptLen, "ipv6.dstopts.len", "Length", FieldType::UInt8, Base::Dec},
    {OptLenOct, "ipv6.dstopts.len_oct", "Length", FieldType::UInt16, Base::Dec},
};
static_assert(std::size(kDstOptsFields) == kOptionsFieldCount);

enum RoutingField : FieldIndex {
    RtNxt, RtLen, RtLenOct, RtType, RtSegLeft, RtUnknownData, RtSrcReserved, RtSrcAddr, RtMipv6Reserved,
    RtMipv6HomeAddress, RtSrhLastEntry, RtSrhFlags, RtSrhTag, RtSrhAddr, kRoutingFieldCount
};
constexpr FieldDef kRoutingFields[] = {
    {RtNxt, "ipv6.routing.nxt", "Next Header", FieldType::UInt8, Base::Dec, 0, kIpProtocolNames},
    {RtLen, "ipv6.routing.len", "Length", FieldType::UInt8, Base::Dec},
    {RtLenOct, "ipv6.routing.len_oct", "Length", FieldType::UInt16, Base::Dec},
    {RtType, "ipv6.routing.type", "Type", FieldType::UInt8, Base::Dec, 0, kRoutingTypes},
    {RtSegLeft, "ipv6.routing.segleft", "Segments Left", FieldType::UInt8, Base::Dec},
    {RtUnknownData, "ipv6.routing.unknown_data", "Type-Specific Data", FieldType::Bytes},
    {RtSrcReserved, "ipv6.routing.src.reserved", "Reserved", FieldType::Bytes},
    {RtSrcAddr, "ipv6.routing.src.addr", "Address", FieldType::Ipv6},
    {RtMipv6Reserved, "ipv6.routing.mipv6.reserved", "Reserved", FieldType::Bytes},
    {RtMipv6HomeAddress, "ipv6.routing.mipv6.home_address", "Home Address", FieldType::Ipv6},
    {RtSrhLastEntry, "ipv6.routing.srh.last_entry", "Last Entry", FieldType::UInt8, Base::Dec},
    {RtSrhFlags, "ipv6.routing.srh.flags", "Flags", FieldType::UInt8, Base::Hex},
    {RtSrhTag, "ipv6.routing.srh.tag", "Tag", FieldType::Bytes},
    {RtSrhAddr, "ipv6.routing.srh.addr", "Address", FieldType::Ipv6},
};
static_assert(std::size(kRoutingFields) == kRoutingFieldCount);

enum RoutingExpert : std::uint16_t { RoutingInvalidLength, RoutingDeprecated, kRoutingExpertCount };
constexpr ExpertDef kRoutingExperts[] = {
    {RoutingInvalidLength, "ipv6.routing.invalid_length", ExpertSeverity::Error, ExpertGroup::Malformed,
     "Invalid IPv6 Routing header length"},
    {RoutingDeprecated, "ipv6.routing.deprecated", ExpertSeverity::Note, ExpertGroup::Deprecated,
     "Routing header type is deprecated"},
};
static_assert(std::size(kRoutingExperts) == kRoutingExpertCount);

enum FragHdrField : FieldIndex { FragNxt, FragReservedOctet, FragOffset, FragReservedBits, FragMore, FragIdent, kFragHdrFieldCount };
constexpr FieldDef kFragHdrFields[] = {
    {FragNxt, "ipv6.fraghdr.nxt", "Next header", FieldType::UInt8, Base::Dec, 0, kIpProtocolNames},
    {FragReservedOctet, "ipv6.fraghdr.reserved_octet", "Reserved octet", FieldType::UInt8, Base::Hex},
    {FragOffset, "ipv6.fraghdr.offset", "Offset", FieldType::UInt16, Base::Dec, 0xFFF8},
    {FragReservedBits, "ipv6.fraghdr.reserved_bits", "Reserved bits", FieldType::UInt16, Base::Dec, 0x0006},
    {FragMore, "ipv6.fraghdr.more", "More Fragments", FieldType::Bool, Base::None, 0x0001, kYesNo},
    {FragIdent, "ipv6.fraghdr.ident", "Identification", FieldType::UInt32, Base::Hex},
};
static_assert(std::size(kFragHdrFields) == kFragHdrFieldCount);

// The "ipv6" fields the extension headers fill (declared in ipv6.cpp), found by name once.
struct Ipv6FieldIds {
    FieldId opt = kNoField, type = kNoField, action = kNoField, change = kNoField, rest = kNoField,
            length = kNoField, pad1 = kNoField, padn = kNoField, routerAlert = kNoField, tel = kNoField,
            jumbo = kNoField, homeAddress = kNoField, experimental = kNoField, unknown = kNoField,
            fragment = kNoField, fragmentCount = kNoField, fragments = kNoField, reassembledLength = kNoField,
            invalidLength = kNoField;
    bool complete = false;

    void resolve(const Registry& r) {
        const auto id = [&](std::string_view name) {
            const auto found = r.findField(name);
            if (!found) complete = false;
            return found.value_or(kNoField);
        };
        complete = true;
        opt = id("ipv6.opt");
        type = id("ipv6.opt.type");
        action = id("ipv6.opt.type.action");
        change = id("ipv6.opt.type.change");
        rest = id("ipv6.opt.type.rest");
        length = id("ipv6.opt.length");
        pad1 = id("ipv6.opt.pad1");
        padn = id("ipv6.opt.padn");
        routerAlert = id("ipv6.opt.router_alert");
        tel = id("ipv6.opt.tel");
        jumbo = id("ipv6.opt.jumbo");
        homeAddress = id("ipv6.opt.mipv6.home_address");
        experimental = id("ipv6.opt.experimental");
        unknown = id("ipv6.opt.unknown");
        fragment = id("ipv6.fragment");
        fragmentCount = id("ipv6.fragment.count");
        fragments = id("ipv6.fragments");
        reassembledLength = id("ipv6.reassembled.length");
        invalidLength = id("ipv6.opt.invalid_len");
    }
};

// ---- what every extension header shares ----

class ExtensionHeader : public Dissector {
public:
    using Dissector::Dissector;

    void connect(const Registry& registry, const DissectorTable& protocols) {
        m_protocols = &protocols;
        m_ipv6Fields.resolve(registry);
        if (m_ipv6Fields.complete) m_optionNames = registry.field(m_ipv6Fields.type).values;
        for (const char* name : {"ipv6", "ipv6.hopopts", "ipv6.routing", "ipv6.fraghdr", "ipv6.dstopts"}) {
            if (const Dissector* d = registry.findProtocol(name)) m_chainIds.push_back(d->id());
        }
    }

protected:
    // True when the layer below is the IPv6 header this one extends (or another of its
    // extension headers): Wireshark then puts the header inside the IPv6 tree.
    [[nodiscard]] bool chainedToIpv6(const Packet& p) const {
        const auto layers = p.layers();
        if (layers.size() < 2) return false;
        const ProtocolId below = layers[layers.size() - 2];
        return std::find(m_chainIds.begin(), m_chainIds.end(), below) != m_chainIds.end();
    }
    [[nodiscard]] bool directlyAfterIpv6(const Packet& p) const {
        const auto layers = p.layers();
        return layers.size() >= 2 && !m_chainIds.empty() && layers[layers.size() - 2] == m_chainIds.front();
    }

    // The header's own item: inside the IPv6 tree when chained (no hierarchy level), a
    // protocol of its own otherwise. Fields that follow go under it until finish().
    ItemRef begin(Packet& p, const ByteView& view, std::uint32_t length, bool chained) const {
        if (!chained) return p.beginProtocol(*this, view, length);
        const ItemRef item = p.add(protocolField(), view, 0, std::min(length, view.reported()), FieldValue{});
        p.push(item);
        return item;
    }
    // Back to the level the header started at, so the next header nests like this one did.
    void finish(Packet& p, bool chained) const {
        if (chained) p.pop();
    }

    void handOn(Packet& p, std::uint8_t next, const ByteView& payload) const {
        if (next == 59) {  // no next header
            if (p.wantsColumns() && p.info().empty()) p.info() = "IPv6 no next header";
            if (!payload.empty()) p.callData(payload);
            return;
        }
        if (p.dispatch(*m_protocols, next, payload) == 0 && !p.stopped()) p.callData(payload);
    }

    // Hop-by-Hop and Destination Options: a list of type-length-value options.
    void addOptions(Packet& p, const ByteView& v, std::uint32_t at, std::uint32_t end) const {
        if (!m_ipv6Fields.complete) return;
        const Ipv6FieldIds& f = m_ipv6Fields;
        while (at < end) {
            const std::uint8_t type = v.u8(at);
            if (type == kPad1) {
                const ItemRef item = p.add(f.opt, v, at, 1, FieldValue{});
                if (p.buildsTree()) p.setText(item, "Pad1");
                p.push(item);
                addOptionType(p, v, at);
                p.add(f.pad1, v, at, 1, FieldValue{});
                p.pop();
                ++at;
                continue;
            }
            const std::uint32_t length = v.u8(at + 1);
            const ItemRef item = p.add(f.opt, v, at, std::min(2 + length, end - at), FieldValue{});
            if (p.buildsTree()) {
                const std::string_view name = nameOf(m_optionNames, type);
                p.setText(item, name.empty() ? "Unknown IPv6 Option" : std::string(name));
            }
            p.push(item);
            addOptionType(p, v, at);
            p.addUint(f.length, v, at + 1, 1);
            if (at + 2 + length > end) {
                p.addExpert(f.invalidLength);
                p.pop();
                return;
            }
            addOptionValue(p, v, type, at + 2, length);
            p.pop();
            at += 2 + length;
        }
    }

    const DissectorTable* m_protocols = nullptr;
    Ipv6FieldIds m_ipv6Fields;
    std::span<const ValueName> m_optionNames;  // ipv6.opt.type's names
    std::vector<ProtocolId> m_chainIds;        // ipv6 first

private:
    void addOptionType(Packet& p, const ByteView& v, std::uint32_t at) const {
        const Ipv6FieldIds& f = m_ipv6Fields;
        const ItemRef type = p.add(f.type, v, at, 1, FieldValue::ofUnsigned(v.u8(at)));
        p.push(type);
        p.addUint(f.action, v, at, 1);
        p.addUint(f.change, v, at, 1);
        p.addUint(f.rest, v, at, 1);
        p.pop();
    }

    void addOptionValue(Packet& p, const ByteView& v, std::uint8_t type, std::uint32_t at, std::uint32_t length) const {
        const Ipv6FieldIds& f = m_ipv6Fields;
        switch (type) {
            case kPadN: p.addBytes(f.padn, v, at, length); return;
            case kRouterAlert: if (length == 2) p.addUint(f.routerAlert, v, at, 2); return;
            case kTunnelEncapsulationLimit: if (length == 1) p.addUint(f.tel, v, at, 1); return;
            case kJumboPayload: if (length == 4) p.addUint(f.jumbo, v, at, 4); return;
            case kHomeAddress: if (length == 16) p.addBytes(f.homeAddress, v, at, 16); return;
            default: break;
        }
        // RFC 3692 experimental types all end in 11110.
        p.addBytes((type & 0x1F) == 0x1E ? f.experimental : f.unknown, v, at, length);
    }
};

// ---- Hop-by-Hop and Destination Options ----

class OptionsHeader final : public ExtensionHeader {
public:
    OptionsHeader(ProtocolInfo info, HeaderKind kind) : ExtensionHeader(info), m_kind(kind) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const bool chained = chainedToIpv6(p);
        if (view.need(0, 2) != Availability::Available) return stop(p, view, 2, chained);
        const std::uint32_t length = (view.u8(1) + 1u) * 8u;
        const ItemRef item = begin(p, view, length, chained);
        if (p.buildsTree()) p.setText(item, std::string(info().longName));
        const bool hop = m_kind == HeaderKind::HopByHop;
        p.addUint(field(OptNxt), view, 0, 1);
        p.addUint(field(OptLen), view, 1, 1);
        p.add(field(OptLenOct), view, 1, 1, FieldValue::ofUnsigned(length), FieldFlags::Generated);
        if (hop && chained && !directlyAfterIpv6(p)) p.addExpert(expert(NotFirst));
        if (view.need(0, length) != Availability::Available) {
            p.markUnavailable(*this, view, 0, length);
            return view.reported();
        }
        addOptions(p, view, 2, length);
        finish(p, chained);
        handOn(p, view.u8(0), view.from(length));
        return view.reported();
    }

private:
    std::uint32_t stop(Packet& p, const ByteView& view, std::uint32_t length, bool chained) const {
        begin(p, view, view.reported(), chained);
        p.markUnavailable(*this, view, 0, length);
        return view.reported();
    }

    HeaderKind m_kind;
};

// ---- Routing ----

class RoutingHeader final : public ExtensionHeader {
public:
    RoutingHeader() : ExtensionHeader({"ipv6.routing", "IPv6 Routing", "Routing Header for IPv6"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const bool chained = chainedToIpv6(p);
        const std::uint32_t length = (view.u8(1) + 1u) * 8u;
        const ItemRef item = begin(p, view, length, chained);
        if (view.need(0, 4) != Availability::Available) {
            p.markUnavailable(*this, view, 0, 4);
            return view.reported();
        }
        const std::uint8_t type = view.u8(2);
        if (p.buildsTree()) {
            const std::string_view name = nameOf(kRoutingTypes, type);
            p.setText(item, "Routing Header for IPv6 (" + std::string(name.empty() ? "Unknown" : name) + ")");
        }
        p.addUint(field(RtNxt), view, 0, 1);
        p.addUint(field(RtLen), view, 1, 1);
        p.add(field(RtLenOct), view, 1, 1, FieldValue::ofUnsigned(length), FieldFlags::Generated);
        p.addUint(field(RtType), view, 2, 1);
        if (type == 0) p.addExpert(expert(RoutingDeprecated));
        p.addUint(field(RtSegLeft), view, 3, 1);
        if (view.need(0, length) != Availability::Available) {
            p.markUnavailable(*this, view, 0, length);
            return view.reported();
        }
        addTypeData(p, view, type, length);
        finish(p, chained);
        handOn(p, view.u8(0), view.from(length));
        return view.reported();
    }

private:
    void addTypeData(Packet& p, const ByteView& v, std::uint8_t type, std::uint32_t length) const {
        switch (type) {
            case 0:  // RFC 2460 source route: reserved, then addresses
                p.addBytes(field(RtSrcReserved), v, 4, 4);
                addAddresses(p, v, 8, length, RtSrcAddr);
                return;
            case 2:  // RFC 6275 type 2: the home address
                p.addBytes(field(RtMipv6Reserved), v, 4, 4);
                if (length != 24) p.addExpert(expert(RoutingInvalidLength));
                p.addBytes(field(RtMipv6HomeAddress), v, 8, 16);
                return;
            case 4:  // RFC 8754 segment routing header
                p.addUint(field(RtSrhLastEntry), v, 4, 1);
                p.addUint(field(RtSrhFlags), v, 5, 1);
                p.addBytes(field(RtSrhTag), v, 6, 2);
                addAddresses(p, v, 8, std::min<std::uint32_t>(length, 8 + 16 * (v.u8(4) + 1u)), RtSrhAddr);
                return;
            default:
                if (length > 4) p.addBytes(field(RtUnknownData), v, 4, length - 4);
                return;
        }
    }

    void addAddresses(Packet& p, const ByteView& v, std::uint32_t at, std::uint32_t end, RoutingField address) const {
        for (; at + 16 <= end; at += 16) p.addBytes(field(address), v, at, 16);
    }
};

// ---- Fragment ----

class FragmentState final : public ProtocolState {
public:
    FragmentTable fragments;
    // The frames and sizes of each datagram's fragments so far, for the reassembled tree.
    std::map<FragmentKey, std::vector<std::pair<std::uint64_t, std::uint32_t>>> frames;
    std::deque<FragmentKey> order;  // oldest first, to bound `frames`
};

class FragmentHeader final : public ExtensionHeader {
public:
    FragmentHeader() : ExtensionHeader({"ipv6.fraghdr", "IPv6 Fragment", "Fragment Header for IPv6"}) {}

    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override { return std::make_unique<FragmentState>(); }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const bool chained = chainedToIpv6(p);
        const ItemRef item = begin(p, view, kFragmentHeaderLength, chained);
        if (view.need(0, kFragmentHeaderLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kFragmentHeaderLength);
            return view.reported();
        }
        if (p.buildsTree()) p.setText(item, std::string(info().longName));
        const std::uint8_t next = view.u8(0);
        const std::uint32_t offset = (view.u16(2) & 0xFFF8u);  // in bytes: 8-octet units << 3
        const bool more = (view.u16(2) & 1u) != 0;
        const std::uint32_t ident = view.u32(4);
        p.addUint(field(FragNxt), view, 0, 1);
        p.addUint(field(FragReservedOctet), view, 1, 1);
        p.addUint(field(FragOffset), view, 2, 2);
        p.addUint(field(FragReservedBits), view, 2, 2);
        p.addUint(field(FragMore), view, 2, 2);
        p.addUint(field(FragIdent), view, 4, 4);
        finish(p, chained);

        const ByteView payload = view.from(kFragmentHeaderLength);
        if (offset == 0 && !more) {
            // An atomic fragment (RFC 6946): the whole datagram is here.
            handOn(p, next, payload);
            return view.reported();
        }
        reassemble(p, payload, next, offset, more, ident);
        return view.reported();
    }

private:
    void reassemble(Packet& p, const ByteView& payload, std::uint8_t next, std::uint32_t offset, bool more,
                    std::uint32_t ident) const {
        if (p.wantsColumns()) {
            char text[96];
            std::snprintf(text, sizeof text, "IPv6 fragment (off=%u more=%c ident=0x%08x nxt=%u)", offset,
                          more ? 'y' : 'n', ident, next);
            p.info() = text;
        }
        // Only what was captured can be reassembled; a fragment cut by the snap length stays data.
        if (payload.isCut()) {
            p.callData(payload);
            return;
        }
        auto& state = p.state<FragmentState>(*this);
        const NetworkAddresses& n = p.networkAddresses();
        const FragmentKey key({n.source.data(), n.length}, {n.destination.data(), n.length}, ident);
        remember(state, key, p.frame().number, payload.reported());
        const auto whole = state.fragments.add(key, p.frame().number, offset, payload.bytes(), !more);
        if (!whole) {
            p.callData(payload);
            return;
        }
        const ByteView reassembled = p.addDataSource("Reassembled IPv6", *whole);
        addFragmentsTree(p, reassembled, state.frames[key]);
        state.frames.erase(key);
        if (p.wantsColumns()) p.info().clear();
        handOn(p, next, reassembled);
        state.fragments.erase(key);
    }

    static void remember(FragmentState& state, const FragmentKey& key, std::uint64_t frame, std::uint32_t length) {
        constexpr std::size_t kMaxPending = 4096;
        auto [it, inserted] = state.frames.try_emplace(key);
        if (inserted) {
            state.order.push_back(key);
            while (state.order.size() > kMaxPending) {
                state.frames.erase(state.order.front());
                state.order.pop_front();
            }
        }
        if (it->second.size() < 1024) it->second.emplace_back(frame, length);
    }

    // "[2 IPv6 Fragments (41 bytes): #1(16), #2(25)]" inside the IPv6 tree.
    void addFragmentsTree(Packet& p, const ByteView& reassembled,
                          const std::vector<std::pair<std::uint64_t, std::uint32_t>>& frames) const {
        const Ipv6FieldIds& f = m_ipv6Fields;
        if (!f.complete) return;
        const ItemRef tree = p.add(f.fragments, reassembled, 0, reassembled.reported(), FieldValue{});
        if (p.buildsTree()) {
            std::string text = "[" + std::to_string(frames.size()) + " IPv6 Fragments (" +
                               std::to_string(reassembled.reported()) + " bytes): ";
            for (std::size_t i = 0; i < frames.size(); ++i) {
                text += (i ? ", #" : "#") + std::to_string(frames[i].first) + "(" + std::to_string(frames[i].second) + ")";
            }
            p.setText(tree, text + "]");
        }
        p.push(tree);
        for (const auto& [frame, length] : frames) p.addGenerated(f.fragment, FieldValue::ofUnsigned(frame), FieldFlags::None);
        p.addGenerated(f.fragmentCount, FieldValue::ofUnsigned(frames.size()));
        p.addGenerated(f.reassembledLength, FieldValue::ofUnsigned(reassembled.reported()));
        p.pop();
    }
};

}  // namespace

void registerIpv6Options(Registry& r) {
    auto& hop = r.addProtocol<OptionsHeader>(kHopOptsFields, ProtocolInfo{"ipv6.hopopts", "IPv6 Hop-by-Hop",
                                                                          "IPv6 Hop-by-Hop Option"},
                                             HeaderKind::HopByHop);
    r.addExperts(hop, kHopOptsExperts);
    auto& routing = r.addProtocol<RoutingHeader>(kRoutingFields);
    r.addExperts(routing, kRoutingExperts);
    auto& fragment = r.addProtocol<FragmentHeader>(kFragHdrFields);
    auto& dst = r.addProtocol<OptionsHeader>(kDstOptsFields, ProtocolInfo{"ipv6.dstopts", "IPv6 Destination",
                                                                         "Destination Options for IPv6"},
                                             HeaderKind::DestinationOptions);
    r.onHandoff([&hop, &routing, &fragment, &dst](Registry& registry) {
        auto& protocols = registry.table("ip.proto");
        for (ExtensionHeader* header : {static_cast<ExtensionHeader*>(&hop), static_cast<ExtensionHeader*>(&routing),
                                        static_cast<ExtensionHeader*>(&fragment), static_cast<ExtensionHeader*>(&dst)}) {
            header->connect(registry, protocols);
        }
        protocols.add(0, hop);
        protocols.add(43, routing);
        protocols.add(44, fragment);
        protocols.add(60, dst);
    });
}

}  // namespace caplens::proto
