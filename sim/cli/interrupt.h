#pragma once
// Ctrl-C (or SIGTERM) during a run: the run stops after the current week and
// the command ends like any failure, so the temporary results file is removed
// rather than left behind. A second Ctrl-C stops the process at once.
#include <signal.h>

#include <stdexcept>

namespace wijksim::cli {

class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal_number);
  int signal_number() const { return signal_number_; }

 private:
  int signal_number_;
};

// Catches SIGINT and SIGTERM while it lives; restores the previous handlers after.
class InterruptWatch {
 public:
  InterruptWatch();
  ~InterruptWatch();
  InterruptWatch(const InterruptWatch&) = delete;
  InterruptWatch& operator=(const InterruptWatch&) = delete;

  // Throws Interrupted once a signal has arrived.
  void check() const;
  // The signal that arrived, or 0.
  int received() const;

 private:
  struct sigaction previous_int_ = {};
  struct sigaction previous_term_ = {};
};

}  // namespace wijksim::cli
