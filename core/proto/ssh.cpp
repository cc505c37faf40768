// ssh — the Secure Shell transport layer (RFC 4253) on TCP port 22, as far as it can be read
// without keys, in the manner of Wireshark 4.0's packet-ssh.c: the protocol version exchange,
// the binary packets of the key exchange (length, padding, message code, the algorithm lists
// of KEXINIT) and, once a side has sent NEWKEYS, its encrypted packets.
//
//   version  = "SSH-" protoversion "-" softwareversion [SP comments] CR LF
//   packet   = uint32 packet_length | byte padding_length | payload | padding | [MAC]
//   KEXINIT  = byte 20 | cookie[16] | 10 x name-list | boolean first_kex_packet_follows | uint32 0
//
// A capture that starts after the version exchange shows only encrypted packets, as
// Wireshark's does. Packets that span segments are reassembled by TCP.
#include <array>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/proto/protocols.hpp"
#include "core/proto/transport_endpoints.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kSshPort = 22;
// Wireshark's SSH_MAX_PACKET_LEN: a longer packet_length is nonsense before encryption.
constexpr std::uint32_t kMaxPacketLength = 32768;
constexpr std::uint32_t kPacketHeader = 5;  // packet_length + padding_length
constexpr std::uint32_t kCookieLength = 16;
constexpr std::uint8_t kMsgKexInit = 20;
constexpr std::uint8_t kMsgNewKeys = 21;
constexpr std::string_view kVersionPrefix = "SSH-";

constexpr ValueName kMessageCodes[] = {{1, "Disconnect"},
                                       {2, "Ignore"},
                                       {3, "Unimplemented"},
                                       {4, "Debug"},
                                       {5, "Service Request"},
                                       {6, "Service Accept"},
                                       {20, "Key Exchange Init"},
                                       {21, "New Keys"},
                                       {50, "User Authentication Request"},
                                       {51, "User Authentication Failure"},
                                       {52, "User Authentication Success"},
                                       {53, "User Authentication Banner"},
                                       {60, "Public Key algorithm accepted"},
                                       {80, "Global Request"},
                                       {81, "Request Success"},
                                       {82, "Request Failure"},
                                       {90, "Channel Open"},
                                       {91, "Channel Open Confirmation"},
                                       {92, "Channel Open Failure"},
                                       {93, "Window Adjust"},
                                       {94, "Channel Data"},
                                       {95, "Channel Extended Data"},
                                       {96, "Channel EOF"},
                                       {97, "Channel Close"},
                                       {98, "Channel Request"},
                                       {99, "Channel Success"},
                                       {100, "Channel Failure"}};
// Codes 30-49 belong to the key exchange method (RFC 4253 section 7, RFC 4419, RFC 5656).
constexpr ValueName kDiffieHellmanCodes[] = {{30, "Diffie-Hellman Key Exchange Init"},
                                             {31, "Diffie-Hellman Key Exchange Reply"}};
constexpr ValueName kGroupExchangeCodes[] = {{30, "Diffie-Hellman Group Exchange Request (Old)"},
                                             {31, "Diffie-Hellman Group Exchange Group"},
                                             {32, "Diffie-Hellman Group Exchange Init"},
                                             {33, "Diffie-Hellman Group Exchange Reply"},
                                             {34, "Diffie-Hellman Group Exchange Request"}};
constexpr ValueName kEllipticCurveCodes[] = {
    {30, "Elliptic Curve Diffie-Hellman Key Exchange Init"},
    {31, "Elliptic Curve Diffie-Hellman Key Exchange Reply"}};
constexpr ValueName kDirections[] = {{0, "client-to-server"}, {1, "server-to-client"}};

enum SshField : FieldIndex {
    Protocol,
    Direction,
    PacketLength,
    PacketLengthEncrypted,
    PaddingLength,
    MessageCode,
    Cookie,
    KexAlgorithmsLength,
    KexAlgorithms,
    HostKeyAlgorithmsLength,
    HostKeyAlgorithms,
    EncryptionC2sLength,
    EncryptionC2s,
    EncryptionS2cLength,
    EncryptionS2c,
    MacC2sLength,
    MacC2s,
    MacS2cLength,
    MacS2c,
    CompressionC2sLength,
    CompressionC2s,
    CompressionS2cLength,
    CompressionS2c,
    LanguagesC2sLength,
    LanguagesC2s,
    LanguagesS2cLength,
    LanguagesS2c,
    FirstKexPacketFollows,
    KexReserved,
    Payload,
    PaddingString,
    EncryptedPacket,
    kSshFieldCount
};

constexpr FieldDef kSshFields[] = {
    {Protocol, "ssh.protocol", "Protocol", FieldType::String},
    {Direction, "ssh.direction", "Direction", FieldType::Bool, Base::None, 0, kDirections,
     "Message direction"},
    {PacketLength, "ssh.packet_length", "Packet Length", FieldType::UInt32, Base::Dec},
    {PacketLengthEncrypted, "ssh.packet_length_encrypted", "Packet Length (encrypted)",
     FieldType::Bytes},
    {PaddingLength, "ssh.padding_length", "Padding Length", FieldType::UInt8, Base::Dec},
    {MessageCode, "ssh.message_code", "Message Code", FieldType::UInt8, Base::Dec, 0,
     kMessageCodes},
    {Cookie, "ssh.cookie", "Cookie", FieldType::Bytes},
    {KexAlgorithmsLength, "ssh.kex_algorithms_length", "kex_algorithms length", FieldType::UInt32,
     Base::Dec},
    {KexAlgorithms, "ssh.kex_algorithms", "kex_algorithms string", FieldType::String},
    {HostKeyAlgorithmsLength, "ssh.server_host_key_algorithms_length",
     "server_host_key_algorithms length", FieldType::UInt32, Base::Dec},
    {HostKeyAlgorithms, "ssh.server_host_key_algorithms", "server_host_key_algorithms string",
     FieldType::String},
    {EncryptionC2sLength, "ssh.encryption_algorithms_client_to_server_length",
     "encryption_algorithms_client_to_server length", FieldType::UInt32, Base::Dec},
    {EncryptionC2s, "ssh.encryption_algorithms_client_to_server",
     "encryption_algorithms_client_to_server string", FieldType::String},
    {EncryptionS2cLength, "ssh.encryption_algorithms_server_to_client_length",
     "encryption_algorithms_server_to_client length", FieldType::UInt32, Base::Dec},
    {EncryptionS2c, "ssh.encryption_algorithms_server_to_client",
     "encryption_algorithms_server_to_client string", FieldType::String},
    {MacC2sLength, "ssh.mac_algorithms_client_to_server_length",
     "mac_algorithms_client_to_server length", FieldType::UInt32, Base::Dec},
    {MacC2s, "ssh.mac_algorithms_client_to_server", "mac_algorithms_client_to_server string",
     FieldType::String},
    {MacS2cLength, "ssh.mac_algorithms_server_to_client_length",
     "mac_algorithms_server_to_client length", FieldType::UInt32, Base::Dec},
    {MacS2c, "ssh.mac_algorithms_server_to_client", "mac_algorithms_server_to_client string",
     FieldType::String},
    {CompressionC2sLength, "ssh.compression_algorithms_client_to_server_length",
     "compression_algorithms_client_to_server length", FieldType::UInt32, Base::Dec},
    {CompressionC2s, "ssh.compression_algorithms_client_to_server",
     "compression_algorithms_client_to_server string", FieldType::String},
    {CompressionS2cLength, "ssh.compression_algorithms_server_to_client_length",
     "compression_algorithms_server_to_client length", FieldType::UInt32, Base::Dec},
    {CompressionS2c, "ssh.compression_algorithms_server_to_client",
     "compression_algorithms_server_to_client string", FieldType::String},
    {LanguagesC2sLength, "ssh.languages_client_to_server_length",
     "languages_client_to_server length", FieldType::UInt32, Base::Dec},
    {LanguagesC2s, "ssh.languages_client_to_server", "languages_client_to_server string",
     FieldType::String},
    {LanguagesS2cLength, "ssh.languages_server_to_client_length",
     "languages_server_to_client length", FieldType::UInt32, Base::Dec},
    {LanguagesS2c, "ssh.languages_server_to_client", "languages_server_to_client string",
     FieldType::String},
    {FirstKexPacketFollows, "ssh.first_kex_packet_follows", "First KEX Packet Follows",
     FieldType::UInt8, Base::Dec},
    {KexReserved, "ssh.kex.reserved", "Reserved", FieldType::Bytes},
    {Payload, "ssh.payload", "Payload", FieldType::Bytes},
    {PaddingString, "ssh.padding_string", "Padding String", FieldType::Bytes},
    {EncryptedPacket, "ssh.encrypted_packet", "Encrypted Packet", FieldType::Bytes},
};
static_assert(std::size(kSshFields) == kSshFieldCount);

enum SshExpert : std::uint16_t { OverlyLargeLength, kSshExpertCount };
constexpr ExpertDef kSshExperts[] = {
    {OverlyLargeLength, "ssh.packet_length.error", ExpertSeverity::Warning, ExpertGroup::Protocol,
     "Overly large number"},
};
static_assert(std::size(kSshExperts) == kSshExpertCount);

// The ten name-lists of KEXINIT in wire order: (length field, string field).
constexpr std::array<std::pair<SshField, SshField>, 10> kNameLists = {
    {{KexAlgorithmsLength, KexAlgorithms},
     {HostKeyAlgorithmsLength, HostKeyAlgorithms},
     {EncryptionC2sLength, EncryptionC2s},
     {EncryptionS2cLength, EncryptionS2c},
     {MacC2sLength, MacC2s},
     {MacS2cLength, MacS2c},
     {CompressionC2sLength, CompressionC2s},
     {CompressionS2cLength, CompressionS2c},
     {LanguagesC2sLength, LanguagesC2s},
     {LanguagesS2cLength, LanguagesS2c}}};

enum class KexMethod : std::uint8_t { Unknown, DiffieHellman, GroupExchange, EllipticCurve };

// The names of the key exchange method's own message codes.
std::span<const ValueName> kexCodeNames(KexMethod method) {
    switch (method) {
        case KexMethod::DiffieHellman:
            return kDiffieHellmanCodes;
        case KexMethod::GroupExchange:
            return kGroupExchangeCodes;
        case KexMethod::EllipticCurve:
            return kEllipticCurveCodes;
        case KexMethod::Unknown:
            break;
    }
    return {};
}

KexMethod methodOf(std::string_view algorithm) {
    if (algorithm.starts_with("diffie-hellman-group-exchange-")) return KexMethod::GroupExchange;
    if (algorithm.starts_with("diffie-hellman-group")) return KexMethod::DiffieHellman;
    if (algorithm.starts_with("ecdh-sha2-") || algorithm.starts_with("curve25519-") ||
        algorithm.starts_with("curve448-")) {
        return KexMethod::EllipticCurve;
    }
    return KexMethod::Unknown;
}

// RFC 4253 section 7.1: the first of the client's algorithms that the server also offers.
KexMethod negotiate(std::string_view client, std::string_view server) {
    std::size_t at = 0;
    while (at <= client.size()) {
        const std::size_t comma = std::min(client.find(',', at), client.size());
        const std::string_view candidate = client.substr(at, comma - at);
        std::size_t s = 0;
        while (s <= server.size()) {
            const std::size_t end = std::min(server.find(',', s), server.size());
            if (!candidate.empty() && server.substr(s, end - s) == candidate)
                return methodOf(candidate);
            s = end + 1;
        }
        at = comma + 1;
    }
    return KexMethod::Unknown;
}

// ---- per-connection state ----

struct SshSide {
    bool versionSeen = false;   // its version line was seen: binary packets follow
    bool newKeysSeen = false;   // it sent NEWKEYS: everything after is encrypted
    std::string kexAlgorithms;  // its KEXINIT's kex_algorithms, until both sides' are known
};

struct SshConversation {
    std::array<SshSide, 2> sides;  // 0: client, 1: server
    KexMethod kex = KexMethod::Unknown;
};

class SshState final : public ProtocolState {
  public:
    std::unordered_map<ConnectionKey, SshConversation, ConnectionKeyHash> conversations;
    SshConversation unkeyed;
};

class SshProtocol final : public Dissector {
  public:
    SshProtocol() : Dissector({"ssh", "SSH", "SSH Protocol"}) {}

    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override {
        return std::make_unique<SshState>();
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const TransportEndpoints endpoints = tcpEndpoints(p);
        auto& state = p.state<SshState>(*this);
        SshConversation& conv =
            endpoints.valid ? state.conversations[connectionKey(endpoints)] : state.unkeyed;
        p.rememberState(*this, 0, conv);
        const bool fromServer = endpoints.valid && endpoints.sourcePort == kSshPort;
        Call c{p, conv, conv.sides[fromServer ? 1 : 0], fromServer, false, {}};
        std::uint32_t offset = 0;
        while (offset < view.reported() && !p.stopped()) {
            const std::int64_t used = dissectNext(c, view, offset);
            if (used <= 0) break;
            offset += static_cast<std::uint32_t>(used);
        }
        if (!c.begun) return view.reported();  // all of it waits for the next segment
        p.addGenerated(field(Direction), FieldValue::ofUnsigned(fromServer ? 1 : 0));
        if (p.wantsColumns()) p.info() = std::string(fromServer ? "Server: " : "Client: ") + c.info;
        return view.reported();
    }

  private:
    struct Call {
        Packet& p;
        SshConversation& conv;
        SshSide& side;
        bool fromServer;
        bool begun;        // the protocol's item was added (not before TCP was asked for more)
        std::string info;  // the messages, joined with ", "
    };

    // The protocol's item, added once something of the bytes is shown: a frame whose bytes all
    // wait for the next segment shows no SSH, as in Wireshark.
    void begin(Call& c, const ByteView& view) const {
        if (c.begun) return;
        c.begun = true;
        c.p.beginProtocol(*this, view, view.reported());
    }

    static void appendInfo(Call& c, std::string_view text) {
        if (!c.p.wantsColumns()) return;
        if (!c.info.empty()) c.info += ", ";
        c.info += text;
    }

    // Dissects what starts at `offset`; returns the bytes taken, or 0 when TCP was asked for more.
    std::int64_t dissectNext(Call& c, const ByteView& view, std::uint32_t offset) const {
        if (c.side.newKeysSeen) return dissectEncrypted(c, view, offset);
        if (!c.side.versionSeen) {
            // Without the version line first, the capture began mid-connection (or it is not SSH).
            if (view.text(offset, kVersionPrefix.size()) != kVersionPrefix)
                return dissectEncrypted(c, view, offset);
            return dissectVersion(c, view, offset);
        }
        return dissectPacket(c, view, offset);
    }

    // The version line. A line without its LF is taken as it is: TCP here hands back only one
    // more byte for "one more segment", and Wireshark 4.0 does not piece such a line together
    // either.
    std::int64_t dissectVersion(Call& c, const ByteView& view, std::uint32_t offset) const {
        const std::int64_t lf = view.find('\n', offset);
        begin(c, view);
        const std::uint32_t end = lf < 0 ? view.captured() : static_cast<std::uint32_t>(lf) + 1;
        std::uint32_t length = end - offset;
        while (length > 0 &&
               (view.u8(offset + length - 1) == '\n' || view.u8(offset + length - 1) == '\r'))
            --length;
        const std::string_view version = view.text(offset, length);
        c.p.addText(field(Protocol), view, offset, length, version);
        c.side.versionSeen = true;
        appendInfo(c, "Protocol (" + std::string(version) + ")");
        return lf < 0 ? view.reported() - offset : end - offset;
    }

    // One binary packet of the key exchange (before NEWKEYS: no MAC, nothing encrypted).
    std::int64_t dissectPacket(Call& c, const ByteView& view, std::uint32_t offset) const {
        Packet& p = c.p;
        const std::uint32_t remaining = view.reported() - offset;
        if (!view.has(offset, kPacketHeader)) {
            if (p.canDesegment()) {
                p.requestDesegment(offset, Packet::kOneMoreSegment);
                return 0;
            }
            begin(c, view);
            p.markUnavailable(*this, view, offset, kPacketHeader);
            return 0;
        }
        const std::uint32_t packetLength = view.u32(offset);
        if (packetLength < kMaxPacketLength && packetLength + 4 > remaining && p.canDesegment()) {
            p.requestDesegment(offset, packetLength + 4 - remaining);
            return 0;
        }
        begin(c, view);
        if (packetLength >= kMaxPacketLength) {
            // Nonsense: Wireshark flags the length and takes the rest of the bytes as the packet.
            p.add(field(PacketLength), view, offset, 4, FieldValue::ofUnsigned(packetLength));
            p.addExpert(expert(OverlyLargeLength));
            appendInfo(c, "Encrypted packet (len=" + std::to_string(remaining) + ")");
            return remaining;
        }
        const std::uint32_t total = packetLength + 4;
        const ByteView packet = view.sub(offset, total);
        p.add(field(PacketLength), packet, 0, 4, FieldValue::ofUnsigned(packetLength));
        const std::uint8_t paddingLength =
            static_cast<std::uint8_t>(p.addUint(field(PaddingLength), packet, 4, 1));
        if (packetLength < 1u + paddingLength + 1u) {
            p.markMalformed(*this);
            return 0;
        }
        const std::uint32_t payloadEnd = total - paddingLength;
        dissectMessage(c, packet, kPacketHeader, payloadEnd);
        if (p.stopped()) return 0;
        p.addBytes(field(PaddingString), packet, payloadEnd, paddingLength);
        return total;
    }

    void dissectMessage(Call& c, const ByteView& packet, std::uint32_t start,
                        std::uint32_t end) const {
        Packet& p = c.p;
        if (packet.need(start, 1) != Availability::Available) {
            p.markUnavailable(*this, packet, start, 1);
            return;
        }
        const std::uint8_t code = packet.u8(start);
        const ItemRef item =
            p.add(field(MessageCode), packet, start, 1, FieldValue::ofUnsigned(code));
        const std::string name = messageName(c.conv.kex, code);
        if (p.buildsTree())
            p.setText(item, "Message Code: " + name + " (" + std::to_string(code) + ")");
        appendInfo(c, name);
        if (code == kMsgKexInit) {
            dissectKexInit(c, packet, start + 1, end);
        } else if (code == kMsgNewKeys) {
            c.side.newKeysSeen = true;
        } else if (end > start + 1) {
            p.addBytes(field(Payload), packet, start + 1, end - start - 1);
        }
    }

    static std::string messageName(KexMethod kex, std::uint8_t code) {
        const std::span<const ValueName> names =
            code >= 30 && code <= 49 ? kexCodeNames(kex) : kMessageCodes;
        for (const ValueName& n : names) {
            if (n.value == code) return std::string(n.name);
        }
        return "Unknown (" + std::to_string(code) + ")";
    }

    void dissectKexInit(Call& c, const ByteView& packet, std::uint32_t at,
                        std::uint32_t end) const {
        Packet& p = c.p;
        if (at + kCookieLength > end || packet.need(at, kCookieLength) != Availability::Available) {
            p.markUnavailable(*this, packet, at, kCookieLength);
            return;
        }
        p.addBytes(field(Cookie), packet, at, kCookieLength);
        at += kCookieLength;
        for (const auto& [lengthField, textField] : kNameLists) {
            if (at + 4 > end || !packet.has(at, 4)) {
                p.markUnavailable(*this, packet, at, 4);
                return;
            }
            const std::uint32_t length = packet.u32(at);
            if (length > end - at - 4 || !packet.has(at + 4, length)) {
                p.add(field(lengthField), packet, at, 4, FieldValue::ofUnsigned(length));
                p.markUnavailable(*this, packet, at + 4, length);
                return;
            }
            p.add(field(lengthField), packet, at, 4, FieldValue::ofUnsigned(length));
            const std::string_view names = packet.text(at + 4, length);
            p.addText(field(textField), packet, at + 4, length, names);
            if (textField == KexAlgorithms) c.side.kexAlgorithms.assign(names);
            at += 4 + length;
        }
        if (at + 5 <= end) {
            p.addUint(field(FirstKexPacketFollows), packet, at, 1);
            p.addBytes(field(KexReserved), packet, at + 1, 4);
        }
        const SshSide& client = c.conv.sides[0];
        const SshSide& server = c.conv.sides[1];
        if (!client.kexAlgorithms.empty() && !server.kexAlgorithms.empty()) {
            c.conv.kex = negotiate(client.kexAlgorithms, server.kexAlgorithms);
        }
    }

    // The rest of the bytes as one encrypted packet: without the keys nothing in it can be read,
    // not even its length.
    std::int64_t dissectEncrypted(Call& c, const ByteView& view, std::uint32_t offset) const {
        begin(c, view);
        const std::uint32_t length = view.reported() - offset;
        if (length >= 4) {
            c.p.addBytes(field(PacketLengthEncrypted), view, offset, 4);
            c.p.addBytes(field(EncryptedPacket), view, offset + 4, length - 4);
        } else {
            c.p.addBytes(field(EncryptedPacket), view, offset, length);
        }
        appendInfo(c, "Encrypted packet (len=" + std::to_string(length) + ")");
        return length;
    }
};

}  // namespace

void registerSsh(Registry& r) {
    auto& ssh = r.addProtocol<SshProtocol>(kSshFields);
    r.addExperts(ssh, kSshExperts);
    r.onHandoff([&ssh](Registry& registry) { registry.table("tcp.port").add(kSshPort, ssh); });
}

}  // namespace caplens::proto
