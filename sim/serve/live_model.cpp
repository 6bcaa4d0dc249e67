#include "serve/live_model.h"

#include <array>
#include <cmath>
#include <span>

#include "engine/metrics.h"
#include "engine/observer.h"
#include "engine/run_result.h"
#include "engine/simulation.h"
#include "model/household_view.h"
#include "model/state.h"
#include "serve/live_events.h"

namespace wijksim {

namespace {

constexpr std::string_view kLeverKeys[] = {
    "bending.room",          "bending.backing",           "bending.contact_freq",
    "bending.burnout_attention", "recruitment.recruit_channel", "institutions.protocol_source",
    "best_persons.bp_emergence"};

constexpr std::string_view kOutcomes[] = {
    "multi_problem_share", "trust_mean",          "collective_efficacy", "incidents",
    "sanctions",           "burnout_new",         "exhaustion_mean",     "best_persons_active",
    "vacancies_open",      "hire_fit_mean",       "protocol_effectiveness"};

constexpr std::string_view kNeighbourhoodNames[] = {"Noord", "Oost",  "Zuid", "West",
                                                    "Centrum", "Nieuw-West", "Zuidoost", "Haven"};

std::vector<std::uint8_t> statuses(const World& w) {
  std::vector<std::uint8_t> status;
  status.reserve(w.helpers.size());
  for (const Helper& h : w.helpers) status.push_back(std::uint8_t(h.status));
  return status;
}

// The charted outcomes of the week the world has just simulated. The
// observer's reduction is the one every results file holds, so the page's
// numbers are those of `wijksim run`; one recorded week suffices.
std::vector<float> charted_outcomes(const World& w, const Tally& tally) {
  const auto metrics = metric_table();
  RunResult values;
  Observer observer(values, 1, w.params.n_neighbourhoods);
  observer.record(w, tally, 0);
  std::vector<float> outcomes;
  for (const std::string_view name : kOutcomes)
    for (std::size_t m = 0; m < metrics.size(); ++m)
      if (metrics[m].name == name) outcomes.push_back(values.values[m][0]);
  return outcomes;
}

// A week before the class: its outcomes only, for the charts.
std::shared_ptr<const Frame> outcome_frame(const World& w, int run, int week) {
  auto frame = std::make_shared<Frame>();
  frame->run = run;
  frame->week = week;
  frame->outcomes = charted_outcomes(w, w.tally.combine());
  return frame;
}

}  // namespace

std::span<const std::string_view> live_lever_keys() { return kLeverKeys; }
std::span<const std::string_view> live_outcome_names() { return kOutcomes; }

std::string neighbourhood_name(int nbh) {
  constexpr int named = int(std::size(kNeighbourhoodNames));
  if (nbh < named) return std::string(kNeighbourhoodNames[nbh]);
  return std::string(kNeighbourhoodNames[nbh % named]) + " " + std::to_string(nbh / named + 1);
}

LiveModel::LiveModel(Scenario scenario) : scenario_(std::move(scenario)) {}
LiveModel::~LiveModel() = default;

int LiveModel::week() const { return simulation_ ? simulation_->week() : 0; }

const Parameters& LiveModel::parameters() const {
  return simulation_ ? simulation_->world().params : scenario_.parameters;
}

std::vector<std::int32_t> LiveModel::household_neighbourhoods() const {
  return simulation_->world().households.nbh;
}

// The scenario's own timed changes are not replayed: the class moves the levers.
void LiveModel::reset(std::uint64_t seed) {
  auto simulation = std::make_unique<Simulation>(scenario_.parameters, seed);
  const int run = run_ + 1;
  std::vector<std::shared_ptr<const Frame>> before_class;
  while (simulation->week() < 0) {
    simulation->advance();
    const int week = simulation->week();
    if (week > -kWeeksBeforeClass && week < 0) before_class.push_back(outcome_frame(simulation->world(), run, week));
  }
  simulation_ = std::move(simulation);
  seed_ = seed;
  run_ = run;
  pending_changes_.clear();
  frame_ = make_frame({});
  before_class.push_back(frame_);
  before_class_ = std::move(before_class);
}

void LiveModel::set_levers(const std::vector<ParameterAssignment>& assignments) {
  const Parameters before = simulation_->world().params;
  simulation_->apply_changes(assignments);
  for (const ParameterAssignment& a : assignments) {
    const std::string from = format_value(before, *a.spec), to = format_value(parameters(), *a.spec);
    if (from != to) pending_changes_.push_back({week() + 1, a.spec->qualified_name(), from, to});
  }
}

std::shared_ptr<const Frame> LiveModel::step() {
  status_before_ = statuses(simulation_->world());
  simulation_->advance();
  frame_ = make_frame(std::move(pending_changes_));
  pending_changes_.clear();
  return frame_;
}

std::shared_ptr<const Frame> LiveModel::make_frame(std::vector<Change> changes) const {
  const World& w = simulation_->world();
  auto frame = std::make_shared<Frame>();
  frame->run = run_;
  frame->week = week();
  frame->changes = std::move(changes);

  const Households& hh = w.households;
  frame->household_load.reserve(hh.p.size());
  for (std::size_t i = 0; i < hh.p.size(); ++i)
    frame->household_load.push_back(std::uint8_t(std::lround(100.0 * mean_load(hh.p[i], hh.has_children[i]))));
  for (const Helper& h : w.helpers)
    if (h.status != HelperStatus::exited)
      frame->helpers.push_back({h.id, std::uint8_t(h.type), h.nbh, h.is_bp, h.status == HelperStatus::leave,
                                float(h.exhaustion), std::int32_t(h.caseload.size())});

  // Week 0 has outcomes too, those of the last week of the burn-in; a world
  // that has not run a week yet (no burn-in) has none.
  const Tally tally = w.tally.combine();
  if (w.week > 0) frame->outcomes = charted_outcomes(w, tally);
  // Events need the helpers' statuses before the week, which only step() keeps.
  if (frame->week > 0) frame->events = describe_week(w, tally, status_before_, frame->week);
  return frame;
}

}  // namespace wijksim
