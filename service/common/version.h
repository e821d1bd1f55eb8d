// aqgate's version: the one place it is written (CMakeLists.txt reads it
// for project(VERSION), `aqgate --version` prints it).
#ifndef AQGATE_SERVICE_COMMON_VERSION_H_
#define AQGATE_SERVICE_COMMON_VERSION_H_

namespace aqgate {

inline constexpr char kVersion[] = "0.1.0";

}  // namespace aqgate

#endif  // AQGATE_SERVICE_COMMON_VERSION_H_
