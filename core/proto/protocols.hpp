// protocols.hpp — what a protocol file needs, and the one list of protocol registrations.
//
// Each protocol file defines `void register<Name>(Registry&)`; protocol_list.cpp calls them
// all (phase 1) before running the queued hand-offs (phase 2). Nothing else lists protocols.
#pragma once

#include <iterator>
#include <string>

#include "core/proto/byte_view.hpp"
#include "core/proto/dissector.hpp"
#include "core/proto/field.hpp"
#include "core/proto/packet.hpp"
#include "core/proto/registry.hpp"

namespace caplens::proto {

// Adds frame.protocols once the frame's layers are known (the frame protocol's last field).
void addFrameProtocolsField(const Dissector& frame, Packet& packet);

}  // namespace caplens::proto
