// The aqgate.v1.AnnotationQueueService implementation on gRPC's callback API:
// each handler validates, resolves names, calls the upstream asynchronously
// and replies from the upstream's completion; no handler blocks a gRPC thread.
#ifndef AQGATE_SERVICE_CORE_ANNOTATION_QUEUE_SERVICE_H_
#define AQGATE_SERVICE_CORE_ANNOTATION_QUEUE_SERVICE_H_

#include <memory>

#include "aqgate/v1/annotation_queue_service.grpc.pb.h"
#include "service/core/core_options.h"
#include "service/upstream/arize_api.h"

namespace aqgate::core {

// Takes the upstream by pointer: it must outlive the service and every call
// in flight (the server shuts gRPC down before destroying the upstream).
std::unique_ptr<aqgate::v1::AnnotationQueueService::CallbackService>
MakeAnnotationQueueService(upstream::ArizeApi* api, CoreOptions options);

}  // namespace aqgate::core

#endif  // AQGATE_SERVICE_CORE_ANNOTATION_QUEUE_SERVICE_H_
