// bittorrent — the BitTorrent peer wire protocol (BEP 3, fast extension BEP 6, extension
// protocol BEP 10) over TCP: a handshake, then length-prefixed messages, one protocol level each
// (Wireshark's tcp_dissect_pdus). Reached on TCP ports 6881-6889 and by the "bittorrent_tcp"
// heuristic (a handshake), which claims the rest of the conversation.
//
//   handshake: 19 | "BitTorrent protocol" | reserved(8) | info_hash(20) | peer_id(20)
//   message:   length(4) | type(1) | payload(length - 1)          (length 0: keep-alive)
//   extended:  ... | 20 | extended id(1) | id 0: bencoded handshake dictionary
#include <cstdio>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"
#include "core/proto/tcp_pdus.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 4;
constexpr std::uint32_t kHandshakeLength = 1 + 19 + 8 + 20 + 20;
constexpr std::string_view kProtocolName = "BitTorrent protocol";
constexpr std::uint32_t kMaxMessageLength = 0x1000000;

enum MessageType : std::uint16_t {
    Choke = 0, Unchoke = 1, Interested = 2, NotInterested = 3, Have = 4, Bitfield = 5, Request = 6,
    Piece = 7, Cancel = 8, Port = 9, SuggestPiece = 13, HaveAll = 14, HaveNone = 15, RejectRequest = 16,
    AllowedFast = 17, Extended = 20, AzHandshake = 256, KeepAlive = 257, AzBtHandshake = 258,
    AzPeerExchange = 259, JpcHello = 260, JpcReply = 261,
};

constexpr ValueName kMessageTypes[] = {
    {Choke, "Choke"},
    {Unchoke, "Unchoke"},
    {Interested, "Interested"},
    {NotInterested, "Not Interested"},
    {Have, "Have"},
    {Bitfield, "Bitfield"},
    {Request, "Request"},
    {Piece, "Piece"},
    {Cancel, "Cancel"},
    {Port, "Port"},
    {SuggestPiece, "Suggest Piece"},
    {HaveAll, "Have All"},
    {HaveNone, "Have None"},
    {RejectRequest, "Reject Request"},
    {AllowedFast, "Allowed Fast"},
    {Extended, "Extended"},
    {KeepAlive, "Keepalive"},
    {AzHandshake, "Azureus Handshake"},
    {AzBtHandshake, "Azureus BitTorrent Handshake"},
    {AzPeerExchange, "Azureus Peer Exchange"},
    {JpcHello, "Azureus PeerCache Hello"},
    {JpcReply, "Azureus PeerCache Reply"},
};
constexpr ValueName kPriorities[] = {{0, "Low"}, {1, "Normal"}, {2, "High"}};

// Azureus Messaging Protocol names, carried in what looks like a Choke with a payload.
struct AmpMessage {
    std::string_view name;
    std::uint16_t type;
};
constexpr AmpMessage kAmpMessages[] = {
    {"BT_KEEP_ALIVE", KeepAlive},     {"BT_CHOKE", Choke},         {"BT_UNCHOKE", Unchoke},
    {"BT_INTERESTED", Interested},    {"BT_UNINTERESTED", NotInterested}, {"BT_HAVE", Have},
    {"BT_BITFIELD", Bitfield},        {"BT_REQUEST", Request},     {"BT_PIECE", Piece},
    {"BT_CANCEL", Cancel},            {"BT_PORT", Port},           {"BT_EXTENDED", Extended},
    {"AZ_HANDSHAKE", AzHandshake},    {"BT_HANDSHAKE", AzBtHandshake}, {"AZ_PEER_EXCHANGE", AzPeerExchange},
    {"JPC_HELLO", JpcHello},          {"JPC_REPLY", JpcReply},
};

enum BittorrentField : FieldIndex {
    ProtNameLen, ProtName, Reserved, InfoHash, PeerId, Msg, MsgLength, MsgType, AzureusMsg, MsgTypeLen,
    MsgAzType, MsgPrio, Bitfield_, PieceIndex, PieceBegin, PieceData, PieceLength, JpcAddrLength, JpcAddr,
    JpcPort, JpcSession, Port_, ExtendedId, Extended_, ContinuousData, kBittorrentFieldCount
};

constexpr FieldDef kBittorrentFields[] = {
    {ProtNameLen, "bittorrent.protocol.name.length", "Protocol Name Length", FieldType::UInt8, Base::Dec},
    {ProtName, "bittorrent.protocol.name", "Protocol Name", FieldType::String},
    {Reserved, "bittorrent.reserved", "Reserved Extension Bytes", FieldType::Bytes},
    {InfoHash, "bittorrent.info_hash", "SHA1 Hash of info dictionary", FieldType::Bytes},
    {PeerId, "bittorrent.peer_id", "Peer ID", FieldType::Bytes},
    {Msg, "bittorrent.msg", "Message", FieldType::None},
    {MsgLength, "bittorrent.msg.length", "Message Length", FieldType::UInt32, Base::Dec},
    {MsgType, "bittorrent.msg.type", "Message Type", FieldType::UInt8, Base::Dec, 0, kMessageTypes},
    {AzureusMsg, "bittorrent.azureus_msg", "Azureus Message", FieldType::None},
    {MsgTypeLen, "bittorrent.msg.typelen", "Message Type Length", FieldType::UInt32, Base::Dec},
    {MsgAzType, "bittorrent.msg.aztype", "Message Type", FieldType::String},
    {MsgPrio, "bittorrent.msg.prio", "Message Priority", FieldType::UInt8, Base::Dec, 0, kPriorities},
    {Bitfield_, "bittorrent.msg.bitfield", "Bitfield data", FieldType::Bytes},
    {PieceIndex, "bittorrent.piece.index", "Piece index", FieldType::UInt32, Base::Hex},
    {PieceBegin, "bittorrent.piece.begin", "Begin offset of piece", FieldType::UInt32, Base::Hex},
    {PieceData, "bittorrent.piece.data", "Data in a piece", FieldType::Bytes},
    {PieceLength, "bittorrent.piece.length", "Piece Length", FieldType::UInt32, Base::Hex},
    {JpcAddrLength, "bittorrent.jpc.addr.length", "Cache Address Length", FieldType::UInt32, Base::Dec},
    {JpcAddr, "bittorrent.jpc.addr", "Cache Address", FieldType::String},
    {JpcPort, "bittorrent.jpc.port", "Port", FieldType::UInt32, Base::Dec},
    {JpcSession, "bittorrent.jpc.session", "Session ID", FieldType::UInt32, Base::Hex},
    {Port_, "bittorrent.port", "Port", FieldType::UInt16, Base::Dec},
    {ExtendedId, "bittorrent.extended.id", "Extended Message ID", FieldType::UInt8, Base::Dec},
    {Extended_, "bittorrent.extended", "Extended Message", FieldType::Bytes},
    {ContinuousData, "bittorrent.continuous_data", "Extended Message", FieldType::Bytes},
};
static_assert(std::size(kBittorrentFields) == kBittorrentFieldCount);

[[nodiscard]] bool isHandshake(const ByteView& v) {
    return v.u8(0) == 19 && v.has(1, 19) && v.text(1, 19) == kProtocolName;
}

[[nodiscard]] bool knownType(std::uint8_t type) {
    return type <= Port || (type >= SuggestPiece && type <= AllowedFast) || type == Extended;
}

// Wireshark's get_bittorrent_pdu_length: a handshake, a message of a known type, or else the
// rest of the bytes as continuation data from the middle of a message.
std::uint32_t pduLength(const ByteView& v) {
    if (isHandshake(v)) return kHandshakeLength;
    const std::uint32_t length = v.u32(0);
    if (length == 0) return kHeaderLength;  // keep-alive
    if (v.has(kHeaderLength, 1) && knownType(v.u8(kHeaderLength)) && length < kMaxMessageLength) {
        return kHeaderLength + length;
    }
    return v.reported();
}

class BittorrentProtocol final : public Dissector {
public:
    BittorrentProtocol() : Dissector({"bittorrent", "BitTorrent", "BitTorrent"}) {}

    void connect(const Dissector* bencode) { m_bencode = bencode; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        return dissectPdus(p, view, kHeaderLength, pduLength,
                           [this](Packet& packet, const ByteView& pdu) { dissectPdu(packet, pdu); });
    }

    // A handshake starts a BitTorrent conversation whatever its ports.
    std::uint32_t heuristic(Packet& p, const ByteView& view) const {
        if (view.captured() < 20 || !isHandshake(view)) return 0;
        p.setConversationDissector(*this);
        return dissect(p, view);
    }

private:
    void dissectPdu(Packet& p, const ByteView& v) const {
        p.beginProtocol(*this, v, v.reported());
        // Each message's text follows the previous one's (Wireshark's column fence).
        if (p.wantsColumns() && !endsWith(p.info(), "  ")) p.info().clear();
        const std::size_t infoStart = p.wantsColumns() ? p.info().size() : 0;
        if (isHandshake(v)) {
            handshake(p, v);
        } else if (p.wantsColumns()) {
            p.info() += "BitTorrent ";
            message(p, v, infoStart);
        } else {
            message(p, v, infoStart);
        }
        if (p.wantsColumns()) p.info() += "  ";
    }

    void handshake(Packet& p, const ByteView& v) const {
        if (p.wantsColumns()) p.info() += "Handshake";
        if (!need(p, v, 0, kHandshakeLength)) return;
        p.addUint(field(ProtNameLen), v, 0, 1);
        if (p.wants(field(ProtName))) p.addText(field(ProtName), v, 1, 19, v.text(1, 19));
        p.addBytes(field(Reserved), v, 20, 8);
        p.addBytes(field(InfoHash), v, 28, 20);
        p.addBytes(field(PeerId), v, 48, 20);
    }

    // Wireshark's dissect_bittorrent_message.
    void message(Packet& p, const ByteView& v, std::size_t infoStart) const {
        if (!v.has(kHeaderLength, 1)) return;  // not even the type: nothing to show
        std::uint32_t length = v.u32(0);
        std::uint16_t type = v.u8(kHeaderLength);
        std::uint32_t typeLength = 0;
        bool azureus = false;
        if (type == Choke && length > 4) {
            // A Choke has no payload: this is likely the Azureus Messaging Protocol.
            if (!v.has(kHeaderLength, 4)) return;
            typeLength = v.u32(kHeaderLength);
            if (typeLength <= length && 4 + typeLength + 1 <= length) {
                if (!v.has(kHeaderLength + 4, typeLength + 1)) return;
                const std::string_view name = v.text(kHeaderLength + 4, typeLength);
                for (const auto& amp : kAmpMessages) {
                    if (amp.name != name) continue;
                    if (v.u8(kHeaderLength + 4 + typeLength) <= 2) {
                        type = amp.type;
                        azureus = true;
                    }
                    break;
                }
            }
        }
        const std::string_view typeName = nameOf(kMessageTypes, type);
        if (typeName.empty()) {
            p.addBytes(field(ContinuousData), v, 0, v.captured());
            setInfo(p, infoStart, "Continuation data");
            return;
        }
        const ItemRef item = p.add(field(azureus ? AzureusMsg : Msg), v, 0, length + kHeaderLength, {});
        p.push(item);
        p.addUint(field(MsgLength), v, 0, 4);
        if (length == 0) {
            setInfo(p, infoStart, "KeepAlive");
            p.pop();
            return;
        }
        std::uint32_t offset = kHeaderLength;
        std::string label;
        if (azureus) {
            p.addUint(field(MsgTypeLen), v, offset, 4);
            if (p.wants(field(MsgAzType))) p.addText(field(MsgAzType), v, offset + 4, typeLength, v.text(offset + 4, typeLength));
            p.addUint(field(MsgPrio), v, offset + 4 + typeLength, 1);
            if (p.buildsTree()) label = "Azureus Message: Len " + std::to_string(length) + ", " + std::string(typeName);
            offset += 4 + typeLength + 1;
            length -= 4 + typeLength + 1;
        } else {
            p.addUint(field(MsgType), v, offset, 1);
            if (p.buildsTree()) label = "Message: Len:" + std::to_string(length) + ", " + std::string(typeName);
            offset += 1;
            length -= 1;
        }
        setInfo(p, infoStart, typeName);
        std::string detail;
        payload(p, v, type, offset, length, item, detail);
        if (p.wantsColumns()) p.info() += detail;
        if (p.buildsTree()) p.setText(item, label + detail);
        p.pop();
    }

    void payload(Packet& p, const ByteView& v, std::uint16_t type, std::uint32_t offset, std::uint32_t length,
                 ItemRef item, std::string& detail) const {
        const bool text = p.wantsColumns() || p.buildsTree();
        char buffer[96];
        switch (type) {
            case Request:
            case Cancel:
            case RejectRequest: {
                if (!need(p, v, offset, 12)) return;
                const auto index = p.addUint(field(PieceIndex), v, offset, 4);
                const auto begin = p.addUint(field(PieceBegin), v, offset + 4, 4);
                const auto pieceLength = p.addUint(field(PieceLength), v, offset + 8, 4);
                if (text) {
                    std::snprintf(buffer, sizeof buffer, ", Piece (Idx:0x%x,Begin:0x%x,Len:0x%x)", static_cast<unsigned>(index),
                                  static_cast<unsigned>(begin), static_cast<unsigned>(pieceLength));
                    detail = buffer;
                }
                return;
            }
            case Port:
                if (need(p, v, offset, 2)) p.addUint(field(Port_), v, offset, 2);
                return;
            case Extended: extended(p, v, offset, length, item); return;
            case Have:
            case SuggestPiece:
            case AllowedFast: {
                if (!need(p, v, offset, 4)) return;
                const auto index = p.addUint(field(PieceIndex), v, offset, 4);
                if (text) {
                    std::snprintf(buffer, sizeof buffer, ", Piece (Idx:0x%x)", static_cast<unsigned>(index));
                    detail = buffer;
                }
                return;
            }
            case Bitfield:
                if (!need(p, v, offset, length)) return;
                p.addBytes(field(Bitfield_), v, offset, length);
                if (text) {
                    std::snprintf(buffer, sizeof buffer, ", Len:0x%x", length);
                    detail = buffer;
                }
                return;
            case Piece: {
                if (!need(p, v, offset, 8)) return;
                const auto index = p.addUint(field(PieceIndex), v, offset, 4);
                const auto begin = p.addUint(field(PieceBegin), v, offset + 4, 4);
                const std::uint32_t dataLength = length >= 8 ? length - 8 : 0;
                if (!need(p, v, offset + 8, dataLength)) return;
                p.addBytes(field(PieceData), v, offset + 8, dataLength);
                if (text) {
                    std::snprintf(buffer, sizeof buffer, ", Idx:0x%x,Begin:0x%x,Len:0x%x", static_cast<unsigned>(index),
                                  static_cast<unsigned>(begin), dataLength);
                    detail = buffer;
                }
                return;
            }
            case AzHandshake:
            case AzPeerExchange: bencoded(p, v.sub(offset, length), item); return;
            case JpcHello: {
                if (!need(p, v, offset, 4)) return;
                const std::uint32_t addressLength = static_cast<std::uint32_t>(p.addUint(field(JpcAddrLength), v, offset, 4));
                if (!need(p, v, offset + 4, addressLength) || !need(p, v, offset + 4 + addressLength, 8)) return;
                if (p.wants(field(JpcAddr))) p.addText(field(JpcAddr), v, offset + 4, addressLength, v.text(offset + 4, addressLength));
                p.addUint(field(JpcPort), v, offset + 4 + addressLength, 4);
                p.addUint(field(JpcSession), v, offset + 8 + addressLength, 4);
                return;
            }
            case JpcReply:
                if (need(p, v, offset, 4)) p.addUint(field(JpcSession), v, offset, 4);
                return;
            default: return;
        }
    }

    // BEP 10: extended message 0 is the extension handshake, a bencoded dictionary.
    void extended(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length, ItemRef item) const {
        if (length == 0 || !need(p, v, offset, 1)) return;
        const std::uint8_t id = static_cast<std::uint8_t>(p.addUint(field(ExtendedId), v, offset, 1));
        if (id == 0) {
            bencoded(p, v.sub(offset + 1, length - 1), item);
        } else {
            if (!need(p, v, offset + 1, length - 1)) return;
            p.addBytes(field(Extended_), v, offset + 1, length - 1);
        }
    }

    void bencoded(Packet& p, const ByteView& data, ItemRef item) const {
        if (m_bencode == nullptr || p.stopped()) return;
        // Bencode adds no item of its own: its values show inside the message.
        (void)item;
        p.call(*m_bencode, data);
    }

    bool need(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length) const {
        if (v.need(offset, length) == Availability::Available) return true;
        p.markUnavailable(*this, v, offset, length);
        return false;
    }

    static void setInfo(Packet& p, std::size_t infoStart, std::string_view text) {
        if (!p.wantsColumns()) return;
        p.info().resize(infoStart);
        p.info() += text;
    }

    static bool endsWith(const std::string& s, std::string_view suffix) {
        return s.size() >= suffix.size() && std::string_view(s).substr(s.size() - suffix.size()) == suffix;
    }

    const Dissector* m_bencode = nullptr;
};

std::uint32_t bittorrentHeuristic(const Dissector& self, Packet& p, const ByteView& view) {
    return static_cast<const BittorrentProtocol&>(self).heuristic(p, view);
}

}  // namespace

void registerBittorrent(Registry& r) {
    auto& bittorrent = r.addProtocol<BittorrentProtocol>(kBittorrentFields);
    r.onHandoff([&bittorrent](Registry& registry) {
        bittorrent.connect(registry.findProtocol("bencode"));
        for (std::uint32_t port = 6881; port <= 6889; ++port) registry.table("tcp.port").add(port, bittorrent);
        registry.addHeuristic("tcp", bittorrent, "bittorrent_tcp", bittorrentHeuristic);
    });
}

}  // namespace caplens::proto
