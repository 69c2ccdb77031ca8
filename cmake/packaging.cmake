# SPDX-License-Identifier: GPL-3.0-or-later
# Debian packages for Debian 12 and the Debian-based office desktops (UOS, Kylin):
#   hearth         the app and hearthctl, with a desktop entry (暖心走访) and an icon
#   hearth-server  the sync server, its systemd unit and /etc/hearth/hearth-server.conf
# Built by scripts/package-deb.sh (cpack -G DEB); tested by tests/packaging/debtest.sh.
set(pkg ${PROJECT_SOURCE_DIR}/platforms/linux/package)

if(HEARTH_BUILD_APP)
  install(TARGETS hearth hearthctl RUNTIME DESTINATION bin COMPONENT app)
  install(FILES ${pkg}/org.hearth.field.desktop DESTINATION share/applications COMPONENT app)
  install(FILES ${pkg}/org.hearth.field.svg DESTINATION share/icons/hicolor/scalable/apps COMPONENT app)
endif()
install(TARGETS hearth-server RUNTIME DESTINATION bin COMPONENT server)
install(FILES ${pkg}/hearth-server.service DESTINATION lib/systemd/system COMPONENT server)
install(FILES ${pkg}/hearth-server.conf DESTINATION /etc/hearth COMPONENT server)
install(FILES ${PROJECT_SOURCE_DIR}/server/README.md DESTINATION share/doc/hearth-server COMPONENT server)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME hearth)
set(CPACK_PACKAGE_VENDOR "Hearth")
set(CPACK_PACKAGE_CONTACT "Hearth developers <hearth@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL app server)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # library dependencies found by dpkg-shlibdeps
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)

set(CPACK_DEBIAN_APP_PACKAGE_NAME hearth)
set(CPACK_DEBIAN_APP_PACKAGE_SECTION misc)
# What dpkg-shlibdeps cannot see: the QML modules and Qt plugins the app loads at run time.
set(CPACK_DEBIAN_APP_PACKAGE_DEPENDS
  "qml6-module-qtquick, qml6-module-qtquick-controls, qml6-module-qtquick-layouts, qml6-module-qtquick-templates, qml6-module-qtquick-window, qml6-module-qtqml-workerscript, qml6-module-qtquick-dialogs, qml6-module-qtpositioning, qml6-module-qtmultimedia, qml6-module-qtqml, libqt6positioning6-plugins, qt6-qpa-plugins, libsqlcipher1 (>= 4.6.1)")
# (dpkg-shlibdeps alone would accept bookworm's SQLCipher 3.4, which cannot open a store.)
set(CPACK_DEBIAN_APP_PACKAGE_RECOMMENDS "fonts-noto-cjk")
set(CPACK_COMPONENT_APP_DESCRIPTION "Hearth (暖心走访): offline-first field app for visits to migrant workers
Record visits to returned migrant workers and to families whose workers are away, with photos
and location, offline for days, in an encrypted store; sync with the county's server when there
is reception. Includes hearthctl, the same store from a terminal.")

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME hearth-server)
set(CPACK_DEBIAN_SERVER_PACKAGE_SECTION net)
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "postgresql (>= 15)")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
  ${pkg}/server/postinst ${pkg}/server/prerm ${pkg}/server/postrm ${pkg}/server/conffiles)
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_COMPONENT_SERVER_DESCRIPTION "Hearth sync server (暖心走访同步服务)
Reconciles what Hearth devices record with a PostgreSQL database: scopes by area and station,
nothing lost or silently overwritten, every reveal and export audited. A systemd unit runs it
with the options of /etc/hearth/hearth-server.conf.")

include(CPack)
