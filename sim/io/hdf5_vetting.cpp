#include "io/hdf5_vetting.h"

#include <hdf5_hl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/errors.h"
#include "io/hdf5_handles.h"

namespace wijksim::hdf5 {

namespace fs = std::filesystem;

namespace {

// Reads go in blocks of whole rows, so that a large variable needs no large
// buffer; a row beyond the cap belongs to no results file and is left unread
// (the reader would refuse to allocate for it too).
constexpr std::size_t kBlockBytes = std::size_t(16) << 20;
constexpr std::size_t kLargestRowBytes = std::size_t(1) << 30;
constexpr std::size_t kLargestAttributeBytes = std::size_t(64) << 20;
constexpr std::size_t kLargestMessage = 1000;  // less than a pipe holds, so the child never blocks

// Generous: a healthy results file reads at hundreds of MB/s.
std::chrono::milliseconds time_limit(std::uintmax_t bytes) {
  return std::chrono::milliseconds(20'000 + bytes / 20'000);  // 20 s plus 1 s per 20 MB
}

bool has_variable_parts(hid_t type) {
  return H5Tdetect_class(type, H5T_VLEN) > 0 || H5Tis_variable_str(type) > 0;
}

// The child's walk, and the first HDF5 error it met.
struct Walk {
  std::string first_error;

  // Passes `result` through; a negative one is the walk's first error, unless
  // an earlier one was.
  template <typename T> T note(T result, const char* doing) {
    if (result < 0 && first_error.empty()) {
      const std::string detail = innermost_error();
      first_error = detail.empty() ? doing : std::string(doing) + " (" + detail + ")";
    }
    return result;
  }
};

// Into memory of the type's native form: the conversions a reader asks for
// follow the same stored structures (variable-length parts, references).
void read_values(Walk& walk, hid_t stored_type, std::size_t count,
                 const std::function<herr_t(hid_t memory, hid_t memory_space, void* buffer)>& read) {
  const Datatype memory(walk.note(H5Tget_native_type(stored_type, H5T_DIR_ASCEND), "reading a type"));
  if (!memory.valid()) return;
  const std::size_t size = H5Tget_size(memory.get());
  if (size == 0 || count == 0) return;
  std::vector<unsigned char> buffer(count * size);
  const hsize_t extent = count;
  const Dataspace memory_space(H5Screate_simple(1, &extent, nullptr));
  if (walk.note(read(memory.get(), memory_space.get(), buffer.data()), "reading values") >= 0 &&
      has_variable_parts(memory.get()))
    H5Dvlen_reclaim(memory.get(), memory_space.get(), H5P_DEFAULT, buffer.data());
}

herr_t read_attribute(hid_t location, const char* name, const H5A_info_t*, void* data) {
  Walk& walk = *static_cast<Walk*>(data);
  const Attribute attribute(walk.note(H5Aopen(location, name, H5P_DEFAULT), "opening an attribute"));
  if (!attribute.valid()) return 0;
  const Datatype stored(walk.note(H5Aget_type(attribute.get()), "reading an attribute's type"));
  const Dataspace space(walk.note(H5Aget_space(attribute.get()), "reading an attribute's shape"));
  if (!stored.valid() || !space.valid()) return 0;
  const hssize_t points = walk.note(H5Sget_simple_extent_npoints(space.get()), "counting an attribute's values");
  const std::size_t size = H5Tget_size(stored.get());
  if (points <= 0 || size == 0 || std::size_t(points) > kLargestAttributeBytes / size) return 0;
  read_values(walk, stored.get(), std::size_t(points), [&](hid_t memory, hid_t, void* buffer) {
    return H5Aread(attribute.get(), memory, buffer);
  });
  return 0;  // go on to the next attribute whatever happened
}

// Both indexes a reader may iterate by: creation order (where the object
// tracks it) and name. Each index is a structure of its own in the file.
template <typename Iterate> void by_each_index(bool tracks_creation_order, Iterate iterate) {
  if (tracks_creation_order) iterate(H5_INDEX_CRT_ORDER);
  iterate(H5_INDEX_NAME);
}

hid_t creation_properties(hid_t object, H5O_type_t type) {
  switch (type) {
    case H5O_TYPE_GROUP: return H5Gget_create_plist(object);
    case H5O_TYPE_DATASET: return H5Dget_create_plist(object);
    case H5O_TYPE_NAMED_DATATYPE: return H5Tget_create_plist(object);
    default: return H5I_INVALID_HID;
  }
}

void read_attributes(Walk& walk, hid_t object, H5O_type_t type) {
  const PropertyList creation(creation_properties(object, type));
  unsigned order = 0;
  const bool tracked = creation.valid() && H5Pget_attr_creation_order(creation.get(), &order) >= 0 &&
                       (order & H5P_CRT_ORDER_TRACKED) != 0;
  by_each_index(tracked, [&](H5_index_t index) {
    hsize_t position = 0;
    walk.note(H5Aiterate2(object, index, H5_ITER_INC, &position, read_attribute, &walk), "listing attributes");
  });
}

herr_t read_scale_name(hid_t, unsigned, hid_t scale, void*) {
  char name[256];
  H5DSget_scale_name(scale, name, sizeof name);
  return 0;
}

// What reading a variable's dimension names does: follow each dimension's
// references to its scales.
void read_dimension_scales(Walk& walk, hid_t dataset, int rank) {
  for (int dim = 0; dim < rank; ++dim)
    if (walk.note(H5DSget_num_scales(dataset, unsigned(dim)), "reading a dimension list") > 0)
      walk.note(H5DSiterate_scales(dataset, unsigned(dim), nullptr, read_scale_name, nullptr),
                "following a dimension list");
}

// A chunked variable's index (a version-1 B-tree, without a checksum) walked
// to every chunk, and each chunk's stored bytes read. They are not inflated:
// zlib checks what it inflates (adler32), so a damaged chunk is an error, and
// inflating a large file's chunks would make the check cost far more than
// the read it protects.
void read_stored_chunks(Walk& walk, hid_t dataset, hid_t space, int rank) {
  hsize_t chunks = 0;
  if (walk.note(H5Dget_num_chunks(dataset, space, &chunks), "counting a variable's chunks") < 0) return;
  std::vector<hsize_t> offset(std::size_t(rank), 0);
  std::vector<unsigned char> stored;
  for (hsize_t index = 0; index < chunks; ++index) {
    unsigned filter_mask = 0;
    haddr_t address = 0;
    hsize_t bytes = 0;
    if (walk.note(H5Dget_chunk_info(dataset, space, index, offset.data(), &filter_mask, &address, &bytes),
                  "locating a chunk") < 0)
      return;
    if (bytes > kLargestRowBytes) {
      walk.note(-1, "reading a chunk (its index says it is larger than 1 GiB)");
      return;
    }
    stored.resize(std::max<std::size_t>(1, std::size_t(bytes)));
    std::uint32_t filters = 0;
    walk.note(H5Dread_chunk(dataset, H5P_DEFAULT, offset.data(), &filters, stored.data()), "reading a chunk");
  }
}

void read_dataset(Walk& walk, hid_t dataset) {
  const Datatype stored(walk.note(H5Dget_type(dataset), "reading a variable's type"));
  const Dataspace space(walk.note(H5Dget_space(dataset), "reading a variable's shape"));
  const PropertyList creation(walk.note(H5Dget_create_plist(dataset), "reading a variable's layout"));
  if (!stored.valid() || !space.valid()) return;
  const int rank = walk.note(H5Sget_simple_extent_ndims(space.get()), "reading a variable's rank");
  if (rank < 0) return;
  read_dimension_scales(walk, dataset, rank);
  if (creation.valid() && rank > 0 && H5Pget_layout(creation.get()) == H5D_CHUNKED) {
    read_stored_chunks(walk, dataset, space.get(), rank);
    return;
  }
  const std::size_t size = H5Tget_size(stored.get());
  if (size == 0) return;
  if (rank == 0) {
    read_values(walk, stored.get(), 1, [&](hid_t memory, hid_t, void* buffer) {
      return H5Dread(dataset, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
    });
    return;
  }
  std::vector<hsize_t> extents(std::size_t(rank), 0);
  if (walk.note(H5Sget_simple_extent_dims(space.get(), extents.data(), nullptr), "reading a variable's shape") < 0 ||
      extents[0] == 0)
    return;
  std::size_t row = size;
  for (int dim = 1; dim < rank; ++dim) {
    if (extents[std::size_t(dim)] == 0) return;
    if (extents[std::size_t(dim)] > kLargestRowBytes / row) return;
    row *= std::size_t(extents[std::size_t(dim)]);
  }
  const hsize_t rows_per_block = std::max<hsize_t>(1, kBlockBytes / row);
  for (hsize_t first = 0; first < extents[0]; first += rows_per_block) {
    std::vector<hsize_t> start(std::size_t(rank), 0), count = extents;
    start[0] = first;
    count[0] = std::min(rows_per_block, extents[0] - first);
    const Dataspace file_space(H5Scopy(space.get()));
    if (!file_space.valid() ||
        H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) < 0)
      return;
    const std::size_t elements = std::size_t(count[0]) * (row / size);
    read_values(walk, stored.get(), elements, [&](hid_t memory, hid_t memory_space, void* buffer) {
      return H5Dread(dataset, memory, memory_space, file_space.get(), H5P_DEFAULT, buffer);
    });
  }
}

void read_object(Walk& walk, hid_t object, H5O_type_t type);

struct GroupVisit {
  Walk* walk;
  hid_t group;
  bool open_members;  // once per group, not once per index
};

herr_t read_link(hid_t group, const char* name, const H5L_info_t*, void* data) {
  const GroupVisit& visit = *static_cast<GroupVisit*>(data);
  Walk& walk = *visit.walk;
  walk.note(H5Lexists(group, name, H5P_DEFAULT), "looking up a link");
  H5O_info_t info{};
  if (walk.note(H5Oget_info_by_name2(group, name, &info, H5O_INFO_BASIC, H5P_DEFAULT), "inspecting an object") < 0)
    return 0;
  if (!visit.open_members) return 0;
  const hid_t id = walk.note(H5Oopen(group, name, H5P_DEFAULT), "opening an object");
  if (id < 0) return 0;
  read_object(walk, id, info.type);
  H5Oclose(id);
  return 0;  // on to the next link whatever happened
}

void read_group(Walk& walk, hid_t group) {
  const PropertyList creation(H5Gget_create_plist(group));
  unsigned order = 0;
  const bool tracked = creation.valid() && H5Pget_link_creation_order(creation.get(), &order) >= 0 &&
                       (order & H5P_CRT_ORDER_TRACKED) != 0;
  bool first = true;
  by_each_index(tracked, [&](H5_index_t index) {
    GroupVisit visit{&walk, group, first};
    first = false;
    hsize_t position = 0;
    walk.note(H5Literate(group, index, H5_ITER_INC, &position, read_link, &visit), "listing a group");
  });
}

// Groups nest only as deep as links go; a link back up (a cycle a damaged
// file might make) is cut by the depth limit.
void read_object(Walk& walk, hid_t object, H5O_type_t type) {
  static thread_local int depth = 0;
  if (depth > 32) return;
  ++depth;
  read_attributes(walk, object, type);
  if (type == H5O_TYPE_DATASET) read_dataset(walk, object);
  if (type == H5O_TYPE_GROUP) read_group(walk, object);
  --depth;
}

// In the child: everything a reader could reach, from the root through every
// link (by each index), attribute, dimension list and value. The first HDF5
// error, or "" when there was none. A file HDF5 cannot open at all is left to
// the reader, whose open fails the same way.
std::string read_everything(const fs::path& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const PropertyList fapl = file_access_properties(false);
  const File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()));
  if (!file.valid()) return "";
  Walk walk;
  read_object(walk, file.get(), H5O_TYPE_GROUP);
  return walk.first_error;
}

using Identity = std::array<std::uint64_t, 5>;

std::mutex vetted_mutex;
std::set<Identity> vetted;

Identity identity_of(const struct stat& status) {
  return {std::uint64_t(status.st_dev), std::uint64_t(status.st_ino), std::uint64_t(status.st_size),
          std::uint64_t(status.st_mtim.tv_sec), std::uint64_t(status.st_mtim.tv_nsec)};
}

// The child's wait status, or nothing when it outlived `limit` (it is then killed).
std::optional<int> wait_for(pid_t child, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  long pause_ns = 200'000;
  while (true) {
    int status = 0;
    const pid_t done = ::waitpid(child, &status, WNOHANG);
    if (done == child) return status;
    if (done < 0 && errno != EINTR) return 0;  // not ours to wait for: nothing to judge
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(child, SIGKILL);
      while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
      }
      return std::nullopt;
    }
    const timespec pause{0, pause_ns};
    ::nanosleep(&pause, nullptr);
    pause_ns = std::min(pause_ns * 2, 20'000'000L);
  }
}

std::string drain(int descriptor) {
  std::string text;
  char buffer[512];
  ssize_t got = 0;
  while ((got = ::read(descriptor, buffer, sizeof buffer)) > 0 || (got < 0 && errno == EINTR))
    if (got > 0) text.append(buffer, std::size_t(got));
  return text;
}

}  // namespace

void vet_in_child(const fs::path& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) return;  // the reader reports a missing file
  const Identity identity = identity_of(status);
  {
    const std::lock_guard lock(vetted_mutex);
    if (vetted.count(identity) > 0) return;
  }
  int channel[2];
  if (::pipe(channel) != 0)
    throw IoError(path.string() + ": cannot check the file before reading it (pipe: " + std::strerror(errno) + ")");
  const pid_t child = ::fork();
  if (child < 0) {
    const int error = errno;
    ::close(channel[0]);
    ::close(channel[1]);
    throw IoError(path.string() + ": cannot check the file before reading it (fork: " + std::strerror(error) + ")");
  }
  if (child == 0) {
    ::close(channel[0]);
    // A crash must end the child by its signal, for the parent to see. Handlers
    // inherited from the parent (a sanitizer's, a fuzzer's) would report it
    // and exit with a status instead, as if HDF5 had merely failed.
    for (const int signal : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL}) ::signal(signal, SIG_DFL);
    std::string error;
    try {
      error = read_everything(path);
    } catch (const std::exception& e) {
      error = e.what();
    }
    if (error.empty()) ::_exit(0);
    error.resize(std::min<std::size_t>(error.size(), kLargestMessage));
    static_cast<void>(::write(channel[1], error.data(), error.size()));
    ::_exit(1);
  }
  ::close(channel[1]);
  const auto limit = time_limit(std::uintmax_t(status.st_size));
  const std::optional<int> result = wait_for(child, limit);
  const std::string message = drain(channel[0]);
  ::close(channel[0]);
  if (!result)
    throw IoError(path.string() + ": damaged: reading it did not finish within " +
                  std::to_string(limit.count() / 1000) + " s");
  if (WIFSIGNALED(*result))
    throw IoError(path.string() + ": damaged: reading it made the HDF5 library fail (" +
                  std::string(::strsignal(WTERMSIG(*result))) +
                  " in the process that checks a file before wijksim reads it)");
  if (WIFEXITED(*result) && WEXITSTATUS(*result) != 0)
    throw IoError(path.string() + ": damaged results file: " + (message.empty() ? "unreadable" : message));
  const std::lock_guard lock(vetted_mutex);
  vetted.insert(identity);
}

}  // namespace wijksim::hdf5
