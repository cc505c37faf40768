#include "core/filter/parser.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>

namespace caplens::filter {
namespace {

std::optional<std::int64_t> parseDecimal(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::size_t skip = text[0] == '+' ? 1 : 0;
    std::int64_t value = 0;
    const char* first = text.data() + skip;
    const char* last = text.data() + text.size();
    if (first == last || (*first == '-' && skip == 1)) return std::nullopt;
    const auto [end, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || end != last) return std::nullopt;
    return value;
}

// The parse stops at the first error: every function returns kNoNode once m_error is set.
class Parser {
public:
    Parser(std::string_view source, const std::vector<Token>& tokens) : m_tokens(tokens) {
        m_result.ast.source = source;
    }

    ParseResult run() {
        if (peek().kind != TokenKind::End) {
            const NodeIndex root = parseOr();
            if (!failed() && peek().kind != TokenKind::End) unexpected(peek());
            if (!failed()) m_result.ast.root = root;
        }
        return std::move(m_result);
    }

private:
    // ---- tokens ----
    [[nodiscard]] const Token& peek(std::size_t ahead = 0) const {
        const std::size_t at = std::min(m_pos + ahead, m_tokens.size() - 1);
        return m_tokens[at];
    }
    const Token& next() {
        const Token& t = peek();
        if (m_pos + 1 < m_tokens.size()) ++m_pos;
        return t;
    }
    bool accept(TokenKind kind) {
        if (peek().kind != kind) return false;
        next();
        return true;
    }
    [[nodiscard]] bool failed() const { return static_cast<bool>(m_result.error); }

    void unexpected(const Token& t) {
        if (failed()) return;
        if (t.kind == TokenKind::End) {
            m_result.error = errorAt({t.span.begin, t.span.begin}, "Unexpected end of filter expression.");
        } else {
            m_result.error = errorAt(t.span, "\"" + std::string(t.text) + "\" was unexpected in this context.");
        }
    }
    bool expect(TokenKind kind) {
        if (accept(kind)) return true;
        unexpected(peek());
        return false;
    }

    // ---- nodes ----
    NodeIndex add(Node node) {
        std::uint16_t depth = 0;
        for (const NodeIndex child : node.children) depth = std::max(depth, m_result.ast.nodes[child].depth);
        node.depth = static_cast<std::uint16_t>(depth + 1);
        if (node.depth > kMaxNesting) {
            tooDeep(node.span);
            return kNoNode;
        }
        m_result.ast.nodes.push_back(std::move(node));
        return static_cast<NodeIndex>(m_result.ast.nodes.size() - 1);
    }
    [[nodiscard]] const Node& at(NodeIndex i) const { return m_result.ast.nodes[i]; }
    [[nodiscard]] SourceSpan join(NodeIndex a, NodeIndex b) const { return {at(a).span.begin, at(b).span.end}; }
    void tooDeep(SourceSpan span) {
        if (!failed()) {
            m_result.error = errorAt(span, "The filter is nested too deeply (more than " + std::to_string(kMaxNesting) +
                                               " levels).");
        }
    }
    // Guards one level of recursion; false (with the error set) past kMaxNesting.
    bool enter(const Token& at) {
        if (++m_nesting <= kMaxNesting) return true;
        tooDeep(at.span);
        return false;
    }
    void leave() { --m_nesting; }

    // ---- logic ----
    NodeIndex parseChain(NodeKind kind, TokenKind op1, TokenKind op2, NodeIndex (Parser::*operand)()) {
        NodeIndex first = (this->*operand)();
        if (failed() || (peek().kind != op1 && peek().kind != op2)) return first;
        Node chain;
        chain.kind = kind;
        chain.children.push_back(first);
        while (!failed() && (peek().kind == op1 || peek().kind == op2)) {
            next();
            const NodeIndex operand2 = (this->*operand)();
            if (failed()) return kNoNode;
            chain.children.push_back(operand2);
        }
        chain.span = join(chain.children.front(), chain.children.back());
        return add(std::move(chain));
    }
    NodeIndex parseOr() { return parseChain(NodeKind::Or, TokenKind::Or, TokenKind::Or, &Parser::parseXor); }
    NodeIndex parseXor() { return parseChain(NodeKind::Xor, TokenKind::Xor, TokenKind::Xor, &Parser::parseAnd); }
    NodeIndex parseAnd() { return parseChain(NodeKind::And, TokenKind::And, TokenKind::And, &Parser::parseUnary); }

    NodeIndex parseUnary() {
        const Token& t = peek();
        if (t.kind == TokenKind::Not) {
            next();
            if (!enter(t)) return kNoNode;
            const NodeIndex operand = parseUnary();
            leave();
            if (failed()) return kNoNode;
            Node n;
            n.kind = NodeKind::Not;
            n.span = {t.span.begin, at(operand).span.end};
            n.children.push_back(operand);
            return add(std::move(n));
        }
        if (t.kind == TokenKind::LParen) {
            next();
            if (!enter(t)) return kNoNode;
            const NodeIndex inner = parseOr();
            leave();
            if (failed() || !expect(TokenKind::RParen)) return kNoNode;
            return inner;
        }
        return parseRelation();
    }

    // ---- relations ----
    NodeIndex parseRelation() {
        Quantifier quantifier = Quantifier::Default;
        const Token& first = peek();
        if (accept(TokenKind::Any)) quantifier = Quantifier::Any;
        else if (accept(TokenKind::All)) quantifier = Quantifier::All;
        const NodeIndex lhs = parseArith();
        if (failed()) return kNoNode;
        const Token& op = peek();
        Node n;
        n.quantifier = quantifier;
        n.children.push_back(lhs);
        if (const auto rel = relationOf(op.kind)) {
            next();
            n.kind = NodeKind::Relation;
            n.op = *rel;
            const NodeIndex rhs = (*rel == RelOp::Contains || *rel == RelOp::Matches) ? parseEntity() : parseArith();
            if (failed()) return kNoNode;
            n.children.push_back(rhs);
            if (relationOf(peek().kind)) {
                unexpected(peek());  // relations do not chain
                return kNoNode;
            }
        } else if (op.kind == TokenKind::In || (op.kind == TokenKind::Not && peek(1).kind == TokenKind::In)) {
            n.kind = NodeKind::In;
            n.negatedIn = op.kind == TokenKind::Not;
            next();
            if (n.negatedIn) next();
            if (!parseSet(n)) return kNoNode;
        } else {
            if (quantifier != Quantifier::Default) {
                unexpected(op);
                return kNoNode;
            }
            n.kind = NodeKind::Test;
        }
        n.span = {first.span.begin, m_tokens[m_pos > 0 ? m_pos - 1 : 0].span.end};
        return add(std::move(n));
    }

    static std::optional<RelOp> relationOf(TokenKind kind) {
        switch (kind) {
            case TokenKind::AnyEq: return RelOp::AnyEq;
            case TokenKind::AllNe: return RelOp::AllNe;
            case TokenKind::AllEq: return RelOp::AllEq;
            case TokenKind::AnyNe: return RelOp::AnyNe;
            case TokenKind::Gt: return RelOp::Gt;
            case TokenKind::Ge: return RelOp::Ge;
            case TokenKind::Lt: return RelOp::Lt;
            case TokenKind::Le: return RelOp::Le;
            case TokenKind::Contains: return RelOp::Contains;
            case TokenKind::Matches: return RelOp::Matches;
            default: return std::nullopt;
        }
    }

    bool parseSet(Node& in) {
        const Token& open = peek();
        if (!expect(TokenKind::LBrace)) return false;
        if (!enter(open)) return false;
        do {
            Node element;
            element.kind = NodeKind::SetElement;
            const NodeIndex low = parseSigned();
            if (failed()) return false;
            element.children.push_back(low);
            if (accept(TokenKind::DotDot)) {
                const NodeIndex high = parseSigned();
                if (failed()) return false;
                element.children.push_back(high);
            }
            element.span = join(element.children.front(), element.children.back());
            const NodeIndex e = add(std::move(element));
            if (failed()) return false;
            in.children.push_back(e);
        } while (accept(TokenKind::Comma));
        leave();
        return expect(TokenKind::RBrace);
    }

    // ---- arithmetic ----
    NodeIndex parseBinary(std::initializer_list<std::pair<TokenKind, ArithOp>> ops, NodeIndex (Parser::*operand)()) {
        NodeIndex left = (this->*operand)();
        while (!failed()) {
            const auto it = std::find_if(ops.begin(), ops.end(), [&](const auto& p) { return p.first == peek().kind; });
            if (it == ops.end()) break;
            next();
            const NodeIndex right = (this->*operand)();
            if (failed()) return kNoNode;
            Node n;
            n.kind = NodeKind::Arith;
            n.arith = it->second;
            n.children = {left, right};
            n.span = join(left, right);
            left = add(std::move(n));
        }
        return failed() ? kNoNode : left;
    }
    NodeIndex parseArith() { return parseBinary({{TokenKind::BitAnd, ArithOp::BitAnd}}, &Parser::parseSum); }
    NodeIndex parseSum() {
        return parseBinary({{TokenKind::Plus, ArithOp::Add}, {TokenKind::Minus, ArithOp::Subtract}}, &Parser::parseProduct);
    }
    NodeIndex parseProduct() {
        return parseBinary({{TokenKind::Star, ArithOp::Multiply}, {TokenKind::Slash, ArithOp::Divide},
                            {TokenKind::Percent, ArithOp::Modulo}},
                           &Parser::parseSigned);
    }
    NodeIndex parseSigned() {
        const Token& sign = peek();
        if (accept(TokenKind::Plus)) return parseEntity();
        if (!accept(TokenKind::Minus)) return parseEntity();
        const NodeIndex operand = parseEntity();
        if (failed()) return kNoNode;
        Node n;
        n.kind = NodeKind::Negate;
        n.children.push_back(operand);
        n.span = {sign.span.begin, at(operand).span.end};
        return add(std::move(n));
    }

    // ---- entities ----
    NodeIndex parseEntity() {
        NodeIndex e = parseAtom();
        while (!failed() && peek().kind == TokenKind::LBracket) {
            Node slice;
            slice.kind = NodeKind::Slice;
            slice.children.push_back(e);
            if (!parseRanges(slice.ranges)) return kNoNode;
            slice.span = {at(e).span.begin, m_tokens[m_pos - 1].span.end};
            e = add(std::move(slice));
        }
        return failed() ? kNoNode : e;
    }

    NodeIndex parseAtom() {
        const Token& t = peek();
        switch (t.kind) {
            case TokenKind::Word:
                return peek(1).kind == TokenKind::LParen ? parseFunction() : parseWord();
            case TokenKind::String:
            case TokenKind::CharConst: {
                next();
                Node n;
                n.kind = t.kind == TokenKind::String ? NodeKind::String : NodeKind::CharConst;
                n.text = t.value;
                n.raw = t.raw;
                n.span = t.span;
                return add(std::move(n));
            }
            case TokenKind::Dollar: return parseReference();
            case TokenKind::LBrace: {
                next();
                if (!enter(t)) return kNoNode;
                const NodeIndex inner = parseArith();
                leave();
                if (failed() || !expect(TokenKind::RBrace)) return kNoNode;
                return inner;
            }
            default:
                unexpected(t);
                return kNoNode;
        }
    }

    NodeIndex parseWord() {
        const Token& t = next();
        Node n;
        n.kind = NodeKind::Word;
        n.span = t.span;
        n.forcedField = t.text.front() == '.';
        n.text = std::string(n.forcedField ? t.text.substr(1) : t.text);
        if (accept(TokenKind::Hash)) {
            n.hasLayers = true;
            const Token& layer = peek();
            if (layer.kind == TokenKind::LayerNumber) {
                next();
                RangeSpec r;
                r.start = parseDecimal(layer.text).value_or(0);
                r.span = layer.span;
                n.ranges.push_back(r);
            } else if (layer.kind != TokenKind::LBracket || !parseRanges(n.ranges)) {
                unexpected(layer);
                return kNoNode;
            }
            n.span.end = m_tokens[m_pos - 1].span.end;
        }
        return add(std::move(n));
    }

    NodeIndex parseFunction() {
        const Token& name = next();
        next();  // (
        if (!enter(name)) return kNoNode;
        Node n;
        n.kind = NodeKind::Function;
        n.text = std::string(name.text);
        if (peek().kind != TokenKind::RParen) {
            do {
                const NodeIndex arg = parseArith();
                if (failed()) return kNoNode;
                n.children.push_back(arg);
            } while (accept(TokenKind::Comma));
        }
        leave();
        if (!expect(TokenKind::RParen)) return kNoNode;
        n.span = {name.span.begin, m_tokens[m_pos - 1].span.end};
        return add(std::move(n));
    }

    NodeIndex parseReference() {
        const Token& dollar = next();
        if (!expect(TokenKind::LBrace)) return kNoNode;
        const Token& word = peek();
        if (!expect(TokenKind::Word)) return kNoNode;
        if (!expect(TokenKind::RBrace)) return kNoNode;
        Node n;
        n.kind = NodeKind::Reference;
        n.text = std::string(word.text.front() == '.' ? word.text.substr(1) : word.text);
        n.span = {dollar.span.begin, m_tokens[m_pos - 1].span.end};
        return add(std::move(n));
    }

    // "[" range ("," range)* "]"
    bool parseRanges(std::vector<RangeSpec>& out) {
        if (!expect(TokenKind::LBracket)) return false;
        do {
            const Token& t = peek();
            if (t.kind != TokenKind::RangeNode) {
                unexpected(t);
                return false;
            }
            next();
            RangeSpec r;
            if (!parseRange(t.text, t.span, r, m_result.error)) return false;
            out.push_back(r);
        } while (accept(TokenKind::Comma));
        return expect(TokenKind::RBracket);
    }

    const std::vector<Token>& m_tokens;
    std::size_t m_pos = 0;
    std::uint16_t m_nesting = 0;
    ParseResult m_result;
};

}  // namespace

bool parseRange(std::string_view text, SourceSpan span, RangeSpec& out, FilterError& error) {
    const std::string written(text);
    const auto fail = [&](std::string message) {
        error = errorAt(span, std::move(message));
        return false;
    };
    const auto number = [&](std::string_view part, std::int64_t& value) {
        const auto parsed = parseDecimal(part);
        if (!parsed) return fail("\"" + std::string(part) + "\" is not a valid number.");
        value = *parsed;
        return true;
    };
    out.span = span;
    if (const auto colon = text.find(':'); colon != std::string_view::npos) {
        const std::string_view left = text.substr(0, colon);
        const std::string_view right = text.substr(colon + 1);
        if (right.find(':') != std::string_view::npos) return fail("\"" + written + "\" is not a valid range.");
        out.start = 0;
        if (!left.empty() && !number(left, out.start)) return false;
        if (right.empty()) {
            out.end = RangeSpec::End::ToEnd;
            return true;
        }
        out.end = RangeSpec::End::Length;
        if (!number(right, out.value)) return false;
        if (out.value <= 0) {
            return fail("Range " + written + " isn't valid because length " + std::to_string(out.value) +
                        " isn't positive");
        }
        return true;
    }
    if (const auto dash = text.find('-', 1); dash != std::string_view::npos) {
        std::int64_t first = 0, last = 0;
        if (!number(text.substr(0, dash), first) || !number(text.substr(dash + 1), last)) return false;
        if ((first < 0) != (last < 0)) {
            return fail("Range " + written + " isn't valid because " + std::to_string(first) + " and " +
                        std::to_string(last) + " have different signs");
        }
        if (first > last) {
            return fail("Range " + written + " isn't valid because " + std::to_string(first) +
                        " is greater or equal than " + std::to_string(last));
        }
        out.start = first;
        out.end = RangeSpec::End::Offset;
        out.value = last;
        return true;
    }
    out.end = RangeSpec::End::Single;
    return number(text, out.start);
}

ParseResult parse(std::string_view source, const std::vector<Token>& tokens) {
    return Parser(source, tokens).run();
}

const char* relOpText(RelOp op) {
    switch (op) {
        case RelOp::AnyEq: return "==";
        case RelOp::AllNe: return "!=";
        case RelOp::AllEq: return "===";
        case RelOp::AnyNe: return "~=";
        case RelOp::Gt: return ">";
        case RelOp::Ge: return ">=";
        case RelOp::Lt: return "<";
        case RelOp::Le: return "<=";
        case RelOp::Contains: return "contains";
        case RelOp::Matches: return "matches";
    }
    return "?";
}

const char* arithOpText(ArithOp op) {
    switch (op) {
        case ArithOp::Add: return "+";
        case ArithOp::Subtract: return "-";
        case ArithOp::Multiply: return "*";
        case ArithOp::Divide: return "/";
        case ArithOp::Modulo: return "%";
        case ArithOp::BitAnd: return "&";
    }
    return "?";
}

}  // namespace caplens::filter
