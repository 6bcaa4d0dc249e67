// libFuzzer target: any bytes, read as a scenario file, give either a scenario
// whose every parameter is within its range, or one InputError on one line
// that begins with the file's name. Anything else (a signal, a sanitizer
// report, another exception) is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/errors.h"
#include "core/parameters.h"
#include "io/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wijksim;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const Scenario scenario = parse_scenario(text, "fuzz.toml");
    for (const ParameterSpec& spec : parameter_table())
      for (int i = 0; i < spec.width(); ++i)
        if (check_value(spec, get_value(scenario.parameters, spec, i))) std::abort();
  } catch (const InputError& e) {
    const std::string message = e.what();
    if (message.rfind("fuzz.toml", 0) != 0 || message.find('\n') != std::string::npos) std::abort();
  }
  return 0;
}
