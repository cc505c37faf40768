// field_format.hpp — field occurrences as people read them: "Source Port: 443",
// ".... ..1. = Syn: Set", "[Stream index: 0]" — the details tree, the CLI and "Copy value".
#pragma once

#include <string>

#include "core/proto/field.hpp"
#include "core/proto/packet.hpp"

namespace caplens::proto {

// The value alone, as Wireshark displays it ("0x0800", "Set", "192.168.0.1", "IPv4 (0x0800)").
[[nodiscard]] std::string formatValue(const FieldDef& def, const FieldRecord& record);

// The value in the form a display filter accepts ("0x0800", "1", "192.168.0.1", "\"text\"").
[[nodiscard]] std::string filterValue(const FieldDef& def, const FieldRecord& record);

// The value as `tshark -T fields` prints it: numbers raw (hex for hex-based fields), flags 1/0,
// times in seconds with 9 decimals, byte strings and protocol items as plain hex of their bytes.
[[nodiscard]] std::string fieldsText(const FieldDef& def, const FieldRecord& record, std::span<const std::uint8_t> bytes);

// The whole label of a details-tree line.
[[nodiscard]] std::string fieldLabel(const FieldDef& def, const FieldRecord& record);

}  // namespace caplens::proto
