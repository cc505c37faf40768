// frozen_columns.hpp — the packet-list columns held still while a quoted datagram is dissected,
// and the in_error_pkt mark on its layers.
#pragma once

#include <string>

#include "core/proto/packet.hpp"

namespace caplens::proto {

// The packet-list columns, kept while a quoted datagram is dissected: Wireshark makes them
// unwritable there, so the error's own summary and addresses stay.
class FrozenColumns {
public:
    explicit FrozenColumns(Packet& p) : m_p(p), m_protocol(p.protocolColumn()) {
        if (!p.wantsColumns()) return;
        m_info = p.info();
        m_source = p.sourceColumn();
        m_destination = p.destinationColumn();
    }
    ~FrozenColumns() {
        // The Protocol column is kept in every mode (the frame index stores it).
        m_p.setProtocolColumn(m_protocol);
        if (!m_p.wantsColumns()) return;
        m_p.info() = m_info;
        m_p.setAddressColumns(m_source, m_destination);
    }
    FrozenColumns(const FrozenColumns&) = delete;
    FrozenColumns& operator=(const FrozenColumns&) = delete;

private:
    Packet& m_p;
    std::string m_protocol;
    std::string m_info;
    std::string m_source, m_destination;
};

// A datagram quoted by an ICMP/ICMPv6 error, while it is dissected: the columns are frozen and
// the packet is marked in_error_pkt (its layers' taps are not statistics of the frame).
class QuotedDatagram {
public:
    explicit QuotedDatagram(Packet& p) : m_p(p), m_columns(p), m_wasInError(p.inErrorPacket()) { p.setInErrorPacket(true); }
    ~QuotedDatagram() { m_p.setInErrorPacket(m_wasInError); }
    QuotedDatagram(const QuotedDatagram&) = delete;
    QuotedDatagram& operator=(const QuotedDatagram&) = delete;

private:
    Packet& m_p;
    FrozenColumns m_columns;
    bool m_wasInError;
};

}  // namespace caplens::proto
