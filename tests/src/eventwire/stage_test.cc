#include "eventwire/stage.h"

#include <gtest/gtest.h>

namespace eventwire {
namespace {

v1::StageDescription Desc(const std::string& name,
                          std::vector<std::string> needs,
                          std::vector<std::string> provides) {
  v1::StageDescription d;
  d.set_name(name);
  d.set_version("1");
  d.set_api_version(kStageApiVersion);
  for (auto& n : needs) d.add_needs(n);
  for (auto& p : provides) d.add_provides(p);
  return d;
}

TEST(ValidateChain, AcceptsAChainWhoseNeedsAreMet) {
  EXPECT_TRUE(ValidateChain({Desc("ingest", {"raw"}, {"metadata"}),
                             Desc("clean", {"metadata"}, {"text"}),
                             Desc("tag", {"text"}, {"mentions"})})
                  .ok());
}

TEST(ValidateChain, RefusesAStageWhoseNeedsComeLater) {
  absl::Status st = ValidateChain({Desc("tag", {"text"}, {"mentions"}),
                                   Desc("clean", {"metadata"}, {"text"})});
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("stage 'tag' needs text"), std::string::npos)
      << st;
}

TEST(ValidateChain, RefusesUnknownApiVersionAndDuplicates) {
  auto d = Desc("x", {}, {});
  d.set_api_version(99);
  EXPECT_FALSE(ValidateChain({d}).ok());
  EXPECT_FALSE(ValidateChain({Desc("a", {}, {}), Desc("a", {}, {})}).ok());
}

class FailingStage : public Stage {
 public:
  v1::StageDescription Describe() const override {
    return Desc("broken", {}, {"x"});
  }
  absl::Status Process(v1::Document&) const override {
    return absl::InvalidArgumentError("cannot read it");
  }
};

class AddingStage : public Stage {
 public:
  v1::StageDescription Describe() const override {
    return Desc("adder", {}, {"x"});
  }
  absl::Status Process(v1::Document& doc) const override {
    doc.set_title("added");
    return absl::OkStatus();
  }
};

TEST(RunStage, ErrorsNameTheStageAndTheDocument) {
  v1::Document doc;
  doc.set_id("doc-7");
  absl::Status st = RunStage(FailingStage(), doc);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(),
            "stage 'broken' failed on document 'doc-7': cannot read it");
}

TEST(RunStage, RecordsTraceAndCapabilities) {
  v1::Document doc;
  doc.set_id("d");
  ASSERT_TRUE(RunStage(AddingStage(), doc).ok());
  ASSERT_EQ(doc.trace_size(), 1);
  EXPECT_EQ(doc.trace(0).stage(), "adder");
  ASSERT_EQ(doc.provided_size(), 1);
  EXPECT_EQ(doc.provided(0), "x");
  ASSERT_TRUE(RunStage(AddingStage(), doc).ok());
  EXPECT_EQ(doc.provided_size(), 1);  // not repeated
}

}  // namespace
}  // namespace eventwire

#include <grpcpp/grpcpp.h>

#include <sstream>

#include "eventwire/stage_server.h"
#include "eventwire/v1/stage.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "testing/http_get.h"

namespace eventwire {
namespace {

class BadUtf8Stage : public Stage {
 public:
  v1::StageDescription Describe() const override {
    return MakeDescription("bad-utf8", "1", {}, {"x"}, true,
                           "writes invalid UTF-8");
  }
  absl::Status Process(v1::Document& doc) const override {
    if (doc.id() == "bad") doc.set_title("\xC3");  // half a character
    return absl::OkStatus();
  }
};

TEST(StageServer, UnserialisableOutputFailsOneDocumentClearly) {
  StageServer server;
  ASSERT_TRUE(server
                  .Start(
                      []() -> absl::StatusOr<std::unique_ptr<Stage>> {
                        return std::make_unique<BadUtf8Stage>();
                      },
                      {})
                  .ok());
  auto stub = v1::Stage::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(server.port()),
                          grpc::InsecureChannelCredentials()));
  v1::ProcessRequest request;
  request.add_documents()->set_id("good");
  request.add_documents()->set_id("bad");
  v1::ProcessResponse response;
  grpc::ClientContext ctx;
  grpc::Status st = stub->Process(&ctx, request, &response);
  ASSERT_TRUE(st.ok()) << st.error_message();
  ASSERT_EQ(response.results_size(), 2);
  EXPECT_EQ(response.results(0).code(), 0);
  EXPECT_NE(response.results(1).code(), 0);
  EXPECT_NE(response.results(1).error().find("stage 'bad-utf8'"),
            std::string::npos);
  EXPECT_NE(response.results(1).error().find("'bad'"), std::string::npos);
  server.Shutdown(0);
}

TEST(StageServer, ExportsPrometheusMetrics) {
  StageServer server;
  StageServerOptions options;
  options.metrics_listen = "127.0.0.1:0";
  ASSERT_TRUE(server
                  .Start(
                      []() -> absl::StatusOr<std::unique_ptr<Stage>> {
                        return std::make_unique<BadUtf8Stage>();
                      },
                      options)
                  .ok());
  ASSERT_GT(server.metrics_port(), 0);
  auto stub = v1::Stage::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(server.port()),
                          grpc::InsecureChannelCredentials()));
  v1::ProcessRequest request;
  for (const char* id : {"a", "b", "bad"}) request.add_documents()->set_id(id);
  v1::ProcessResponse response;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub->Process(&ctx, request, &response).ok());

  const std::string body = testing::HttpGet(server.metrics_port(), "/metrics");
  using testing::HasSample;
  EXPECT_TRUE(HasSample(body, "eventwire_stage_document_seconds_count",
                        "stage=\"bad-utf8\"", " 3"))
      << body;
  EXPECT_TRUE(HasSample(body, "eventwire_stage_calls_in_flight", "", " 0"))
      << body;

  // Ready and alive are separate health services (Kubernetes' readiness and
  // liveness probes).
  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(server.port()),
                          grpc::InsecureChannelCredentials()));
  for (const char* service : {"", "bad-utf8", "liveness"}) {
    grpc::ClientContext hctx;
    grpc::health::v1::HealthCheckRequest hreq;
    hreq.set_service(service);
    grpc::health::v1::HealthCheckResponse hresp;
    ASSERT_TRUE(health->Check(&hctx, hreq, &hresp).ok()) << service;
    EXPECT_EQ(hresp.status(), grpc::health::v1::HealthCheckResponse::SERVING)
        << service;
  }
  server.Shutdown(0);
}

}  // namespace
}  // namespace eventwire
