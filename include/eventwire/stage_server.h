// Serves any Stage over gRPC: Describe, Process, ProcessStream, the standard
// health service (NOT_SERVING until the stage is built), reflection, and a
// graceful drain on SIGTERM or SIGINT.
#ifndef EVENTWIRE_STAGE_SERVER_H_
#define EVENTWIRE_STAGE_SERVER_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "eventwire/stage.h"
#include "eventwire/tls.h"
#include "grpcpp/server.h"

namespace eventwire {

// The health service name that says the process is alive, apart from ready
// ("" or the stage's name): Kubernetes' liveness probe asks for it.
inline constexpr char kLivenessService[] = "liveness";

struct StageServerOptions {
  std::string listen_address = "127.0.0.1:0";
  // How long in-flight calls may take to finish after SIGTERM.
  int drain_seconds = 10;
  int max_message_bytes = 256 << 20;
  // Written with the bound port once listening (for tests and tools/run).
  std::string port_file;
  // TLS or mutual TLS; plaintext when no certificate is given.
  TlsFiles tls;
  // Where Prometheus scrapes /metrics (host:port; port 0 picks one); empty:
  // no metrics endpoint.
  std::string metrics_listen;
};

using StageFactory = std::function<absl::StatusOr<std::unique_ptr<Stage>>()>;

class StageService;

// A running stage server. Start() returns once it listens; the health
// service says SERVING once the stage is built.
class StageServer {
 public:
  StageServer();
  ~StageServer();
  // Listens, then builds the stage with `factory` and turns SERVING.
  absl::Status Start(const StageFactory& factory,
                     const StageServerOptions& options);
  int port() const { return port_; }
  // The metrics endpoint's port (0 when there is none).
  int metrics_port() const;
  // What the server counts (defined in stage_server.cc).
  struct Metrics;
  const v1::StageDescription& description() const { return description_; }
  // NOT_SERVING, then waits up to `drain_seconds` for calls in flight, and
  // for their handlers to return (which a stage stuck in a call never does:
  // ServeStage bounds the wait).
  void Shutdown(int drain_seconds);
  // Ids of the documents being processed now.
  std::vector<std::string> DocumentsInProgress() const;

 private:
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<StageService> service_;
  std::unique_ptr<grpc::Server> server_;
  v1::StageDescription description_;
  int port_ = 0;
};

// Starts the stage, blocks until SIGTERM or SIGINT, then drains and
// returns. A signal while the stage still loads ends the process at once.
// Call BlockTerminationSignals() before starting any thread.
absl::Status ServeStage(const StageFactory& factory,
                        const StageServerOptions& options);

// Blocks SIGTERM, SIGINT and SIGPIPE in the calling thread (and the threads it
// starts later), so that WaitForTerminationSignal() can take them.
void BlockTerminationSignals();
// Waits for SIGTERM or SIGINT; returns the signal number.
int WaitForTerminationSignal();
// The same for at most `timeout`; 0 when no signal came.
int WaitForTerminationSignalFor(std::chrono::milliseconds timeout);

// Parses the common stage flags (--listen, --port_file, --drain_seconds,
// --metrics_listen, --tls_cert, --tls_key, --tls_ca,
// --tls_require_client_cert) and
// serves the stage built by `factory`. The main() of every stage binary.
int StageMain(int argc, char** argv, const std::string& stage_name,
              const StageFactory& factory);

}  // namespace eventwire

#endif  // EVENTWIRE_STAGE_SERVER_H_
