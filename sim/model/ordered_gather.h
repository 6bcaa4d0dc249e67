// The items a parallel scan of households finds, in household order.
//
// The range is cut into fixed blocks; each block collects its own items and
// the blocks are joined in order. What is found, the order it comes in and
// what is allocated on the way are therefore the same however the threads
// share the blocks. The blocks and the joined list keep their capacity from
// one week to the next, so a settled week allocates nothing here.
#pragma once

#include <tbb/parallel_for.h>

#include <algorithm>
#include <vector>

namespace wijksim {

template <typename Item>
class OrderedGather {
 public:
  // Calls scan(begin, end, found) on blocks that cover [0, count) and returns
  // everything the calls appended to `found`, block by block.
  template <typename Scan>
  const std::vector<Item>& operator()(int count, Scan scan) {
    const int blocks = (count + kBlock - 1) / kBlock;
    if (int(blocks_.size()) < blocks) blocks_.resize(std::size_t(blocks));
    tbb::parallel_for(0, blocks, [&](int b) {
      std::vector<Item>& found = blocks_[std::size_t(b)];
      found.clear();
      scan(b * kBlock, std::min(count, (b + 1) * kBlock), found);
    });
    all_.clear();
    for (int b = 0; b < blocks; ++b) {
      const std::vector<Item>& found = blocks_[std::size_t(b)];
      all_.insert(all_.end(), found.begin(), found.end());
    }
    return all_;
  }

 private:
  static constexpr int kBlock = 2048;
  std::vector<std::vector<Item>> blocks_;
  std::vector<Item> all_;
};

}  // namespace wijksim
