// commands.hpp — every `caplens` subcommand, one factory per file in cli/commands/.
#pragma once

#include "cli/command.hpp"

namespace caplens::cli {

[[nodiscard]] CommandSpec exportCommand();
[[nodiscard]] CommandSpec fieldsCommand();
[[nodiscard]] CommandSpec filterCommand();
[[nodiscard]] CommandSpec followCommand();
[[nodiscard]] CommandSpec frameCommand();
[[nodiscard]] CommandSpec infoCommand();
[[nodiscard]] CommandSpec phsCommand();
[[nodiscard]] CommandSpec protocolsCommand();
// Statistics
[[nodiscard]] CommandSpec convCommand();
[[nodiscard]] CommandSpec destsCommand();
[[nodiscard]] CommandSpec endpointsCommand();
[[nodiscard]] CommandSpec expertCommand();
[[nodiscard]] CommandSpec iographCommand();
[[nodiscard]] CommandSpec rttCommand();
[[nodiscard]] CommandSpec statsCommand();
// Findings
[[nodiscard]] CommandSpec findingsCommand();

}  // namespace caplens::cli
