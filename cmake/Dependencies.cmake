# Every dependency comes from a Debian package installed by tools/setup.sh.
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(OpenMP REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C)
find_package(yaml-cpp 0.7 REQUIRED)
if(NOT TARGET yaml-cpp::yaml-cpp)
  add_library(yaml-cpp::yaml-cpp ALIAS yaml-cpp)
endif()
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(GeographicLib REQUIRED IMPORTED_TARGET geographiclib)
find_package(MPI COMPONENTS CXX)
find_package(Threads REQUIRED)
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)
find_package(Boost 1.74 REQUIRED)
if(BMD_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()
if(BMD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()

# Git revision for /meta provenance, taken at configure time.
execute_process(COMMAND git rev-parse --short=12 HEAD
                WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                OUTPUT_VARIABLE BMD_GIT_REVISION OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET RESULT_VARIABLE _git_rc)
if(NOT _git_rc EQUAL 0 OR BMD_GIT_REVISION STREQUAL "")
  set(BMD_GIT_REVISION "unknown")
endif()
