#pragma once
// Process-wide HDF5 set-up for programs (not for libraries or tests, which
// share the process with others).
namespace wijksim {

// Call first in main(). HDF5 1.10's exit-time cleanup closes every file still
// open, and crashes on one whose close failed before (HDFFV-11052), as a
// close does when the disk is full or a file size limit is reached. Files
// are closed explicitly on every path that keeps them; at exit the operating
// system releases the rest.
void skip_hdf5_cleanup_at_exit();

}  // namespace wijksim
