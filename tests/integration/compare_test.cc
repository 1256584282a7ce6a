// `bmdsim compare`: architecture list parsing, the printed table, and end to end on the
// trilateral korea-baseline (the policy really changes the picture; determinism across
// thread counts; /compare agrees with /runs computed by hand), plus bad input (exit 2).
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "sim/compare.h"
#include "sim/errors.h"
#include "sim/io/input_file.h"
#include "sim/run_summary.h"

namespace bmd::sim {
namespace {

namespace fs = std::filesystem;

const std::string kBmdsim = BMD_BINARY_DIR "/bin/bmdsim";
const std::string kBaseline = BMD_SOURCE_DIR "/scenarios/korea-baseline.yaml";
const std::string kTestRange = BMD_SOURCE_DIR "/scenarios/test-range.yaml";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool dir_created = false;

fs::path Dir() {
  static const fs::path d = [] {
    dir_created = true;
    std::string name = "bmd_compare_test_";
    name += std::to_string(getpid());
    fs::path p = fs::temp_directory_path() / name;
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
  }();
  return d;
}

// Removes this process's scratch directory once every test has run.
class ScratchCleanup : public ::testing::Environment {
 public:
  void TearDown() override {
    if (!dir_created) return;
    std::error_code ec;
    fs::remove_all(Dir(), ec);
  }
};
[[maybe_unused]] ::testing::Environment* const kScratchCleanup =
    ::testing::AddGlobalTestEnvironment(new ScratchCleanup);

std::string Quote(const std::string& a) {
  std::string q = "'";
  for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string ReadText(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct ExecResult {
  int rc = -1;
  std::string out, err;
};

// Runs bmdsim with `args` (environment assignments in `env` first), capturing both streams.
ExecResult Bmdsim(const std::vector<std::string>& args, const std::string& env = "") {
  static int counter = 0;
  // Built by appending only (GCC 12 -O3 reports a false -Wrestrict for "literal" + string).
  std::string index = std::to_string(counter++);
  std::string out_name = "stdout", err_name = "stderr";
  out_name += index;
  err_name += index;
  const fs::path out = Dir() / out_name;
  const fs::path err = Dir() / err_name;
  std::string cmd = env;
  cmd += ' ';
  cmd += Quote(kBmdsim);
  for (const auto& a : args) {
    cmd += ' ';
    cmd += Quote(a);
  }
  cmd += " > ";
  cmd += Quote(out.string());
  cmd += " 2> ";
  cmd += Quote(err.string());
  const int status = std::system(cmd.c_str());
  ExecResult r;
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadText(out);
  r.err = ReadText(err);
  return r;
}

int CountLines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// ---------------------------------------------------------------------------------------
// Architecture list.

TEST(CompareArchitectures, KeepsOrderAndTrimsSpaces) {
  EXPECT_EQ(ParseArchitectureList("trilateral, national"), (std::vector<std::string>{"trilateral", "national"}));
  EXPECT_EQ(ParseArchitectureList("bilateral"), (std::vector<std::string>{"bilateral"}));
}

TEST(CompareArchitectures, UnknownNameListsTheValidOnes) {
  try {
    ParseArchitectureList("national,multilateral");
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("'multilateral'"), std::string::npos) << what;
    EXPECT_NE(what.find("custom, national, bilateral, trilateral"), std::string::npos) << what;
  }
}

TEST(CompareArchitectures, EmptyAndDuplicateNamesAreErrors) {
  EXPECT_THROW(ParseArchitectureList(""), InputError);
  EXPECT_THROW(ParseArchitectureList("national,,trilateral"), InputError);
  EXPECT_THROW(ParseArchitectureList("national,trilateral,national"), InputError);
  EXPECT_THROW(ParseArchitectureList("National"), InputError);  // names are case-sensitive like the YAML
}

TEST(CompareRowsTest, EveryPrintedRowIsASummaryMetric) {
  // A renamed metric in run_summary.cc would silently drop a row from the table.
  for (const auto& row : CompareRows()) {
    bool found = false;
    for (const auto& m : SummaryMetrics()) found = found || std::string(m.name) == row.metric;
    EXPECT_TRUE(found) << row.metric;
  }
}

// ---------------------------------------------------------------------------------------
// The printed table, on hand-made cells.

CompareTable HandTable(std::uint64_t runs) {
  CompareTable t;
  t.scenario_name = "hand";
  t.architectures = {"trilateral", "national"};  // not alphabetical: order must be kept
  for (const auto& m : SummaryMetrics()) t.metrics.push_back(m);
  t.runs = runs;
  t.runs_done = {runs, runs};
  t.runs_failed = {0, 0};
  t.first_failure = {"", ""};
  t.cells.assign(2, std::vector<CompareCell>(t.metrics.size()));
  return t;
}

std::string LineStartingWith(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return "";
}

TEST(CompareFormat, ManyRunsShowMeanAndIntervalInColumnOrder) {
  CompareTable t = HandTable(10);
  const int leak = t.MetricIndex("leakers");
  const int compl_ = t.MetricIndex("mean_completeness");
  const int timely = t.MetricIndex("engagement_timeliness_s");
  ASSERT_GE(leak, 0);
  ASSERT_GE(compl_, 0);
  ASSERT_GE(timely, 0);
  t.cells[0][leak] = {10, 1.25, -0.5, 3.0};   // count: the lower bound is shown cut at 0
  t.cells[1][leak] = {10, 2.5, 1.0, 4.0};
  t.cells[0][compl_] = {10, 0.8234, 0.8, 0.85};
  t.cells[1][compl_] = {7, 0.75, 0.7, 0.8};   // 3 runs without a value
  t.cells[0][timely] = {0, kNaN, kNaN, kNaN};  // never engaged
  t.cells[1][timely] = {1, 60.0, kNaN, kNaN};  // one value: no interval
  const std::string text = FormatCompareTable(t);

  const std::string header = LineStartingWith(text, " ");
  ASSERT_FALSE(header.empty()) << text;
  EXPECT_LT(header.find("trilateral"), header.find("national")) << header;
  EXPECT_EQ(std::regex_replace(LineStartingWith(text, "leakers (threats)"), std::regex(" +"), " "),
            "leakers (threats) 1.25 [0.00, 3.00] 2.50 [1.00, 4.00]");
  EXPECT_EQ(std::regex_replace(LineStartingWith(text, "track completeness (fraction)"), std::regex(" +"), " "),
            "track completeness (fraction) 0.823 [0.800, 0.850] 0.750 [0.700, 0.800] (n=7)");
  EXPECT_EQ(std::regex_replace(LineStartingWith(text, "engagement timeliness (s)"), std::regex(" +"), " "),
            "engagement timeliness (s) n/a 60.0 (n=1)");
  EXPECT_NE(text.find("95 %"), std::string::npos);
  // Columns line up: every cell of a column starts at the same offset.
  const std::string lrow = LineStartingWith(text, "leakers (threats)");
  EXPECT_EQ(lrow.find("2.50"), header.find("national"));
  for (const auto& row : CompareRows()) EXPECT_NE(text.find(row.label), std::string::npos) << row.label;
}

TEST(CompareFormat, OneRunShowsPlainValues) {
  CompareTable t = HandTable(1);
  t.cells[0][t.MetricIndex("leakers")] = {1, 3.0, kNaN, kNaN};
  t.cells[1][t.MetricIndex("leakers")] = {1, 1.0, kNaN, kNaN};
  t.cells[0][t.MetricIndex("zero_leakers")] = {1, 0.0, 0.0, 0.79};
  t.cells[1][t.MetricIndex("zero_leakers")] = {1, 0.0, 0.0, 0.79};
  t.cells[0][t.MetricIndex("time_to_first_track_s")] = {1, 45.04, kNaN, kNaN};
  t.cells[1][t.MetricIndex("time_to_first_track_s")] = {1, 47.16, kNaN, kNaN};
  const std::string text = FormatCompareTable(t);
  EXPECT_EQ(std::regex_replace(LineStartingWith(text, "leakers (threats)"), std::regex(" +"), " "),
            "leakers (threats) 3 1");
  EXPECT_EQ(std::regex_replace(LineStartingWith(text, "P(zero leakers)"), std::regex(" +"), " "), "P(zero leakers) 0 0");
  EXPECT_EQ(std::regex_replace(LineStartingWith(text, "time to first track (s)"), std::regex(" +"), " "),
            "time to first track (s) 45.0 47.2");
  EXPECT_EQ(text.find('['), std::string::npos) << text;
}

TEST(CompareFormat, FailedRunsAreCountedAndExplained) {
  CompareTable t = HandTable(4);
  t.runs_failed = {1, 0};
  t.first_failure = {"run 2: NaN in state of object 7 at t = 3 s", ""};
  const std::string text = FormatCompareTable(t);
  EXPECT_EQ(std::regex_replace(LineStartingWith(text, "runs"), std::regex(" +"), " "), "runs 3 of 4 (1 failed) 4");
  EXPECT_NE(text.find("trilateral: 1 failed run, first run 2: NaN in state"), std::string::npos) << text;
}

// ---------------------------------------------------------------------------------------
// End to end on the trilateral baseline.

struct CompareFile {
  std::vector<std::int64_t> grid_point, n;
  std::vector<std::string> architecture, metric, units, interval;
  std::vector<double> mean, lo, hi;
};

CompareFile ReadCompare(const fs::path& p) {
  const io::InputFile f = io::InputFile::Open(p);
  CompareFile c;
  c.grid_point = f.ReadInt64Column("/compare", "grid_point");
  c.architecture = f.ReadStringColumn("/compare", "architecture");
  c.metric = f.ReadStringColumn("/compare", "metric");
  c.units = f.ReadStringColumn("/compare", "units");
  c.interval = f.ReadStringColumn("/compare", "interval");
  c.mean = f.ReadDoubleColumn("/compare", "mean");
  c.lo = f.ReadDoubleColumn("/compare", "ci_low");
  c.hi = f.ReadDoubleColumn("/compare", "ci_high");
  c.n = f.ReadInt64Column("/compare", "n");
  return c;
}

bool SameBits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) != std::isnan(b[i]) || (!std::isnan(a[i]) && a[i] != b[i])) return false;
  }
  return true;
}

// The three compares the end-to-end checks read. They run once, in one test case: CTest runs
// every gtest case in its own process, so separate cases would repeat them.
struct BaselineRuns {
  ExecResult one;      // --threads 1 -o t1.h5
  ExecResult two;      // --threads 2 -o t2.h5
  ExecResult no_file;  // --threads 2, no -o, TMPDIR = Dir()/tmp
};

double Value(const CompareFile& c, const std::string& arch, const std::string& metric) {
  for (std::size_t i = 0; i < c.metric.size(); ++i) {
    if (c.architecture[i] == arch && c.metric[i] == metric) return c.mean[i];
  }
  ADD_FAILURE() << "no row " << arch << " " << metric;
  return kNaN;
}

void TrilateralSharingImprovesThePictureAndReallyChangesThePolicy(const BaselineRuns& r) {
  ASSERT_EQ(r.one.rc, 0) << r.one.err;
  const CompareFile c = ReadCompare(Dir() / "t1.h5");
  // Full sharing adds the other nations' tracks to every node picture, on the same runs
  // (common random numbers): pictures are more complete and hold threats earlier.
  EXPECT_GE(Value(c, "trilateral", "mean_completeness"), Value(c, "national", "mean_completeness"));
  EXPECT_LE(Value(c, "trilateral", "time_to_first_track_s"), Value(c, "national", "time_to_first_track_s"));
  // National: nothing crosses a border, so the sender's policy withholds messages on the
  // links between nations; trilateral withholds nothing.
  EXPECT_GT(Value(c, "national", "messages_withheld"), 0.0);
  EXPECT_EQ(Value(c, "trilateral", "messages_withheld"), 0.0);
}

void OneColumnPerArchitectureInTheOrderGiven(const BaselineRuns& r) {
  ASSERT_EQ(r.one.rc, 0) << r.one.err;
  const std::string header = LineStartingWith(r.one.out, " ");
  ASSERT_FALSE(header.empty()) << r.one.out;
  std::istringstream words(header);
  std::vector<std::string> cols;
  for (std::string w; words >> w;) cols.push_back(w);
  EXPECT_EQ(cols, (std::vector<std::string>{"national", "trilateral"}));
  for (const auto& row : CompareRows()) EXPECT_NE(r.one.out.find(row.label), std::string::npos) << row.label;
  EXPECT_NE(r.one.out.find("[95 % interval]"), std::string::npos) << r.one.out;

  const CompareFile c = ReadCompare(Dir() / "t1.h5");
  const std::size_t n_metrics = SummaryMetrics().size();
  ASSERT_EQ(c.metric.size(), 2 * n_metrics);
  for (std::size_t i = 0; i < c.metric.size(); ++i) {
    EXPECT_EQ(c.architecture[i], i < n_metrics ? "national" : "trilateral");
    EXPECT_EQ(c.grid_point[i], i < n_metrics ? 0 : 1);
    EXPECT_EQ(c.metric[i], SummaryMetrics()[i % n_metrics].name);
  }
}

void TableIsIdenticalForOneAndTwoThreads(const BaselineRuns& r) {
  ASSERT_EQ(r.one.rc, 0) << r.one.err;
  ASSERT_EQ(r.two.rc, 0) << r.two.err;
  const CompareFile a = ReadCompare(Dir() / "t1.h5");
  const CompareFile b = ReadCompare(Dir() / "t2.h5");
  EXPECT_EQ(a.architecture, b.architecture);
  EXPECT_EQ(a.metric, b.metric);
  EXPECT_EQ(a.n, b.n);
  EXPECT_TRUE(SameBits(a.mean, b.mean));
  EXPECT_TRUE(SameBits(a.lo, b.lo));
  EXPECT_TRUE(SameBits(a.hi, b.hi));
  EXPECT_EQ(r.one.out, r.two.out);  // the printed table too
  EXPECT_FALSE(fs::exists(Dir() / "t1.h5.journal"));  // complete: journal removed
}

void WithoutAnOutputFileTheSameTableAndNothingLeftBehind(const BaselineRuns& r) {
  ASSERT_EQ(r.no_file.rc, 0) << r.no_file.err;
  EXPECT_EQ(r.no_file.out, r.one.out);
  EXPECT_TRUE(fs::is_empty(Dir() / "tmp")) << "temporary journal left behind";
  EXPECT_NE(r.no_file.err.find("compare korea-baseline: 2 architectures x 3 runs"), std::string::npos)
      << r.no_file.err;  // progress on stderr (no --quiet)
}

void CellsAgreeWithTheRunsComputedByHand(const BaselineRuns& r) {
  ASSERT_EQ(r.one.rc, 0) << r.one.err;
  const io::InputFile f = io::InputFile::Open(Dir() / "t1.h5");
  const CompareFile c = ReadCompare(Dir() / "t1.h5");
  const auto gp = f.ReadInt64Column("/runs", "grid_point");
  const auto status = f.ReadStringColumn("/runs", "status");
  // Two-sided 95 % quantiles from statistical tables (independent of Boost.Math):
  // standard normal z_0.975 and Student t_0.975 with 2 degrees of freedom (3 runs).
  constexpr double kZ = 1.959963984540054;
  constexpr double kT2 = 4.302652729911275;
  for (std::size_t i = 0; i < c.metric.size(); ++i) {
    const auto v = f.ReadDoubleColumn("/runs", c.metric[i]);
    std::vector<double> x;
    for (std::size_t r = 0; r < v.size(); ++r) {
      if (gp[r] == c.grid_point[i] && status[r] == "ok" && !std::isnan(v[r])) x.push_back(v[r]);
    }
    ASSERT_EQ(static_cast<std::int64_t>(x.size()), c.n[i]) << c.metric[i];
    if (x.empty()) {
      EXPECT_TRUE(std::isnan(c.mean[i])) << c.metric[i];
      continue;
    }
    const double n = static_cast<double>(x.size());
    double sum = 0.0;
    for (double xi : x) sum += xi;
    const double mean = sum / n;
    // Welford's update (the program) and a plain sum (here) round differently: a few ulps.
    const double tol = 1e-12 * std::max(1.0, std::abs(mean));
    EXPECT_NEAR(c.mean[i], mean, tol) << c.metric[i];
    if (c.interval[i] == "wilson") {
      const double p = mean, z2 = kZ * kZ;
      const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
      const double half = kZ / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
      EXPECT_NEAR(c.lo[i], std::max(0.0, centre - half), 1e-12) << c.metric[i];
      EXPECT_NEAR(c.hi[i], std::min(1.0, centre + half), 1e-12) << c.metric[i];
    } else if (x.size() == 3) {
      double ss = 0.0;
      for (double xi : x) ss += (xi - mean) * (xi - mean);
      const double half = kT2 * std::sqrt(ss / (n - 1)) / std::sqrt(n);
      // The tabulated t quantile has 16 significant digits; the rest is rounding.
      const double tol_ci = 1e-9 * std::max(1.0, std::abs(mean) + half);
      EXPECT_NEAR(c.lo[i], mean - half, tol_ci) << c.metric[i];
      EXPECT_NEAR(c.hi[i], mean + half, tol_ci) << c.metric[i];
    } else if (x.size() < 2) {
      EXPECT_TRUE(std::isnan(c.lo[i]) && std::isnan(c.hi[i])) << c.metric[i] << " with n < 2 has no t interval";
    }
    // /compare and the sweep's own /aggregate are the same statistics.
    const std::int64_t g = c.grid_point[i];
    const std::string name = c.metric[i];
    const std::string col = std::string(c.interval[i] == "wilson" ? "p_" : "mean_").append(name);
    const double agg = f.ReadDoubleColumn("/aggregate", col)[static_cast<std::size_t>(g)];
    EXPECT_TRUE(SameBits({agg}, {c.mean[i]})) << name;
  }
  // The grid is the architecture axis: scenario key sharing.architecture.
  EXPECT_EQ(f.ReadStringColumn("/grid", "param:sharing.architecture"),
            (std::vector<std::string>{"national", "trilateral"}));
}

TEST(CompareBaseline, EndToEndOnKoreaBaseline) {
  BaselineRuns r;
  const std::vector<std::string> args = {"compare", kBaseline, "--architectures", "national,trilateral", "--runs", "3"};
  const auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> a = args;
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };
  r.one = Bmdsim(with({"--threads", "1", "-o", (Dir() / "t1.h5").string()}));
  r.two = Bmdsim(with({"--threads", "2", "-o", (Dir() / "t2.h5").string()}));
  fs::create_directories(Dir() / "tmp");
  r.no_file = Bmdsim(with({"--threads", "2"}), std::string("TMPDIR=").append(Quote((Dir() / "tmp").string())));
  {
    SCOPED_TRACE("TrilateralSharingImprovesThePictureAndReallyChangesThePolicy");
    TrilateralSharingImprovesThePictureAndReallyChangesThePolicy(r);
  }
  {
    SCOPED_TRACE("OneColumnPerArchitectureInTheOrderGiven");
    OneColumnPerArchitectureInTheOrderGiven(r);
  }
  {
    SCOPED_TRACE("TableIsIdenticalForOneAndTwoThreads");
    TableIsIdenticalForOneAndTwoThreads(r);
  }
  {
    SCOPED_TRACE("WithoutAnOutputFileTheSameTableAndNothingLeftBehind");
    WithoutAnOutputFileTheSameTableAndNothingLeftBehind(r);
  }
  {
    SCOPED_TRACE("CellsAgreeWithTheRunsComputedByHand");
    CellsAgreeWithTheRunsComputedByHand(r);
  }
}

// ---------------------------------------------------------------------------------------
// Bad input: exit 2, one line on stderr.

TEST(CompareErrors, BilateralWithoutAHubNation) {
  // test-range with its only nation renamed: the default hub (US) no longer exists.
  std::string text = ReadText(kTestRange);
  ASSERT_FALSE(text.empty());
  text = std::regex_replace(text, std::regex("\\bUS\\b"), "FRA");
  text = std::regex_replace(text, std::regex("catalog/"), BMD_SOURCE_DIR "/scenarios/catalog/");
  const fs::path sc = Dir() / "no-hub.yaml";
  std::ofstream(sc) << text;
  // Sanity: the rewritten scenario itself is valid (else the test would pass for a wrong reason).
  const ExecResult ok = Bmdsim({"compare", sc.string(), "--architectures", "national", "-q"});
  ASSERT_EQ(ok.rc, 0) << ok.err;
  const ExecResult r = Bmdsim({"compare", sc.string(), "--architectures", "national,bilateral"});
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find("error: architecture 'bilateral' needs a hub nation"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nations: FRA"), std::string::npos) << r.err;
  EXPECT_EQ(CountLines(r.err), 1) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(CompareErrors, UnknownArchitectureCustomWithoutRulesAndMissingScenario) {
  const ExecResult unknown = Bmdsim({"compare", kTestRange, "--architectures", "national,nato"});
  EXPECT_EQ(unknown.rc, 2);
  EXPECT_NE(unknown.err.find("unknown architecture 'nato' (valid: custom, national, bilateral, trilateral)"),
            std::string::npos)
      << unknown.err;
  EXPECT_EQ(CountLines(unknown.err), 1) << unknown.err;

  const ExecResult custom = Bmdsim({"compare", kBaseline, "--architectures", "custom,trilateral"});
  EXPECT_EQ(custom.rc, 2);
  EXPECT_NE(custom.err.find("has no sharing.rules"), std::string::npos) << custom.err;
  EXPECT_EQ(CountLines(custom.err), 1) << custom.err;

  const ExecResult missing = Bmdsim({"compare", (Dir() / "no-such.yaml").string()});
  EXPECT_EQ(missing.rc, 2);
  EXPECT_EQ(missing.err.rfind("error: ", 0), 0u) << missing.err;

  const ExecResult resume = Bmdsim({"compare", kTestRange, "--resume"});
  EXPECT_EQ(resume.rc, 2);
  EXPECT_NE(resume.err.find("--resume needs -o"), std::string::npos) << resume.err;
}

}  // namespace
}  // namespace bmd::sim
