#include "tests/emulator/span_generator.h"

#include <array>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/emulator/time_util.h"

namespace aqgate::emulator {
namespace {

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

std::string Hex(uint64_t value, int digits) {
  std::string out = absl::StrFormat("%016x", value);
  return out.substr(out.size() - static_cast<size_t>(digits));
}

constexpr std::array<const char*, 8> kQuestions = {
    "How do I reset my password?",
    "What is the refund policy for annual plans?",
    "Summarize the attached incident report.",
    "Which regions support data residency?",
    "Translate 'good morning' into French.",
    "Why was my invoice charged twice?",
    "Write a haiku about distributed tracing.",
    "How many API calls does the free tier include?"};
constexpr std::array<const char*, 8> kAnswers = {
    "Open Settings > Security and choose 'Reset password'.",
    "Annual plans are refundable within 30 days of purchase.",
    "A config push caused elevated 5xx rates for 12 minutes.",
    "EU and US regions support data residency today.",
    "Bonjour.",
    "A retry created a duplicate charge; it was refunded.",
    "Spans drift like leaves / a trace remembers the path / latency blooms red",
    "The free tier includes 10,000 API calls per month."};
constexpr std::array<const char*, 3> kModels = {"gpt-4o-mini", "claude-3-5-sonnet",
                                                "llama-3.1-70b"};

}  // namespace

nlohmann::json GenerateSpan(const SpanGeneratorOptions& options, int64_t index) {
  const int per_trace = options.spans_per_trace < 1 ? 1 : options.spans_per_trace;
  const int64_t trace_index = index / per_trace;
  const int position = static_cast<int>(index % per_trace);
  const uint64_t trace_hash = SplitMix(options.seed ^ SplitMix(static_cast<uint64_t>(trace_index)));
  const uint64_t span_hash = SplitMix(trace_hash + static_cast<uint64_t>(position) + 1);
  const int64_t traces = (options.span_count + per_trace - 1) / per_trace;
  const int64_t window = options.window_end_ms - options.window_start_ms;
  // Traces are spread evenly over the window (leaving room for their spans).
  const int64_t usable = window > 120000 ? window - 60000 : window;
  const int64_t trace_start =
      options.window_start_ms + (traces > 0 ? usable * trace_index / traces : 0);
  const int64_t start_ms = trace_start + position * 350;
  const double latency_ms = position == 0 ? 1800.0 + static_cast<double>(span_hash % 9000) / 10.0
                                          : 40.0 + static_cast<double>(span_hash % 14000) / 10.0;
  const int64_t end_ms = start_ms + static_cast<int64_t>(latency_ms);
  const size_t topic = trace_hash % kQuestions.size();
  const std::string question = kQuestions[topic];
  const std::string answer = kAnswers[topic];

  nlohmann::json span;
  span["span_id"] = Hex(span_hash, 16);
  span["trace_id"] = Hex(trace_hash, 16) + Hex(SplitMix(trace_hash), 16);
  span["parent_id"] = position == 0 ? nlohmann::json(nullptr)
                                    : nlohmann::json(Hex(SplitMix(trace_hash + 1), 16));
  span["start_time"] = FormatRfc3339Millis(start_ms);
  span["end_time"] = FormatRfc3339Millis(end_ms);
  span["latency_ms"] = latency_ms;
  const bool failed = span_hash % 17 == 0;
  span["status_code"] = failed ? "ERROR" : "OK";
  nlohmann::json attributes = nlohmann::json::object();
  nlohmann::json evaluations = nlohmann::json::array();
  switch (position % 5) {
    case 0:
      span["name"] = "agent.run";
      span["span_kind"] = "CHAIN";
      attributes["input.value"] = question;
      attributes["output.value"] = failed ? "" : answer;
      attributes["session.id"] = absl::StrCat("session-", trace_hash % 97);
      attributes["user.id"] = absl::StrCat("user-", trace_hash % 31);
      attributes["metadata"] = {{"channel", trace_hash % 2 == 0 ? "web" : "slack"},
                                {"cached", trace_hash % 3 == 0},
                                {"retries", static_cast<int>(trace_hash % 3)}};
      break;
    case 1:
    case 4: {
      const int prompt = 80 + static_cast<int>(span_hash % 900);
      const int completion = 12 + static_cast<int>((span_hash >> 12) % 400);
      span["name"] = "ChatCompletion";
      span["span_kind"] = "LLM";
      attributes["input.value"] = question;
      attributes["output.value"] = answer;
      attributes["llm.model_name"] = kModels[span_hash % kModels.size()];
      attributes["llm.token_count.prompt"] = prompt;
      attributes["llm.token_count.completion"] = completion;
      attributes["llm.token_count.total"] = prompt + completion;
      attributes["llm.invocation_parameters"] = {{"temperature", 0.2}, {"max_tokens", 512}};
      attributes["llm.input_messages"] = nlohmann::json::array(
          {{{"message.role", "system"}, {"message.content", "You are a helpful assistant."}},
           {{"message.role", "user"}, {"message.content", question}}});
      attributes["tag.tags"] = nlohmann::json::array({"support", "prod"});
      const bool hallucinated = span_hash % 5 == 0;
      evaluations.push_back({{"name", "hallucination"},
                             {"label", hallucinated ? "hallucinated" : "factual"},
                             {"score", hallucinated ? 1.0 : 0.0},
                             {"explanation", hallucinated ? "The answer cites a policy that "
                                                            "does not exist."
                                                          : "The answer matches the docs."}});
      break;
    }
    case 2:
      span["name"] = "vector_store.query";
      span["span_kind"] = "RETRIEVER";
      attributes["input.value"] = question;
      attributes["retrieval.documents"] = nlohmann::json::array(
          {{{"document.id", absl::StrCat("doc-", span_hash % 1000)},
            {"document.score", 0.5 + static_cast<double>(span_hash % 500) / 1000.0},
            {"document.content", answer}}});
      break;
    default:
      span["name"] = "lookup_account";
      span["span_kind"] = "TOOL";
      attributes["tool.name"] = "lookup_account";
      attributes["tool.parameters"] = "{\"account_id\": \"acct-42\"}";
      attributes["output.value"] = "{\"plan\": \"pro\", \"active\": true}";
      break;
  }
  span["attributes"] = std::move(attributes);
  span["evaluations"] = std::move(evaluations);
  return span;
}

nlohmann::json SpanRecordData(const nlohmann::json& span) {
  nlohmann::json data = nlohmann::json::object();
  auto copy = [&](const char* from, const char* to) {
    auto it = span.find(from);
    if (it != span.end()) data[to] = *it;
  };
  copy("span_id", "context.span_id");
  copy("trace_id", "context.trace_id");
  copy("parent_id", "parent_id");
  copy("name", "name");
  copy("span_kind", "span_kind");
  copy("start_time", "start_time");
  copy("end_time", "end_time");
  copy("latency_ms", "latency_ms");
  copy("status_code", "status_code");
  copy("status_message", "status_message");
  auto attributes = span.find("attributes");
  if (attributes != span.end() && attributes->is_object()) {
    for (auto it = attributes->begin(); it != attributes->end(); ++it) {
      data["attributes." + it.key()] = it.value();
    }
  }
  return data;
}

}  // namespace aqgate::emulator
