// The measurement CSV reader of `bmdsim track`: grouping, defaults, frames, and a located
// error (file:line: what) for every kind of bad row.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "models/earth/geodesy.h"
#include "sim/errors.h"
#include "sim/track_csv.h"

namespace bmd::sim {
namespace {

constexpr const char* kHeader = "scan,time_s,kind,id,x_m,y_m,z_m,vx,vy,vz\n";

TEST(TrackCsv, GroupsRowsIntoScans) {
  const std::string text = std::string("# comment line\n") + kHeader +
                           "0,0.0,truth,7,100,200,300,1,2,3\r\n"
                           "0,0.0,meas,7,101,199,302,,,\n"
                           "\n"
                           "0,0.0,meas,,5000,5000,5000,,,\n"
                           "2,1.5,meas,-1,1,2,3,9,9,9\n";
  CsvReadOptions opts;
  opts.sigma_m = 25.0;
  const TrackInput in = ParseTrackCsv(text, "mem.csv", opts);
  ASSERT_EQ(in.scans.size(), 2u);
  EXPECT_TRUE(in.has_truth);
  EXPECT_EQ(in.measurement_count, 3u);
  EXPECT_EQ(in.truth_count, 1u);
  const TrackScan& s0 = in.scans[0];
  EXPECT_EQ(s0.scan, 0);
  ASSERT_EQ(s0.truths.size(), 1u);
  EXPECT_EQ(s0.truths[0].id, 7);
  EXPECT_EQ(s0.truths[0].r, Eigen::Vector3d(100, 200, 300));
  EXPECT_EQ(s0.truths[0].v, Eigen::Vector3d(1, 2, 3));
  ASSERT_EQ(s0.measurements.size(), 2u);
  EXPECT_EQ(s0.measurements[0].truth_id, 7);
  EXPECT_EQ(s0.measurements[1].truth_id, -1);  // empty id: clutter
  EXPECT_EQ(s0.measurements[0].kind, sensors::MeasurementKind::kPosition);
  EXPECT_EQ(s0.measurements[0].z.head<3>(), Eigen::Vector3d(101, 199, 302));
  EXPECT_EQ(s0.measurements[0].sigma, Eigen::Vector4d(25, 25, 25, 0));  // --sigma default
  EXPECT_EQ(in.scans[1].scan, 2);
  EXPECT_DOUBLE_EQ(in.scans[1].t_s, 1.5);
  EXPECT_DOUBLE_EQ(in.scans[1].measurements[0].t_s, 1.5);
}

TEST(TrackCsv, SigmaColumnAndAnyColumnOrder) {
  const std::string text =
      "kind,scan,time_s,id,sigma_m,x_m,y_m,z_m,vx,vy,vz\n"
      "meas,0,0,3,12.5,1,2,3,,,\n"
      "meas,0,0,4,,1,2,3,,,\n";
  const TrackInput in = ParseTrackCsv(text, "m.csv", {});
  ASSERT_EQ(in.scans.size(), 1u);
  EXPECT_EQ(in.scans[0].measurements[0].sigma[0], 12.5);
  EXPECT_EQ(in.scans[0].measurements[1].sigma[0], 50.0);  // empty cell: the default 50 m
  EXPECT_FALSE(in.has_truth);
}

TEST(TrackCsv, EnuFrameConvertsToEcef) {
  // A point h metres straight up from the origin lies on the ellipsoid normal, i.e. it is the
  // geodetic point (lat, lon, alt + h): GeographicLib's geodetic -> ECEF is the reference.
  CsvReadOptions opts;
  opts.frame = TrackFrame::kEnu;
  opts.origin = {0.6, 2.2, 100.0};
  const std::string text = std::string(kHeader) + "0,0,truth,1,0,0,50000,0,0,10\n0,0,meas,1,0,0,50000,,,\n";
  const TrackInput in = ParseTrackCsv(text, "enu.csv", opts);
  const Eigen::Vector3d ref = earth::GeodeticToEcef({0.6, 2.2, 50100.0});
  // 1 mm: double-precision rounding of ~6.4e6 m coordinates through two conversions.
  EXPECT_LT((in.scans[0].measurements[0].z.head<3>() - ref).norm(), 1e-3);
  EXPECT_LT((in.scans[0].truths[0].r - ref).norm(), 1e-3);
  // The up velocity becomes 10 m/s along the local vertical (unit normal of the ellipsoid).
  const Eigen::Vector3d up = earth::REcefFromEnu(0.6, 2.2).col(2);
  EXPECT_LT((in.scans[0].truths[0].v - 10.0 * up).norm(), 1e-12);
}

struct BadCase {
  const char* rows;      // appended after the header (line 1)
  const char* expected;  // substring of the message, which starts "bad.csv:<line>:"
};

class TrackCsvBadRows : public ::testing::TestWithParam<BadCase> {};

TEST_P(TrackCsvBadRows, ReportsFileLineAndProblem) {
  const BadCase& c = GetParam();
  const std::string text = std::string(kHeader) + c.rows;
  try {
    ParseTrackCsv(text, "bad.csv", {});
    FAIL() << "no error for: " << c.rows;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(c.expected), std::string::npos)
        << "message: " << e.what() << "\nexpected: " << c.expected;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rows, TrackCsvBadRows,
    ::testing::Values(
        BadCase{"0,0,meas,1,1,2,3,,,\n0,0,meas,1,1,2,\n", "bad.csv:3: 7 fields, but the header has 10"},
        BadCase{"0,0,meas,1,1,2,abc,,,\n", "bad.csv:2: z_m: expected a number, got 'abc'"},
        BadCase{"0,0,meas,1,1,2,nan,,,\n", "bad.csv:2: z_m: 'nan' is not a finite number"},
        BadCase{"0,0,meas,1,1e999,2,3,,,\n", "bad.csv:2: x_m: expected a number"},
        BadCase{"0,0,radar,1,1,2,3,,,\n", "bad.csv:2: kind: expected 'truth' or 'meas', got 'radar'"},
        BadCase{"x,0,meas,1,1,2,3,,,\n", "bad.csv:2: scan: expected an integer, got 'x'"},
        BadCase{"-1,0,meas,1,1,2,3,,,\n", "bad.csv:2: scan: must be >= 0"},
        BadCase{"0,0,truth,,1,2,3,1,1,1\n", "bad.csv:2: id: expected an integer"},
        BadCase{"0,0,truth,-3,1,2,3,1,1,1\n", "bad.csv:2: id: a truth row needs an id >= 0"},
        BadCase{"0,0,truth,3,1,2,3,1,,1\n", "bad.csv:2: vy: expected a number"},
        BadCase{"0,0,truth,3,1,2,3,1,1,1\n0,0,truth,3,1,2,3,1,1,1\n", "bad.csv:3: truth id 3 appears twice in scan 0"},
        BadCase{"0,0,meas,1,1,2,3,,,\n0,0.5,meas,1,1,2,3,,,\n", "bad.csv:3: time_s 0.5 differs from 0 given for scan 0 at line 2"},
        BadCase{"1,1,meas,1,1,2,3,,,\n0,2,meas,1,1,2,3,,,\n", "bad.csv:3: scan 0 after scan 1"},
        BadCase{"0,1,meas,1,1,2,3,,,\n1,1,meas,1,1,2,3,,,\n", "bad.csv:3: scan 1 at time_s 1 does not follow"},
        BadCase{"0,0,meas,1.5,1,2,3,,,\n", "bad.csv:2: id: expected an integer, got '1.5'"},
        BadCase{"0,0,meas,1,1,2,3,x,,\n", "bad.csv:2: vx: expected a number"},
        BadCase{"0,0,truth,1,1,2,3,1,1,1\n", "bad.csv: no 'meas' rows"},
        BadCase{"0,0,meas,1,1,2,3,,,\n0,0,meas,1,1,2,3\x01\xff,,,\n", "bad.csv:3: z_m: expected a number, got '3?" "?'"}));

TEST(TrackCsv, HeaderErrors) {
  auto message = [](const std::string& text) {
    try {
      ParseTrackCsv(text, "h.csv", {});
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(""), "h.csv: empty file: expected the header scan,time_s,kind,id,x_m,y_m,z_m,vx,vy,vz[,sigma_m]");
  EXPECT_NE(message("scan,time_s,kind,id,x_m,y_m,z_m,vx,vy\n").find("h.csv:1: the header lacks column 'vz'"),
            std::string::npos);
  EXPECT_NE(message("scan,time_s,kind,id,x_m,y_m,z_m,vx,vy,vz,snr\n").find("h.csv:1: unknown column 'snr'"),
            std::string::npos);
  EXPECT_NE(message("scan,scan,time_s,kind,id,x_m,y_m,z_m,vx,vy,vz\n").find("h.csv:1: column 'scan' appears twice"),
            std::string::npos);
  EXPECT_NE(message(std::string(kHeader) + "0,0,meas,1,1,2,3,,,,0\n").find("h.csv:2: 11 fields"), std::string::npos);
}

TEST(TrackCsv, MissingFileIsAnInputError) {
  EXPECT_THROW(ReadTrackCsv("/no/such/dir/file.csv", {}), InputError);
}

}  // namespace
}  // namespace bmd::sim
