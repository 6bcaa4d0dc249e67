#pragma once
// Ownership of HDF5 identifiers, and the one way HDF5 failures become C++
// exceptions. Internal to io/: nothing outside it includes HDF5.
//
// Every hid_t we open lives in a Handle so that an exception anywhere closes it;
// a leaked identifier would keep the file open and block its removal or rename.
#include <hdf5.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace wijksim::hdf5 {

// An HDF5 call failed. `what()` says what we were doing plus the innermost
// message HDF5 left on its error stack; public functions add the file name
// and rethrow as IoError.
class Hdf5Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The most specific message on HDF5's error stack ("file signature not found",
// "truncated file: eof = ..."), or "" when the stack is empty.
std::string innermost_error();

// Throws Hdf5Error for a negative HDF5 return value; passes others through.
template <typename T> T check(T result, const std::string& doing) {
  if (result < 0) {
    const std::string detail = innermost_error();
    throw Hdf5Error(detail.empty() ? doing : doing + " (" + detail + ")");
  }
  return result;
}

template <herr_t (*Close)(hid_t)> class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  // Takes ownership of `id`, throwing if the call that produced it failed.
  Handle(hid_t id, const std::string& doing) : id_(check(id, doing)) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }

  // Closes now and reports the result: closing a file is where buffered data
  // meets the disk, so a full disk surfaces here.
  herr_t close() { return id_ >= 0 ? Close(std::exchange(id_, H5I_INVALID_HID)) : 0; }
  void reset() noexcept { static_cast<void>(close()); }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

using File = Handle<H5Fclose>;
using Group = Handle<H5Gclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using Datatype = Handle<H5Tclose>;
using Attribute = Handle<H5Aclose>;
using PropertyList = Handle<H5Pclose>;

// Keeps HDF5 from printing its error stack to stderr while in scope: our
// errors reach the user once, as an IoError naming the file. The previous
// handler is restored so that other HDF5 users in the process are unaffected.
class ErrorSilencer {
 public:
  ErrorSilencer();
  ~ErrorSilencer();
  ErrorSilencer(const ErrorSilencer&) = delete;
  ErrorSilencer& operator=(const ErrorSilencer&) = delete;

 private:
  H5E_auto2_t previous_func_ = nullptr;
  void* previous_data_ = nullptr;
};

// The file access properties both reader and writer use. `lock`: take
// HDF5's file lock (shared to read, exclusive to write); only a reader of a
// file written in place, which may be read while it is written, goes without.
PropertyList file_access_properties(bool lock = true);

}  // namespace wijksim::hdf5
