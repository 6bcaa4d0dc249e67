#pragma once
// Opening a results file, after checking that it is one: every failure is an
// IoError naming the file, whether it is missing, unreadable, not HDF5,
// damaged (also when reading it would crash or hang libhdf5: see
// hdf5_vetting.h), being written by another program, or HDF5 but not ours.
// Internal to io/.
#include <filesystem>

#include "io/hdf5_handles.h"

namespace wijksim::hdf5 {

// Read-only, or for writing runs into it (`writable`). Callers silence
// HDF5's error printing (ErrorSilencer) around the call. A sweep file
// written in place is read without a lock: it is safe to read while a sweep
// writes it, and a reader must not keep a sweep from opening it.
File open_results(const std::filesystem::path& path, bool writable);

// Whether every float variable is stored contiguously, as Storage::in_place
// lays them out (h5repack with compression makes them chunked).
bool stored_in_place(hid_t file);

}  // namespace wijksim::hdf5
