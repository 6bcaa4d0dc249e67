#include "cli/interrupt.h"

#include <csignal>
#include <string>

namespace wijksim::cli {

namespace {
// A signal handler can reach nothing but static storage, so this flag is the
// one piece of process-wide state in the command line; only InterruptWatch
// sets up the handler that writes it and reads it back.
volatile std::sig_atomic_t received_signal = 0;

extern "C" void remember_signal(int signal_number) { received_signal = signal_number; }
}  // namespace

Interrupted::Interrupted(int signal_number)
    : std::runtime_error(signal_number == SIGINT ? "interrupted" : "terminated by a signal"),
      signal_number_(signal_number) {}

InterruptWatch::InterruptWatch() {
  received_signal = 0;
  struct sigaction action = {};
  action.sa_handler = remember_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // the next signal gets the default: stop now
  sigaction(SIGINT, &action, &previous_int_);
  sigaction(SIGTERM, &action, &previous_term_);
  // A job started in the background by a shell ignores Ctrl-C; keep it so.
  if (previous_int_.sa_handler == SIG_IGN) sigaction(SIGINT, &previous_int_, nullptr);
}

InterruptWatch::~InterruptWatch() {
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
}

void InterruptWatch::check() const {
  if (received_signal != 0) throw Interrupted(received_signal);
}

int InterruptWatch::received() const { return received_signal; }

}  // namespace wijksim::cli
