#include "cli/command.hpp"

#include <algorithm>

namespace caplens::cli {

std::optional<Arguments> parseArguments(const CommandSpec& spec, int argc, char** argv, int first,
                                        std::string& error) {
    Arguments args;
    const auto contains = [](const std::vector<std::string_view>& list, std::string_view item) {
        return std::find(list.begin(), list.end(), item) != list.end();
    };
    for (int i = first; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg.size() > 1 && arg[0] == '-') {
            if (contains(spec.flags, arg)) {
                args.flags.emplace(arg);
            } else if (contains(spec.valueOptions, arg)) {
                if (i + 1 >= argc) {
                    error = "option " + std::string(arg) + " needs a value";
                    return std::nullopt;
                }
                args.options[std::string(arg)] = argv[++i];
                args.repeated[std::string(arg)].emplace_back(argv[i]);
            } else {
                error = "unknown option " + std::string(arg);
                return std::nullopt;
            }
        } else {
            args.positional.emplace_back(arg);
        }
    }
    if (args.positional.size() != spec.positionalCount) {
        error = "usage: caplens " + std::string(spec.usage);
        return std::nullopt;
    }
    return args;
}

}  // namespace caplens::cli
