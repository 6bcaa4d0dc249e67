// format_summary: the text `wijksim info` prints about a results file.
#include <algorithm>
#include <sstream>

#include "io/hdf5_input.h"

namespace wijksim {

namespace {

// Enough to recognise a file; the complete lists stay one h5py call away.
constexpr std::size_t kSeedsShown = 8;
constexpr std::size_t kFailuresShown = 10;

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) text += (i ? std::string(separator) : "") + items[i];
  return text;
}

// Built by appending: GCC 12 warns falsely (-Wrestrict) about "(" + string.
std::string enclosed(char open, const std::string& text, char close) {
  std::string result(1, open);
  result.append(text);
  result.push_back(close);
  return result;
}

std::string padded(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

}  // namespace

std::string format_summary(const FileSummary& s) {
  std::ostringstream out;
  out << "format          wijksim results, format " << s.format << "\n";
  out << "written by      " << s.source << " (git " << s.git_commit << ") at " << s.created << "\n";
  out << "scenario        " << s.scenario_name << " (sha256 " << s.scenario_sha256 << ")\n";
  if (!s.sweep_name.empty()) {
    out << "sweep           " << s.sweep_name;
    if (!s.shard.empty()) out << ", shard " << s.shard;
    if (!s.sweep_settings.empty()) out << ", with " << s.sweep_settings;
    out << " (sha256 " << s.sweep_sha256 << ")\n";
  }
  out << "runs            " << s.runs << ": " << s.done << " done, " << s.failed << " failed, "
      << s.pending << " pending\n";
  out << "weeks           " << s.weeks << " after burn-in\n";
  out << "neighbourhoods  " << s.neighbourhoods << "\n";
  out << "seeds          ";
  for (std::size_t i = 0; i < std::min(s.seeds.size(), kSeedsShown); ++i) out << " " << s.seeds[i];
  if (s.seeds.size() > kSeedsShown) out << " ... (" << s.seeds.size() << " in all)";
  out << "\n";

  if (!s.failures.empty()) {
    out << "\nfailed runs\n";
    for (std::size_t i = 0; i < std::min(s.failures.size(), kFailuresShown); ++i)
      out << "  run " << s.failures[i].first << ": "
          << (s.failures[i].second.empty() ? "(no message)" : s.failures[i].second) << "\n";
    if (s.failures.size() > kFailuresShown)
      out << "  ... and " << s.failures.size() - kFailuresShown << " more\n";
  }

  if (!s.varied.empty()) {
    out << "\nvaried parameters (" << s.varied.size() << ")\n";
    std::size_t key_width = 0;
    for (const VariedParameter& v : s.varied) key_width = std::max(key_width, v.key.size());
    for (const VariedParameter& v : s.varied)
      out << "  " << padded(v.key, key_width) << "  " << v.distinct << " values from " << v.min << " to " << v.max
          << "\n";
  }

  out << "\nmetrics (" << s.metrics.size() << ")\n";
  std::size_t name_width = 0, dims_width = 0, units_width = 0;
  for (const MetricInfo& m : s.metrics) {
    name_width = std::max(name_width, m.name.size());
    dims_width = std::max(dims_width, joined(m.dims, ", ").size() + 2);
    units_width = std::max(units_width, m.units.size() + 2);
  }
  for (const MetricInfo& m : s.metrics)
    out << "  " << padded(m.name, name_width) << "  " << padded(enclosed('(', joined(m.dims, ", "), ')'), dims_width)
        << "  " << padded(enclosed('[', m.units, ']'), units_width) << "  " << m.long_name << "\n";

  out << "\nparameters (" << s.parameters.size() << ")\n";
  std::size_t parameter_width = 0;
  for (const auto& [name, value] : s.parameters) parameter_width = std::max(parameter_width, name.size());
  for (const auto& [name, value] : s.parameters)
    out << "  " << padded(name, parameter_width) << " = " << value << "\n";
  return out.str();
}

}  // namespace wijksim
