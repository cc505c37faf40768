// command_run.hpp — running a command line from a golden test: the `caplens` binary under test
// (CAPLENS_CLI, when the test defines it) or an oracle such as tshark, with its output and
// exit code.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace caplens::golden {

struct CommandRun {
    int exitCode = -1;
    std::string out;  // stdout, or stderr when asked
};

inline std::string shellQuote(const std::string& text) {
    std::string out = "'";
    for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Runs `command` through the shell; keeps stdout (stderr discarded), or stderr alone.
inline CommandRun runCommand(const std::string& command, bool stderrOnly = false) {
    const std::string full = command + (stderrOnly ? " 2>&1 >/dev/null" : " 2>/dev/null");
    CommandRun run;
    FILE* pipe = ::popen(full.c_str(), "r");
    if (pipe == nullptr) return run;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
    const int status = ::pclose(pipe);
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

#ifdef CAPLENS_CLI
// `caplens ARGUMENTS` (arguments already quoted as the shell needs).
inline CommandRun runCli(const std::string& arguments, bool stderrOnly = false) {
    return runCommand("'" + std::string(CAPLENS_CLI) + "' " + arguments, stderrOnly);
}
#endif

// Whether `tool` (tshark, capinfos) is on PATH.
inline bool toolAvailable(const std::string& tool) {
    return std::system((tool + " -v > /dev/null 2>&1").c_str()) == 0;
}

}  // namespace caplens::golden
