#include "tests/emulator/demo_seed.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "tests/emulator/span_generator.h"
#include "tests/emulator/time_util.h"

namespace aqgate::emulator {
namespace {

using json = nlohmann::json;

constexpr int64_t kWindowStartMs = 1772323200000;  // 2026-03-01T00:00:00Z
constexpr int64_t kWindowEndMs = 1772409600000;    // 2026-03-02T00:00:00Z

json Example(int i, int version) {
  static const char* kTopics[] = {"billing", "security", "api", "onboarding", "data"};
  json data = {{"input", absl::StrCat("Question ", i, " about ", kTopics[i % 5], "?")},
               {"expected_output", absl::StrCat("Reference answer ", i,
                                                version > 1 && i == 3 ? " (revised)" : "")},
               {"difficulty", 1 + i % 5},
               {"pass_rate", 0.5 + (i % 10) / 20.0},
               {"verified", i % 3 != 0},
               {"tags", json::array({kTopics[i % 5], i % 2 == 0 ? "easy" : "hard"})},
               {"metadata", {{"source", "support-tickets"}, {"ticket", 1000 + i}}}};
  return {{"key", absl::StrCat("ex-", i)}, {"data", data}};
}

}  // namespace

json BuildDemoSeed(int64_t span_count) {
  json seed;
  seed["organizations"] = json::array(
      {{{"name", "demo-org"},
        {"spaces",
         json::array({{{"name", "demo-space"},
                       {"description", "Where the demo queues live"},
                       {"is_private", false},
                       {"created_at", "2026-01-05T09:00:00Z"}},
                      {{"name", "other-space"},
                       {"description", "A space bob cannot reach (403 tests)"},
                       {"is_private", true},
                       {"created_at", "2026-01-06T09:00:00Z"}},
                      {{"name", "demo-space-archive"},
                       {"description", "Its name contains 'demo-space' (exact-match tests)"},
                       {"is_private", false},
                       {"created_at", "2026-01-07T09:00:00Z"}}})}}});
  seed["users"] = json::array(
      {{{"email", "alice@example.com"},
        {"api_keys", json::array({"ak-alice-demo-0001"})},
        {"spaces", "*"}},
       {{"email", "bob@example.com"},
        {"api_keys", json::array({"ak-bob-demo-0002"})},
        {"spaces", json::array({"demo-space", "demo-space-archive"})}},
       {{"email", "carol@example.com"},
        {"api_keys", json::array({"ak-carol-demo-0003"})},
        {"spaces", json::array({"demo-space", "other-space"})}},
       {{"email", "dave@example.com"},
        {"api_keys", json::array({"ak-dave-demo-0004"})},
        {"spaces", json::array({"other-space"})}}});
  json configs = json::array();
  for (const char* space : {"demo-space", "other-space"}) {
    configs.push_back({{"space", space},
                       {"name", "accuracy"},
                       {"type", "CATEGORICAL"},
                       {"values", json::array({{{"label", "correct"}, {"score", 1}},
                                               {{"label", "incorrect"}, {"score", 0}}})},
                       {"optimization_direction", "MAXIMIZE"}});
    configs.push_back({{"space", space},
                       {"name", "helpfulness"},
                       {"type", "CONTINUOUS"},
                       {"minimum_score", 0},
                       {"maximum_score", 10},
                       {"optimization_direction", "MAXIMIZE"}});
    configs.push_back({{"space", space}, {"name", "notes"}, {"type", "FREEFORM"}});
  }
  seed["annotation_configs"] = configs;

  SpanGeneratorOptions options;
  options.span_count = span_count;
  options.window_start_ms = kWindowStartMs;
  options.window_end_ms = kWindowEndMs;
  options.seed = 42;
  json spans = json::array();
  GenerateSpans(options, [&](json span) { spans.push_back(std::move(span)); });
  seed["projects"] = json::array(
      {{{"space", "demo-space"}, {"name", "chatbot-prod"}, {"spans", spans}},
       {{"space", "other-space"}, {"name", "other-project"}, {"spans", json::array()}}});

  json v1 = json::array();
  json v2 = json::array();
  for (int i = 1; i <= 20; ++i) v1.push_back(Example(i, 1));
  for (int i = 1; i <= 22; ++i) v2.push_back(Example(i, 2));
  seed["datasets"] = json::array(
      {{{"space", "demo-space"},
        {"name", "golden-qa"},
        {"versions", json::array({{{"name", "v1"}, {"created_at", "2026-02-01T00:00:00Z"},
                                   {"examples", v1}},
                                  {{"name", "v2"}, {"created_at", "2026-02-15T00:00:00Z"},
                                   {"examples", v2}}})}}});
  seed["synthetic"] = {
      {"space", "demo-space"},
      {"queues", json::array({{{"name", "bench-1k"},
                               {"records", 1000},
                               {"annotation_configs", json::array({"accuracy", "helpfulness",
                                                                   "notes"})},
                               {"annotators", json::array({"alice@example.com",
                                                           "bob@example.com"})}}})}};
  return seed;
}

}  // namespace aqgate::emulator
