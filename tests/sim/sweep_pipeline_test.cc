// The sweep pipeline (scheduling -> journal -> HDF5 tables) with a synthetic run function
// whose draws come from RandomStream, like the engine's will: results must not depend on the
// thread count, the completion order, or on being interrupted and resumed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "models/common/random.h"
#include "sim/errors.h"
#include "sim/io/input_file.h"
#include "sim/sweep_driver.h"
#include "sim/sweep_output.h"

namespace bmd::sim {
namespace {

constexpr std::uint64_t kSeed = 11;

std::vector<SummaryMetric> Metrics() {
  return {{"leakers", "1", MetricKind::kCount, "threats not killed"},
          {"zero_leakers", "1", MetricKind::kFlag, "1 if every threat was killed"},
          {"miss_m", "m", MetricKind::kContinuous, "miss distance, NaN without leaker"}};
}

// Three threats, each killed with probability pk(grid point); common random numbers: the
// draws depend on the run index only, the grid point changes the kill probability.
RunRow Synthetic(const SweepTask& t) {
  if (t.grid_point == 1 && t.run_index == 5) throw std::runtime_error("synthetic failure");
  RunRow row;
  row.seed = kSeed;
  row.stream_run_index = t.run_index;
  const double pk = 0.5 + 0.3 * static_cast<double>(t.grid_point);
  RandomStream kill(kSeed, t.run_index, 1, Purpose::kKillDraw);
  int leakers = 0;
  for (int i = 0; i < 3; ++i) leakers += kill.Bernoulli(pk) ? 0 : 1;
  RandomStream noise(kSeed, t.run_index, 2, Purpose::kMeasurementNoise);
  const double miss = leakers > 0 ? std::abs(noise.Normal(100.0, 30.0)) : std::nan("");
  // Uneven durations so that runs finish out of order on several threads.
  RandomStream jitter(kSeed, t.run_index * 131 + t.grid_point, 3, Purpose::kScheduling);
  std::this_thread::sleep_for(std::chrono::microseconds(200 * jitter.UniformIndex(8)));
  row.metrics = {static_cast<double>(leakers), leakers == 0 ? 1.0 : 0.0, miss};
  return row;
}

SweepPlan Plan() {
  return MakeSweepPlan({"scenario: synthetic\n"}, 12, std::nullopt, {{"pk", {"0.5", "0.8"}}}, Metrics());
}

std::filesystem::path TempPath(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("bmd_sweep_pipe_" + std::to_string(getpid()) + "_" + name);
}

struct Output {
  std::filesystem::path file, journal;
};

// Runs the sweep (optionally stopping after `stop_after` started runs) and writes the file.
SweepRunStats RunAndWrite(const Output& o, int threads, bool resume, int stop_after = -1) {
  std::atomic<int> started{0};
  SweepExecution exec;
  exec.journal_path = o.journal;
  exec.resume = resume;
  exec.threads = threads;
  exec.progress_bar = false;
  if (stop_after >= 0) exec.stop = [&] { return started.fetch_add(1) >= stop_after; };
  const SweepPlan plan = Plan();
  const SweepRunStats rs = RunSweepJournal(plan, Synthetic, exec);
  const JournalReader journal = JournalReader::Open(o.journal);
  SweepFileContext ctx;
  ctx.command_line = "test";
  WriteSweepFile(o.file, plan, journal, ctx);
  return rs;
}

// Every column of a table as raw bytes (doubles bit for bit, NaN included).
std::vector<std::string> TableBytes(const io::InputFile& f, const std::string& table) {
  std::vector<std::string> out;
  for (const auto& c : f.TableColumns(table)) {
    std::string bytes = c + ":";
    try {
      for (const auto& s : f.ReadStringColumn(table, c)) bytes += s + '\0';
    } catch (const std::exception&) {
      const auto v = f.ReadDoubleColumn(table, c);
      bytes.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
    }
    out.push_back(std::move(bytes));
  }
  return out;
}

void ExpectSameTables(const std::filesystem::path& a, const std::filesystem::path& b) {
  const auto fa = io::InputFile::Open(a), fb = io::InputFile::Open(b);
  for (const char* t : {"/grid", "/runs", "/aggregate"}) EXPECT_EQ(TableBytes(fa, t), TableBytes(fb, t)) << t;
}

class SweepPipeline : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const auto& o : {one_, two_, cut_}) {
      std::filesystem::remove(o.file);
      std::filesystem::remove(o.journal);
    }
  }
  Output one_{TempPath("one.h5"), TempPath("one.h5.journal")};
  Output two_{TempPath("two.h5"), TempPath("two.h5.journal")};
  Output cut_{TempPath("cut.h5"), TempPath("cut.h5.journal")};
};

TEST_F(SweepPipeline, TablesAreIdenticalForOneAndTwoThreads) {
  RunAndWrite(one_, 1, false);
  RunAndWrite(two_, 2, false);
  ExpectSameTables(one_.file, two_.file);

  // And they are right: rows sorted, the failure recorded, statistics over ok rows only.
  const auto f = io::InputFile::Open(one_.file);
  const auto gp = f.ReadInt64Column("/runs", "grid_point");
  const auto run = f.ReadInt64Column("/runs", "run_index");
  const auto status = f.ReadStringColumn("/runs", "status");
  const auto zero = f.ReadDoubleColumn("/runs", "zero_leakers");
  const auto miss = f.ReadDoubleColumn("/runs", "miss_m");
  ASSERT_EQ(gp.size(), 24u);
  for (std::size_t i = 0; i < 24; ++i) {
    EXPECT_EQ(gp[i], static_cast<std::int64_t>(i / 12));
    EXPECT_EQ(run[i], static_cast<std::int64_t>(i % 12));
  }
  EXPECT_EQ(status[12 + 5], "failed: synthetic failure");
  EXPECT_TRUE(std::isnan(zero[12 + 5]));
  EXPECT_EQ(f.ReadInt64Column("/aggregate", "n_failed"), (std::vector<std::int64_t>{0, 1}));
  for (std::size_t g = 0; g < 2; ++g) {
    double k = 0, n = 0, sum = 0, n_miss = 0;
    for (std::size_t i = 12 * g; i < 12 * (g + 1); ++i) {
      if (status[i] != "ok") continue;
      k += zero[i];
      n += 1;
      if (!std::isnan(miss[i])) {
        sum += miss[i];
        n_miss += 1;
      }
    }
    EXPECT_EQ(f.ReadDoubleColumn("/aggregate", "p_zero_leakers")[g], k / n);
    EXPECT_EQ(f.ReadInt64Column("/aggregate", "n_valid_zero_leakers")[g], static_cast<std::int64_t>(n));
    EXPECT_EQ(f.ReadInt64Column("/aggregate", "n_valid_miss_m")[g], static_cast<std::int64_t>(n_miss));
    // Welford vs plain summation of ~10 values of ~100 m: agree to rounding, 1e-12 relative.
    EXPECT_NEAR(f.ReadDoubleColumn("/aggregate", "mean_miss_m")[g], sum / n_miss, 1e-12 * sum / n_miss);
  }
  EXPECT_EQ(f.ReadInt64Attribute("/summary", "complete"), 1);
}

TEST_F(SweepPipeline, InterruptedThenResumedEqualsUninterrupted) {
  RunAndWrite(one_, 1, false);
  const SweepRunStats first = RunAndWrite(cut_, 1, false, 7);
  EXPECT_TRUE(first.stopped);
  EXPECT_EQ(first.executed, 7u);
  {
    const auto f = io::InputFile::Open(cut_.file);
    EXPECT_EQ(f.ReadInt64Attribute("/summary", "complete"), 0);
    EXPECT_EQ(f.ReadInt64Attribute("/summary", "runs_done"), 7);
    EXPECT_EQ(f.TableRows("/runs"), 7u);
  }
  // Without --resume an existing journal is refused; with it, only the missing runs run.
  EXPECT_THROW(RunAndWrite(cut_, 2, false), InputError);
  const SweepRunStats second = RunAndWrite(cut_, 2, true);
  EXPECT_EQ(second.done_before, 7u);
  EXPECT_EQ(second.executed, 24u - 7u);
  EXPECT_FALSE(second.stopped);
  ExpectSameTables(one_.file, cut_.file);
  EXPECT_EQ(io::InputFile::Open(cut_.file).ReadInt64Attribute("/summary", "complete"), 1);
}

TEST_F(SweepPipeline, ResumeRefusesAJournalOfAnotherSweep) {
  JournalWriter::Create(cut_.journal, {"0000", Plan().identity.arguments}).Close();
  try {
    RunAndWrite(cut_, 1, true);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("different scenario text"), std::string::npos) << e.what();
  }
  JournalWriter::Create(cut_.journal, {Plan().identity.scenario_sha256, "runs=99\n"}).Close();
  try {
    RunAndWrite(cut_, 1, true);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("different sweep arguments"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace bmd::sim
