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
    "LINKER:--version-script=${_EVENTWIRE_PLUGIN_MAP}"
    "LINKER:--no-undefined")
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS ${_EVENTWIRE_PLUGIN_MAP})
endfunction()
