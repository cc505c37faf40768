#include "core/filter/semantic.hpp"

#include <array>
#include <climits>
#include <optional>

#include "core/filter/literals.hpp"

namespace caplens::filter {

using proto::FieldType;

bool isBytesLike(FieldType type) {
    return type == FieldType::Bytes || type == FieldType::Ether || type == FieldType::Protocol;
}

namespace {

bool isFloat(FieldType t) { return t == FieldType::Float || t == FieldType::Double; }
bool isInteger(FieldType t) { return proto::isUnsignedType(t) || proto::isSignedType(t); }
bool isNumeric(FieldType t) { return isInteger(t) || isFloat(t) || t == FieldType::RelativeTime; }
bool canSlice(FieldType t) {
    return isBytesLike(t) || t == FieldType::String || t == FieldType::Ipv4 || t == FieldType::Ipv6;
}
bool canContain(FieldType t) { return isBytesLike(t) || t == FieldType::String; }

// Wireshark 4.0's compatible_ftypes(a, b): may a field of type a be compared with one of type b?
bool compatible(FieldType a, FieldType b) {
    switch (a) {
        case FieldType::Float:
        case FieldType::Double: return isFloat(b);
        case FieldType::Ether:
        case FieldType::Bytes: return b == FieldType::Ether || b == FieldType::Bytes;
        case FieldType::String: return b == FieldType::String;
        default:
            if (isInteger(a)) return isInteger(b) || b == FieldType::Bool;
            return a == b;
    }
}

CompareClass compareClass(FieldType a, FieldType b) {
    if (proto::isUnsignedType(a) && proto::isUnsignedType(b)) return CompareClass::Unsigned;
    if (proto::isSignedType(a) && proto::isSignedType(b)) return CompareClass::Signed;
    if (a == FieldType::Bool && b == FieldType::Bool) return CompareClass::Bool;
    if (isFloat(a) && isFloat(b)) return CompareClass::Double;
    if (a == b && (a == FieldType::RelativeTime || a == FieldType::AbsoluteTime)) return CompareClass::Time;
    if (a == FieldType::Ipv4 && b == FieldType::Ipv4) return CompareClass::Ipv4;
    if (a == FieldType::Ipv6 && b == FieldType::Ipv6) return CompareClass::Ipv6;
    if (isBytesLike(a) && isBytesLike(b)) return CompareClass::Bytes;
    if (a == FieldType::String && b == FieldType::String) return CompareClass::String;
    return CompareClass::Incomparable;
}

// Negating an unsigned value makes a signed one (Wireshark promotes to 32 bits).
std::optional<FieldType> negatedType(FieldType t) {
    if (t == FieldType::UInt64) return FieldType::Int64;
    if (proto::isUnsignedType(t)) return FieldType::Int32;
    if (proto::isSignedType(t) || isFloat(t) || t == FieldType::RelativeTime) return t;
    return std::nullopt;
}

struct FunctionInfo {
    std::string_view name;
    Function function;
    std::size_t minArgs, maxArgs;  // maxArgs 0: any number
};

constexpr std::array kFunctions{
    FunctionInfo{"len", Function::Len, 1, 1},       FunctionInfo{"count", Function::Count, 1, 1},
    FunctionInfo{"upper", Function::Upper, 1, 1},   FunctionInfo{"lower", Function::Lower, 1, 1},
    FunctionInfo{"string", Function::String, 1, 1}, FunctionInfo{"abs", Function::Abs, 1, 1},
    FunctionInfo{"max", Function::Max, 1, 0},       FunctionInfo{"min", Function::Min, 1, 0},
};

class Analyzer {
public:
    Analyzer(const Ast& ast, const proto::Registry& registry) : m_ast(ast), m_registry(registry) {
        m_result.filter.mask.assign(registry.fieldCount(), 0);
    }

    CheckResult run() {
        if (m_ast.root != kNoNode) {
            const ExprIndex root = test(m_ast.root);
            if (!failed()) m_result.filter.root = root;
        }
        return std::move(m_result);
    }

private:
    // ---- plumbing ----
    [[nodiscard]] const Node& node(NodeIndex i) const { return m_ast.nodes[i]; }
    [[nodiscard]] Expr& expr(ExprIndex i) { return m_result.filter.exprs[i]; }
    [[nodiscard]] FieldType typeOf(ExprIndex i) const { return m_result.filter.exprs[i].type; }
    [[nodiscard]] bool failed() const { return static_cast<bool>(m_result.error); }
    [[nodiscard]] std::string display(NodeIndex i) const {
        const SourceSpan s = node(i).span;
        return std::string(m_ast.source.substr(s.begin, s.end - s.begin));
    }
    ExprIndex fail(SourceSpan span, std::string message) {
        if (!failed()) m_result.error = errorAt(span, std::move(message));
        return kNoExpr;
    }
    ExprIndex add(Expr e) {
        m_result.filter.exprs.push_back(std::move(e));
        return static_cast<ExprIndex>(m_result.filter.exprs.size() - 1);
    }
    ExprIndex make(ExprKind kind, FieldType type, SourceSpan span, std::vector<ExprIndex> children = {}) {
        Expr e;
        e.kind = kind;
        e.type = type;
        e.span = span;
        e.children = std::move(children);
        return add(std::move(e));
    }
    // A literal (a word that is no field, a string, a character constant).
    [[nodiscard]] bool isConstantNode(NodeIndex i) const {
        const Node& n = node(i);
        if (n.kind == NodeKind::String || n.kind == NodeKind::CharConst) return true;
        return n.kind == NodeKind::Word && !n.forcedField && !m_registry.findField(n.text).has_value();
    }
    [[nodiscard]] static bool looksLikeName(const std::string& text) {
        return !text.empty() && ((text[0] >= 'a' && text[0] <= 'z') || (text[0] >= 'A' && text[0] <= 'Z') || text[0] == '_');
    }
    ExprIndex neitherFieldNorProtocol(NodeIndex i) {
        const Node& n = node(i);
        const std::string name = n.kind == NodeKind::Word ? n.text : display(i);
        return fail(n.span, "\"" + name + "\" is neither a field nor a protocol name.");
    }

    // ---- tests ----
    ExprIndex test(NodeIndex i) {
        const Node& n = node(i);
        switch (n.kind) {
            case NodeKind::Or:
            case NodeKind::Xor:
            case NodeKind::And: {
                std::vector<ExprIndex> children;
                for (const NodeIndex c : n.children) {
                    children.push_back(test(c));
                    if (failed()) return kNoExpr;
                }
                const ExprKind kind = n.kind == NodeKind::Or ? ExprKind::Or : n.kind == NodeKind::And ? ExprKind::And : ExprKind::Xor;
                return make(kind, FieldType::Bool, n.span, std::move(children));
            }
            case NodeKind::Not: {
                const ExprIndex inner = test(n.children[0]);
                if (failed()) return kNoExpr;
                return make(ExprKind::Not, FieldType::Bool, n.span, {inner});
            }
            case NodeKind::Test: return presence(n.children[0]);
            case NodeKind::Relation: return relation(n);
            case NodeKind::In: return membership(n);
            default: return fail(n.span, "Internal error: not a test.");
        }
    }

    ExprIndex presence(NodeIndex i) {
        const Node& n = node(i);
        switch (n.kind) {
            case NodeKind::Word: {
                const ExprIndex f = resolveField(i);
                if (failed()) return kNoExpr;
                if (f == kNoExpr) return neitherFieldNorProtocol(i);
                expr(f).kind = ExprKind::Exists;
                return f;
            }
            case NodeKind::String:
            case NodeKind::CharConst:
            case NodeKind::Reference: return fail(n.span, display(i) + " is neither a field nor a protocol name.");
            case NodeKind::Function:
                if (!findFunction(n.text)) return unknownFunction(n);
                return fail(n.span, "You cannot test whether a function is present.");
            case NodeKind::Slice: {
                const ExprIndex s = slice(i);
                if (failed()) return kNoExpr;
                return make(ExprKind::NotEmpty, FieldType::Bool, n.span, {s});
            }
            default: {
                const ExprIndex a = arithmetic(i, FieldType::None);
                if (failed()) return kNoExpr;
                return make(ExprKind::NotZero, FieldType::Bool, n.span, {a});
            }
        }
    }

    // ---- relations ----
    [[nodiscard]] static bool allowedWith(FieldType t, RelOp op) {
        if (t == FieldType::None) return false;
        if (op == RelOp::Contains || op == RelOp::Matches) return canContain(t);
        return true;
    }
    static std::string opForMessage(RelOp op) {
        return (op == RelOp::Contains || op == RelOp::Matches) ? relOpText(op) : "\"" + std::string(relOpText(op)) + "\"";
    }

    ExprIndex relation(const Node& n) {
        const NodeIndex lhsNode = n.children[0], rhsNode = n.children[1];
        if (n.op == RelOp::Matches && node(rhsNode).kind != NodeKind::String) {
            return fail(node(rhsNode).span, "Matches requires a double quoted string on the right side.");
        }
        ExprIndex lhs = leftSide(lhsNode, n.op);
        if (failed()) return kNoExpr;
        FieldType t1 = typeOf(lhs);
        if (!allowedWith(t1, n.op)) {
            return fail(node(lhsNode).span, display(lhsNode) + " (type=" + std::string(typeName(t1)) +
                                                ") cannot participate in " + relOpText(n.op) + " comparison.");
        }
        Expr e;
        e.span = n.span;
        e.type = FieldType::Bool;
        e.all = n.quantifier == Quantifier::All ||
                (n.quantifier == Quantifier::Default && (n.op == RelOp::AllNe || n.op == RelOp::AllEq));
        if (n.op == RelOp::Matches) {
            std::string reason;
            auto re = Regex::compile(node(rhsNode).text, reason);
            if (!re) return fail(node(rhsNode).span, "Regex compilation error: " + reason + ".");
            m_result.filter.regexes.push_back(std::move(*re));
            e.kind = ExprKind::Matches;
            e.regex = static_cast<std::uint32_t>(m_result.filter.regexes.size() - 1);
            e.children = {lhs};
            return add(std::move(e));
        }
        m_partial = n.op == RelOp::Contains;
        const ExprIndex rhs = rightSide(rhsNode, lhs, lhsNode);
        m_partial = false;
        if (failed()) return kNoExpr;
        t1 = typeOf(lhs = m_convertedLeft);
        e.children = {lhs, rhs};
        e.compareClass = compareClass(t1, typeOf(rhs));
        if (n.op == RelOp::Contains) {
            e.kind = ExprKind::Contains;
            return add(std::move(e));
        }
        e.kind = ExprKind::Compare;
        e.predicate = predicateOf(n.op);
        return add(std::move(e));
    }

    static Predicate predicateOf(RelOp op) {
        switch (op) {
            case RelOp::AnyEq:
            case RelOp::AllEq: return Predicate::Eq;
            case RelOp::AllNe:
            case RelOp::AnyNe: return Predicate::Ne;
            case RelOp::Gt: return Predicate::Gt;
            case RelOp::Ge: return Predicate::Ge;
            case RelOp::Lt: return Predicate::Lt;
            default: return Predicate::Le;
        }
    }

    // The left side of a relation: a field, slice, function or arithmetic, never a literal.
    ExprIndex leftSide(NodeIndex i, RelOp op) {
        const Node& n = node(i);
        const bool literal = n.kind == NodeKind::String || n.kind == NodeKind::CharConst ||
                             (n.kind == NodeKind::Word && isConstantNode(i));
        if (literal) {
            if (n.kind == NodeKind::Word && looksLikeName(n.text)) return neitherFieldNorProtocol(i);
            return fail(n.span, "Left side of " + opForMessage(op) + " expression must be a field or function, not " +
                                    display(i) + ".");
        }
        if ((op == RelOp::Contains || op == RelOp::Matches) && (n.kind == NodeKind::Arith || n.kind == NodeKind::Negate)) {
            return fail(n.span, "Left side of " + opForMessage(op) + " expression must be a field or function, not " +
                                    display(i) + ".");
        }
        return value(i, FieldType::None, nullptr);
    }

    // The right side, read as the left side's type. May replace the left side by its bytes
    // (m_convertedLeft) when the right side is a slice.
    ExprIndex rightSide(NodeIndex i, ExprIndex lhs, NodeIndex lhsNode) {
        m_convertedLeft = lhs;
        const FieldType t1 = typeOf(lhs);
        const proto::FieldDef* names = expr(lhs).kind == ExprKind::Field ? &m_registry.field(expr(lhs).field) : nullptr;
        const Node& n = node(i);
        if (isConstantNode(i)) {
            // "contains" takes part of a value: a few bytes of an Ethernet address.
            const bool asBytes = t1 == FieldType::Protocol || (m_partial && t1 == FieldType::Ether);
            return constant(i, asBytes ? FieldType::Bytes : t1, names);
        }
        const ExprIndex rhs = value(i, t1, names);
        if (failed()) return kNoExpr;
        FieldType t2 = typeOf(rhs);
        if (n.kind == NodeKind::Slice || isBytesLike(t1)) {
            // Bytes against bytes: a non-bytes side that can be sliced is compared as its bytes.
            if (!isBytesLike(t1) || !isBytesLike(t2)) {
                const bool leftIsOther = !isBytesLike(t1);
                const ExprIndex other = leftIsOther ? lhs : rhs;
                const NodeIndex otherNode = leftIsOther ? lhsNode : i;
                const FieldType t = typeOf(other);
                if (!canSlice(t)) {
                    return fail(node(otherNode).span, "\"" + display(otherNode) + "\" is a " + std::string(typeName(t)) +
                                                          " and cannot be converted into a sequence of bytes.");
                }
                const ExprIndex converted = make(ExprKind::AsBytes, FieldType::Bytes, node(otherNode).span, {other});
                if (leftIsOther) {
                    m_convertedLeft = converted;
                    return rhs;
                }
                return converted;
            }
            return rhs;
        }
        if (!compatible(t1, t2)) {
            return fail(n.span, display(lhsNode) + " and " + display(i) + " are not of compatible types.");
        }
        (void)t2;
        return rhs;
    }

    // "x in {a, b..c}": one test per element, joined by "or".
    ExprIndex membership(const Node& n) {
        const NodeIndex lhsNode = n.children[0];
        const Node& ln = node(lhsNode);
        if (ln.kind != NodeKind::Word || isConstantNode(lhsNode)) {
            if (ln.kind == NodeKind::Word && looksLikeName(ln.text)) return neitherFieldNorProtocol(lhsNode);
            return fail(ln.span, "Only a field may be tested for membership in a set.");
        }
        const ExprIndex lhs = resolveField(lhsNode);
        if (failed()) return kNoExpr;
        const FieldType t1 = typeOf(lhs);
        if (!allowedWith(t1, RelOp::AnyEq)) {
            return fail(ln.span, display(lhsNode) + " (type=" + std::string(typeName(t1)) +
                                     ") cannot participate in membership comparison.");
        }
        const bool all = n.quantifier == Quantifier::All;
        std::vector<ExprIndex> tests;
        for (std::size_t k = 1; k < n.children.size(); ++k) {
            const Node& element = node(n.children[k]);
            for (const NodeIndex part : element.children) {
                if (node(part).kind == NodeKind::Slice) return fail(node(part).span, "A slice may not appear inside a set.");
            }
            Expr e;
            e.span = element.span;
            e.type = FieldType::Bool;
            e.all = all;
            e.children.push_back(lhs);
            for (const NodeIndex part : element.children) {
                const ExprIndex v = rightSide(part, lhs, lhsNode);
                if (failed()) return kNoExpr;
                if (m_convertedLeft != lhs) return fail(node(part).span, "A slice may not appear inside a set.");
                e.children.push_back(v);
            }
            e.compareClass = compareClass(t1, typeOf(e.children[1]));
            e.kind = element.children.size() == 1 ? ExprKind::Compare : ExprKind::InRange;
            e.predicate = Predicate::Eq;
            tests.push_back(add(std::move(e)));
        }
        ExprIndex result = tests.size() == 1 ? tests.front() : make(ExprKind::Or, FieldType::Bool, n.span, tests);
        if (n.negatedIn) result = make(ExprKind::Not, FieldType::Bool, n.span, {result});
        return result;
    }

    // ---- values ----
    // Any value node; literals are read as `context` (None: no literal allowed here).
    ExprIndex value(NodeIndex i, FieldType context, const proto::FieldDef* names) {
        const Node& n = node(i);
        switch (n.kind) {
            case NodeKind::Word: {
                const ExprIndex f = resolveField(i);
                if (failed() || f != kNoExpr) return f;
                if (context == FieldType::None) return neitherFieldNorProtocol(i);
                return constant(i, context, names);
            }
            case NodeKind::String:
            case NodeKind::CharConst:
                if (context == FieldType::None) return fail(n.span, display(i) + " cannot be used here.");
                return constant(i, context, names);
            case NodeKind::Reference: return reference(i);
            case NodeKind::Slice: return slice(i);
            case NodeKind::Function: return call(i);
            case NodeKind::Arith:
            case NodeKind::Negate: return arithmetic(i, context);
            default: return fail(n.span, "\"" + display(i) + "\" was unexpected in this context.");
        }
    }

    // A word naming a field or protocol, as a Field expression (kNoExpr if it names none).
    ExprIndex resolveField(NodeIndex i) {
        const Node& n = node(i);
        const auto id = m_registry.findField(n.text);
        if (!id) {
            if (n.forcedField) return fail(n.span, "\"" + n.text + "\" is not a valid protocol or protocol field.");
            if (n.hasLayers) return neitherFieldNorProtocol(i);
            return kNoExpr;
        }
        Expr e;
        e.kind = ExprKind::Field;
        e.type = m_registry.field(*id).type;
        e.span = n.span;
        e.field = *id;
        e.signBits = signBits(m_registry.field(*id));
        m_result.filter.mask[*id] = 1;
        if (n.hasLayers) {
            e.hasLayers = true;
            e.ranges = n.ranges;
            e.layerProtocol = m_registry.protocol(m_registry.protocolOfField(*id)).protocolField();
            m_result.filter.mask[e.layerProtocol] = 1;
        }
        return add(std::move(e));
    }

    // Width of a signed field's value: its bitmask's span, or its container.
    static std::uint8_t signBits(const proto::FieldDef& def) {
        if (!proto::isSignedType(def.type)) return 0;
        if (def.bitmask == 0) return static_cast<std::uint8_t>(proto::fieldWidth(def.type) * 8);
        const std::uint64_t shifted = def.bitmask >> __builtin_ctzll(def.bitmask);
        return static_cast<std::uint8_t>(64 - __builtin_clzll(shifted));
    }

    ExprIndex reference(NodeIndex i) {
        const Node& n = node(i);
        const auto id = m_registry.findField(n.text);
        if (!id) return fail(n.span, "\"" + n.text + "\" is neither a field nor a protocol name.");
        // Wireshark compares with the field in the selected frame; a filter pass has none.
        return make(ExprKind::Missing, m_registry.field(*id).type, n.span);
    }

    ExprIndex constant(NodeIndex i, FieldType type, const proto::FieldDef* names) {
        const Node& n = node(i);
        const LiteralForm form = n.kind == NodeKind::String      ? LiteralForm::String
                                 : n.kind == NodeKind::CharConst ? LiteralForm::CharConst
                                                                 : LiteralForm::Word;
        Constant c;
        std::string error;
        if (!parseLiteral(type, form, n.text, names, c, error)) return fail(n.span, error);
        return addConstant(c, type, n.span);
    }

    ExprIndex addConstant(Constant& c, FieldType type, SourceSpan span) {
        auto& filter = m_result.filter;
        if (!c.bytes.empty() || type == FieldType::String || isBytesLike(type) || type == FieldType::Ipv6) {
            filter.constantBytes.push_back(std::make_unique<std::string>(std::move(c.bytes)));
            const std::string& stored = *filter.constantBytes.back();
            c.value.data = reinterpret_cast<const std::uint8_t*>(stored.data());
            c.value.size = static_cast<std::uint32_t>(stored.size());
        }
        filter.constants.push_back(c.value);
        Expr e;
        e.kind = ExprKind::Constant;
        e.type = type;
        e.span = span;
        e.constant = static_cast<std::uint32_t>(filter.constants.size() - 1);
        e.constantCount = 1;
        return add(std::move(e));
    }

    ExprIndex slice(NodeIndex i) {
        const Node& n = node(i);
        const NodeIndex childNode = n.children[0];
        const Node& cn = node(childNode);
        ExprIndex child = kNoExpr;
        if (cn.kind == NodeKind::Word) {
            child = resolveField(childNode);
            if (failed()) return kNoExpr;
            if (child == kNoExpr) {
                if (looksLikeName(cn.text)) return neitherFieldNorProtocol(childNode);
                return fail(cn.span, "Range is not supported for entity " + display(childNode) + ".");
            }
        } else if (cn.kind == NodeKind::Function || cn.kind == NodeKind::Slice) {
            child = value(childNode, FieldType::None, nullptr);
        } else {
            return fail(cn.span, "Range is not supported for entity " + display(childNode) + ".");
        }
        if (failed()) return kNoExpr;
        const FieldType t = typeOf(child);
        if (!canSlice(t)) {
            if (cn.kind == NodeKind::Function) {
                return fail(cn.span, "Return value of function \"" + cn.text + "\" is a " + std::string(typeName(t)) +
                                         " and cannot be converted into a sequence of bytes.");
            }
            return fail(cn.span, "\"" + display(childNode) + "\" is a " + std::string(typeName(t)) +
                                     " and cannot be sliced into a sequence of bytes.");
        }
        Expr e;
        e.kind = ExprKind::Slice;
        e.type = FieldType::Bytes;
        e.span = n.span;
        e.children = {child};
        e.ranges = n.ranges;
        return add(std::move(e));
    }

    // ---- functions ----
    static const FunctionInfo* findFunction(std::string_view name) {
        for (const FunctionInfo& f : kFunctions) {
            if (f.name == name) return &f;
        }
        return nullptr;
    }
    ExprIndex unknownFunction(const Node& n) {
        const SourceSpan nameSpan{n.span.begin, static_cast<std::uint32_t>(n.span.begin + n.text.size())};
        return fail(nameSpan, "Function '" + n.text + "' does not exist");
    }

    ExprIndex call(NodeIndex i) {
        const Node& n = node(i);
        const FunctionInfo* info = findFunction(n.text);
        if (info == nullptr) return unknownFunction(n);
        if (n.children.size() < info->minArgs) {
            return fail(n.span, "Function " + n.text + " needs at least " + std::to_string(info->minArgs) + " arguments.");
        }
        if (info->maxArgs != 0 && n.children.size() > info->maxArgs) {
            return fail(n.span, "Function " + n.text + " can only accept " + std::to_string(info->maxArgs) + " arguments.");
        }
        Expr e;
        e.kind = ExprKind::Call;
        e.span = n.span;
        e.function = info->function;
        for (const NodeIndex arg : n.children) {
            const ExprIndex a = functionArgument(*info, arg);
            if (failed()) return kNoExpr;
            e.children.push_back(a);
        }
        e.type = resultType(*info, typeOf(e.children.front()));
        e.compareClass = compareClass(typeOf(e.children.front()), typeOf(e.children.front()));
        if (info->function == Function::Max || info->function == Function::Min) {
            for (std::size_t k = 1; k < e.children.size(); ++k) {
                if (!compatible(e.type, typeOf(e.children[k]))) {
                    return fail(node(n.children[k]).span, "Arguments of " + n.text + "() are not of compatible types.");
                }
            }
        }
        return add(std::move(e));
    }

    ExprIndex functionArgument(const FunctionInfo& info, NodeIndex arg) {
        const Node& a = node(arg);
        const std::string name(info.name);
        const bool literal = isConstantNode(arg);
        switch (info.function) {
            case Function::Len:
            case Function::String:
                if (literal) return fail(a.span, "Only fields can be used as parameter for " + name + "()");
                break;
            case Function::Count:
                if (a.kind != NodeKind::Word || literal) return fail(a.span, "Only fields can be used as parameter for count()");
                break;
            case Function::Upper:
            case Function::Lower:
                if (literal) return fail(a.span, "Only string type fields can be used as parameter for " + name + "()");
                break;
            case Function::Abs:
                if (literal) return fail(a.span, "Constant arithmetic expression on the LHS is invalid.");
                break;
            case Function::Max:
            case Function::Min:
                if (literal) return fail(a.span, "Argument '" + display(arg) + "' is not valid for " + name + "()");
                break;
        }
        const ExprIndex v = value(arg, FieldType::None, nullptr);
        if (failed()) return kNoExpr;
        const FieldType t = typeOf(v);
        switch (info.function) {
            case Function::Upper:
            case Function::Lower:
                if (t != FieldType::String) return fail(a.span, "Only string type fields can be used as parameter for " + name + "()");
                break;
            case Function::Abs:
                if (!isNumeric(t)) return fail(a.span, "Only numeric fields can be used as parameter for abs()");
                break;
            case Function::Max:
            case Function::Min:
                if (!isNumeric(t) && t != FieldType::AbsoluteTime) {
                    return fail(a.span, "Argument '" + display(arg) + "' is not valid for " + name + "()");
                }
                break;
            case Function::String:
                if (t == FieldType::None || t == FieldType::Protocol) {
                    return fail(a.span, "Only fields with a value can be used as parameter for string()");
                }
                break;
            default: break;
        }
        return v;
    }

    static FieldType resultType(const FunctionInfo& info, FieldType argument) {
        switch (info.function) {
            case Function::Len:
            case Function::Count: return FieldType::UInt32;
            case Function::Upper:
            case Function::Lower:
            case Function::String: return FieldType::String;
            default: return argument;
        }
    }

    // ---- arithmetic ----
    ExprIndex arithmetic(NodeIndex i, FieldType context) {
        const Node& n = node(i);
        if (n.kind == NodeKind::Negate) return negate(i, context);
        if (n.kind != NodeKind::Arith) return value(i, context, nullptr);
        const NodeIndex a = n.children[0], b = n.children[1];
        if (context == FieldType::None && isConstantNode(a)) {
            return fail(node(a).span, "Constant arithmetic expression on the LHS is invalid.");
        }
        const ExprIndex ea = arithmetic(a, context);
        if (failed()) return kNoExpr;
        const FieldType ta = typeOf(ea);
        const ExprIndex eb = arithmetic(b, ta);
        if (failed()) return kNoExpr;
        const FieldType tb = typeOf(eb);
        const bool supported = n.arith == ArithOp::BitAnd
                                   ? (isInteger(ta) || ta == FieldType::Bool || ta == FieldType::Ipv4 || isBytesLike(ta))
                                   : (isInteger(ta) || isFloat(ta) ||
                                      (ta == FieldType::RelativeTime && (n.arith == ArithOp::Add || n.arith == ArithOp::Subtract)));
        if (!supported) {
            return fail(node(a).span, display(a) + " (type=" + std::string(typeName(ta)) + ") cannot participate in \"" +
                                          arithOpText(n.arith) + "\".");
        }
        if (!compatible(ta, tb) && !(isBytesLike(ta) && isBytesLike(tb))) {
            return fail(node(b).span, display(a) + " and " + display(b) + " are not of compatible types.");
        }
        Expr e;
        e.kind = ExprKind::Arith;
        e.type = ta == FieldType::Protocol ? FieldType::Bytes : ta;
        e.span = n.span;
        e.arith = n.arith;
        e.children = {ea, eb};
        e.compareClass = compareClass(ta, tb);
        return add(std::move(e));
    }

    ExprIndex negate(NodeIndex i, FieldType context) {
        const Node& n = node(i);
        const NodeIndex childNode = n.children[0];
        if (isConstantNode(childNode)) {
            if (context == FieldType::None) return fail(n.span, "Constant arithmetic expression on the LHS is invalid.");
            const Node& cn = node(childNode);
            const LiteralForm form = cn.kind == NodeKind::String      ? LiteralForm::String
                                     : cn.kind == NodeKind::CharConst ? LiteralForm::CharConst
                                                                      : LiteralForm::Word;
            Constant c;
            std::string error;
            if (!parseLiteral(context, form, cn.text, nullptr, c, error)) return fail(cn.span, error);
            return negatedConstant(c, context, n.span, display(childNode));
        }
        const ExprIndex child = value(childNode, context, nullptr);
        if (failed()) return kNoExpr;
        const FieldType t = typeOf(child);
        const auto result = negatedType(t);
        if (!result) return fail(n.span, std::string(typeName(t)) + " cannot be negated.");
        Expr e;
        e.kind = ExprKind::Negate;
        e.type = *result;
        e.span = n.span;
        e.children = {child};
        e.compareClass = compareClass(t, t);
        return add(std::move(e));
    }

    ExprIndex negatedConstant(Constant& c, FieldType type, SourceSpan span, const std::string& written) {
        const auto result = negatedType(type);
        if (!result) return fail(span, std::string(typeName(type)) + " cannot be negated.");
        if (proto::isUnsignedType(type)) {
            const std::uint64_t limit = *result == FieldType::Int32 ? INT32_MAX : INT64_MAX;
            if (c.value.u > limit) {
                return fail(span, written + " overflows " + std::string(typeName(*result)) + ".");
            }
            c.value.i = -static_cast<std::int64_t>(c.value.u);
        } else if (isFloat(type)) {
            c.value.d = -c.value.d;
        } else {
            c.value.i = -c.value.i;
        }
        return addConstant(c, *result, span);
    }

    const Ast& m_ast;
    const proto::Registry& m_registry;
    CheckResult m_result;
    ExprIndex m_convertedLeft = kNoExpr;
    bool m_partial = false;  // reading the right side of "contains"
};

}  // namespace

CheckResult analyze(const Ast& ast, const proto::Registry& registry) { return Analyzer(ast, registry).run(); }

}  // namespace caplens::filter
