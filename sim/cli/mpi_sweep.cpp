// `mpirun -n N wijksim-mpi sweep ...`: one sweep across MPI ranks (built only
// with -DWIJKSIM_MPI=ON, into its own executable). Rank 0 holds the results
// file, hands out runs one at a time as ranks ask for them, and writes each
// result as it arrives (the same writer and file as a single-machine sweep,
// so the file's outcome data is the same). Every other rank computes runs,
// several at once on its own cores with TBB, and sends the results back.
//
// Protocol (every request is answered at once): a worker greets rank 0 with
// kReady carrying how many runs it wants in flight, and sends each finished
// run as kResult; rank 0 answers each wanted run and each result with kAssign
// (a run index) or kStop (no more runs). A worker leaves when every request
// is answered and its runs are done. On every rank one thread talks (MPI,
// serialized) while TBB's threads, the main one included, compute.
#ifdef WIJKSIM_WITH_MPI

#include <mpi.h>
#include <oneapi/tbb/concurrent_queue.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_group.h>

#include <exception>
#include <functional>

#include <chrono>
#include <cstring>
#include <iostream>
#include <optional>
#include <thread>

#include "cli/interrupt.h"
#include "cli/mpi_sweep.h"
#include "cli/run_writer.h"
#include "cli/sweep_session.h"
#include "engine/sweep_execution.h"
#include "engine/threads.h"

namespace wijksim::cli {

namespace {

constexpr int kReady = 1;
constexpr int kResult = 2;
constexpr int kAssign = 3;
constexpr int kStop = 4;

// A result as bytes: fixed header, error text, then each metric's values.
struct Header {
  std::int32_t index;
  std::uint8_t status;
  std::uint64_t seed;
  double wall_seconds;
  std::int32_t weeks;
  std::int32_t neighbourhoods;
  std::uint32_t metrics;
  std::uint32_t error_bytes;
};

template <typename T> void append(std::vector<char>& bytes, const T* data, std::size_t count) {
  const auto* begin = reinterpret_cast<const char*>(data);
  bytes.insert(bytes.end(), begin, begin + count * sizeof(T));
}

std::vector<char> pack(int index, const RunResult& result) {
  const Header header{index, std::uint8_t(result.status), result.seed, result.wall_seconds, result.weeks,
                      result.neighbourhoods, std::uint32_t(result.values.size()),
                      std::uint32_t(result.error.size())};
  std::vector<char> bytes;
  append(bytes, &header, 1);
  append(bytes, result.error.data(), result.error.size());
  for (const std::vector<float>& values : result.values) {
    const std::uint64_t count = values.size();
    append(bytes, &count, 1);
    append(bytes, values.data(), values.size());
  }
  return bytes;
}

std::pair<int, RunResult> unpack(const std::vector<char>& bytes) {
  std::size_t at = 0;
  auto take = [&](void* out, std::size_t size) {
    if (at + size > bytes.size()) throw std::runtime_error("a run's result arrived truncated over MPI");
    std::memcpy(out, bytes.data() + at, size);
    at += size;
  };
  Header header{};
  take(&header, sizeof header);
  RunResult result;
  result.status = RunStatus(header.status);
  result.seed = header.seed;
  result.wall_seconds = header.wall_seconds;
  result.weeks = header.weeks;
  result.neighbourhoods = header.neighbourhoods;
  result.error.resize(header.error_bytes);
  take(result.error.data(), header.error_bytes);
  for (std::uint32_t m = 0; m < header.metrics; ++m) {
    std::uint64_t count = 0;
    take(&count, sizeof count);
    std::vector<float> values(count);
    take(values.data(), count * sizeof(float));
    result.values.push_back(std::move(values));
  }
  return {header.index, std::move(result)};
}

std::vector<char> receive_bytes(MPI_Status& status) {
  MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
  int length = 0;
  MPI_Get_count(&status, MPI_BYTE, &length);
  std::vector<char> bytes(static_cast<std::size_t>(length));
  MPI_Recv(bytes.data(), length, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return bytes;
}

// Runs handed to this rank's own threads, and their results as bytes. One
// end-of-work marker (-1) per slot ends the computing.
struct LocalRuns {
  tbb::concurrent_bounded_queue<std::int32_t> assigned;
  tbb::concurrent_bounded_queue<std::vector<char>> finished;
  void end(int slots) {
    for (int s = 0; s < slots; ++s) assigned.push(-1);
  }
};

// Computes assigned runs in `slots` TBB tasks until each sees the end
// marker; the calling thread computes too.
void compute(const PreparedSweep& prepared, LocalRuns& local, int slots) {
  tbb::task_group computing;
  for (int s = 0; s < slots; ++s)
    computing.run([&] {
      for (std::int32_t index = 0; local.assigned.pop(index), index >= 0;)
        local.finished.push(pack(index, execute_run(prepared.sweep.base, prepared.runs.at(std::size_t(index)))));
    });
  computing.wait();
}

// Runs `talk` on a thread of its own while this thread computes on `threads`
// threads (-j; 0 for every core); an exception from `talk` ends the computing
// and is rethrown.
void compute_while(const std::function<void()>& talk, const PreparedSweep& prepared, LocalRuns& local, int slots,
                   int threads) {
  std::exception_ptr error;
  std::thread talking([&] {
    try {
      talk();
    } catch (...) {
      error = std::current_exception();
      local.end(slots);
    }
  });
  run_on_threads(threads, [&] { compute(prepared, local, slots); });
  talking.join();
  if (error) std::rethrow_exception(error);
}

int slots_of(const GlobalFlags& global) {
  return global.threads > 0 ? global.threads : tbb::info::default_concurrency();
}

// Rank 0: deals runs to its own threads and to the other ranks, and writes.
int coordinate(const SweepFlags& flags, const GlobalFlags& global, int ranks) {
  const InterruptWatch interrupts;
  std::optional<PreparedSweep> prepared;
  std::optional<SweepSession> session;
  int ready = 1;
  try {
    prepared.emplace(prepare_sweep(flags));
    session.emplace(*prepared, flags, global);
  } catch (...) {
    ready = 0;
    MPI_Bcast(&ready, 1, MPI_INT, 0, MPI_COMM_WORLD);
    throw;
  }
  MPI_Bcast(&ready, 1, MPI_INT, 0, MPI_COMM_WORLD);
  const int slots = slots_of(global);

  const std::vector<SweepRun>& remaining = session->runs_to_do();
  RunWriter writer(session->file(), std::size_t(4 * ranks),
                   [&](int, const RunResult& result, double seconds) { session->record(result, seconds); });
  LocalRuns local;
  std::size_t next = 0;
  std::size_t received = 0;
  auto more = [&] { return next < remaining.size() && interrupts.received() == 0; };
  auto answer_local = [&] { local.assigned.push(more() ? remaining[next++].index : -1); };
  auto answer = [&](int worker) {
    if (more()) {
      const std::int32_t index = remaining[next++].index;
      MPI_Send(&index, 1, MPI_INT32_T, worker, kAssign, MPI_COMM_WORLD);
    } else {
      MPI_Send(nullptr, 0, MPI_BYTE, worker, kStop, MPI_COMM_WORLD);
    }
  };
  auto deal = [&] {
    for (int s = 0; s < slots; ++s) answer_local();
    int greeted = 0;
    while (greeted < ranks - 1 || received < next) {
      bool busy = false;
      std::vector<char> bytes;
      while (local.finished.try_pop(bytes)) {
        auto [index, result] = unpack(bytes);
        ++received;
        answer_local();
        writer.submit(index, std::move(result));
        busy = true;
      }
      int arrived = 0;
      MPI_Status status;
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status);
      if (arrived) {
        bytes = receive_bytes(status);
        if (status.MPI_TAG == kReady) {
          std::int32_t wanted = 0;
          std::memcpy(&wanted, bytes.data(), std::min(bytes.size(), sizeof wanted));
          ++greeted;
          for (int s = 0; s < wanted; ++s) answer(status.MPI_SOURCE);
        } else if (status.MPI_TAG == kResult) {
          auto [index, result] = unpack(bytes);
          ++received;
          answer(status.MPI_SOURCE);
          writer.submit(index, std::move(result));
        }
        busy = true;
      }
      if (!busy) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  };
  try {
    compute_while(deal, *prepared, local, slots, global.threads);
    writer.finish();
  } catch (const std::exception& e) {
    // The other ranks wait for answers that will not come: end the job. The
    // runs written so far stay in the file, for --resume.
    std::cerr << "wijksim: error: " << e.what() << "\n";
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  return session->conclude(interrupts.received());
}

// Every other rank: asks rank 0 for runs, computes them, sends them back.
void work(const SweepFlags& flags, const GlobalFlags& global) {
  int ready = 0;
  MPI_Bcast(&ready, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (ready == 0) return;  // rank 0 reports why
  const PreparedSweep prepared = prepare_sweep(flags);
  const int slots = slots_of(global);
  LocalRuns local;
  auto exchange = [&] {
    MPI_Send(&slots, 1, MPI_INT32_T, 0, kReady, MPI_COMM_WORLD);
    int unanswered = slots;
    int in_flight = 0;
    while (unanswered > 0 || in_flight > 0) {
      std::vector<char> bytes;
      while (local.finished.try_pop(bytes)) {
        --in_flight;
        MPI_Send(bytes.data(), int(bytes.size()), MPI_BYTE, 0, kResult, MPI_COMM_WORLD);
        ++unanswered;
      }
      int arrived = 0;
      MPI_Status status;
      MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status);
      if (!arrived) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        continue;
      }
      std::int32_t index = -1;
      MPI_Recv(&index, status.MPI_TAG == kAssign ? 1 : 0, MPI_INT32_T, 0, status.MPI_TAG, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
      --unanswered;
      if (status.MPI_TAG != kAssign) continue;
      ++in_flight;
      local.assigned.push(index);
    }
    local.end(slots);
  };
  compute_while(exchange, prepared, local, slots, global.threads);
}

}  // namespace

int mpi_sweep_command(const SweepFlags& flags, const GlobalFlags& global) {
  // Serialized: on a worker rank, MPI is used by one thread, not the main one.
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
  if (provided < MPI_THREAD_SERIALIZED) {
    std::cerr << "wijksim: error: this MPI library does not support MPI_THREAD_SERIALIZED\n";
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  int status = 0;
  try {
    if (ranks == 1)
      status = sweep_command(flags, global);
    else if (rank == 0)
      status = coordinate(flags, global, ranks);
    else
      work(flags, global);
  } catch (...) {
    if (ranks > 1 && rank != 0) {
      // A worker cannot go on alone, and rank 0 would wait for it forever.
      try {
        throw;
      } catch (const std::exception& e) {
        std::cerr << "wijksim: error on MPI rank " << rank << ": " << e.what() << "\n";
      }
      MPI_Abort(MPI_COMM_WORLD, 1);
    }
    MPI_Finalize();
    throw;
  }
  MPI_Finalize();
  return status;
}

}  // namespace wijksim::cli

#endif  // WIJKSIM_WITH_MPI
