// rdp — Remote Desktop Protocol ([MS-RDPBCGR]) as far as tshark shows it without T.125/T.124:
//  - the X.224 Connection Request's routing token or cookie and RDP Negotiation Request
//    ("cotp_cr" heuristic), the Connection Confirm's Negotiation Response or Failure
//    ("cotp_cc" heuristic);
//  - fast-path PDUs, found by the "tpkt" heuristic where TPKT's version byte is not 3;
//  - the data of MCS SendDataIndication PDUs, as COTP hands them on (see cotp.cpp).
//
//   rdpNegReq:  type=1 | flags | length=8 (LE) | requestedProtocols (4, LE)
//   fast path:  fpOutputHeader/fpInputHeader | length (1 or 2 bytes) | [signature(8)] | events
#include <array>
#include <cstdio>
#include <initializer_list>
#include <vector>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint8_t kNegRequest = 0x01;
constexpr std::uint8_t kNegResponse = 0x02;
constexpr std::uint8_t kNegFailure = 0x03;
constexpr std::uint8_t kCorrelationInfo = 0x06;
constexpr std::uint8_t kCorrelationInfoPresent = 0x08;
constexpr std::uint8_t kFastPathEncrypted = 0x2;
constexpr std::size_t kMaxServers = 256;

constexpr ValueName kNegTypes[] = {{kNegRequest, "RDP Negotiation Request"},
                                   {kNegResponse, "RDP Negotiation Response"},
                                   {kNegFailure, "RDP Negotiation Failure"},
                                   {kCorrelationInfo, "RDP Correlation Info"}};
constexpr ValueName kSelectedProtocols[] = {{0, "Standard RDP Security"}, {1, "TLS"}, {2, "CredSSP"},
                                            {4, "RDSTLS protocol"}, {8, "CredSSP with Early User Authorization Result PDU"}};
constexpr ValueName kFailureCodes[] = {{1, "TLS required by server"},
                                       {2, "TLS not allowed by server"},
                                       {3, "TLS certificate not on server"},
                                       {4, "Inconsistent flags"},
                                       {5, "Hybrid required by server"},
                                       {6, "SSL with user auth required by server"}};
constexpr ValueName kFastPathActions[] = {{0, "Fastpath"}, {3, "X224"}};
constexpr ValueName kTrueFalse[] = {{0, "False"}, {1, "True"}};

enum RdpField : FieldIndex {
    RtCookie, NegType, NegReqFlags, NegReqRestrictedAdmin, NegReqCorrelationInfo, NegLength, RequestedProtocols,
    RequestedSsl, RequestedHybrid, RequestedRdstls, RequestedHybridEx, CorrelationFlags, CorrelationId,
    CorrelationReserved, NegRspFlags, NegRspExtendedClientData, NegRspGfx, NegRspRestrictedAdmin,
    NegRspRestrictedAuth, SelectedProtocol, FailureCode, SendData, FastPathHeader, FastPathAction,
    FastPathNumEvents, FastPathFlags, FastPathPduLength, FastPathNumEvents2, FastPathEventHeader,
    FastPathUpdateCode, FastPathFragmentation, FastPathCompression, FastPathServerSize, kRdpFieldCount
};

constexpr FieldDef kRdpFields[] = {
    {RtCookie, "rdp.rt_cookie", "Routing Token/Cookie", FieldType::String},
    {NegType, "rdp.neg_type", "Type", FieldType::UInt8, Base::Hex, 0, kNegTypes},
    {NegReqFlags, "rdp.negReq.flags", "Flags", FieldType::UInt8, Base::Hex},
    {NegReqRestrictedAdmin, "rdp.negReq.flags.restricted_admin_mode_req", "Restricted admin mode required", FieldType::Bool, Base::None, 0x01, kTrueFalse},
    {NegReqCorrelationInfo, "rdp.negReq.flags.correlation_info_present", "Correlation info present", FieldType::Bool, Base::None, 0x08, kTrueFalse},
    {NegLength, "rdp.neg_length", "Length", FieldType::UInt16, Base::Dec},
    {RequestedProtocols, "rdp.negReq.requestedProtocols", "requestedProtocols", FieldType::UInt32, Base::Hex},
    {RequestedSsl, "rdp.negReq.requestedProtocols.ssl", "TLS security supported", FieldType::Bool, Base::None, 0x1, kTrueFalse},
    {RequestedHybrid, "rdp.negReq.requestedProtocols.hybrid", "CredSSP supported", FieldType::Bool, Base::None, 0x2, kTrueFalse},
    {RequestedRdstls, "rdp.negReq.requestedProtocols.rdstls", "RDSTLS supported", FieldType::Bool, Base::None, 0x4, kTrueFalse},
    {RequestedHybridEx, "rdp.negReq.requestedProtocols.hybrid_ex", "CredSSP with Early User Authorization Result PDU supported", FieldType::Bool, Base::None, 0x8, kTrueFalse},
    {CorrelationFlags, "rdp.correlationInfo.flags", "Flags", FieldType::UInt8, Base::Hex},
    {CorrelationId, "rdp.correlationInfo.correlationId", "correlationId", FieldType::Bytes},
    {CorrelationReserved, "rdp.correlationInfo.reserved", "Reserved", FieldType::Bytes},
    {NegRspFlags, "rdp.negRsp.flags", "Flags", FieldType::UInt8, Base::Hex},
    {NegRspExtendedClientData, "rdp.negRsp.flags.extended_client_data_supported", "Extended Client Data Blocks supported", FieldType::Bool, Base::None, 0x01, kTrueFalse},
    {NegRspGfx, "rdp.negRsp.flags.dynvc_gfx_protocol_supported", "Graphics Pipeline Extension Protocol supported", FieldType::Bool, Base::None, 0x02, kTrueFalse},
    {NegRspRestrictedAdmin, "rdp.negRsp.flags.restricted_admin_mode_supported", "Restricted admin mode supported", FieldType::Bool, Base::None, 0x08, kTrueFalse},
    {NegRspRestrictedAuth, "rdp.negRsp.flags.restricted_authentication_mode_supported", "Restricted authentication mode supported", FieldType::Bool, Base::None, 0x10, kTrueFalse},
    {SelectedProtocol, "rdp.negReq.selectedProtocol", "selectedProtocol", FieldType::UInt32, Base::Hex, 0, kSelectedProtocols},
    {FailureCode, "rdp.negFailure.failureCode", "failureCode", FieldType::UInt32, Base::Hex, 0, kFailureCodes},
    {SendData, "rdp.sendData", "SendData", FieldType::None},
    {FastPathHeader, "rdp.fastpath.header", "Header", FieldType::UInt8, Base::Hex},
    {FastPathAction, "rdp.fastpath.action", "Action", FieldType::UInt8, Base::Dec, 0x03, kFastPathActions},
    {FastPathNumEvents, "rdp.fastpath.numevents", "numEvents", FieldType::UInt8, Base::Dec, 0x3c},
    {FastPathFlags, "rdp.fastpath.flags", "flags", FieldType::UInt8, Base::Dec, 0xc0},
    {FastPathPduLength, "rdp.fastpathPDULength", "fastpathPDULength", FieldType::UInt16, Base::Dec},
    {FastPathNumEvents2, "rdp.fastpath.numevents2", "NumEvents2", FieldType::UInt8, Base::Dec},
    {FastPathEventHeader, "rdp.fastpath.eventheader", "EventHeaderCode", FieldType::UInt8, Base::Hex},
    {FastPathUpdateCode, "rdp.fastpath.clienteventcode", "Code", FieldType::UInt8, Base::Dec, 0x0f},
    {FastPathFragmentation, "rdp.fastpath.serverfragmentation", "Fragmentation", FieldType::UInt8, Base::Dec, 0x30},
    {FastPathCompression, "rdp.fastpath.servercompression", "Compression", FieldType::UInt8, Base::Hex, 0xc0},
    {FastPathServerSize, "rdp.fastpath.server.size", "Size", FieldType::UInt16, Base::Dec},
};
static_assert(std::size(kRdpFields) == kRdpFieldCount);

// The (client, server) address pairs of the connections whose Connection Request was seen.
class RdpState final : public ProtocolState {
public:
    std::vector<std::pair<std::array<std::uint8_t, 16>, std::array<std::uint8_t, 16>>> servers;
};

struct InputEvent {
    std::string_view name;  // empty: unknown code, one byte
    std::uint8_t size;
};

// Fast-path input events by the top 3 bits of their header ([MS-RDPBCGR] 2.2.8.1.2.2).
constexpr InputEvent kInputEvents[8] = {{"Scancode", 2}, {"Mouse", 7}, {"MouseEx", 7}, {"Sync", 1},
                                        {"Unicode", 3},  {{}, 1},      {"QoE timestamp", 5}, {{}, 1}};
constexpr std::string_view kUpdateNames[16] = {"Orders",       "Bitmap",         "Palette",         "Synchronize",
                                               "Surface",      "NullPointer",    "DefaultPointer",  "Unknown",
                                               "PointerPosition", "ColorPointer", "CachedPointer",  "NewPointer",
                                               "LargePointer", "Unknown",        "Unknown",         "Unknown"};

class RdpProtocol final : public Dissector {
public:
    RdpProtocol() : Dissector({"rdp", "RDP", "Remote Desktop Protocol"}) {}

    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override { return std::make_unique<RdpState>(); }

    // An MCS SendDataIndication's user data (handed on by COTP).
    std::uint32_t dissect(Packet& p, const ByteView& v) const override {
        p.setProtocolColumn(info().shortName);
        p.beginProtocol(*this, v, v.reported());
        p.add(field(SendData), v, 0, v.reported(), {});
        return v.reported();
    }

    // The Connection Request's data: a cookie or routing token line, then rdpNegReq.
    std::uint32_t connectionRequest(Packet& p, const ByteView& v) const {
        const bool cookie = v.text(0, 8) == "Cookie: " || v.text(0, 4) == "tsv:" || v.text(0, 6) == "mth://";
        const bool negRequest = v.has(0, 4) && v.u8(0) == kNegRequest && v.u16le(2) == 8;
        if (!cookie && !negRequest) return 0;
        rememberServer(p);
        begin(p, v);
        std::uint32_t offset = 0;
        if (cookie) {
            const std::int64_t lf = v.find('\n', 0);
            const std::uint32_t end = lf < 0 ? v.captured() : static_cast<std::uint32_t>(lf);
            const std::uint32_t lineLength = end > 0 && v.u8(end - 1) == '\r' ? end - 1 : end;
            const std::string_view line = v.text(0, lineLength);
            p.addText(field(RtCookie), v, 0, lineLength, line);
            if (p.wantsColumns()) p.info() += line;
            offset = lf < 0 ? v.captured() : end + 1;
        }
        if (offset < v.reported()) {
            if (cookie && p.wantsColumns()) p.info() += ", ";
            offset = negotiationRequest(p, v, offset);
        }
        return std::max<std::uint32_t>(offset, 1);
    }

    // The Connection Confirm's rdpNegRsp or rdpNegFailure.
    std::uint32_t connectionConfirm(Packet& p, const ByteView& v) const {
        if (!v.has(0, 4) || v.u16le(2) != 8 || (v.u8(0) != kNegResponse && v.u8(0) != kNegFailure)) return 0;
        begin(p, v);
        const std::uint8_t type = static_cast<std::uint8_t>(p.addUint(field(NegType), v, 0, 1));
        const bool response = type == kNegResponse;
        if (p.wantsColumns()) p.info() += response ? "Negotiate Response" : "Negotiate Failure";
        if (response) {
            flags(p, v, 1, NegRspFlags, {NegRspExtendedClientData, NegRspGfx, NegRspRestrictedAdmin, NegRspRestrictedAuth});
        } else {
            p.addUint(field(NegReqFlags), v, 1, 1);
        }
        p.addUintLe(field(NegLength), v, 2, 2);
        if (!need(p, v, 4, 4)) return v.reported();
        if (response) {
            p.addUintLe(field(SelectedProtocol), v, 4, 4);
        } else {
            const auto code = p.addUintLe(field(FailureCode), v, 4, 4);
            if (p.wantsColumns()) {
                const std::string_view name = nameOf(kFailureCodes, code);
                char unknown[32];
                std::snprintf(unknown, sizeof unknown, "Unknown (0x%08x)", static_cast<unsigned>(code));
                p.info() += ", failureCode " + (name.empty() ? std::string(unknown) : std::string(name));
            }
        }
        return 8;
    }

    // Fast-path PDUs ([MS-RDPBCGR] 2.2.9.1.2 output, 2.2.8.1.2 input): the PDU must fill the
    // bytes exactly, as Wireshark's dissect_rdp_fastpath demands.
    std::uint32_t fastPath(Packet& p, const ByteView& v) const {
        if (v.captured() < 3) return 0;
        const std::uint8_t header = v.u8(0);
        if (header & 0x3) return 0;
        std::uint32_t length = v.u8(1);
        if (length == 0) return 0;
        std::uint32_t lengthSize = 1;
        if (length & 0x80) {
            length = ((length & 0x7F) << 8) + v.u8(2);
            lengthSize = 2;
        }
        if (length != v.captured()) return 0;
        const bool clientToServer = serverIsDestination(p, v);
        p.setProtocolColumn(info().shortName);
        p.beginProtocol(*this, v, length);
        if (p.wantsColumns()) p.info() = "Fast-Path PDU";
        p.addUint(field(FastPathHeader), v, 0, 1);
        p.addUint(field(FastPathAction), v, 0, 1);
        if (clientToServer) p.addUint(field(FastPathNumEvents), v, 0, 1);
        p.addUint(field(FastPathFlags), v, 0, 1);
        p.add(field(FastPathPduLength), v, 1, lengthSize, FieldValue::ofUnsigned(length));
        std::uint32_t offset = 1 + lengthSize;
        if ((header >> 6) & kFastPathEncrypted) offset += 8;  // data signature
        if (clientToServer) {
            inputEvents(p, v, offset, (header >> 2) & 0xF);
        } else {
            updates(p, v, offset, length);
        }
        return v.reported();
    }

private:
    void begin(Packet& p, const ByteView& v) const {
        p.setProtocolColumn(info().shortName);
        if (p.wantsColumns()) p.info().clear();
        p.beginProtocol(*this, v, v.reported());
    }

    std::uint32_t negotiationRequest(Packet& p, const ByteView& v, std::uint32_t offset) const {
        if (p.wantsColumns()) p.info() += "Negotiate Request";
        if (!need(p, v, offset, 4)) return v.reported();
        p.addUint(field(NegType), v, offset, 1);
        const std::uint8_t requestFlags = v.u8(offset + 1);
        flags(p, v, offset + 1, NegReqFlags, {NegReqRestrictedAdmin, NegReqCorrelationInfo});
        const std::uint32_t length = static_cast<std::uint32_t>(p.addUintLe(field(NegLength), v, offset + 2, 2));
        offset += 4;
        if (length != 8) return offset;
        if (!need(p, v, offset, 4)) return v.reported();
        const ItemRef item = p.add(field(RequestedProtocols), v, offset, 4, FieldValue::ofUnsigned(v.u32le(offset)));
        p.push(item);
        for (FieldIndex f : {RequestedSsl, RequestedHybrid, RequestedRdstls, RequestedHybridEx}) p.addUintLe(field(f), v, offset, 4);
        p.pop();
        offset += 4;
        if ((requestFlags & kCorrelationInfoPresent) && need(p, v, offset, 36)) {
            p.addUint(field(NegType), v, offset, 1);
            p.addUint(field(CorrelationFlags), v, offset + 1, 1);
            p.addUintLe(field(NegLength), v, offset + 2, 2);
            p.addBytes(field(CorrelationId), v, offset + 4, 16);
            p.addBytes(field(CorrelationReserved), v, offset + 20, 16);
            offset += 36;
        }
        return offset;
    }

    void flags(Packet& p, const ByteView& v, std::uint32_t offset, FieldIndex container,
               std::initializer_list<FieldIndex> bits) const {
        const ItemRef item = p.add(field(container), v, offset, 1, FieldValue::ofUnsigned(v.u8(offset)));
        p.push(item);
        for (FieldIndex f : bits) p.addUint(field(f), v, offset, 1);
        p.pop();
    }

    void inputEvents(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t count) const {
        if (count == 0) {
            if (!need(p, v, offset, 1)) return;
            count = static_cast<std::uint32_t>(p.addUint(field(FastPathNumEvents2), v, offset, 1));
            ++offset;
        }
        for (std::uint32_t i = 0; i < count && !p.stopped(); ++i) {
            if (!need(p, v, offset, 1)) return;
            const InputEvent& event = kInputEvents[(v.u8(offset) >> 5) & 0x7];
            if (!event.name.empty()) {
                if (p.wantsColumns()) {
                    p.info() += ",";
                    p.info() += event.name;
                }
                // Wireshark adds the event's subtree over its whole size: past the PDU it is malformed.
                if (!need(p, v, offset, event.size)) return;
                p.addUint(field(FastPathEventHeader), v, offset, 1);
            }
            offset += event.size;
        }
    }

    void updates(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length) const {
        while (offset + 1 < length && !p.stopped()) {
            const std::uint8_t header = v.u8(offset);
            const bool compressed = (header >> 6) & 0x3;
            const std::uint32_t sizeAt = offset + 1 + (compressed ? 1 : 0);
            if (!need(p, v, sizeAt, 2)) return;
            const std::uint32_t recordSize = v.u16le(sizeAt);
            const std::uint32_t eventSize = 1 + (compressed ? 1 : 0) + recordSize;
            if (p.wantsColumns()) {
                p.info() += ",";
                p.info() += kUpdateNames[header & 0xF];
            }
            if (!need(p, v, offset, eventSize)) return;
            p.addUint(field(FastPathUpdateCode), v, offset, 1);
            p.addUint(field(FastPathFragmentation), v, offset, 1);
            p.addUint(field(FastPathCompression), v, offset, 1);
            p.addUintLe(field(FastPathServerSize), v, sizeAt, 2);
            offset = sizeAt + 2 + recordSize;
        }
    }

    // Wireshark's rdp_isServerAddressTarget: does the PDU go to the server the Connection
    // Request went to? (Unknown server: no.)
    bool serverIsDestination(Packet& p, const ByteView& v) const {
        (void)v;
        return p.remember<bool>(*this, 0, [&] {
            const NetworkAddresses& n = p.networkAddresses();
            for (const auto& [client, server] : p.state<RdpState>(*this).servers) {
                if (n.destination == server && n.source == client) return true;
            }
            return false;
        });
    }

    void rememberServer(Packet& p) const {
        auto& servers = p.state<RdpState>(*this).servers;
        const NetworkAddresses& n = p.networkAddresses();
        for (const auto& [client, server] : servers) {
            if (client == n.source && server == n.destination) return;
        }
        if (servers.size() >= kMaxServers) servers.erase(servers.begin());
        servers.emplace_back(n.source, n.destination);
    }

    bool need(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length) const {
        if (v.need(offset, length) == Availability::Available) return true;
        p.markUnavailable(*this, v, offset, length);
        return false;
    }

};

std::uint32_t connectionRequestHeuristic(const Dissector& self, Packet& p, const ByteView& v) {
    return static_cast<const RdpProtocol&>(self).connectionRequest(p, v);
}
std::uint32_t connectionConfirmHeuristic(const Dissector& self, Packet& p, const ByteView& v) {
    return static_cast<const RdpProtocol&>(self).connectionConfirm(p, v);
}
std::uint32_t fastPathHeuristic(const Dissector& self, Packet& p, const ByteView& v) {
    return static_cast<const RdpProtocol&>(self).fastPath(p, v);
}

}  // namespace

void registerRdp(Registry& r) {
    auto& rdp = r.addProtocol<RdpProtocol>(kRdpFields);
    r.onHandoff([&rdp](Registry& registry) {
        registry.addHeuristic("cotp_cr", rdp, "rdp_cr", connectionRequestHeuristic);
        registry.addHeuristic("cotp_cc", rdp, "rdp_cc", connectionConfirmHeuristic);
        registry.addHeuristic("tpkt", rdp, "rdp_fastpath", fastPathHeuristic);
    });
}

}  // namespace caplens::proto
