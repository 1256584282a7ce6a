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
  file(STRINGS ${_expected_file} _lines)
  foreach(_line ${_lines})
    if(_line MATCHES "^([^\t#]+)\t(.+)$")
      set(_file ${CMAKE_MATCH_1})
      set(_text ${CMAKE_MATCH_2})
      bmd_cli_test(cli.bad.${_file} 2 CMD ${_bmdsim} validate ${CMAKE_CURRENT_SOURCE_DIR}/bad_scenarios/${_file}
                   TEXT "${_text}" FORBID "internal error")
    endif()
  endforeach()
endif()
