#include "sim/sweep_mpi.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "sim/errors.h"

#ifdef BMD_HAVE_MPI
#include <mpi.h>

#include <exception>
#endif

namespace bmd::sim {
namespace {

// World size announced by the launcher, 0 if not launched by mpirun.
int LauncherWorldSize() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
    if (const char* v = std::getenv(name)) return std::atoi(v);
  }
  return std::getenv("PMIX_RANK") ? 2 : 0;
}

}  // namespace

#ifdef BMD_HAVE_MPI

namespace {

constexpr int kTagRow = 1;
constexpr int kTagDone = 2;
constexpr int kTagStop = 3;

void Check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) throw std::runtime_error(fmt::format("MPI {} failed (code {})", what, rc));
}

}  // namespace

bool MpiSession::Available() { return true; }

std::unique_ptr<MpiSession> MpiSession::InitIfLaunched() {
  if (LauncherWorldSize() <= 1) return nullptr;
  int provided = 0;
  Check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided), "Init_thread");
  if (provided < MPI_THREAD_SERIALIZED) {
    MPI_Finalize();
    throw InputError("the MPI library does not provide MPI_THREAD_SERIALIZED");
  }
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return std::unique_ptr<MpiSession>(new MpiSession(rank, size));
}

MpiSession::~MpiSession() { MPI_Finalize(); }

void MpiSession::BroadcastTasks(std::vector<SweepTask>& tasks) const {
  std::uint64_t n = tasks.size();
  Check(MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD), "Bcast");
  std::vector<std::uint64_t> flat(2 * n);
  if (rank_ == 0) {
    for (std::size_t i = 0; i < n; ++i) {
      flat[2 * i] = tasks[i].grid_point;
      flat[2 * i + 1] = tasks[i].run_index;
    }
  }
  if (n > 0) Check(MPI_Bcast(flat.data(), static_cast<int>(2 * n), MPI_UINT64_T, 0, MPI_COMM_WORLD), "Bcast");
  tasks.resize(n);
  for (std::size_t i = 0; i < n; ++i) tasks[i] = SweepTask{flat[2 * i], flat[2 * i + 1]};
}

void MpiSession::BroadcastText(std::string& text) const {
  std::uint64_t n = text.size();
  Check(MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD), "Bcast");
  text.resize(n);
  if (n > 0) Check(MPI_Bcast(text.data(), static_cast<int>(n), MPI_CHAR, 0, MPI_COMM_WORLD), "Bcast");
}

void MpiSession::Barrier() const { Check(MPI_Barrier(MPI_COMM_WORLD), "Barrier"); }

ExecuteStats MpiSession::ExecuteDistributed(std::span<const SweepTask> tasks, const RunFunction& run,
                                            const RowSink& sink, const ExecuteOptions& options) const {
  std::vector<SweepTask> mine;
  for (std::size_t i = static_cast<std::size_t>(rank_); i < tasks.size(); i += static_cast<std::size_t>(size_)) {
    mine.push_back(tasks[i]);
  }
  std::mutex mpi_mutex;  // MPI_THREAD_SERIALIZED: one MPI call at a time in this process

  if (rank_ != 0) {
    bool stop_received = false;
    ExecuteOptions opts = options;
    opts.stop = [&] {
      if (options.stop && options.stop()) return true;
      std::lock_guard lock(mpi_mutex);
      if (!stop_received) {
        int flag = 0;
        MPI_Iprobe(0, kTagStop, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
        if (flag) {
          char c = 0;
          MPI_Recv(&c, 1, MPI_CHAR, 0, kTagStop, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
          stop_received = true;
        }
      }
      return stop_received;
    };
    std::vector<std::uint8_t> buffer;
    const RowSink send = [&](RunRow&& row) {
      row.rank = rank_;
      buffer.clear();
      EncodeRow(row, buffer);
      std::lock_guard lock(mpi_mutex);
      Check(MPI_Send(buffer.data(), static_cast<int>(buffer.size()), MPI_BYTE, 0, kTagRow, MPI_COMM_WORLD),
            "Send");
    };
    ExecuteStats stats;
    std::exception_ptr error;
    try {
      stats = ExecuteTasks(mine, run, send, opts);
    } catch (...) {
      error = std::current_exception();
    }
    {
      std::lock_guard lock(mpi_mutex);
      char c = 0;
      MPI_Send(&c, 1, MPI_CHAR, 0, kTagDone, MPI_COMM_WORLD);
    }
    if (error) std::rethrow_exception(error);
    return stats;
  }

  // Rank 0: a collector thread receives the other ranks' rows while this rank computes.
  std::mutex sink_mutex;
  std::exception_ptr collector_error;
  std::size_t received = 0;
  std::thread collector([&] {
    int done = 0;
    bool stop_sent = false;
    std::vector<std::uint8_t> buffer;
    try {
      while (done < size_ - 1) {
        if (!stop_sent && options.stop && options.stop()) {
          char c = 0;
          for (int r = 1; r < size_; ++r) MPI_Send(&c, 1, MPI_CHAR, r, kTagStop, MPI_COMM_WORLD);
          stop_sent = true;
        }
        int flag = 0;
        MPI_Status status;
        Check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status), "Iprobe");
        if (!flag) {
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          continue;
        }
        int count = 0;
        MPI_Get_count(&status, MPI_BYTE, &count);
        buffer.resize(static_cast<std::size_t>(count));
        Check(MPI_Recv(buffer.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
                       MPI_STATUS_IGNORE),
              "Recv");
        if (status.MPI_TAG == kTagDone) {
          ++done;
          continue;
        }
        RunRow row;
        if (!DecodeRow(buffer, row)) throw std::runtime_error("malformed row message from MPI rank");
        std::lock_guard lock(sink_mutex);
        if (!collector_error) sink(std::move(row));
        ++received;
      }
    } catch (...) {
      collector_error = std::current_exception();
      // Keep draining so the other ranks can finish their sends.
      while (done < size_ - 1) {
        int flag = 0;
        MPI_Status status;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
        if (!flag) {
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          continue;
        }
        int count = 0;
        MPI_Get_count(&status, MPI_BYTE, &count);
        buffer.resize(static_cast<std::size_t>(count));
        MPI_Recv(buffer.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        if (status.MPI_TAG == kTagDone) ++done;
      }
    }
  });
  const RowSink locked_sink = [&](RunRow&& row) {
    std::lock_guard lock(sink_mutex);
    sink(std::move(row));
  };
  ExecuteStats stats;
  std::exception_ptr error;
  try {
    stats = ExecuteTasks(mine, run, locked_sink, options);
  } catch (...) {
    error = std::current_exception();
  }
  collector.join();
  if (error) std::rethrow_exception(error);
  if (collector_error) std::rethrow_exception(collector_error);
  stats.executed += received;
  stats.stopped = stats.executed < tasks.size();
  return stats;
}

#else  // !BMD_HAVE_MPI

bool MpiSession::Available() { return false; }

std::unique_ptr<MpiSession> MpiSession::InitIfLaunched() {
  const int size = LauncherWorldSize();
  if (size > 1) {
    throw InputError(fmt::format(
        "bmdsim was launched by mpirun with {} ranks but built without MPI support "
        "(BMD_HAVE_MPI); every rank would run the whole sweep. Rebuild with MPI or run "
        "without mpirun",
        size));
  }
  return nullptr;
}

MpiSession::~MpiSession() = default;
void MpiSession::BroadcastTasks(std::vector<SweepTask>&) const {}
void MpiSession::BroadcastText(std::string&) const {}
void MpiSession::Barrier() const {}

ExecuteStats MpiSession::ExecuteDistributed(std::span<const SweepTask> tasks, const RunFunction& run,
                                            const RowSink& sink, const ExecuteOptions& options) const {
  return ExecuteTasks(tasks, run, sink, options);
}

#endif  // BMD_HAVE_MPI

}  // namespace bmd::sim
