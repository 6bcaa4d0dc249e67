#pragma once
// The errors wijksim reports to its users. Each carries a message that names
// what was wrong and where (file, key, allowed range); the command line prints
// it as one line and exits non-zero.
#include <stdexcept>
#include <string>

namespace wijksim {

// Bad input from a user: a scenario file, a flag, a value out of range.
// The command line exits with status 2.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A failure while reading or writing a file (unwritable path, full disk,
// corrupt or foreign HDF5 file). The command line exits with status 1.
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace wijksim
