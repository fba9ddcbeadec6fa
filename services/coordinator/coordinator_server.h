// A running coordinator: the store, the stage connections (checked with
// Describe), the runner and the gRPC server.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_COORDINATOR_SERVER_H_
#define EVENTWIRE_SERVICES_COORDINATOR_COORDINATOR_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "coordinator_service.h"
#include "document_store.h"
#include "managed_stage.h"
#include "pipeline_config.h"
#include "pipeline_runner.h"
#include "web_server.h"

namespace eventwire::coordinator {

class CoordinatorServer {
 public:
  // Opens the store, connects to every stage, refuses a chain in which a
  // stage needs what no earlier stage provides, then serves.
  static absl::StatusOr<std::unique_ptr<CoordinatorServer>> Start(
      PipelineConfig config);
  ~CoordinatorServer();

  int port() const { return port_; }
  // The metrics endpoint's port (0 when there is none).
  int metrics_port() const { return metrics_ ? metrics_->port() : 0; }
  // The HTTP interface's port (0 when there is none).
  int http_port() const { return web_ ? web_->port() : 0; }
  const PipelineConfig& config() const { return config_; }
  DocumentStore& store() { return *store_; }
  // NOT_SERVING, stop the workers, end streams, stop the server.
  void Shutdown();

 private:
  explicit CoordinatorServer(PipelineConfig config)
      : config_(std::move(config)) {}
  // A client for one stage of the pipeline file: connects to its
  // addresses, or starts its command or plugin host first, or embeds it.
  absl::StatusOr<std::unique_ptr<StageClient>> ConnectStage(
      const StageConfig& configured);
  // Keeps readiness (the health service's overall status) NOT_SERVING
  // while the store cannot be reached, so that load balancers and
  // Kubernetes send clients elsewhere.
  void WatchStore();

  const PipelineConfig config_;
  // Stage processes this coordinator started; stopped after the runner.
  std::vector<std::unique_ptr<ManagedStage>> managed_;
  std::unique_ptr<DocumentStore> store_;
  std::unique_ptr<CoordinatorMetrics> metrics_;
  std::unique_ptr<PipelineRunner> runner_;
  std::unique_ptr<CoordinatorService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<WebServer> web_;  // after the server: it calls it
  int port_ = 0;
  absl::Mutex watch_mu_;
  bool stop_watching_ ABSL_GUARDED_BY(watch_mu_) = false;
  std::thread store_watch_;
};

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_COORDINATOR_SERVER_H_
