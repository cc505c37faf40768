// command.hpp — the shape of a `caplens` subcommand and its parsed arguments.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace caplens::cli {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitDamaged = 1;  // the capture is damaged/unreadable; output shows what was read
inline constexpr int kExitUsage = 2;    // bad command line (or bad display filter)

struct Arguments {
    std::vector<std::string> positional;
    std::map<std::string, std::string, std::less<>> options;  // "--type" -> "tcp" (the last one given)
    std::map<std::string, std::vector<std::string>, std::less<>> repeated;  // "-e" -> every value given
    std::set<std::string, std::less<>> flags;                 // "--json"

    [[nodiscard]] bool has(std::string_view flag) const { return flags.count(flag) > 0; }
    [[nodiscard]] std::optional<std::string> option(std::string_view name) const {
        auto it = options.find(name);
        return it == options.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    [[nodiscard]] std::vector<std::string> values(std::string_view name) const {
        auto it = repeated.find(name);
        return it == repeated.end() ? std::vector<std::string>{} : it->second;
    }
};

struct CommandSpec {
    std::string_view name;
    std::string_view usage;    // "info FILE [--json]"
    std::string_view summary;  // one line for `caplens --help`
    std::vector<std::string_view> flags;         // options without a value
    std::vector<std::string_view> valueOptions;  // options followed by a value
    std::size_t positionalCount;                 // exact number of positional arguments
    int (*run)(const Arguments& args);
};

// Parses argv[first..] for `spec`; on failure returns nullopt with `error` set.
[[nodiscard]] std::optional<Arguments> parseArguments(const CommandSpec& spec, int argc,
                                                      char** argv, int first, std::string& error);

}  // namespace caplens::cli
