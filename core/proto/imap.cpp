// imap — the Internet Message Access Protocol (RFC 3501) on TCP port 143, as Wireshark 4.0's
// packet-imap.c shows it: every line of a segment is an imap.line; a tagged line is a request
// ("tag command arguments", to port 143) or a response ("tag status command ..."); untagged
// lines ("* ...", "+ ...") are only lines. The Info column shows the segment's last line.
// Literals ("{n}") and the messages FETCH returns are not reassembled.
#include <cctype>

#include "core/proto/protocols.hpp"
#include "core/proto/text_lines.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kImapPort = 143;
constexpr std::uint16_t kImapServerPorts[] = {kImapPort};

enum ImapField : FieldIndex {
    IsRequest,
    Line,
    Request,
    RequestTag,
    Response,
    ResponseTag,
    RequestCommand,
    ResponseCommand,
    ResponseStatus,
    Tag,
    Command,
    RequestFolder,
    RequestUid,
    RequestUsername,
    RequestPassword,
    kImapFieldCount
};

constexpr FieldDef kImapFields[] = {
    {IsRequest,
     "imap.isrequest",
     "Request",
     FieldType::Bool,
     Base::None,
     0,
     {},
     "TRUE if IMAP request, FALSE otherwise"},
    {Line, "imap.line", "Line", FieldType::String, Base::None, 0, {}, "A line in an IMAP message"},
    {Request,
     "imap.request",
     "Request",
     FieldType::String,
     Base::None,
     0,
     {},
     "Remainder of request line"},
    {RequestTag, "imap.request_tag", "Request Tag", FieldType::String},
    {Response,
     "imap.response",
     "Response",
     FieldType::String,
     Base::None,
     0,
     {},
     "Remainder of response line"},
    {ResponseTag, "imap.response_tag", "Response Tag", FieldType::String},
    {RequestCommand, "imap.request.command", "Request Command", FieldType::String},
    {ResponseCommand, "imap.response.command", "Response Command", FieldType::String},
    {ResponseStatus, "imap.response.status", "Response Status", FieldType::String},
    {Tag, "imap.tag", "Tag", FieldType::String},
    {Command, "imap.command", "Command", FieldType::String},
    {RequestFolder, "imap.request.folder", "Request Folder", FieldType::String},
    {RequestUid, "imap.request.command.uid", "Request isUID", FieldType::Bool},
    {RequestUsername, "imap.request.username", "Request Username", FieldType::String},
    {RequestPassword, "imap.request.password", "Request Password", FieldType::String},
};
static_assert(std::size(kImapFields) == kImapFieldCount);

// Commands whose first argument is a mailbox name.
bool takesFolder(std::string_view command) {
    for (const std::string_view c : {"SELECT", "EXAMINE", "CREATE", "DELETE", "RENAME", "SUBSCRIBE",
                                     "UNSUBSCRIBE", "STATUS", "APPEND"}) {
        if (equalsIgnoreCase(command, c)) return true;
    }
    return false;
}

// A quoted string without its quotes (LOGIN's password), anything else as it is.
std::string_view unquoted(std::string_view s) {
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
    return s;
}

class ImapProtocol final : public Dissector {
  public:
    ImapProtocol() : Dissector({"imap", "IMAP", "Internet Message Access Protocol"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const bool request = sentToServerPort(p, kImapServerPorts);
        p.beginProtocol(*this, view, view.reported());
        p.addGenerated(field(IsRequest), FieldValue::ofUnsigned(request ? 1 : 0),
                       FieldFlags::Hidden);
        std::uint32_t offset = 0;
        std::string_view lastLine;
        while (offset < view.captured() && !p.stopped()) {
            const TextLine line = textLineAt(view, offset);
            lastLine = view.text(offset, line.length);
            const ItemRef item = p.addText(field(Line), view, offset, line.next - offset,
                                           view.text(offset, line.next - offset));
            p.push(item);
            dissectLine(p, view, offset, lastLine, request);
            p.pop();
            offset = line.next;
        }
        if (p.wantsColumns())
            p.info() = std::string(request ? "Request: " : "Response: ") + printableText(lastLine);
        return view.reported();
    }

  private:
    // One line: its tag and command (request) or tag, status and command (response).
    void dissectLine(Packet& p, const ByteView& view, std::uint32_t offset, std::string_view line,
                     bool request) const {
        const LineToken tag = firstToken(line);
        if (tag.token.empty() || tag.token == "*" || tag.token == "+")
            return;  // untagged: a line only
        const auto at = [&](std::string_view part) {
            return offset + static_cast<std::uint32_t>(part.data() - line.data());
        };
        const auto size = [](std::string_view part) {
            return static_cast<std::uint32_t>(part.size());
        };
        p.addText(field(request ? Request : Response), view, offset, size(line), line);
        p.addText(field(request ? RequestTag : ResponseTag), view, offset, size(tag.token),
                  tag.token);
        p.addText(field(Tag), view, offset, size(tag.token), tag.token, FieldFlags::Hidden);
        LineToken next = firstToken(tag.rest);
        if (next.token.empty()) return;
        if (!request) {
            p.addText(field(ResponseStatus), view, at(next.token), size(next.token), next.token);
            next = firstToken(next.rest);
            if (next.token.empty()) return;
            p.addText(field(ResponseCommand), view, at(next.token), size(next.token), next.token);
            p.addText(field(Command), view, at(next.token), size(next.token), next.token,
                      FieldFlags::Hidden);
            return;
        }
        if (equalsIgnoreCase(next.token, "UID")) {
            // "tag UID FETCH ...": the command is the word after UID.
            const LineToken command = firstToken(next.rest);
            if (command.token.empty()) return;
            p.add(field(RequestUid), view, at(next.token), size(next.token),
                  FieldValue::ofUnsigned(1));
            next = command;
        }
        p.addText(field(RequestCommand), view, at(next.token), size(next.token), next.token);
        p.addText(field(Command), view, at(next.token), size(next.token), next.token,
                  FieldFlags::Hidden);
        dissectArguments(p, view, at, next);
    }

    template <class OffsetOf>
    void dissectArguments(Packet& p, const ByteView& view, const OffsetOf& at,
                          const LineToken& command) const {
        const LineToken first = firstToken(command.rest);
        if (first.token.empty()) return;
        const auto size = [](std::string_view part) {
            return static_cast<std::uint32_t>(part.size());
        };
        if (equalsIgnoreCase(command.token, "LOGIN")) {
            p.addText(field(RequestUsername), view, at(first.token), size(first.token),
                      first.token);
            const LineToken password = firstToken(first.rest);
            p.addText(field(RequestPassword), view, at(password.token), size(password.token),
                      unquoted(password.token));
        } else if (takesFolder(command.token)) {
            p.addText(field(RequestFolder), view, at(first.token), size(first.token), first.token);
        }
    }
};

}  // namespace

void registerImap(Registry& r) {
    auto& imap = r.addProtocol<ImapProtocol>(kImapFields);
    r.onHandoff([&imap](Registry& registry) { registry.table("tcp.port").add(kImapPort, imap); });
}

}  // namespace caplens::proto
