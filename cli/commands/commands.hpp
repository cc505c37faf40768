// commands.hpp — every `caplens` subcommand, one factory per file in cli/commands/.
#pragma once

#include "cli/command.hpp"

namespace caplens::cli {

[[nodiscard]] CommandSpec fieldsCommand();
[[nodiscard]] CommandSpec infoCommand();
[[nodiscard]] CommandSpec phsCommand();
[[nodiscard]] CommandSpec protocolsCommand();

}  // namespace caplens::cli
