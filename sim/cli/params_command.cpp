#include <iostream>

#include "cli/commands.h"
#include "core/parameters.h"

namespace wijksim::cli {

int params_command(ParameterFormat format) {
  std::cout << format_parameters(Parameters::defaults(), format) << std::flush;
  return std::cout ? 0 : 1;
}

}  // namespace wijksim::cli
