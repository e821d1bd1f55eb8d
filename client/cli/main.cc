// aqctl: the command-line client of the aqgate gateway. See `aqctl --help`.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "client/cli/aqctl.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  aqgate::cli::Io io{std::cout, std::cerr, std::cin, false, false, false, nullptr};
  io.out_is_tty = isatty(STDOUT_FILENO) == 1;
  io.err_is_tty = isatty(STDERR_FILENO) == 1;
  io.in_is_tty = isatty(STDIN_FILENO) == 1;
  io.getenv = [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
  int code = aqgate::cli::RunAqctl(args, io);
  std::cout.flush();
  return code;
}
