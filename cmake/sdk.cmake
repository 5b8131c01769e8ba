# The installed SDK: a CMake config package for out-of-tree plugins.
#   find_package(tuanthu CONFIG) → target tuanthu::core, tuanthu_ABI_VERSION,
#   tuanthu_add_plugin() (cmake/tuanthuPlugin.cmake, the same file this build uses).
include(CMakePackageConfigHelpers)
set(TUANTHU_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/tuanthu)

install(EXPORT tuanthuTargets NAMESPACE tuanthu:: DESTINATION ${TUANTHU_CMAKE_INSTALL_DIR})
configure_package_config_file(cmake/tuanthuConfig.cmake.in
  ${CMAKE_BINARY_DIR}/cmake/tuanthuConfig.cmake
  INSTALL_DESTINATION ${TUANTHU_CMAKE_INSTALL_DIR})
# SameMinorVersion: while the version is 0.x a minor release may change the API that
# plugins compile against, so a plugin asking for 0.1 accepts 0.1.x only. (Whether an
# already built plugin loads is decided at run time by the plugin ABI version.)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/cmake/tuanthuConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_BINARY_DIR}/cmake/tuanthuConfig.cmake
  ${CMAKE_BINARY_DIR}/cmake/tuanthuConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/tuanthuPlugin.cmake
  DESTINATION ${TUANTHU_CMAKE_INSTALL_DIR})
