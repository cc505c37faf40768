#include "core/filter/regex.hpp"

#include <algorithm>
#include <memory>

namespace caplens::filter {
namespace {

constexpr int kUnbounded = -1;
constexpr int kMaxRepeat = 1000;
constexpr int kMaxGroupDepth = 256;

bool isWordByte(std::uint8_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool isDigitByte(char c) { return c >= '0' && c <= '9'; }
int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

using ByteSet = std::bitset<256>;

ByteSet rangeSet(int from, int to) {
    ByteSet s;
    for (int c = from; c <= to; ++c) s.set(static_cast<std::size_t>(c));
    return s;
}
ByteSet digitSet() { return rangeSet('0', '9'); }
ByteSet wordSet() { return rangeSet('a', 'z') | rangeSet('A', 'Z') | digitSet() | rangeSet('_', '_'); }
ByteSet spaceSet() { return rangeSet('\t', '\r') | rangeSet(' ', ' '); }
ByteSet blankSet() { return rangeSet(' ', ' ') | rangeSet('\t', '\t'); }

// Adds the other case of every ASCII letter in the set.
ByteSet foldCase(ByteSet s) {
    for (int c = 'a'; c <= 'z'; ++c) {
        const auto lo = static_cast<std::size_t>(c), up = static_cast<std::size_t>(c - 32);
        if (s.test(lo) || s.test(up)) {
            s.set(lo);
            s.set(up);
        }
    }
    return s;
}

// ---- the pattern's tree ----

struct Node {
    enum class Kind : std::uint8_t { Empty, Set, Concat, Alternate, Repeat, Assert };
    Kind kind = Kind::Empty;
    ByteSet set;                 // Set
    Regex::Assertion assertion{};  // Assert
    int min = 0, max = 0;        // Repeat
    std::vector<Node> children;  // Concat, Alternate; Repeat: one
};

struct Flags {
    bool caseless = true;
    bool dotAll = false;
    bool multiline = false;
    bool extended = false;
};

class PatternParser {
public:
    PatternParser(std::string_view pattern, bool caseless) : m_p(pattern) { m_flags.caseless = caseless; }

    std::optional<Node> run(std::string& error) {
        Node root = parseAlternation(m_flags, 0);
        if (m_error.empty() && m_pos < m_p.size()) m_error = "unmatched closing parenthesis";
        if (!m_error.empty()) {
            error = m_error + " at offset " + std::to_string(m_pos);
            return std::nullopt;
        }
        return root;
    }

private:
    [[nodiscard]] bool atEnd() const { return m_pos >= m_p.size(); }
    [[nodiscard]] char peek(std::size_t ahead = 0) const { return m_pos + ahead < m_p.size() ? m_p[m_pos + ahead] : '\0'; }
    void fail(std::string message) {
        if (m_error.empty()) m_error = std::move(message);
    }

    Node parseAlternation(Flags& flags, int depth) {
        Node alt;
        alt.kind = Node::Kind::Alternate;
        alt.children.push_back(parseConcat(flags, depth));
        while (m_error.empty() && peek() == '|') {
            ++m_pos;
            alt.children.push_back(parseConcat(flags, depth));
        }
        if (alt.children.size() == 1) return std::move(alt.children.front());
        return alt;
    }

    Node parseConcat(Flags& flags, int depth) {
        Node seq;
        seq.kind = Node::Kind::Concat;
        while (m_error.empty() && !atEnd() && peek() != '|' && peek() != ')') {
            if (flags.extended && skipExtended()) continue;
            std::optional<Node> atom = parseAtom(flags, depth);
            if (!atom) continue;  // a flag setting, or an error
            parseQuantifiers(*atom, flags);
            seq.children.push_back(std::move(*atom));
        }
        return seq;
    }

    // (?x): whitespace and #-comments between items are ignored.
    bool skipExtended() {
        const char c = peek();
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            ++m_pos;
            return true;
        }
        if (c == '#') {
            while (!atEnd() && peek() != '\n') ++m_pos;
            return true;
        }
        return false;
    }

    void parseQuantifiers(Node& atom, const Flags& flags) {
        int applied = 0;
        while (m_error.empty() && !atEnd()) {
            if (flags.extended) {
                while (skipExtended()) {
                }
            }
            int min = 0, max = 0;
            const char c = peek();
            if (c == '*') {
                min = 0, max = kUnbounded, ++m_pos;
            } else if (c == '+') {
                min = 1, max = kUnbounded, ++m_pos;
            } else if (c == '?') {
                min = 0, max = 1, ++m_pos;
            } else if (c != '{' || !parseCounted(min, max)) {
                return;
            }
            if (peek() == '?' || peek() == '+') ++m_pos;  // lazy / possessive: same answer to "does it match"
            if (atom.kind == Node::Kind::Assert) continue;  // a repeated assertion is the assertion
            if (++applied > kMaxGroupDepth) return fail("quantifiers nested too deeply");
            Node repeat;
            repeat.kind = Node::Kind::Repeat;
            repeat.min = min;
            repeat.max = max;
            repeat.children.push_back(std::move(atom));
            atom = std::move(repeat);
        }
    }

    // {n} {n,} {n,m}; anything else is not a quantifier (PCRE reads "{" literally then).
    bool parseCounted(int& min, int& max) {
        std::size_t p = m_pos + 1;
        const auto number = [&](int& out) {
            const std::size_t begin = p;
            long value = 0;
            while (p < m_p.size() && isDigitByte(m_p[p])) {
                value = std::min<long>(value * 10 + (m_p[p] - '0'), 1'000'000);
                ++p;
            }
            out = static_cast<int>(value);
            return p > begin;
        };
        if (!number(min)) return false;
        max = min;
        if (p < m_p.size() && m_p[p] == ',') {
            ++p;
            if (!number(max)) max = kUnbounded;
        }
        if (p >= m_p.size() || m_p[p] != '}') return false;
        m_pos = p + 1;
        if (min > kMaxRepeat || max > kMaxRepeat) {
            fail("number too big in {} quantifier");
            return false;
        }
        if (max != kUnbounded && max < min) {
            fail("numbers out of order in {} quantifier");
            return false;
        }
        return true;
    }

    Node setNode(ByteSet s, const Flags& flags) {
        Node n;
        n.kind = Node::Kind::Set;
        n.set = flags.caseless ? foldCase(s) : s;
        return n;
    }
    Node byteNode(std::uint8_t c, const Flags& flags) {
        ByteSet s;
        s.set(c);
        return setNode(s, flags);
    }
    static Node assertNode(Regex::Assertion a) {
        Node n;
        n.kind = Node::Kind::Assert;
        n.assertion = a;
        return n;
    }

    std::optional<Node> parseAtom(Flags& flags, int depth) {
        const char c = peek();
        switch (c) {
            case '(': return parseGroup(flags, depth);
            case '[': {
                ++m_pos;
                Node n;
                n.kind = Node::Kind::Set;
                if (!parseClass(n.set, flags)) return std::nullopt;
                return n;
            }
            case '.': {
                ++m_pos;
                ByteSet s;
                s.set();
                if (!flags.dotAll) s.reset('\n');
                return setNode(s, flags);
            }
            case '^':
                ++m_pos;
                return assertNode(flags.multiline ? Regex::Assertion::LineStart : Regex::Assertion::TextStart);
            case '$':
                ++m_pos;
                return assertNode(flags.multiline ? Regex::Assertion::LineEnd : Regex::Assertion::TextEndOrFinalNewline);
            case '\\': return parseEscape(flags);
            case '*':
            case '+':
            case '?':
                fail("quantifier does not follow a repeatable item");
                return std::nullopt;
            case '{': {
                int min = 0, max = 0;
                const std::size_t saved = m_pos;
                if (parseCounted(min, max)) {
                    m_pos = saved;
                    fail("quantifier does not follow a repeatable item");
                    return std::nullopt;
                }
                m_pos = saved + 1;
                return byteNode('{', flags);
            }
            default:
                ++m_pos;
                return byteNode(static_cast<std::uint8_t>(c), flags);
        }
    }

    std::optional<Node> parseGroup(Flags& flags, int depth) {
        if (depth >= kMaxGroupDepth) {
            fail("parentheses are too deeply nested");
            return std::nullopt;
        }
        ++m_pos;  // (
        Flags inner = flags;
        if (peek() == '?') {
            ++m_pos;
            const char k = peek();
            if (k == ':' || k == '>' || k == '|') {
                ++m_pos;
            } else if (k == '=' || k == '!' || (k == '<' && (peek(1) == '=' || peek(1) == '!'))) {
                fail("lookahead and lookbehind assertions are not supported");
                return std::nullopt;
            } else if (k == '<' || (k == 'P' && peek(1) == '<') || k == '\'') {
                const char close = k == '\'' ? '\'' : '>';
                while (!atEnd() && peek() != close) ++m_pos;
                if (atEnd()) {
                    fail("syntax error in subpattern name (missing terminator?)");
                    return std::nullopt;
                }
                ++m_pos;
            } else if (k == '(' || k == 'R' || k == '&' || k == 'P' || isDigitByte(k) || k == '+' || k == 'C') {
                fail("conditional groups, recursion and callouts are not supported");
                return std::nullopt;
            } else if (k == '#') {
                while (!atEnd() && peek() != ')') ++m_pos;
                if (atEnd()) {
                    fail("missing ) after (?# comment");
                    return std::nullopt;
                }
                ++m_pos;
                return std::nullopt;
            } else {
                // Inline flags: (?imsx-imsx) for the rest of the group, or (?imsx-imsx: ...).
                Flags set = flags;
                bool on = true;
                while (!atEnd() && peek() != ')' && peek() != ':') {
                    const char f = peek();
                    if (f == '-') on = false;
                    else if (f == 'i') set.caseless = on;
                    else if (f == 's') set.dotAll = on;
                    else if (f == 'm') set.multiline = on;
                    else if (f == 'x') set.extended = on;
                    else if (f == 'n' || f == 'U' || f == 'J') {
                    } else {
                        fail("unrecognized character after (? or (?-");
                        return std::nullopt;
                    }
                    ++m_pos;
                }
                if (atEnd()) {
                    fail("missing closing parenthesis");
                    return std::nullopt;
                }
                if (peek() == ')') {
                    ++m_pos;
                    flags = set;  // applies to the rest of the enclosing group
                    return std::nullopt;
                }
                ++m_pos;  // ':'
                inner = set;
            }
        }
        Node body = parseAlternation(inner, depth + 1);
        if (!m_error.empty()) return std::nullopt;
        if (peek() != ')') {
            fail("missing closing parenthesis");
            return std::nullopt;
        }
        ++m_pos;
        ++m_groups;
        return body;
    }

    // After "\": a class shorthand, an assertion or one byte.
    std::optional<Node> parseEscape(const Flags& flags) {
        ++m_pos;
        if (atEnd()) {
            fail("\\ at end of pattern");
            return std::nullopt;
        }
        const char c = peek();
        ByteSet s;
        if (classEscape(c, s)) {
            ++m_pos;
            return setNode(s, flags);
        }
        switch (c) {
            case 'b': ++m_pos; return assertNode(Regex::Assertion::WordBoundary);
            case 'B': ++m_pos; return assertNode(Regex::Assertion::NotWordBoundary);
            case 'A':
            case 'G': ++m_pos; return assertNode(Regex::Assertion::TextStart);
            case 'z': ++m_pos; return assertNode(Regex::Assertion::TextEnd);
            case 'Z': ++m_pos; return assertNode(Regex::Assertion::TextEndOrFinalNewline);
            default: break;
        }
        if (c >= '1' && c <= '9') {
            fail(m_groups == 0 ? "reference to non-existent subpattern" : "back references are not supported");
            return std::nullopt;
        }
        int byte = 0;
        if (!byteEscape(byte)) return std::nullopt;
        return byteNode(static_cast<std::uint8_t>(byte), flags);
    }

    // \d \D \w \W \s \S \h \H (c is the letter after the backslash).
    static bool classEscape(char c, ByteSet& s) {
        switch (c) {
            case 'd': s = digitSet(); return true;
            case 'D': s = ~digitSet(); return true;
            case 'w': s = wordSet(); return true;
            case 'W': s = ~wordSet(); return true;
            case 's': s = spaceSet(); return true;
            case 'S': s = ~spaceSet(); return true;
            case 'h': s = blankSet(); return true;
            case 'H': s = ~blankSet(); return true;
            default: return false;
        }
    }

    // One byte written as an escape; m_pos is on the character after the backslash.
    bool byteEscape(int& byte) {
        const char c = peek();
        ++m_pos;
        switch (c) {
            case 'n': byte = '\n'; return true;
            case 'r': byte = '\r'; return true;
            case 't': byte = '\t'; return true;
            case 'f': byte = '\f'; return true;
            case 'v': byte = '\v'; return true;
            case 'e': byte = 0x1B; return true;
            case 'a': byte = 0x07; return true;
            case '0': {
                byte = 0;
                for (int i = 0; i < 2 && peek() >= '0' && peek() <= '7'; ++i) byte = byte * 8 + (peek() - '0'), ++m_pos;
                return true;
            }
            case 'x': {
                byte = 0;
                if (peek() == '{') {
                    ++m_pos;
                    long value = 0;
                    while (hexDigit(peek()) >= 0) value = std::min<long>(value * 16 + hexDigit(peek()), 0x110000), ++m_pos;
                    if (peek() != '}') {
                        fail("missing terminating } in \\x{}");
                        return false;
                    }
                    ++m_pos;
                    if (value > 0xFF) {
                        fail("character code point value in \\x{} is too large");
                        return false;
                    }
                    byte = static_cast<int>(value);
                    return true;
                }
                for (int i = 0; i < 2 && hexDigit(peek()) >= 0; ++i) byte = byte * 16 + hexDigit(peek()), ++m_pos;
                return true;
            }
            case 'p':
            case 'P':
                fail("Unicode properties are not supported");
                return false;
            default:
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigitByte(c)) {
                    fail(std::string("unrecognized escape sequence \\") + c);
                    return false;
                }
                byte = static_cast<std::uint8_t>(c);  // escaped punctuation stands for itself
                return true;
        }
    }

    // A bracket class after "[", up to and including "]" (case folded before any negation).
    bool parseClass(ByteSet& out, const Flags& flags) {
        bool negate = false;
        if (peek() == '^') negate = true, ++m_pos;
        bool first = true;
        while (true) {
            if (atEnd()) {
                fail("missing terminating ] for character class");
                return false;
            }
            char c = peek();
            if (c == ']' && !first) {
                ++m_pos;
                break;
            }
            first = false;
            if (c == '[' && peek(1) == ':') {
                if (!posixClass(out)) return false;
                continue;
            }
            int low = 0;
            if (c == '\\') {
                ++m_pos;
                ByteSet s;
                if (classEscape(peek(), s)) {
                    ++m_pos;
                    out |= s;
                    continue;
                }
                if (peek() == 'b') {
                    ++m_pos;
                    low = '\b';
                } else if (!byteEscape(low)) {
                    return false;
                }
            } else {
                low = static_cast<std::uint8_t>(c);
                ++m_pos;
            }
            int high = low;
            if (peek() == '-' && peek(1) != ']' && m_pos + 1 < m_p.size()) {
                ++m_pos;
                if (peek() == '\\') {
                    ++m_pos;
                    ByteSet s;
                    if (classEscape(peek(), s)) {
                        // "a-\d": the dash is literal
                        ++m_pos;
                        out.set(static_cast<std::size_t>(low));
                        out.set('-');
                        out |= s;
                        continue;
                    }
                    if (!byteEscape(high)) return false;
                } else {
                    high = static_cast<std::uint8_t>(peek());
                    ++m_pos;
                }
                if (high < low) {
                    fail("range out of order in character class");
                    return false;
                }
            }
            out |= rangeSet(low, high);
        }
        if (flags.caseless) out = foldCase(out);
        if (negate) out = ~out;
        return true;
    }

    bool posixClass(ByteSet& out) {
        const std::size_t end = m_p.find(":]", m_pos + 2);
        if (end == std::string_view::npos) {
            fail("missing terminating ] for character class");
            return false;
        }
        std::string_view name = m_p.substr(m_pos + 2, end - m_pos - 2);
        bool negate = false;
        if (!name.empty() && name.front() == '^') negate = true, name.remove_prefix(1);
        ByteSet s;
        if (name == "alpha") s = rangeSet('a', 'z') | rangeSet('A', 'Z');
        else if (name == "digit") s = digitSet();
        else if (name == "alnum") s = rangeSet('a', 'z') | rangeSet('A', 'Z') | digitSet();
        else if (name == "space") s = spaceSet();
        else if (name == "upper") s = rangeSet('A', 'Z');
        else if (name == "lower") s = rangeSet('a', 'z');
        else if (name == "punct") s = rangeSet('!', '/') | rangeSet(':', '@') | rangeSet('[', '`') | rangeSet('{', '~');
        else if (name == "xdigit") s = digitSet() | rangeSet('a', 'f') | rangeSet('A', 'F');
        else if (name == "word") s = wordSet();
        else if (name == "print") s = rangeSet(' ', '~');
        else if (name == "graph") s = rangeSet('!', '~');
        else if (name == "cntrl") s = rangeSet(0, 31) | rangeSet(127, 127);
        else if (name == "blank") s = blankSet();
        else if (name == "ascii") s = rangeSet(0, 127);
        else {
            fail("unknown POSIX class name");
            return false;
        }
        out |= negate ? ~s : s;
        m_pos = end + 2;
        return true;
    }

    std::string_view m_p;
    std::size_t m_pos = 0;
    Flags m_flags;
    int m_groups = 0;
    std::string m_error;
};

}  // namespace

// ---- compilation to the VM's program ----

class RegexCompiler {
public:
    explicit RegexCompiler(Regex& re) : m_re(re) {}

    bool compile(const Node& root, std::string& error) {
        emitNode(root, 0);
        emit({Regex::Op::Match});
        if (m_tooLarge) {
            error = "regular expression is too large";
            return false;
        }
        return true;
    }

private:
    std::uint32_t here() const { return static_cast<std::uint32_t>(m_re.m_program.size()); }
    std::uint32_t emit(Regex::Instruction in) {
        if (m_re.m_program.size() >= kMaxRegexProgram) {
            m_tooLarge = true;
            return here();
        }
        m_re.m_program.push_back(in);
        return here() - 1;
    }
    void patch(std::uint32_t at, std::uint32_t x, std::uint32_t y) {
        if (at < m_re.m_program.size()) {
            m_re.m_program[at].x = x;
            m_re.m_program[at].y = y;
        }
    }

    std::uint32_t setIndex(const ByteSet& s) {
        for (std::size_t i = 0; i < m_re.m_sets.size(); ++i) {
            if (m_re.m_sets[i] == s) return static_cast<std::uint32_t>(i);
        }
        m_re.m_sets.push_back(s);
        return static_cast<std::uint32_t>(m_re.m_sets.size() - 1);
    }

    void emitNode(const Node& n, int depth) {
        if (m_tooLarge) return;
        switch (n.kind) {
            case Node::Kind::Empty: return;
            case Node::Kind::Set:
                if (n.set.count() == 1) {
                    std::size_t c = 0;
                    while (!n.set.test(c)) ++c;
                    emit({Regex::Op::Byte, static_cast<std::uint8_t>(c)});
                } else {
                    emit({Regex::Op::Set, 0, setIndex(n.set)});
                }
                return;
            case Node::Kind::Assert: emit({Regex::Op::Assert, static_cast<std::uint8_t>(n.assertion)}); return;
            case Node::Kind::Concat:
                for (const Node& child : n.children) emitNode(child, depth + 1);
                return;
            case Node::Kind::Alternate: return emitAlternation(n, depth);
            case Node::Kind::Repeat: return emitRepeat(n, depth);
        }
    }

    // split L1, next; L1: a; jmp end; next: split L2, next2; ... last branch; end:
    void emitAlternation(const Node& n, int depth) {
        std::vector<std::uint32_t> jumps;
        for (std::size_t i = 0; i < n.children.size() && !m_tooLarge; ++i) {
            if (i + 1 < n.children.size()) {
                const std::uint32_t split = emit({Regex::Op::Split});
                emitNode(n.children[i], depth + 1);
                jumps.push_back(emit({Regex::Op::Jump}));
                patch(split, split + 1, here());
            } else {
                emitNode(n.children[i], depth + 1);
            }
        }
        for (const std::uint32_t j : jumps) patch(j, here(), 0);
    }

    void emitRepeat(const Node& n, int depth) {
        const Node& body = n.children.front();
        for (int i = 0; i < n.min && !m_tooLarge; ++i) emitNode(body, depth + 1);
        if (n.max == kUnbounded) {
            // L: split body, end; body; jmp L; end:
            const std::uint32_t split = emit({Regex::Op::Split});
            emitNode(body, depth + 1);
            emit({Regex::Op::Jump, 0, split});
            patch(split, split + 1, here());
            return;
        }
        // Optional copies: split a, end; a: body; split b, end; b: body; ... end:
        std::vector<std::uint32_t> splits;
        for (int i = n.min; i < n.max && !m_tooLarge; ++i) {
            splits.push_back(emit({Regex::Op::Split}));
            emitNode(body, depth + 1);
        }
        for (const std::uint32_t s : splits) patch(s, s + 1, here());
    }

    Regex& m_re;
    bool m_tooLarge = false;
};

std::optional<Regex> Regex::compile(std::string_view pattern, std::string& error, bool caseless) {
    PatternParser parser(pattern, caseless);
    std::optional<Node> root = parser.run(error);
    if (!root) return std::nullopt;
    Regex re;
    if (!RegexCompiler(re).compile(*root, error)) return std::nullopt;
    const std::size_t n = re.m_program.size();
    re.m_current.reserve(n);
    re.m_next.reserve(n);
    re.m_currentWhere.assign(n, 0);
    re.m_nextWhere.assign(n, 0);
    re.m_stack.reserve(n * 2 + 2);
    return re;
}

namespace {

bool contains(const std::vector<std::uint32_t>& list, const std::vector<std::uint32_t>& where, std::uint32_t pc) {
    const std::uint32_t i = where[pc];
    return i < list.size() && list[i] == pc;
}

bool holds(Regex::Assertion a, std::span<const std::uint8_t> text, std::size_t pos) {
    const std::size_t n = text.size();
    switch (a) {
        case Regex::Assertion::TextStart: return pos == 0;
        case Regex::Assertion::LineStart: return pos == 0 || text[pos - 1] == '\n';
        case Regex::Assertion::TextEnd: return pos == n;
        case Regex::Assertion::TextEndOrFinalNewline: return pos == n || (pos + 1 == n && text[pos] == '\n');
        case Regex::Assertion::LineEnd: return pos == n || text[pos] == '\n';
        case Regex::Assertion::WordBoundary:
        case Regex::Assertion::NotWordBoundary: {
            const bool before = pos > 0 && isWordByte(text[pos - 1]);
            const bool after = pos < n && isWordByte(text[pos]);
            return (before != after) == (a == Regex::Assertion::WordBoundary);
        }
    }
    return false;
}

}  // namespace

// Adds `pc` and everything reachable from it without consuming a byte (explicit stack).
void Regex::addThread(std::vector<std::uint32_t>& list, std::vector<std::uint32_t>& where, std::uint32_t pc,
                      std::span<const std::uint8_t> text, std::size_t pos, bool& matched) const {
    m_stack.clear();
    m_stack.push_back(pc);
    while (!m_stack.empty()) {
        const std::uint32_t at = m_stack.back();
        m_stack.pop_back();
        if (contains(list, where, at)) continue;
        where[at] = static_cast<std::uint32_t>(list.size());
        list.push_back(at);
        const Instruction& in = m_program[at];
        switch (in.op) {
            case Op::Jump: m_stack.push_back(in.x); break;
            case Op::Split:
                m_stack.push_back(in.y);
                m_stack.push_back(in.x);
                break;
            case Op::Assert:
                if (holds(static_cast<Assertion>(in.byte), text, pos)) m_stack.push_back(at + 1);
                break;
            case Op::Match: matched = true; break;
            case Op::Byte:
            case Op::Set: break;
        }
    }
}

bool Regex::search(std::span<const std::uint8_t> text) const {
    m_gaveUp = false;
    m_current.clear();
    m_next.clear();
    std::uint64_t steps = 0;
    bool matched = false;
    for (std::size_t pos = 0;; ++pos) {
        // Unanchored search: a new thread starts at every position.
        addThread(m_current, m_currentWhere, 0, text, pos, matched);
        if (matched) return true;
        if (pos == text.size()) return false;
        const std::uint8_t c = text[pos];
        steps += m_current.size();
        if (steps > kMaxRegexSteps) {
            m_gaveUp = true;
            return false;
        }
        for (const std::uint32_t pc : m_current) {
            const Instruction& in = m_program[pc];
            const bool step = (in.op == Op::Byte && in.byte == c) || (in.op == Op::Set && m_sets[in.x].test(c));
            if (step) addThread(m_next, m_nextWhere, pc + 1, text, pos + 1, matched);
            if (matched) return true;
        }
        std::swap(m_current, m_next);
        std::swap(m_currentWhere, m_nextWhere);
        m_next.clear();
    }
}

}  // namespace caplens::filter
