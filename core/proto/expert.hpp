// expert.hpp — Wireshark's expert information: notes a dissector attaches to an item
// ("IPv4 total length exceeds packet length"), with a severity and a group.
#pragma once

#include <cstdint>
#include <string_view>

namespace caplens::proto {

enum class ExpertSeverity : std::uint8_t { Comment, Chat, Note, Warning, Error };

enum class ExpertGroup : std::uint8_t {
    Checksum,
    Sequence,
    ResponseCode,
    RequestCode,
    Undecoded,
    Reassemble,
    Malformed,
    Debug,
    Protocol,
    Security,
    CommentsGroup,
    Decryption,
    Assumption,
    Deprecated,
};

// One kind of expert note a protocol can raise, declared once in the protocol's file like its
// fields. Its abbreviation is filterable ("ip.bogus_ip_length"), as in Wireshark.
struct ExpertDef {
    std::uint16_t index;        // must equal the position in its table
    std::string_view abbrev;    // "ip.bogus_ip_length"
    ExpertSeverity severity;
    ExpertGroup group;
    std::string_view summary;   // "Bogus IP length"
};

[[nodiscard]] std::string_view expertSeverityName(ExpertSeverity severity);
[[nodiscard]] std::string_view expertGroupName(ExpertGroup group);

}  // namespace caplens::proto
