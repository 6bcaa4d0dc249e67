#include "io/run_pairing.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/errors.h"
#include "engine/run_result.h"

namespace wijksim {

namespace {

int cell_count(const FileSummary& file) {
  return file.cells.empty() ? 1 : *std::max_element(file.cells.begin(), file.cells.end()) + 1;
}

// Each cell's varied parameter values, from the first run of the cell.
std::map<int, std::vector<std::pair<std::string, double>>> cell_parameters(const FileSummary& file) {
  std::map<int, std::vector<std::pair<std::string, double>>> cells;
  for (std::size_t run = 0; run < file.cells.size(); ++run) {
    auto [where, inserted] = cells.try_emplace(file.cells[run]);
    if (!inserted) continue;
    for (const VariedParameter& varied : file.varied)
      where->second.emplace_back(varied.key, run < varied.values.size() ? varied.values[run] : 0.0);
  }
  return cells;
}

std::string varied_keys(const FileSummary& file) {
  if (file.varied.empty()) return "no parameter";
  std::string keys;
  for (const VariedParameter& varied : file.varied) keys += (keys.empty() ? "" : ", ") + varied.key;
  return keys;
}

std::string design_text(const FileSummary& file, const std::string& name) {
  const int cells = cell_count(file);
  if (cells == 1 && file.varied.empty()) return name + " holds runs of scenario " + file.scenario_name;
  return name + " holds " + (file.sweep_name.empty() ? "a sweep" : "sweep " + file.sweep_name) + ", which varies " +
         varied_keys(file) + " over " + std::to_string(cells) + (cells == 1 ? " cell" : " cells");
}

void check_same_shape(const FileSummary& a, const std::string& a_name, const FileSummary& b,
                      const std::string& b_name) {
  if (a.weeks != b.weeks)
    throw InputError(a_name + " records " + std::to_string(a.weeks) + " weeks and " + b_name + " " +
                     std::to_string(b.weeks) + ": compare runs with the same scale.horizon_weeks");
  std::set<std::string> a_metrics, b_metrics;
  for (const MetricInfo& m : a.metrics) a_metrics.insert(m.name);
  for (const MetricInfo& m : b.metrics) b_metrics.insert(m.name);
  if (a_metrics != b_metrics) {
    std::string only_a, only_b;
    for (const std::string& name : a_metrics)
      if (!b_metrics.count(name)) only_a += (only_a.empty() ? "" : ", ") + name;
    for (const std::string& name : b_metrics)
      if (!a_metrics.count(name)) only_b += (only_b.empty() ? "" : ", ") + name;
    throw InputError(a_name + " and " + b_name + " hold different outcome sets" +
                     (only_a.empty() ? "" : "; only " + a_name + " has " + only_a) +
                     (only_b.empty() ? "" : "; only " + b_name + " has " + only_b) +
                     ": compare files written by the same wijksim format and version");
  }
  const bool a_design = cell_count(a) > 1, b_design = cell_count(b) > 1;
  if ((a_design || b_design) && cell_parameters(a) != cell_parameters(b))
    throw InputError("different sweeps: " + design_text(a, a_name) + ", " + design_text(b, b_name) +
                     "; runs pair only cell by cell within one design");
}

using RunKey = std::pair<int, std::uint64_t>;  // cell, seed

std::map<RunKey, int> done_runs(const FileSummary& file, const std::string& name) {
  std::map<RunKey, int> runs;
  for (std::size_t run = 0; run < file.statuses.size(); ++run) {
    if (file.statuses[run] != int(RunStatus::done)) continue;
    const RunKey key{file.cells.empty() ? 0 : file.cells[run], file.seeds[run]};
    const auto [where, inserted] = runs.try_emplace(key, int(run));
    if (!inserted)
      throw InputError(name + ": runs " + std::to_string(where->second) + " and " + std::to_string(run) +
                       " share cell " + std::to_string(key.first) + " and seed " + std::to_string(key.second) +
                       ", so neither pairs unambiguously");
  }
  if (runs.empty())
    throw InputError(name + ": no run is done (" + std::to_string(file.failed) + " failed, " +
                     std::to_string(file.pending) + " pending)");
  return runs;
}

}  // namespace

RunPairing pair_runs(const FileSummary& a, const std::string& a_name, const FileSummary& b,
                     const std::string& b_name) {
  check_same_shape(a, a_name, b, b_name);
  const std::map<RunKey, int> a_runs = done_runs(a, a_name);
  const std::map<RunKey, int> b_runs = done_runs(b, b_name);
  const auto parameters = cell_parameters(a);

  RunPairing pairing;
  std::map<int, PairedCell> cells;
  for (const auto& [key, a_run] : a_runs) {
    const auto partner = b_runs.find(key);
    if (partner == b_runs.end()) {
      ++pairing.unpaired_a;
      continue;
    }
    PairedCell& cell = cells[key.first];
    cell.cell = key.first;
    cell.runs.emplace_back(a_run, partner->second);
  }
  for (const auto& [key, b_run] : b_runs)
    if (!a_runs.count(key)) ++pairing.unpaired_b;
  if (cells.empty())
    throw InputError(a_name + " and " + b_name +
                     " share no seeds, so no run of one pairs with a run of the other; run both with the "
                     "same --seed and --replicates (or sweeps with the same base_seed)");
  for (auto& [index, cell] : cells) {
    std::sort(cell.runs.begin(), cell.runs.end());
    if (const auto found = parameters.find(index); found != parameters.end()) cell.parameters = found->second;
    pairing.cells.push_back(std::move(cell));
  }
  return pairing;
}

}  // namespace wijksim
