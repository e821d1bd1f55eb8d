// aqgate-demo-workflow: a scripted tour of the aqgate gRPC API, run by
// scripts/demo against a gateway in front of the local emulator. Creates a
// queue by names, fills it with span, trace and example records, streams
// them, annotates and assigns one, lists, deletes records and the queue,
// printing each step. Exits 0 only if every step did what it should.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "aqgate/v1/annotation_queue_service.grpc.pb.h"
#include "google/protobuf/util/time_util.h"
#include "grpcpp/create_channel.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051", "The gateway's host:port (plaintext).");
ABSL_FLAG(std::string, space_name, "", "Name of the space to create the queue in.");
ABSL_FLAG(std::string, queue_name, "aqgate demo queue", "Name of the queue to create.");
ABSL_FLAG(std::vector<std::string>, config_ids, {}, "Annotation config IDs of the queue.");
ABSL_FLAG(std::vector<std::string>, annotators, {}, "Annotator emails of the queue.");
ABSL_FLAG(std::string, project_id, "", "Tracing project holding the spans and traces.");
ABSL_FLAG(std::vector<std::string>, span_ids, {}, "Span IDs to add as records.");
ABSL_FLAG(std::vector<std::string>, trace_ids, {}, "Trace IDs to add as records.");
ABSL_FLAG(std::string, window_start, "", "RFC 3339 start of the spans' time window.");
ABSL_FLAG(std::string, window_end, "", "RFC 3339 end of the spans' time window.");
ABSL_FLAG(std::string, dataset_id, "", "Dataset whose examples are added as records.");
ABSL_FLAG(std::vector<std::string>, example_ids, {}, "Example IDs to add (empty = all).");
ABSL_FLAG(absl::Duration, rpc_timeout, absl::Seconds(20), "Deadline of each call.");

namespace {

namespace v1 = ::aqgate::v1;
using ::google::protobuf::util::TimeUtil;

class Demo {
 public:
  explicit Demo(std::shared_ptr<grpc::Channel> channel)
      : stub_(v1::AnnotationQueueService::NewStub(std::move(channel))) {}

  int Run();

 private:
  // Prints the step header; returns a fresh context with the deadline.
  std::unique_ptr<grpc::ClientContext> Begin(const std::string& title) {
    ++step_;
    std::cout << "\n[" << step_ << "] " << title << std::endl;
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          absl::ToChronoMilliseconds(absl::GetFlag(FLAGS_rpc_timeout)));
    context->AddMetadata("x-request-id", absl::StrCat("demo-step-", step_));
    return context;
  }
  bool Check(const grpc::Status& status, const std::string& what) {
    if (status.ok()) return true;
    std::cout << "    FAILED: " << what << ": " << StatusName(status.error_code()) << ": "
              << status.error_message() << std::endl;
    return false;
  }
  bool Expect(bool condition, const std::string& what) {
    std::cout << "    " << (condition ? "ok: " : "FAILED: ") << what << std::endl;
    return condition;
  }
  static std::string StatusName(grpc::StatusCode code);
  static std::string Describe(const v1::Record& record);

  v1::QueueRef QueueByName() const {
    v1::QueueRef ref;
    ref.set_name(absl::GetFlag(FLAGS_queue_name));
    ref.mutable_space()->set_name(absl::GetFlag(FLAGS_space_name));
    return ref;
  }
  v1::QueueRef QueueById() const {
    v1::QueueRef ref;
    ref.set_id(queue_.id());
    return ref;
  }
  bool StreamAll(std::vector<v1::Record>* records, int* messages);

  std::unique_ptr<v1::AnnotationQueueService::Stub> stub_;
  int step_ = 0;
  v1::AnnotationQueue queue_;
};

std::string Demo::StatusName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    default: return absl::StrCat("code ", static_cast<int>(code));
  }
}

std::string Demo::Describe(const v1::Record& record) {
  std::string kind = record.source_type() == v1::SOURCE_TYPE_DATASET ? "example"
                     : record.granularity() == v1::GRANULARITY_TRACE ? "trace"
                                                                     : "span";
  std::string what;
  for (const char* key : {"attributes.input.value", "name", "question", "input"}) {
    auto it = record.data().fields().find(key);
    if (it != record.data().fields().end() && it->second.has_string_value()) {
      what = it->second.string_value();
      break;
    }
  }
  if (what.size() > 60) what = what.substr(0, 57) + "...";
  return absl::StrCat(kind, " ", record.id(), what.empty() ? "" : absl::StrCat("  \"", what, "\""));
}

bool Demo::StreamAll(std::vector<v1::Record>* records, int* messages) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        absl::ToChronoMilliseconds(absl::GetFlag(FLAGS_rpc_timeout)));
  v1::StreamRecordsRequest request;
  *request.mutable_queue() = QueueById();
  request.set_page_size(2);  // small pages, to show the gateway walking cursors
  request.set_max_records_per_message(2);
  auto reader = stub_->StreamRecords(context.get(), request);
  v1::StreamRecordsResponse message;
  *messages = 0;
  while (reader->Read(&message)) {
    ++*messages;
    for (const v1::Record& r : message.records()) records->push_back(r);
  }
  return Check(reader->Finish(), "StreamRecords");
}

int Demo::Run() {
  const std::vector<std::string> config_ids = absl::GetFlag(FLAGS_config_ids);
  const std::vector<std::string> annotators = absl::GetFlag(FLAGS_annotators);

  {  // Create by names: the space is given by name and resolved by the gateway.
    auto context = Begin(absl::StrCat("CreateAnnotationQueue \"", absl::GetFlag(FLAGS_queue_name),
                                      "\" in space \"", absl::GetFlag(FLAGS_space_name), "\""));
    v1::CreateAnnotationQueueRequest request;
    request.set_name(absl::GetFlag(FLAGS_queue_name));
    request.mutable_space()->set_name(absl::GetFlag(FLAGS_space_name));
    for (const auto& id : config_ids) request.add_annotation_config_ids(id);
    for (const auto& email : annotators) request.add_annotator_emails(email);
    request.set_instructions("Rate each answer; explain anything surprising.");
    request.set_assignment_method(v1::ASSIGNMENT_METHOD_ALL);
    v1::CreateAnnotationQueueResponse response;
    if (!Check(stub_->CreateAnnotationQueue(context.get(), request, &response), "create")) return 1;
    queue_ = response.annotation_queue();
    std::cout << "    queue " << queue_.id() << " in space " << queue_.space_id() << ", "
              << queue_.annotation_configs_size() << " configs, " << queue_.annotators_size()
              << " annotators" << std::endl;
    if (!Expect(queue_.annotation_configs_size() == static_cast<int>(config_ids.size()),
                "every annotation config attached")) {
      return 1;
    }
  }
  {  // The same queue, addressed by name.
    auto context = Begin("GetAnnotationQueue by name");
    v1::GetAnnotationQueueRequest request;
    *request.mutable_queue() = QueueByName();
    v1::GetAnnotationQueueResponse response;
    if (!Check(stub_->GetAnnotationQueue(context.get(), request, &response), "get")) return 1;
    if (!Expect(response.annotation_queue().id() == queue_.id(), "name resolves to the new ID")) {
      return 1;
    }
  }
  int added = 0;
  {  // Spans and traces in one request (two sources).
    auto context = Begin("AddRecords: spans and traces");
    v1::AddRecordsRequest request;
    *request.mutable_queue() = QueueByName();
    google::protobuf::Timestamp start, end;
    if (!TimeUtil::FromString(absl::GetFlag(FLAGS_window_start), &start) ||
        !TimeUtil::FromString(absl::GetFlag(FLAGS_window_end), &end)) {
      std::cout << "    FAILED: --window_start/--window_end must be RFC 3339" << std::endl;
      return 1;
    }
    v1::SpanSource* spans = request.add_record_sources()->mutable_spans();
    spans->set_project_id(absl::GetFlag(FLAGS_project_id));
    *spans->mutable_start_time() = start;
    *spans->mutable_end_time() = end;
    for (const auto& id : absl::GetFlag(FLAGS_span_ids)) spans->add_span_ids(id);
    v1::TraceSource* traces = request.add_record_sources()->mutable_traces();
    traces->set_project_id(absl::GetFlag(FLAGS_project_id));
    *traces->mutable_start_time() = start;
    *traces->mutable_end_time() = end;
    for (const auto& id : absl::GetFlag(FLAGS_trace_ids)) traces->add_trace_ids(id);
    v1::AddRecordsResponse response;
    if (!Check(stub_->AddRecords(context.get(), request, &response), "add spans")) return 1;
    for (const auto& r : response.records()) std::cout << "    + " << Describe(r) << std::endl;
    added += response.records_size();
    const int expected = static_cast<int>(absl::GetFlag(FLAGS_span_ids).size() +
                                          absl::GetFlag(FLAGS_trace_ids).size());
    if (!Expect(response.records_size() == expected,
                absl::StrCat(response.records_size(), " span/trace records created"))) {
      return 1;
    }
  }
  {
    auto context = Begin("AddRecords: dataset examples");
    v1::AddRecordsRequest request;
    *request.mutable_queue() = QueueById();
    v1::ExampleSource* examples = request.add_record_sources()->mutable_examples();
    examples->set_dataset_id(absl::GetFlag(FLAGS_dataset_id));
    for (const auto& id : absl::GetFlag(FLAGS_example_ids)) examples->add_example_ids(id);
    v1::AddRecordsResponse response;
    if (!Check(stub_->AddRecords(context.get(), request, &response), "add examples")) return 1;
    for (const auto& r : response.records()) std::cout << "    + " << Describe(r) << std::endl;
    added += response.records_size();
    if (!Expect(response.records_size() > 0,
                absl::StrCat(response.records_size(), " example records created"))) {
      return 1;
    }
  }
  std::vector<v1::Record> records;
  {
    Begin("StreamRecords (2 records per upstream page and per message)");
    int messages = 0;
    if (!StreamAll(&records, &messages)) return 1;
    if (!Expect(static_cast<int>(records.size()) == added,
                absl::StrCat(records.size(), " records in ", messages, " messages"))) {
      return 1;
    }
  }
  const v1::Record& first = records.front();
  {
    auto context = Begin(absl::StrCat("AnnotateRecord ", first.id()));
    v1::AnnotateRecordRequest request;
    *request.mutable_queue() = QueueById();
    request.set_record_id(first.id());
    for (const v1::AnnotationConfig& config : queue_.annotation_configs()) {
      v1::AnnotationInput* input = request.add_annotations();
      input->set_name(config.name());
      if (config.has_continuous()) {
        input->set_score(config.continuous().maximum_score());
      } else if (config.has_categorical() && config.categorical().values_size() > 0) {
        input->set_label(config.categorical().values(0).label());
      } else {
        input->set_text("Clear and correct.");
      }
    }
    v1::AnnotateRecordResponse response;
    if (!Check(stub_->AnnotateRecord(context.get(), request, &response), "annotate")) return 1;
    for (const auto& a : response.annotations()) {
      std::cout << "    " << a.name() << " = "
                << (a.has_score() ? absl::StrCat(a.score())
                    : a.has_label() ? a.label()
                                    : a.text())
                << std::endl;
    }
    if (!Expect(response.annotations_size() == request.annotations_size(),
                "every annotation stored")) {
      return 1;
    }
  }
  {
    auto context = Begin(absl::StrCat("AssignRecord ", first.id(), " to ",
                                      absl::StrJoin(annotators, ", ")));
    v1::AssignRecordRequest request;
    *request.mutable_queue() = QueueById();
    request.set_record_id(first.id());
    for (const auto& email : annotators) request.add_assigned_user_emails(email);
    v1::AssignRecordResponse response;
    if (!Check(stub_->AssignRecord(context.get(), request, &response), "assign")) return 1;
    for (const auto& u : response.assigned_users()) {
      std::cout << "    " << u.user().email() << " "
                << v1::CompletionStatus_Name(u.completion_status()) << std::endl;
    }
    if (!Expect(response.assigned_users_size() == static_cast<int>(annotators.size()),
                "every annotator assigned")) {
      return 1;
    }
  }
  {
    Begin("ListRecords, page by page (page_size 3)");
    std::string token;
    int pages = 0, seen = 0;
    bool annotated_seen = false;
    do {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
      v1::ListRecordsRequest request;
      *request.mutable_queue() = QueueByName();
      request.set_page_size(3);
      request.set_page_token(token);
      v1::ListRecordsResponse response;
      if (!Check(stub_->ListRecords(&context, request, &response), "list")) return 1;
      ++pages;
      seen += response.records_size();
      for (const auto& r : response.records()) {
        if (r.id() == first.id() && r.annotations_size() > 0) annotated_seen = true;
      }
      token = response.next_page_token();
    } while (!token.empty());
    if (!Expect(seen == added && annotated_seen,
                absl::StrCat(seen, " records in ", pages, " pages; the annotation is there"))) {
      return 1;
    }
  }
  {
    auto context = Begin(absl::StrCat("DeleteRecords ", first.id()));
    v1::DeleteRecordsRequest request;
    *request.mutable_queue() = QueueById();
    request.add_record_ids(first.id());
    v1::DeleteRecordsResponse response;
    if (!Check(stub_->DeleteRecords(context.get(), request, &response), "delete records")) return 1;
    std::vector<v1::Record> left;
    int messages = 0;
    if (!StreamAll(&left, &messages)) return 1;
    if (!Expect(static_cast<int>(left.size()) == added - 1,
                absl::StrCat(left.size(), " records left"))) {
      return 1;
    }
  }
  {
    auto context = Begin("DeleteAnnotationQueue by name");
    v1::DeleteAnnotationQueueRequest request;
    *request.mutable_queue() = QueueByName();
    v1::DeleteAnnotationQueueResponse response;
    if (!Check(stub_->DeleteAnnotationQueue(context.get(), request, &response), "delete")) {
      return 1;
    }
    if (!Expect(response.annotation_queue_id() == queue_.id(), "deleted the demo queue")) return 1;
    grpc::ClientContext get_context;
    v1::GetAnnotationQueueRequest get;
    *get.mutable_queue() = QueueById();
    v1::GetAnnotationQueueResponse ignored;
    grpc::Status status = stub_->GetAnnotationQueue(&get_context, get, &ignored);
    if (!Expect(status.error_code() == grpc::StatusCode::NOT_FOUND,
                absl::StrCat("GetAnnotationQueue now says ", StatusName(status.error_code())))) {
      return 1;
    }
  }
  std::cout << "\nDemo workflow: all " << step_ << " steps passed." << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Runs the aqgate demo workflow against a running gateway.");
  absl::ParseCommandLine(argc, argv);
  if (absl::GetFlag(FLAGS_space_name).empty() || absl::GetFlag(FLAGS_config_ids).empty() ||
      absl::GetFlag(FLAGS_annotators).empty() || absl::GetFlag(FLAGS_project_id).empty() ||
      absl::GetFlag(FLAGS_span_ids).empty() || absl::GetFlag(FLAGS_trace_ids).empty() ||
      absl::GetFlag(FLAGS_dataset_id).empty()) {
    std::cerr << "demo_workflow: --space_name, --config_ids, --annotators, --project_id, "
                 "--span_ids, --trace_ids and --dataset_id are required (see --help)\n";
    return 2;
  }
  auto channel = grpc::CreateChannel(absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials());
  if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
    std::cerr << "demo_workflow: cannot connect to " << absl::GetFlag(FLAGS_target) << "\n";
    return 1;
  }
  return Demo(std::move(channel)).Run();
}
