// Deterministic, realistic LLM trace data (OpenInference-style attributes) for
// seeds: used by the synthetic seed directive and by --write_seed.
#ifndef AQGATE_TESTS_EMULATOR_SPAN_GENERATOR_H_
#define AQGATE_TESTS_EMULATOR_SPAN_GENERATOR_H_

#include <cstdint>

#include "nlohmann/json.hpp"

namespace aqgate::emulator {

struct SpanGeneratorOptions {
  int64_t span_count = 60;
  int spans_per_trace = 5;      // root CHAIN + LLM, RETRIEVER, TOOL, LLM children
  int64_t window_start_ms = 0;  // trace start times are spread over the window
  int64_t window_end_ms = 0;
  uint64_t seed = 42;
};

// Calls `emit(span)` for each span, in trace order (root first). A span is a
// seed span object: span_id, trace_id, parent_id, name, span_kind,
// start_time, end_time, status_code, attributes{...}, evaluations[...].
template <typename Emit>
void GenerateSpans(const SpanGeneratorOptions& options, Emit&& emit);

// One span, exposed for the template above.
nlohmann::json GenerateSpan(const SpanGeneratorOptions& options, int64_t index);

template <typename Emit>
void GenerateSpans(const SpanGeneratorOptions& options, Emit&& emit) {
  for (int64_t i = 0; i < options.span_count; ++i) emit(GenerateSpan(options, i));
}

// The record `data` of a seed span: flat keys (context.span_id, ...,
// attributes.llm.token_count.total, ...) with JSON values of every kind.
nlohmann::json SpanRecordData(const nlohmann::json& span);

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_SPAN_GENERATOR_H_
