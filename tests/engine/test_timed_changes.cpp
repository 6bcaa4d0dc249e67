// Timed changes (a policy from a given week; the classroom's sliders) take
// effect between weeks: the weeks before are untouched, the weeks after move.
#include <gtest/gtest.h>

#include <cstring>

#include "core/errors.h"
#include "engine/metrics.h"
#include "engine/run.h"
#include "support/small_world.h"

namespace wijksim {
namespace {

const std::vector<float>& series(const RunResult& r, MetricId id) { return r.values[std::size_t(id)]; }

Scenario with_change(int week, const char* name, double value) {
  Scenario s = testing::small_scenario(2, 300, 13, 60);
  s.changes.push_back({week, {ParameterAssignment{find_parameter(name), -1, value}}});
  return s;
}

TEST(TimedChanges, WeeksBeforeTheChangeAreIdenticalAndLaterOnesDiffer) {
  const RunResult plain = run_simulation(testing::small_scenario(2, 300, 13, 60), 9);
  const RunResult changed = run_simulation(with_change(31, "spill_rate", 0.1), 9);
  const auto& a = series(plain, MetricId::wellbeing_mean);
  const auto& b = series(changed, MetricId::wellbeing_mean);
  // Recorded week 31 is index 30: everything before it is the same run.
  EXPECT_EQ(std::memcmp(a.data(), b.data(), 30 * sizeof(float)), 0);
  for (int i = 30; i < 60; ++i) EXPECT_LT(b[std::size_t(i)], a[std::size_t(i)]) << "week " << i + 1;
}

TEST(TimedChanges, LeversChangeTheTeamsFromTheirWeek) {
  // Room and backing to zero from week 21: no bend can be within room after it.
  Scenario s = with_change(21, "room", 0.0);
  s.parameters.room = {1, 1, 1, 1, 1};
  const RunResult r = run_simulation(s, 4);
  const auto& within = series(r, MetricId::bends_within_room);
  double before = 0;
  for (int i = 0; i < 20; ++i) before += within[std::size_t(i)];
  for (int i = 20; i < 60; ++i) EXPECT_EQ(within[std::size_t(i)], 0.0f) << "week " << i + 1;
  EXPECT_GT(before, 0.0);
}

TEST(TimedChanges, AStructuralParameterCannotChangeMidRun) {
  EXPECT_THROW(run_simulation(with_change(5, "households_per_nbh", 100), 1), InputError);
}

TEST(TimedChanges, AChangedValueOutOfRangeIsRefused) {
  EXPECT_THROW(run_simulation(with_change(5, "spill_rate", 0.5), 1), InputError);
}

}  // namespace
}  // namespace wijksim
