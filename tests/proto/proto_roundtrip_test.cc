// Every message of the aqgate.v1 API survives a round trip through the
// generated code, in binary and in JSON, with every field set (every oneof
// alternative included), and the service has exactly the RPCs the API
// promises.
#include <set>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "aqgate/v1/annotation_queue_service.grpc.pb.h"

namespace aqgate::v1 {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

const google::protobuf::ServiceDescriptor* ServiceDescriptor() {
  return google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      AnnotationQueueService::service_full_name());
}

// All messages declared in the aqgate.v1 files (nested ones included).
std::vector<const Descriptor*> AllApiMessages() {
  std::vector<const Descriptor*> out;
  const FileDescriptor* service_file = ServiceDescriptor()->file();
  std::vector<const FileDescriptor*> files = {service_file};
  for (int i = 0; i < service_file->dependency_count(); ++i) {
    if (service_file->dependency(i)->package() == "aqgate.v1") {
      files.push_back(service_file->dependency(i));
    }
  }
  for (const FileDescriptor* file : files) {
    for (int i = 0; i < file->message_type_count(); ++i) {
      out.push_back(file->message_type(i));
    }
  }
  return out;
}

// Fills every field of `msg` with a distinct, valid value. For a oneof, sets
// alternative `oneof_pick % count`, so callers can visit every alternative.
// Well-known types get values their JSON form accepts.
void Fill(Message* msg, int oneof_pick, int depth);

void FillWellKnown(Message* msg) {
  const Descriptor* d = msg->GetDescriptor();
  const Reflection* r = msg->GetReflection();
  if (d->full_name() == "google.protobuf.Timestamp") {
    r->SetInt64(msg, d->FindFieldByName("seconds"), 1767225600);  // 2026-01-01
    r->SetInt32(msg, d->FindFieldByName("nanos"), 123000000);
  } else if (d->full_name() == "google.protobuf.Struct") {
    auto* s = static_cast<google::protobuf::Struct*>(msg);
    (*s->mutable_fields())["attributes.llm.model_name"].set_string_value("gpt-4o");
    (*s->mutable_fields())["attributes.llm.token_count.total"].set_number_value(1234);
    (*s->mutable_fields())["nested"].mutable_struct_value()->mutable_fields()->insert(
        {"ok", google::protobuf::Value()});
    (*s->mutable_fields())["nested"].mutable_struct_value()->mutable_fields()->at("ok").set_bool_value(true);
  } else if (d->full_name() == "google.protobuf.FieldMask") {
    auto* m = static_cast<google::protobuf::FieldMask*>(msg);
    m->add_paths("name");
    m->add_paths("annotation_config_ids");
  } else {
    FAIL() << "no filler for well-known type " << d->full_name();
  }
}

void FillField(Message* msg, const FieldDescriptor* f, int oneof_pick, int depth) {
  const Reflection* r = msg->GetReflection();
  const std::string text = "v-" + f->name();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      f->is_repeated() ? r->AddString(msg, f, text) : r->SetString(msg, f, text);
      break;
    case FieldDescriptor::CPPTYPE_INT32:
      f->is_repeated() ? r->AddInt32(msg, f, 42) : r->SetInt32(msg, f, 42);
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      f->is_repeated() ? r->AddDouble(msg, f, 0.75) : r->SetDouble(msg, f, 0.75);
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      f->is_repeated() ? r->AddBool(msg, f, true) : r->SetBool(msg, f, true);
      break;
    case FieldDescriptor::CPPTYPE_ENUM: {
      // The last value: never the *_UNSPECIFIED zero.
      const auto* value = f->enum_type()->value(f->enum_type()->value_count() - 1);
      f->is_repeated() ? r->AddEnum(msg, f, value) : r->SetEnum(msg, f, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* sub = f->is_repeated() ? r->AddMessage(msg, f) : r->MutableMessage(msg, f);
      Fill(sub, oneof_pick, depth + 1);
      break;
    }
    default:
      FAIL() << "field type not covered by the filler: " << f->full_name();
  }
}

void Fill(Message* msg, int oneof_pick, int depth) {
  ASSERT_LT(depth, 8) << "unexpectedly deep message graph";
  const Descriptor* d = msg->GetDescriptor();
  if (d->file()->package() == "google.protobuf") {
    FillWellKnown(msg);
    return;
  }
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    const auto* oneof = f->real_containing_oneof();
    if (oneof != nullptr && oneof->field(oneof_pick % oneof->field_count()) != f) continue;
    FillField(msg, f, oneof_pick, depth);
  }
}

int MaxOneofAlternatives(const Descriptor* d, std::set<const Descriptor*>* seen) {
  if (!seen->insert(d).second) return 1;
  int most = 1;
  for (int i = 0; i < d->oneof_decl_count(); ++i) {
    most = std::max(most, d->oneof_decl(i)->field_count());
  }
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->message_type() != nullptr) {
      most = std::max(most, MaxOneofAlternatives(d->field(i)->message_type(), seen));
    }
  }
  return most;
}

void ExpectRoundTrips(const Descriptor* d) {
  std::set<const Descriptor*> seen;
  const int picks = MaxOneofAlternatives(d, &seen);
  const Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(d);
  ASSERT_NE(prototype, nullptr) << d->full_name() << " has no generated class";
  for (int pick = 0; pick < picks; ++pick) {
    SCOPED_TRACE(d->full_name() + " oneof pick " + std::to_string(pick));
    std::unique_ptr<Message> original(prototype->New());
    Fill(original.get(), pick, 0);
    // A message with fields must come out of Fill non-empty, or this test
    // would compare two empty messages and prove nothing.
    if (d->field_count() > 0) {
      std::vector<const FieldDescriptor*> set_fields;
      original->GetReflection()->ListFields(*original, &set_fields);
      int expected = d->field_count();
      for (int i = 0; i < d->real_oneof_decl_count(); ++i) {
        expected -= d->oneof_decl(i)->field_count() - 1;
      }
      EXPECT_EQ(static_cast<int>(set_fields.size()), expected);
    }

    std::string wire;
    ASSERT_TRUE(original->SerializeToString(&wire));
    std::unique_ptr<Message> from_wire(prototype->New());
    ASSERT_TRUE(from_wire->ParseFromString(wire));
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*original, *from_wire))
        << "binary:\n" << original->DebugString() << "vs\n" << from_wire->DebugString();

    std::string json;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(*original, &json).ok());
    std::unique_ptr<Message> from_json(prototype->New());
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, from_json.get()).ok()) << json;
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*original, *from_json))
        << "json: " << json;
  }
}

TEST(Api, EveryMessageRoundTripsThroughBinaryAndJson) {
  const std::vector<const Descriptor*> messages = AllApiMessages();
  ASSERT_GE(messages.size(), 40u);
  for (const Descriptor* d : messages) ExpectRoundTrips(d);
}

TEST(Api, CoversEveryMessageOfTheContract) {
  std::set<std::string> names;
  for (const Descriptor* d : AllApiMessages()) names.insert(d->name());
  for (const char* expected :
       {"AnnotationQueue", "AnnotationConfig", "ContinuousConfig", "CategoricalConfig",
        "CategoricalValue", "FreeformConfig", "AnnotatorUser", "Record", "Annotation",
        "Evaluation", "AssignedUser", "RecordSource", "SpanSource", "TraceSource",
        "ExampleSource", "SpaceRef", "QueueRef", "AnnotationInput"}) {
    EXPECT_EQ(names.count(expected), 1u) << expected;
  }
}

TEST(Api, ServiceHasEveryOperationOfTheUpstream) {
  const auto* service = ServiceDescriptor();
  std::set<std::string> methods;
  for (int i = 0; i < service->method_count(); ++i) {
    const auto* m = service->method(i);
    methods.insert(m->name());
    EXPECT_FALSE(m->client_streaming()) << m->name();
    EXPECT_EQ(m->server_streaming(), m->name() == "StreamRecords") << m->name();
    EXPECT_EQ(m->input_type()->name(), m->name() + "Request");
    EXPECT_EQ(m->output_type()->name(), m->name() + "Response");
  }
  EXPECT_EQ(methods, (std::set<std::string>{
                         "ListAnnotationQueues", "GetAnnotationQueue", "CreateAnnotationQueue",
                         "UpdateAnnotationQueue", "DeleteAnnotationQueue", "ListRecords",
                         "StreamRecords", "AddRecords", "DeleteRecords", "AnnotateRecord",
                         "AssignRecord"}));
}

TEST(Api, EveryQueueRpcAddressesTheQueueTheSameWay) {
  const auto* service = ServiceDescriptor();
  for (int i = 0; i < service->method_count(); ++i) {
    const Descriptor* in = service->method(i)->input_type();
    const FieldDescriptor* queue = in->FindFieldByName("queue");
    if (in->name() == "ListAnnotationQueuesRequest" || in->name() == "CreateAnnotationQueueRequest") {
      EXPECT_EQ(queue, nullptr) << in->name();
      continue;
    }
    ASSERT_NE(queue, nullptr) << in->name();
    EXPECT_EQ(queue->number(), 1) << in->name();
    EXPECT_EQ(queue->message_type(), QueueRef::descriptor()) << in->name();
  }
}

TEST(Api, OptionalScalarsTrackPresence) {
  AnnotationInput input;
  EXPECT_FALSE(input.has_score());
  input.set_score(0.0);  // zero is a value, not "absent"
  EXPECT_TRUE(input.has_score());
  AnnotationInput parsed;
  ASSERT_TRUE(parsed.ParseFromString(input.SerializeAsString()));
  EXPECT_TRUE(parsed.has_score());
  EXPECT_FALSE(parsed.has_label());
  EXPECT_FALSE(parsed.has_text());
}

TEST(Api, EnumsStartWithUnspecified) {
  for (const auto* e : {AssignmentMethod_descriptor(), OptimizationDirection_descriptor(),
                        SourceType_descriptor(), Granularity_descriptor(),
                        CompletionStatus_descriptor()}) {
    EXPECT_EQ(e->value(0)->number(), 0);
    EXPECT_NE(e->value(0)->name().find("_UNSPECIFIED"), std::string::npos) << e->name();
  }
}

}  // namespace
}  // namespace aqgate::v1
