// pcapng_reader.hpp — pcapng files (draft-ietf-opsawg-pcapng), read as Wireshark 4.0 reads them.
//
// - Sections in either byte order; a file may hold several. Each Section Header Block (version
//   1.0, or 1.2 which Wireshark treats alike) starts a new set of interface numbers, but the
//   interfaces of all sections stay listed in CaptureMetadata::interfaces (as capinfos counts
//   them): CapturedFrame::interfaceId indexes that list.
// - Interface Description Blocks: link type, snap length, if_name, if_description, if_filter,
//   if_os, if_tsresol (10^-n, or 2^-n with the top bit set) and if_tsoffset (seconds added).
// - Enhanced, Simple (no timestamp: kNoTimestamp; captured length = original length limited by
//   the snap length) and obsolete Packet Blocks. A packet's opt_comment sets kFrameHasComment
//   and lands in CaptureMetadata::frameComments.
// - Name Resolution Blocks fill CaptureMetadata::names; shb_hardware/shb_os/shb_userappl of the
//   first section and every section's opt_comment fill the other metadata.
// - Interface Statistics, Decryption Secrets, custom and unknown blocks are checked and skipped.
//
// Errors: a block length below the minimum for its type, above kMaxBlockLength, or different in
// the trailer is CorruptRecord at the block's offset, as are options that run past their block
// and packets on an interface the section never declared. Like Wireshark, a length that is not
// a multiple of 4 is rounded up (some writers leave the packet padding out of the length).
#pragma once

#include <vector>

#include "core/io/capture_reader.hpp"
#include "core/util/byte_order.hpp"
#include "core/util/span_reader.hpp"

namespace caplens {

class PcapngReader final : public CaptureReader {
public:
    PcapngReader();
    void parse(const ByteWindow& window, FrameSink& sink) override;

private:
    // What packet blocks need to know about the interface they name.
    struct InterfaceClock {
        std::uint64_t unitsPerSecond = 1'000'000;
        std::int64_t offsetSeconds = 0;  // if_tsoffset
        std::uint32_t snapLength = 0;
        LinkType linkType = linktype::Unknown;
    };

    // One whole block, its lengths already checked.
    struct Block {
        std::uint32_t type = 0;
        std::uint32_t length = 0;  // rounded up to a multiple of 4
        std::uint64_t offset = 0;  // of the block in the stream
        Bytes body;                // between the 8-byte header and the 4-byte trailer
        std::uint64_t trailer = 0; // the trailing length, rounded up like the leading one
    };

    // Fixed fields shared by Enhanced and obsolete Packet Blocks.
    struct PacketFields {
        std::uint32_t interfaceId = 0;
        std::uint64_t ticks = 0;
        std::uint32_t capturedLength = 0;
        std::uint32_t originalLength = 0;
        std::size_t fixedLength = 0;  // bytes of the body before the packet data
    };

    // Returns the bytes consumed by one block at `at`, or 0 (finished, failed or waiting).
    std::size_t parseBlock(const ByteWindow& window, std::size_t at, FrameSink& sink);
    // Reads the type and length of the block at `bytes` (12 bytes available); false when failed.
    bool readBlockHeader(Bytes bytes, std::uint64_t offset, Block& block, ByteOrder& order);
    // Checked after the body, right before the block takes effect: Wireshark reports damage
    // inside the body first.
    bool trailerMatches(const Block& block);
    bool dispatch(const Block& block, ByteOrder order, FrameSink& sink);

    bool readSectionHeader(const Block& block, ByteOrder order);
    bool readInterfaceDescription(const Block& block);
    bool readPacket(const Block& block, const PacketFields& fields, FrameSink& sink);
    bool readEnhancedPacket(const Block& block, FrameSink& sink);
    bool readObsoletePacket(const Block& block, FrameSink& sink);
    bool readSimplePacket(const Block& block, FrameSink& sink);
    bool readNameResolution(const Block& block);
    bool readNameRecord(Bytes value, bool ipv6, std::uint64_t offset, std::vector<ResolvedName>& out);
    bool readStatistics(const Block& block);
    bool readDecryptionSecrets(const Block& block);
    bool requireLength(const Block& block, std::uint32_t minimum, const char* name);
    // The section's interface `localId`, or nullptr (having failed) when it was never declared.
    const InterfaceClock* sectionInterface(std::uint32_t localId, std::uint64_t offset);
    [[nodiscard]] TimestampNs toNanoseconds(std::uint64_t ticks, const InterfaceClock& clock) const;
    void corrupt(std::string message, std::uint64_t offset);

    ByteOrder m_order = ByteOrder::Little;  // of the current section
    bool m_haveSection = false;
    std::size_t m_sectionBase = 0;          // global index of the section's interface 0
    std::vector<InterfaceClock> m_clocks;   // parallel to m_metadata.interfaces
};

}  // namespace caplens
