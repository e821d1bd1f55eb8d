// aqctl's output formats: CSV escaping, table alignment and cleaning, JSON
// and JSON Lines shapes.
#include "client/cli/output_format.h"

#include <sstream>

#include <gtest/gtest.h>

#include "aqgate/v1/annotation_queue_service.pb.h"

namespace aqgate::cli {
namespace {

TEST(CsvTest, EscapesCommasQuotesAndLineBreaks) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\r"), "\"cr\r\"");
  std::ostringstream out;
  WriteCsvRow({"a", "b,c", ""}, out);
  EXPECT_EQ(out.str(), "a,\"b,c\",\r\n");
}

TEST(TableTest, AlignsColumnsAndCleansCells) {
  std::ostringstream out;
  WriteTable({"ID", "NAME"}, {{"1", "tab\there"}, {"22222", "new\nline"}}, out);
  EXPECT_EQ(out.str(),
            "ID     NAME\n"
            "1      tab here\n"
            "22222  new line\n");
}

TEST(TableTest, CutsLongCellsAtCharacterBoundaries) {
  std::ostringstream out;
  WriteTable({"X"}, {{"ééééééééééé"}}, out, 6);
  EXPECT_EQ(out.str(), "X\nééé...\n");
}

TEST(OutputFormatTest, ParsesKnownNamesOnly) {
  EXPECT_EQ(*ParseOutputFormat("table"), OutputFormat::kTable);
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(*ParseOutputFormat("jsonl"), OutputFormat::kJsonl);
  EXPECT_EQ(*ParseOutputFormat("csv"), OutputFormat::kCsv);
  EXPECT_FALSE(ParseOutputFormat("yaml").ok());
  EXPECT_FALSE(ParseOutputFormat("").ok());
}

class RenderTest : public ::testing::Test {
 protected:
  RenderTest() {
    a_.set_id("r1");
    a_.set_source_type(v1::SOURCE_TYPE_SPANS);
    a_.set_granularity(v1::GRANULARITY_SPAN);
    (*a_.mutable_data()->mutable_fields())["k"].set_string_value("v,\"x\"");
    b_.set_id("r2");
    b_.set_source_type(v1::SOURCE_TYPE_DATASET);
    auto* user = b_.add_assigned_users();
    user->mutable_user()->set_email("a@x.com");
    user->set_completion_status(v1::COMPLETION_STATUS_COMPLETED);
  }
  std::string Run(OutputFormat format, bool single = false) {
    std::ostringstream out;
    std::vector<const google::protobuf::Message*> items = {&a_};
    if (!single) items.push_back(&b_);
    Render(format, RecordColumns(), items, single, out);
    return out.str();
  }
  v1::Record a_, b_;
};

TEST_F(RenderTest, JsonlIsOneCompactObjectPerLineWithApiFieldNames) {
  EXPECT_EQ(Run(OutputFormat::kJsonl),
            "{\"id\":\"r1\",\"source_type\":\"SOURCE_TYPE_SPANS\",\"granularity\":"
            "\"GRANULARITY_SPAN\",\"data\":{\"k\":\"v,\\\"x\\\"\"}}\n"
            "{\"id\":\"r2\",\"source_type\":\"SOURCE_TYPE_DATASET\",\"assigned_users\":[{\"user\":"
            "{\"email\":\"a@x.com\"},\"completion_status\":\"COMPLETION_STATUS_COMPLETED\"}]}\n");
}

TEST_F(RenderTest, JsonIsAnArrayForListsAndAnObjectForOne) {
  std::string list = Run(OutputFormat::kJson);
  EXPECT_EQ(list.front(), '[');
  EXPECT_EQ(list.substr(list.size() - 2), "]\n");
  std::string one = Run(OutputFormat::kJson, true);
  EXPECT_EQ(one.front(), '{');
  EXPECT_NE(one.find("\"id\": \"r1\""), std::string::npos);
  std::ostringstream empty;
  Render(OutputFormat::kJson, RecordColumns(), {}, false, empty);
  EXPECT_EQ(empty.str(), "[]\n");
}

TEST_F(RenderTest, CsvHasHeaderAndEscapedCells) {
  EXPECT_EQ(Run(OutputFormat::kCsv),
            "ID,SOURCE,GRANULARITY,ANNOTATIONS,ASSIGNED,DATA\r\n"
            "r1,SPANS,SPAN,,,\"{\"\"k\"\":\"\"v,\\\"\"x\\\"\"\"\"}\"\r\n"
            "r2,DATASET,,,a@x.com:COMPLETED,{}\r\n");
}

TEST_F(RenderTest, TableShowsShortEnumNames) {
  std::string table = Run(OutputFormat::kTable);
  EXPECT_EQ(table.substr(0, table.find('\n')),
            "ID  SOURCE   GRANULARITY  ANNOTATIONS  ASSIGNED           DATA");
  EXPECT_NE(table.find("r2  DATASET"), std::string::npos);
  EXPECT_NE(table.find("a@x.com:COMPLETED"), std::string::npos);
}

}  // namespace
}  // namespace aqgate::cli
