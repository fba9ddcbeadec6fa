// A connection to one stage's replicas: round-robin balancing with health
// checking, retries where the stage is idempotent, a deadline per call and a
// bound on calls in flight.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_STAGE_CLIENT_H_
#define EVENTWIRE_SERVICES_COORDINATOR_STAGE_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "eventwire/v1/stage.grpc.pb.h"
#include "pipeline_config.h"

namespace eventwire::coordinator {

class StageClient {
 public:
  // Connects and asks the stage to Describe itself, waiting up to
  // `startup_timeout_ms` for a replica to be ready.
  static absl::StatusOr<std::unique_ptr<StageClient>> Connect(
      const StageConfig& config, int startup_timeout_ms);

  const StageConfig& config() const { return config_; }
  const v1::StageDescription& description() const { return description_; }

  // Runs a batch. The call's status is returned when the call itself fails
  // (deadline, unavailable); per-document errors are in the results.
  absl::StatusOr<std::vector<v1::DocumentResult>> Process(
      const std::vector<v1::Document>& docs);

  // SERVING, NOT_SERVING or UNKNOWN for the stage's replicas (any serving).
  std::string Health();

  uint64_t processed() const { return processed_.load(); }
  uint64_t failed() const { return failed_.load(); }

 private:
  StageClient(StageConfig config, v1::StageDescription description,
              std::shared_ptr<grpc::Channel> channel);

  const StageConfig config_;
  const v1::StageDescription description_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Stage::Stub> stub_;
  absl::Mutex mu_;
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  std::atomic<uint64_t> processed_{0}, failed_{0};
};

// The gRPC target for a stage's addresses: one address as it is (it may be
// a DNS name resolving to several replicas), several as an ipv4:/ipv6: list.
std::string ChannelTarget(const std::vector<std::string>& addresses);
// The service config JSON: round_robin, health checking, and retries when
// the stage is idempotent.
std::string ServiceConfigJson(const StageConfig& config, bool idempotent);

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_STAGE_CLIENT_H_
