// `bmdsim export --for NATION`: the releasable copy of a run file holds exactly the rows the
// nation may see (checked against the INPUT file, not against the exporter's own rules), and
// no value or id another nation did not release appears anywhere in it.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/errors.h"
#include "sim/export.h"
#include "sim/io/attributes.h"
#include "sim/io/input_file.h"
#include "sim/io/output_file.h"
#include "sim/io/provenance.h"
#include "sim/io/table.h"
#include "sim/prepare.h"
#include "sim/run_output.h"
#include "sim/scenario/loader.h"
#include "sim/world.h"

namespace bmd::sim {
namespace {

namespace fs = std::filesystem;
using io::Column;

// --- generic readers of a whole file (independent of the exporter's code) ------------------

// Every float value (datasets of any rank and attributes) and every string (datasets and
// attributes) of an HDF5 file, found by visiting every object.
struct FileContents {
  std::vector<double> floats;
  std::vector<std::string> float_paths;  // object of each float (for failure messages)
  std::vector<std::string> strings;
  std::vector<std::string> objects;  // paths
};

void ReadAttributeValues(hid_t obj, FileContents& c) {
  const auto cb = [](hid_t loc, const char* name, const H5A_info_t*, void* data) -> herr_t {
    auto& fc = *static_cast<FileContents*>(data);
    const hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    const hid_t t = H5Aget_type(a);
    const hid_t s = H5Aget_space(a);
    const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(s));
    if (H5Tget_class(t) == H5T_FLOAT && n > 0) {
      std::vector<double> v(n);
      H5Aread(a, H5T_NATIVE_DOUBLE, v.data());
      fc.floats.insert(fc.floats.end(), v.begin(), v.end());
      fc.float_paths.resize(fc.floats.size(), fc.objects.back() + "@" + name);
    } else if (H5Tget_class(t) == H5T_STRING && n > 0) {
      if (H5Tis_variable_str(t) > 0) {
        std::vector<char*> v(n);
        const hid_t mt = H5Tcopy(H5T_C_S1);
        H5Tset_size(mt, H5T_VARIABLE);
        H5Tset_cset(mt, H5T_CSET_UTF8);
        H5Aread(a, mt, v.data());
        for (char* p : v) fc.strings.emplace_back(p ? p : "");
        H5Dvlen_reclaim(mt, s, H5P_DEFAULT, v.data());
        H5Tclose(mt);
      } else {
        std::vector<char> buf(n * H5Tget_size(t) + 1, '\0');
        H5Aread(a, t, buf.data());
        fc.strings.emplace_back(buf.data(), buf.size());
      }
    }
    H5Sclose(s);
    H5Tclose(t);
    H5Aclose(a);
    return 0;
  };
  H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, nullptr, cb, &c);
}

FileContents ReadEverything(const std::string& path) {
  FileContents c;
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_GE(f, 0) << path;
  const auto visit = [](hid_t loc, const char* name, const H5O_info_t* info, void* data) -> herr_t {
    auto& fc = *static_cast<FileContents*>(data);
    const hid_t o = H5Oopen(loc, name, H5P_DEFAULT);
    fc.objects.emplace_back(std::string("/") + (std::string(name) == "." ? "" : name));
    ReadAttributeValues(o, fc);
    if (info->type == H5O_TYPE_DATASET) {
      const hid_t t = H5Dget_type(o);
      const hid_t s = H5Dget_space(o);
      const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(s));
      if (H5Tget_class(t) == H5T_FLOAT && n > 0) {
        std::vector<double> v(n);
        H5Dread(o, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
        fc.floats.insert(fc.floats.end(), v.begin(), v.end());
        fc.float_paths.resize(fc.floats.size(), fc.objects.back());
      } else if (H5Tget_class(t) == H5T_STRING && n > 0 && H5Tis_variable_str(t) > 0) {
        std::vector<char*> v(n);
        const hid_t mt = H5Tcopy(H5T_C_S1);
        H5Tset_size(mt, H5T_VARIABLE);
        H5Tset_cset(mt, H5T_CSET_UTF8);
        H5Dread(o, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
        for (char* p : v) fc.strings.emplace_back(p ? p : "");
        H5Dvlen_reclaim(mt, s, H5P_DEFAULT, v.data());
        H5Tclose(mt);
      }
      H5Sclose(s);
      H5Tclose(t);
    }
    H5Oclose(o);
    return 0;
  };
  H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_INC, visit, &c, H5O_INFO_BASIC);
  H5Fclose(f);
  return c;
}

// A table cell rendered exactly: strings as themselves, numbers by their bits (NaN == NaN).
std::vector<std::string> CellsOf(const io::InputFile& f, const std::string& table, const std::string& col) {
  const std::string path = table + "/" + col;
  const hid_t d = H5Dopen2(f.id(), path.c_str(), H5P_DEFAULT);
  const hid_t t = H5Dget_type(d);
  const bool is_string = H5Tget_class(t) == H5T_STRING;
  const bool is_float = H5Tget_class(t) == H5T_FLOAT;
  H5Tclose(t);
  H5Dclose(d);
  if (is_string) return f.ReadStringColumn(table, col);
  std::vector<std::string> out;
  if (is_float) {
    for (double v : f.ReadDoubleColumn(table, col)) out.push_back(std::isnan(v) ? "nan" : fmt::format("{}", v));
  } else {
    for (auto v : f.ReadInt64Column(table, col)) out.push_back(std::to_string(v));
  }
  return out;
}

std::string StoredTypeName(const io::InputFile& f, const std::string& path) {
  const hid_t d = H5Dopen2(f.id(), path.c_str(), H5P_DEFAULT);
  const hid_t t = H5Dget_type(d);
  const std::string name = fmt::format("{}/{}/{}", static_cast<int>(H5Tget_class(t)), H5Tget_size(t),
                                       H5Tget_class(t) == H5T_INTEGER ? static_cast<int>(H5Tget_sign(t)) : -1);
  H5Tclose(t);
  H5Dclose(d);
  return name;
}

std::string Sha256sumOf(const std::string& path) {
  // The system's sha256sum: a reference independent of our own SHA-256 code.
  FILE* p = ::popen(("sha256sum '" + path + "'").c_str(), "r");
  if (p == nullptr) return "";
  char buf[65] = {};
  const std::size_t n = std::fread(buf, 1, 64, p);
  ::pclose(p);
  return std::string(buf, n);
}

// Owner nation of each index of a table's owner column (row i: index column value).
std::map<std::int64_t, std::string> OwnerByIndex(const io::InputFile& f, const std::string& table,
                                                 const std::string& index_col) {
  std::map<std::int64_t, std::string> m;
  if (!f.Exists(table)) return m;
  const auto nat = f.ReadStringColumn(table, "nation");
  std::vector<std::int64_t> idx(nat.size());
  if (index_col.empty()) {
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<std::int64_t>(i);
  } else {
    idx = f.ReadInt64Column(table, index_col);
  }
  for (std::size_t i = 0; i < nat.size(); ++i) m[idx[i]] = nat[i];
  return m;
}

// Expected-row predicate of each filtered table, written from the specification.
using RowPredicate = std::vector<bool>;

struct Expectation {
  std::string table;
  std::vector<bool> keep;
};

std::vector<Expectation> ExpectedRows(const io::InputFile& in, const std::string& n) {
  std::vector<Expectation> out;
  const auto sensor = OwnerByIndex(in, "/entities/sensors", "sensor_index");
  const auto node = OwnerByIndex(in, "/entities/nodes", "node_index");
  const auto fu = OwnerByIndex(in, "/outcomes/fire_units", "");
  const auto by = [&](const std::string& table, const std::string& key, const std::map<std::int64_t, std::string>& m) {
    if (!in.Exists(table)) return;
    Expectation e{table, {}};
    for (auto v : in.ReadInt64Column(table, key)) e.keep.push_back(m.count(v) && m.at(v) == n);
    out.push_back(e);
  };
  for (const char* t : {"/entities/sensors", "/measurements", "/scans", "/cues", "/tracks/local"}) by(t, "sensor_index", sensor);
  for (const char* t : {"/entities/nodes", "/tracks/nodes", "/metrics/picture", "/metrics/siap",
                        "/metrics/first_detection", "/metrics/interop", "/metrics/track_numbers"}) {
    by(t, "node_index", node);
  }
  by("/engagements", "fire_unit", fu);
  by("/inventory", "fire_unit", fu);
  {
    Expectation e{"/outcomes/fire_units", {}};
    for (const auto& [i, nat] : fu) e.keep.push_back(nat == n);
    if (in.Exists(e.table)) out.push_back(e);
  }
  // Objects: threat objects, and interceptors of N (launched by a fire unit of N).
  std::set<std::int64_t> objects;
  {
    const auto oid = in.ReadInt64Column("/entities/objects", "object_id");
    const auto kind = in.ReadStringColumn("/entities/objects", "kind");
    const auto nat = in.ReadStringColumn("/entities/objects", "nation");
    for (std::size_t i = 0; i < oid.size(); ++i) {
      if (kind[i] == "rv" || kind[i] == "booster" || (kind[i] == "interceptor" && nat[i] == n)) objects.insert(oid[i]);
    }
  }
  for (const char* t : {"/entities/objects", "/truth", "/events"}) {
    if (!in.Exists(t)) continue;
    Expectation e{t, {}};
    for (auto v : in.ReadInt64Column(t, "object_id")) e.keep.push_back(objects.count(v) != 0);
    out.push_back(e);
  }
  for (const char* t : {"/links/messages", "/links/summary"}) {
    if (!in.Exists(t)) continue;
    Expectation e{t, {}};
    const auto a = in.ReadInt64Column(t, "from_node"), b = in.ReadInt64Column(t, "to_node");
    for (std::size_t i = 0; i < a.size(); ++i) e.keep.push_back(node.at(a[i]) == n || node.at(b[i]) == n);
    out.push_back(e);
  }
  if (in.Exists("/links/config")) {
    Expectation e{"/links/config", {}};
    const auto a = in.ReadInt64Column(e.table, "node_a"), b = in.ReadInt64Column(e.table, "node_b");
    for (std::size_t i = 0; i < a.size(); ++i) e.keep.push_back(node.at(a[i]) == n || node.at(b[i]) == n);
    out.push_back(e);
  }
  if (in.Exists("/metrics/commonality")) {  // a pair of pictures: both must be N's
    Expectation e{"/metrics/commonality", {}};
    const auto a = in.ReadInt64Column(e.table, "node_a"), b = in.ReadInt64Column(e.table, "node_b");
    for (std::size_t i = 0; i < a.size(); ++i) e.keep.push_back(node.at(a[i]) == n && node.at(b[i]) == n);
    out.push_back(e);
  }
  for (const char* t : {"/sharing/policy", "/sharing/counters"}) {
    if (!in.Exists(t)) continue;
    Expectation e{t, {}};
    const auto a = in.ReadStringColumn(t, "from_nation"), b = in.ReadStringColumn(t, "to_nation");
    for (std::size_t i = 0; i < a.size(); ++i) e.keep.push_back(a[i] == n || b[i] == n);
    out.push_back(e);
  }
  return out;
}

// Every kept table: same columns, types, units and descriptions; rows = the input's rows
// selected by the expectation, in order, with equal values.
void ExpectFilteredTablesMatchInput(const io::InputFile& in, const io::InputFile& ex, const std::string& n) {
  for (const auto& e : ExpectedRows(in, n)) {
    SCOPED_TRACE(e.table + " for " + n);
    ASSERT_TRUE(ex.Exists(e.table));
    const auto expected_rows = static_cast<std::size_t>(std::count(e.keep.begin(), e.keep.end(), true));
    EXPECT_EQ(ex.TableRows(e.table), expected_rows);
    EXPECT_EQ(ex.TableColumns(e.table), in.TableColumns(e.table));
    EXPECT_EQ(ex.ReadStringAttribute(e.table, "description"), in.ReadStringAttribute(e.table, "description"));
    for (const auto& col : in.TableColumns(e.table)) {
      const std::string p = e.table + "/" + col;
      EXPECT_EQ(StoredTypeName(ex, p), StoredTypeName(in, p)) << p;
      EXPECT_EQ(ex.ReadStringAttribute(p, "units"), in.ReadStringAttribute(p, "units")) << p;
      EXPECT_EQ(ex.ReadStringAttribute(p, "description"), in.ReadStringAttribute(p, "description")) << p;
      const auto src = CellsOf(in, e.table, col);
      const auto got = CellsOf(ex, e.table, col);
      std::vector<std::string> want;
      for (std::size_t i = 0; i < src.size(); ++i) {
        if (e.keep[i]) want.push_back(src[i]);
      }
      EXPECT_EQ(got, want) << p;
    }
  }
}

// --- the real baseline run ------------------------------------------------------------------

class ExportBaseline : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::path(BMD_BINARY_DIR) / "test-output" / ("export_" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    const auto sc = std::make_shared<const Scenario>(
        LoadScenarioFile(std::string(BMD_SOURCE_DIR) + "/scenarios/korea-baseline.yaml"));
    const PreparedScenario p = Prepare(sc);
    const RunResult r = RunOnce(p, sc->seed, 0);
    run_ = new std::string((*dir_ / "baseline.h5").string());
    WriteRunFile(*run_, p, r, OutputContext{"export_test"});
    for (const char* n : {"ROK", "GBR"}) {
      const std::string out = (*dir_ / (std::string(n) + ".h5")).string();
      ExportRunFile(*run_, out, n, "export_test --for " + std::string(n));
    }
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
    delete run_;
  }
  static std::string Export(const std::string& n) { return (*dir_ / (n + ".h5")).string(); }

  static fs::path* dir_;
  static std::string* run_;
};
fs::path* ExportBaseline::dir_ = nullptr;
std::string* ExportBaseline::run_ = nullptr;

TEST_F(ExportBaseline, FilteredTablesHoldExactlyTheNationsRowsWithTheInputsValues) {
  const io::InputFile in = io::InputFile::Open(*run_);
  for (const std::string n : {"ROK", "GBR"}) {
    const io::InputFile ex = io::InputFile::Open(Export(n));
    ExpectFilteredTablesMatchInput(in, ex, n);
    // Every row of a sensor/node/fire-unit table names an entity of N.
    for (const char* t : {"/entities/sensors", "/entities/nodes", "/outcomes/fire_units"}) {
      for (const auto& nat : ex.ReadStringColumn(t, "nation")) EXPECT_EQ(nat, n) << t;
    }
    // Row-aligned covariances follow their tables' rows.
    for (const char* name : {"local", "nodes"}) {
      const auto src = in.ReadDoubleArray(std::string("/track_covariance/") + name);
      const auto got = ex.ReadDoubleArray(std::string("/track_covariance/") + name);
      const auto keep = ExpectedRows(in, n);
      const auto it = std::find_if(keep.begin(), keep.end(),
                                   [&](const Expectation& e) { return e.table == std::string("/tracks/") + name; });
      ASSERT_NE(it, keep.end());
      std::vector<double> want;
      for (std::size_t i = 0; i < it->keep.size(); ++i) {
        if (it->keep[i]) want.insert(want.end(), src.values.begin() + i * 36, src.values.begin() + (i + 1) * 36);
      }
      ASSERT_EQ(got.dims.size(), 3u);
      EXPECT_EQ(got.dims[0], want.size() / 36);
      EXPECT_EQ(got.values, want) << name;
    }
  }
}

TEST_F(ExportBaseline, ExerciseTruthIsWholeAndTheScenarioTextIsDropped) {
  const io::InputFile in = io::InputFile::Open(*run_);
  const io::InputFile ex = io::InputFile::Open(Export("ROK"));
  for (const char* t : {"/entities/nations", "/entities/threats", "/entities/assets", "/outcomes/threats",
                        "/outcomes/assets"}) {
    ASSERT_TRUE(ex.Exists(t)) << t;
    for (const auto& col : in.TableColumns(t)) EXPECT_EQ(CellsOf(ex, t, col), CellsOf(in, t, col)) << t << "/" << col;
  }
  for (const char* a : {"threats", "impacts", "leakers", "intercepts", "engagements", "interceptors_used"}) {
    EXPECT_EQ(ex.ReadInt64Attribute("/summary", a), in.ReadInt64Attribute("/summary", a)) << a;
  }
  EXPECT_FALSE(ex.Exists("/scenario"));
  EXPECT_FALSE(ex.Exists("/meta/scenario_yaml"));
  for (const char* a : {"program_version", "git_revision", "command_line", "created_utc", "file_kind"}) {
    EXPECT_EQ(ex.ReadStringAttribute("/meta", a), in.ReadStringAttribute("/meta", a)) << a;
  }
  EXPECT_EQ(ex.ReadUInt64Attribute("/meta", "seed"), in.ReadUInt64Attribute("/meta", "seed"));
  EXPECT_EQ(ex.ReadStringAttribute("/meta", "exported_for"), "ROK");
  EXPECT_EQ(ex.ReadStringAttribute("/meta", "export_source_sha256"), Sha256sumOf(*run_));
  const auto dropped = ex.ReadStringArrayAttribute("/meta", "export_dropped");
  EXPECT_NE(std::find(dropped.begin(), dropped.end(), "/scenario"), dropped.end());
}

TEST_F(ExportBaseline, NoWithheldMeasurementOrTrackValueAndNoForeignIdAppearsAnywhere) {
  const io::InputFile in = io::InputFile::Open(*run_);
  const auto sensor = OwnerByIndex(in, "/entities/sensors", "sensor_index");
  const auto node = OwnerByIndex(in, "/entities/nodes", "node_index");
  for (const std::string n : {"ROK", "GBR"}) {
    SCOPED_TRACE(n);
    // Values of other nations' rows, minus values that also occur in N's own rows.
    std::set<double> withheld, own;
    const auto collect = [&](const char* table, const char* key, const std::map<std::int64_t, std::string>& owner,
                             std::initializer_list<const char*> cols) {
      const auto k = in.ReadInt64Column(table, key);
      for (const char* c : cols) {
        const auto v = in.ReadDoubleColumn(table, c);
        for (std::size_t i = 0; i < v.size(); ++i) {
          if (std::isnan(v[i])) continue;
          (owner.at(k[i]) == n ? own : withheld).insert(v[i]);
        }
      }
    };
    collect("/measurements", "sensor_index", sensor, {"z0", "z1", "z2", "z3"});
    collect("/tracks/local", "sensor_index", sensor, {"x_m", "y_m", "z_m"});
    collect("/tracks/nodes", "node_index", node, {"x_m", "y_m", "z_m"});
    for (double v : own) withheld.erase(v);
    ASSERT_GT(withheld.size(), 1000u) << "the baseline must have other nations' data to withhold";

    std::vector<std::string> foreign;
    for (const auto& [table, key] : std::map<std::string, std::string>{
             {"/entities/sensors", "sensor_index"}, {"/entities/nodes", "node_index"}, {"/outcomes/fire_units", ""}}) {
      const auto ids = in.ReadStringColumn(table, "id");
      const auto nat = in.ReadStringColumn(table, "nation");
      for (std::size_t i = 0; i < ids.size(); ++i) {
        if (nat[i] != n) foreign.push_back(ids[i]);
      }
    }
    ASSERT_FALSE(foreign.empty());

    const FileContents ex_contents = ReadEverything(Export(n));
    const auto leaks = [&](const FileContents& c) {
      std::size_t values = 0, ids = 0;
      std::set<std::string> where;
      for (std::size_t i = 0; i < c.floats.size(); ++i) {
        // NaN is excluded (and would compare "equivalent" to everything in a std::set).
        if (!std::isnan(c.floats[i]) && withheld.count(c.floats[i]) != 0) {
          ++values;
          where.insert(fmt::format("{} ({})", c.float_paths[i], c.floats[i]));
        }
      }
      for (const auto& s : c.strings) {
        for (const auto& id : foreign) {
          if (s.find(id) != std::string::npos) {
            ++ids;
            where.insert("string '" + s + "'");
          }
        }
      }
      if (&c == &ex_contents && !where.empty()) {
        ADD_FAILURE() << "withheld data in: " << fmt::format("{}", fmt::join(where, ", "));
      }
      return std::pair(values, ids);
    };
    // The scanner finds them in the input (so it can fail) ...
    const auto in_leaks = leaks(ReadEverything(*run_));
    EXPECT_GT(in_leaks.first, 1000u);
    EXPECT_GT(in_leaks.second, 0u);
    // ... and not anywhere in the export: every float dataset and attribute, every string.
    EXPECT_GT(ex_contents.floats.size(), 10000u);
    const auto ex_leaks = leaks(ex_contents);
    EXPECT_EQ(ex_leaks.first, 0u);
    EXPECT_EQ(ex_leaks.second, 0u);
  }
}

// --- a synthetic file with the link and sharing tables ----------------------------------------

TEST(ExportSynthetic, LinkSharingAndNewTablesAreFilteredAndUnknownObjectsDropped) {
  const fs::path dir = fs::path(BMD_BINARY_DIR) / "test-output" / ("export_syn_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string in_path = (dir / "syn.h5").string(), out_path = (dir / "syn-rok.h5").string();
  {
    auto f = io::OutputFile::Create(in_path);
    io::Group meta = io::WriteProvenance(f, io::Provenance{"bmdsim run x.yaml --set sensors.us_fbr.enabled=false", 7});
    io::WriteStringAttribute(meta.id(), "file_kind", "run");
    io::Group root = f.Root();
    const auto table = [&](const char* path, std::vector<Column> cols) {
      const std::string p(path);
      const auto slash = p.rfind('/');
      io::Group parent = slash == 0 ? f.Root() : (root.Contains(p.substr(0, slash)) ? root.OpenGroup(p.substr(0, slash))
                                                                                     : root.CreateGroup(p.substr(0, slash)));
      io::WriteTable(parent, p.substr(slash + 1), std::string("synthetic ") + path, cols);
    };
    table("/entities/nations", {Column::String("id", {"US", "ROK", "GBR", "JPN"}, "code")});
    // Nodes 0 US, 1 ROK, 2 GBR, 3 ROK.
    table("/entities/nodes", {Column::Int64("node_index", {0, 1, 2, 3}, "", "node"),
                              Column::String("id", {"us_c2", "rok_kamd", "gbr_cic", "rok_alt"}, "id"),
                              Column::String("nation", {"US", "ROK", "GBR", "ROK"}, "nation")});
    table("/entities/sensors", {Column::Int64("sensor_index", {0, 1}, "", "sensor"),
                                Column::String("id", {"us_fbr", "rok_ewr"}, "id"),
                                Column::String("nation", {"US", "ROK"}, "nation")});
    table("/outcomes/fire_units", {Column::String("id", {"us_thaad_1", "rok_lower_1"}, "id"),
                                   Column::String("nation", {"US", "ROK"}, "nation")});
    table("/entities/objects", {Column::Int64("object_id", {0, 1, 2, 3}, "", "object"),
                                Column::String("kind", {"rv", "booster", "interceptor", "interceptor"}, "kind"),
                                Column::Int64("threat_index", {0, 0, -1, -1}, "", "threat"),
                                Column::String("nation", {"", "", "US", "ROK"}, "nation")});
    table("/truth", {Column::Float64("t_s", {0, 1, 2, 3, 4}, "s", "t"),
                     Column::Int64("object_id", {0, 1, 2, 3, 0}, "", "object")});
    table("/events", {Column::Int64("object_id", {0, 2, 3}, "", "object"),
                      Column::String("detail", {"intercepted by us_thaad_1/interceptor-2", "launch", "launch"},
                                     "detail")});
    // Messages: US->ROK delivered, US->GBR withheld, ROK->US lost, GBR->US delivered,
    // ROK(3)->GBR delivered, US->GBR lost.
    table("/links/messages",
          {Column::Float64("t_send_s", {1, 2, 3, 4, 5, 6}, "s", "send"),
           Column::Float64("t_recv_s", {1.1, std::nan(""), std::nan(""), 4.2, 5.3, std::nan("")}, "s", "recv"),
           Column::String("link", {"l1", "l2", "l1", "l3", "l4", "l2"}, "link"),
           Column::Int64("from_node", {0, 0, 1, 2, 3, 0}, "", "from"),
           Column::Int64("to_node", {1, 2, 0, 0, 2, 2}, "", "to"),
           Column::String("from_nation", {"US", "US", "ROK", "GBR", "ROK", "US"}, "from"),
           Column::String("to_nation", {"ROK", "GBR", "US", "US", "GBR", "GBR"}, "to"),
           Column::String("kind", {"track", "track", "cue", "track", "engagement_status", "kill_assessment"}, "kind"),
           Column::String("status", {"delivered", "withheld", "lost", "delivered", "delivered", "lost"}, "status")});
    table("/links/summary", {Column::String("link", {"l1", "l2", "l3", "l4"}, "link"),
                             Column::Int64("from_node", {0, 0, 2, 3}, "", "from"),
                             Column::Int64("to_node", {1, 2, 0, 2}, "", "to"),
                             Column::Int64("sent", {10, 20, 30, 40}, "1", "sent"),
                             Column::Float64("mean_latency_s", {0.1, 0.2, 0.3, 0.4}, "s", "latency")});
    table("/sharing/policy", {Column::String("from_nation", {"US", "US", "GBR", "ROK", "GBR"}, "from"),
                              Column::String("to_nation", {"ROK", "GBR", "US", "GBR", "JPN"}, "to"),
                              Column::String("data_class", {"track", "track", "cue", "track", "track"}, "class"),
                              Column::String("action", {"allow", "deny", "delayed", "degraded", "allow"}, "action"),
                              Column::Float64("delay_s", {0, 0, 5, 0, 0}, "s", "delay"),
                              Column::Float64("quantum_m", {0, 0, 0, 1000, 0}, "m", "quantum")});
    table("/sharing/counters", {Column::String("from_nation", {"US", "JPN", "ROK"}, "from"),
                                Column::String("to_nation", {"GBR", "US", "US"}, "to"),
                                Column::String("data_class", {"track", "track", "cue"}, "class"),
                                Column::Int64("allowed", {1, 2, 3}, "1", "allowed")});
    table("/tracks/nodes", {Column::Int32("node_index", {0, 1, 3, 2}, "", "node"),
                            Column::Float64("x_m", {1.5, 2.5, 3.5, 4.5}, "m", "x"),
                            Column::Int64("nation_mask", {1, 3, 2, 5}, "", "mask"),
                            Column::String("nations", {"US", "ROK+US", "ROK", "GBR+US"}, "nations"),
                            Column::Bool("fused", {true, false, true, false}, "flag"),
                            Column::UInt8("status", {1, 2, 3, 4}, "", "status")});
    table("/metrics/commonality", {Column::Int32("node_a", {0, 1, 3, 2}, "", "a"),
                                   Column::Int32("node_b", {1, 3, 1, 3}, "", "b"),
                                   Column::Float64("common_fraction", {0.5, 0.6, 0.7, 0.8}, "1", "common")});
    table("/metrics/interop", {Column::Int32("node_index", {0, 1, 2, 3}, "", "node"),
                               Column::Float64("dual_tracks", {0.1, 0.2, 0.3, 0.4}, "1", "dual")});
    // Row-aligned covariance of /tracks/nodes: row i holds the value i in every cell.
    std::vector<double> cov;
    for (int i = 0; i < 4; ++i) cov.insert(cov.end(), 36, static_cast<double>(i));
    const hsize_t dims[] = {4, 6, 6};
    io::WriteArray(root.CreateGroup("track_covariance"), "nodes", dims, cov, "m", "cov");
    // Things no rule names: a future table, a group attribute and an extra attribute on a
    // filtered table.
    table("/future/secret", {Column::Float64("v", {42.0}, "1", "secret")});
    io::WriteDoubleAttribute(root.OpenGroup("links").id(), "total_latency_s", 9.75);
    io::WriteStringAttribute(root.OpenGroup("sharing").id(), "architecture", "trilateral");
    io::WriteInt64Attribute(root.OpenGroup("links/summary").id(), "sent_all_nations", 100);
    io::Group summary = root.CreateGroup("summary");
    io::WriteInt64Attribute(summary.id(), "intercepts", 3);
    f.Commit();
  }
  const ExportReport rep = ExportRunFile(in_path, out_path, "rok", "test");  // case-insensitive code
  EXPECT_EQ(rep.nation, "ROK");
  const io::InputFile ex = io::InputFile::Open(out_path);
  // Hand-listed expectations for ROK (nodes 1 and 3, sensor 1, fire unit 1, interceptor 3).
  EXPECT_EQ(ex.ReadDoubleColumn("/links/messages", "t_send_s"), (std::vector<double>{1, 3, 5}));
  EXPECT_EQ(ex.ReadStringColumn("/links/messages", "status"),
            (std::vector<std::string>{"delivered", "lost", "delivered"}));
  EXPECT_EQ(ex.ReadStringColumn("/links/summary", "link"), (std::vector<std::string>{"l1", "l4"}));
  EXPECT_EQ(ex.ReadInt64Column("/links/summary", "sent"), (std::vector<std::int64_t>{10, 40}));
  EXPECT_EQ(ex.ReadStringColumn("/sharing/policy", "action"), (std::vector<std::string>{"allow", "degraded"}));
  EXPECT_EQ(ex.ReadDoubleColumn("/sharing/policy", "quantum_m"), (std::vector<double>{0, 1000}));
  EXPECT_EQ(ex.ReadInt64Column("/sharing/counters", "allowed"), (std::vector<std::int64_t>{3}));
  EXPECT_EQ(ex.ReadStringColumn("/tracks/nodes", "nations"), (std::vector<std::string>{"ROK+US", "ROK"}));
  EXPECT_EQ(ex.ReadInt64Column("/tracks/nodes", "nation_mask"), (std::vector<std::int64_t>{3, 2}));
  EXPECT_EQ(ex.ReadBoolColumn("/tracks/nodes", "fused"), (std::vector<bool>{false, true}));
  EXPECT_EQ(ex.ReadInt64Column("/tracks/nodes", "node_index"), (std::vector<std::int64_t>{1, 3}));  // not renumbered
  const io::InputFile in = io::InputFile::Open(in_path);
  for (const char* c : {"node_index", "x_m", "nation_mask", "nations", "fused", "status"}) {
    EXPECT_EQ(StoredTypeName(ex, std::string("/tracks/nodes/") + c), StoredTypeName(in, std::string("/tracks/nodes/") + c))
        << c;
  }
  const auto cov = ex.ReadDoubleArray("/track_covariance/nodes");
  ASSERT_EQ(cov.dims, (std::vector<hsize_t>{2, 6, 6}));
  EXPECT_EQ(cov.values[0], 1.0);
  EXPECT_EQ(cov.values[36], 2.0);
  EXPECT_EQ(ex.ReadDoubleColumn("/metrics/interop", "dual_tracks"), (std::vector<double>{0.2, 0.4}));
  EXPECT_EQ(ex.ReadDoubleColumn("/metrics/commonality", "common_fraction"), (std::vector<double>{0.6, 0.7}));
  EXPECT_EQ(ex.ReadStringAttribute("/sharing", "architecture"), "trilateral");
  EXPECT_EQ(ex.ReadInt64Column("/entities/objects", "object_id"), (std::vector<std::int64_t>{0, 1, 3}));
  EXPECT_EQ(ex.ReadInt64Column("/truth", "object_id"), (std::vector<std::int64_t>{0, 1, 3, 0}));
  // The threat's event names the US fire unit: withheld; the ROK interceptor's launch kept.
  EXPECT_EQ(ex.ReadStringColumn("/events", "detail"),
            (std::vector<std::string>{"intercepted by [withheld]/interceptor-2", "launch"}));
  EXPECT_EQ(ex.ReadStringAttribute("/meta", "command_line"), "bmdsim run x.yaml --set sensors.[withheld].enabled=false");
  EXPECT_EQ(ex.ReadInt64Attribute("/summary", "intercepts"), 3);
  EXPECT_FALSE(ex.Exists("/future"));
  EXPECT_FALSE(ex.HasAttribute("/links", "total_latency_s"));
  EXPECT_FALSE(ex.HasAttribute("/links/summary", "sent_all_nations"));
  const auto dropped = ex.ReadStringArrayAttribute("/meta", "export_dropped");
  for (const char* d : {"/future", "/links@total_latency_s", "/links/summary@sent_all_nations"}) {
    EXPECT_NE(std::find(dropped.begin(), dropped.end(), d), dropped.end()) << d;
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST(ExportErrors, BadInputThrowsInputErrorAndWritesNothing) {
  const fs::path dir = fs::path(BMD_BINARY_DIR) / "test-output" / ("export_err_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string run = (dir / "run.h5").string(), sweep = (dir / "sweep.h5").string();
  for (const auto& [path, kind] : {std::pair(run, "run"), std::pair(sweep, "sweep")}) {
    auto f = io::OutputFile::Create(path);
    io::Group meta = io::WriteProvenance(f, io::Provenance{"x", 1});
    io::WriteStringAttribute(meta.id(), "file_kind", kind);
    io::Group root = f.Root();
    io::WriteTable(root.CreateGroup("entities"), "nations", "n",
                   std::vector<Column>{Column::String("id", {"US", "ROK"}, "code")});
    if (std::string(kind) == "run") {
      io::WriteTable(root, "truth", "t", std::vector<Column>{Column::Float64("t_s", {0.0}, "s", "t")});
    }
    f.Commit();
  }
  const std::string out = (dir / "out.h5").string();
  const auto expect_error = [&](const std::string& in, const std::string& o, const std::string& n, const char* text) {
    try {
      ExportRunFile(in, o, n, "test");
      ADD_FAILURE() << "no error for " << in << " -> " << o << " " << n;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
  };
  expect_error((dir / "missing.h5").string(), out, "US", "no such file");
  expect_error(sweep, out, "US", "not a bmdsim run file");
  expect_error(std::string(BMD_SOURCE_DIR) + "/scenarios/korea-baseline.yaml", out, "US", "not a bmdsim run file");
  expect_error(run, out, "XX", "valid codes: US, ROK");
  expect_error(run, run, "US", "is the input file");
  expect_error(run, (dir / "." / "run.h5").string(), "US", "is the input file");
  expect_error(run, (dir / "no-dir" / "out.h5").string(), "US", "does not exist");
  // Nothing was written: only the two inputs are in the directory.
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir)) files += e.is_regular_file();
  EXPECT_EQ(files, 2u);
  // An export cannot be exported again.
  ExportRunFile(run, out, "US", "test");
  expect_error(out, (dir / "again.h5").string(), "US", "already a releasable export");
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace bmd::sim
