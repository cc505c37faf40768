#include "core/io/pseudo_header.hpp"

namespace caplens {
namespace {

// ERF record header (all multi-byte fields big-endian except the timestamp):
//
//    0                   1                   2                   3
//   +-------+-------+-------+-------+-------+-------+-------+-------+
//   |            timestamp (little-endian 32.32 fixed point)        |
//   +-------+-------+-------+-------+-------+-------+-------+-------+
//   | type  | flags |     rlen      |     lctr      |     wlen      |
//   +-------+-------+-------+-------+-------+-------+-------+-------+
//   | extension headers (8 bytes each) while type/next has bit 0x80 |
//   +-------+-------+-------+-------+-------+-------+-------+-------+
//   | subheader (Ethernet: 2 bytes pad; multi-channel/AAL2: 4 bytes)|
constexpr std::uint32_t kErfHeader = 16;
constexpr std::uint32_t kErfExtensionHeader = 8;
constexpr std::uint8_t kErfMoreExtensions = 0x80;
constexpr std::uint32_t kSunAtmHeader = 4;

std::uint32_t erfSubheaderLength(std::uint8_t type) {
    switch (type & 0x7F) {
        case 2:    // ETH
        case 11:   // COLOR_ETH
        case 16:   // DSM_COLOR_ETH
        case 20:   // COLOR_HASH_ETH
            return 2;
        case 5:    // MC_HDLC
        case 6:    // MC_RAW
        case 7:    // MC_ATM
        case 8:    // MC_RAW_CHANNEL
        case 9:    // MC_AAL5
        case 12:   // MC_AAL2
        case 17:   // COLOR_MC_HDLC_POS
        case 18:   // AAL2
            return 4;
        default: return 0;
    }
}

}  // namespace

std::optional<std::uint32_t> erfHeaderLength(std::span<const std::uint8_t> record) {
    if (record.size() < kErfHeader) return std::nullopt;
    const std::uint8_t type = record[8];
    std::uint32_t length = kErfHeader;
    std::uint8_t next = type;
    while ((next & kErfMoreExtensions) != 0) {
        if (record.size() < length + kErfExtensionHeader) return std::nullopt;
        next = record[length];  // an extension header's first byte is its own type
        length += kErfExtensionHeader;
    }
    length += erfSubheaderLength(type);
    if (record.size() < length) return std::nullopt;
    return length;
}

std::optional<std::uint32_t> pseudoHeaderLength(LinkType linkType,
                                                std::span<const std::uint8_t> frame) {
    switch (linkType) {
        case linktype::Erf: return erfHeaderLength(frame);
        case linktype::SunAtm:
            if (frame.size() < kSunAtmHeader) return std::nullopt;
            return kSunAtmHeader;
        default: return 0;
    }
}

}  // namespace caplens
