// dns_message.hpp — the DNS message format (RFC 1035) shared by DNS, mDNS (RFC 6762) and
// LLMNR (RFC 4795): header, questions and resource records, names with compression.
//
// Wireshark gives the three protocols one set of fields ("dns.qry.name" also in an mDNS
// frame), so the field table lives here and is registered with the "dns" protocol; mdns and
// llmnr add their own protocol item and fill it with the dns protocol's fields.
#pragma once

#include <cstdint>
#include <span>

#include "core/proto/byte_view.hpp"
#include "core/proto/dissector.hpp"
#include "core/proto/field.hpp"
#include "core/proto/packet.hpp"

namespace caplens::proto {

enum DnsField : FieldIndex {
    DnsLength, DnsId, DnsFlags, DnsFlagResponse, DnsFlagOpcode, DnsFlagAuthoritative, DnsFlagConflict,
    DnsFlagTruncated, DnsFlagRecDesired, DnsFlagTentative, DnsFlagRecAvail, DnsFlagZ, DnsFlagAuthenticated,
    DnsFlagCheckDisable, DnsFlagRcode, DnsCountQueries, DnsCountZones, DnsCountAnswers, DnsCountPrerequisites,
    DnsCountAuthRr, DnsCountUpdates, DnsCountAddRr, DnsQryName, DnsQryNameLen, DnsCountLabels, DnsQryType,
    DnsQryClass, DnsQryQu, DnsRespName, DnsRespType, DnsRespClass, DnsRespCacheFlush, DnsRespTtl, DnsRespLen, DnsA, DnsAaaa, DnsCname, DnsPtrDomainName, DnsNs, DnsMxPreference,
    DnsMxMailExchange, DnsTxtLength, DnsTxt, DnsSoaMname, DnsSoaRname, DnsSoaSerial, DnsSoaRefresh, DnsSoaRetry,
    DnsSoaExpire, DnsSoaMinimumTtl, DnsSrvPriority, DnsSrvWeight, DnsSrvPort, DnsSrvTarget, DnsHinfoCpuLength,
    DnsHinfoCpu, DnsHinfoOsLength, DnsHinfoOs, DnsRrUdpPayloadSize, DnsRespExtRcode, DnsRespEdns0Version, DnsRespZ,
    DnsRespZDo, DnsRespZReserved, DnsOpt, DnsOptCode, DnsOptLen, DnsOptData, DnsData, DnsResponseIn, DnsResponseTo, DnsTime, DnsRetransmission, DnsUnsolicited,
    kDnsFieldCount
};

enum DnsExpert : std::uint16_t { DnsTtlHighBit, DnsRetransmitRequest, DnsRetransmitResponse, kDnsExpertCount };

// The field and expert tables of "dns" (registered by dns.cpp).
[[nodiscard]] std::span<const FieldDef> dnsFieldTable();
[[nodiscard]] std::span<const ExpertDef> dnsExpertTable();

enum class DnsVariant : std::uint8_t { Dns, Mdns, Llmnr };

// Matches queries with responses across frames (dns.response_in / response_to / time).
class DnsTransactions final : public ProtocolState {
public:
    struct Transaction {
        std::uint64_t requestFrame = 0;
        std::uint64_t responseFrame = 0;
        TimestampNs requestTime = kNoTimestamp;
    };
    // The transaction of (conversation key, id) seen first at `frame`.
    Transaction& lookup(std::uint64_t key, std::uint16_t id, std::uint64_t frame);

private:
    struct Entry {
        std::uint64_t key;
        std::uint16_t id;
        Transaction transaction;
    };
    std::vector<Entry> m_entries;  // newest last; bounded
};

// Dissects the DNS message in `message` (its byte 0 is the transaction ID) under the current
// parent with the fields of `dns`: header, flags, questions, records; the Info column and the
// title of `item` ("Domain Name System (query)"). `transactions` may be null.
// Returns false when the message was cut or malformed (the packet is marked and stopped).
bool dissectDnsMessage(Packet& p, const Dissector& dns, const Dissector& owner, ItemRef item,
                       const ByteView& message, DnsVariant variant, DnsTransactions* transactions);

// Wireshark's "dns_udp" heuristic: a standard query or response with plausible counts.
[[nodiscard]] bool looksLikeDnsMessage(const ByteView& view);

// Expands the domain name at `offset` of `message` into `out` (up to `capacity` bytes, names
// longer than 255 characters become "<Name too long>", loops "<Name contains a pointer that
// loops>"). Returns the bytes the name takes at `offset`, or 0 when it runs past the bytes.
struct DnsName {
    static constexpr std::uint32_t kCapacity = 300;
    char text[kCapacity];
    std::uint32_t length = 0;   // characters in text
    std::uint32_t labels = 0;
    std::uint32_t wireLength = 0;
    Availability missing = Availability::Available;  // why the name could not be read
    [[nodiscard]] std::string_view view() const { return {text, length}; }
};
[[nodiscard]] bool readDnsName(const ByteView& message, std::uint32_t offset, DnsName& name);

}  // namespace caplens::proto
