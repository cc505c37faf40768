#include "core/filter/display_filter.hpp"

#include "core/filter/lexer.hpp"
#include "core/filter/parser.hpp"
#include "core/filter/semantic.hpp"

namespace caplens::filter {

DisplayFilter::DisplayFilter(std::string text, Program program, proto::FieldMask mask)
    : m_text(std::move(text)),
      m_program(std::move(program)),
      m_mask(std::move(mask)),
      m_evaluator(std::make_unique<Evaluator>(m_program)) {}

DisplayFilter::DisplayFilter(DisplayFilter&&) noexcept = default;
DisplayFilter& DisplayFilter::operator=(DisplayFilter&&) noexcept = default;
DisplayFilter::~DisplayFilter() = default;

bool DisplayFilter::matches(const proto::Packet& packet) const { return m_evaluator->run(m_program, packet); }

CompileResult compile(std::string_view text, const proto::Registry& registry) {
    CompileResult result;
    if (text.size() > kMaxFilterLength) {
        result.error = errorAt({static_cast<std::uint32_t>(kMaxFilterLength), static_cast<std::uint32_t>(text.size())},
                               "The filter is too long (" + std::to_string(text.size()) + " bytes; at most " +
                                   std::to_string(kMaxFilterLength) + ").");
        return result;
    }
    LexResult lexed = tokenize(text);
    if (lexed.error) {
        result.error = std::move(lexed.error);
        return result;
    }
    ParseResult parsed = parse(text, lexed.tokens);
    if (parsed.error) {
        result.error = std::move(parsed.error);
        return result;
    }
    CheckResult checked = analyze(parsed.ast, registry);
    if (checked.error) {
        result.error = std::move(checked.error);
        return result;
    }
    proto::FieldMask mask = checked.filter.mask;
    Program program = compileProgram(std::move(checked.filter));
    result.filter = std::make_unique<DisplayFilter>(std::string(text), std::move(program), std::move(mask));
    return result;
}

}  // namespace caplens::filter
