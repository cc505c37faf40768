// pop — the Post Office Protocol version 3 (RFC 1939) on TCP port 110, as Wireshark 4.0's
// packet-pop.c shows it: a request line (command and parameter, to port 110) or a response
// whose status line starts with "+OK" or "-ERR"; the lines after it (a message, a listing)
// are its data. Multi-line message data is not reassembled into an IMF message here.
#include "core/proto/protocols.hpp"
#include "core/proto/text_lines.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kPopPort = 110;
constexpr std::uint16_t kPopServerPorts[] = {kPopPort};

enum PopField : FieldIndex {
    Response,
    ResponseIndicator,
    ResponseDescription,
    ResponseData,
    Request,
    RequestCommand,
    RequestParameter,
    RequestData,
    kPopFieldCount
};

constexpr FieldDef kPopFields[] = {
    {Response, "pop.response", "Response", FieldType::String},
    {ResponseIndicator, "pop.response.indicator", "Response indicator", FieldType::String},
    {ResponseDescription, "pop.response.description", "Response description", FieldType::String},
    {ResponseData, "pop.response.data", "Data", FieldType::String},
    {Request, "pop.request", "Request", FieldType::String},
    {RequestCommand, "pop.request.command", "Request command", FieldType::String},
    {RequestParameter, "pop.request.parameter", "Request parameter", FieldType::String},
    {RequestData, "pop.request.data", "Data", FieldType::String},
};
static_assert(std::size(kPopFields) == kPopFieldCount);

// A status line: "+OK ..." or "-ERR ..." (Wireshark checks the first character).
bool isStatusLine(std::string_view line) {
    return !line.empty() && (line[0] == '+' || line[0] == '-');
}

class PopProtocol final : public Dissector {
  public:
    PopProtocol() : Dissector({"pop", "POP", "Post Office Protocol"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const bool request = sentToServerPort(p, kPopServerPorts);
        const TextLine first = textLineAt(view, 0);
        const std::string_view firstText = view.text(0, first.length);
        if (p.wantsColumns())
            p.info() = std::string(request ? "C: " : "S: ") + printableText(firstText);
        p.beginProtocol(*this, view, view.reported());
        std::uint32_t offset = 0;
        if (request || isStatusLine(firstText)) {
            dissectCommandOrStatus(p, view, firstText, request);
            offset = first.next;
        }
        // Everything else is data: the lines of a multi-line response (or of a request's SASL
        // data).
        while (offset < view.captured()) {
            const TextLine line = textLineAt(view, offset);
            p.addText(field(request ? RequestData : ResponseData), view, offset, line.next - offset,
                      view.text(offset, line.next - offset));
            offset = line.next;
        }
        return view.reported();
    }

  private:
    void dissectCommandOrStatus(Packet& p, const ByteView& view, std::string_view line,
                                bool request) const {
        const auto length = static_cast<std::uint32_t>(line.size());
        p.addText(field(request ? Request : Response), view, 0, length, line, FieldFlags::Hidden);
        const LineToken parts = firstToken(line);
        if (!parts.token.empty()) {
            p.addText(field(request ? RequestCommand : ResponseIndicator), view, 0,
                      static_cast<std::uint32_t>(parts.token.size()), parts.token);
        }
        if (!parts.rest.empty()) {
            p.addText(field(request ? RequestParameter : ResponseDescription), view,
                      parts.restOffset, static_cast<std::uint32_t>(parts.rest.size()), parts.rest);
        }
    }
};

}  // namespace

void registerPop(Registry& r) {
    auto& pop = r.addProtocol<PopProtocol>(kPopFields);
    r.onHandoff([&pop](Registry& registry) { registry.table("tcp.port").add(kPopPort, pop); });
}

}  // namespace caplens::proto
