# Sanitizer and fuzzing builds (each in its own build folder):
#   -DAQGATE_SANITIZE=address,undefined   ASan + UBSan on every target (gcc or clang)
#   -DAQGATE_SANITIZE=thread              TSan on every target
#   -DAQGATE_FUZZ=ON                      the libFuzzer targets of tests/fuzz (clang only);
#                                         everything is built with ASan + UBSan then, and
#                                         the fuzz targets add -fsanitize=fuzzer
# UBSan never recovers: the first report aborts the process, so a test or a
# fuzz run fails on it.
set(AQGATE_SANITIZE "" CACHE STRING "Sanitizers for every target: address,undefined | thread | empty")
option(AQGATE_FUZZ "Build the libFuzzer targets (clang only; implies address,undefined)" OFF)

if(AQGATE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "AQGATE_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  if(AQGATE_SANITIZE STREQUAL "")
    set(AQGATE_SANITIZE "address,undefined")
  endif()
endif()

if(NOT AQGATE_SANITIZE STREQUAL "")
  if(NOT AQGATE_SANITIZE MATCHES "^(address|undefined|address,undefined|undefined,address|thread)$")
    message(FATAL_ERROR "AQGATE_SANITIZE must be address,undefined or thread, not '${AQGATE_SANITIZE}'")
  endif()
  # -O1: the usual sanitizer trade-off (fast enough to run, much cheaper to
  # compile than -O2 on the large generated protobuf sources).
  set(aqgate_san_flags -fsanitize=${AQGATE_SANITIZE} -O1 -fno-omit-frame-pointer -g)
  if(AQGATE_SANITIZE MATCHES "undefined")
    # vptr checks need RTTI of uninstrumented system libraries (protobuf,
    # gRPC); they give false reports across the shared-library boundary.
    list(APPEND aqgate_san_flags -fno-sanitize-recover=undefined -fno-sanitize=vptr)
  endif()
  if(AQGATE_SANITIZE STREQUAL "thread")
    # GCC warns (-Wtsan) that abseil's flag headers use atomic_thread_fence,
    # which TSan does not model; that code is abseil's seqlock, read-only
    # after start-up, so the warning is noise under -Werror.
    list(APPEND aqgate_san_flags -Wno-tsan)
  endif()
  add_compile_options(${aqgate_san_flags})
  add_link_options(-fsanitize=${AQGATE_SANITIZE})
  add_compile_definitions(AQGATE_SANITIZER_BUILD=1)
  message(STATUS "aqgate: sanitizers ${AQGATE_SANITIZE}")
  if(AQGATE_SANITIZE STREQUAL "thread")
    # protobuf's MapFieldBase changes layout under __SANITIZE_THREAD__; our
    # code must keep the uninstrumented library's layout (see that header).
    add_compile_options(-include "${PROJECT_SOURCE_DIR}/tests/sanitize/protobuf_tsan_layout.h")
    # Debian's abseil and gRPC are not TSan-instrumented: every executable of
    # a TSan build links tests/sanitize/tsan_{absl,grpc}_shim.cc, which
    # interpose absl::Mutex / CondVar / Notification and gRPC's batch tag
    # hand-off and tell TSan their happens-before (see those files). Their
    # definitions must be in the dynamic symbol table so that libabsl's,
    # libgrpc's and libgrpc++'s calls reach them too.
    add_library(aqgate_tsan_shim OBJECT
                "${PROJECT_SOURCE_DIR}/tests/sanitize/tsan_absl_shim.cc"
                "${PROJECT_SOURCE_DIR}/tests/sanitize/tsan_grpc_shim.cc")
    aqgate_target_warnings(aqgate_tsan_shim)
    link_libraries("$<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:aqgate_tsan_shim>")
    set(aqgate_tsan_exports
        _ZN4absl*5Mutex* _ZNK4absl*5Mutex* _ZN4absl*7CondVar* _ZN4absl*12Notification*
        _ZNK4absl*12Notification* grpc_call_start_batch grpc_server_request_call
        grpc_server_request_registered_call grpc_completion_queue_next
        grpc_completion_queue_pluck)
    list(TRANSFORM aqgate_tsan_exports PREPEND "--export-dynamic-symbol=")
    list(JOIN aqgate_tsan_exports "," aqgate_tsan_exports)
    add_link_options(
      "$<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:LINKER:${aqgate_tsan_exports}>")
  endif()
endif()

# The main build drives the sanitizer builds from ctest (sanitize.asan,
# sanitize.tsan; label "sanitize"; RUN_SERIAL), so CI (.ci/run ->
# scripts/test) runs them: ASan+UBSan over the whole C++ suite, TSan over the
# concurrency suites (see scripts/sanitize for both selections and timings).
# Each builds in its own folder (build-asan, build-tsan) through ccache.
# TSan is meaningful with Debian's uninstrumented abseil and gRPC thanks to
# the shim in tests/sanitize/ (linked into TSan executables only).
# -DAQGATE_SANITIZE_CHECK=OFF leaves them out of a local run.
option(AQGATE_SANITIZE_CHECK "Register the ctest entries running scripts/sanitize asan|tsan" ON)
# The libFuzzer campaign (fuzz.libfuzzer: scripts/fuzz, its own clang build
# folder, AQGATE_FUZZ_SECONDS per target) runs in every main build that has
# clang; it is green and costs ~3 min of fuzzing plus its build.
option(AQGATE_FUZZ_CHECK "Register the ctest entry running scripts/fuzz" ON)
