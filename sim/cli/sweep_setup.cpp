#include "cli/sweep_setup.h"

#include <charconv>
#include <system_error>

#include "cli/default_output.h"
#include "cli/input_file.h"
#include "core/errors.h"
#include "engine/metrics.h"
#include "io/scenario_assignment.h"
#include "io/sweep_coordinates.h"

namespace wijksim::cli {

namespace {

std::optional<int> whole_number(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// A --set of a parameter the sweep varies would be overridden in every run
// (or override the design): either way not what was meant.
void refuse_varied(const SweepDesign& design, const std::string& setting) {
  for (const ParameterAssignment& a : parse_assignment(setting)) {
    auto clashes = [&](const SweepAxis& axis) {
      return axis.spec == a.spec && (axis.index < 0 || a.index < 0 || axis.index == a.index);
    };
    bool varied = false;
    for (const SweepAxis& axis : design.axes) varied = varied || clashes(axis);
    for (const ZipGroup& zip : design.zips)
      for (const SweepAxis& axis : zip.axes) varied = varied || clashes(axis);
    if (varied)
      throw InputError("--set " + setting + ": " + a.spec->qualified_name() +
                       " is varied by the sweep; change it in the sweep file instead");
  }
}

std::string settings_text(const SweepFlags& flags) {
  std::string text;
  if (flags.replicates) text = "replicates=" + std::to_string(*flags.replicates);
  for (const std::string& setting : flags.assignments) text += (text.empty() ? "" : "; ") + ("set " + setting);
  return text;
}

}  // namespace

std::string Shard::label() const {
  return count == 1 ? std::string() : std::to_string(index) + "/" + std::to_string(count);
}

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  const std::string usage = "--shard " + text + ": expected I/N with 1 <= I <= N, e.g. --shard 2/4";
  if (slash == std::string::npos) throw InputError(usage);
  const auto index = whole_number(std::string_view(text).substr(0, slash));
  const auto count = whole_number(std::string_view(text).substr(slash + 1));
  if (!index || !count || *count < 1 || *index < 1 || *index > *count) throw InputError(usage);
  return Shard{*index, *count};
}

PreparedSweep prepare_sweep(const SweepFlags& flags) {
  if (flags.resume && flags.force)
    throw InputError("--resume and --force contradict each other: --resume keeps the runs already written, "
                     "--force starts again");
  require_input_file(flags.sweep, "sweep file");
  PreparedSweep prepared;
  prepared.shard = flags.shard.empty() ? Shard{} : parse_shard(flags.shard);
  prepared.sweep = load_sweep(flags.sweep);
  Sweep& sweep = prepared.sweep;
  if (flags.replicates) {
    if (*flags.replicates < 1)
      throw InputError("--replicates " + std::to_string(*flags.replicates) + ": must be at least 1");
    sweep.design.replicates = *flags.replicates;
  }
  for (const std::string& setting : flags.assignments) refuse_varied(sweep.design, setting);
  if (!flags.assignments.empty()) apply_settings(sweep.base, flags.assignments);
  prepared.runs = expand(sweep.design);
  try {
    for (const SweepRun& run : prepared.runs)
      if (run.replicate == 0) scenario_for(sweep.base, run);
  } catch (const InputError& e) {
    throw InputError(flags.sweep + " with " + settings_text(flags) + ": " + e.what());
  }

  const Parameters& p = sweep.base.parameters;
  prepared.layout = OutputLayout{int(prepared.runs.size()), p.horizon_weeks, p.n_neighbourhoods, metric_table(),
                                 Storage::in_place, sweep_coordinates(sweep.design, prepared.runs)};
  Provenance& provenance = prepared.provenance;
  provenance.scenario_name = sweep.base.name;
  provenance.scenario_path = sweep.base.source_path;
  provenance.scenario_text = sweep.base.source_text;
  provenance.command_line = flags.command_line;
  provenance.sweep_name = sweep.name;
  provenance.sweep_path = sweep.source_path;
  provenance.sweep_text = sweep.source_text;
  provenance.sweep_settings = settings_text(flags);
  provenance.shard = prepared.shard.label();
  const Shard& shard = prepared.shard;
  const std::string shard_suffix =
      shard.count > 1 ? "-shard-" + std::to_string(shard.index) + "-of-" + std::to_string(shard.count) : "";
  prepared.output = flags.output.empty() ? default_output(sweep.name, "sweep", shard_suffix).string() : flags.output;
  return prepared;
}

}  // namespace wijksim::cli
