# eventwire_builtin_stage(NAME name LIBRARY target REGISTRATION file.cc
#                         [NO_INSTALL] [TESTS test.cc...])
#
# Makes the stage in the current folder a built-in stage: its registration
# file (EVENTWIRE_REGISTER_STAGE) becomes an object library that every
# program serving or running built-in stages links (the stage binaries,
# eventwire-stage-host --stage, eventwire-stagebench: the global property
# EW_BUILTIN_STAGES lists them), and the binary eventwire-NAME serves it.
# Object files, not a static library: a linker would drop a registration
# nothing refers to. NO_INSTALL keeps the binary out of installs (a stage for
# tests); TESTS builds GoogleTest files against the stage when tests are on.
function(eventwire_builtin_stage)
  cmake_parse_arguments(S "NO_INSTALL" "NAME;LIBRARY;REGISTRATION" "TESTS" ${ARGN})
  if(NOT S_NAME OR NOT S_LIBRARY OR NOT S_REGISTRATION)
    message(FATAL_ERROR "eventwire_builtin_stage needs NAME, LIBRARY and REGISTRATION")
  endif()
  set(registration ${S_LIBRARY}_registration)
  add_library(${registration} OBJECT ${S_REGISTRATION})
  target_link_libraries(${registration} PUBLIC ${S_LIBRARY})
  set_property(GLOBAL APPEND PROPERTY EW_BUILTIN_STAGES ${registration})
  add_executable(eventwire-${S_NAME} ${PROJECT_SOURCE_DIR}/src/eventwire/builtin_stage_main.cc)
  target_compile_definitions(eventwire-${S_NAME} PRIVATE EVENTWIRE_STAGE_NAME="${S_NAME}")
  target_link_libraries(eventwire-${S_NAME} PRIVATE ${registration} eventwire_stage_main)
  if(NOT S_NO_INSTALL)
    install(TARGETS eventwire-${S_NAME} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
  if(S_TESTS AND EVENTWIRE_BUILD_TESTS)
    find_package(GTest CONFIG REQUIRED)
    include(GoogleTest)
    add_executable(${S_NAME}_stage_test ${S_TESTS})
    target_link_libraries(${S_NAME}_stage_test PRIVATE ${registration}
      GTest::gtest GTest::gtest_main)
    target_compile_definitions(${S_NAME}_stage_test PRIVATE
      EW_BUILD_DIR="${PROJECT_BINARY_DIR}")
    add_dependencies(${S_NAME}_stage_test eventwire-${S_NAME})
    gtest_discover_tests(${S_NAME}_stage_test DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300)
  endif()
endfunction()

# Links every built-in stage registered so far into `target`.
function(eventwire_link_builtin_stages target)
  get_property(stages GLOBAL PROPERTY EW_BUILTIN_STAGES)
  target_link_libraries(${target} PRIVATE ${stages})
endfunction()
