#pragma once
// One model that runs week by week under outside control, for the classroom
// (`wijksim serve`): levers change between weeks, every week yields a Frame
// of what a page draws, and a reset starts the scenario afresh. Single-
// threaded: the server's simulation thread owns it.
//
// Week 0 is the end of the burn-in, so a page starts from a world in its
// usual state. The same scenario, seed and lever changes at the same weeks
// give the same weeks as `wijksim run` does (recorded week w is week w here).
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <string>
#include <vector>

#include "engine/scenario.h"
#include "serve/live_frame.h"

namespace wijksim {

struct World;

class LiveModel {
 public:
  explicit LiveModel(Scenario scenario);
  ~LiveModel();
  LiveModel(const LiveModel&) = delete;
  LiveModel& operator=(const LiveModel&) = delete;

  // A new world of the scenario with `seed`, levers as the scenario sets
  // them, its burn-in run; frame() is then week 0.
  void reset(std::uint64_t seed);

  // Applies `assignments` (already checked one by one) from the next week
  // on. Throws InputError, leaving the model as it was, when together they
  // break a relation between parameters.
  void set_levers(const std::vector<ParameterAssignment>& assignments);

  // Simulates one week and returns its frame.
  std::shared_ptr<const Frame> step();

  std::shared_ptr<const Frame> frame() const { return frame_; }
  const Scenario& scenario() const { return scenario_; }
  std::uint64_t seed() const { return seed_; }
  int run() const { return run_; }
  int week() const;
  const Parameters& parameters() const;
  // The neighbourhood of each household, in household order.
  std::vector<std::int32_t> household_neighbourhoods() const;

 private:
  std::shared_ptr<const Frame> make_frame(std::vector<Change> changes) const;

  Scenario scenario_;
  std::uint64_t seed_ = 0;
  int run_ = 0;
  std::unique_ptr<World> world_;
  std::vector<Change> pending_changes_;  // set since the last step, shown with the next frame
  std::vector<std::uint8_t> status_before_;  // helper statuses before the week, for events
  std::shared_ptr<const Frame> frame_;
};

// The levers a page may move, in the order it shows them.
std::span<const std::string_view> live_lever_keys();

// The headline outcomes a page charts (city-level metrics), in order.
std::span<const std::string_view> live_outcome_names();

// "Noord", "Oost", ...: names for the neighbourhoods, which the model numbers.
std::string neighbourhood_name(int nbh);

}  // namespace wijksim
