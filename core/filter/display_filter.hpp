// display_filter.hpp — Wireshark 4.0's display-filter language over caplens' registry.
//
//   auto compiled = filter::compile("tcp.port == 443 && ip.addr == 10.0.0.0/8");
//   if (!compiled) show(compiled.error);             // message + 1-based columns
//   decoder.decode(frame, DissectionMode::Filter, &compiled.filter->mask());
//   if (compiled.filter->matches(packet)) ...
//
// compile() runs lexer -> parser -> semantic analysis against the registry -> compiler; the
// result is a small program plus the mask of the fields it reads (Wireshark's "interesting
// fields": dissect with it and the packet records only those). What the language covers and
// how it behaves on repeated fields is described in semantic.hpp, the literal syntax in
// literals.hpp, the regular expressions of `matches` in regex.hpp.
//
// Limits against hostile filters: at most kMaxFilterLength bytes of text and kMaxNesting
// levels of nesting (parser.hpp); regular expressions are bounded (regex.hpp). Compilation
// and evaluation never recurse deeper than that nesting.
//
// A DisplayFilter is not shareable between threads while it evaluates (it reuses its
// registers and scratch memory from frame to frame).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/filter/evaluator.hpp"
#include "core/filter/filter_error.hpp"
#include "core/filter/program.hpp"
#include "core/proto/packet.hpp"
#include "core/proto/registry.hpp"

namespace caplens::filter {

inline constexpr std::size_t kMaxFilterLength = 64 * 1024;

class DisplayFilter {
public:
    DisplayFilter(std::string text, Program program, proto::FieldMask mask);
    DisplayFilter(DisplayFilter&&) noexcept;
    DisplayFilter& operator=(DisplayFilter&&) noexcept;
    ~DisplayFilter();

    // Whether the frame dissected in `packet` passes (dissected in Filter mode with mask(), or
    // in Tree mode).
    [[nodiscard]] bool matches(const proto::Packet& packet) const;
    // The fields (protocols included) the filter reads, by FieldId.
    [[nodiscard]] const proto::FieldMask& mask() const { return m_mask; }
    [[nodiscard]] const std::string& text() const { return m_text; }
    // True for the empty filter, which passes every frame.
    [[nodiscard]] bool matchesEverything() const { return m_program.matchesAll; }
    [[nodiscard]] const Program& program() const { return m_program; }

private:
    std::string m_text;
    Program m_program;
    proto::FieldMask m_mask;
    std::unique_ptr<Evaluator> m_evaluator;  // mutable state of evaluation
};

struct CompileResult {
    std::unique_ptr<DisplayFilter> filter;  // null on error
    FilterError error;

    [[nodiscard]] explicit operator bool() const { return filter != nullptr; }
};

// Compiles `text` against `registry` (the process-wide one by default).
[[nodiscard]] CompileResult compile(std::string_view text, const proto::Registry& registry = proto::registry());

}  // namespace caplens::filter
