// frame_tally.hpp — counting the frames a display filter selects, in the first pass, so that a
// finding's count is by construction what its filter selects in `caplens filter`.
//
//   FilterTally   a fixed filter ("bittorrent || bt-dht"): frames passing it, and the network
//                 addresses of those frames (the finding's endpoints).
//   KeyedTally    a base filter whose finding is narrowed at the end of the pass to some values
//                 of key fields ("tcp.flags.syn == 1 && tcp.flags.ack == 0" narrowed to the
//                 streams that got no answer: `... && tcp.stream in {3, 7..9}`). Per frame
//                 passing the base, the distinct values of the key fields are recorded; the
//                 selection's count is exact under the filter language's "any value" rule
//                 (a frame with several values, e.g. a quoted header in an ICMP error, counts
//                 once when any of them is selected).
// Field names live only in the filter texts given here; keys are read from the packet's
// records of the fields those names resolve to in the registry.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/analysis/stats_support.hpp"
#include "core/filter/display_filter.hpp"
#include "core/proto/packet.hpp"

namespace caplens::findings {

// Compiles a rule's filter text; a text that does not compile is a bug in the rule (the
// findings unit tests compile every rule), reported by valid().
[[nodiscard]] std::unique_ptr<filter::DisplayFilter> compileRuleFilter(std::string_view text);

// Adds `from` to `into` (field masks are per FieldId).
void mergeMask(proto::FieldMask& into, const proto::FieldMask& from);

// Frames counted per network address, to name a finding's top endpoints.
class EndpointTally {
public:
    void add(const StatAddress& address, std::uint64_t frames = 1);
    // Adds the innermost IP source and destination of `taps` (nothing without an IP layer).
    void addFrame(const FrameTaps& taps);
    void merge(const EndpointTally& other);
    // The `limit` addresses with the most frames, formatted ("10.0.0.4", "2001:db8::1").
    [[nodiscard]] std::vector<std::string> top(std::size_t limit = 5) const;

private:
    struct Hash {
        std::size_t operator()(const StatAddress& a) const { return static_cast<std::size_t>(hashAddress(kHashSeed, a)); }
    };
    std::unordered_map<StatAddress, std::uint64_t, Hash> m_frames;
};

class FilterTally {
public:
    explicit FilterTally(std::string_view filterText);

    [[nodiscard]] bool valid() const { return m_filter != nullptr; }
    [[nodiscard]] const proto::FieldMask& mask() const;
    // Evaluates the filter on the frame; counts it (and its addresses) when it passes.
    bool observe(const proto::Packet& packet, const FrameTaps& taps);

    [[nodiscard]] const std::string& filterText() const { return m_text; }
    [[nodiscard]] std::uint64_t count() const { return m_count; }
    [[nodiscard]] const EndpointTally& endpoints() const { return m_endpoints; }

private:
    std::string m_text;
    std::unique_ptr<filter::DisplayFilter> m_filter;
    std::uint64_t m_count = 0;
    EndpointTally m_endpoints;
};

// One value of a key field: integers (UInt*, frame numbers) and IPv4 in `number`, IPv6 bytes.
struct KeyValue {
    std::uint8_t field = 0;  // index into the tally's key fields
    std::uint8_t length = 0; // 16 for IPv6, 0 for numbers
    std::uint64_t number = 0;
    std::array<std::uint8_t, 16> bytes{};

    bool operator==(const KeyValue& o) const {
        return field == o.field && length == o.length && number == o.number && bytes == o.bytes;
    }
};

struct KeyValueHash {
    std::size_t operator()(const KeyValue& k) const;
};

// A narrowed filter and what it selects.
struct KeyedSelection {
    std::string filter;
    std::uint64_t count = 0;
    EndpointTally endpoints;
};

class KeyedTally {
public:
    // `keyFields`: names of integer, frame-number, IPv4 or IPv6 fields ("tcp.stream", "ip.src").
    KeyedTally(std::string_view baseFilter, std::vector<std::string_view> keyFields);

    [[nodiscard]] bool valid() const { return m_valid; }
    [[nodiscard]] const proto::FieldMask& mask() const { return m_mask; }
    bool observe(const proto::Packet& packet, const FrameTaps& taps);

    [[nodiscard]] std::uint64_t baseCount() const { return m_baseCount; }
    // Frames passing the base whose only value of the key fields is `key` (for per-key rates).
    [[nodiscard]] std::uint64_t framesOf(const KeyValue& key) const;
    // Every key value seen, with its frames (frames with one value only).
    [[nodiscard]] const std::unordered_map<KeyValue, std::uint64_t, KeyValueHash>& perKey() const { return m_singleCount; }

    // Every distinct key value seen (also in frames with several).
    [[nodiscard]] std::vector<KeyValue> allKeys() const;

    // `base && (field in {selected values})`, or with `exclude` `base && !(...)`; the count
    // is exact. An empty selection gives the base itself when excluding, and count 0 (filter
    // "") when including.
    [[nodiscard]] KeyedSelection select(const std::function<bool(const KeyValue&)>& selected, bool exclude = false) const;
    // The same with the key clause written by the caller (subnets: "ip.src in {10.0.0.0/8} ||
    // ipv6.src in {fc00::/7}"), which must select exactly the values `selected` accepts.
    [[nodiscard]] KeyedSelection select(const std::function<bool(const KeyValue&)>& selected, bool exclude,
                                        const std::string& clauseText) const;

    // Key values for numbers and addresses, to compare with what rules keep (tcp.stream
    // numbers, StatAddress).
    [[nodiscard]] static KeyValue numberKey(std::uint8_t field, std::uint64_t number);
    [[nodiscard]] static KeyValue addressKey(std::uint8_t field, const StatAddress& address);

private:
    struct PerKey {
        EndpointTally endpoints;
    };
    std::string clause(const std::vector<KeyValue>& values) const;

    std::string m_base;
    std::unique_ptr<filter::DisplayFilter> m_filter;
    std::vector<proto::FieldId> m_fields;
    std::vector<std::string> m_fieldNames;
    std::vector<proto::FieldType> m_types;
    proto::FieldMask m_mask;
    bool m_valid = false;
    std::uint64_t m_baseCount = 0;
    EndpointTally m_baseEndpoints;
    std::unordered_map<KeyValue, std::uint64_t, KeyValueHash> m_singleCount;
    std::unordered_map<KeyValue, EndpointTally, KeyValueHash> m_keyEndpoints;
    // Frames with no key value (count only when excluding) and with several.
    std::uint64_t m_noKeyFrames = 0;
    std::vector<std::vector<KeyValue>> m_multiKeyFrames;
    std::vector<KeyValue> m_scratch;
};

}  // namespace caplens::findings
