// sip — Session Initiation Protocol (RFC 3261) on UDP and TCP port 5060, and the "sip_udp" /
// "sip_tcp" heuristics: a text start line (request "METHOD uri SIP/2.0" or status
// "SIP/2.0 200 OK"), header lines, a blank line, and a body of Content-Length bytes. Bytes
// that do not start with such a line are not SIP (rejected, as Wireshark does).
#include <cctype>
#include <cstdlib>

#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kSipPort = 5060;

enum SipField : FieldIndex {
    RequestLine, StatusLine, Method, RUri, RUriUser, RUriHost, StatusCode, MsgHdr, From, FromAddr, FromUser,
    FromHost, FromTag, To, ToAddr, ToUser, ToHost, ToTag, CallId, CSeq, CSeqSeq, CSeqMethod, Via, Contact,
    ContactUri, MaxForwards, ContentType, ContentLength, Expires, UserAgent, Server, Allow, Supported, Route,
    Authorization, WwwAuthenticate, MsgBody, kSipFieldCount
};

constexpr FieldDef kSipFields[] = {
    {RequestLine, "sip.Request-Line", "Request-Line", FieldType::String},
    {StatusLine, "sip.Status-Line", "Status-Line", FieldType::String},
    {Method, "sip.Method", "Method", FieldType::String},
    {RUri, "sip.r-uri", "Request-URI", FieldType::String},
    {RUriUser, "sip.r-uri.user", "Request-URI User Part", FieldType::String},
    {RUriHost, "sip.r-uri.host", "Request-URI Host Part", FieldType::String},
    {StatusCode, "sip.Status-Code", "Status-Code", FieldType::UInt32, Base::Dec},
    {MsgHdr, "sip.msg_hdr", "Message Header", FieldType::String},
    {From, "sip.From", "From", FieldType::String},
    {FromAddr, "sip.from.addr", "SIP from address", FieldType::String},
    {FromUser, "sip.from.user", "SIP from address User Part", FieldType::String},
    {FromHost, "sip.from.host", "SIP from address Host Part", FieldType::String},
    {FromTag, "sip.from.tag", "SIP from tag", FieldType::String},
    {To, "sip.To", "To", FieldType::String},
    {ToAddr, "sip.to.addr", "SIP to address", FieldType::String},
    {ToUser, "sip.to.user", "SIP to address User Part", FieldType::String},
    {ToHost, "sip.to.host", "SIP to address Host Part", FieldType::String},
    {ToTag, "sip.to.tag", "SIP to tag", FieldType::String},
    {CallId, "sip.Call-ID", "Call-ID", FieldType::String},
    {CSeq, "sip.CSeq", "CSeq", FieldType::String},
    {CSeqSeq, "sip.CSeq.seq", "Sequence Number", FieldType::UInt32, Base::Dec},
    {CSeqMethod, "sip.CSeq.method", "Method", FieldType::String},
    {Via, "sip.Via", "Via", FieldType::String},
    {Contact, "sip.Contact", "Contact", FieldType::String},
    {ContactUri, "sip.contact.uri", "Contact URI", FieldType::String},
    {MaxForwards, "sip.Max-Forwards", "Max-Forwards", FieldType::UInt32, Base::Dec},
    {ContentType, "sip.Content-Type", "Content-Type", FieldType::String},
    {ContentLength, "sip.Content-Length", "Content-Length", FieldType::UInt32, Base::Dec},
    {Expires, "sip.Expires", "Expires", FieldType::UInt32, Base::Dec},
    {UserAgent, "sip.User-Agent", "User-Agent", FieldType::String},
    {Server, "sip.Server", "Server", FieldType::String},
    {Allow, "sip.Allow", "Allow", FieldType::String},
    {Supported, "sip.Supported", "Supported", FieldType::String},
    {Route, "sip.Route", "Route", FieldType::String},
    {Authorization, "sip.Authorization", "Authorization", FieldType::String},
    {WwwAuthenticate, "sip.WWW-Authenticate", "WWW-Authenticate", FieldType::String},
    {MsgBody, "sip.msg_body", "Message Body", FieldType::None},
};
static_assert(std::size(kSipFields) == kSipFieldCount);

constexpr std::string_view kVersion = "SIP/2.0";

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    }
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// RFC 3261 token characters (a method name).
bool isTokenChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("-.!%*_+`'~").find(c) != std::string_view::npos;
}

enum class LineKind { Other, Request, Status };

// The kind of a start line (without its line ending).
LineKind classify(std::string_view line) {
    if (line.size() >= kVersion.size() + 4 && line.substr(0, kVersion.size() + 1) == "SIP/2.0 ") {
        const std::string_view code = line.substr(kVersion.size() + 1, 3);
        if (std::isdigit(static_cast<unsigned char>(code[0])) && std::isdigit(static_cast<unsigned char>(code[1])) &&
            std::isdigit(static_cast<unsigned char>(code[2])) &&
            (line.size() == kVersion.size() + 4 || line[kVersion.size() + 4] == ' ')) {
            return LineKind::Status;
        }
        return LineKind::Other;
    }
    const std::size_t space = line.find(' ');
    if (space == 0 || space == std::string_view::npos) return LineKind::Other;
    for (std::size_t i = 0; i < space; ++i) {
        if (!isTokenChar(line[i])) return LineKind::Other;
    }
    const std::size_t last = line.rfind(' ');
    if (last == space || line.substr(last + 1) != kVersion) return LineKind::Other;
    return LineKind::Request;
}

// Where the line starting at `from` ends (its CR LF or LF excluded), and where the next begins.
bool nextLine(std::string_view text, std::size_t from, std::size_t& end, std::size_t& next) {
    const std::size_t lf = text.find('\n', from);
    if (lf == std::string_view::npos) return false;
    end = (lf > from && text[lf - 1] == '\r') ? lf - 1 : lf;
    next = lf + 1;
    return true;
}

// The header a (full or compact) name stands for.
int headerField(std::string_view name) {
    struct Entry { std::string_view full; char compact; SipField field; };
    static constexpr Entry kHeaders[] = {
        {"From", 'f', From}, {"To", 't', To}, {"Call-ID", 'i', CallId}, {"CSeq", 0, CSeq}, {"Via", 'v', Via},
        {"Contact", 'm', Contact}, {"Max-Forwards", 0, MaxForwards}, {"Content-Type", 'c', ContentType},
        {"Content-Length", 'l', ContentLength}, {"Expires", 0, Expires}, {"User-Agent", 0, UserAgent},
        {"Server", 0, Server}, {"Allow", 0, Allow}, {"Supported", 'k', Supported}, {"Route", 0, Route},
        {"Authorization", 0, Authorization}, {"WWW-Authenticate", 0, WwwAuthenticate}};
    for (const Entry& e : kHeaders) {
        if (iequals(name, e.full) || (name.size() == 1 && e.compact != 0 &&
                                      std::tolower(static_cast<unsigned char>(name[0])) == e.compact)) {
            return e.field;
        }
    }
    return -1;
}

// The URI of a name-addr ("Bob <sip:bob@x>;tag=1") or addr-spec ("sip:bob@x;tag=1").
std::string_view uriOf(std::string_view value) {
    const std::size_t open = value.find('<');
    if (open != std::string_view::npos) {
        const std::size_t close = value.find('>', open);
        return value.substr(open + 1, close == std::string_view::npos ? std::string_view::npos : close - open - 1);
    }
    return trim(value.substr(0, value.find(';')));
}

// "user" and "host" of "sip:user@host:port;params".
void splitUri(std::string_view uri, std::string_view& user, std::string_view& host) {
    const std::size_t colon = uri.find(':');
    std::string_view rest = colon == std::string_view::npos ? uri : uri.substr(colon + 1);
    rest = rest.substr(0, rest.find_first_of(";?>"));
    const std::size_t at = rest.find('@');
    user = at == std::string_view::npos ? std::string_view{} : rest.substr(0, at);
    host = at == std::string_view::npos ? rest : rest.substr(at + 1);
    if (!host.empty() && host.front() != '[') host = host.substr(0, host.find(':'));
}

class SipProtocol final : public Dissector {
public:
    SipProtocol() : Dissector({"sip", "SIP", "Session Initiation Protocol"}) {}

    void connect(const Dissector* tcp) { m_tcp = tcp; }

    // Whether `view` starts with a SIP start line.
    static bool looksLikeSip(const ByteView& view) {
        const std::string_view text = view.text(0, view.captured());
        std::size_t end = 0, next = 0;
        if (!nextLine(text, 0, end, next)) return false;
        return classify(text.substr(0, end)) != LineKind::Other;
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        if (!looksLikeSip(view)) return 0;
        const std::string_view text = view.text(0, view.captured());
        std::size_t end = 0, next = 0;
        (void)nextLine(text, 0, end, next);
        // Find the blank line ending the headers, and the body's length.
        std::size_t headersEnd = std::string_view::npos, bodyStart = 0, at = next;
        std::uint32_t contentLength = 0;
        bool haveLength = false;
        while (at < text.size()) {
            std::size_t lineEnd = 0, lineNext = 0;
            if (!nextLine(text, at, lineEnd, lineNext)) break;
            if (lineEnd == at) {
                headersEnd = at;
                bodyStart = lineNext;
                break;
            }
            const std::string_view line = text.substr(at, lineEnd - at);
            const std::size_t colon = line.find(':');
            if (colon != std::string_view::npos && headerField(trim(line.substr(0, colon))) == ContentLength) {
                contentLength = static_cast<std::uint32_t>(std::strtoul(std::string(trim(line.substr(colon + 1))).c_str(), nullptr, 10));
                haveLength = true;
            }
            at = lineNext;
        }
        const bool tcp = overTcp(p);
        if (tcp && p.canDesegment()) {
            if (headersEnd == std::string_view::npos) {
                p.requestDesegment(0, Packet::kOneMoreSegment);
                return view.reported();
            }
            if (bodyStart + contentLength > view.reported()) {
                p.requestDesegment(0, static_cast<std::uint32_t>(bodyStart + contentLength - view.reported()));
                return view.reported();
            }
        }
        std::uint32_t messageLength = view.reported();
        if (tcp && headersEnd != std::string_view::npos && haveLength) {
            messageLength = std::min<std::uint32_t>(view.reported(), static_cast<std::uint32_t>(bodyStart + contentLength));
        }
        const ByteView message = view.limit(messageLength);
        dissectMessage(p, message, text.substr(0, std::min<std::size_t>(text.size(), messageLength)), end, next,
                       headersEnd == std::string_view::npos ? text.size() : headersEnd, bodyStart);
        if (tcp && messageLength < view.reported() && !p.stopped()) {
            // Another message follows in the same segment.
            const ByteView rest = view.from(messageLength);
            if (looksLikeSip(rest)) dissect(p, rest);
        }
        return view.reported();
    }

private:
    [[nodiscard]] bool overTcp(const Packet& p) const {
        const auto layers = p.layers();
        return m_tcp != nullptr && layers.size() >= 2 && layers[layers.size() - 2] == m_tcp->id();
    }

    void dissectMessage(Packet& p, const ByteView& v, std::string_view text, std::size_t lineEnd,
                        std::size_t headersStart, std::size_t headersEnd, std::size_t bodyStart) const {
        const ItemRef item = p.beginProtocol(*this, v, v.reported());
        const std::string_view line = text.substr(0, lineEnd);
        const bool request = classify(line) == LineKind::Request;
        if (request) {
            const ItemRef lineItem = p.addText(field(RequestLine), v, 0, static_cast<std::uint32_t>(lineEnd), line);
            p.push(lineItem);
            const std::size_t space = line.find(' ');
            const std::string_view method = line.substr(0, space);
            const std::string_view uri = line.substr(space + 1, line.rfind(' ') - space - 1);
            p.addText(field(Method), v, 0, static_cast<std::uint32_t>(space), method);
            p.addText(field(RUri), v, static_cast<std::uint32_t>(space + 1), static_cast<std::uint32_t>(uri.size()), uri);
            std::string_view user, host;
            splitUri(uri, user, host);
            if (!user.empty()) p.addText(field(RUriUser), v, static_cast<std::uint32_t>(user.data() - text.data()), static_cast<std::uint32_t>(user.size()), user);
            p.addText(field(RUriHost), v, static_cast<std::uint32_t>(host.data() - text.data()), static_cast<std::uint32_t>(host.size()), host);
            p.pop();
            if (p.wantsColumns()) {
                p.info() = "Request: " + std::string(line.substr(0, line.rfind(' ')));
                if (method == "REGISTER") p.info() += registerBindings(text.substr(headersStart, headersEnd - headersStart));
                p.info() += " | ";
            }
        } else {
            const ItemRef lineItem = p.addText(field(StatusLine), v, 0, static_cast<std::uint32_t>(lineEnd), line);
            p.push(lineItem);
            const std::uint32_t code = static_cast<std::uint32_t>(std::strtoul(std::string(line.substr(8, 3)).c_str(), nullptr, 10));
            p.add(field(StatusCode), v, 8, 3, FieldValue::ofUnsigned(code));
            p.pop();
            if (p.wantsColumns()) p.info() = "Status: " + std::string(line.substr(8)) + " | ";
        }
        if (p.buildsTree()) {
            p.setText(item, "Session Initiation Protocol (" + std::string(request ? line.substr(0, line.find(' ')) : line.substr(8, 3)) + ")");
        }
        const std::uint32_t headerBytes = static_cast<std::uint32_t>(headersEnd > headersStart ? headersEnd - headersStart : 0);
        const ItemRef hdr = p.addText(field(MsgHdr), v, static_cast<std::uint32_t>(headersStart), headerBytes,
                                      text.substr(headersStart, headerBytes));
        p.push(hdr);
        std::size_t at = headersStart;
        while (at < headersEnd) {
            std::size_t end = 0, next = 0;
            if (!nextLine(text, at, end, next)) end = next = headersEnd;
            header(p, v, text, at, end);
            at = next;
        }
        p.pop();
        if (bodyStart > 0 && bodyStart < v.reported()) {
            p.add(field(MsgBody), v, static_cast<std::uint32_t>(bodyStart), v.reported() - static_cast<std::uint32_t>(bodyStart), {});
        }
    }

    // What a REGISTER does to its bindings, as Wireshark's Info column says (" (1 binding)").
    static std::string registerBindings(std::string_view headers) {
        int contacts = 0;
        std::size_t at = 0;
        while (at < headers.size()) {
            std::size_t end = 0, next = 0;
            if (!nextLine(headers, at, end, next)) end = next = headers.size();
            const std::string_view line = headers.substr(at, end - at);
            const std::size_t colon = line.find(':');
            if (colon != std::string_view::npos && headerField(trim(line.substr(0, colon))) == Contact) {
                const std::string_view value = trim(line.substr(colon + 1));
                if (value == "*") return "  (remove all bindings)";
                int depth = 0;
                ++contacts;
                for (const char c : value) {
                    if (c == '<') ++depth;
                    else if (c == '>') --depth;
                    else if (c == ',' && depth == 0) ++contacts;
                }
            }
            at = next;
        }
        if (contacts == 0) return "  (fetch bindings)";
        return "  (" + std::to_string(contacts) + (contacts == 1 ? " binding)" : " bindings)");
    }

    void header(Packet& p, const ByteView& v, std::string_view text, std::size_t start, std::size_t end) const {
        const std::string_view line = text.substr(start, end - start);
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) return;
        const int f = headerField(trim(line.substr(0, colon)));
        if (f < 0) return;
        const std::string_view value = trim(line.substr(colon + 1));
        const auto offsetOf = [&](std::string_view part) { return static_cast<std::uint32_t>(part.data() - text.data()); };
        const auto length = static_cast<std::uint32_t>(line.size());
        if (f == ContentLength || f == MaxForwards || f == Expires) {
            p.add(field(static_cast<FieldIndex>(f)), v, static_cast<std::uint32_t>(start), length,
                  FieldValue::ofUnsigned(std::strtoul(std::string(value).c_str(), nullptr, 10)));
            return;
        }
        const ItemRef item = p.addText(field(static_cast<FieldIndex>(f)), v, static_cast<std::uint32_t>(start), length, value);
        if (f != From && f != To && f != CSeq && f != Contact) return;
        p.push(item);
        if (f == CSeq) {
            const std::size_t space = value.find(' ');
            p.add(field(CSeqSeq), v, offsetOf(value), static_cast<std::uint32_t>(std::min(space, value.size())),
                  FieldValue::ofUnsigned(std::strtoul(std::string(value.substr(0, space)).c_str(), nullptr, 10)));
            if (space != std::string_view::npos) {
                const std::string_view method = trim(value.substr(space + 1));
                p.addText(field(CSeqMethod), v, offsetOf(method), static_cast<std::uint32_t>(method.size()), method);
            }
        } else if (f == Contact) {
            const std::string_view uri = uriOf(value);
            p.addText(field(ContactUri), v, offsetOf(uri), static_cast<std::uint32_t>(uri.size()), uri);
        } else {
            const bool from = f == From;
            const std::string_view uri = uriOf(value);
            std::string_view user, host;
            splitUri(uri, user, host);
            p.addText(field(from ? FromAddr : ToAddr), v, offsetOf(uri), static_cast<std::uint32_t>(uri.size()), uri);
            if (!user.empty()) p.addText(field(from ? FromUser : ToUser), v, offsetOf(user), static_cast<std::uint32_t>(user.size()), user);
            p.addText(field(from ? FromHost : ToHost), v, offsetOf(host), static_cast<std::uint32_t>(host.size()), host);
            const std::size_t tag = value.find(";tag=");
            if (tag != std::string_view::npos) {
                const std::string_view t = value.substr(tag + 5, value.find(';', tag + 5) - tag - 5);
                p.addText(field(from ? FromTag : ToTag), v, offsetOf(t), static_cast<std::uint32_t>(t.size()), t);
            }
        }
        p.pop();
    }

    const Dissector* m_tcp = nullptr;
};

std::uint32_t sipHeuristic(const Dissector& self, Packet& p, const ByteView& view) {
    if (!SipProtocol::looksLikeSip(view)) return 0;
    return self.dissect(p, view);
}

}  // namespace

void registerSip(Registry& r) {
    auto& sip = r.addProtocol<SipProtocol>(kSipFields);
    r.onHandoff([&sip](Registry& registry) {
        sip.connect(registry.findProtocol("tcp"));
        registry.table("udp.port").add(kSipPort, sip);
        registry.table("tcp.port").add(kSipPort, sip);
        registry.addHeuristic("udp", sip, "sip_udp", sipHeuristic);
        registry.addHeuristic("tcp", sip, "sip_tcp", sipHeuristic);
    });
}

}  // namespace caplens::proto
