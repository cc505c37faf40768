// tcp_pdus.hpp — splitting a byte stream into length-delimited PDUs (Wireshark's
// tcp_dissect_pdus), for protocols whose header says how long each message is: TLS records,
// BitTorrent messages, RPC record marking, DNS over TCP, TPKT, NBSS...
//
// Every complete PDU in the bytes is dissected in turn (each one more level in the protocol
// hierarchy). When the last one continues past the bytes and TCP can reassemble, TCP is asked
// for the missing bytes and hands the whole PDU over once it has it.
#pragma once

#include <cstdint>

#include "core/proto/byte_view.hpp"
#include "core/proto/packet.hpp"

namespace caplens::proto {

// `pduLength(view)` is called with at least `fixedLength` bytes of a PDU and returns its whole
// length (0 when the header is nonsense); `dissectPdu(packet, view)` dissects one PDU.
// Returns the bytes claimed (all of them), as a dissector's dissect() does.
template <typename PduLength, typename DissectPdu>
std::uint32_t dissectPdus(Packet& packet, const ByteView& view, std::uint32_t fixedLength, PduLength&& pduLength,
                          DissectPdu&& dissectPdu) {
    std::uint32_t offset = 0;
    while (offset < view.reported() && !packet.stopped()) {
        const std::uint32_t remaining = view.reported() - offset;
        if (view.captured() - std::min(offset, view.captured()) < fixedLength) {
            if (packet.canDesegment()) {
                packet.requestDesegment(offset, Packet::kOneMoreSegment);
                return view.reported();
            }
            if (remaining < fixedLength) {
                // Not even a header left and no reassembly possible: show what there is.
                dissectPdu(packet, view.from(offset));
                return view.reported();
            }
        }
        const std::uint32_t length = pduLength(view.from(offset));
        if (length < fixedLength) {
            // A length shorter than its own header cannot be parsed on from.
            dissectPdu(packet, view.from(offset));
            return view.reported();
        }
        if (length > remaining && packet.canDesegment()) {
            packet.requestDesegment(offset, length - remaining);
            return view.reported();
        }
        dissectPdu(packet, view.sub(offset, length));
        if (length >= remaining) break;
        offset += length;
    }
    return view.reported();
}

}  // namespace caplens::proto
