// regex.hpp — the regular expressions of `matches`, searched in time linear in the input.
//
// Wireshark compiles `matches` patterns with PCRE2, caseless and on bytes (no UTF-8). PCRE2 and
// std::regex backtrack: "(a*)*b" on a long run of "a" takes exponential time (and std::regex
// recursion overflows the stack). This engine compiles the pattern to a program for a Pike VM
// (Thompson's construction, Russ Cox's "Regular Expression Matching: the Virtual Machine
// Approach"), which runs every alternative in lock step: O(text length x program size), no
// recursion, no allocation per search.
//
// Supported (PCRE syntax): literals and escaped punctuation; . ^ $; classes [a-z] [^...] with
// escapes and POSIX names ([:alpha:] [:digit:] [:alnum:] [:space:] [:upper:] [:lower:]
// [:punct:] [:xdigit:] [:word:] [:print:] [:graph:] [:cntrl:] [:blank:]); \d \D \w \W \s \S
// \h \H; \b \B \A \z \Z \G(at start); \n \r \t \f \v \e \a \0 \xHH \x{HHH} \ooo; groups ( ) (?: )
// (?<name> ) (?P<name> ) (?> ) (atomic groups act as plain groups: only whether the text
// matches is asked); alternation |; quantifiers * + ? {n} {n,} {n,m} with lazy (?) and
// possessive (+) forms (both match like greedy ones here); inline flags (?i) (?-i) (?s) (?m)
// (?x) and scoped (?i:...). Matching is caseless by default, as in Wireshark ((?-i) turns
// that off), ASCII only.
// Not supported (a compile error): back references, lookahead/lookbehind, conditionals,
// recursion, \p{..} properties.
// Limits: counted repetitions up to 1000, at most kMaxRegexProgram instructions, groups nested
// at most 256 deep; a search gives up (no match) after kMaxRegexSteps thread steps.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace caplens::filter {

inline constexpr std::size_t kMaxRegexProgram = 20000;
inline constexpr std::uint64_t kMaxRegexSteps = 200'000'000;

class Regex {
public:
    // Compiles `pattern`; on failure returns nullopt with a PCRE-like reason in `error`.
    [[nodiscard]] static std::optional<Regex> compile(std::string_view pattern, std::string& error,
                                                      bool caseless = true);

    // Whether the pattern matches anywhere in `text`. Not reentrant: uses the object's buffers.
    [[nodiscard]] bool search(std::span<const std::uint8_t> text) const;
    [[nodiscard]] bool search(std::string_view text) const {
        return search(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    }

    [[nodiscard]] std::size_t programSize() const { return m_program.size(); }
    // True when the last search stopped at kMaxRegexSteps.
    [[nodiscard]] bool lastSearchGaveUp() const { return m_gaveUp; }

    // Instruction set of the VM (public for the compiler in regex.cpp).
    enum class Op : std::uint8_t { Byte, Set, Split, Jump, Assert, Match };
    enum class Assertion : std::uint8_t {
        LineStart,      // ^ in multiline mode
        TextStart,      // ^ \A \G
        LineEnd,        // $ in multiline mode
        TextEndOrFinalNewline,  // $ \Z
        TextEnd,        // \z
        WordBoundary,   // \b
        NotWordBoundary // \B
    };
    struct Instruction {
        Op op = Op::Match;
        std::uint8_t byte = 0;        // Byte: the byte; Assert: the Assertion
        std::uint32_t x = 0;          // Set: set index; Split/Jump: target
        std::uint32_t y = 0;          // Split: second target
    };

private:
    friend class RegexCompiler;
    void addThread(std::vector<std::uint32_t>& list, std::vector<std::uint32_t>& where, std::uint32_t pc,
                   std::span<const std::uint8_t> text, std::size_t pos, bool& matched) const;

    std::vector<Instruction> m_program;
    std::vector<std::bitset<256>> m_sets;
    // Search buffers: two sparse sets of program counters and a work stack.
    mutable std::vector<std::uint32_t> m_current, m_next, m_currentWhere, m_nextWhere, m_stack;
    mutable bool m_gaveUp = false;
};

}  // namespace caplens::filter
