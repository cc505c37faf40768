// commands.hpp — every `caplens` subcommand, one factory per file in cli/commands/.
#pragma once

#include "cli/command.hpp"

namespace caplens::cli {

[[nodiscard]] CommandSpec infoCommand();

}  // namespace caplens::cli
