# tuanthu_add_plugin: builds one tuanthu plugin library. The one definition, used by
# this repository's own build and installed with the SDK (tuanthuConfig.cmake includes it).
#
#   tuanthu_add_plugin(<name> SOURCES <src>... [LIBS <lib>...] [OUTPUT_DIR <dir>] [NO_INSTALL])
#
# - Target `tuanthu_plugin_<name>` ('-' in <name> becomes '_'), a MODULE library linked
#   to tuanthu::core, built with hidden visibility so that only the two BOOST_DLL_ALIAS
#   symbols of TUANTHU_PLUGIN are exported.
# - File `tuanthu-<name>.so` (no "lib" prefix). <name> should be what the plugin's
#   name() returns; the host reports plugins by that name.
# - Written to OUTPUT_DIR, else ${TUANTHU_PLUGIN_OUTPUT_DIR} when the caller sets it,
#   else the current binary folder.
# - Unless NO_INSTALL: installed into lib/tuanthu/plugins under the install prefix (the
#   folder the tuanthu executable of the same prefix searches by default; the caller may
#   set TUANTHU_PLUGIN_INSTALL_DIR to change it), and recorded in the global properties
#   TUANTHU_PLUGINS (names) and TUANTHU_PLUGIN_TARGETS (targets), in call order, for
#   whatever needs the list of shipped plugins (tests, benchmarks, the install test).
include_guard(GLOBAL)

function(tuanthu_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 P "NO_INSTALL" "OUTPUT_DIR" "SOURCES;LIBS")
  if(P_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "tuanthu_add_plugin(${name}): unknown arguments ${P_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT name MATCHES "^[A-Za-z0-9][A-Za-z0-9_-]*$")
    message(FATAL_ERROR "tuanthu_add_plugin: \"${name}\" is not a plugin name (letters, digits, '-', '_')")
  endif()
  if(NOT P_SOURCES)
    message(FATAL_ERROR "tuanthu_add_plugin(${name}): SOURCES is required")
  endif()
  if(NOT TARGET tuanthu::core)
    message(FATAL_ERROR "tuanthu_add_plugin(${name}): no target tuanthu::core (find_package(tuanthu CONFIG) first)")
  endif()

  string(REPLACE "-" "_" target "tuanthu_plugin_${name}")
  add_library(${target} MODULE ${P_SOURCES})
  target_link_libraries(${target} PRIVATE tuanthu::core ${P_LIBS})

  if(DEFINED TUANTHU_PLUGIN_INSTALL_DIR)
    set(install_dir "${TUANTHU_PLUGIN_INSTALL_DIR}")
  else()
    set(install_dir "lib/tuanthu/plugins")
  endif()
  # The core library is normally already loaded by the executable; the RPATH only helps
  # tools that open a plugin on its own (ldd, a test harness).
  if(NOT DEFINED CMAKE_INSTALL_LIBDIR)
    include(GNUInstallDirs)
  endif()
  if(IS_ABSOLUTE "${install_dir}" OR IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
    set(rpath "${CMAKE_INSTALL_FULL_LIBDIR}")
  else()
    file(RELATIVE_PATH rpath "/prefix/${install_dir}" "/prefix/${CMAKE_INSTALL_LIBDIR}")
    string(REGEX REPLACE "/$" "" rpath "$ORIGIN/${rpath}")
  endif()
  set_target_properties(${target} PROPERTIES
    PREFIX "" OUTPUT_NAME "tuanthu-${name}"
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    INSTALL_RPATH "${rpath}")

  if(P_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${P_OUTPUT_DIR}")
  elseif(DEFINED TUANTHU_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${TUANTHU_PLUGIN_OUTPUT_DIR}")
  endif()

  if(NOT P_NO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION "${install_dir}")
    set_property(GLOBAL APPEND PROPERTY TUANTHU_PLUGINS "${name}")
    set_property(GLOBAL APPEND PROPERTY TUANTHU_PLUGIN_TARGETS "${target}")
  endif()
endfunction()
