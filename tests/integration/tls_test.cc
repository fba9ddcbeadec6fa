// TLS, mutual TLS and the access token, with certificates the test makes
// with openssl: a stage configured for mutual TLS refuses plaintext, clients
// without a certificate and clients of another CA; a coordinator with TLS
// and a token runs its stage processes over mutual TLS and refuses calls
// without the token.
#include "eventwire/tls.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "eventwire/v1/coordinator.grpc.pb.h"
#include "eventwire/v1/stage.grpc.pb.h"
#include "testing/coordinator_client.h"
#include "testing/process.h"

namespace eventwire {
namespace {
namespace fs = std::filesystem;

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("ew-tls-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ASSERT_EQ(testing::RunCommand({"/bin/sh",
                                   std::string(EW_SOURCE_DIR) +
                                       "/tests/integration/make_test_certs.sh",
                                   dir_.string()},
                                  (dir_ / "certs.out").string(),
                                  (dir_ / "certs.err").string()),
              0)
        << "openssl failed; see " << dir_;
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  std::string File(const std::string& name) { return (dir_ / name).string(); }

  TlsFiles Client(const std::string& ca, const std::string& cert) {
    TlsFiles tls;
    tls.ca = File(ca + ".pem");
    if (!cert.empty()) {
      tls.cert = File(cert + ".pem");
      tls.key = File(cert + ".key");
    }
    return tls;
  }

  // Describe over a channel with these credentials.
  grpc::Status Describe(int port,
                        std::shared_ptr<grpc::ChannelCredentials> creds) {
    auto stub = v1::Stage::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port), creds));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(5));
    v1::StageDescription d;
    return stub->Describe(&ctx, {}, &d);
  }

  fs::path dir_;
};

TEST_F(TlsTest, AStageWithMutualTlsRefusesEveryOtherClient) {
  const std::string port_file = File("ingest.port");
  testing::Process stage(
      {std::string(EW_BINARY_DIR) + "/services/ingest/eventwire-ingest",
       "--listen=127.0.0.1:0", "--port_file=" + port_file,
       "--tls_cert=" + File("server.pem"), "--tls_key=" + File("server.key"),
       "--tls_ca=" + File("ca.pem"), "--tls_require_client_cert"},
      File("ingest.log"));
  const int port = testing::WaitForPortFile(port_file, stage, 30000);
  ASSERT_GT(port, 0) << "see " << dir_;

  EXPECT_FALSE(Describe(port, grpc::InsecureChannelCredentials()).ok())
      << "plaintext was served";
  EXPECT_FALSE(Describe(port, *MakeChannelCredentials(Client("ca", ""))).ok())
      << "a client without a certificate was served";
  EXPECT_FALSE(
      Describe(port, *MakeChannelCredentials(Client("ca", "rogue-client")))
          .ok())
      << "a certificate of another CA was accepted";
  // A client that does not trust the server's CA gives up too.
  EXPECT_FALSE(
      Describe(port, *MakeChannelCredentials(Client("rogue-ca", "client")))
          .ok());
  grpc::Status ok =
      Describe(port, *MakeChannelCredentials(Client("ca", "client")));
  EXPECT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_TRUE(stage.Running());
}

TEST_F(TlsTest, ACoordinatorWithTlsAndATokenRunsItsStagesOverMutualTls) {
  {
    std::ofstream yaml(dir_ / "pipeline.yaml");
    yaml << "listen: 127.0.0.1:0\ndata_dir: data\n"
         << "tls: {cert: server.pem, key: server.key, ca: ca.pem, "
            "require_client_cert: true}\n"
         << "auth_token_file: token\nmax_document_bytes: 1000\nstages:\n";
    for (const char* stage : {"ingest", "clean"})
      yaml << "  - {name: " << stage << ", command: " << EW_BINARY_DIR
           << "/services/" << stage << "/eventwire-" << stage << "}\n";
  }
  const std::string port_file = File("coordinator.port");
  testing::Process coordinator(
      {std::string(EW_BINARY_DIR) +
           "/services/coordinator/eventwire-coordinator",
       "--pipeline=" + File("pipeline.yaml"), "--data_dir=" + File("data"),
       "--port_file=" + port_file},
      File("coordinator.log"));
  const int port = testing::WaitForPortFile(port_file, coordinator, 60000);
  ASSERT_GT(port, 0) << "see " << dir_;
  std::string token;
  std::ifstream(File("token")) >> token;

  auto channel =
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                          *MakeChannelCredentials(Client("ca", "client")));
  auto stub = v1::Coordinator::NewStub(channel);
  auto submit = [&](const std::string& bearer, const v1::Document& doc,
                    v1::SubmitResponse* response) {
    grpc::ClientContext ctx;
    if (!bearer.empty()) ctx.AddMetadata("authorization", "Bearer " + bearer);
    v1::SubmitRequest request;
    *request.add_documents() = doc;
    return stub->Submit(&ctx, request, response);
  };
  const v1::Document doc = testing::TextDocument(
      "d1", "Police arrested two protesters in Lagos on Monday.");
  v1::SubmitResponse response;
  EXPECT_EQ(submit("", doc, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(submit("not-the-token", doc, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  {
    grpc::ClientContext ctx;
    auto reader = stub->Subscribe(&ctx, {});
    v1::FeedRecord r;
    while (reader->Read(&r)) {
    }
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
  // Oversized documents are refused one by one, with the limit named.
  v1::SubmitResponse big;
  ASSERT_TRUE(
      submit(token, testing::TextDocument("big", std::string(2000, 'x')), &big)
          .ok());
  EXPECT_FALSE(big.results(0).accepted());
  EXPECT_NE(big.results(0).error().find("at most 1000"), std::string::npos)
      << big.results(0).error();

  grpc::Status st = submit(token, doc, &response);
  ASSERT_TRUE(st.ok()) << st.error_message();
  ASSERT_TRUE(response.results(0).accepted()) << response.results(0).error();
  // The document went through both stages: they serve mutual TLS only, so
  // the coordinator reached them with its certificate.
  v1::PipelineStatus status;
  for (int i = 0; i < 400; ++i) {
    grpc::ClientContext ctx;
    if (stub->GetStatus(&ctx, {}, &status).ok() && status.pending() == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(status.done(), 1u);
  EXPECT_EQ(status.dead(), 0u);
  for (const auto& s : status.stages()) {
    EXPECT_EQ(s.health(), "SERVING") << s.name();
    EXPECT_EQ(s.placement(), "process");
  }
  // Plaintext to the coordinator is refused.
  auto plain = v1::Coordinator::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  v1::PipelineStatus ignored;
  EXPECT_FALSE(plain->GetStatus(&ctx, {}, &ignored).ok());
}

}  // namespace
}  // namespace eventwire
