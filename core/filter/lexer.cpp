#include "core/filter/lexer.hpp"

#include <array>
#include <utility>

namespace caplens::filter {
namespace {

struct Keyword {
    std::string_view word;
    TokenKind kind;
};

constexpr std::array kKeywords{
    Keyword{"eq", TokenKind::AnyEq},        Keyword{"any_eq", TokenKind::AnyEq},
    Keyword{"ne", TokenKind::AllNe},        Keyword{"all_ne", TokenKind::AllNe},
    Keyword{"all_eq", TokenKind::AllEq},    Keyword{"any_ne", TokenKind::AnyNe},
    Keyword{"gt", TokenKind::Gt},           Keyword{"ge", TokenKind::Ge},
    Keyword{"lt", TokenKind::Lt},           Keyword{"le", TokenKind::Le},
    Keyword{"contains", TokenKind::Contains}, Keyword{"matches", TokenKind::Matches},
    Keyword{"in", TokenKind::In},           Keyword{"not", TokenKind::Not},
    Keyword{"and", TokenKind::And},         Keyword{"or", TokenKind::Or},
    Keyword{"xor", TokenKind::Xor},         Keyword{"any", TokenKind::Any},
    Keyword{"all", TokenKind::All},         Keyword{"bitwise_and", TokenKind::BitAnd},
    Keyword{"bitand", TokenKind::BitAnd},
};

// Operators, longest first so that "===" wins over "==".
struct Operator {
    std::string_view text;
    TokenKind kind;
};

constexpr std::array kOperators{
    Operator{"===", TokenKind::AllEq}, Operator{"!==", TokenKind::AnyNe}, Operator{"==", TokenKind::AnyEq},
    Operator{"!=", TokenKind::AllNe},  Operator{"~=", TokenKind::AnyNe},  Operator{">=", TokenKind::Ge},
    Operator{"<=", TokenKind::Le},     Operator{"&&", TokenKind::And},    Operator{"||", TokenKind::Or},
    Operator{"^^", TokenKind::Xor},    Operator{"..", TokenKind::DotDot}, Operator{">", TokenKind::Gt},
    Operator{"<", TokenKind::Lt},      Operator{"!", TokenKind::Not},     Operator{"~", TokenKind::Matches},
    Operator{"&", TokenKind::BitAnd},  Operator{"+", TokenKind::Plus},    Operator{"-", TokenKind::Minus},
    Operator{"*", TokenKind::Star},    Operator{"/", TokenKind::Slash},   Operator{"%", TokenKind::Percent},
    Operator{"(", TokenKind::LParen},  Operator{")", TokenKind::RParen},  Operator{"{", TokenKind::LBrace},
    Operator{"}", TokenKind::RBrace},  Operator{",", TokenKind::Comma},   Operator{"$", TokenKind::Dollar},
};

bool isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
// Wireshark's StartAlphabet / Alphabet: what literal values and field names are made of.
bool isWordStart(char c) { return isAlnum(c) || c == '_' || c == ':'; }
bool isWordChar(char c) { return isWordStart(c) || c == '/' || c == '-'; }
bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

class Lexer {
public:
    explicit Lexer(std::string_view text) : m_text(text) {}

    LexResult run() {
        while (!m_result.error) {
            skipSpace();
            if (m_pos >= m_text.size()) break;
            lexOne();
        }
        if (!m_result.error) push(TokenKind::End, m_pos, m_pos);
        return std::move(m_result);
    }

private:
    [[nodiscard]] char peek(std::size_t ahead = 0) const {
        return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0';
    }
    void skipSpace() {
        while (m_pos < m_text.size() && isSpace(m_text[m_pos])) ++m_pos;
    }
    Token& push(TokenKind kind, std::size_t begin, std::size_t end) {
        Token t;
        t.kind = kind;
        t.span = {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)};
        t.text = m_text.substr(begin, end - begin);
        m_result.tokens.push_back(std::move(t));
        return m_result.tokens.back();
    }
    void fail(std::size_t begin, std::size_t end, std::string message) {
        m_result.error = errorAt({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)},
                                 std::move(message));
    }

    void lexOne() {
        const char c = peek();
        if ((c == 'r' || c == 'R') && peek(1) == '"') return lexString(true);
        if (c == '"') return lexString(false);
        if (c == '\'') return lexCharConst();
        if (c == '[') return lexRanges();
        if (c == '#') return lexLayer();
        if (isWordStart(c) || (c == '.' && isWordStart(peek(1)))) return lexWord();
        for (const Operator& op : kOperators) {
            if (m_text.substr(m_pos, op.text.size()) == op.text) {
                push(op.kind, m_pos, m_pos + op.text.size());
                m_pos += op.text.size();
                return;
            }
        }
        fail(m_pos, m_pos + 1, "\"" + std::string(1, c) + "\" was unexpected in this context.");
    }

    // A word: [.]Start Char* (. Char+)* — a single dot separates parts, ".." never belongs to it.
    void lexWord() {
        const std::size_t begin = m_pos;
        if (peek() == '.') ++m_pos;
        ++m_pos;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (isWordChar(c)) {
                ++m_pos;
            } else if (c == '.' && isWordChar(peek(1))) {
                m_pos += 2;
            } else {
                break;
            }
        }
        const std::string_view word = m_text.substr(begin, m_pos - begin);
        for (const Keyword& k : kKeywords) {
            if (k.word == word) {
                push(k.kind, begin, m_pos);
                return;
            }
        }
        push(TokenKind::Word, begin, m_pos);
    }

    void lexString(bool raw) {
        const std::size_t begin = m_pos;
        m_pos += raw ? 2 : 1;
        std::string value;
        while (true) {
            if (m_pos >= m_text.size()) {
                return fail(m_text.size(), m_text.size(), "The final quote was missing from a quoted string.");
            }
            const char c = m_text[m_pos];
            if (c == '"') break;
            if (c != '\\') {
                value.push_back(c);
                ++m_pos;
                continue;
            }
            if (raw) {
                // Raw strings keep their backslashes; \" and \\ only protect the next character.
                value.push_back('\\');
                if (m_pos + 1 < m_text.size()) value.push_back(m_text[m_pos + 1]);
                m_pos += 2;
                continue;
            }
            if (!escape(value)) return;
        }
        ++m_pos;
        Token& t = push(TokenKind::String, begin, m_pos);
        t.value = std::move(value);
        t.raw = raw;
    }

    // Decodes the escape sequence at m_pos (a backslash) into `out`.
    bool escape(std::string& out) {
        const std::size_t begin = m_pos;
        const char c = peek(1);
        if (c >= '0' && c <= '7') {
            std::size_t n = 1;
            unsigned value = 0;
            while (n <= 3 && peek(n) >= '0' && peek(n) <= '7') value = value * 8 + static_cast<unsigned>(peek(n++) - '0');
            m_pos += n;
            if (value > 0xFF) {
                fail(begin, m_pos, std::string(m_text.substr(begin, m_pos - begin)) + " is larger than 255.");
                return false;
            }
            out.push_back(static_cast<char>(value));
            return true;
        }
        if (c == 'x' && hexValue(peek(2)) >= 0) {
            int value = hexValue(peek(2));
            std::size_t n = 3;
            if (hexValue(peek(3)) >= 0) value = value * 16 + hexValue(peek(n++));
            m_pos += n;
            out.push_back(static_cast<char>(value));
            return true;
        }
        if (c == 'u' || c == 'U') return universalName(out, c == 'u' ? 4 : 8);
        static constexpr std::pair<char, char> kSimple[] = {{'\\', '\\'}, {'"', '"'},  {'\'', '\''}, {'?', '?'},
                                                            {'a', '\a'},  {'b', '\b'}, {'f', '\f'},   {'n', '\n'},
                                                            {'r', '\r'},  {'t', '\t'}, {'v', '\v'}};
        for (const auto& [name, byte] : kSimple) {
            if (c == name) {
                out.push_back(byte);
                m_pos += 2;
                return true;
            }
        }
        const std::size_t end = std::min(m_text.size(), m_pos + 2);
        fail(begin, end, std::string(m_text.substr(begin, end - begin)) + " is not a valid character escape sequence");
        return false;
    }

    bool universalName(std::string& out, std::size_t digits) {
        const std::size_t begin = m_pos;
        std::uint32_t cp = 0;
        std::size_t n = 0;
        while (n < digits && hexValue(peek(2 + n)) >= 0) cp = cp * 16 + static_cast<std::uint32_t>(hexValue(peek(2 + n++)));
        m_pos += 2 + n;
        if (n != digits || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            fail(begin, m_pos, std::string(m_text.substr(begin, m_pos - begin)) + " is not a valid universal character name");
            return false;
        }
        appendUtf8(out, cp);
        return true;
    }

    void lexCharConst() {
        const std::size_t begin = m_pos;
        ++m_pos;
        std::string value;
        while (true) {
            if (m_pos >= m_text.size()) {
                return fail(m_text.size(), m_text.size(), "The final quote was missing from a character constant.");
            }
            const char c = m_text[m_pos];
            if (c == '\'') break;
            if (c != '\\') {
                value.push_back(c);
                ++m_pos;
            } else if (!escape(value)) {
                return;
            }
        }
        ++m_pos;
        const std::string written(m_text.substr(begin, m_pos - begin));
        if (value.empty()) return fail(begin, m_pos, written + " is not a valid character constant.");
        if (value.size() > 1) return fail(begin, m_pos, written + " is too long to be a valid character constant.");
        Token& t = push(TokenKind::CharConst, begin, m_pos);
        t.value = std::move(value);
    }

    // "[" range ("," range)* "]": each range is returned as written (trimmed).
    void lexRanges() {
        push(TokenKind::LBracket, m_pos, m_pos + 1);
        ++m_pos;
        while (true) {
            skipSpace();
            if (m_pos >= m_text.size()) {
                return fail(m_text.size(), m_text.size(), "The right bracket was missing from a slice.");
            }
            const char c = m_text[m_pos];
            if (c == ']') {
                push(TokenKind::RBracket, m_pos, m_pos + 1);
                ++m_pos;
                return;
            }
            if (c == ',') {
                push(TokenKind::Comma, m_pos, m_pos + 1);
                ++m_pos;
                continue;
            }
            const std::size_t begin = m_pos;
            std::size_t end = m_pos;
            while (m_pos < m_text.size() && m_text[m_pos] != ']' && m_text[m_pos] != ',') {
                if (!isSpace(m_text[m_pos])) end = m_pos + 1;
                ++m_pos;
            }
            push(TokenKind::RangeNode, begin, end);
        }
    }

    // "#" followed by a layer number or a bracketed list of layer ranges.
    void lexLayer() {
        push(TokenKind::Hash, m_pos, m_pos + 1);
        ++m_pos;
        if (m_pos >= m_text.size()) return;  // the parser reports the missing layer
        if (peek() == '[') return lexRanges();
        if (!isDigit(peek())) {
            return fail(m_pos, m_pos + 1, "Expected digit or \"[\", not \"" + std::string(1, peek()) + "\"");
        }
        const std::size_t begin = m_pos;
        while (isDigit(peek())) ++m_pos;
        push(TokenKind::LayerNumber, begin, m_pos);
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    LexResult m_result;
};

}  // namespace

LexResult tokenize(std::string_view text) { return Lexer(text).run(); }

std::string_view tokenKindName(TokenKind kind) {
    switch (kind) {
        case TokenKind::End: return "end of filter";
        case TokenKind::Word: return "word";
        case TokenKind::String: return "string";
        case TokenKind::CharConst: return "character constant";
        case TokenKind::LParen: return "(";
        case TokenKind::RParen: return ")";
        case TokenKind::LBrace: return "{";
        case TokenKind::RBrace: return "}";
        case TokenKind::LBracket: return "[";
        case TokenKind::RBracket: return "]";
        case TokenKind::RangeNode: return "range";
        case TokenKind::Comma: return ",";
        case TokenKind::DotDot: return "..";
        case TokenKind::Dollar: return "$";
        case TokenKind::Hash: return "#";
        case TokenKind::LayerNumber: return "layer";
        case TokenKind::AnyEq: return "==";
        case TokenKind::AllNe: return "!=";
        case TokenKind::AllEq: return "===";
        case TokenKind::AnyNe: return "~=";
        case TokenKind::Gt: return ">";
        case TokenKind::Ge: return ">=";
        case TokenKind::Lt: return "<";
        case TokenKind::Le: return "<=";
        case TokenKind::Contains: return "contains";
        case TokenKind::Matches: return "matches";
        case TokenKind::In: return "in";
        case TokenKind::Not: return "not";
        case TokenKind::And: return "and";
        case TokenKind::Or: return "or";
        case TokenKind::Xor: return "xor";
        case TokenKind::Any: return "any";
        case TokenKind::All: return "all";
        case TokenKind::Plus: return "+";
        case TokenKind::Minus: return "-";
        case TokenKind::Star: return "*";
        case TokenKind::Slash: return "/";
        case TokenKind::Percent: return "%";
        case TokenKind::BitAnd: return "&";
    }
    return "?";
}

}  // namespace caplens::filter
