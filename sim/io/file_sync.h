#pragma once
// Making a finished file durable before it is renamed into place: HDF5 hands
// its writes to the operating system, and a power cut before they reach the
// disk could otherwise leave an empty file under the real name.
#include <filesystem>

namespace wijksim {

// fsync()s `file`; IoError naming `reported` if that fails.
void sync_to_disk(const std::filesystem::path& file, const std::filesystem::path& reported);

// Best effort: makes a rename in `path`'s directory durable. A directory
// that cannot be synced still holds a complete file.
void sync_directory(const std::filesystem::path& path);

}  // namespace wijksim
