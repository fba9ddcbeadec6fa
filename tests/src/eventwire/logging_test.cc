#include "eventwire/logging.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "eventwire/call_metadata.h"
#include "eventwire/json.h"
#include "eventwire/stage_server.h"
#include "eventwire/v1/stage.grpc.pb.h"
#include "spdlog/sinks/ostream_sink.h"
#include "spdlog/spdlog.h"

namespace eventwire {
namespace {

// Lines a logger with the product's format writes.
class CapturedLog {
 public:
  CapturedLog() {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    logger_ = std::make_shared<spdlog::logger>("test", sink);
    logger_->set_formatter(NewLogFormatter());
  }
  spdlog::logger& logger() { return *logger_; }
  std::string text() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> logger_;
};

TEST(LogContext, JsonLinesForLogCollectorsWhenAsked) {
  setenv("EVENTWIRE_LOG_FORMAT", "json", 1);
  CapturedLog log;
  unsetenv("EVENTWIRE_LOG_FORMAT");
  {
    LogContext context("doc \"7\"\xff", "0af7651916cd43dd8448eb211c80319c");
    log.logger().warn("stage 'tag' failed:\n\t\"quoted\" \\ done");
  }
  log.logger().info("after");
  std::istringstream lines(log.text());
  std::vector<std::string> got;
  for (std::string line; std::getline(lines, line);) got.push_back(line);
  ASSERT_EQ(got.size(), 2u) << log.text();
  auto first = ParseJsonObject(got[0]);
  ASSERT_TRUE(first.ok()) << first.status() << ": " << got[0];
  EXPECT_EQ(StructString(*first, "level"), "warning");
  EXPECT_EQ(StructString(*first, "component"), "test");
  EXPECT_EQ(StructString(*first, "message"),
            "stage 'tag' failed:\n\t\"quoted\" \\ done");
  EXPECT_EQ(StructString(*first, "document"), "doc \"7\"\xEF\xBF\xBD");
  EXPECT_EQ(StructString(*first, "trace"), "0af7651916cd43dd8448eb211c80319c");
  EXPECT_TRUE(
      std::regex_match(StructString(*first, "time"),
                       std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << got[0];
  EXPECT_GT(first->fields().at("pid").number_value(), 0);
  auto second = ParseJsonObject(got[1]);
  ASSERT_TRUE(second.ok()) << got[1];
  EXPECT_EQ(StructString(*second, "message"), "after");
  EXPECT_FALSE(second->fields().contains("document"));
}

TEST(LogContext, NamesTheDocumentAndTraceOnEveryLineWhileAlive) {
  CapturedLog log;
  log.logger().info("before");
  {
    LogContext outer("doc-1", "0af7651916cd43dd8448eb211c80319c");
    log.logger().warn("failed");
    {
      LogContext inner("doc-2", "");
      log.logger().info("nested");
    }
    log.logger().info("outer again");
  }
  log.logger().info("after");
  std::istringstream lines(log.text());
  std::vector<std::string> got;
  for (std::string line; std::getline(lines, line);) got.push_back(line);
  ASSERT_EQ(got.size(), 5u);
  EXPECT_TRUE(got[0].ends_with("before")) << got[0];
  EXPECT_TRUE(got[1].ends_with(
      "failed document=doc-1 trace=0af7651916cd43dd8448eb211c80319c"))
      << got[1];
  EXPECT_TRUE(got[2].ends_with("nested document=doc-2")) << got[2];
  EXPECT_TRUE(
      got[3].ends_with("outer again document=doc-1 "
                       "trace=0af7651916cd43dd8448eb211c80319c"))
      << got[3];
  EXPECT_TRUE(got[4].ends_with("after")) << got[4];
  EXPECT_NE(got[1].find(" warning test["), std::string::npos) << got[1];
}

TEST(NewTraceId, Is32HexDigitsAndDiffers) {
  const std::string a = NewTraceId(), b = NewTraceId();
  EXPECT_TRUE(std::regex_match(a, std::regex("[0-9a-f]{32}"))) << a;
  EXPECT_NE(a, b);
}

// Writes what the stage saw of the log context into the document.
class ContextEchoStage : public Stage {
 public:
  v1::StageDescription Describe() const override {
    return MakeDescription("echo", "1", {}, {"echo"}, true, "");
  }
  absl::Status Process(v1::Document& doc) const override {
    (*doc.mutable_attributes())["log_document"] = LogContext::DocumentId();
    (*doc.mutable_attributes())["log_trace"] = LogContext::TraceId();
    return absl::OkStatus();
  }
};

TEST(CallMetadata, AStageLogsEachDocumentWithTheTraceItsCallNames) {
  StageServer server;
  ASSERT_TRUE(server
                  .Start(
                      []() -> absl::StatusOr<std::unique_ptr<Stage>> {
                        return std::make_unique<ContextEchoStage>();
                      },
                      {})
                  .ok());
  auto stub = v1::Stage::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(server.port()),
                          grpc::InsecureChannelCredentials()));
  std::vector<v1::Document> docs(3);
  docs[0].set_id("with-own-trace");
  docs[0].set_trace_id("11111111111111111111111111111111");
  docs[1].set_id("caf\xC3\xA9 %/\n");  // not printable ASCII
  docs[2].set_id("third");
  v1::ProcessRequest request;
  for (const auto& d : docs) *request.add_documents() = d;
  // The call names traces the documents themselves lack (a client that
  // sets metadata only).
  docs[1].set_trace_id("22222222222222222222222222222222");
  docs[2].set_trace_id("33333333333333333333333333333333");
  grpc::ClientContext ctx;
  AddDocumentMetadata(ctx, docs);
  v1::ProcessResponse response;
  grpc::Status st = stub->Process(&ctx, request, &response);
  ASSERT_TRUE(st.ok()) << st.error_message();
  ASSERT_EQ(response.results_size(), 3);
  const auto& a0 = response.results(0).document().attributes();
  const auto& a1 = response.results(1).document().attributes();
  const auto& a2 = response.results(2).document().attributes();
  EXPECT_EQ(a0.at("log_document"), "with-own-trace");
  EXPECT_EQ(a0.at("log_trace"), "11111111111111111111111111111111");
  EXPECT_EQ(a1.at("log_document"), docs[1].id());
  EXPECT_EQ(a1.at("log_trace"), "22222222222222222222222222222222");
  EXPECT_EQ(a2.at("log_trace"), "33333333333333333333333333333333");
  server.Shutdown(0);
}

}  // namespace
}  // namespace eventwire
