#include "service/upstream/json_parse.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/upstream/gateway_errors.h"

namespace aqgate::upstream {
namespace {

bool IsIntegerLiteral(const std::string& text) {
  if (text.empty()) return false;
  std::size_t i = text[0] == '-' ? 1 : 0;
  if (i == text.size()) return false;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

// Forwards to nlohmann's own DOM builder, except that (1) out-of-range
// integer literals become binary values holding their digits and (2) the
// nesting depth is bounded. Parse errors are reported without exceptions.
class BoundedSax {
 public:
  explicit BoundedSax(Json& root) : dom_(root, /*allow_exceptions_=*/false) {}

  bool null() { return dom_.null(); }
  bool boolean(bool value) { return dom_.boolean(value); }
  bool number_integer(Json::number_integer_t value) { return dom_.number_integer(value); }
  bool number_unsigned(Json::number_unsigned_t value) { return dom_.number_unsigned(value); }
  bool number_float(Json::number_float_t value, const Json::string_t& text) {
    if (IsIntegerLiteral(text)) {
      Json::binary_t digits(std::vector<std::uint8_t>(text.begin(), text.end()));
      return dom_.binary(digits);
    }
    return dom_.number_float(value, text);
  }
  bool string(Json::string_t& value) { return dom_.string(value); }
  bool binary(Json::binary_t& value) { return dom_.binary(value); }
  bool start_object(std::size_t size) { return Enter() && dom_.start_object(size); }
  bool key(Json::string_t& value) { return dom_.key(value); }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t size) { return Enter() && dom_.start_array(size); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& error) {
    error_ = absl::StrCat("byte ", position, ": ", error.what());
    return false;
  }

  const std::string& error() const { return error_; }

 private:
  bool Enter() {
    if (++depth_ > kMaxJsonDepth) {
      error_ = absl::StrCat("nesting deeper than ", kMaxJsonDepth, " levels");
      return false;
    }
    return true;
  }

  nlohmann::detail::json_sax_dom_parser<Json> dom_;
  int depth_ = 0;
  std::string error_;
};

}  // namespace

absl::Status BadResponse(absl::string_view path, absl::string_view what) {
  return GatewayError(absl::StatusCode::kInternal, kReasonBadResponse,
                      absl::StrCat("unexpected upstream response at ", path, ": ", what),
                      {{"json_path", std::string(path)}});
}

absl::StatusOr<Json> ParseUpstreamJson(absl::string_view body) {
  Json root;
  BoundedSax sax(root);
  const bool ok = Json::sax_parse(body.begin(), body.end(), &sax, nlohmann::detail::input_format_t::json,
                                  /*strict=*/true);
  if (!ok) {
    return BadResponse("$", absl::StrCat("not valid JSON (",
                                         sax.error().empty() ? "parse error" : sax.error(), ")"));
  }
  return root;
}

bool IsBigInteger(const Json& value) { return value.is_binary(); }

std::string BigIntegerDigits(const Json& value) {
  const Json::binary_t& bytes = value.get_binary();
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace aqgate::upstream
