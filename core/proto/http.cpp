// http — Hypertext Transfer Protocol/1.x (RFC 9110, RFC 9112) over TCP, as Wireshark 4.0's
// packet-http.c shows it: request and status lines, headers, and the message body (by
// Content-Length, chunked transfer coding, or to the end of the connection), with the
// reassembly of headers and bodies that span segments.
//
//   request  = method SP request-target SP HTTP-version CRLF *( field-line CRLF ) CRLF [ body ]
//   response = HTTP-version SP status-code SP [ reason-phrase ] CRLF *( field-line CRLF ) CRLF [ body ]
//
// Bytes that are neither (binary continuation of a body whose start was not seen) show no HTTP
// item at all, unless a request was seen on the connection ("Continuation"). The body goes to
// "data" when it has no Content-Type or is application/octet-stream; other media types are
// Wireshark's media dissectors, which caplens does not implement, so they add no layer.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"
#include "core/proto/transport_endpoints.hpp"

namespace caplens::proto {
namespace {

// ---- constants and value names ----

constexpr std::uint16_t kTcpFin = 0x001;
// Stand-in for Wireshark's DESEGMENT_UNTIL_FIN (a response without length runs to the end of
// the connection): ask for this much more, which in practice means "until the stream ends".
constexpr std::uint32_t kUntilFin = 16u * 1024 * 1024;

enum class MessageType : std::uint8_t { Request, Response, Notification, Other };

constexpr ValueName kStatusCodes[] = {
    {100, "Continue"}, {101, "Switching Protocols"}, {102, "Processing"}, {103, "Early Hints"},
    {199, "Informational - Others"}, {200, "OK"}, {201, "Created"}, {202, "Accepted"},
    {203, "Non-authoritative Information"}, {204, "No Content"}, {205, "Reset Content"}, {206, "Partial Content"},
    {207, "Multi-Status"}, {208, "Already Reported"}, {226, "IM Used"}, {299, "Success - Others"},
    {300, "Multiple Choices"}, {301, "Moved Permanently"}, {302, "Found"}, {303, "See Other"},
    {304, "Not Modified"}, {305, "Use Proxy"}, {307, "Temporary Redirect"}, {308, "Permanent Redirect"},
    {399, "Redirection - Others"}, {400, "Bad Request"}, {401, "Unauthorized"}, {402, "Payment Required"},
    {403, "Forbidden"}, {404, "Not Found"}, {405, "Method Not Allowed"}, {406, "Not Acceptable"},
    {407, "Proxy Authentication Required"}, {408, "Request Time-out"}, {409, "Conflict"}, {410, "Gone"},
    {411, "Length Required"}, {412, "Precondition Failed"}, {413, "Request Entity Too Large"},
    {414, "Request-URI Too Long"}, {415, "Unsupported Media Type"}, {416, "Requested Range Not Satisfiable"},
    {417, "Expectation Failed"}, {418, "I'm a teapot"}, {421, "Misdirected Request"},
    {422, "Unprocessable Entity"}, {423, "Locked"}, {424, "Failed Dependency"}, {425, "Too Early"},
    {426, "Upgrade Required"}, {428, "Precondition Required"}, {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"}, {451, "Unavailable For Legal Reasons"},
    {499, "Client Error - Others"}, {500, "Internal Server Error"}, {501, "Not Implemented"},
    {502, "Bad Gateway"}, {503, "Service Unavailable"}, {504, "Gateway Time-out"},
    {505, "HTTP Version not supported"}, {506, "Variant Also Negotiates"}, {507, "Insufficient Storage"},
    {508, "Loop Detected"}, {510, "Not Extended"}, {511, "Network Authentication Required"},
    {599, "Server Error - Others"}};

// ---- fields ----

enum HttpField : FieldIndex {
    Notification, Response, Request, ResponseNumber, RequestNumber, AuthBasic, ResponseLine, RequestLine,
    RequestMethod, RequestUri, RequestUriPath, RequestUriQuery, RequestUriQueryParameter, RequestVersion,
    ResponseVersion, RequestFullUri, ResponseCode, ResponseCodeDesc, ResponseForUri, ResponsePhrase,
    Authorization, ProxyAuthenticate, ProxyAuthorization, ProxyConnectHost, ProxyConnectPort, WwwAuthenticate,
    ContentType, ContentLengthHeader, ContentLength, ContentEncoding, TransferEncoding, Upgrade, UserAgent, Host,
    Connection, Cookie, CookiePair, Accept, Referer, AcceptLanguage, AcceptEncoding, Date, CacheControl, Server,
    Location, SecWebSocketAccept, SecWebSocketExtensions, SecWebSocketKey, SecWebSocketProtocol,
    SecWebSocketVersion, SetCookie, LastModified, XForwardedFor, Http2Settings, RequestIn, Time,
    ChunkedTrailerPart, ChunkBoundary, ChunkSize, ChunkData, FileData, UnknownHeader, kHttpFieldCount
};

constexpr FieldDef kHttpFields[] = {
    {Notification, "http.notification", "Notification", FieldType::Bool, Base::None, 0, {}, "TRUE if HTTP notification"},
    {Response, "http.response", "Response", FieldType::Bool, Base::None, 0, {}, "TRUE if HTTP response"},
    {Request, "http.request", "Request", FieldType::Bool, Base::None, 0, {}, "TRUE if HTTP request"},
    {ResponseNumber, "http.response_number", "Response number", FieldType::UInt32, Base::Dec},
    {RequestNumber, "http.request_number", "Request number", FieldType::UInt32, Base::Dec},
    {AuthBasic, "http.authbasic", "Credentials", FieldType::String},
    {ResponseLine, "http.response.line", "Response line", FieldType::String},
    {RequestLine, "http.request.line", "Request line", FieldType::String},
    {RequestMethod, "http.request.method", "Request Method", FieldType::String, Base::None, 0, {}, "HTTP Request Method"},
    {RequestUri, "http.request.uri", "Request URI", FieldType::String, Base::None, 0, {}, "HTTP Request-URI"},
    {RequestUriPath, "http.request.uri.path", "Request URI Path", FieldType::String},
    {RequestUriQuery, "http.request.uri.query", "Request URI Query", FieldType::String},
    {RequestUriQueryParameter, "http.request.uri.query.parameter", "Request URI Query Parameter", FieldType::String},
    {RequestVersion, "http.request.version", "Request Version", FieldType::String},
    {ResponseVersion, "http.response.version", "Response Version", FieldType::String},
    {RequestFullUri, "http.request.full_uri", "Full request URI", FieldType::String},
    {ResponseCode, "http.response.code", "Status Code", FieldType::UInt16, Base::Dec},
    {ResponseCodeDesc, "http.response.code.desc", "Status Code Description", FieldType::String},
    {ResponseForUri, "http.response_for.uri", "Request URI", FieldType::String},
    {ResponsePhrase, "http.response.phrase", "Response Phrase", FieldType::String},
    {Authorization, "http.authorization", "Authorization", FieldType::String},
    {ProxyAuthenticate, "http.proxy_authenticate", "Proxy-Authenticate", FieldType::String},
    {ProxyAuthorization, "http.proxy_authorization", "Proxy-Authorization", FieldType::String},
    {ProxyConnectHost, "http.proxy_connect_host", "Proxy-Connect-Hostname", FieldType::String},
    {ProxyConnectPort, "http.proxy_connect_port", "Proxy-Connect-Port", FieldType::UInt16, Base::Dec},
    {WwwAuthenticate, "http.www_authenticate", "WWW-Authenticate", FieldType::String},
    {ContentType, "http.content_type", "Content-Type", FieldType::String},
    {ContentLengthHeader, "http.content_length_header", "Content-Length", FieldType::String},
    {ContentLength, "http.content_length", "Content length", FieldType::UInt64, Base::Dec},
    {ContentEncoding, "http.content_encoding", "Content-Encoding", FieldType::String},
    {TransferEncoding, "http.transfer_encoding", "Transfer-Encoding", FieldType::String},
    {Upgrade, "http.upgrade", "Upgrade", FieldType::String},
    {UserAgent, "http.user_agent", "User-Agent", FieldType::String},
    {Host, "http.host", "Host", FieldType::String},
    {Connection, "http.connection", "Connection", FieldType::String},
    {Cookie, "http.cookie", "Cookie", FieldType::String},
    {CookiePair, "http.cookie_pair", "Cookie pair", FieldType::String},
    {Accept, "http.accept", "Accept", FieldType::String},
    {Referer, "http.referer", "Referer", FieldType::String},
    {AcceptLanguage, "http.accept_language", "Accept-Language", FieldType::String},
    {AcceptEncoding, "http.accept_encoding", "Accept Encoding", FieldType::String},
    {Date, "http.date", "Date", FieldType::String},
    {CacheControl, "http.cache_control", "Cache-Control", FieldType::String},
    {Server, "http.server", "Server", FieldType::String},
    {Location, "http.location", "Location", FieldType::String},
    {SecWebSocketAccept, "http.sec_websocket_accept", "Sec-WebSocket-Accept", FieldType::String},
    {SecWebSocketExtensions, "http.sec_websocket_extensions", "Sec-WebSocket-Extensions", FieldType::String},
    {SecWebSocketKey, "http.sec_websocket_key", "Sec-WebSocket-Key", FieldType::String},
    {SecWebSocketProtocol, "http.sec_websocket_protocol", "Sec-WebSocket-Protocol", FieldType::String},
    {SecWebSocketVersion, "http.sec_websocket_version", "Sec-WebSocket-Version", FieldType::String},
    {SetCookie, "http.set_cookie", "Set-Cookie", FieldType::String},
    {LastModified, "http.last_modified", "Last-Modified", FieldType::String},
    {XForwardedFor, "http.x_forwarded_for", "X-Forwarded-For", FieldType::String},
    {Http2Settings, "http.http2_settings", "HTTP2-Settings", FieldType::String},
    {RequestIn, "http.request_in", "Request in frame", FieldType::FrameNumber},
    {Time, "http.time", "Time since request", FieldType::RelativeTime},
    {ChunkedTrailerPart, "http.chunked_trailer_part", "trailer-part", FieldType::String},
    {ChunkBoundary, "http.chunk_boundary", "Chunk boundary", FieldType::Bytes},
    {ChunkSize, "http.chunk_size", "Chunk size", FieldType::UInt32, Base::Dec},
    {ChunkData, "http.chunk_data", "Chunk data", FieldType::Bytes},
    {FileData, "http.file_data", "File Data", FieldType::String},
    {UnknownHeader, "http.unknown_header", "Unknown header", FieldType::String},
};
static_assert(std::size(kHttpFields) == kHttpFieldCount);

enum HttpExpert : std::uint16_t { Chat, BadHeaderName, LeadingCrlf, TeAndLength, kHttpExpertCount };
constexpr ExpertDef kHttpExperts[] = {
    {Chat, "http.chat", ExpertSeverity::Chat, ExpertGroup::Sequence, "Formatted text"},
    {BadHeaderName, "http.bad_header_name", ExpertSeverity::Warning, ExpertGroup::Protocol,
     "Illegal characters found in header name"},
    {LeadingCrlf, "http.leading_crlf", ExpertSeverity::Error, ExpertGroup::Malformed,
     "Leading CRLF previous message in the stream may have extra CRLF"},
    {TeAndLength, "http.te_and_length", ExpertSeverity::Warning, ExpertGroup::Malformed,
     "The Content-Length and Transfer-Encoding header must not be set together"},
};
static_assert(std::size(kHttpExperts) == kHttpExpertCount);

// Headers with a field of their own (Wireshark's headers[] table).
enum class Special : std::uint8_t {
    None, Authorization, ContentType, ContentLength, ContentEncoding, TransferEncoding, Host, Upgrade, Cookie
};
struct KnownHeader {
    std::string_view name;
    HttpField field;
    Special special;
};
constexpr KnownHeader kHeaders[] = {
    {"Authorization", Authorization, Special::Authorization},
    {"Proxy-Authorization", ProxyAuthorization, Special::Authorization},
    {"Proxy-Authenticate", ProxyAuthenticate, Special::None},
    {"WWW-Authenticate", WwwAuthenticate, Special::None},
    {"Content-Type", ContentType, Special::ContentType},
    {"Content-Length", ContentLengthHeader, Special::ContentLength},
    {"Content-Encoding", ContentEncoding, Special::ContentEncoding},
    {"Transfer-Encoding", TransferEncoding, Special::TransferEncoding},
    {"Upgrade", Upgrade, Special::Upgrade},
    {"User-Agent", UserAgent, Special::None},
    {"Host", Host, Special::Host},
    {"Connection", Connection, Special::None},
    {"Cookie", Cookie, Special::Cookie},
    {"Accept", Accept, Special::None},
    {"Referer", Referer, Special::None},
    {"Accept-Language", AcceptLanguage, Special::None},
    {"Accept-Encoding", AcceptEncoding, Special::None},
    {"Date", Date, Special::None},
    {"Cache-Control", CacheControl, Special::None},
    {"Server", Server, Special::None},
    {"Location", Location, Special::None},
    {"Sec-WebSocket-Accept", SecWebSocketAccept, Special::None},
    {"Sec-WebSocket-Extensions", SecWebSocketExtensions, Special::None},
    {"Sec-WebSocket-Key", SecWebSocketKey, Special::None},
    {"Sec-WebSocket-Protocol", SecWebSocketProtocol, Special::None},
    {"Sec-WebSocket-Version", SecWebSocketVersion, Special::None},
    {"Set-Cookie", SetCookie, Special::None},
    {"Last-Modified", LastModified, Special::None},
    {"X-Forwarded-For", XForwardedFor, Special::None},
    {"HTTP2-Settings", Http2Settings, Special::None},
};

// Wireshark 4.0's TCP ports for HTTP (its own range and those of protocols carried over it).
constexpr std::uint16_t kHttpPorts[] = {80, 631, 1900, 2710, 2869, 3128, 3132, 3689, 5985, 8080, 8088, 11371};

// ---- text helpers ----

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    }
    return true;
}

bool startsWithIgnoreCase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && equalsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

bool isPrintable(std::uint8_t c) { return c >= 0x20 && c < 0x7F; }

// RFC 7230 tchar as Wireshark 4.0 checks it (its list also lets '\' and ':' through).
bool isTokenChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&\\:*+-.^_`|~").find(c) != std::string_view::npos;
}

// A line of the bytes (Wireshark's tvb_find_line_end): its length without the terminator
// (CR, LF or CRLF) and where the next line starts. With `desegment`, a missing terminator (or a
// CR that may be the first half of a CRLF) gives length -1; without, the rest is the line.
struct Line {
    std::int64_t length = -1;
    std::uint32_t next = 0;
};
Line findLineEnd(const ByteView& v, std::uint32_t offset, bool desegment) {
    const std::uint32_t end = v.captured();
    for (std::uint32_t i = offset; i < end; ++i) {
        const std::uint8_t c = v.u8(i);
        if (c == '\n') return {i - offset, i + 1};
        if (c == '\r') {
            if (i + 1 < end) return {i - offset, v.u8(i + 1) == '\n' ? i + 2 : i + 1};
            if (desegment) return {};
            return {i - offset, i + 1};
        }
    }
    if (desegment || offset >= end) return {};
    return {end - offset, end};
}

// The value of a decimal field with optional surrounding white space, or -1.
std::int64_t parseDecimal(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    if (text.empty() || text.size() > 18) return -1;
    std::int64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

// Base64 (RFC 4648) of HTTP Basic credentials, decoded leniently.
std::string decodeBase64(std::string_view in) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char c : in) {
        int value;
        if (c >= 'A' && c <= 'Z') value = c - 'A';
        else if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
        else if (c >= '0' && c <= '9') value = c - '0' + 52;
        else if (c == '+' || c == '-') value = 62;
        else if (c == '/' || c == '_') value = 63;
        else continue;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return out;
}

// ---- per-connection state ----

struct HttpConversation {
    bool sawRequest = false;            // a request line was seen (Wireshark's conv_data->request_uri)
    std::string requestMethod;          // of the last request line
    std::string requestUri;
    std::string fullUri;
    std::uint16_t responseCode = 0;     // of the last status line
    std::uint32_t messages = 0;         // requests and responses seen, for http.request_number
    std::uint64_t requestFrame = 0;     // the last request's frame and time, for responses
    TimestampNs requestTime = kNoTimestamp;
    // After a 101 Switching Protocols (or a CONNECT's 2xx) the bytes are another protocol's.
    std::uint64_t switchFrame = 0;
    std::uint32_t switchOffset = 0;
    bool tunnel = false;                // CONNECT: the bytes go to the tunnelled port's dissector
    std::uint16_t tunnelPort = 0;
    // Reassembly of a whole next segment (see continueOneMoreSegment), per direction.
    std::uint64_t oneMoreFrame[2] = {};
    std::uint32_t oneMoreLength[2] = {};
};

class HttpState final : public ProtocolState {
public:
    std::unordered_map<ConnectionKey, HttpConversation, ConnectionKeyHash> conversations;
    HttpConversation unkeyed;
};

// What one message's headers said.
struct Headers {
    std::string contentType;            // lower-case media type without parameters
    bool haveContentLength = false;
    std::int64_t contentLength = 0;
    std::string contentEncoding;
    bool transferEncoding = false;      // a Transfer-Encoding header was present
    bool chunked = false;
    bool otherTransferCoding = false;   // gzip, deflate, compress: shown as data
    std::string upgrade;
    std::string host;
};

// ---- the dissector ----

class HttpProtocol final : public Dissector {
public:
    HttpProtocol() : Dissector({"http", "HTTP", "Hypertext Transfer Protocol"}) {}

    void connect(const DissectorTable& tcpPorts) { m_tcpPorts = &tcpPorts; }
    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override { return std::make_unique<HttpState>(); }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const TransportEndpoints endpoints = tcpEndpoints(p);
        bool forward = true;
        auto& state = p.state<HttpState>(*this);
        HttpConversation& conv =
            endpoints.valid ? state.conversations[connectionKey(endpoints, &forward)] : state.unkeyed;
        p.rememberState(*this, 0, conv);
        Call c{p, conv, endpoints, forward ? 0 : 1};
        c.endOfStream = (endpoints.tcpFlags & kTcpFin) != 0;
        if (continueOneMoreSegment(c, view)) return view.reported();
        if (conv.tunnel && p.frame().number >= conv.switchFrame) {
            dissectTunnel(c, view);
            return view.reported();
        }
        std::uint32_t offset = 0;
        while (offset < view.reported() && !p.stopped()) {
            if (conv.switchFrame != 0 &&
                (p.frame().number > conv.switchFrame ||
                 (p.frame().number == conv.switchFrame && offset >= conv.switchOffset))) {
                // The connection switched protocols (WebSocket, ...): not HTTP any more.
                p.callData(view.from(offset));
                break;
            }
            const std::int64_t used = dissectMessage(c, view, offset);
            if (used < 0) break;
            offset += static_cast<std::uint32_t>(used);
            c.firstMessage = false;
        }
        return view.reported();
    }

    // Wireshark's http_tcp heuristic: the first line starts or ends with "HTTP/1.".
    static bool looksLikeHttp(const ByteView& v) {
        const Line line = findLineEnd(v, 0, true);
        if (line.length == -1 || line.length == 8) return false;
        const auto length = static_cast<std::uint32_t>(line.length);
        const bool ends = length > 8 && startsWithIgnoreCase(v.text(length - 8, 7), "HTTP/1.");
        return ends || startsWithIgnoreCase(v.text(0, 7), "HTTP/1.");
    }

private:
    struct Call {
        Packet& p;
        HttpConversation& conv;
        const TransportEndpoints& endpoints;
        int direction;
        bool endOfStream = false;
        bool firstMessage = true;
    };

    // ---- reassembly ----

    // Wireshark answers DESEGMENT_ONE_MORE_SEGMENT with the whole next segment. TCP here may
    // hand the PDU back after only the first byte of that segment; the rest of the segment is
    // then asked for, so that HTTP decides on whole segments as Wireshark's does.
    static bool continueOneMoreSegment(Call& c, const ByteView& view) {
        std::uint64_t& frame = c.conv.oneMoreFrame[c.direction];
        if (frame == 0 || c.p.frame().number <= frame) return false;
        frame = 0;
        if (view.source() == 0 || !c.p.canDesegment() || !c.endpoints.valid) return false;
        const std::uint64_t expected = std::uint64_t{c.conv.oneMoreLength[c.direction]} + c.endpoints.payloadLength;
        if (view.reported() >= expected || expected - view.reported() >= c.endpoints.payloadLength) return false;
        c.p.requestDesegment(0, static_cast<std::uint32_t>(expected - view.reported()));
        return true;
    }

    // Asks TCP for more, remembering a "next segment" request (see continueOneMoreSegment).
    static void desegment(Call& c, const ByteView& view, std::uint32_t offset, std::uint32_t more) {
        c.p.requestDesegment(offset, more);
        if (more == Packet::kOneMoreSegment) {
            c.conv.oneMoreFrame[c.direction] = c.p.frame().number;
            c.conv.oneMoreLength[c.direction] = view.reported() - offset;
        }
    }

    // Wireshark's req_resp_hdrs_do_reassembly: are the headers (up to the blank line) and the
    // body the headers announce all here? If not, asks TCP for more and returns false.
    static bool reassemble(Call& c, const ByteView& v, std::uint32_t offset, bool body, bool untilFin) {
        if (!c.p.canDesegment()) return true;
        std::uint32_t next = offset;
        std::int64_t contentLength = -1;
        bool chunked = false;
        bool rpcContent = false;
        for (;;) {
            if (next >= v.reported()) {
                desegment(c, v, offset, Packet::kOneMoreSegment);
                return false;
            }
            const std::uint32_t start = next;
            const Line line = findLineEnd(v, next, true);
            if (line.length == -1) {
                if (v.captured() < v.reported()) return true;  // cut by the snap length: more will not come
                desegment(c, v, offset, Packet::kOneMoreSegment);
                return false;
            }
            next = line.next;
            if (line.length == 0) break;
            if (!body) continue;
            const std::string_view text = v.text(start, static_cast<std::uint32_t>(line.length));
            if (startsWithIgnoreCase(text, "Content-Length:")) {
                const std::int64_t value = parseDecimal(text.substr(15));
                if (value >= 0 && value <= 0x7FFFFFFF) contentLength = value;
            } else if (startsWithIgnoreCase(text, "Content-Type:")) {
                std::string_view type = text.substr(13);
                while (!type.empty() && type.front() == ' ') type.remove_prefix(1);
                rpcContent = type.substr(0, 15) == "application/rpc";
            } else if (startsWithIgnoreCase(text, "Transfer-Encoding:")) {
                std::string_view coding = text.substr(18);
                while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t')) coding.remove_prefix(1);
                if (startsWithIgnoreCase(coding, "chunked")) chunked = true;
            }
        }
        if (!body) return true;
        if (chunked) return reassembleChunks(c, v, offset, next);
        if (contentLength >= 0) {
            // MS-RPCH (RPC over HTTP) announces lengths it never sends.
            if (contentLength >= 128 * 1024 &&
                (rpcContent || v.text(0, 11) == "RPC_IN_DATA" || v.text(0, 12) == "RPC_OUT_DATA")) {
                return true;
            }
            const std::uint64_t have = v.reported() - next;
            if (have >= static_cast<std::uint64_t>(contentLength)) return true;
            if (v.captured() < v.reported()) return true;
            desegment(c, v, offset, static_cast<std::uint32_t>(contentLength - static_cast<std::int64_t>(have)));
            return false;
        }
        if (untilFin) {
            if (v.captured() < v.reported()) return true;
            desegment(c, v, offset, kUntilFin);
            return false;
        }
        return true;
    }

    // The chunks of a chunked body, up to the last (empty) one and its CRLF.
    static bool reassembleChunks(Call& c, const ByteView& v, std::uint32_t offset, std::uint32_t next) {
        for (;;) {
            if (next >= v.reported()) {
                desegment(c, v, offset, Packet::kOneMoreSegment);
                return false;
            }
            const Line line = findLineEnd(v, next, true);
            if (line.length == -1) {
                if (v.captured() < v.reported()) return true;
                desegment(c, v, offset, Packet::kOneMoreSegment);
                return false;
            }
            std::string_view text = v.text(next, static_cast<std::uint32_t>(line.length));
            text = text.substr(0, text.find(';'));
            char* end = nullptr;
            const std::string sizeText(text);
            const unsigned long long size = std::strtoull(sizeText.c_str(), &end, 16);
            if (end == sizeText.c_str()) return true;   // no chunk size: stop trying
            if (size > (1ull << 31)) return true;       // unreasonable
            if (size == 0) {
                const Line trailer = findLineEnd(v, line.next, true);
                if (trailer.length == -1 && v.captured() >= v.reported()) {
                    desegment(c, v, offset, Packet::kOneMoreSegment);
                    return false;
                }
                return true;
            }
            if (v.reported() - next > size) {
                next = line.next + static_cast<std::uint32_t>(size) + 2;
            } else {
                desegment(c, v, offset, Packet::kOneMoreSegment);
                return false;
            }
        }
    }

    // ---- one message ----

    // Dissects the message at `offset`; returns the bytes it took, or -1 when there is nothing
    // (more) to show or TCP was asked for more.
    std::int64_t dissectMessage(Call& c, const ByteView& v, std::uint32_t offset) const {
        Packet& p = c.p;
        HttpConversation& conv = c.conv;
        const std::uint32_t start = offset;
        if (v.reported() - offset < 1) return -1;
        // RFC 9112 section 2.2: an empty line before a request is ignored.
        bool leadingCrlf = false;
        if (v.reported() - offset > 3 && v.u16(offset) == 0x0D0A) {
            leadingCrlf = true;
            offset += 2;
        }
        const bool sawHttp = conv.sawRequest;
        if (!isPrintable(v.u8(offset))) {
            // Binary: the body of a message whose start is elsewhere.
            if (sawHttp) {
                setContinuation(c);
                p.beginProtocol(*this, v.from(offset), v.reported() - offset);
                p.callData(v.from(start));
            }
            return -1;
        }
        const Line first = findLineEnd(v, offset, true);
        if (first.length == -1 && !reassemble(c, v, offset, true, false)) return -1;
        const std::string_view firstLine =
            first.length == -1 ? std::string_view{} : v.text(offset, static_cast<std::uint32_t>(first.length));
        MessageType type = MessageType::Other;
        std::string_view method;
        const bool requestOrResponse = classify(firstLine, type, method);
        if (requestOrResponse) {
            setInfoLine(c, firstLine);
            bool body = !c.endOfStream;
            if (body && type == MessageType::Response) {
                const int code = parseStatusCode(firstLine);
                if (conv.requestMethod == "HEAD" ||
                    (code / 100 == 2 && (conv.requestMethod == "CONNECT" || conv.requestMethod == "SSTP_DUPLEX_POST")) ||
                    code / 100 == 1 || code == 204 || code == 304) {
                    body = false;  // no body by definition (RFC 9110 section 6.4.1)
                }
            }
            if (!reassemble(c, v, offset, body, type == MessageType::Response)) return -1;
        } else if (sawHttp) {
            setContinuation(c);
        }
        bool haveItem = false;
        if (requestOrResponse || sawHttp) {
            beginMessage(c, v, start, leadingCrlf);
            haveItem = true;
        }
        Headers headers;
        type = MessageType::Other;
        bool sawLine = false;
        while (offset < v.captured() && !p.stopped()) {
            const Line line = findLineEnd(v, offset, false);
            if (line.length < 0) return -1;
            const auto length = static_cast<std::uint32_t>(line.length);
            const std::string_view text = v.text(offset, length);
            std::string_view lineMethod;
            const bool isRequestOrResponse = classify(text, type, lineMethod);
            const std::size_t colon = text.find(':');
            if (!isRequestOrResponse && length != 0 && colon == std::string_view::npos) {
                // Not HTTP. An unterminated line after headers is an incomplete one: Wireshark
                // asks for its terminator, which is beyond the bytes (short or malformed).
                if (sawLine && offset + length + 1 > v.captured()) {
                    p.markUnavailable(*this, v, offset, length + 1);
                    return -1;
                }
                break;
            }
            if (!haveItem) {
                beginMessage(c, v, start, leadingCrlf);
                haveItem = true;
            }
            if (length == 0) {
                offset = line.next;
                break;
            }
            sawLine = true;
            if (isRequestOrResponse) {
                dissectFirstLine(c, v, offset, line, type, lineMethod);
            } else {
                dissectHeader(c, v, offset, line, static_cast<std::uint32_t>(colon), type, headers);
            }
            offset = line.next;
        }
        if (!haveItem) return -1;
        finishMessage(c, type, headers);
        offset = dissectBody(c, v, offset, type, headers);
        detectSwitch(c, type, headers, offset);
        return offset - start;
    }

    void beginMessage(Call& c, const ByteView& v, std::uint32_t start, bool leadingCrlf) const {
        c.p.setProtocolColumn("HTTP");
        c.p.beginProtocol(*this, v.from(start), v.reported() - start);
        if (leadingCrlf) c.p.addExpert(expert(LeadingCrlf));
    }

    // The Info column: the first message's start line; later ones in the frame are appended.
    static void setInfoLine(Call& c, std::string_view line) {
        if (!c.p.wantsColumns()) return;
        std::string text;
        text.reserve(line.size() + 1);
        for (const char ch : line) text += isPrintable(static_cast<std::uint8_t>(ch)) ? ch : '.';
        text += ' ';
        if (c.firstMessage) c.p.info() = text;
        else c.p.info() += text;
    }

    static void setContinuation(Call& c) {
        if (!c.p.wantsColumns()) return;
        if (c.firstMessage) c.p.info() = "Continuation";
        else c.p.info() += "Continuation";
    }

    // Wireshark's is_http_request_or_reply: a status line, or a known method and a space.
    static bool classify(std::string_view line, MessageType& type, std::string_view& method) {
        if (line.size() >= 2 && line.substr(0, 2) == "M-") line.remove_prefix(2);  // RFC 2774 mandatory prefix
        if ((line.size() >= 5 && line.substr(0, 5) == "HTTP/") || (line.size() >= 3 && line.substr(0, 3) == "ICY")) {
            type = MessageType::Response;
            return true;
        }
        const std::string_view token = line.substr(0, line.find(' '));
        static constexpr std::string_view kRequests[] = {
            "GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST", "BCOPY", "BMOVE", "MKCOL", "TRACE",
            "PATCH", "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "BDELETE", "CONNECT",
            "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST", "PROPPATCH", "BPROPFIND", "BPROPPATCH",
            "UNCHECKOUT", "MKACTIVITY", "MKWORKSPACE", "RPC_CONNECT", "RPC_IN_DATA", "RPC_OUT_DATA",
            "VERSION-CONTROL", "BASELINE-CONTROL", "SSTP_DUPLEX_POST"};
        static constexpr std::string_view kNotifications[] = {"NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE"};
        if (std::find(std::begin(kRequests), std::end(kRequests), token) != std::end(kRequests)) {
            type = MessageType::Request;
        } else if (std::find(std::begin(kNotifications), std::end(kNotifications), token) != std::end(kNotifications)) {
            type = MessageType::Notification;
        } else {
            return false;
        }
        method = token;
        return true;
    }

    // The status code of a status line (0 when malformed).
    static int parseStatusCode(std::string_view line) {
        const std::size_t space = line.find(' ');
        if (space == std::string_view::npos) return 0;
        std::string_view rest = line.substr(space);
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        const std::string_view code = rest.substr(0, rest.find(' '));
        if (code.size() != 3) return 0;
        const std::int64_t value = parseDecimal(code);
        return value < 0 ? 0 : static_cast<int>(value);
    }

    // ---- start line ----

    void dissectFirstLine(Call& c, const ByteView& v, std::uint32_t offset, const Line& line, MessageType type,
                          std::string_view method) const {
        Packet& p = c.p;
        const auto length = static_cast<std::uint32_t>(line.length);
        p.add(field(type == MessageType::Response ? ResponseLine : RequestLine), v, offset, line.next - offset,
              FieldValue::ofText(v.text(offset, line.next - offset)), FieldFlags::Hidden);
        p.addExpert(expert(Chat));
        const std::string_view text = v.text(offset, length);
        if (type == MessageType::Response) {
            dissectStatusLine(c, v, offset, text);
        } else {
            c.conv.requestMethod.assign(method);
            dissectRequestLine(c, v, offset, text);
        }
    }

    // method SP request-target SP HTTP-version
    void dissectRequestLine(Call& c, const ByteView& v, std::uint32_t offset, std::string_view line) const {
        Packet& p = c.p;
        std::size_t methodEnd = line.find(' ');
        if (methodEnd == 0) return;
        if (methodEnd == std::string_view::npos) methodEnd = line.size();
        p.add(field(RequestMethod), v, offset, static_cast<std::uint32_t>(methodEnd),
              FieldValue::ofText(line.substr(0, methodEnd)));
        std::size_t uriStart = std::min(methodEnd + 1, line.size());
        const std::size_t uriEnd = std::min(line.find(' ', uriStart), line.size());
        const std::string_view uri = line.substr(uriStart, uriEnd - uriStart);
        c.conv.sawRequest = true;
        c.conv.requestUri.assign(uri);
        p.push(p.add(field(RequestUri), v, offset + static_cast<std::uint32_t>(uriStart),
                     static_cast<std::uint32_t>(uri.size()), FieldValue::ofText(uri)));
        if (const std::size_t q = uri.find('?'); q != std::string_view::npos && q + 1 < uri.size()) {
            const auto at = offset + static_cast<std::uint32_t>(uriStart);
            p.add(field(RequestUriPath), v, at, static_cast<std::uint32_t>(q), FieldValue::ofText(uri.substr(0, q)));
            const std::string_view query = uri.substr(q + 1);
            p.push(p.add(field(RequestUriQuery), v, at + static_cast<std::uint32_t>(q) + 1,
                         static_cast<std::uint32_t>(query.size()), FieldValue::ofText(query)));
            std::size_t from = 0;
            while (from < query.size()) {
                std::size_t to = query.find('&', from);
                if (to == std::string_view::npos) to = query.size();
                if (to > from) {
                    p.add(field(RequestUriQueryParameter), v, at + static_cast<std::uint32_t>(q + 1 + from),
                          static_cast<std::uint32_t>(to - from), FieldValue::ofText(query.substr(from, to - from)));
                }
                from = to + 1;
            }
            p.pop();
        }
        p.pop();
        const std::size_t versionStart = std::min(uriEnd + 1, line.size());
        p.add(field(RequestVersion), v, offset + static_cast<std::uint32_t>(versionStart),
              static_cast<std::uint32_t>(line.size() - versionStart), FieldValue::ofText(line.substr(versionStart)));
    }

    // HTTP-version SP status-code SP reason-phrase
    void dissectStatusLine(Call& c, const ByteView& v, std::uint32_t offset, std::string_view line) const {
        Packet& p = c.p;
        std::size_t versionEnd = line.find(' ');
        if (versionEnd == 0) return;
        if (versionEnd == std::string_view::npos) versionEnd = line.size();
        p.add(field(ResponseVersion), v, offset, static_cast<std::uint32_t>(versionEnd),
              FieldValue::ofText(line.substr(0, versionEnd)));
        std::size_t codeStart = versionEnd;
        while (codeStart < line.size() && line[codeStart] == ' ') ++codeStart;
        const std::size_t codeEnd = std::min(line.find(' ', codeStart), line.size());
        if (codeEnd - codeStart < 3) return;
        const int code = std::atoi(std::string(line.substr(codeStart, 3)).c_str());
        c.conv.responseCode = static_cast<std::uint16_t>(code);
        const auto at = offset + static_cast<std::uint32_t>(codeStart);
        p.add(field(ResponseCode), v, at, 3, FieldValue::ofUnsigned(static_cast<std::uint64_t>(code)));
        if (p.wants(field(ResponseCodeDesc))) {
            const std::string_view name = nameOf(kStatusCodes, static_cast<std::uint64_t>(code));
            const std::string text = name.empty() ? "Unknown (" + std::to_string(code) + ")" : std::string(name);
            p.addText(field(ResponseCodeDesc), v, at, 3, text, FieldFlags::Generated);
        }
        std::size_t phraseStart = codeEnd;
        while (phraseStart < line.size() && line[phraseStart] == ' ') ++phraseStart;
        if (phraseStart < line.size()) {
            p.add(field(ResponsePhrase), v, offset + static_cast<std::uint32_t>(phraseStart),
                  static_cast<std::uint32_t>(line.size() - phraseStart), FieldValue::ofText(line.substr(phraseStart)));
        }
    }

    // ---- headers ----

    void dissectHeader(Call& c, const ByteView& v, std::uint32_t offset, const Line& line, std::uint32_t colon,
                       MessageType type, Headers& headers) const {
        Packet& p = c.p;
        const auto length = static_cast<std::uint32_t>(line.length);
        const std::string_view text = v.text(offset, length);
        const std::string_view name = text.substr(0, colon);
        const std::uint32_t whole = line.next - offset;
        const bool validName = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
            return ch != '\0' && isTokenChar(ch);
        });
        const HttpField lineField = type == MessageType::Response ? ResponseLine
                                    : type == MessageType::Request ? RequestLine
                                                                   : UnknownHeader;
        if (!validName) {
            p.add(field(lineField), v, offset, whole, FieldValue::ofText(text));
            p.addExpert(expert(BadHeaderName));
            return;
        }
        std::size_t valueStart = colon + 1;
        while (valueStart < text.size() && (text[valueStart] == ' ' || text[valueStart] == '\t')) ++valueStart;
        const std::string_view value = text.substr(valueStart);
        const KnownHeader* known = nullptr;
        for (const auto& h : kHeaders) {
            if (equalsIgnoreCase(h.name, name)) {
                known = &h;
                break;
            }
        }
        if (known == nullptr) {
            p.add(field(lineField), v, offset, whole, FieldValue::ofText(text));
            return;
        }
        const ItemRef item = p.add(field(known->field), v, offset, whole, FieldValue::ofText(value));
        if (p.buildsTree()) p.setText(item, text);
        if (lineField != UnknownHeader) p.add(field(lineField), v, offset, whole, FieldValue::ofText(text), FieldFlags::Hidden);
        p.push(item);
        applyHeader(c, v, offset + static_cast<std::uint32_t>(valueStart), known->special, value, headers);
        p.pop();
    }

    // What particular headers mean for the rest of the message.
    void applyHeader(Call& c, const ByteView& v, std::uint32_t valueOffset, Special special, std::string_view value,
                     Headers& headers) const {
        Packet& p = c.p;
        switch (special) {
            case Special::Authorization:
                if (startsWithIgnoreCase(value, "Basic ") && p.wants(field(AuthBasic))) {
                    p.addText(field(AuthBasic), v, valueOffset, static_cast<std::uint32_t>(value.size()),
                              decodeBase64(value.substr(6)));
                }
                break;
            case Special::ContentType: {
                std::size_t end = 0;
                while (end < value.size() && value[end] != ';' && !std::isspace(static_cast<unsigned char>(value[end]))) ++end;
                headers.contentType.assign(value.substr(0, end));
                for (char& ch : headers.contentType) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                break;
            }
            case Special::ContentLength: {
                const std::int64_t length = parseDecimal(value);
                headers.haveContentLength = length >= 0;
                if (length >= 0) {
                    headers.contentLength = length;
                    p.add(field(ContentLength), v, valueOffset, static_cast<std::uint32_t>(value.size()),
                          FieldValue::ofUnsigned(static_cast<std::uint64_t>(length)), FieldFlags::Generated);
                    if (headers.transferEncoding) p.addExpert(expert(TeAndLength));
                }
                break;
            }
            case Special::ContentEncoding: headers.contentEncoding.assign(value); break;
            case Special::TransferEncoding:
                if (headers.haveContentLength) p.addExpert(expert(TeAndLength));
                parseTransferCoding(value, headers);
                break;
            case Special::Host:
                headers.host.assign(value);
                break;
            case Special::Upgrade:
                headers.upgrade.assign(value);
                for (char& ch : headers.upgrade) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                break;
            case Special::Cookie: addCookiePairs(c, v, valueOffset, value); break;
            case Special::None: break;
        }
    }

    // "chunked" and one compression coding (gzip, deflate, compress) are understood.
    static void parseTransferCoding(std::string_view value, Headers& headers) {
        headers.transferEncoding = true;
        while (!value.empty()) {
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t' || value.front() == ',')) {
                value.remove_prefix(1);
            }
            if (value.empty()) break;
            std::size_t n = 0;
            if (value.substr(0, 7) == "chunked") {
                headers.chunked = true;
                n = 7;
            } else {
                for (std::string_view coding : {"compress", "deflate", "gzip", "x-compress", "x-gzip"}) {
                    if (value.substr(0, coding.size()) == coding) {
                        headers.otherTransferCoding = true;
                        n = coding.size();
                        break;
                    }
                }
                if (n == 0 && value.substr(0, 8) == "identity") n = 8;
            }
            if (n == 0) {
                const std::size_t comma = value.find(',');
                if (comma == std::string_view::npos) break;
                n = comma;
            }
            value.remove_prefix(n);
        }
    }

    void addCookiePairs(Call& c, const ByteView& v, std::uint32_t valueOffset, std::string_view value) const {
        if (!c.p.wants(field(CookiePair))) return;
        std::size_t i = 0;
        while (i < value.size()) {
            while (i < value.size() && (value[i] == ';' || std::isspace(static_cast<unsigned char>(value[i])))) ++i;
            if (i >= value.size()) break;
            std::size_t end = value.find(';', i);
            if (end == std::string_view::npos) end = value.size();
            c.p.add(field(CookiePair), v, valueOffset + static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end - i),
                    FieldValue::ofText(value.substr(i, end - i)));
            i = end;
        }
    }

    // Request/response bookkeeping: the full URI, http.request / http.response, the request a
    // response answers.
    void finishMessage(Call& c, MessageType type, const Headers& headers) const {
        Packet& p = c.p;
        HttpConversation& conv = c.conv;
        if (type == MessageType::Request) {
            const std::string& uri = conv.requestUri;
            conv.fullUri.clear();
            if (!headers.host.empty()) {
                const bool absolute = startsWithIgnoreCase(uri, "http://") || startsWithIgnoreCase(uri, "https://") ||
                                      conv.requestMethod == "CONNECT";
                if (!absolute) conv.fullUri.append("http://").append(headers.host);
                conv.fullUri.append(uri);
                p.addText(field(RequestFullUri), p.frameView(), 0, 0, conv.fullUri, FieldFlags::Generated);
            }
        }
        if (type == MessageType::Notification) {
            p.addGenerated(field(Notification), FieldValue::ofUnsigned(1), FieldFlags::Hidden);
        } else if (type == MessageType::Request) {
            p.addGenerated(field(Request), FieldValue::ofUnsigned(1), FieldFlags::Hidden);
            p.addGenerated(field(RequestNumber), FieldValue::ofUnsigned(++conv.messages));
            conv.requestFrame = p.frame().number;
            conv.requestTime = p.frame().timestampNs;
        } else if (type == MessageType::Response) {
            p.addGenerated(field(Response), FieldValue::ofUnsigned(1), FieldFlags::Hidden);
            if (conv.requestFrame != 0) {
                p.addGenerated(field(RequestIn), FieldValue::ofUnsigned(conv.requestFrame));
                if (conv.requestTime != kNoTimestamp && p.frame().timestampNs != kNoTimestamp) {
                    p.addGenerated(field(Time), FieldValue::ofSigned(p.frame().timestampNs - conv.requestTime));
                }
            }
            const std::string& uri = conv.fullUri.empty() ? conv.requestUri : conv.fullUri;
            if (!uri.empty() && p.wants(field(ResponseForUri))) {
                p.addText(field(ResponseForUri), p.frameView(), 0, 0, uri, FieldFlags::Generated);
            }
        }
    }

    // ---- body ----

    // The message body: as long as Content-Length says, de-chunked, or the rest of the bytes.
    // Returns where the message ends.
    std::uint32_t dissectBody(Call& c, const ByteView& v, std::uint32_t offset, MessageType type,
                              const Headers& headers) const {
        Packet& p = c.p;
        std::uint32_t length = v.captured() > offset ? v.captured() - offset : 0;
        std::uint32_t reported = v.reported() - std::min(offset, v.reported());
        if (headers.haveContentLength && !headers.transferEncoding) {
            const auto declared = static_cast<std::uint64_t>(headers.contentLength);
            length = static_cast<std::uint32_t>(std::min<std::uint64_t>(length, declared));
            reported = static_cast<std::uint32_t>(std::min<std::uint64_t>(reported, declared));
        } else if (type == MessageType::Request && !headers.transferEncoding) {
            length = 0;  // a request without length has no body
        } else if (type == MessageType::Response &&
                   (c.conv.responseCode / 100 == 1 || c.conv.responseCode == 204 || c.conv.responseCode == 304)) {
            length = 0;
        }
        if (length == 0) return offset;
        ByteView body = v.sub(offset, std::max(length, reported));
        std::uint32_t consumed = length;
        if (headers.chunked) {
            const auto [dechunked, chunkedLength] = dechunk(c, body);
            if (chunkedLength == 0) return offset + length;
            body = dechunked;
            consumed = chunkedLength;
        }
        if (headers.otherTransferCoding ||
            (!headers.contentEncoding.empty() && !equalsIgnoreCase(headers.contentEncoding, "identity"))) {
            // Compressed: shown as data (caplens does not decompress).
            p.callData(body);
            return offset + consumed;
        }
        if (p.wants(field(FileData))) {
            p.add(field(FileData), body, 0, body.captured(), FieldValue::ofText(body.text(0, body.captured())));
        }
        if (body.captured() == 0) return offset + consumed;
        dispatchMedia(c, body, headers);
        return offset + consumed;
    }

    // Wireshark hands the body to the dissector of its media type, or to "media" for types it
    // does not know, or to "data" without a type. caplens has no media dissectors: the body
    // shows as data where Wireshark's would (no type, application/octet-stream), and otherwise
    // only the Info column says what it is.
    void dispatchMedia(Call& c, const ByteView& body, const Headers& headers) const {
        Packet& p = c.p;
        if (headers.contentType.empty() || headers.contentType == "application/octet-stream") {
            p.callData(body);
            return;
        }
        if (!p.wantsColumns()) return;
        const std::string& type = headers.contentType;
        std::string& info = p.info();
        if (type == "application/json") info += ", JavaScript Object Notation (application/json)";
        else if (type == "image/jpeg") info += " (JPEG JFIF image)";
        else if (type == "image/png") info += " (PNG)";
        else if (type == "image/gif") info += " (" + std::string(body.text(0, 6)) + ")";
        else if (type.find("xml") == std::string::npos) info += " (" + type + ")";
    }

    // Removes the chunked transfer coding: returns the de-chunked body (a new data source) and
    // the length of the chunked body (0 when there was none).
    std::pair<ByteView, std::uint32_t> dechunk(Call& c, const ByteView& body) const {
        Packet& p = c.p;
        std::string data;
        std::uint32_t offset = 0;
        std::uint32_t remaining = body.reported();
        while (remaining > 0 && !p.stopped()) {
            const Line line = findLineEnd(body, offset, true);
            if (line.length <= 0) break;
            std::string_view sizeText = body.text(offset, static_cast<std::uint32_t>(line.length));
            sizeText = sizeText.substr(0, sizeText.find(';'));
            std::uint64_t size = std::strtoull(std::string(sizeText).c_str(), nullptr, 16);
            size = std::min<std::uint64_t>(size, remaining);
            const auto chunkSize = static_cast<std::uint32_t>(size);
            const auto bytes = body.span(line.next, chunkSize);
            data.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
            p.add(field(ChunkSize), body, offset, line.next - offset, FieldValue::ofUnsigned(chunkSize));
            if (chunkSize > 0) {
                p.addBytes(field(ChunkData), body, line.next, chunkSize);
                p.addBytes(field(ChunkBoundary), body, line.next + chunkSize, 2);
            }
            offset = line.next + chunkSize + (chunkSize > 0 ? 2 : 0);
            remaining = body.reported() > offset ? body.reported() - offset : 0;
            if (chunkSize == 0) {
                // trailer-part CRLF
                std::uint32_t trailer = offset;
                Line field;
                do {
                    field = findLineEnd(body, trailer, true);
                    if (field.length > 0) trailer = field.next;
                } while (field.length > 0);
                if (trailer > offset) {
                    p.add(this->field(ChunkedTrailerPart), body, offset, trailer - offset,
                          FieldValue::ofText(body.text(offset, trailer - offset)));
                }
                offset = field.length == 0 ? field.next : trailer;
                remaining = body.reported() > offset ? body.reported() - offset : 0;
                break;
            }
        }
        const std::uint32_t consumed = body.reported() - remaining;
        if (consumed == 0) return {body, 0};
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(data.data());
        return {p.addDataSource("De-chunked entity body", {bytes, data.size()}), consumed};
    }

    // ---- protocol switches ----

    // A 101 Switching Protocols with Upgrade, or a 2xx to CONNECT, ends HTTP on the connection.
    static void detectSwitch(Call& c, MessageType type, const Headers& headers, std::uint32_t end) {
        HttpConversation& conv = c.conv;
        if (type != MessageType::Response || conv.requestMethod.empty()) return;
        const bool upgraded = (!headers.upgrade.empty() && conv.responseCode == 101) ||
                              (conv.requestMethod == "SSTP_DUPLEX_POST" && conv.responseCode == 200);
        if (upgraded) {
            conv.switchFrame = c.p.frame().number;
            conv.switchOffset = end;
        } else if (conv.requestMethod == "CONNECT" && conv.responseCode == 200 && !conv.requestUri.empty()) {
            // The tunnel starts with the next segment.
            const std::size_t colon = conv.requestUri.rfind(':');
            conv.tunnel = true;
            conv.switchFrame = c.p.frame().number + 1;
            conv.tunnelPort = colon == std::string::npos
                                  ? 0
                                  : static_cast<std::uint16_t>(std::atoi(conv.requestUri.c_str() + colon + 1));
        }
    }

    // Bytes of a CONNECT tunnel go to the dissector of the tunnelled port.
    void dissectTunnel(Call& c, const ByteView& view) const {
        Packet& p = c.p;
        const std::string& uri = c.conv.requestUri;
        const std::size_t colon = uri.rfind(':');
        if (colon != std::string::npos) {
            p.beginProtocol(*this, view, 0);
            p.addText(field(ProxyConnectHost), view, 0, 0, std::string_view(uri).substr(0, colon), FieldFlags::Generated);
            p.addGenerated(field(ProxyConnectPort), FieldValue::ofUnsigned(c.conv.tunnelPort));
        }
        const std::uint16_t port = c.conv.tunnelPort;
        const bool httpPort = std::find(std::begin(kHttpPorts), std::end(kHttpPorts), port) != std::end(kHttpPorts);
        if (httpPort || m_tcpPorts == nullptr || p.dispatch(*m_tcpPorts, port, view) == 0) p.callData(view);
    }

    const DissectorTable* m_tcpPorts = nullptr;
};

std::uint32_t httpHeuristic(const Dissector& self, Packet& p, const ByteView& view) {
    if (!HttpProtocol::looksLikeHttp(view)) return 0;
    p.setConversationDissector(self);
    return self.dissect(p, view);
}

}  // namespace

void registerHttp(Registry& r) {
    auto& http = r.addProtocol<HttpProtocol>(kHttpFields);
    r.addExperts(http, kHttpExperts);
    r.onHandoff([&http](Registry& registry) {
        http.connect(registry.table("tcp.port"));
        for (const std::uint16_t port : kHttpPorts) registry.table("tcp.port").add(port, http);
        registry.addHeuristic("tcp", http, "http_tcp", httpHeuristic);
    });
}

}  // namespace caplens::proto
