# eventwire_add_plugin(NAME SOURCES...): builds an in-process plugin, NAME.so,
# that exports the plugin ABI's symbols and nothing else, linked against the
# eventwire SDK. Used in this tree and, installed, by find_package(eventwire).
set(_EVENTWIRE_PLUGIN_MAP ${CMAKE_CURRENT_LIST_DIR}/plugin.map)

function(eventwire_add_plugin name)
  add_library(${name} MODULE ${ARGN})
  target_link_libraries(${name} PRIVATE eventwire::sdk)
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(${name} PRIVATE
    "LINKER:--version-script=${_EVENTWIRE_PLUGIN_MAP}")
  # Every symbol resolved at link time, except in clang's sanitizer builds,
  # whose runtime only the executable that loads the plugin carries.
  if(NOT (CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND
          (EVENTWIRE_SANITIZE OR EVENTWIRE_FUZZ)))
    target_link_options(${name} PRIVATE "LINKER:--no-undefined")
  endif()
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS ${_EVENTWIRE_PLUGIN_MAP})
endfunction()
