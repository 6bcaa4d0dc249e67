#pragma once
// The informal cases of everyday doers or of social entrepreneurs (§11
// entry 3), one kind per table, each in a pool (model/case_pool.h).
#include <cstdint>

#include "model/case_pool.h"
#include "model/ids.h"

namespace wijksim {

// An everyday doer's or social entrepreneur's informal case.
struct InformalCase {
  double pbar_open = 0.0;
  std::int32_t helper = kNone;
  std::int32_t opened = 0;
  std::int32_t slot = 0;
  std::int8_t key_guess = 0;
  bool key_known = false;
  std::int8_t c_open = 0;

  bool exists() const { return helper != kNone; }
};

using InformalCases = CasePool<InformalCase>;

}  // namespace wijksim
