#pragma once
// Opening a results file, after checking that it is one: every failure is an
// IoError naming the file, whether it is missing, unreadable, not HDF5,
// damaged, being written by another program, or HDF5 but not ours. Internal
// to io/.
#include <filesystem>

#include "io/hdf5_handles.h"

namespace wijksim::hdf5 {

// Read-only, or for writing runs into it (`writable`). Callers silence
// HDF5's error printing (ErrorSilencer) around the call. A reader that
// passes `being_written` may also open a sweep file a running sweep holds
// (it is written in place, so safe to read); *being_written is then true.
File open_results(const std::filesystem::path& path, bool writable, bool* being_written = nullptr);

// Whether every float variable is stored contiguously, as Storage::in_place
// lays them out (h5repack with compression makes them chunked).
bool stored_in_place(hid_t file);

}  // namespace wijksim::hdf5
