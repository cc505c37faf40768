// ftp — the File Transfer Protocol's control connection (RFC 959, RFC 2428) on TCP port 21,
// as Wireshark 4.0's packet-ftp.c shows it: each segment is one request (to port 21) or one
// response, its first line split into command and argument or code and argument. The data
// connections that PORT, PASV, EPRT and EPSV announce are handed to "ftp-data" (ftp_data.cpp)
// through expected conversations, which TCP claims when the connection opens.
//
//   request  = command [SP argument] CRLF
//   response = code (SP | "-") text CRLF      ("-": more lines follow)
#include <array>
#include <cctype>
#include <optional>

#include "core/proto/protocols.hpp"
#include "core/proto/text_lines.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kFtpPort = 21;
constexpr std::uint16_t kFtpServerPorts[] = {kFtpPort};
constexpr std::uint32_t kPassiveResponse = 227;  // "Entering Passive Mode (h1,h2,h3,h4,p1,p2)"
constexpr std::uint32_t kExtendedPassiveResponse =
    229;  // "Entering Extended Passive Mode (|||port|)"
constexpr std::uint8_t kEprtIpv4 = 1;
constexpr std::uint8_t kEprtIpv6 = 2;

constexpr ValueName kEprtFamilies[] = {{kEprtIpv4, "IPv4"}, {kEprtIpv6, "IPv6"}};

enum FtpField : FieldIndex {
    Response,
    Request,
    RequestCommand,
    RequestArg,
    ResponseCode,
    ResponseArg,
    PassiveIp,
    PassivePort,
    PassiveNat,
    ActiveIp,
    ActivePort,
    ActiveNat,
    EprtFamily,
    EprtIp,
    EprtPort,
    EpsvIp,
    EpsvIpv6,
    EpsvPort,
    kFtpFieldCount
};

constexpr FieldDef kFtpFields[] = {
    {Response,
     "ftp.response",
     "Response",
     FieldType::Bool,
     Base::None,
     0,
     {},
     "TRUE if FTP response"},
    {Request, "ftp.request", "Request", FieldType::Bool, Base::None, 0, {}, "TRUE if FTP request"},
    {RequestCommand, "ftp.request.command", "Request command", FieldType::String},
    {RequestArg, "ftp.request.arg", "Request arg", FieldType::String},
    {ResponseCode, "ftp.response.code", "Response code", FieldType::UInt32, Base::Dec},
    {ResponseArg, "ftp.response.arg", "Response arg", FieldType::String},
    {PassiveIp, "ftp.passive.ip", "Passive IP address", FieldType::Ipv4},
    {PassivePort, "ftp.passive.port", "Passive port", FieldType::UInt16, Base::Dec},
    {PassiveNat, "ftp.passive.nat", "Passive IP NAT", FieldType::Bool},
    {ActiveIp, "ftp.active.cip", "Active IP address", FieldType::Ipv4},
    {ActivePort, "ftp.active.port", "Active port", FieldType::UInt16, Base::Dec},
    {ActiveNat, "ftp.active.nat", "Active IP NAT", FieldType::Bool},
    {EprtFamily, "ftp.eprt.af", "Extended active address family", FieldType::UInt8, Base::Dec, 0,
     kEprtFamilies},
    {EprtIp, "ftp.eprt.ip", "Extended active IP address", FieldType::Ipv4},
    {EprtPort, "ftp.eprt.port", "Extended active port", FieldType::UInt16, Base::Dec},
    {EpsvIp, "ftp.epsv.ip", "Extended passive IPv4 address", FieldType::Ipv4},
    {EpsvIpv6, "ftp.epsv.ipv6", "Extended passive IPv6 address", FieldType::Ipv6},
    {EpsvPort, "ftp.epsv.port", "Extended passive port", FieldType::UInt16, Base::Dec},
};
static_assert(std::size(kFtpFields) == kFtpFieldCount);

// An IPv4 address and port written as text, and where that text is in the line.
struct AddressAndPort {
    std::uint32_t address = 0;
    std::uint16_t port = 0;
    std::uint32_t offset = 0;  // of the address text, from the start of the argument
    std::uint32_t addressLength = 0;
    std::uint32_t portOffset = 0;
    std::uint32_t portLength = 0;
};

// Reads up to three decimal digits at `at`; false when there are none or the value is > limit.
bool readNumber(std::string_view text, std::size_t& at, std::uint32_t limit, std::uint32_t& value) {
    const std::size_t start = at;
    value = 0;
    while (at < text.size() && at - start < 5 &&
           std::isdigit(static_cast<unsigned char>(text[at]))) {
        value = value * 10 + static_cast<std::uint32_t>(text[at] - '0');
        ++at;
    }
    return at > start && value <= limit;
}

// "h1,h2,h3,h4,p1,p2" anywhere in the text (PORT's argument, a 227 response): Wireshark's
// parse_port_pasv tries each run of digits in turn.
std::optional<AddressAndPort> findPortTuple(std::string_view text) {
    for (std::size_t start = 0; start < text.size(); ++start) {
        if (!std::isdigit(static_cast<unsigned char>(text[start]))) continue;
        if (start > 0 && std::isdigit(static_cast<unsigned char>(text[start - 1]))) continue;
        std::size_t at = start;
        std::array<std::uint32_t, 6> parts{};
        std::size_t portStart = 0;
        bool ok = true;
        for (std::size_t k = 0; k < parts.size() && ok; ++k) {
            if (k == 4) portStart = at;
            ok = readNumber(text, at, 255, parts[k]) &&
                 (k == 5 || (at < text.size() && text[at++] == ','));
        }
        if (!ok) continue;
        AddressAndPort found;
        found.address = parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3];
        found.port = static_cast<std::uint16_t>(parts[4] << 8 | parts[5]);
        found.offset = static_cast<std::uint32_t>(start);
        found.addressLength = static_cast<std::uint32_t>(portStart - 1 - start);
        found.portOffset = static_cast<std::uint32_t>(portStart);
        found.portLength = static_cast<std::uint32_t>(at - portStart);
        return found;
    }
    return std::nullopt;
}

// The port of an EPSV response: "(<d><d><d>port<d>)" with any delimiter d (RFC 2428 section 3).
std::optional<AddressAndPort> findExtendedPassivePort(std::string_view text) {
    const std::size_t open = text.find('(');
    if (open == std::string_view::npos || open + 5 > text.size()) return std::nullopt;
    const char delimiter = text[open + 1];
    if (text[open + 2] != delimiter || text[open + 3] != delimiter) return std::nullopt;
    std::size_t at = open + 4;
    std::uint32_t port = 0;
    if (!readNumber(text, at, 65535, port) || at >= text.size() || text[at] != delimiter)
        return std::nullopt;
    AddressAndPort found;
    found.port = static_cast<std::uint16_t>(port);
    found.portOffset = static_cast<std::uint32_t>(open + 4);
    found.portLength = static_cast<std::uint32_t>(at - open - 4);
    return found;
}

// EPRT's argument "<d>1<d>a.b.c.d<d>port<d>" (RFC 2428 section 2); IPv4 only.
std::optional<AddressAndPort> parseEprtIpv4(std::string_view text) {
    if (text.size() < 4 || text[2] != text[0] || text[1] != '0' + kEprtIpv4) return std::nullopt;
    const char delimiter = text[0];
    std::size_t at = 3;
    std::array<std::uint32_t, 4> octets{};
    for (std::size_t k = 0; k < octets.size(); ++k) {
        if (!readNumber(text, at, 255, octets[k]) || at >= text.size()) return std::nullopt;
        if (text[at++] != (k == 3 ? delimiter : '.')) return std::nullopt;
    }
    AddressAndPort found;
    found.address = octets[0] << 24 | octets[1] << 16 | octets[2] << 8 | octets[3];
    found.offset = 3;
    found.addressLength = static_cast<std::uint32_t>(at - 4);
    found.portOffset = static_cast<std::uint32_t>(at);
    std::uint32_t port = 0;
    if (!readNumber(text, at, 65535, port) || at >= text.size() || text[at] != delimiter)
        return std::nullopt;
    found.port = static_cast<std::uint16_t>(port);
    found.portLength = static_cast<std::uint32_t>(at) - found.portOffset;
    return found;
}

std::array<std::uint8_t, 4> ipv4Bytes(std::uint32_t address) {
    return {static_cast<std::uint8_t>(address >> 24), static_cast<std::uint8_t>(address >> 16),
            static_cast<std::uint8_t>(address >> 8), static_cast<std::uint8_t>(address)};
}

bool isThreeDigitCode(std::string_view line) {
    return line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) &&
           std::isdigit(static_cast<unsigned char>(line[1])) &&
           std::isdigit(static_cast<unsigned char>(line[2]));
}

class FtpProtocol final : public Dissector {
  public:
    FtpProtocol() : Dissector({"ftp", "FTP", "File Transfer Protocol (FTP)"}) {}

    void connect(const Dissector& ftpData) { m_ftpData = &ftpData; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const bool request = sentToServerPort(p, kFtpServerPorts);
        const TextLine line = textLineAt(view, 0);
        const std::string_view text = view.text(0, line.length);
        if (p.wantsColumns())
            p.info() = std::string(request ? "Request: " : "Response: ") + printableText(text);
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        p.addGenerated(field(Request), FieldValue::ofUnsigned(request ? 1 : 0), FieldFlags::Hidden);
        p.addGenerated(field(Response), FieldValue::ofUnsigned(request ? 0 : 1),
                       FieldFlags::Hidden);
        if (request) {
            dissectRequest(p, view, text);
        } else {
            dissectResponse(p, view, text);
        }
        if (p.buildsTree()) p.setText(item, "File Transfer Protocol (FTP)");
        return view.reported();
    }

  private:
    void dissectRequest(Packet& p, const ByteView& view, std::string_view line) const {
        const LineToken parts = firstToken(line);
        if (!parts.token.empty()) {
            p.addText(field(RequestCommand), view, 0,
                      static_cast<std::uint32_t>(parts.token.size()), parts.token);
        }
        if (parts.rest.empty()) return;
        p.addText(field(RequestArg), view, parts.restOffset,
                  static_cast<std::uint32_t>(parts.rest.size()), parts.rest);
        if (parts.token == "PORT") {
            if (const auto target = findPortTuple(parts.rest))
                announce(p, view, parts.restOffset, *target, ActiveIp, ActivePort, ActiveNat);
        } else if (parts.token == "EPRT") {
            if (const auto target = parseEprtIpv4(parts.rest))
                announceExtendedActive(p, view, parts.restOffset, *target);
        }
    }

    void dissectResponse(Packet& p, const ByteView& view, std::string_view line) const {
        // A line that does not start with a code continues a multi-line reply.
        std::uint32_t argOffset = 0;
        std::uint32_t code = 0;
        if (isThreeDigitCode(line)) {
            code = static_cast<std::uint32_t>((line[0] - '0') * 100 + (line[1] - '0') * 10 +
                                              (line[2] - '0'));
            p.add(field(ResponseCode), view, 0, 3, FieldValue::ofUnsigned(code));
            argOffset = line.size() >= 4 ? 4 : static_cast<std::uint32_t>(line.size());
        }
        const std::string_view arg = line.substr(argOffset);
        if (arg.empty()) return;
        p.addText(field(ResponseArg), view, argOffset, static_cast<std::uint32_t>(arg.size()), arg);
        if (code == kPassiveResponse) {
            if (const auto target = findPortTuple(arg))
                announce(p, view, argOffset, *target, PassiveIp, PassivePort, PassiveNat);
        } else if (code == kExtendedPassiveResponse) {
            if (const auto target = findExtendedPassivePort(arg))
                announceExtendedPassive(p, view, argOffset, *target);
        }
    }

    // PORT (the server will connect to the client's address and port) and 227 (the client will
    // connect to the address and port the server gave) announce the same way.
    void announce(Packet& p, const ByteView& view, std::uint32_t argOffset,
                  const AddressAndPort& target, FtpField ip, FtpField port, FtpField nat) const {
        p.add(field(ip), view, argOffset + target.offset, target.addressLength,
              FieldValue::ofUnsigned(target.address));
        p.add(field(port), view, argOffset + target.portOffset, target.portLength,
              FieldValue::ofUnsigned(target.port));
        const auto address = ipv4Bytes(target.address);
        if (differsFromSource(p, address))
            p.addGenerated(field(nat), FieldValue::ofUnsigned(1), FieldFlags::None);
        p.expectConversation(address, target.port, *m_ftpData);
    }

    void announceExtendedActive(Packet& p, const ByteView& view, std::uint32_t argOffset,
                                const AddressAndPort& target) const {
        p.add(field(EprtFamily), view, argOffset + 1, 1, FieldValue::ofUnsigned(kEprtIpv4));
        p.add(field(EprtIp), view, argOffset + target.offset, target.addressLength,
              FieldValue::ofUnsigned(target.address));
        p.add(field(EprtPort), view, argOffset + target.portOffset, target.portLength,
              FieldValue::ofUnsigned(target.port));
        p.expectConversation(ipv4Bytes(target.address), target.port, *m_ftpData);
    }

    // 229: the port is on the server's own address, the source of this response.
    void announceExtendedPassive(Packet& p, const ByteView& view, std::uint32_t argOffset,
                                 const AddressAndPort& target) const {
        const NetworkAddresses& n = p.networkAddresses();
        const std::span<const std::uint8_t> server(n.source.data(), n.length);
        if (n.length == 4) {
            p.add(field(EpsvIp), view, 0, 0,
                  FieldValue::ofUnsigned(std::uint32_t{server[0]} << 24 |
                                         std::uint32_t{server[1]} << 16 |
                                         std::uint32_t{server[2]} << 8 | server[3]),
                  FieldFlags::Generated);
        } else if (n.length == 16) {
            p.add(field(EpsvIpv6), view, 0, 0, FieldValue::ofBytes(server), FieldFlags::Generated);
        }
        p.add(field(EpsvPort), view, argOffset + target.portOffset, target.portLength,
              FieldValue::ofUnsigned(target.port));
        if (n.length != 0) p.expectConversation(server, target.port, *m_ftpData);
    }

    static bool differsFromSource(const Packet& p, const std::array<std::uint8_t, 4>& address) {
        const NetworkAddresses& n = p.networkAddresses();
        return n.length != 4 || !std::equal(address.begin(), address.end(), n.source.begin());
    }

    const Dissector* m_ftpData = nullptr;
};

}  // namespace

void registerFtp(Registry& r) {
    auto& ftp = r.addProtocol<FtpProtocol>(kFtpFields);
    r.onHandoff([&ftp](Registry& registry) {
        ftp.connect(*registry.findProtocol("ftp-data"));
        registry.table("tcp.port").add(kFtpPort, ftp);
    });
}

}  // namespace caplens::proto
