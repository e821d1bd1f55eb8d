// Builds against the installed aqgate package: uses a generated message and
// the generated gRPC stub type, then prints what it saw.
#include <iostream>

#include <grpcpp/create_channel.h>

#include "aqgate/v1/annotation_queue_service.grpc.pb.h"
#include "google/rpc/error_details.pb.h"

int main() {
  aqgate::v1::GetAnnotationQueueRequest request;
  request.mutable_queue()->set_name("triage");
  request.mutable_queue()->mutable_space()->set_name("prod");
  auto channel = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  auto stub = aqgate::v1::AnnotationQueueService::NewStub(channel);
  google::rpc::BadRequest bad_request;
  bad_request.add_field_violations()->set_field("queue.name");
  if (stub == nullptr || request.queue().name() != "triage" ||
      bad_request.field_violations_size() != 1) {
    std::cerr << "consumer: unexpected state\n";
    return 1;
  }
  std::cout << "consumer OK: " << aqgate::v1::AnnotationQueueService::service_full_name()
            << " (" << request.GetDescriptor()->full_name() << ")\n";
  return 0;
}
