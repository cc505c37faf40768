// smb2 — Server Message Block version 2 and 3 ([MS-SMB2]), found by the "netbios" heuristic
// ("\xfeSMB"; "\xfdSMB" is an encrypted transform header, "\xfcSMB" a compressed one). Chained
// (compounded) commands follow at NextCommand offsets: one "smb2" level each, as Wireshark.
//
//   header (64 bytes, little-endian): ProtocolId | StructureSize=64 | CreditCharge | Status |
//   Command | Credits | Flags | NextCommand | MessageId(8) | Reserved/ProcessId | TreeId
//   (async: AsyncId(8)) | SessionId(8) | Signature(16)         then the command's body
#include <cstdio>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/proto/names.hpp"
#include "core/proto/netbios_common.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 64;
constexpr std::uint32_t kFlagResponse = 0x1;
constexpr std::uint32_t kFlagAsync = 0x2;
constexpr std::uint64_t kNotificationMessageId = 0xFFFFFFFFFFFFFFFFull;
constexpr int kMaxChain = 64;
constexpr std::size_t kMaxRememberedNames = 4096;

enum Command : std::uint16_t {
    Negotiate = 0, SessionSetup = 1, SessionLogoff = 2, TreeConnect = 3, TreeDisconnect = 4, Create = 5,
    Close = 6, Flush = 7, Read = 8, Write = 9, Lock = 10, Ioctl = 11, Cancel = 12, KeepAlive = 13, Find = 14,
    Notify = 15, GetInfo = 16, SetInfo = 17, Break = 18,
};

constexpr ValueName kCommands[] = {
    {Negotiate, "Negotiate Protocol"}, {SessionSetup, "Session Setup"}, {SessionLogoff, "Session Logoff"},
    {TreeConnect, "Tree Connect"},     {TreeDisconnect, "Tree Disconnect"}, {Create, "Create"},
    {Close, "Close"},                  {Flush, "Flush"},                 {Read, "Read"},
    {Write, "Write"},                  {Lock, "Lock"},                   {Ioctl, "Ioctl"},
    {Cancel, "Cancel"},                {KeepAlive, "KeepAlive"},         {Find, "Find"},
    {Notify, "Notify"},                {GetInfo, "GetInfo"},             {SetInfo, "SetInfo"},
    {Break, "Break"},
};
constexpr ValueName kShareTypes[] = {{1, "Physical disk"}, {2, "Named pipe"}, {3, "Printer"}};
constexpr ValueName kDialects[] = {{0x202, "SMB 2.0.2"}, {0x210, "SMB 2.1"}, {0x2ff, "SMB2 wildcard"},
                                   {0x222, "SMB 2.2.2 (deprecated; should be 3.0)"},
                                   {0x224, "SMB 2.2.4 (deprecated; should be 3.0)"}, {0x300, "SMB 3.0"},
                                   {0x302, "SMB 3.0.2"}, {0x310, "SMB 3.1.0 (deprecated; should be 3.1.1)"},
                                   {0x311, "SMB 3.1.1"}};
constexpr ValueName kDispositions[] = {{0, "Supersede (supersede existing file (if it exists))"},
                                       {1, "Open (if file exists open it, else fail)"},
                                       {2, "Create (if file exists fail, else create it)"},
                                       {3, "Open If (if file exists open it, else create it)"},
                                       {4, "Overwrite (if file exists overwrite, else fail)"},
                                       {5, "Overwrite If (if file exists overwrite, else create it)"}};
constexpr ValueName kResponseNames[] = {{0, "This is a REQUEST"}, {1, "This is a RESPONSE"}};
constexpr ValueName kAsyncNames[] = {{0, "This is a SYNC command"}, {1, "This is an ASYNC command"}};
constexpr ValueName kChainedNames[] = {{0, "This pdu is NOT a chained command"}, {1, "This pdu is a CHAINED command"}};
constexpr ValueName kSignedNames[] = {{0, "This pdu is NOT signed"}, {1, "This pdu is SIGNED"}};
constexpr ValueName kDfsNames[] = {{0, "This is a normal operation"}, {1, "This is a DFS OPERATION"}};
constexpr ValueName kReplayNames[] = {{0, "This is a normal operation"}, {1, "This is a REPLAY OPERATION"}};

enum Smb2Field : FieldIndex {
    ProtocolId, HeaderLen, CreditCharge, NtStatus, Cmd, CreditsRequested, CreditsGranted, Flags, FlagResponse,
    FlagAsync, FlagChained, FlagSigned, FlagPriority, FlagDfs, FlagReplay, ChainOffset, MsgId, Pid, Tid, Aid,
    Sesid, Signature, BufferCode, BufferCodeLength, BufferCodeDynamic, DialectCount, Dialect, SessionFlags,
    Tree, ShareType, CreateDisposition, Filename, FileId, ReadLength, WriteLength, FileOffset, IoctlFunction,
    TransformSignature, TransformNonce, TransformMsgSize, TransformFlags, TransformEncData, kSmb2FieldCount
};

constexpr FieldDef kSmb2Fields[] = {
    {ProtocolId, "smb2.protocol_id", "ProtocolId", FieldType::UInt32, Base::Hex},
    {HeaderLen, "smb2.header_len", "Header Length", FieldType::UInt16, Base::Dec},
    {CreditCharge, "smb2.credit.charge", "Credit Charge", FieldType::UInt16, Base::Dec},
    {NtStatus, "smb2.nt_status", "NT Status", FieldType::UInt32, Base::Hex, 0, kNtStatusNames},
    {Cmd, "smb2.cmd", "Command", FieldType::UInt16, Base::Dec, 0, kCommands},
    {CreditsRequested, "smb2.credits.requested", "Credits requested", FieldType::UInt16, Base::Dec},
    {CreditsGranted, "smb2.credits.granted", "Credits granted", FieldType::UInt16, Base::Dec},
    {Flags, "smb2.flags", "Flags", FieldType::UInt32, Base::Hex},
    {FlagResponse, "smb2.flags.response", "Response", FieldType::Bool, Base::None, 0x00000001, kResponseNames},
    {FlagAsync, "smb2.flags.async", "Async command", FieldType::Bool, Base::None, 0x00000002, kAsyncNames},
    {FlagChained, "smb2.flags.chained", "Chained", FieldType::Bool, Base::None, 0x00000004, kChainedNames},
    {FlagSigned, "smb2.flags.signature", "Signing", FieldType::Bool, Base::None, 0x00000008, kSignedNames},
    {FlagPriority, "smb2.flags.priority_mask", "Priority", FieldType::Bool, Base::None, 0x00000070},
    {FlagDfs, "smb2.flags.dfs", "DFS operation", FieldType::Bool, Base::None, 0x10000000, kDfsNames},
    {FlagReplay, "smb2.flags.replay", "Replay operation", FieldType::Bool, Base::None, 0x20000000, kReplayNames},
    {ChainOffset, "smb2.chain_offset", "Chain Offset", FieldType::UInt32, Base::Hex},
    {MsgId, "smb2.msg_id", "Message ID", FieldType::UInt64, Base::Dec},
    {Pid, "smb2.pid", "Process Id", FieldType::UInt32, Base::Hex},
    {Tid, "smb2.tid", "Tree Id", FieldType::UInt32, Base::Hex},
    {Aid, "smb2.aid", "Async Id", FieldType::UInt64, Base::Hex},
    {Sesid, "smb2.sesid", "Session Id", FieldType::UInt64, Base::Hex},
    {Signature, "smb2.signature", "Signature", FieldType::Bytes},
    {BufferCode, "smb2.buffer_code", "StructureSize", FieldType::UInt16, Base::Hex},
    {BufferCodeLength, "smb2.buffer_code.length", "Fixed Part Length", FieldType::UInt16, Base::Dec, 0xfffe},
    {BufferCodeDynamic, "smb2.buffer_code.dynamic", "Dynamic Part", FieldType::Bool, Base::None, 0x0001},
    {DialectCount, "smb2.dialect_count", "Dialect count", FieldType::UInt16, Base::Dec},
    {Dialect, "smb2.dialect", "Dialect", FieldType::UInt16, Base::Hex, 0, kDialects},
    {SessionFlags, "smb2.session_flags", "Session Flags", FieldType::UInt16, Base::Hex},
    {Tree, "smb2.tree", "Tree", FieldType::String},
    {ShareType, "smb2.share_type", "Share Type", FieldType::UInt8, Base::Hex, 0, kShareTypes},
    {CreateDisposition, "smb2.create.disposition", "Disposition", FieldType::UInt32, Base::Dec, 0, kDispositions},
    {Filename, "smb2.filename", "Filename", FieldType::String},
    {FileId, "smb2.fid", "File Id", FieldType::Bytes},
    {ReadLength, "smb2.read_length", "Read Length", FieldType::UInt32, Base::Dec},
    {WriteLength, "smb2.write_length", "Write Length", FieldType::UInt32, Base::Dec},
    {FileOffset, "smb2.file_offset", "File Offset", FieldType::UInt64, Base::Dec},
    {IoctlFunction, "smb2.ioctl.function", "Function", FieldType::UInt32, Base::Hex},
    {TransformSignature, "smb2.header.transform.signature", "Signature", FieldType::Bytes},
    {TransformNonce, "smb2.header.transform.nonce", "Nonce", FieldType::Bytes},
    {TransformMsgSize, "smb2.header.transform.msg_size", "Message size", FieldType::UInt32, Base::Dec},
    {TransformFlags, "smb2.header.transform.flags", "Flags", FieldType::UInt16, Base::Hex},
    {TransformEncData, "smb2.header.transform.enc_data", "Data", FieldType::Bytes},
};
static_assert(std::size(kSmb2Fields) == kSmb2FieldCount);

// File names of Create requests, to name the file in their responses (Wireshark's saved info).
class Smb2State final : public ProtocolState {
public:
    std::unordered_map<std::uint64_t, std::string> createNames;
};

[[nodiscard]] bool isSmb2(const ByteView& v) {
    if (v.captured() < 4) return false;
    const std::uint8_t first = v.u8(0);
    return (first == 0xFE || first == 0xFD || first == 0xFC) && v.text(1, 3) == "SMB";
}

std::string statusText(std::uint32_t status) {
    const std::string_view name = nameOf(kNtStatusNames, status);
    if (!name.empty()) return std::string(name);
    char text[32];
    std::snprintf(text, sizeof text, "Unknown (0x%08X)", status);
    return text;
}

class Smb2Protocol final : public Dissector {
public:
    Smb2Protocol() : Dissector({"smb2", "SMB2", "SMB2 (Server Message Block Protocol version 2)"}) {}

    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override { return std::make_unique<Smb2State>(); }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        if (!isSmb2(view)) return 0;
        p.setProtocolColumn(info().shortName);
        std::uint32_t offset = 0;
        for (int index = 0; index < kMaxChain && offset < view.reported() && !p.stopped(); ++index) {
            const std::uint32_t next = pdu(p, view.from(offset), index == 0);
            if (next == 0) break;
            offset += next;
        }
        return view.reported();
    }

private:
    // One command (or transform header); returns its NextCommand offset (0: the chain ends).
    std::uint32_t pdu(Packet& p, const ByteView& v, bool first) const {
        const ItemRef item = p.beginProtocol(*this, v, v.reported());
        if (p.wantsColumns()) {
            if (first) p.info().clear();
            else p.info() += ";";
        }
        if (!need(p, v, 0, 4)) return 0;
        p.addUint(field(ProtocolId), v, 0, 4);
        if (v.u8(0) == 0xFD) {
            transform(p, v);
            return 0;
        }
        if (v.u8(0) == 0xFC) {
            if (p.wantsColumns()) p.info() += "Compressed";
            return 0;
        }
        if (!need(p, v, 4, kHeaderLength - 4)) return 0;
        const std::uint16_t command = v.u16le(12);
        const std::uint32_t flags = v.u32le(16);
        const std::uint32_t nextCommand = v.u32le(20);
        const std::uint64_t messageId = v.u64le(24);
        const std::uint32_t status = v.u32le(8);
        const bool response = flags & kFlagResponse;
        header(p, v, flags, response);
        if (p.buildsTree()) p.setText(item, std::string(info().longName));

        const ByteView body = nextCommand >= kHeaderLength && nextCommand < v.reported()
                                  ? v.sub(kHeaderLength, nextCommand - kHeaderLength)
                                  : v.from(kHeaderLength);
        std::string detail;
        commandBody(p, body, command, response, messageId, detail);
        if (p.wantsColumns()) {
            std::string& text = p.info();
            text += commandText(command, response, messageId, body);
            if (response && status != 0) text += ", Error: " + statusText(status);
            if (!detail.empty()) text += " " + detail;
        }
        return nextCommand >= kHeaderLength && nextCommand < v.reported() ? nextCommand : 0;
    }

    void header(Packet& p, const ByteView& v, std::uint32_t flags, bool response) const {
        p.addUintLe(field(HeaderLen), v, 4, 2);
        p.addUintLe(field(CreditCharge), v, 6, 2);
        p.addUintLe(field(NtStatus), v, 8, 4);
        p.addUintLe(field(Cmd), v, 12, 2);
        p.addUintLe(field(response ? CreditsGranted : CreditsRequested), v, 14, 2);
        const ItemRef flagsItem = p.add(field(Flags), v, 16, 4, FieldValue::ofUnsigned(flags));
        p.push(flagsItem);
        for (FieldIndex f : {FlagResponse, FlagAsync, FlagChained, FlagSigned, FlagPriority, FlagDfs, FlagReplay}) {
            p.addUintLe(field(f), v, 16, 4);
        }
        p.pop();
        p.addUintLe(field(ChainOffset), v, 20, 4);
        p.addUintLe(field(MsgId), v, 24, 8);
        if (flags & kFlagAsync) {
            p.addUintLe(field(Aid), v, 32, 8);
        } else {
            p.addUintLe(field(Pid), v, 32, 4);
            p.addUintLe(field(Tid), v, 36, 4);
        }
        p.addUintLe(field(Sesid), v, 40, 8);
        p.addBytes(field(Signature), v, 48, 16);
    }

    void transform(Packet& p, const ByteView& v) const {
        if (p.wantsColumns()) p.info() += "Encrypted SMB3";
        if (!need(p, v, 4, 48)) return;
        p.addBytes(field(TransformSignature), v, 4, 16);
        p.addBytes(field(TransformNonce), v, 20, 16);
        p.addUintLe(field(TransformMsgSize), v, 36, 4);
        p.addUintLe(field(TransformFlags), v, 42, 2);
        p.addUintLe(field(Sesid), v, 44, 8);
        if (v.captured() > 52) p.addBytes(field(TransformEncData), v, 52, v.captured() - 52);
    }

    // "Create Request", "Lease Break Notification": the command's name as Wireshark's Info.
    static std::string commandText(std::uint16_t command, bool response, std::uint64_t messageId, const ByteView& body) {
        if (command == Break) {
            // The structure size tells an oplock break (24) from a lease break (36 / 44).
            const bool lease = body.u16le(0) != 24;
            const std::string kind = lease ? "Lease Break" : "Oplock Break";
            if (!response) return kind + " Acknowledgment";
            return kind + (messageId == kNotificationMessageId ? " Notification" : " Response");
        }
        const std::string_view name = nameOf(kCommands, command);
        std::string text = name.empty() ? "unknown-0x" + std::to_string(command) : std::string(name);
        return text + (response ? " Response" : " Request");
    }

    void commandBody(Packet& p, const ByteView& b, std::uint16_t command, bool response, std::uint64_t messageId,
                     std::string& detail) const {
        if (!b.has(0, 2)) return;
        p.addUintLe(field(BufferCode), b, 0, 2);
        p.addUintLe(field(BufferCodeLength), b, 0, 2);
        p.addUintLe(field(BufferCodeDynamic), b, 0, 2);
        switch (command) {
            case Negotiate: negotiate(p, b, response); return;
            case SessionSetup:
                if (response && b.has(2, 2)) p.addUintLe(field(SessionFlags), b, 2, 2);
                return;
            case TreeConnect: treeConnect(p, b, response, detail); return;
            case Create: create(p, b, response, messageId, detail); return;
            case Close:
                if (!response && b.has(8, 16)) p.addBytes(field(FileId), b, 8, 16);
                return;
            case Read:
                if (!response && b.has(4, 32)) {
                    p.addUintLe(field(ReadLength), b, 4, 4);
                    p.addUintLe(field(FileOffset), b, 8, 8);
                    p.addBytes(field(FileId), b, 16, 16);
                }
                return;
            case Write:
                if (!response && b.has(4, 32)) {
                    p.addUintLe(field(WriteLength), b, 4, 4);
                    p.addUintLe(field(FileOffset), b, 8, 8);
                    p.addBytes(field(FileId), b, 16, 16);
                }
                return;
            case Ioctl:
                if (b.has(4, 4)) p.addUintLe(field(IoctlFunction), b, 4, 4);
                return;
            default: return;
        }
    }

    void negotiate(Packet& p, const ByteView& b, bool response) const {
        if (response) {
            if (b.has(4, 2)) p.addUintLe(field(Dialect), b, 4, 2);
            return;
        }
        if (!b.has(2, 2)) return;
        const std::uint16_t count = static_cast<std::uint16_t>(p.addUintLe(field(DialectCount), b, 2, 2));
        for (std::uint32_t i = 0, at = 36; i < count && b.has(at, 2); ++i, at += 2) p.addUintLe(field(Dialect), b, at, 2);
    }

    void treeConnect(Packet& p, const ByteView& b, bool response, std::string& detail) const {
        if (response) {
            if (b.has(2, 1)) p.addUint(field(ShareType), b, 2, 1);
            return;
        }
        if (!b.has(4, 4)) return;
        // The path's offset counts from the start of the SMB2 header.
        const std::uint32_t offset = b.u16le(4);
        const std::uint32_t length = b.u16le(6);
        if (offset < kHeaderLength || !b.has(offset - kHeaderLength, length)) return;
        if (!p.wantsColumns() && !p.wants(field(Tree))) return;
        const std::string path = utf16leToUtf8(b, offset - kHeaderLength, length);
        p.addText(field(Tree), b, offset - kHeaderLength, length, path);
        detail = "Tree: " + path;
    }

    void create(Packet& p, const ByteView& b, bool response, std::uint64_t messageId, std::string& detail) const {
        auto& names = p.state<Smb2State>(*this).createNames;
        if (response) {
            if (b.has(64, 16)) p.addBytes(field(FileId), b, 64, 16);
            // The name its request opened (remembered for the frame dissected alone).
            std::optional<std::string> name;
            if (const auto it = names.find(messageId); it != names.end()) name = it->second;
            p.rememberState(*this, 0, name);
            if (name) detail = "File: " + *name;
            return;
        }
        if (!b.has(36, 12)) return;
        p.addUintLe(field(CreateDisposition), b, 36, 4);
        const std::uint32_t offset = b.u16le(44);
        const std::uint32_t length = b.u16le(46);
        if (offset < kHeaderLength || !b.has(offset - kHeaderLength, length)) return;
        if (!p.wantsColumns() && !p.wants(field(Filename))) return;
        // An empty name opens the share's root: Wireshark still shows "File: ".
        const std::string name = utf16leToUtf8(b, offset - kHeaderLength, length);
        p.addText(field(Filename), b, offset - kHeaderLength, length, name);
        detail = "File: " + name;
        if (names.size() >= kMaxRememberedNames) names.clear();
        names[messageId] = name;
    }

    bool need(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length) const {
        if (v.need(offset, length) == Availability::Available) return true;
        p.markUnavailable(*this, v, offset, length);
        return false;
    }
};

std::uint32_t smb2Heuristic(const Dissector& self, Packet& p, const ByteView& view) {
    if (!isSmb2(view)) return 0;
    return self.dissect(p, view);
}

}  // namespace

void registerSmb2(Registry& r) {
    auto& smb2 = r.addProtocol<Smb2Protocol>(kSmb2Fields);
    r.onHandoff([&smb2](Registry& registry) { registry.addHeuristic("netbios", smb2, "smb2_heur", smb2Heuristic); });
}

}  // namespace caplens::proto
