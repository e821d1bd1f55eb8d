# Installs aqgate's libraries, headers, protos and an exported CMake package,
# so that a C++ user can find_package(aqgate CONFIG REQUIRED) and link
# aqgate::proto (generated messages and stubs) and the other exported targets
# (a layer exports a target with
#   set_property(GLOBAL APPEND PROPERTY AQGATE_EXPORTED_TARGETS <target>)).
include(CMakePackageConfigHelpers)

set(AQGATE_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/aqgate")

get_property(aqgate_exported_targets GLOBAL PROPERTY AQGATE_EXPORTED_TARGETS)
install(TARGETS aqgate_proto ${aqgate_exported_targets} EXPORT aqgateTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY "${AQGATE_GEN_DIR}/" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")
install(DIRECTORY proto/aqgate DESTINATION ${CMAKE_INSTALL_DATADIR}/aqgate/proto
  FILES_MATCHING PATTERN "*.proto")
install(EXPORT aqgateTargets NAMESPACE aqgate:: DESTINATION ${AQGATE_INSTALL_CMAKEDIR})

configure_package_config_file(cmake/aqgateConfig.cmake.in
  "${CMAKE_CURRENT_BINARY_DIR}/aqgateConfig.cmake"
  INSTALL_DESTINATION ${AQGATE_INSTALL_CMAKEDIR})
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/aqgateConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${CMAKE_CURRENT_BINARY_DIR}/aqgateConfig.cmake"
  "${CMAKE_CURRENT_BINARY_DIR}/aqgateConfigVersion.cmake"
  DESTINATION ${AQGATE_INSTALL_CMAKEDIR})
