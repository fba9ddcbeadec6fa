// The Coordinator gRPC service: Submit (acknowledged once stored), Extract,
// Subscribe (feed from a cursor, following), status, dead letters (listed
// and retried) and the document export.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_COORDINATOR_SERVICE_H_
#define EVENTWIRE_SERVICES_COORDINATOR_COORDINATOR_SERVICE_H_

#include <atomic>

#include "coordinator_metrics.h"
#include "document_store.h"
#include "eventwire/v1/coordinator.grpc.pb.h"
#include "pipeline_runner.h"

namespace eventwire::coordinator {

class CoordinatorService final : public v1::Coordinator::Service {
 public:
  // `token`: what the "authorization: Bearer" header must carry on every
  // call but GetStatus; empty: no token needed. Documents over
  // `max_document_bytes` are refused at Submit.
  CoordinatorService(DocumentStore& store, PipelineRunner& runner,
                     std::string token, int64_t max_document_bytes,
                     CoordinatorMetrics* metrics = nullptr)
      : store_(store),
        runner_(runner),
        token_(std::move(token)),
        max_document_bytes_(max_document_bytes),
        metrics_(metrics) {}

  // OK when the call carries the token (or none is needed).
  grpc::Status Authorize(const grpc::ServerContext* context) const;

  // The access token calls must carry (empty: none).
  const std::string& token() const { return token_; }

  // Ends open Subscribe streams (at shutdown).
  void Shutdown() { shutting_down_ = true; }

  grpc::Status Submit(grpc::ServerContext*, const v1::SubmitRequest* request,
                      v1::SubmitResponse* response) override;
  grpc::Status Extract(grpc::ServerContext*, const v1::ExtractRequest* request,
                       v1::ExtractResponse* response) override;
  grpc::Status Subscribe(grpc::ServerContext* context,
                         const v1::SubscribeRequest* request,
                         grpc::ServerWriter<v1::FeedRecord>* writer) override;
  grpc::Status GetStatus(grpc::ServerContext*, const v1::GetStatusRequest*,
                         v1::PipelineStatus* response) override;
  grpc::Status ListDeadLetters(grpc::ServerContext*,
                               const v1::ListDeadLettersRequest* request,
                               v1::ListDeadLettersResponse* response) override;
  grpc::Status GetDocuments(grpc::ServerContext* context,
                            const v1::GetDocumentsRequest* request,
                            grpc::ServerWriter<v1::Document>* writer) override;
  grpc::Status RetryDeadLetters(
      grpc::ServerContext* context, const v1::RetryDeadLettersRequest* request,
      v1::RetryDeadLettersResponse* response) override;

 private:
  // Submit with `replace`: each document in place of its dead letter.
  absl::StatusOr<std::vector<v1::SubmitResult>> ReplaceDeadLetters(
      const std::vector<v1::Document>& docs);
  DocumentStore& store_;
  PipelineRunner& runner_;
  const std::string token_;
  const int64_t max_document_bytes_;
  CoordinatorMetrics* const metrics_;
  std::atomic<bool> shutting_down_{false};
};

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_COORDINATOR_SERVICE_H_
