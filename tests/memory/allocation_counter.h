#pragma once
// Heap bytes held by this process, counted at every allocation and release
// (allocation_counter.cpp interposes the C allocator). Only the memory test
// executable links it: the sanitizers bring their own allocator.
#include <cstdint>

namespace wijksim::testing {

std::int64_t live_heap_bytes();
// The most held at once since the last reset.
std::int64_t peak_heap_bytes();
void reset_peak_heap_bytes();
// Every byte allocated so far, whether released since or not.
std::int64_t allocated_heap_bytes();

}  // namespace wijksim::testing
