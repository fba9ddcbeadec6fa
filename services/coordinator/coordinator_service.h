// The Coordinator gRPC service: Submit (acknowledged once stored), Extract,
// Subscribe (feed from a cursor, following), status, dead letters and the
// document export.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_COORDINATOR_SERVICE_H_
#define EVENTWIRE_SERVICES_COORDINATOR_COORDINATOR_SERVICE_H_

#include <atomic>

#include "document_store.h"
#include "eventwire/v1/coordinator.grpc.pb.h"
#include "pipeline_runner.h"

namespace eventwire::coordinator {

class CoordinatorService final : public v1::Coordinator::Service {
 public:
  CoordinatorService(DocumentStore& store, PipelineRunner& runner)
      : store_(store), runner_(runner) {}

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

 private:
  DocumentStore& store_;
  PipelineRunner& runner_;
  std::atomic<bool> shutting_down_{false};
};

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_COORDINATOR_SERVICE_H_
