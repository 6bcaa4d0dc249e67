#pragma once
// Reading a results file that may be damaged or hostile without risking the
// process that reads it. libhdf5 follows structures that carry no checksum
// (the global heap behind dimension lists and variable-length text, version-1
// B-trees of chunked variables); a damaged one can make it crash or loop.
// So a child process first reads every part of the file that any reader in
// wijksim can reach, by every index a reader uses. Only a file it read to the
// end, within a time limit, without a signal and without an error, is opened
// here. docs/architecture.md ("Damaged and hostile
// results files") says why this suffices. Internal to io/.
#include <filesystem>

namespace wijksim::hdf5 {

// IoError "<path>: damaged ..." when the child is killed by a signal, does not
// finish within the time limit (which grows with the file's size), or meets
// any HDF5 error past opening the file: libhdf5's own error paths have
// crashed on damaged files (freeing memory they never set), so a file with a
// damaged part is refused whole, before this process follows any of it. A
// file HDF5 cannot open at all is left to the reader, whose open fails the
// same way. A file that passed is remembered by device, inode, size and
// modification time, and not read twice.
void vet_in_child(const std::filesystem::path& path);

}  // namespace wijksim::hdf5
