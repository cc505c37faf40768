// smb — Server Message Block version 1 / CIFS ([MS-CIFS], [MS-SMB]), found by the "netbios"
// heuristic ("\xffSMB") in NBSS session messages and NetBIOS datagrams. The 32-byte header, the
// parameter words and data bytes of the first command, and the Info column Wireshark shows.
//
//   "\xffSMB" | Command | Status(4) | Flags | Flags2(2) | PIDHigh(2) | Signature(8) |
//   Reserved(2) | TID(2) | PID(2) | UID(2) | MID(2) | WordCount | Words | ByteCount(2) | Bytes
#include <cstdio>

#include "core/proto/names.hpp"
#include "core/proto/netbios_common.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 32;
constexpr std::uint16_t kFlags2NtError = 0x4000;
constexpr std::uint16_t kFlags2Unicode = 0x8000;
constexpr std::uint8_t kFlagResponse = 0x80;
constexpr std::uint8_t kTreeConnectAndX = 0x75;
constexpr std::uint8_t kNtCreateAndX = 0xa2;
constexpr std::uint32_t kMaxPathBytes = 1024;

constexpr ValueName kCommands[] = {
    {0x00, "Create Directory"}, {0x01, "Delete Directory"}, {0x02, "Open"}, {0x03, "Create"}, {0x04, "Close"},
    {0x05, "Flush"}, {0x06, "Delete"}, {0x07, "Rename"}, {0x08, "Query Information"}, {0x09, "Set Information"},
    {0x0a, "Read"}, {0x0b, "Write"}, {0x0c, "Lock Byte Range"}, {0x0d, "Unlock Byte Range"}, {0x0e, "Create Temp"},
    {0x0f, "Create New"}, {0x10, "Check Directory"}, {0x11, "Process Exit"}, {0x12, "Seek"},
    {0x13, "Lock And Read"}, {0x14, "Write And Unlock"}, {0x1a, "Read Raw"}, {0x1b, "Read MPX"},
    {0x1c, "Read MPX Secondary"}, {0x1d, "Write Raw"}, {0x1e, "Write MPX"}, {0x1f, "Write MPX Secondary"},
    {0x20, "Write Complete"}, {0x21, "Query Server (reserved)"}, {0x22, "Set Information2"},
    {0x23, "Query Information2"}, {0x24, "Locking AndX"}, {0x25, "Trans"}, {0x26, "Trans Secondary"},
    {0x27, "IOCTL"}, {0x28, "IOCTL Secondary"}, {0x29, "Copy"}, {0x2a, "Move"}, {0x2b, "Echo"},
    {0x2c, "Write And Close"}, {0x2d, "Open AndX"}, {0x2e, "Read AndX"}, {0x2f, "Write AndX"},
    {0x30, "New File Size (reserved)"}, {0x31, "Close And Tree Disconnect"}, {0x32, "Trans2"},
    {0x33, "Trans2 Secondary"}, {0x34, "Find Close2"}, {0x35, "Find Notify Close"}, {0x70, "Tree Connect"},
    {0x71, "Tree Disconnect"}, {0x72, "Negotiate Protocol"}, {0x73, "Session Setup AndX"},
    {0x74, "Logoff AndX"}, {0x75, "Tree Connect AndX"}, {0x80, "Query Information Disk"}, {0x81, "Search"},
    {0x82, "Find"}, {0x83, "Find Unique"}, {0x84, "Find Close"}, {0xa0, "NT Trans"}, {0xa1, "NT Trans Secondary"},
    {0xa2, "NT Create AndX"}, {0xa4, "NT Cancel"}, {0xa5, "NT Rename"}, {0xc0, "Open Print File"},
    {0xc1, "Write Print File"}, {0xc2, "Close Print File"}, {0xc3, "Get Print Queue"},
    {0xd0, "Send Single Block Message"}, {0xd1, "Send Broadcast Message"}, {0xd2, "Forward User Name"},
    {0xd3, "Cancel Forward"}, {0xd4, "Get Machine Name"}, {0xd5, "Send Start of Multi-block Message"},
    {0xd6, "Send End of Multi-block Message"}, {0xd7, "Send Text of Multi-block Message"},
    {0xd8, "SMBreadbulk"}, {0xd9, "SMBwritebulk"}, {0xda, "SMBwritebulkdata"}, {0xfe, "SMBinvalid"},
};

constexpr ValueName kLock[] = {{0, "Lock&Read, Write&Unlock are not supported"}, {1, "Lock&Read, Write&Unlock are supported"}};
constexpr ValueName kReceiveBuffer[] = {{0, "Receive buffer has not been posted"}, {1, "Receive buffer has been posted"}};
constexpr ValueName kCaseless[] = {{0, "Path names are case sensitive"}, {1, "Path names are caseless"}};
constexpr ValueName kCanon[] = {{0, "Pathnames are not canonicalized"}, {1, "Pathnames are canonicalized"}};
constexpr ValueName kOplock[] = {{0, "OpLock not requested/granted"}, {1, "OpLock requested/granted"}};
constexpr ValueName kNotify[] = {{0, "Notify client only on open"}, {1, "Notify client on all modifications"}};
constexpr ValueName kResponse[] = {{0, "Message is a request to the server"}, {1, "Message is a response to the client/redirector"}};
constexpr ValueName kNtError[] = {{0, "Error codes are DOS error codes"}, {1, "Error codes are NT error codes"}};
constexpr ValueName kUnicode[] = {{0, "Strings are ASCII"}, {1, "Strings are Unicode"}};
constexpr ValueName kSupported[] = {{0, "Not supported"}, {1, "Supported"}};

enum SmbField : FieldIndex {
    ServerComponent, Cmd, NtStatus, ErrorClass, ErrorCode, Flags, FlagLock, FlagReceiveBuffer, FlagCaseless,
    FlagCanon, FlagOplock, FlagNotify, FlagResponse, Flags2, Flags2LongNamesAllowed, Flags2Ea, Flags2SecSig,
    Flags2Compressed, Flags2SecSigRequired, Flags2LongNamesUsed, Flags2ReparsePath, Flags2Esn, Flags2Dfs,
    Flags2Roe, Flags2NtError, Flags2String, PidHigh, Signature, Reserved, Tid, Pid, Uid, Mid, Wct, Bcc, Path,
    kSmbFieldCount
};

constexpr FieldDef kSmbFields[] = {
    {ServerComponent, "smb.server_component", "Server Component", FieldType::UInt32, Base::Hex},
    {Cmd, "smb.cmd", "SMB Command", FieldType::UInt8, Base::Hex, 0, kCommands},
    {NtStatus, "smb.nt_status", "NT Status", FieldType::UInt32, Base::Hex, 0, kNtStatusNames},
    {ErrorClass, "smb.error_class", "Error Class", FieldType::UInt8, Base::Hex},
    {ErrorCode, "smb.error_code", "Error Code", FieldType::UInt16, Base::Hex},
    {Flags, "smb.flags", "Flags", FieldType::UInt8, Base::Hex},
    {FlagLock, "smb.flags.lock", "Lock and Read", FieldType::Bool, Base::None, 0x01, kLock},
    {FlagReceiveBuffer, "smb.flags.receive_buffer", "Receive Buffer Posted", FieldType::Bool, Base::None, 0x02, kReceiveBuffer},
    {FlagCaseless, "smb.flags.caseless", "Case Sensitivity", FieldType::Bool, Base::None, 0x08, kCaseless},
    {FlagCanon, "smb.flags.canon", "Canonicalized Pathnames", FieldType::Bool, Base::None, 0x10, kCanon},
    {FlagOplock, "smb.flags.oplock", "Oplocks", FieldType::Bool, Base::None, 0x20, kOplock},
    {FlagNotify, "smb.flags.notify", "Notify", FieldType::Bool, Base::None, 0x40, kNotify},
    {FlagResponse, "smb.flags.response", "Request/Response", FieldType::Bool, Base::None, 0x80, kResponse},
    {Flags2, "smb.flags2", "Flags2", FieldType::UInt16, Base::Hex},
    {Flags2LongNamesAllowed, "smb.flags2.long_names_allowed", "Long Names Allowed", FieldType::Bool, Base::None, 0x0001, kSupported},
    {Flags2Ea, "smb.flags2.ea", "Extended Attributes", FieldType::Bool, Base::None, 0x0002, kSupported},
    {Flags2SecSig, "smb.flags2.sec_sig", "Security Signatures", FieldType::Bool, Base::None, 0x0004, kSupported},
    {Flags2Compressed, "smb.flags2.compressed", "Compressed", FieldType::Bool, Base::None, 0x0008},
    {Flags2SecSigRequired, "smb.flags2.sec_sig_required", "Security Signatures Required", FieldType::Bool, Base::None, 0x0010},
    {Flags2LongNamesUsed, "smb.flags2.long_names_used", "Long Names Used", FieldType::Bool, Base::None, 0x0040},
    {Flags2ReparsePath, "smb.flags2.reparse_path", "Reparse Path", FieldType::Bool, Base::None, 0x0400},
    {Flags2Esn, "smb.flags2.esn", "Extended Security Negotiation", FieldType::Bool, Base::None, 0x0800, kSupported},
    {Flags2Dfs, "smb.flags2.dfs", "Dfs", FieldType::Bool, Base::None, 0x1000},
    {Flags2Roe, "smb.flags2.roe", "Execute-only Reads", FieldType::Bool, Base::None, 0x2000},
    {Flags2NtError, "smb.flags2.nt_error", "Error Code Type", FieldType::Bool, Base::None, 0x4000, kNtError},
    {Flags2String, "smb.flags2.string", "Unicode Strings", FieldType::Bool, Base::None, 0x8000, kUnicode},
    {PidHigh, "smb.pid.high", "Process ID High", FieldType::UInt16, Base::Dec},
    {Signature, "smb.signature", "Signature", FieldType::Bytes},
    {Reserved, "smb.reserved", "Reserved", FieldType::Bytes},
    {Tid, "smb.tid", "Tree ID", FieldType::UInt16, Base::Dec},
    {Pid, "smb.pid", "Process ID", FieldType::UInt16, Base::Dec},
    {Uid, "smb.uid", "User ID", FieldType::UInt16, Base::Dec},
    {Mid, "smb.mid", "Multiplex ID", FieldType::UInt16, Base::Dec},
    {Wct, "smb.wct", "Word Count (WCT)", FieldType::UInt8, Base::Dec},
    {Bcc, "smb.bcc", "Byte Count (BCC)", FieldType::UInt16, Base::Dec},
    {Path, "smb.path", "Path", FieldType::String},
};
static_assert(std::size(kSmbFields) == kSmbFieldCount);

[[nodiscard]] bool isSmb(const ByteView& v) {
    return v.captured() >= 4 && v.u8(0) == 0xFF && v.text(1, 3) == "SMB";
}

class SmbProtocol final : public Dissector {
public:
    SmbProtocol() : Dissector({"smb", "SMB", "SMB (Server Message Block Protocol)"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& v) const override {
        if (!isSmb(v)) return 0;
        p.beginProtocol(*this, v, v.reported());
        p.setProtocolColumn(info().shortName);
        if (p.wantsColumns()) p.info().clear();
        p.addUint(field(ServerComponent), v, 0, 4);
        if (!need(p, v, 4, kHeaderLength - 4)) return v.reported();
        const std::uint8_t command = v.u8(4);
        const std::uint8_t flags = v.u8(9);
        const std::uint16_t flags2 = v.u16le(10);
        const bool response = flags & kFlagResponse;
        header(p, v, flags, flags2);

        std::string detail;
        const std::uint32_t status = v.u32le(5);
        if (need(p, v, kHeaderLength, 1)) {
            const std::uint8_t wordCount = static_cast<std::uint8_t>(p.addUint(field(Wct), v, kHeaderLength, 1));
            const std::uint32_t bccAt = kHeaderLength + 1 + 2u * wordCount;
            if (v.has(bccAt, 2)) {
                p.addUintLe(field(Bcc), v, bccAt, 2);
                if (!response) path(p, v, command, wordCount, flags2, bccAt + 2, detail);
            }
        }
        if (p.wantsColumns()) {
            const std::string_view name = nameOf(kCommands, command);
            char unknown[24];
            std::snprintf(unknown, sizeof unknown, "unknown-0x%02X", command);
            std::string& text = p.info();
            text += name.empty() ? std::string_view(unknown) : name;
            text += response ? " Response" : " Request";
            if (!detail.empty()) text += ", " + detail;
            if ((flags2 & kFlags2NtError) && status != 0) {
                const std::string_view statusName = nameOf(kNtStatusNames, status);
                char hex[32];
                std::snprintf(hex, sizeof hex, "Unknown (0x%08X)", status);
                text += ", Error: ";
                text += statusName.empty() ? std::string_view(hex) : statusName;
            }
        }
        return v.reported();
    }

private:
    void header(Packet& p, const ByteView& v, std::uint8_t flags, std::uint16_t flags2) const {
        p.addUint(field(Cmd), v, 4, 1);
        if (flags2 & kFlags2NtError) {
            p.addUintLe(field(NtStatus), v, 5, 4);
        } else {
            p.addUint(field(ErrorClass), v, 5, 1);
            p.addUintLe(field(ErrorCode), v, 7, 2);
        }
        const ItemRef flagsItem = p.add(field(Flags), v, 9, 1, FieldValue::ofUnsigned(flags));
        p.push(flagsItem);
        for (FieldIndex f : {FlagResponse, FlagNotify, FlagOplock, FlagCanon, FlagCaseless, FlagReceiveBuffer, FlagLock}) {
            p.addUint(field(f), v, 9, 1);
        }
        p.pop();
        const ItemRef flags2Item = p.add(field(Flags2), v, 10, 2, FieldValue::ofUnsigned(flags2));
        p.push(flags2Item);
        for (FieldIndex f : {Flags2String, Flags2NtError, Flags2Roe, Flags2Dfs, Flags2Esn, Flags2ReparsePath,
                             Flags2LongNamesUsed, Flags2SecSigRequired, Flags2Compressed, Flags2SecSig, Flags2Ea,
                             Flags2LongNamesAllowed}) {
            p.addUintLe(field(f), v, 10, 2);
        }
        p.pop();
        p.addUintLe(field(PidHigh), v, 12, 2);
        p.addBytes(field(Signature), v, 14, 8);
        p.addBytes(field(Reserved), v, 22, 2);
        p.addUintLe(field(Tid), v, 24, 2);
        p.addUintLe(field(Pid), v, 26, 2);
        p.addUintLe(field(Uid), v, 28, 2);
        p.addUintLe(field(Mid), v, 30, 2);
    }

    // The path of a Tree Connect AndX or NT Create AndX request (Wireshark's "Path: ...").
    void path(Packet& p, const ByteView& v, std::uint8_t command, std::uint8_t wordCount, std::uint16_t flags2,
              std::uint32_t bytesAt, std::string& detail) const {
        std::uint32_t at = 0;
        if (command == kTreeConnectAndX && wordCount == 4) {
            at = bytesAt + v.u16le(kHeaderLength + 1 + 6);  // after the password
        } else if (command == kNtCreateAndX && wordCount == 24) {
            at = bytesAt;
        } else {
            return;
        }
        if (!p.wantsColumns() && !p.wants(field(Path))) return;
        std::string text;
        std::uint32_t length = 0;
        if (flags2 & kFlags2Unicode) {
            if (at % 2) ++at;  // Unicode strings are aligned to the SMB header
            while (length < kMaxPathBytes && v.has(at + length, 2) && v.u16le(at + length) != 0) length += 2;
            text = utf16leToUtf8(v, at, length);
        } else {
            while (length < kMaxPathBytes && v.has(at + length, 1) && v.u8(at + length) != 0) ++length;
            text.assign(v.text(at, length));
        }
        p.addText(field(Path), v, at, length, text);
        detail = "Path: " + text;
    }

    bool need(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length) const {
        if (v.need(offset, length) == Availability::Available) return true;
        p.markUnavailable(*this, v, offset, length);
        return false;
    }
};

std::uint32_t smbHeuristic(const Dissector& self, Packet& p, const ByteView& view) {
    if (!isSmb(view)) return 0;
    return self.dissect(p, view);
}

}  // namespace

void registerSmb(Registry& r) {
    auto& smb = r.addProtocol<SmbProtocol>(kSmbFields);
    r.onHandoff([&smb](Registry& registry) { registry.addHeuristic("netbios", smb, "smb_heur", smbHeuristic); });
}

}  // namespace caplens::proto
