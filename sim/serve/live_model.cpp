#include "serve/live_model.h"

#include <array>
#include <cmath>
#include <span>

#include "engine/metrics.h"
#include "engine/observer.h"
#include "engine/pipeline.h"
#include "engine/run.h"
#include "engine/run_result.h"
#include "model/household_view.h"
#include "model/levers.h"
#include "model/state.h"
#include "model/world_builder.h"
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

int LiveModel::week() const { return world_ ? world_->week - world_->params.burnin_weeks : 0; }

const Parameters& LiveModel::parameters() const { return world_ ? world_->params : scenario_.parameters; }

std::vector<std::int32_t> LiveModel::household_neighbourhoods() const { return world_->households.nbh; }

void LiveModel::reset(std::uint64_t seed) {
  require_valid(scenario_.parameters);
  auto world = std::make_unique<World>(build_world(scenario_.parameters, seed));
  for (int t = 0; t < world->params.burnin_weeks; ++t) {
    world->tally.clear();
    wijksim::step(*world);
  }
  world_ = std::move(world);
  seed_ = seed;
  ++run_;
  pending_changes_.clear();
  frame_ = make_frame({});
}

void LiveModel::set_levers(const std::vector<ParameterAssignment>& assignments) {
  Parameters next = world_->params;
  for (const ParameterAssignment& a : assignments) apply(next, a);
  require_valid(next);
  for (const ParameterAssignment& a : assignments) {
    const std::string from = format_value(world_->params, *a.spec), to = format_value(next, *a.spec);
    if (from != to) pending_changes_.push_back({week() + 1, a.spec->qualified_name(), from, to});
  }
  world_->params = next;
  apply_levers(*world_);
}

std::shared_ptr<const Frame> LiveModel::step() {
  status_before_ = statuses(*world_);
  world_->tally.clear();
  wijksim::step(*world_);
  frame_ = make_frame(std::move(pending_changes_));
  pending_changes_.clear();
  return frame_;
}

std::shared_ptr<const Frame> LiveModel::make_frame(std::vector<Change> changes) const {
  const World& w = *world_;
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

  // The observer's reduction is the one every results file holds, so the
  // page's numbers are those of `wijksim run`; one recorded week suffices.
  const auto metrics = metric_table();
  RunResult values;
  Observer observer(values, 1, w.params.n_neighbourhoods);
  const Tally tally = w.tally.combine();
  if (frame->week > 0) {
    observer.record(w, tally, 0);
    for (const std::string_view name : kOutcomes)
      for (std::size_t m = 0; m < metrics.size(); ++m)
        if (metrics[m].name == name) frame->outcomes.push_back(values.values[m][0]);
    frame->events = describe_week(w, tally, status_before_, frame->week);
  }
  return frame;
}

}  // namespace wijksim
