#include "service/core/resume_token.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/escaping.h"
#include "service/core/field_violations.h"

namespace aqgate::core {
namespace {

// Layout (before base64url): version byte, then queue_id, cursor (each a
// 4-byte big-endian length and the bytes), page_size and index (4 bytes
// each, big-endian), last_record_id (length and bytes). Nothing may follow.
constexpr char kVersion = 1;
constexpr size_t kMaxTokenChars = 16 * 1024;

void PutU32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

void PutString(std::string& out, absl::string_view value) {
  PutU32(out, static_cast<uint32_t>(value.size()));
  out.append(value.data(), value.size());
}

class Reader {
 public:
  explicit Reader(absl::string_view data) : data_(data) {}

  std::optional<uint32_t> U32() {
    if (data_.size() < 4) return std::nullopt;
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(data_[i]);
    data_.remove_prefix(4);
    return value;
  }

  std::optional<std::string> String() {
    std::optional<uint32_t> size = U32();
    if (!size.has_value() || *size > data_.size()) return std::nullopt;
    std::string value(data_.substr(0, *size));
    data_.remove_prefix(*size);
    return value;
  }

  bool AtEnd() const { return data_.empty(); }

 private:
  absl::string_view data_;
};

absl::Status Malformed() {
  return InvalidField("resume_token", "not a resume token of this gateway");
}

}  // namespace

std::string EncodeResumeToken(const ResumeToken& token) {
  std::string raw(1, kVersion);
  PutString(raw, token.queue_id);
  PutString(raw, token.cursor);
  PutU32(raw, static_cast<uint32_t>(token.page_size));
  PutU32(raw, static_cast<uint32_t>(token.index));
  PutString(raw, token.last_record_id);
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<ResumeToken> DecodeResumeToken(absl::string_view text) {
  std::string raw;
  if (text.size() > kMaxTokenChars || !absl::WebSafeBase64Unescape(text, &raw) || raw.empty() ||
      raw[0] != kVersion) {
    return Malformed();
  }
  Reader reader(absl::string_view(raw).substr(1));
  std::optional<std::string> queue_id = reader.String();
  std::optional<std::string> cursor = reader.String();
  std::optional<uint32_t> page_size = reader.U32();
  std::optional<uint32_t> index = reader.U32();
  std::optional<std::string> last_record_id = reader.String();
  if (!queue_id || !cursor || !page_size || !index || !last_record_id || !reader.AtEnd() ||
      queue_id->empty() || *page_size < 1 || *page_size > 500 || *index > 500) {
    return Malformed();
  }
  ResumeToken token;
  token.queue_id = *std::move(queue_id);
  token.cursor = *std::move(cursor);
  token.page_size = static_cast<int32_t>(*page_size);
  token.index = static_cast<int32_t>(*index);
  token.last_record_id = *std::move(last_record_id);
  return token;
}

}  // namespace aqgate::core
