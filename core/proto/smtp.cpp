// smtp — the Simple Mail Transfer Protocol (RFC 5321) on TCP ports 25 and 587, as Wireshark
// 4.0's packet-smtp.c shows it: the client's command lines (command and parameter), the
// server's reply lines (code and text), and between a DATA command and the line "." the
// message itself, which the client's segments carry as data (not reassembled into an IMF
// message here). AUTH exchanges are not decoded and STARTTLS does not hand over to TLS.
#include <cctype>
#include <unordered_map>

#include "core/proto/protocols.hpp"
#include "core/proto/text_lines.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kSmtpPorts[] = {25, 587};

enum SmtpField : FieldIndex {
    Req,
    Rsp,
    CommandLine,
    ReqCommand,
    ReqParameter,
    Response,
    ResponseCode,
    RspParameter,
    Message,
    kSmtpFieldCount
};

constexpr FieldDef kSmtpFields[] = {
    {Req, "smtp.req", "Request", FieldType::Bool},
    {Rsp, "smtp.rsp", "Response", FieldType::Bool},
    {CommandLine, "smtp.command_line", "Command Line", FieldType::String},
    {ReqCommand, "smtp.req.command", "Command", FieldType::String},
    {ReqParameter, "smtp.req.parameter", "Request parameter", FieldType::String},
    {Response, "smtp.response", "Response", FieldType::String},
    {ResponseCode, "smtp.response.code", "Response code", FieldType::UInt32, Base::Dec},
    {RspParameter, "smtp.rsp.parameter", "Response parameter", FieldType::String},
    {Message, "smtp.message", "Message", FieldType::String},
};
static_assert(std::size(kSmtpFields) == kSmtpFieldCount);

struct SmtpConversation {
    bool inMessage = false;  // between DATA and the line ".": the client sends the message
};

class SmtpState final : public ProtocolState {
  public:
    std::unordered_map<ConnectionKey, SmtpConversation, ConnectionKeyHash> conversations;
    SmtpConversation unkeyed;
};

class SmtpProtocol final : public Dissector {
  public:
    SmtpProtocol() : Dissector({"smtp", "SMTP", "Simple Mail Transfer Protocol"}) {}

    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override {
        return std::make_unique<SmtpState>();
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const TransportEndpoints endpoints = tcpEndpoints(p);
        auto& state = p.state<SmtpState>(*this);
        SmtpConversation& conv =
            endpoints.valid ? state.conversations[connectionKey(endpoints)] : state.unkeyed;
        p.rememberState(*this, 0, conv);
        const bool request = sentToServerPort(p, kSmtpPorts);
        p.beginProtocol(*this, view, view.reported());
        p.addGenerated(field(request ? Req : Rsp), FieldValue::ofUnsigned(1), FieldFlags::Hidden);
        std::string info;
        std::uint32_t offset = 0;
        while (offset < view.captured() && !p.stopped()) {
            const TextLine line = textLineAt(view, offset);
            const std::string_view text = view.text(offset, line.length);
            if (request && conv.inMessage) {
                // The message's lines; a line "." alone ends it.
                p.addText(field(Message), view, offset, line.next - offset,
                          view.text(offset, line.next - offset));
                if (text == ".") conv.inMessage = false;
                if (info.empty())
                    info = "C: DATA fragment, " + std::to_string(view.reported()) + " byte(s)";
            } else {
                if (request)
                    dissectCommand(p, view, offset, text, conv);
                else
                    dissectReply(p, view, offset, text);
                info += (info.empty() ? (request ? "C: " : "S: ") : " | ") + printableText(text);
            }
            offset = line.next;
        }
        if (p.wantsColumns()) p.info() = info;
        return view.reported();
    }

  private:
    void dissectCommand(Packet& p, const ByteView& view, std::uint32_t offset,
                        std::string_view line, SmtpConversation& conv) const {
        const ItemRef item = p.addText(field(CommandLine), view, offset,
                                       static_cast<std::uint32_t>(line.size()), line);
        p.push(item);
        const LineToken parts = firstToken(line);
        if (!parts.token.empty()) {
            p.addText(field(ReqCommand), view, offset,
                      static_cast<std::uint32_t>(parts.token.size()), parts.token);
        }
        if (!parts.rest.empty()) {
            p.addText(field(ReqParameter), view, offset + parts.restOffset,
                      static_cast<std::uint32_t>(parts.rest.size()), parts.rest);
        }
        p.pop();
        if (equalsIgnoreCase(parts.token, "DATA")) conv.inMessage = true;
    }

    // "250-text" (more lines follow) or "250 text".
    void dissectReply(Packet& p, const ByteView& view, std::uint32_t offset,
                      std::string_view line) const {
        const ItemRef item =
            p.addText(field(Response), view, offset, static_cast<std::uint32_t>(line.size()), line);
        if (line.size() < 3 || !std::isdigit(static_cast<unsigned char>(line[0])) ||
            !std::isdigit(static_cast<unsigned char>(line[1])) ||
            !std::isdigit(static_cast<unsigned char>(line[2]))) {
            return;
        }
        p.push(item);
        const auto code = static_cast<std::uint32_t>((line[0] - '0') * 100 + (line[1] - '0') * 10 +
                                                     (line[2] - '0'));
        p.add(field(ResponseCode), view, offset, 3, FieldValue::ofUnsigned(code));
        if (line.size() > 4) {
            p.addText(field(RspParameter), view, offset + 4,
                      static_cast<std::uint32_t>(line.size() - 4), line.substr(4));
        }
        p.pop();
    }
};

}  // namespace

void registerSmtp(Registry& r) {
    auto& smtp = r.addProtocol<SmtpProtocol>(kSmtpFields);
    r.onHandoff([&smtp](Registry& registry) {
        for (const std::uint16_t port : kSmtpPorts) registry.table("tcp.port").add(port, smtp);
    });
}

}  // namespace caplens::proto
