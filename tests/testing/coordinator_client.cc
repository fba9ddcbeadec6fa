#include "testing/coordinator_client.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace eventwire::testing {

CoordinatorClient::CoordinatorClient(int port)
    : stub_(v1::Coordinator::NewStub(
          grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                              grpc::InsecureChannelCredentials()))) {}

std::vector<std::string> CoordinatorClient::Submit(
    const std::vector<v1::Document>& docs) {
  v1::SubmitRequest request;
  for (const auto& d : docs) *request.add_documents() = d;
  v1::SubmitResponse response;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  std::vector<std::string> acked;
  if (!stub_->Submit(&ctx, request, &response).ok()) return acked;
  for (const auto& r : response.results()) {
    if (r.accepted()) acked.push_back(r.document_id());
  }
  return acked;
}

v1::PipelineStatus CoordinatorClient::WaitUntilIdle(int timeout_s) {
  v1::PipelineStatus status;
  auto until =
      std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < until) {
    grpc::ClientContext ctx;
    if (stub_->GetStatus(&ctx, {}, &status).ok() && status.pending() == 0)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return status;
}

std::vector<v1::Document> CoordinatorClient::Documents() {
  std::vector<v1::Document> out;
  grpc::ClientContext ctx;
  auto reader = stub_->GetDocuments(&ctx, {});
  v1::Document d;
  while (reader->Read(&d)) out.push_back(d);
  EXPECT_TRUE(reader->Finish().ok());
  return out;
}

std::vector<v1::FeedRecord> CoordinatorClient::Feed() {
  std::vector<v1::FeedRecord> out;
  grpc::ClientContext ctx;
  auto reader = stub_->Subscribe(&ctx, {});
  v1::FeedRecord r;
  while (reader->Read(&r)) out.push_back(r);
  EXPECT_TRUE(reader->Finish().ok());
  return out;
}

std::map<std::string, v1::DeadLetter> CoordinatorClient::DeadLetters() {
  grpc::ClientContext ctx;
  v1::ListDeadLettersRequest request;
  request.set_with_documents(true);
  v1::ListDeadLettersResponse letters;
  EXPECT_TRUE(stub_->ListDeadLetters(&ctx, request, &letters).ok());
  std::map<std::string, v1::DeadLetter> dead;
  for (const auto& d : letters.dead_letters()) dead[d.document_id()] = d;
  return dead;
}

v1::Document TextDocument(const std::string& id, const std::string& text) {
  v1::Document d;
  d.set_id(id);
  d.set_raw(text);
  d.set_media_type("text/plain");
  return d;
}

}  // namespace eventwire::testing
