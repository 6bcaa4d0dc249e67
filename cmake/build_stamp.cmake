# Run at every build (cmake -P): stamps the commit the sources came from into
# build_info.h, with "-dirty" when tracked files differ from it, so that
# --version and every HDF5 file name the code that actually ran. The header
# is rewritten only when the stamp changes, so an unchanged tree rebuilds
# nothing. Inputs: SOURCE_DIR, TEMPLATE, OUTPUT, PROJECT_VERSION,
# CMAKE_CXX_COMPILER_ID, CMAKE_CXX_COMPILER_VERSION, CMAKE_BUILD_TYPE.
execute_process(COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE WIJKSIM_GIT_COMMIT
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
execute_process(COMMAND git status --porcelain --untracked-files=no
  WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE WIJKSIM_GIT_DIRTY
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT WIJKSIM_GIT_COMMIT)
  set(WIJKSIM_GIT_COMMIT "unknown")
elseif(WIJKSIM_GIT_DIRTY)
  string(APPEND WIJKSIM_GIT_COMMIT "-dirty")
endif()
configure_file(${TEMPLATE} ${OUTPUT} @ONLY)
