#pragma once
// One model that runs week by week under outside control, for the classroom
// (`wijksim serve`): levers change between weeks, every week yields a Frame
// of what a page draws, and a reset starts the scenario afresh. The weeks
// and the lever changes are those of engine/simulation.h; this adds what a
// page reads of them. Single-threaded: the server's simulation thread owns it.
//
// Week 0 is the end of the burn-in, so a page starts from a world in its
// usual state. The same scenario, seed and lever changes at the same weeks
// give the same weeks as `wijksim run` does (recorded week w is week w here).
// The last year of the burn-in is kept as weeks -51 to 0, so that a page
// opens with charts that already show where the world has been: they are
// weeks of the same model under the scenario's levers, before the class
// could move them.
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <string>
#include <vector>

#include "engine/scenario.h"
#include "serve/live_frame.h"

namespace wijksim {

class Simulation;

// The weeks of the burn-in a reset keeps as history: weeks
// 1 - kWeeksBeforeClass to 0 (fewer when the burn-in is shorter).
inline constexpr int kWeeksBeforeClass = 52;

class LiveModel {
 public:
  explicit LiveModel(Scenario scenario);
  ~LiveModel();
  LiveModel(const LiveModel&) = delete;
  LiveModel& operator=(const LiveModel&) = delete;

  // A new world of the scenario with `seed`, levers as the scenario sets
  // them, its burn-in run; frame() is then week 0, and before_class() the
  // last weeks of the burn-in.
  void reset(std::uint64_t seed);

  // Applies `assignments` (already checked one by one) from the next week
  // on. Throws InputError, leaving the model as it was, when together they
  // break a relation between parameters.
  void set_levers(const std::vector<ParameterAssignment>& assignments);

  // Simulates one week and returns its frame.
  std::shared_ptr<const Frame> step();

  std::shared_ptr<const Frame> frame() const { return frame_; }
  // The weeks since the reset up to and including week 0, oldest first; the
  // last is frame() at week 0. Only week 0 has the map (households, helpers):
  // the weeks before it carry their outcomes alone.
  const std::vector<std::shared_ptr<const Frame>>& before_class() const { return before_class_; }
  const Scenario& scenario() const { return scenario_; }
  std::uint64_t seed() const { return seed_; }
  int run() const { return run_; }
  int week() const;
  const Parameters& parameters() const;
  // The neighbourhood of each household, in household order.
  std::vector<std::int32_t> household_neighbourhoods() const;

 private:
  std::shared_ptr<const Frame> make_frame(std::vector<Change> changes) const;
  std::shared_ptr<const Frame> make_outcome_frame() const;

  Scenario scenario_;
  std::uint64_t seed_ = 0;
  int run_ = 0;
  std::unique_ptr<Simulation> simulation_;
  std::vector<Change> pending_changes_;  // set since the last step, shown with the next frame
  std::vector<std::uint8_t> status_before_;  // helper statuses before the week, for events
  std::shared_ptr<const Frame> frame_;
  std::vector<std::shared_ptr<const Frame>> before_class_;
};

// The levers a page may move, in the order it shows them.
std::span<const std::string_view> live_lever_keys();

// The headline outcomes a page charts (city-level metrics), in order.
std::span<const std::string_view> live_outcome_names();

// "Noord", "Oost", ...: names for the neighbourhoods, which the model numbers.
std::string neighbourhood_name(int nbh);

}  // namespace wijksim
