#include "core/filter/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace caplens::filter {
namespace {

using proto::FieldType;

// Arithmetic over fields occurring many times pairs every value with every value; past this
// many results the rest are dropped (a bound against hostile filters and odd packets).
constexpr std::size_t kMaxArithValues = 4096;

std::int64_t signExtend(std::uint64_t v, unsigned bits) {
    if (bits == 0 || bits >= 64) return static_cast<std::int64_t>(v);
    const std::uint64_t m = std::uint64_t{1} << (bits - 1);
    v &= (std::uint64_t{1} << bits) - 1;
    return static_cast<std::int64_t>((v ^ m) - m);
}

Value fromRecord(const proto::FieldRecord& r, FieldType type, unsigned signBits, const proto::Packet& packet) {
    Value v;
    switch (type) {
        case FieldType::Protocol: {
            const auto item = packet.recordBytes(r);
            const auto source = packet.sourceBytes(r.source);
            const std::size_t start = std::min<std::size_t>(r.offset, source.size());
            v.data = source.data() + start;
            v.size = static_cast<std::uint32_t>(item.size());
            v.extent = static_cast<std::uint32_t>(source.size() - start);
            break;
        }
        case FieldType::None: break;
        case FieldType::Bool: v.u = r.value.u != 0; break;
        case FieldType::Int8:
        case FieldType::Int16:
        case FieldType::Int32:
        case FieldType::Int64: v.i = signExtend(r.value.u, signBits); break;
        case FieldType::Float:
        case FieldType::Double: v.d = r.value.d; break;
        case FieldType::Ipv4:
            v.u = r.value.u & 0xFFFFFFFFu;
            v.prefix = 32;
            break;
        case FieldType::Ipv6:
            v.data = r.value.data;
            v.size = r.value.size;
            v.prefix = 128;
            break;
        case FieldType::Ether:
        case FieldType::Bytes:
        case FieldType::String:
            v.data = r.value.data;
            v.size = r.value.size;
            break;
        case FieldType::AbsoluteTime:
        case FieldType::RelativeTime: v.i = r.value.i; break;
        default: v.u = r.value.u; break;  // unsigned integers, frame numbers
    }
    return v;
}

// Whether layer number `layer` (from 1) is in the ranges, `total` layers being present.
// Written without additions that could overflow: range numbers come from the filter text.
bool inLayers(std::int64_t layer, const std::vector<RangeSpec>& ranges, std::int64_t total) {
    for (const RangeSpec& r : ranges) {
        // A negative start counts from the last layer (-1 is the last one).
        if (r.start < 0 && r.start < -total) continue;
        const std::int64_t start = r.start < 0 ? total + 1 + r.start : r.start;
        if (layer < start) continue;
        switch (r.end) {
            case RangeSpec::End::Single:
                if (layer == start) return true;
                break;
            case RangeSpec::End::Length:
                if (layer - start < r.value) return true;
                break;
            case RangeSpec::End::Offset: {
                if (r.value < 0 && r.value < -total) break;
                const std::int64_t last = r.value < 0 ? total + 1 + r.value : r.value;
                if (layer <= last) return true;
                break;
            }
            case RangeSpec::End::ToEnd: return true;
        }
    }
    return false;
}

// [begin, end) of one slice range in a value of `n` bytes; false when it does not fit.
bool resolveRange(const RangeSpec& r, std::int64_t n, std::int64_t& begin, std::int64_t& end) {
    if (r.start < 0 && r.start < -n) return false;
    begin = r.start < 0 ? n + r.start : r.start;
    if (begin > n) return false;
    const std::int64_t room = n - begin;  // bytes from begin to the end
    switch (r.end) {
        case RangeSpec::End::Single:
            if (room < 1) return false;
            end = begin + 1;
            return true;
        case RangeSpec::End::Length:
            if (r.value < 1 || r.value > room) return false;
            end = begin + r.value;
            return true;
        case RangeSpec::End::Offset: {
            if (r.value < 0 && r.value < -n) return false;
            const std::int64_t last = r.value < 0 ? n + r.value : r.value;  // inclusive
            if (last < begin || last >= n) return false;
            end = last + 1;
            return true;
        }
        case RangeSpec::End::ToEnd:
            if (room < 1) return false;
            end = n;
            return true;
    }
    return false;
}

// Three-way comparison of two values of one class; nullopt when undecidable.
std::optional<int> order(const Value& a, const Value& b, CompareClass c) {
    const auto three = [](auto x, auto y) { return x < y ? -1 : (x > y ? 1 : 0); };
    switch (c) {
        case CompareClass::Unsigned: return three(a.u, b.u);
        case CompareClass::Signed:
        case CompareClass::Time: return three(a.i, b.i);
        case CompareClass::Bool: return three(a.u != 0, b.u != 0);
        case CompareClass::Double:
            if (std::isnan(a.d) || std::isnan(b.d)) return std::nullopt;
            return three(a.d, b.d);
        case CompareClass::Ipv4: {
            const unsigned bits = std::min(a.prefix, b.prefix);
            const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
            return three(static_cast<std::uint32_t>(a.u) & mask, static_cast<std::uint32_t>(b.u) & mask);
        }
        case CompareClass::Ipv6: {
            if (a.size != 16 || b.size != 16) return three(a.size, b.size);
            const unsigned bits = std::min(a.prefix, b.prefix);
            for (unsigned k = 0; k < 16; ++k) {
                const unsigned left = bits > k * 8 ? bits - k * 8 : 0;
                const std::uint8_t mask = left >= 8 ? 0xFF : static_cast<std::uint8_t>(0xFF << (8 - left));
                const int d = three(a.data[k] & mask, b.data[k] & mask);
                if (d != 0) return d;
            }
            return 0;
        }
        case CompareClass::Bytes: {
            // Wireshark orders byte strings by length first.
            if (a.size != b.size) return three(a.size, b.size);
            const int d = a.size == 0 ? 0 : std::memcmp(a.data, b.data, a.size);
            return three(d, 0);
        }
        case CompareClass::String: {
            const std::uint32_t n = std::min(a.size, b.size);
            const int d = n == 0 ? 0 : std::memcmp(a.data, b.data, n);
            if (d != 0) return three(d, 0);
            return three(a.size, b.size);
        }
        case CompareClass::Incomparable: return std::nullopt;
    }
    return std::nullopt;
}

// 1: holds, 0: does not, -1: undecidable.
int holds(const Value& a, const Value& b, CompareClass c, Predicate p) {
    const auto o = order(a, b, c);
    if (!o) return (c == CompareClass::Double && p == Predicate::Ne) ? 1 : (c == CompareClass::Double ? 0 : -1);
    switch (p) {
        case Predicate::Eq: return *o == 0;
        case Predicate::Ne: return *o != 0;
        case Predicate::Gt: return *o > 0;
        case Predicate::Ge: return *o >= 0;
        case Predicate::Lt: return *o < 0;
        case Predicate::Le: return *o <= 0;
    }
    return 0;
}

bool nonZero(const Value& v, FieldType type) {
    switch (type) {
        case FieldType::Float:
        case FieldType::Double: return v.d != 0.0;
        case FieldType::Ipv6:
        case FieldType::Ether:
        case FieldType::Bytes:
        case FieldType::String:
        case FieldType::Protocol:
            return std::any_of(v.data, v.data + v.size, [](std::uint8_t b) { return b != 0; });
        default: return v.u != 0;
    }
}

std::uint32_t lengthOf(const Value& v, FieldType type) {
    switch (type) {
        case FieldType::Ipv4: return 4;
        case FieldType::Bool: return 1;
        case FieldType::Float: return 4;
        case FieldType::Double:
        case FieldType::AbsoluteTime:
        case FieldType::RelativeTime: return 8;
        case FieldType::None: return 0;
        default: {
            const unsigned width = proto::fieldWidth(type);
            return width != 0 ? width : v.size;
        }
    }
}

std::string_view asText(const Value& v) { return v.text(); }

}  // namespace

Evaluator::Evaluator(const Program& program) : m_registers(program.registerCount) {
    m_stack.reserve(program.maxXorDepth + 1);
}

void Evaluator::seal(Register& r, bool missing) {
    r.data = r.values.data();
    r.size = static_cast<std::uint32_t>(r.values.size());
    r.missing = missing;
}

bool Evaluator::run(const Program& program, const proto::Packet& packet) {
    if (program.matchesAll) return true;
    m_arena.reset();
    m_stack.clear();
    m_flag = false;
    const std::size_t n = program.code.size();
    for (std::size_t pc = 0; pc < n;) {
        const Instruction& in = program.code[pc];
        switch (in.code) {
            case OpCode::JumpIfTrue:
                pc = m_flag ? in.x : pc + 1;
                continue;
            case OpCode::JumpIfFalse:
                pc = m_flag ? pc + 1 : in.x;
                continue;
            default:
                execute(program, in, packet);
                ++pc;
        }
    }
    return m_flag;
}

void Evaluator::execute(const Program& program, const Instruction& in, const proto::Packet& packet) {
    switch (in.code) {
        case OpCode::LoadField: return loadField(program, in, packet, m_registers[in.dst]);
        case OpCode::LoadConst: {
            Register& r = m_registers[in.dst];
            r.data = program.constants.data() + in.x;
            r.size = in.y;
            r.missing = false;
            return;
        }
        case OpCode::LoadMissing: {
            Register& r = m_registers[in.dst];
            r.values.clear();
            seal(r, true);
            return;
        }
        case OpCode::Slice: return slice(program, in);
        case OpCode::AsBytes: return asBytes(in);
        case OpCode::Call: return call(program, in);
        case OpCode::Arith: return arith(in);
        case OpCode::Negate: return negate(in);
        case OpCode::Exists: m_flag = exists(program, in, packet); return;
        case OpCode::NotEmpty: {
            const Register& r = m_registers[in.x];
            m_flag = !r.missing && r.size > 0;
            return;
        }
        case OpCode::NotZero: m_flag = notZero(in); return;
        case OpCode::Compare: m_flag = compare(in); return;
        case OpCode::Contains: m_flag = contains(in); return;
        case OpCode::Matches: m_flag = matches(program, in); return;
        case OpCode::InRange: m_flag = inRange(in); return;
        case OpCode::Not: m_flag = !m_flag; return;
        case OpCode::Push: m_stack.push_back(m_flag); return;
        case OpCode::XorPop:
            if (!m_stack.empty()) {
                m_flag = m_stack.back() != m_flag;
                m_stack.pop_back();
            }
            return;
        case OpCode::JumpIfTrue:
        case OpCode::JumpIfFalse: return;
    }
}

// ---- fields ----

void Evaluator::loadField(const Program& program, const Instruction& in, const proto::Packet& packet, Register& out) {
    out.values.clear();
    const auto records = packet.records();
    if (in.y == kNone) {
        for (const proto::FieldRecord& r : records) {
            if (r.field == in.x) out.values.push_back(fromRecord(r, in.type, in.signBits, packet));
        }
    } else {
        const std::vector<RangeSpec>& layers = program.ranges[in.y];
        std::int64_t total = 0;
        for (const proto::FieldRecord& r : records) total += r.field == in.z;
        std::int64_t layer = 0;
        for (const proto::FieldRecord& r : records) {
            layer += r.field == in.z;
            if (r.field == in.x && inLayers(layer, layers, total)) {
                out.values.push_back(fromRecord(r, in.type, in.signBits, packet));
            }
        }
    }
    seal(out, out.values.empty());
}

bool Evaluator::exists(const Program& program, const Instruction& in, const proto::Packet& packet) const {
    const auto records = packet.records();
    if (in.y == kNone) {
        return std::any_of(records.begin(), records.end(), [&](const proto::FieldRecord& r) { return r.field == in.x; });
    }
    const std::vector<RangeSpec>& layers = program.ranges[in.y];
    std::int64_t total = 0;
    for (const proto::FieldRecord& r : records) total += r.field == in.z;
    std::int64_t layer = 0;
    for (const proto::FieldRecord& r : records) {
        layer += r.field == in.z;
        if (r.field == in.x && inLayers(layer, layers, total)) return true;
    }
    return false;
}

// ---- bytes ----

std::span<const std::uint8_t> Evaluator::bytesOf(const Value& v, FieldType type) {
    if (type == FieldType::Ipv4) {
        std::uint8_t* p = m_arena.allocate(4);
        const auto a = static_cast<std::uint32_t>(v.u);
        p[0] = static_cast<std::uint8_t>(a >> 24);
        p[1] = static_cast<std::uint8_t>(a >> 16);
        p[2] = static_cast<std::uint8_t>(a >> 8);
        p[3] = static_cast<std::uint8_t>(a);
        return {p, 4};
    }
    return v.bytes();
}

void Evaluator::slice(const Program& program, const Instruction& in) {
    const Register& src = m_registers[in.x];
    Register& out = m_registers[in.dst];
    out.values.clear();
    const std::vector<RangeSpec>& ranges = program.ranges[in.y];
    for (const Value& v : src) {
        const auto bytes = bytesOf(v, in.sourceType);
        const auto n = static_cast<std::int64_t>(bytes.size());
        std::int64_t begin = 0, end = 0;
        if (ranges.size() == 1) {
            if (!resolveRange(ranges.front(), n, begin, end)) continue;
            Value s;
            s.data = bytes.data() + begin;
            s.size = static_cast<std::uint32_t>(end - begin);
            out.values.push_back(s);
            continue;
        }
        // Several ranges: their bytes joined.
        std::int64_t total = 0;
        bool fits = true;
        for (const RangeSpec& r : ranges) {
            fits = fits && resolveRange(r, n, begin, end);
            total += end - begin;
        }
        if (!fits) continue;
        std::uint8_t* p = m_arena.allocate(static_cast<std::size_t>(total));
        Value s;
        s.data = p;
        s.size = static_cast<std::uint32_t>(total);
        for (const RangeSpec& r : ranges) {
            (void)resolveRange(r, n, begin, end);
            std::memcpy(p, bytes.data() + begin, static_cast<std::size_t>(end - begin));
            p += end - begin;
        }
        out.values.push_back(s);
    }
    seal(out, src.missing);
}

void Evaluator::asBytes(const Instruction& in) {
    const Register& src = m_registers[in.x];
    Register& out = m_registers[in.dst];
    out.values.clear();
    for (const Value& v : src) {
        const auto bytes = bytesOf(v, in.sourceType);
        Value b;
        b.data = bytes.data();
        b.size = static_cast<std::uint32_t>(bytes.size());
        out.values.push_back(b);
    }
    seal(out, src.missing);
}

// ---- functions ----

namespace {

// The display-filter text of a value, for string().
std::size_t formatValue(const Value& v, FieldType type, char* buf, std::size_t size) {
    int n = 0;
    switch (type) {
        case FieldType::Int8:
        case FieldType::Int16:
        case FieldType::Int32:
        case FieldType::Int64: n = std::snprintf(buf, size, "%lld", static_cast<long long>(v.i)); break;
        case FieldType::Float:
        case FieldType::Double: n = std::snprintf(buf, size, "%.15g", v.d); break;
        case FieldType::Ipv4: {
            const auto a = static_cast<std::uint32_t>(v.u);
            n = std::snprintf(buf, size, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xFF, (a >> 8) & 0xFF, a & 0xFF);
            break;
        }
        case FieldType::Ipv6: {
            // RFC 5952: the longest run of zero groups (two or more) becomes "::".
            std::uint16_t g[8] = {};
            for (int k = 0; k < 8 && v.size == 16; ++k) g[k] = static_cast<std::uint16_t>(v.data[2 * k] << 8 | v.data[2 * k + 1]);
            int bestStart = -1, bestLen = 1;
            for (int k = 0; k < 8;) {
                int j = k;
                while (j < 8 && g[j] == 0) ++j;
                if (j - k > bestLen) bestStart = k, bestLen = j - k;
                k = j > k ? j : k + 1;
            }
            std::size_t at = 0;
            for (int k = 0; k < 8 && at < size; ++k) {
                if (k == bestStart) {
                    at += static_cast<std::size_t>(std::snprintf(buf + at, size - at, "%s", k == 0 ? "::" : ":"));
                    k += bestLen - 1;
                    continue;
                }
                at += static_cast<std::size_t>(std::snprintf(buf + at, size - at, "%x%s", g[k], k < 7 ? ":" : ""));
            }
            if (at > 0 && buf[at - 1] == ':' && !(bestStart >= 0 && bestStart + bestLen == 8)) --at;
            return std::min(at, size);
        }
        case FieldType::Ether:
        case FieldType::Bytes: {
            std::size_t at = 0;
            for (std::uint32_t k = 0; k < v.size && at + 3 < size; ++k) {
                at += static_cast<std::size_t>(std::snprintf(buf + at, size - at, k ? ":%02x" : "%02x", v.data[k]));
            }
            return at;
        }
        case FieldType::AbsoluteTime:
        case FieldType::RelativeTime: {
            const std::int64_t s = v.i / 1'000'000'000, ns = v.i % 1'000'000'000;
            n = std::snprintf(buf, size, "%s%lld.%09lld", v.i < 0 ? "-" : "", static_cast<long long>(s < 0 ? -s : s),
                              static_cast<long long>(ns < 0 ? -ns : ns));
            break;
        }
        case FieldType::Bool: n = std::snprintf(buf, size, "%u", v.u != 0 ? 1u : 0u); break;
        default: n = std::snprintf(buf, size, "%llu", static_cast<unsigned long long>(v.u)); break;
    }
    return n < 0 ? 0 : std::min(static_cast<std::size_t>(n), size - 1);
}

}  // namespace

void Evaluator::call(const Program& program, const Instruction& in) {
    const std::vector<std::uint32_t>& args = program.argumentLists[in.x];
    Register& out = m_registers[in.dst];
    out.values.clear();
    const Register& first = m_registers[args.front()];
    const auto function = static_cast<Function>(in.sub);
    switch (function) {
        case Function::Len:
            for (const Value& v : first) {
                Value r;
                r.u = lengthOf(v, in.sourceType);
                out.values.push_back(r);
            }
            break;
        case Function::Count:
            if (!first.missing) {
                Value r;
                r.u = first.size;
                out.values.push_back(r);
            }
            break;
        case Function::Upper:
        case Function::Lower:
            for (const Value& v : first) {
                std::uint8_t* p = m_arena.allocate(v.size);
                for (std::uint32_t k = 0; k < v.size; ++k) {
                    const std::uint8_t c = v.data[k];
                    if (function == Function::Upper) p[k] = (c >= 'a' && c <= 'z') ? static_cast<std::uint8_t>(c - 32) : c;
                    else p[k] = (c >= 'A' && c <= 'Z') ? static_cast<std::uint8_t>(c + 32) : c;
                }
                Value r;
                r.data = p;
                r.size = v.size;
                out.values.push_back(r);
            }
            break;
        case Function::String:
            for (const Value& v : first) {
                Value r;
                if (in.sourceType == FieldType::String) {
                    r = v;
                } else {
                    char buf[128];
                    const std::size_t n = formatValue(v, in.sourceType, buf, sizeof buf);
                    std::uint8_t* p = m_arena.allocate(n);
                    std::memcpy(p, buf, n);
                    r.data = p;
                    r.size = static_cast<std::uint32_t>(n);
                }
                out.values.push_back(r);
            }
            break;
        case Function::Abs:
            for (const Value& v : first) {
                Value r = v;
                if (proto::isSignedType(in.sourceType) || in.sourceType == FieldType::RelativeTime) {
                    if (v.i == INT64_MIN) continue;
                    r.i = v.i < 0 ? -v.i : v.i;
                } else if (in.sourceType == FieldType::Float || in.sourceType == FieldType::Double) {
                    r.d = std::fabs(v.d);
                }
                out.values.push_back(r);
            }
            break;
        case Function::Max:
        case Function::Min: {
            const Value* best = nullptr;
            for (const std::uint32_t a : args) {
                for (const Value& v : m_registers[a]) {
                    const auto o = best ? order(v, *best, in.compareClass) : std::optional<int>(0);
                    if (!best || (o && ((function == Function::Max && *o > 0) || (function == Function::Min && *o < 0)))) best = &v;
                }
            }
            if (best) out.values.push_back(*best);
            break;
        }
    }
    // A function of absent fields has no value (count() included: count(absent) == 0 is false).
    bool missing = true;
    for (const std::uint32_t a : args) missing = missing && m_registers[a].missing;
    seal(out, missing);
}

// ---- arithmetic ----

void Evaluator::arith(const Instruction& in) {
    const Register& a = m_registers[in.x];
    const Register& b = m_registers[in.y];
    Register& out = m_registers[in.dst];
    out.values.clear();
    const auto op = static_cast<ArithOp>(in.sub);
    for (const Value& x : a) {
        for (const Value& y : b) {
            if (out.values.size() >= kMaxArithValues) break;
            Value r = x;
            switch (in.compareClass) {
                case CompareClass::Unsigned:
                case CompareClass::Bool:
                case CompareClass::Ipv4:
                    switch (op) {
                        case ArithOp::Add: r.u = x.u + y.u; break;
                        case ArithOp::Subtract: r.u = x.u - y.u; break;
                        case ArithOp::Multiply: r.u = x.u * y.u; break;
                        case ArithOp::Divide:
                            if (y.u == 0) continue;
                            r.u = x.u / y.u;
                            break;
                        case ArithOp::Modulo:
                            if (y.u == 0) continue;
                            r.u = x.u % y.u;
                            break;
                        case ArithOp::BitAnd: r.u = x.u & y.u; break;
                    }
                    break;
                case CompareClass::Signed:
                case CompareClass::Time:
                    switch (op) {
                        case ArithOp::Add: r.i = static_cast<std::int64_t>(static_cast<std::uint64_t>(x.i) + static_cast<std::uint64_t>(y.i)); break;
                        case ArithOp::Subtract: r.i = static_cast<std::int64_t>(static_cast<std::uint64_t>(x.i) - static_cast<std::uint64_t>(y.i)); break;
                        case ArithOp::Multiply: r.i = static_cast<std::int64_t>(static_cast<std::uint64_t>(x.i) * static_cast<std::uint64_t>(y.i)); break;
                        case ArithOp::Divide:
                            if (y.i == 0 || (x.i == INT64_MIN && y.i == -1)) continue;
                            r.i = x.i / y.i;
                            break;
                        case ArithOp::Modulo:
                            if (y.i == 0 || (x.i == INT64_MIN && y.i == -1)) continue;
                            r.i = x.i % y.i;
                            break;
                        case ArithOp::BitAnd: r.i = x.i & y.i; break;
                    }
                    break;
                case CompareClass::Double:
                    switch (op) {
                        case ArithOp::Add: r.d = x.d + y.d; break;
                        case ArithOp::Subtract: r.d = x.d - y.d; break;
                        case ArithOp::Multiply: r.d = x.d * y.d; break;
                        case ArithOp::Divide:
                            if (y.d == 0.0) continue;
                            r.d = x.d / y.d;
                            break;
                        case ArithOp::Modulo:
                            if (y.d == 0.0) continue;
                            r.d = std::fmod(x.d, y.d);
                            break;
                        case ArithOp::BitAnd: continue;
                    }
                    break;
                case CompareClass::Bytes: {
                    if (op != ArithOp::BitAnd) continue;
                    const std::uint32_t n = std::min(x.size, y.size);
                    std::uint8_t* p = m_arena.allocate(n);
                    for (std::uint32_t k = 0; k < n; ++k) p[k] = x.data[k] & y.data[k];
                    r = Value{};
                    r.data = p;
                    r.size = n;
                    break;
                }
                default: continue;  // values that cannot be combined give no result
            }
            out.values.push_back(r);
        }
    }
    seal(out, a.missing || b.missing);
}

void Evaluator::negate(const Instruction& in) {
    const Register& a = m_registers[in.x];
    Register& out = m_registers[in.dst];
    out.values.clear();
    for (const Value& x : a) {
        Value r = x;
        if (proto::isUnsignedType(in.sourceType)) {
            const std::uint64_t limit = in.sourceType == FieldType::UInt64 ? INT64_MAX : INT32_MAX;
            if (x.u > limit) continue;
            r.i = -static_cast<std::int64_t>(x.u);
        } else if (in.sourceType == FieldType::Float || in.sourceType == FieldType::Double) {
            r.d = -x.d;
        } else {
            if (x.i == INT64_MIN) continue;
            r.i = -x.i;
        }
        out.values.push_back(r);
    }
    seal(out, a.missing);
}

// ---- relations ----

bool Evaluator::compare(const Instruction& in) const {
    const Register& a = m_registers[in.x];
    const Register& b = m_registers[in.y];
    if (a.missing || b.missing) return false;
    const auto p = static_cast<Predicate>(in.sub);
    for (const Value& x : a) {
        for (const Value& y : b) {
            const int r = holds(x, y, in.compareClass, p);
            if (in.all && r == 0) return false;
            if (!in.all && r == 1) return true;
        }
    }
    return in.all;
}

bool Evaluator::contains(const Instruction& in) const {
    const Register& a = m_registers[in.x];
    const Register& b = m_registers[in.y];
    if (a.missing || b.missing) return false;
    for (const Value& x : a) {
        const auto hay = x.searchBytes();
        const std::string_view haystack(reinterpret_cast<const char*>(hay.data()), hay.size());
        for (const Value& y : b) {
            const bool found = haystack.find(asText(y)) != std::string_view::npos;
            if (in.all && !found) return false;
            if (!in.all && found) return true;
        }
    }
    return in.all;
}

bool Evaluator::matches(const Program& program, const Instruction& in) const {
    const Register& a = m_registers[in.x];
    if (a.missing) return false;
    const Regex& re = program.regexes[in.y];
    for (const Value& x : a) {
        const bool found = re.search(x.searchBytes());
        if (in.all && !found) return false;
        if (!in.all && found) return true;
    }
    return in.all;
}

bool Evaluator::inRange(const Instruction& in) const {
    const Register& a = m_registers[in.x];
    const Register& low = m_registers[in.y];
    const Register& high = m_registers[in.z];
    if (a.missing || low.missing || high.missing) return false;
    for (const Value& v : a) {
        int best = 0;  // the best verdict for v over all bounds: 1 inside, -1 undecided, 0 outside
        for (const Value& lo : low) {
            for (const Value& hi : high) {
                const int ge = holds(v, lo, in.compareClass, Predicate::Ge);
                const int le = holds(v, hi, in.compareClass, Predicate::Le);
                const int r = (ge == 0 || le == 0) ? 0 : (ge == 1 && le == 1 ? 1 : -1);
                best = r == 1 ? 1 : (best == 0 ? r : best);
            }
        }
        if (in.all && best == 0) return false;
        if (!in.all && best == 1) return true;
    }
    return in.all;
}

bool Evaluator::notZero(const Instruction& in) const {
    const Register& r = m_registers[in.x];
    if (r.missing) return false;
    return std::any_of(r.begin(), r.end(), [&](const Value& v) { return nonZero(v, in.type); });
}

}  // namespace caplens::filter
