#include <iostream>

#include "cli/commands.h"
#include "cli/input_file.h"
#include "io/hdf5_input.h"

namespace wijksim::cli {

int info_command(const std::string& path) {
  require_input_file(path, "results file");
  std::cout << format_summary(read_summary(path));
  return 0;
}

}  // namespace wijksim::cli
