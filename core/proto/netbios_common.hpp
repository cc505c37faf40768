// netbios_common.hpp — what NBSS, NBDGM, SMB and SMB2 share: NetBIOS names (RFC 1001 first-level
// encoding), the NT status codes SMB and SMB2 report, and UTF-16LE text as SMB carries it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/proto/byte_view.hpp"
#include "core/proto/field.hpp"

namespace caplens::proto {

// The NT status codes seen in SMB traffic, named as Wireshark names them (smb2.nt_status).
inline constexpr ValueName kNtStatusNames[] = {
    {0x00000000, "STATUS_SUCCESS"},
    {0x00000103, "STATUS_PENDING"},
    {0x0000010c, "STATUS_NOTIFY_ENUM_DIR"},
    {0x80000005, "STATUS_BUFFER_OVERFLOW"},
    {0x80000006, "STATUS_NO_MORE_FILES"},
    {0x8000002d, "STATUS_STOPPED_ON_SYMLINK"},
    {0xc0000001, "STATUS_UNSUCCESSFUL"},
    {0xc0000002, "STATUS_NOT_IMPLEMENTED"},
    {0xc0000003, "STATUS_INVALID_INFO_CLASS"},
    {0xc0000004, "STATUS_INFO_LENGTH_MISMATCH"},
    {0xc0000008, "STATUS_INVALID_HANDLE"},
    {0xc000000d, "STATUS_INVALID_PARAMETER"},
    {0xc000000e, "STATUS_NO_SUCH_DEVICE"},
    {0xc000000f, "STATUS_NO_SUCH_FILE"},
    {0xc0000010, "STATUS_INVALID_DEVICE_REQUEST"},
    {0xc0000011, "STATUS_END_OF_FILE"},
    {0xc0000016, "STATUS_MORE_PROCESSING_REQUIRED"},
    {0xc0000017, "STATUS_NO_MEMORY"},
    {0xc0000022, "STATUS_ACCESS_DENIED"},
    {0xc0000023, "STATUS_BUFFER_TOO_SMALL"},
    {0xc0000033, "STATUS_OBJECT_NAME_INVALID"},
    {0xc0000034, "STATUS_OBJECT_NAME_NOT_FOUND"},
    {0xc0000035, "STATUS_OBJECT_NAME_COLLISION"},
    {0xc000003a, "STATUS_OBJECT_PATH_NOT_FOUND"},
    {0xc0000043, "STATUS_SHARING_VIOLATION"},
    {0xc0000056, "STATUS_DELETE_PENDING"},
    {0xc0000064, "STATUS_NO_SUCH_USER"},
    {0xc000006a, "STATUS_WRONG_PASSWORD"},
    {0xc000006d, "STATUS_LOGON_FAILURE"},
    {0xc0000071, "STATUS_PASSWORD_EXPIRED"},
    {0xc0000072, "STATUS_ACCOUNT_DISABLED"},
    {0xc000009a, "STATUS_INSUFFICIENT_RESOURCES"},
    {0xc00000b0, "STATUS_PIPE_DISCONNECTED"},
    {0xc00000b5, "STATUS_IO_TIMEOUT"},
    {0xc00000ba, "STATUS_FILE_IS_A_DIRECTORY"},
    {0xc00000bb, "STATUS_NOT_SUPPORTED"},
    {0xc00000c9, "STATUS_NETWORK_NAME_DELETED"},
    {0xc00000ca, "STATUS_NETWORK_ACCESS_DENIED"},
    {0xc00000cc, "STATUS_BAD_NETWORK_NAME"},
    {0xc0000101, "STATUS_DIRECTORY_NOT_EMPTY"},
    {0xc0000103, "STATUS_NOT_A_DIRECTORY"},
    {0xc0000120, "STATUS_CANCELLED"},
    {0xc0000128, "STATUS_FILE_CLOSED"},
    {0xc0000203, "STATUS_USER_SESSION_DELETED"},
    {0xc0000205, "STATUS_INSUFF_SERVER_RESOURCES"},
    {0xc0000225, "STATUS_NOT_FOUND"},
};

// Wireshark's names of the NetBIOS name suffixes, for labels ("SCV<20> (Server service)").
inline constexpr ValueName kNetbiosNameTypes[] = {
    {0x00, "Workstation/Redirector"}, {0x01, "Browser"},          {0x03, "Messenger service/Main name"},
    {0x06, "RAS Server service"},      {0x1b, "Domain Master Browser"}, {0x1c, "Domain Controllers"},
    {0x1d, "Local Master Browser"},    {0x1e, "Browser Election Service"}, {0x1f, "Net DDE Service"},
    {0x20, "Server service"},          {0x21, "RAS client service"},
};

// A NetBIOS name as encoded on the wire (RFC 1001 section 14): a label of 32 letters 'A'..'P'
// holding 16 bytes (15 name characters and a type), optional scope labels, and a zero byte.
struct NetbiosName {
    std::string text;            // "SCV<20>" (and ".scope" labels)
    std::uint8_t type = 0;
    std::uint32_t length = 0;    // bytes on the wire; 0 when the name is cut or broken
};

[[nodiscard]] inline NetbiosName readNetbiosName(const ByteView& v, std::uint32_t offset) {
    NetbiosName name;
    std::uint32_t at = offset;
    for (int labels = 0; labels < 64; ++labels) {
        if (!v.has(at, 1)) return {};
        const std::uint8_t length = v.u8(at);
        if (length == 0) {
            name.length = at + 1 - offset;
            return name;
        }
        if (length > 63 || !v.has(at + 1, length)) return {};
        if (labels == 0 && length == 32) {
            char decoded[16];
            for (int i = 0; i < 16; ++i) {
                const int hi = v.u8(at + 1 + 2 * i) - 'A';
                const int lo = v.u8(at + 2 + 2 * i) - 'A';
                decoded[i] = static_cast<char>(((hi & 0xF) << 4) | (lo & 0xF));
            }
            name.type = static_cast<std::uint8_t>(decoded[15]);
            std::string_view base(decoded, 15);
            while (!base.empty() && (base.back() == ' ' || base.back() == '\0')) base.remove_suffix(1);
            static constexpr char kHex[] = "0123456789abcdef";
            name.text.assign(base);
            name.text += '<';
            name.text += kHex[name.type >> 4];
            name.text += kHex[name.type & 0xF];
            name.text += '>';
        } else {
            name.text += '.';
            name.text.append(v.text(at + 1, length));
        }
        at += 1 + length;
    }
    return {};
}

// UTF-16LE text (SMB's Unicode strings) as UTF-8; characters outside the BMP pass through as
// their surrogate halves' replacement.
[[nodiscard]] inline std::string utf16leToUtf8(const ByteView& v, std::uint32_t offset, std::uint32_t length) {
    std::string out;
    out.reserve(length / 2);
    for (std::uint32_t i = 0; i + 1 < length && v.has(offset + i, 2); i += 2) {
        const std::uint16_t c = v.u16le(offset + i);
        if (c == 0) break;
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

}  // namespace caplens::proto
