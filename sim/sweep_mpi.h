#pragma once
/// MPI distribution of a sweep: the same bmdsim binary under `mpirun -np R` splits the task
/// list across ranks (static interleave: rank k takes tasks k, k+R, k+2R, ... of the list
/// rank 0 broadcasts, each rank running its share on its own OpenMP threads); every finished
/// row is sent to rank 0, which alone writes the journal and the output file. The result is
/// identical to a single-process sweep because rows depend only on their task and are
/// sorted before writing.
///
/// MPI is compiled in only with BMD_HAVE_MPI (link MPI::MPI_CXX) and initialised only when
/// the process was launched by mpirun (OMPI_COMM_WORLD_SIZE, PMI_SIZE or PMIX_RANK set),
/// with MPI_THREAD_SERIALIZED: on rank 0 only a collector thread talks to MPI during the
/// sweep; on the other ranks the OpenMP threads send under a mutex.
#include <memory>
#include <string>
#include <vector>

#include "sim/sweep_executor.h"

namespace bmd::sim {

class MpiSession {
 public:
  /// Initialises MPI when launched by mpirun with more than one rank (returns nullptr for a
  /// plain run or a one-rank mpirun). Throws InputError when launched with several ranks by
  /// a bmdsim built without MPI (each rank would otherwise run the whole sweep).
  static std::unique_ptr<MpiSession> InitIfLaunched();
  /// True if this build has MPI support.
  static bool Available();

  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  /// MPI_Finalize.
  ~MpiSession();

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }

  /// Rank 0's `tasks` replace every other rank's.
  void BroadcastTasks(std::vector<SweepTask>& tasks) const;
  /// Rank 0's `text` replaces every other rank's (e.g. an error message, empty if none).
  void BroadcastText(std::string& text) const;
  void Barrier() const;

  /// Runs this rank's share of `tasks` (the same list on every rank). On rank 0 `sink`
  /// receives the rows of every rank (serialised); on the other ranks it is not called.
  /// `options.stop` on rank 0 is forwarded to the other ranks as a stop message.
  ExecuteStats ExecuteDistributed(std::span<const SweepTask> tasks, const RunFunction& run,
                                  const RowSink& sink, const ExecuteOptions& options) const;

 private:
  MpiSession(int rank, int size) : rank_(rank), size_(size) {}
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace bmd::sim
