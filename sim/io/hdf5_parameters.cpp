#include "io/hdf5_parameters.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

#include "io/hdf5_attributes.h"
#include "io/parameter_docs.h"

namespace wijksim::hdf5 {

namespace {

std::string_view value_name(const ParameterSpec& spec, double value) {
  return spec.choices[std::size_t(value)];
}

}  // namespace

void write_parameter_attributes(hid_t group, const Parameters& parameters) {
  for (const ParameterSpec& spec : parameter_table()) {
    const std::string name(spec.name);
    const double first = get_value(parameters, spec, 0);
    switch (spec.kind) {
      case ParameterKind::real:
        write_double_attribute(group, name.c_str(), first);
        break;
      case ParameterKind::real_auto:
        if (std::isnan(first))
          write_text_attribute(group, name.c_str(), "auto");
        else
          write_double_attribute(group, name.c_str(), first);
        break;
      case ParameterKind::integer:
        write_int_attribute(group, name.c_str(), std::int32_t(first));
        break;
      case ParameterKind::real_by_institution:
      case ParameterKind::real_by_domain: {
        std::array<double, 5> values{};
        for (int i = 0; i < spec.width(); ++i) values[std::size_t(i)] = get_value(parameters, spec, i);
        write_doubles_attribute(group, name.c_str(), values);
        break;
      }
      case ParameterKind::choice:
        write_text_attribute(group, name.c_str(), value_name(spec, first));
        break;
      case ParameterKind::choice_by_institution: {
        std::array<std::string_view, 5> names{};
        for (int i = 0; i < spec.width(); ++i)
          names[std::size_t(i)] = value_name(spec, get_value(parameters, spec, i));
        write_strings_attribute(group, name.c_str(), names);
        break;
      }
    }
  }
}

// The same JSON as `wijksim params --format json`, with this file's values.
std::string parameters_json(const Parameters& parameters) {
  return format_parameters(parameters, ParameterFormat::json);
}

}  // namespace wijksim::hdf5
