#pragma once
// Outcomes compared bit for bit: determinism promises identical bits, and
// NaN (an outcome with nothing to average) must compare equal to itself.
#include <cstring>
#include <vector>

#include "engine/run_result.h"

namespace wijksim::testing {

inline bool bitwise_equal(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

inline bool bit_identical(const RunResult& a, const RunResult& b) {
  if (a.values.size() != b.values.size()) return false;
  for (std::size_t m = 0; m < a.values.size(); ++m)
    if (!bitwise_equal(a.values[m], b.values[m])) return false;
  return true;
}

}  // namespace wijksim::testing
