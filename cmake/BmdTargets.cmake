# Compile options for the project's own code: warnings are errors here only
# (third-party headers come in through imported targets, i.e. as SYSTEM includes).
add_library(bmd_options INTERFACE)
target_compile_options(bmd_options INTERFACE
  -Wall -Wextra -Wpedantic -Werror -Wno-error=deprecated-declarations)
target_include_directories(bmd_options INTERFACE ${CMAKE_SOURCE_DIR})
target_include_directories(bmd_options SYSTEM INTERFACE ${RANDOM123_INCLUDE_DIR})
if(BMD_FUZZ)
  target_compile_options(bmd_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
if(BMD_SANITIZE)
  # GCC 12 raises -Wmaybe-uninitialized inside std::regex/std::function and -Wrestrict on
  # std::string assignments once ASan instruments the code: known false positives of that
  # compiler (they vanish without the sanitizer). They stay errors in every other build.
  target_compile_options(bmd_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                         -fno-sanitize-recover=undefined
                         $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized -Wno-restrict>)
  target_link_options(bmd_options INTERFACE -fsanitize=address,undefined)
endif()

# bmd_library(NAME area DEPS ...): a static library from every .cc in the folder
# (header-only folders become INTERFACE libraries). Globbing keeps the build files
# out of the way when a file is added.
function(bmd_library name dir)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB _srcs CONFIGURE_DEPENDS ${dir}/*.cc)
  list(FILTER _srcs EXCLUDE REGEX ".*/main\\.cc$")
  if(_srcs)
    add_library(${name} STATIC ${_srcs})
    target_link_libraries(${name} PUBLIC bmd_options ${ARG_DEPS})
    set(BMD_LIB_VISIBILITY PUBLIC PARENT_SCOPE)
  else()
    add_library(${name} INTERFACE)
    target_link_libraries(${name} INTERFACE bmd_options ${ARG_DEPS})
    set(BMD_LIB_VISIBILITY INTERFACE PARENT_SCOPE)
  endif()
endfunction()

# bmd_test(NAME dir DEPS ...): one GoogleTest executable from every .cc in a test folder.
function(bmd_test name dir)
  cmake_parse_arguments(ARG "" "" "DEPS;LABELS" ${ARGN})
  file(GLOB _srcs CONFIGURE_DEPENDS ${dir}/*.cc)
  if(NOT _srcs)
    return()
  endif()
  add_executable(${name} ${_srcs})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE BMD_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
                                             BMD_BINARY_DIR="${CMAKE_BINARY_DIR}")
  set(_labels unit)
  if(ARG_LABELS)
    set(_labels ${ARG_LABELS})
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${_labels}")
endfunction()
