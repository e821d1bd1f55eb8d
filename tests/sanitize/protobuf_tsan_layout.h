// Force-included (-include) into every source of a TSan build, and only there.
//
// protobuf 3.21's map_field.h adds two debug counters to MapFieldBase when
// __SANITIZE_THREAD__ is defined. Debian's libprotobuf is built without TSan,
// so our TSan-compiled code and the library would disagree on the layout of
// every message with a map field (google.protobuf.Struct, i.e. record data):
// a crash on the first map insert. Including map_field.h once with the macro
// hidden gives our code the library's layout; its include guard keeps it so.
// libstdc++'s own TSan switch (c++config.h, via <cstddef>) is read first,
// with the macro still defined.
#ifndef AQGATE_TESTS_SANITIZE_PROTOBUF_TSAN_LAYOUT_H_
#define AQGATE_TESTS_SANITIZE_PROTOBUF_TSAN_LAYOUT_H_

#include <cstddef>

#pragma push_macro("__SANITIZE_THREAD__")
#undef __SANITIZE_THREAD__
#include <google/protobuf/map_field.h>
#pragma pop_macro("__SANITIZE_THREAD__")

#endif  // AQGATE_TESTS_SANITIZE_PROTOBUF_TSAN_LAYOUT_H_
