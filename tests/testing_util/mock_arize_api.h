// A gMock of upstream::ArizeApi, for tests of the layers above it. Complete
// a call by invoking the callback argument, e.g.
//   EXPECT_CALL(api, GetQueue(_, "q1", _))
//       .WillOnce([](auto&&, auto&&, upstream::Callback<AnnotationQueue> done) {
//         std::move(done)(queue);
//       });
#ifndef AQGATE_TESTS_TESTING_UTIL_MOCK_ARIZE_API_H_
#define AQGATE_TESTS_TESTING_UTIL_MOCK_ARIZE_API_H_

#include <string>
#include <vector>

#include <gmock/gmock.h>

#include "service/upstream/arize_api.h"

namespace aqgate::testing_util {

class MockArizeApi : public upstream::ArizeApi {
 public:
  MOCK_METHOD(void, ListQueues,
              (const upstream::CallContext& ctx, upstream::ListQueuesParams params,
               upstream::Callback<upstream::QueuePage> done),
              (override));
  MOCK_METHOD(void, GetQueue,
              (const upstream::CallContext& ctx, std::string queue_id,
               upstream::Callback<aqgate::v1::AnnotationQueue> done),
              (override));
  MOCK_METHOD(void, CreateQueue,
              (const upstream::CallContext& ctx, upstream::CreateQueueParams params,
               upstream::Callback<aqgate::v1::AnnotationQueue> done),
              (override));
  MOCK_METHOD(void, UpdateQueue,
              (const upstream::CallContext& ctx, std::string queue_id,
               upstream::UpdateQueueParams params,
               upstream::Callback<aqgate::v1::AnnotationQueue> done),
              (override));
  MOCK_METHOD(void, DeleteQueue,
              (const upstream::CallContext& ctx, std::string queue_id,
               upstream::DoneCallback done),
              (override));
  MOCK_METHOD(void, ListRecords,
              (const upstream::CallContext& ctx, std::string queue_id,
               upstream::ListRecordsParams params, upstream::Callback<upstream::RecordPage> done),
              (override));
  MOCK_METHOD(void, AddRecords,
              (const upstream::CallContext& ctx, std::string queue_id,
               std::vector<aqgate::v1::RecordSource> sources,
               upstream::Callback<std::vector<aqgate::v1::Record>> done),
              (override));
  MOCK_METHOD(void, DeleteRecords,
              (const upstream::CallContext& ctx, std::string queue_id,
               std::vector<std::string> record_ids, upstream::DoneCallback done),
              (override));
  MOCK_METHOD(void, AnnotateRecord,
              (const upstream::CallContext& ctx, std::string queue_id, std::string record_id,
               std::vector<aqgate::v1::AnnotationInput> annotations,
               upstream::Callback<aqgate::v1::AnnotateRecordResponse> done),
              (override));
  MOCK_METHOD(void, AssignRecord,
              (const upstream::CallContext& ctx, std::string queue_id, std::string record_id,
               std::vector<std::string> emails,
               upstream::Callback<aqgate::v1::AssignRecordResponse> done),
              (override));
  MOCK_METHOD(void, ListSpaces,
              (const upstream::CallContext& ctx, upstream::ListSpacesParams params,
               upstream::Callback<upstream::SpacePage> done),
              (override));
};

}  // namespace aqgate::testing_util

#endif  // AQGATE_TESTS_TESTING_UTIL_MOCK_ARIZE_API_H_
