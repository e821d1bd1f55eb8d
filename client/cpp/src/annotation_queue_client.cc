#include "aqgate/client/annotation_queue_client.h"

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "aqgate/client/error_details.h"
#include "call_setup.h"

namespace aqgate::client {
namespace {

using Stub = v1::AnnotationQueueService::StubInterface;

template <typename Request, typename Response>
absl::StatusOr<Response> CallUnary(
    Stub& stub, const ClientOptions& options, const CallOptions& call,
    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
    const Request& request) {
  grpc::ClientContext context;
  absl::Duration deadline =
      call.deadline > absl::ZeroDuration() ? call.deadline : options.default_deadline;
  internal::SetUpContext(options, deadline, call.request_id, context);
  Response response;
  grpc::Status status = (stub.*method)(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

// Walks pages: `fetch(token)` returns one page; `items` moves its items
// out, `next` reads its next-page token.
template <typename Item, typename Page>
class PageWalker {
 public:
  using Fetch = std::function<absl::StatusOr<Page>(const std::string& token)>;
  using Items = std::function<std::vector<Item>(Page&)>;
  using Next = std::function<std::string(const Page&)>;

  PageWalker(std::string first_token, Fetch fetch, Items items, Next next)
      : token_(std::move(first_token)),
        fetch_(std::move(fetch)),
        items_(std::move(items)),
        next_(std::move(next)) {}

  absl::StatusOr<std::optional<Item>> operator()() {
    while (index_ >= buffer_.size()) {
      if (last_page_) return std::optional<Item>();
      absl::StatusOr<Page> page = fetch_(token_);
      if (!page.ok()) return page.status();
      buffer_ = items_(*page);
      index_ = 0;
      std::string next = next_(*page);
      if (!next.empty() && next == token_) {
        return absl::InternalError("the server returned the same page token again");
      }
      token_ = std::move(next);
      last_page_ = token_.empty();
    }
    return std::optional<Item>(std::move(buffer_[index_++]));
  }

 private:
  std::string token_;
  Fetch fetch_;
  Items items_;
  Next next_;
  std::vector<Item> buffer_;
  size_t index_ = 0;
  bool last_page_ = false;
};

template <typename Repeated>
std::vector<typename Repeated::value_type> TakeAll(Repeated* repeated) {
  return std::vector<typename Repeated::value_type>(std::make_move_iterator(repeated->begin()),
                                                    std::make_move_iterator(repeated->end()));
}

}  // namespace

absl::StatusOr<AnnotationQueueClient> AnnotationQueueClient::Create(const ClientOptions& options) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeChannel(options);
  if (!channel.ok()) return channel.status();
  return AnnotationQueueClient(v1::AnnotationQueueService::NewStub(*channel), options);
}

AnnotationQueueClient::AnnotationQueueClient(std::shared_ptr<Stub> stub, ClientOptions options)
    : stub_(std::move(stub)), options_(std::move(options)) {}

absl::StatusOr<v1::ListAnnotationQueuesResponse> AnnotationQueueClient::ListAnnotationQueues(
    const v1::ListAnnotationQueuesRequest& request, const CallOptions& call) const {
  return CallUnary(*stub_, options_, call, &Stub::ListAnnotationQueues, request);
}
absl::StatusOr<v1::GetAnnotationQueueResponse> AnnotationQueueClient::GetAnnotationQueue(
    const v1::GetAnnotationQueueRequest& request, const CallOptions& call) const {
  return CallUnary(*stub_, options_, call, &Stub::GetAnnotationQueue, request);
}
absl::StatusOr<v1::CreateAnnotationQueueResponse> AnnotationQueueClient::CreateAnnotationQueue(
    const v1::CreateAnnotationQueueRequest& request, const CallOptions& call) const {
  return CallUnary(*stub_, options_, call, &Stub::CreateAnnotationQueue, request);
}
absl::StatusOr<v1::UpdateAnnotationQueueResponse> AnnotationQueueClient::UpdateAnnotationQueue(
    const v1::UpdateAnnotationQueueRequest& request, const CallOptions& call) const {
  return CallUnary(*stub_, options_, call, &Stub::UpdateAnnotationQueue, request);
}
absl::StatusOr<v1::DeleteAnnotationQueueResponse> AnnotationQueueClient::DeleteAnnotationQueue(
    const v1::DeleteAnnotationQueueRequest& request, const CallOptions& call) const {
  return CallUnary(*stub_, options_, call, &Stub::DeleteAnnotationQueue, request);
}
absl::StatusOr<v1::ListRecordsResponse> AnnotationQueueClient::ListRecords(
    const v1::ListRecordsRequest& request, const CallOptions& call) const {
  return CallUnary(*stub_, options_, call, &Stub::ListRecords, request);
}
absl::StatusOr<v1::AddRecordsResponse> AnnotationQueueClient::AddRecords(
    const v1::AddRecordsRequest& request, const CallOptions& call) const {
  return CallUnary(*stub_, options_, call, &Stub::AddRecords, request);
}
absl::StatusOr<v1::DeleteRecordsResponse> AnnotationQueueClient::DeleteRecords(
    const v1::DeleteRecordsRequest& request, const CallOptions& call) const {
  return CallUnary(*stub_, options_, call, &Stub::DeleteRecords, request);
}
absl::StatusOr<v1::AnnotateRecordResponse> AnnotationQueueClient::AnnotateRecord(
    const v1::AnnotateRecordRequest& request, const CallOptions& call) const {
  return CallUnary(*stub_, options_, call, &Stub::AnnotateRecord, request);
}
absl::StatusOr<v1::AssignRecordResponse> AnnotationQueueClient::AssignRecord(
    const v1::AssignRecordRequest& request, const CallOptions& call) const {
  return CallUnary(*stub_, options_, call, &Stub::AssignRecord, request);
}

Range<v1::AnnotationQueue> AnnotationQueueClient::ListAllAnnotationQueues(
    v1::ListAnnotationQueuesRequest request, const CallOptions& call) const {
  std::string first = request.page_token();
  auto walker = std::make_shared<PageWalker<v1::AnnotationQueue, v1::ListAnnotationQueuesResponse>>(
      std::move(first),
      [client = *this, request = std::move(request), call](const std::string& token) mutable {
        request.set_page_token(token);
        return client.ListAnnotationQueues(request, call);
      },
      [](v1::ListAnnotationQueuesResponse& page) {
        return TakeAll(page.mutable_annotation_queues());
      },
      [](const v1::ListAnnotationQueuesResponse& page) { return page.next_page_token(); });
  return Range<v1::AnnotationQueue>([walker] { return (*walker)(); });
}

Range<v1::Record> AnnotationQueueClient::ListAllRecords(v1::ListRecordsRequest request,
                                                        const CallOptions& call) const {
  std::string first = request.page_token();
  auto walker = std::make_shared<PageWalker<v1::Record, v1::ListRecordsResponse>>(
      std::move(first),
      [client = *this, request = std::move(request), call](const std::string& token) mutable {
        request.set_page_token(token);
        return client.ListRecords(request, call);
      },
      [](v1::ListRecordsResponse& page) { return TakeAll(page.mutable_records()); },
      [](const v1::ListRecordsResponse& page) { return page.next_page_token(); });
  return Range<v1::Record>([walker] { return (*walker)(); });
}

}  // namespace aqgate::client
