// A private scratch folder, removed with its content on destruction.
#ifndef AQGATE_TESTS_INTEGRATION_HARNESS_TEMP_DIR_H_
#define AQGATE_TESTS_INTEGRATION_HARNESS_TEMP_DIR_H_

#include <string>

namespace aqgate::testing {

class TempDir {
 public:
  // Under $TMPDIR (or /tmp). Aborts the test binary if it cannot be made.
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace aqgate::testing

#endif  // AQGATE_TESTS_INTEGRATION_HARNESS_TEMP_DIR_H_
