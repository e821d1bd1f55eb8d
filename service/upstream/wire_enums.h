// The upstream's enum strings and the proto values they stand for, shared by
// the record-page fast decoder and the general JSON decoders.
#ifndef AQGATE_SERVICE_UPSTREAM_WIRE_ENUMS_H_
#define AQGATE_SERVICE_UPSTREAM_WIRE_ENUMS_H_

#include <cstddef>
#include <string_view>

#include "aqgate/v1/annotation_queue.pb.h"

namespace aqgate::upstream {

template <typename Enum>
struct EnumName {
  std::string_view name;
  Enum value;
};

inline constexpr EnumName<v1::OptimizationDirection> kDirections[] = {
    {"MAXIMIZE", v1::OPTIMIZATION_DIRECTION_MAXIMIZE},
    {"MINIMIZE", v1::OPTIMIZATION_DIRECTION_MINIMIZE},
    {"NONE", v1::OPTIMIZATION_DIRECTION_NONE}};
inline constexpr EnumName<v1::SourceType> kSourceTypes[] = {{"SPANS", v1::SOURCE_TYPE_SPANS},
                                                            {"DATASET", v1::SOURCE_TYPE_DATASET}};
inline constexpr EnumName<v1::Granularity> kGranularities[] = {{"SPAN", v1::GRANULARITY_SPAN},
                                                               {"TRACE", v1::GRANULARITY_TRACE}};
inline constexpr EnumName<v1::CompletionStatus> kCompletion[] = {
    {"PENDING", v1::COMPLETION_STATUS_PENDING}, {"COMPLETED", v1::COMPLETION_STATUS_COMPLETED}};

// The value `text` names; an unknown string maps to the zero value,
// UNSPECIFIED (the upstream may add values before we do).
template <typename Enum, std::size_t N>
Enum EnumFromName(std::string_view text, const EnumName<Enum> (&names)[N]) {
  for (const auto& entry : names) {
    if (text == entry.name) return entry.value;
  }
  return static_cast<Enum>(0);
}

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_WIRE_ENUMS_H_
