#include "io/hdf5_parameters.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

#include "io/hdf5_attributes.h"

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

namespace {

std::string json_string(std::string_view text) {
  std::string quoted = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': quoted += "\\\""; break;
      case '\\': quoted += "\\\\"; break;
      case '\n': quoted += "\\n"; break;
      case '\t': quoted += "\\t"; break;
      case '\r': quoted += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(static_cast<unsigned char>(c)));
          quoted += escaped;
        } else {
          quoted += c;
        }
    }
  }
  return quoted + "\"";
}

std::string_view kind_name(ParameterKind kind) {
  switch (kind) {
    case ParameterKind::real: return "real";
    case ParameterKind::real_auto: return "real_auto";
    case ParameterKind::integer: return "integer";
    case ParameterKind::real_by_institution: return "real_by_institution";
    case ParameterKind::real_by_domain: return "real_by_domain";
    case ParameterKind::choice: return "choice";
    case ParameterKind::choice_by_institution: return "choice_by_institution";
  }
  return "unknown";
}

// One stored number as JSON: a choice's name, "auto" for an unset derived value.
std::string json_value(const ParameterSpec& spec, double value) {
  if (spec.is_choice()) return json_string(value_name(spec, value));
  if (std::isnan(value)) return json_string("auto");
  return shortest_text(value);
}

template <typename ValueAt> std::string json_values(const ParameterSpec& spec, ValueAt value_at) {
  if (spec.width() == 1) return json_value(spec, value_at(0));
  std::string list = "[";
  for (int i = 0; i < spec.width(); ++i) list += (i ? ", " : "") + json_value(spec, value_at(i));
  return list + "]";
}

}  // namespace

std::string parameters_json(const Parameters& parameters) {
  std::string json = "[\n";
  const auto table = parameter_table();
  for (std::size_t n = 0; n < table.size(); ++n) {
    const ParameterSpec& spec = table[n];
    std::string choices = "null";
    if (spec.is_choice()) {
      choices = "[";
      for (std::size_t i = 0; i < spec.choices.size(); ++i)
        choices += (i ? ", " : "") + json_string(spec.choices[i]);
      choices += "]";
    }
    const auto value = json_values(spec, [&](int i) { return get_value(parameters, spec, i); });
    const auto fallback = json_values(spec, [&](int i) { return spec.default_values[std::size_t(i)]; });
    json += "  {\"name\": " + json_string(spec.name) + ", \"group\": " + json_string(spec.group) +
            ", \"key\": " + json_string(spec.qualified_name()) + ", \"unit\": " + json_string(spec.unit) +
            ", \"kind\": " + json_string(kind_name(spec.kind)) + ", \"timing\": " +
            json_string(spec.timing == Timing::Live ? "live" : "structural") +
            ", \"min\": " + (spec.is_choice() ? "null" : shortest_text(spec.min)) +
            ", \"max\": " + (spec.is_choice() ? "null" : shortest_text(spec.max)) +
            ", \"choices\": " + choices + ", \"default\": " + fallback + ", \"value\": " + value +
            ", \"doc\": " + json_string(spec.doc) + "}" + (n + 1 < table.size() ? "," : "") + "\n";
  }
  return json + "]\n";
}

}  // namespace wijksim::hdf5
