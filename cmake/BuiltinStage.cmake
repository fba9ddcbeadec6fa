# eventwire_builtin_stage(NAME name LIBRARY target REGISTRATION file.cc)
#
# Makes the stage in the current folder a built-in stage: its registration
# file (EVENTWIRE_REGISTER_STAGE) becomes an object library that every
# program serving or running built-in stages links (the stage binaries,
# eventwire-stage-host --stage, eventwire-stagebench: the global property
# EW_BUILTIN_STAGES lists them), and the binary eventwire-NAME serves it.
# Object files, not a static library: a linker would drop a registration
# nothing refers to.
function(eventwire_builtin_stage)
  cmake_parse_arguments(S "" "NAME;LIBRARY;REGISTRATION" "" ${ARGN})
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
  install(TARGETS eventwire-${S_NAME} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()

# Links every built-in stage registered so far into `target`.
function(eventwire_link_builtin_stages target)
  get_property(stages GLOBAL PROPERTY EW_BUILTIN_STAGES)
  target_link_libraries(${target} PRIVATE ${stages})
endfunction()
