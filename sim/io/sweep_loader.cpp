#include "io/sweep_loader.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/errors.h"
#include "io/scenario_keys.h"
#include "io/scenario_loader.h"
#include "io/scenario_toml.h"
#include "io/scenario_values.h"
#include "io/text_file.h"

namespace wijksim {

namespace {

constexpr std::array<std::string_view, 9> kTopLevelKeys = {
    "name", "description", "scenario", "design", "replicates", "base_seed", "samples", "vary", "zip"};
constexpr std::array<std::string_view, 3> kDesigns = {"grid", "lhs", "sobol"};

const toml::table& require_table(const toml::node& node, std::string_view what, const ValueSource& source) {
  const toml::table* table = node.as_table();
  if (!table) throw InputError(source.at(node) + std::string(what) + " must be a table, not " + std::string(type_phrase(node)));
  return *table;
}

std::int64_t require_integer(const TableEntry& entry, std::int64_t min, const ValueSource& source) {
  const auto* value = entry.node->as_integer();
  const std::string key(entry.key->str());
  if (!value)
    throw InputError(source.at(*entry.node) + key + " must be a whole number, not " + std::string(type_phrase(*entry.node)));
  if (value->get() < min)
    throw InputError(source.at(*entry.node) + key + " = " + std::to_string(value->get()) + " must be at least " +
                     std::to_string(min));
  return value->get();
}

double require_number(const toml::table& table, std::string_view key, std::string_view label, const ValueSource& source) {
  const toml::node* node = table.get(key);
  if (!node || !is_number(*node))
    throw InputError(source.at(node ? *node : static_cast<const toml::node&>(table)) + std::string(label) + "." +
                     std::string(key) + " must be a number");
  return number_value(*node);
}

void check_in_range(const ParameterSpec& spec, double value, const toml::node& node, const ValueSource& source) {
  if (auto problem = check_value(spec, value)) throw InputError(source.at(node) + *problem);
}

// The values of one axis: a list, a range {start, stop, step} (grid), or
// bounds {min, max} (lhs).
std::vector<double> axis_values(const ParameterSpec& spec, const toml::node& node, const std::string& label,
                                DesignKind kind, const ValueSource& source) {
  if (const toml::array* list = node.as_array(); list && kind == DesignKind::grid) {
    std::vector<double> values;
    for (const toml::node& item : *list) values.push_back(read_single_value(spec, item, label, source));
    if (values.empty()) throw InputError(source.at(node) + label + " lists no values");
    return values;
  }
  const toml::table* table = node.as_table();
  if (table && kind == DesignKind::grid && table->contains("start")) {
    std::vector<double> values;
    try {
      values = range_values(require_number(*table, "start", label, source), require_number(*table, "stop", label, source),
                            require_number(*table, "step", label, source));
    } catch (const InputError& e) {
      throw InputError(source.at(node) + label + ": " + e.what());
    }
    for (double v : values) check_in_range(spec, v, node, source);
    return values;
  }
  if (table && kind != DesignKind::grid && table->contains("min")) {
    const double lo = require_number(*table, "min", label, source);
    const double hi = require_number(*table, "max", label, source);
    check_in_range(spec, lo, node, source);
    check_in_range(spec, hi, node, source);
    if (!(lo < hi)) throw InputError(source.at(node) + label + ": min must be below max");
    return {lo, hi};
  }
  throw InputError(source.at(node) + label + " must be " +
                   (kind == DesignKind::grid ? "a list of values or a range { start, stop, step }"
                                             : "bounds { min, max } in an lhs or sobol design") +
                   ", not " + std::string(type_phrase(node)));
}

// One parameter's axes: one, or one per institution or domain named in a table.
void read_parameter_axes(std::string_view group, const toml::key& key, const toml::node& node, DesignKind kind,
                         const ValueSource& source, std::vector<SweepAxis>& axes) {
  const std::string name(key.str());
  const ParameterSpec* spec = find_parameter(group.empty() ? name : std::string(group) + "." + name);
  if (!spec) throw InputError(source.at(key) + unknown_parameter_message(group, name));
  const std::string label = spec->qualified_name();
  const toml::table* table = node.as_table();
  const bool selectors = table && spec->width() == 5 && !table->contains("start") && !table->contains("min");
  if (!selectors) {
    axes.push_back({spec, -1, axis_values(*spec, node, label, kind, source)});
    return;
  }
  for (const TableEntry& entry : entries_in_file_order(*table)) {
    const std::string selector(entry.key->str());
    const auto index = selector_index(*spec, selector);
    if (!index) throw InputError(source.at(*entry.key) + unknown_selector_message(*spec, selector));
    axes.push_back({spec, *index, axis_values(*spec, *entry.node, label + "." + selector, kind, source)});
  }
}

// A [vary] or [[zip]] table: parameters by table ("bending.room") or by bare name.
std::vector<SweepAxis> read_axes(const toml::table& table, DesignKind kind, const ValueSource& source) {
  std::vector<SweepAxis> axes;
  for (const TableEntry& entry : entries_in_file_order(table)) {
    const std::string_view key = entry.key->str();
    if (is_parameter_group(key)) {
      for (const TableEntry& inner : entries_in_file_order(require_table(*entry.node, key, source)))
        read_parameter_axes(key, *inner.key, *inner.node, kind, source, axes);
    } else {
      read_parameter_axes("", *entry.key, *entry.node, kind, source, axes);
    }
  }
  return axes;
}

}  // namespace

bool is_sweep_text(std::string_view text) {
  try {
    const toml::table doc = toml::parse(text);
    return doc.contains("scenario") || doc.contains("vary");
  } catch (const toml::parse_error&) {
    return false;  // malformed: the scenario loader reports it with its location
  }
}

Sweep load_sweep(const std::filesystem::path& path) {
  Sweep sweep;
  sweep.source_text = read_text_file(path);
  sweep.source_path = path.string();
  sweep.name = path.stem().string();
  const ValueSource source{path.string(), true};
  const toml::table doc = parse_toml(sweep.source_text, source);

  // The design kind decides how axes read, so it is read first.
  if (const toml::node* design = doc.get("design")) {
    const auto* text = design->as_string();
    const auto known = text ? std::find(kDesigns.begin(), kDesigns.end(), text->get()) : kDesigns.end();
    if (known == kDesigns.end())
      throw InputError(source.at(*design) + "design must be one of " + join_names(kDesigns));
    sweep.design.kind = *known == "lhs" ? DesignKind::lhs : *known == "sobol" ? DesignKind::sobol : DesignKind::grid;
  }
  std::string scenario_name;
  std::string scenario_at;  // where the sweep names it, for errors
  const toml::table* vary = nullptr;
  const toml::array* zips = nullptr;
  for (const TableEntry& entry : entries_in_file_order(doc)) {
    const std::string_view key = entry.key->str();
    if (key == "name") {
      if (const std::string& name = require_string(entry, source); !name.empty()) sweep.name = name;
    } else if (key == "description" || key == "design") {
      require_string(entry, source);
    } else if (key == "scenario") {
      scenario_name = require_string(entry, source);
      scenario_at = source.at(*entry.key);
      if (std::any_of(scenario_name.begin(), scenario_name.end(), [](char c) { return std::iscntrl(static_cast<unsigned char>(c)); }))
        throw InputError(scenario_at + "scenario must name a file, without control characters such as tabs or line breaks");
    } else if (key == "replicates") {
      sweep.design.replicates = int(require_integer(entry, 1, source));
    } else if (key == "base_seed") {
      sweep.design.base_seed = std::uint64_t(require_integer(entry, 0, source));
    } else if (key == "samples") {
      sweep.design.samples = int(require_integer(entry, 1, source));
    } else if (key == "vary") {
      vary = &require_table(*entry.node, "vary", source);
    } else if (key == "zip") {
      zips = entry.node->as_array();
      if (!zips) throw InputError(source.at(*entry.key) + "zip must be a list of [[zip]] tables (note the double brackets)");
    } else {
      const auto near = nearest_name(key, kTopLevelKeys);
      throw InputError(source.at(*entry.key) + "unknown key '" + std::string(key) + "' in a sweep file" +
                       (near ? "; did you mean '" + *near + "'?" : "; a sweep has " + join_names(kTopLevelKeys)));
    }
  }
  if (scenario_name.empty()) throw InputError(source.at() + "a sweep must name its scenario (scenario = \"file.toml\")");
  if (vary) sweep.design.axes = read_axes(*vary, sweep.design.kind, source);
  if (zips) {
    if (sweep.design.kind != DesignKind::grid) throw InputError(source.at() + "[[zip]] groups belong to grid designs");
    for (const toml::node& node : *zips)
      sweep.design.zips.push_back({read_axes(require_table(node, "each [[zip]]", source), DesignKind::grid, source)});
  }
  // Every run of a sweep fills a row of one file, so all share its shape.
  auto refuse_shape_axis = [&](const SweepAxis& axis) {
    const std::string key = axis.spec->qualified_name();
    if (key == "scale.n_neighbourhoods" || key == "scale.horizon_weeks")
      throw InputError(source.at() + key + " cannot be varied: every run of a sweep is stored in one file with "
                       "the same neighbourhoods and weeks; run one sweep per value instead");
  };
  for (const SweepAxis& axis : sweep.design.axes) refuse_shape_axis(axis);
  for (const ZipGroup& zip : sweep.design.zips)
    for (const SweepAxis& axis : zip.axes) refuse_shape_axis(axis);
  if (sweep.design.kind != DesignKind::grid && sweep.design.samples < 1)
    throw InputError(source.at() + "an lhs or sobol design needs samples = N (N >= 1)");

  try {
    sweep.base = load_scenario(path.parent_path() / scenario_name);
  } catch (const IoError& e) {
    // Errors inside the scenario name the scenario's file and line; one that
    // keeps it from being read says where the sweep names it.
    throw InputError(scenario_at + "scenario = \"" + scenario_name + "\" (relative to the sweep file): " + e.what());
  }
  try {
    for (const SweepRun& run : expand(sweep.design))
      if (run.replicate == 0) scenario_for(sweep.base, run);
  } catch (const InputError& e) {
    throw InputError(source.at() + e.what());
  }
  return sweep;
}

}  // namespace wijksim
