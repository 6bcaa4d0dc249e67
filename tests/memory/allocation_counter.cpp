// Counts every heap byte the process holds, by interposing the C allocator:
// operator new, the standard containers, oneTBB and the HDF5 library all end
// up here. Sizes are those malloc really reserved (malloc_usable_size), so the
// count is what the world costs, not what it asked for. glibc's __libc_*
// entry points do the allocating.
#include "memory/allocation_counter.h"

#include <malloc.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>

extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* pointer, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);
void __libc_free(void* pointer);
}

namespace {

std::atomic<std::int64_t> live_bytes{0};
std::atomic<std::int64_t> peak_bytes{0};
std::atomic<std::int64_t> allocated_bytes{0};  // every allocation, released or not

void count_allocation(void* pointer) {
  if (!pointer) return;
  const auto size = std::int64_t(malloc_usable_size(pointer));
  allocated_bytes.fetch_add(size, std::memory_order_relaxed);
  const std::int64_t now = live_bytes.fetch_add(size, std::memory_order_relaxed) + size;
  std::int64_t peak = peak_bytes.load(std::memory_order_relaxed);
  while (now > peak && !peak_bytes.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

void count_release(void* pointer) {
  if (pointer) live_bytes.fetch_sub(std::int64_t(malloc_usable_size(pointer)), std::memory_order_relaxed);
}

}  // namespace

extern "C" {

void* malloc(std::size_t size) {
  void* p = __libc_malloc(size);
  count_allocation(p);
  return p;
}

void* calloc(std::size_t count, std::size_t size) {
  void* p = __libc_calloc(count, size);
  count_allocation(p);
  return p;
}

void* realloc(void* pointer, std::size_t size) {
  const auto old_size = pointer ? std::int64_t(malloc_usable_size(pointer)) : 0;
  void* p = __libc_realloc(pointer, size);
  if (!p && size != 0) return p;  // failed: the old block is still held
  live_bytes.fetch_sub(old_size, std::memory_order_relaxed);
  count_allocation(p);
  return p;
}

void free(void* pointer) {
  count_release(pointer);
  __libc_free(pointer);
}

void* memalign(std::size_t alignment, std::size_t size) {
  void* p = __libc_memalign(alignment, size);
  count_allocation(p);
  return p;
}

void* aligned_alloc(std::size_t alignment, std::size_t size) { return memalign(alignment, size); }

int posix_memalign(void** out, std::size_t alignment, std::size_t size) {
  void* p = memalign(alignment, size);
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}

}  // extern "C"

namespace wijksim::testing {

std::int64_t live_heap_bytes() { return live_bytes.load(); }
std::int64_t peak_heap_bytes() { return peak_bytes.load(); }
void reset_peak_heap_bytes() { peak_bytes.store(live_bytes.load()); }
std::int64_t allocated_heap_bytes() { return allocated_bytes.load(); }

}  // namespace wijksim::testing
