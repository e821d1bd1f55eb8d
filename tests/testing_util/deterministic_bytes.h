// A message's bytes with map entries in key order, so equal messages give
// equal bytes (plain SerializeAsString leaves map order unspecified).
#ifndef AQGATE_TESTS_TESTING_UTIL_DETERMINISTIC_BYTES_H_
#define AQGATE_TESTS_TESTING_UTIL_DETERMINISTIC_BYTES_H_

#include <string>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/message.h"

namespace aqgate::testing_util {

inline std::string DeterministicBytes(const google::protobuf::Message& message) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return out;
}

}  // namespace aqgate::testing_util

#endif  // AQGATE_TESTS_TESTING_UTIL_DETERMINISTIC_BYTES_H_
