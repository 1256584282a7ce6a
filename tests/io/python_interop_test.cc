// h5py + pandas read our files the way docs/hdf5-schema.md promises: a table loads
// into a DataFrame in one line, units/description/meta attributes come back as str,
// bools as bool, the embedded scenario's SHA-256 matches hashlib's.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "sim/io/output_file.h"
#include "sim/io/provenance.h"
#include "sim/io/table.h"
#include "sim/io/table_writer.h"
#include "tests/io/io_test_util.h"

namespace bmd::io {
namespace {

using testing::ScratchDir;

constexpr const char* kPython = "/usr/bin/python3";

bool PythonHasH5pyAndPandas() {
  const std::string command = std::string(kPython) + " -c 'import h5py, pandas' >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

// The checks, run by Python. Expected values are the closed forms used to write the
// file (t = 0.25 i, id = 1000 + i, detected = i % 3 == 0), recomputed in Python.
constexpr const char* kScript = R"PY(
import hashlib, sys
import h5py, numpy as np, pandas as pd

f = h5py.File(sys.argv[1], 'r')
meta = f['meta']
assert int(meta.attrs['schema_version']) == 1, meta.attrs['schema_version']
for key in ('program_version', 'git_revision', 'command_line', 'created_utc'):
    assert isinstance(meta.attrs[key], str), (key, type(meta.attrs[key]))
assert int(meta.attrs['seed']) == 2**63 + 5
yaml = meta['scenario_yaml'][()].decode('utf-8')
assert hashlib.sha256(yaml.encode('utf-8')).hexdigest() == meta['scenario_yaml'].attrs['sha256']
assert 'Zürich' in yaml

# The documented one-liner.
t = f['detections']
df = pd.DataFrame({k: t[k][:] for k in t.attrs['columns']})
n = 10000
assert list(df.columns) == ['t_s', 'entity_id', 'beam', 'quality', 'detected', 'sensor'], list(df.columns)
assert len(df) == n == int(t.attrs['rows'])
assert t.attrs['kind'] == 'table' and isinstance(t.attrs['description'], str)
i = np.arange(n)
assert df['t_s'].dtype == np.float64 and np.array_equal(df['t_s'].to_numpy(), 0.25 * i)
assert df['entity_id'].dtype == np.int64 and np.array_equal(df['entity_id'].to_numpy(), 1000 + i)
assert df['beam'].dtype == np.int32 and np.array_equal(df['beam'].to_numpy(), i % 7 - 3)
assert df['quality'].dtype == np.uint8 and np.array_equal(df['quality'].to_numpy(), i % 256)
assert df['detected'].dtype == np.bool_, df['detected'].dtype
assert np.array_equal(df['detected'].to_numpy(), i % 3 == 0)
# String columns: bytes with the plain one-liner, str through .asstr().
names = t['sensor'].asstr()[:]
assert list(names[:3]) == ['평택-0', '평택-1', '평택-2'], names[:3]
for k in t.attrs['columns']:
    units = t[k].attrs['units']
    assert isinstance(units, str), (k, type(units))
    assert isinstance(t[k].attrs['description'], str)
assert t['t_s'].attrs['units'] == 's'

# A table written in one go, with every column type.
e = f['entities']
edf = pd.DataFrame({k: (e[k].asstr()[:] if h5py.check_string_dtype(e[k].dtype) else e[k][:])
                    for k in e.attrs['columns']})
assert list(edf['name']) == ['THAAD-1', 'Aegis BMD', '']
assert list(edf['id']) == [3, 1, 2]
assert edf['active'].dtype == np.bool_ and list(edf['active']) == [True, False, True]
print('python checks passed')
)PY";

TEST(PythonInterop, PandasLoadsTablesInOneLine) {
  if (!PythonHasH5pyAndPandas()) GTEST_SKIP() << kPython << " lacks h5py or pandas";
  ScratchDir dir;
  const auto path = dir / "interop.h5";
  {
    OutputFile out = OutputFile::Create(path);
    Group meta = WriteProvenance(out, {"bmdsim run x.yaml", (1ull << 63) + 5});
    WriteTextBlob(meta, "scenario_yaml", "name: demo\nsite: Zürich\n", "scenario");
    TableWriter w(out.Root(), "detections", "detections",
                  {{"t_s", ColumnType::kFloat64, "s", "time"},
                   {"entity_id", ColumnType::kInt64, "", "id"},
                   {"beam", ColumnType::kInt32, "", "beam"},
                   {"quality", ColumnType::kUInt8, "", "quality"},
                   {"detected", ColumnType::kBool, "", "flag"},
                   {"sensor", ColumnType::kString, "", "sensor"}});
    for (std::int64_t i = 0; i < 10000; ++i) {
      w.AppendRow(0.25 * static_cast<double>(i), 1000 + i, static_cast<std::int32_t>(i % 7 - 3),
                  static_cast<std::uint8_t>(i % 256), i % 3 == 0, "평택-" + std::to_string(i % 5));
    }
    w.Close();
    const std::vector<Column> entities = {Column::Int64("id", {3, 1, 2}, "", "entity id"),
                                          Column::String("name", {"THAAD-1", "Aegis BMD", ""}, "name"),
                                          Column::Bool("active", {true, false, true}, "active")};
    WriteTable(out.Root(), "entities", "entity names", entities);
    out.Commit();
  }
  const auto script = dir / "check.py";
  { std::ofstream(script) << kScript; }
  const std::string command = std::string(kPython) + " " + script.string() + " " + path.string();
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

}  // namespace
}  // namespace bmd::io
