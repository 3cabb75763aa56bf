# cmake --install (and make install PREFIX=...): the program, the man page,
# libparallax.a with the public headers, parallax.pc for pkg-config, and the
# data files the engine reads (share/parallax). The installed program and
# library are built from the same objects as the build tree's, with the data
# folder compiled in as ${PX_INSTALL_DATA_DIR} (CMakeLists.txt): install to the
# CMAKE_INSTALL_PREFIX the build was configured with. The program also finds
# ../share/parallax beside itself, so an install moved with --prefix works;
# a library user there passes px_engine_options.data_dir (pkg-config
# --variable=datadir parallax).
install(TARGETS parallax-cli-installed RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS parallax_installed ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/parallax
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")
install(FILES ${CMAKE_SOURCE_DIR}/docs/parallax.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/parallax)

# pkg-config: the library is static, so its dependencies are in Requires and
# Libs (not the .private fields) and `pkg-config --libs parallax` links.
set(PX_PC_REQUIRES "")
foreach(m libutf8proc icu-uc icu-i18n sqlite3 zlib libzstd libcjson libexttextcat libpq libmicrohttpd)
    if(DEFINED DEPS_${m}_VERSION)
        string(APPEND PX_PC_REQUIRES " ${m}")
    endif()
endforeach()
string(STRIP "${PX_PC_REQUIRES}" PX_PC_REQUIRES)
# prefix relative to the .pc file itself, so an install moved with --prefix
# still compiles and links.
file(RELATIVE_PATH PX_PC_TO_PREFIX "${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig"
    "${CMAKE_INSTALL_PREFIX}")
string(REGEX REPLACE "/$" "" PX_PC_TO_PREFIX "${PX_PC_TO_PREFIX}")
configure_file(${CMAKE_SOURCE_DIR}/cmake/parallax.pc.in ${CMAKE_BINARY_DIR}/parallax.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/parallax.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
