# SPDX-License-Identifier: GPL-3.0-or-later
# hearth_android_jni_glue(TARGET [LIBS ...]): the plain-JNI glue of platforms/android/jni as the
# static library TARGET. JNI_OnLoad is an object file every library that links TARGET receives
# itself: as a member of a static archive that nothing refers to, the linker would drop it, and
# the JVM would never call it. Used by the Android build and, on Linux, by tests/platform, so the
# desktop JVM test loads a library made the same way.
function(hearth_android_jni_glue target)
  cmake_parse_arguments(G "" "" "LIBS" ${ARGN})
  set(dir ${PROJECT_SOURCE_DIR}/platforms/android/jni)
  add_library(${target} STATIC
    ${dir}/jnisupport.cpp ${dir}/jnisupport.h ${dir}/keystorewrap.cpp ${dir}/keystorewrap.h
    ${dir}/locationfeed.cpp ${dir}/locationfeed.h ${dir}/backgroundjob.cpp ${dir}/backgroundjob.h)
  target_link_libraries(${target} PUBLIC hearth_core ${G_LIBS})
  add_library(${target}_onload OBJECT ${dir}/onload.cpp)
  target_link_libraries(${target}_onload PRIVATE hearth_core ${G_LIBS})
  set_target_properties(${target}_onload PROPERTIES POSITION_INDEPENDENT_CODE ON)
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_sources(${target} INTERFACE $<TARGET_OBJECTS:${target}_onload>)
endfunction()
