// A program in another Bazel workspace using aqgate's generated messages and
// its C++ client library.
#include <iostream>

#include "aqgate/client/client_options.h"
#include "aqgate/v1/annotation_queue_service.grpc.pb.h"

int main() {
  aqgate::v1::StreamRecordsRequest request;
  request.mutable_queue()->set_id("QW5ub3RhdGlvblF1ZXVlOjE6YWJj");
  aqgate::client::ClientOptions options;
  options.target = "127.0.0.1:1";
  std::cout << "bazel consumer OK: " << aqgate::v1::AnnotationQueueService::service_full_name()
            << " queue=" << request.queue().id() << " target=" << options.target << "\n";
  return request.queue().id().empty() ? 1 : 0;
}
