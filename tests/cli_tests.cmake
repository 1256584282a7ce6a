# Command-line tests: exit codes and messages of bmdsim, run through CTest (label "cli").
set(_bmdsim $<TARGET_FILE:bmdsim>)
set(_expect ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect_exit.cmake)

function(bmd_cli_test name rc)
  cmake_parse_arguments(ARG "" "TEXT;FORBID" "CMD" ${ARGN})
  set(_args -DEXPECT_RC=${rc})
  if(ARG_TEXT)
    list(APPEND _args "-DEXPECT_TEXT=${ARG_TEXT}")
  endif()
  if(ARG_FORBID)
    list(APPEND _args "-DFORBID_TEXT=${ARG_FORBID}")
  endif()
  string(REPLACE ";" "\\;" _cmd "${ARG_CMD}")
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} "-DCMD=${_cmd}" ${_args} -P ${_expect})
  set_tests_properties(${name} PROPERTIES LABELS cli)
endfunction()

bmd_cli_test(cli.version 0 CMD ${_bmdsim} --version TEXT "bmdsim ")
bmd_cli_test(cli.no_such_file 2 CMD ${_bmdsim} validate ${CMAKE_CURRENT_SOURCE_DIR}/no/such/file.yaml)
bmd_cli_test(cli.bad_option 2 CMD ${_bmdsim} run --no-such-option x.yaml)

# Every bundled scenario validates.
file(GLOB _scenarios CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/scenarios/*.yaml)
foreach(_s ${_scenarios})
  get_filename_component(_n ${_s} NAME_WE)
  bmd_cli_test(cli.validate.${_n} 0 CMD ${_bmdsim} validate ${_s} TEXT "is valid")
endforeach()

# Every bad scenario exits 2 with its expected message (tests/bad_scenarios/expected.txt:
# "file<TAB>substring" per line) and never with an internal error.
set(_expected_file ${CMAKE_CURRENT_SOURCE_DIR}/bad_scenarios/expected.txt)
if(EXISTS ${_expected_file})
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_expected_file})
  file(READ ${_expected_file} _content)
  string(REPLACE "[" "_LSB_" _content "${_content}")
  string(REPLACE "]" "_RSB_" _content "${_content}")
  string(REPLACE ";" "_SEMI_" _content "${_content}")
  string(REPLACE "\n" ";" _lines "${_content}")
  foreach(_line ${_lines})
    if(_line MATCHES "^([^\t#]+)\t(.+)$")
      set(_file ${CMAKE_MATCH_1})
      set(_text ${CMAKE_MATCH_2})
      bmd_cli_test(cli.bad.${_file} 2 CMD ${_bmdsim} validate ${CMAKE_CURRENT_SOURCE_DIR}/bad_scenarios/${_file}
                   TEXT "${_text}" FORBID "internal error")
    endif()
  endforeach()
endif()

# The baseline run: writes an HDF5 file that h5dump and the AAR tools read (fixture for the
# tests below).
bmd_cli_test(cli.run.baseline 0 CMD ${_bmdsim} run ${CMAKE_SOURCE_DIR}/scenarios/korea-baseline.yaml
             -o ${CMAKE_BINARY_DIR}/test-output/baseline.h5 --quiet TEXT "leakers")
set_tests_properties(cli.run.baseline PROPERTIES FIXTURES_SETUP baseline_h5)
find_program(H5DUMP h5dump)
if(H5DUMP)
  bmd_cli_test(cli.h5dump.baseline 0 CMD ${H5DUMP} -H ${CMAKE_BINARY_DIR}/test-output/baseline.h5
               TEXT "GROUP \"truth\"")
  set_tests_properties(cli.h5dump.baseline PROPERTIES FIXTURES_REQUIRED baseline_h5)
endif()
bmd_cli_test(cli.run.unwritable_output 2 CMD ${_bmdsim} run ${CMAKE_SOURCE_DIR}/scenarios/test-range.yaml
             -o /proc/no-such-dir/x.h5 --quiet TEXT "error:")

# After-action-review tools (Python, Debian's /usr/bin/python3), including the real baseline run.
if(EXISTS /usr/bin/python3)
  add_test(NAME aar.pytest COMMAND /usr/bin/python3 -m pytest -q -p no:cacheprovider
           ${CMAKE_SOURCE_DIR}/tests/aar)
  set_tests_properties(aar.pytest PROPERTIES LABELS "aar;integration" FIXTURES_REQUIRED baseline_h5
                       ENVIRONMENT "BMD_RUN_H5=${CMAKE_BINARY_DIR}/test-output/baseline.h5" TIMEOUT 600)
endif()

# bmdsim track: a bad CSV row is a located error (file:line: what), exit 2, never a crash.
bmd_cli_test(cli.track.bad_row 2 CMD ${_bmdsim} track ${CMAKE_CURRENT_SOURCE_DIR}/sim/track_bad_row.csv
             -o ${CMAKE_BINARY_DIR}/test-output/track_bad.h5
             TEXT "track_bad_row.csv:3: z_m: expected a number, got '1e5x'" FORBID "internal error")
bmd_cli_test(cli.track.bad_filter 2 CMD ${_bmdsim} track ${CMAKE_CURRENT_SOURCE_DIR}/sim/track_bad_row.csv
             --filter kalman -o ${CMAKE_BINARY_DIR}/test-output/track_bad.h5 TEXT "--filter 'kalman'")

# A small real sweep, analysed by the AAR sweep tool.
bmd_cli_test(cli.sweep.test_range 0 CMD ${_bmdsim} sweep ${CMAKE_SOURCE_DIR}/scenarios/test-range.yaml
             --runs 3 --threads 2 --quiet --vary "threats.tv1.launch.time=30s,40s"
             -o ${CMAKE_BINARY_DIR}/test-output/sweep.h5 TEXT "sweep complete")
set_tests_properties(cli.sweep.test_range PROPERTIES FIXTURES_SETUP sweep_h5)
if(EXISTS /usr/bin/python3)
  bmd_cli_test(aar.sweep.real 0 CMD ${CMAKE_SOURCE_DIR}/tools/aar/aar sweep ${CMAKE_BINARY_DIR}/test-output/sweep.h5
               -o ${CMAKE_BINARY_DIR}/test-output/sweep-report TEXT "report.html")
  bmd_cli_test(aar.czml.real 0 CMD ${CMAKE_SOURCE_DIR}/tools/aar/aar czml ${CMAKE_BINARY_DIR}/test-output/baseline.h5
               -o ${CMAKE_BINARY_DIR}/test-output/baseline.czml)
  set_tests_properties(aar.sweep.real PROPERTIES FIXTURES_REQUIRED sweep_h5 LABELS "aar;cli")
  set_tests_properties(aar.czml.real PROPERTIES FIXTURES_REQUIRED baseline_h5 LABELS "aar;cli")
endif()

# The AAR report works on the output of every bundled scenario, not only the baseline.
bmd_cli_test(cli.run.test_range 0 CMD ${_bmdsim} run ${CMAKE_SOURCE_DIR}/scenarios/test-range.yaml
             -o ${CMAKE_BINARY_DIR}/test-output/test-range.h5 --quiet TEXT "leakers")
set_tests_properties(cli.run.test_range PROPERTIES FIXTURES_SETUP test_range_h5)
if(EXISTS /usr/bin/python3)
  bmd_cli_test(aar.report.test_range 0 CMD ${CMAKE_SOURCE_DIR}/tools/aar/aar report
               ${CMAKE_BINARY_DIR}/test-output/test-range.h5 -o ${CMAKE_BINARY_DIR}/test-output/test-range-report
               TEXT "report.html")
  set_tests_properties(aar.report.test_range PROPERTIES FIXTURES_REQUIRED test_range_h5 LABELS "aar;cli")
endif()

# bmdsim export: the releasable copy of the baseline run for one nation (docs/export.md).
set(_base_h5 ${CMAKE_BINARY_DIR}/test-output/baseline.h5)
set(_rok_h5 ${CMAKE_BINARY_DIR}/test-output/baseline-rok.h5)
bmd_cli_test(cli.export.help 0 CMD ${_bmdsim} export --help TEXT "--for")
bmd_cli_test(cli.export.rok 0 CMD ${_bmdsim} export --for ROK ${_base_h5} ${_rok_h5} TEXT "export for ROK")
set_tests_properties(cli.export.rok PROPERTIES FIXTURES_REQUIRED baseline_h5 FIXTURES_SETUP baseline_rok_h5)
if(H5DUMP)
  bmd_cli_test(cli.export.opens 0 CMD ${H5DUMP} -a /meta/exported_for ${_rok_h5} TEXT "\"ROK\"")
  set_tests_properties(cli.export.opens PROPERTIES FIXTURES_REQUIRED baseline_rok_h5)
endif()
bmd_cli_test(cli.export.again 2 CMD ${_bmdsim} export --for ROK ${_rok_h5} ${_rok_h5}.again.h5
             TEXT "already a releasable export" FORBID "internal error")
set_tests_properties(cli.export.again PROPERTIES FIXTURES_REQUIRED baseline_rok_h5)
bmd_cli_test(cli.export.no_input 2 CMD ${_bmdsim} export --for ROK ${CMAKE_BINARY_DIR}/test-output/no-such.h5
             ${_rok_h5}.x.h5 TEXT "no such file" FORBID "internal error")
bmd_cli_test(cli.export.not_hdf5 2 CMD ${_bmdsim} export --for ROK ${CMAKE_SOURCE_DIR}/scenarios/korea-baseline.yaml
             ${_rok_h5}.x.h5 TEXT "not a bmdsim run file" FORBID "internal error")
bmd_cli_test(cli.export.sweep 2 CMD ${_bmdsim} export --for US ${CMAKE_BINARY_DIR}/test-output/sweep.h5
             ${_rok_h5}.x.h5 TEXT "not a bmdsim run file" FORBID "internal error")
set_tests_properties(cli.export.sweep PROPERTIES FIXTURES_REQUIRED sweep_h5)
bmd_cli_test(cli.export.unknown_nation 2 CMD ${_bmdsim} export --for XX ${_base_h5} ${_rok_h5}.x.h5
             TEXT "unknown nation 'XX'" FORBID "internal error")
bmd_cli_test(cli.export.same_path 2 CMD ${_bmdsim} export --for ROK ${_base_h5} ${_base_h5}
             TEXT "is the input file" FORBID "internal error")
bmd_cli_test(cli.export.missing_for 2 CMD ${_bmdsim} export ${_base_h5} ${_rok_h5}.x.h5 TEXT "--for")
set_tests_properties(cli.export.unknown_nation cli.export.same_path cli.export.missing_for PROPERTIES
                     FIXTURES_REQUIRED baseline_h5)
if(EXISTS /usr/bin/python3)
  # The AAR report reads an export like any run file.
  bmd_cli_test(aar.report.export 0 CMD ${CMAKE_SOURCE_DIR}/tools/aar/aar report ${_rok_h5}
               -o ${CMAKE_BINARY_DIR}/test-output/baseline-rok-report TEXT "report.html")
  set_tests_properties(aar.report.export PROPERTIES FIXTURES_REQUIRED baseline_rok_h5 LABELS "aar;cli")
endif()

# bmdsim compare: sharing architectures side by side (docs/compare.md). The end-to-end checks
# on korea-baseline are in tests/integration/compare_test.cc.
set(_range ${CMAKE_SOURCE_DIR}/scenarios/test-range.yaml)
bmd_cli_test(cli.compare.help 0 CMD ${_bmdsim} compare --help TEXT "--architectures")
bmd_cli_test(cli.compare.test_range 0 CMD ${_bmdsim} compare ${_range} --architectures national,trilateral
             --runs 2 --threads 2 --quiet -o ${CMAKE_BINARY_DIR}/test-output/compare.h5
             TEXT "messages withheld (messages)")
set_tests_properties(cli.compare.test_range PROPERTIES FIXTURES_SETUP compare_h5)
if(H5DUMP)
  bmd_cli_test(cli.compare.table 0 CMD ${H5DUMP} -H -g /compare ${CMAKE_BINARY_DIR}/test-output/compare.h5
               TEXT "DATASET \"ci_high\"")
  set_tests_properties(cli.compare.table PROPERTIES FIXTURES_REQUIRED compare_h5)
endif()
bmd_cli_test(cli.compare.unknown_architecture 2 CMD ${_bmdsim} compare ${_range} --architectures national,regional
             TEXT "unknown architecture 'regional' (valid: custom, national, bilateral, trilateral)"
             FORBID "internal error")
bmd_cli_test(cli.compare.twice 2 CMD ${_bmdsim} compare ${_range} --architectures national,national
             TEXT "'national' is given twice" FORBID "internal error")
bmd_cli_test(cli.compare.custom_without_rules 2 CMD ${_bmdsim} compare ${CMAKE_SOURCE_DIR}/scenarios/korea-baseline.yaml
             --architectures custom,trilateral TEXT "has no sharing.rules" FORBID "internal error")
bmd_cli_test(cli.compare.no_scenario 2 CMD ${_bmdsim} compare ${CMAKE_CURRENT_SOURCE_DIR}/no/such/file.yaml
             TEXT "error:" FORBID "internal error")
bmd_cli_test(cli.compare.zero_runs 2 CMD ${_bmdsim} compare ${_range} --runs 0
             TEXT "--runs must be at least 1" FORBID "internal error")
bmd_cli_test(cli.compare.bad_confidence 2 CMD ${_bmdsim} compare ${_range} --runs 2 --confidence 1.5
             TEXT "--confidence 1.5" FORBID "internal error")
