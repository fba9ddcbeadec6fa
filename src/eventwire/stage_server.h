// Serves any Stage over gRPC: Describe, Process, ProcessStream, the standard
// health service (NOT_SERVING until the stage is built), reflection, and a
// graceful drain on SIGTERM or SIGINT.
#ifndef EVENTWIRE_STAGE_SERVER_H_
#define EVENTWIRE_STAGE_SERVER_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "eventwire/stage.h"

namespace eventwire {

struct StageServerOptions {
  std::string listen_address = "127.0.0.1:0";
  // How long in-flight calls may take to finish after SIGTERM.
  int drain_seconds = 10;
  int max_message_bytes = 256 << 20;
  // Written with the bound port once listening (for tests and tools/run).
  std::string port_file;
};

using StageFactory = std::function<absl::StatusOr<std::unique_ptr<Stage>>()>;

// Blocks until SIGTERM or SIGINT, then drains and returns. Call
// BlockTerminationSignals() before starting any thread.
absl::Status ServeStage(const StageFactory& factory,
                        const StageServerOptions& options);

// Blocks SIGTERM, SIGINT and SIGPIPE in the calling thread (and the threads it
// starts later), so that WaitForTerminationSignal() can take them.
void BlockTerminationSignals();
// Waits for SIGTERM or SIGINT; returns the signal number.
int WaitForTerminationSignal();

// Parses the common stage flags (--listen, --port_file, --drain_seconds) and
// serves the stage built by `factory`. The main() of every stage binary.
int StageMain(int argc, char** argv, const std::string& stage_name,
              const StageFactory& factory);

}  // namespace eventwire

#endif  // EVENTWIRE_STAGE_SERVER_H_
