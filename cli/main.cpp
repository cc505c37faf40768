// caplens — the command line over caplens' core.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands/commands.hpp"

namespace caplens::cli {
namespace {

std::vector<CommandSpec> allCommands() {
    return {infoCommand(), protocolsCommand(), phsCommand(), fieldsCommand(), frameCommand(), filterCommand(),
            exportCommand(), followCommand(),
            // Statistics (README: Statistics)
            rttCommand(), convCommand(), endpointsCommand(), destsCommand(), iographCommand(), expertCommand(),
            statsCommand(),
            // Findings (README: Findings)
            findingsCommand()};
}

void printHelp(const std::vector<CommandSpec>& commands) {
    std::puts("usage: caplens COMMAND FILE [options]\n\ncommands:");
    for (const auto& c : commands) {
        std::printf("  %-44.*s %.*s\n", static_cast<int>(c.usage.size()), c.usage.data(),
                    static_cast<int>(c.summary.size()), c.summary.data());
    }
}

int dispatch(int argc, char** argv) {
    const std::vector<CommandSpec> commands = allCommands();
    if (argc < 2) {
        printHelp(commands);
        return kExitUsage;
    }
    const std::string_view name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        printHelp(commands);
        return kExitOk;
    }
    for (const auto& command : commands) {
        if (command.name != name) continue;
        std::string error;
        const auto args = parseArguments(command, argc, argv, 2, error);
        if (!args) {
            std::fprintf(stderr, "caplens: %s\n", error.c_str());
            return kExitUsage;
        }
        return command.run(*args);
    }
    std::fprintf(stderr, "caplens: unknown command '%s' (try caplens --help)\n", argv[1]);
    return kExitUsage;
}

}  // namespace
}  // namespace caplens::cli

int main(int argc, char** argv) { return caplens::cli::dispatch(argc, argv); }
