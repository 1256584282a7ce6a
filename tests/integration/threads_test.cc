// Run options change speed only (DESIGN.md, "Determinism and randomness"): the same seed
// gives bit-identical run files for 1 and 2 threads inside a run (`bmdsim run --threads`),
// and the summary a sweep keeps is bit-identical whether a run records its per-sample
// detail or not (sweeps switch detail off).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "sim/prepare.h"
#include "sim/run_output.h"
#include "sim/run_summary.h"
#include "sim/scenario/loader.h"
#include "sim/world.h"

namespace bmd::sim {
namespace {

namespace fs = std::filesystem;

const PreparedScenario& Baseline() {
  static const PreparedScenario p = Prepare(std::make_shared<const Scenario>(
      LoadScenarioFile(std::string(BMD_SOURCE_DIR) + "/scenarios/korea-baseline.yaml")));
  return p;
}

// The baseline over its first 8 minutes at a 200 ms tick (every threat launched, dozens of
// engagements): forcing threads onto 16 objects costs a fork/join per loop and tick, which
// on a loaded 2-core machine dominates; fewer ticks keep the test short.
const PreparedScenario& ShortBaseline() {
  static const PreparedScenario p = Prepare(std::make_shared<const Scenario>(
      LoadScenarioFile(std::string(BMD_SOURCE_DIR) + "/scenarios/korea-baseline.yaml",
                       {Override{"scenario.duration", "8 min"}, Override{"scenario.tick", "200 ms"}})));
  return p;
}

fs::path TempDir() {
  const fs::path d = fs::temp_directory_path() / ("bmd_threads_test_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

// Writes a run file of `p`; wall time (the one non-deterministic number) zeroed.
fs::path Write(const PreparedScenario& p, const RunResult& r, const std::string& name) {
  RunResult copy = r;
  copy.wall_time_s = 0.0;
  const fs::path path = TempDir() / name;
  WriteRunFile(path.string(), p, copy, OutputContext{"threads_test"});
  return path;
}

// h5diff (HDF5's own tool, independent of our reader) over everything but /meta (start time
// and command line): exit code 0 = identical values, 1 = differences. Output kept for the
// failure message.
int H5Diff(const fs::path& a, const fs::path& b, std::string* log) {
  const fs::path out = TempDir() / "h5diff.txt";
  const std::string cmd = "h5diff --exclude-path /meta " + a.string() + " " + b.string() + " > " +
                          out.string() + " 2>&1";
  const int rc = std::system(cmd.c_str());
  std::ifstream f(out);
  std::stringstream ss;
  ss << f.rdbuf();
  *log = ss.str().substr(0, 4000);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

TEST(RunThreads, OneAndTwoThreadsGiveIdenticalRunFiles) {
  const auto& p = ShortBaseline();
  RunOptions one, two;
  one.threads = 1;
  two.threads = 2;
  two.min_objects_for_threads = 0;  // the baseline's 16 objects would stay on one thread
  const RunResult a = RunOnce(p, p.scenario->seed, 0, one);
  const RunResult b = RunOnce(p, p.scenario->seed, 0, two);
  // The run must exercise every parallel part: objects, radar scans, node fusion, battle.
  ASSERT_GT(a.sensing.node_tracks.size(), 0u);
  ASSERT_GT(a.battle.engagements.size(), 0u);
  const fs::path fa = Write(p, a, "t1.h5"), fb = Write(p, b, "t2.h5");
  std::string log;
  EXPECT_EQ(H5Diff(fa, fb, &log), 0) << log;

  // The comparison can fail: another run index (other random streams) differs.
  const RunResult c = RunOnce(p, p.scenario->seed, 1, two);
  const fs::path fc = Write(p, c, "t2_run1.h5");
  EXPECT_EQ(H5Diff(fa, fc, &log), 1) << "h5diff did not tell two different runs apart: " << log;
  fs::remove_all(TempDir());
}

// Bitwise equality of doubles (NaN equal to NaN with the same bits).
bool SameBits(double x, double y) { return std::memcmp(&x, &y, sizeof x) == 0; }

TEST(RunDetail, SummaryIsBitIdenticalWithDetailOff) {
  const auto& p = Baseline();
  RunOptions on, off;
  off.detail = false;
  const RunResult a = RunOnce(p, p.scenario->seed, 3, on);
  const RunResult b = RunOnce(p, p.scenario->seed, 3, off);
  const auto sa = SummarizeRun(a), sb = SummarizeRun(b);
  ASSERT_EQ(sa.size(), sb.size());
  const auto names = SummaryMetrics();
  for (std::size_t k = 0; k < sa.size(); ++k) {
    EXPECT_TRUE(SameBits(sa[k], sb[k])) << names[k].name << ": " << sa[k] << " vs " << sb[k];
  }
  // The metric series themselves, sample by sample.
  ASSERT_EQ(a.sensing.metrics.size(), b.sensing.metrics.size());
  for (std::size_t i = 0; i < a.sensing.metrics.size(); ++i) {
    EXPECT_TRUE(SameBits(a.sensing.metrics[i].gospa_m, b.sensing.metrics[i].gospa_m)) << i;
    EXPECT_TRUE(SameBits(a.sensing.metrics[i].ospa_m, b.sensing.metrics[i].ospa_m)) << i;
  }
  ASSERT_EQ(a.sensing.siap.size(), b.sensing.siap.size());
  for (std::size_t i = 0; i < a.sensing.siap.size(); ++i) {
    EXPECT_TRUE(SameBits(a.sensing.siap[i].completeness, b.sensing.siap[i].completeness));
    EXPECT_TRUE(SameBits(a.sensing.siap[i].ambiguity, b.sensing.siap[i].ambiguity));
  }
  ASSERT_EQ(a.sensing.commonality.size(), b.sensing.commonality.size());
  ASSERT_EQ(a.sensing.interop.size(), b.sensing.interop.size());
  ASSERT_EQ(a.battle.engagements.size(), b.battle.engagements.size());
  for (std::size_t i = 0; i < a.battle.engagements.size(); ++i) {
    EXPECT_TRUE(SameBits(a.battle.engagements[i].miss_m, b.battle.engagements[i].miss_m)) << i;
  }
  ASSERT_EQ(a.network.links.size(), b.network.links.size());
  EXPECT_EQ(a.network.withheld, b.network.withheld);
  // Detail off keeps no samples; detail on does (so the switch is really exercised).
  EXPECT_GT(a.truth.size(), 0u);
  EXPECT_GT(a.sensing.measurements.size(), 0u);
  EXPECT_GT(a.network.messages.size(), 0u);
  EXPECT_EQ(b.truth.size(), 0u);
  EXPECT_EQ(b.sensing.measurements.size(), 0u);
  EXPECT_EQ(b.sensing.local_tracks.size(), 0u);
  EXPECT_EQ(b.sensing.node_tracks.size(), 0u);
  EXPECT_EQ(b.network.messages.size(), 0u);
  EXPECT_EQ(b.battle.truth.size(), 0u);
}

}  // namespace
}  // namespace bmd::sim
