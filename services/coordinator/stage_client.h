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
#include "managed_stage.h"
#include "pipeline_config.h"

namespace eventwire::coordinator {

// One stage of the chain as the coordinator calls it: a gRPC service (its
// replicas), or a plugin loaded into the coordinator (embedded).
class StageClient {
 public:
  virtual ~StageClient() = default;

  // Connects and asks the stage to Describe itself, waiting up to
  // `startup_timeout_ms` for a replica to be ready. `config.addresses` says
  // where.
  // `tls`: how to reach the stage (plaintext when it gives no CA).
  static absl::StatusOr<std::unique_ptr<StageClient>> Connect(
      const StageConfig& config, int startup_timeout_ms,
      const TlsFiles& tls = {});
  // Loads `config.plugin` into this process. No process boundary: a plugin
  // that crashes takes the coordinator with it (documents stay pending and
  // are processed again after a restart, but the plugin will crash again),
  // so embed only plugins you trust.
  static absl::StatusOr<std::unique_ptr<StageClient>> LoadEmbedded(
      const StageConfig& config);

  const StageConfig& config() const { return config_; }
  const v1::StageDescription& description() const { return description_; }

  // Runs a batch. The call's status is returned when the call itself fails
  // (deadline, unavailable); per-document errors are in the results. The
  // request is read, not kept: the caller moves its documents in and back.
  virtual absl::StatusOr<std::vector<v1::DocumentResult>> Process(
      const v1::ProcessRequest& request) = 0;

  // SERVING, NOT_SERVING or UNKNOWN for the stage's replicas (any serving).
  virtual std::string Health() = 0;

  uint64_t processed() const { return processed_.load(); }
  uint64_t failed() const { return failed_.load(); }

  // The process the coordinator runs this stage in, when it does (set once,
  // before the runner starts).
  void AttachProcess(const ManagedStage* process) { process_ = process; }
  // "remote", "process" or "embedded".
  std::string placement() const;
  int restarts() const { return process_ ? process_->restarts() : 0; }

 protected:
  StageClient(StageConfig config, v1::StageDescription description)
      : config_(std::move(config)), description_(std::move(description)) {}
  void CountResults(const std::vector<v1::DocumentResult>& results);
  void CountFailed(size_t n) { failed_ += n; }
  // The process this stage runs in, or null (remote, embedded).
  const ManagedStage* process() const { return process_; }

 private:
  const StageConfig config_;
  const v1::StageDescription description_;
  std::atomic<uint64_t> processed_{0}, failed_{0};
  const ManagedStage* process_ = nullptr;
};

// The gRPC target for a stage's addresses: one address as it is (it may be
// a DNS name resolving to several replicas), several as an ipv4:/ipv6: list.
std::string ChannelTarget(const std::vector<std::string>& addresses);
// The service config JSON: round_robin, health checking, and retries when
// the stage is idempotent.
std::string ServiceConfigJson(const StageConfig& config, bool idempotent);

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_STAGE_CLIENT_H_
