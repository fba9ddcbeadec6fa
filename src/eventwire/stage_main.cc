// The main() of every stage binary: common flags, logging, serving.
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "eventwire/logging.h"
#include "eventwire/stage_server.h"
#include "spdlog/spdlog.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:0",
          "Address to listen on (host:port; port 0 picks a free one)");
ABSL_FLAG(std::string, port_file, "",
          "Write the bound port to this file once listening");
ABSL_FLAG(int, drain_seconds, 10,
          "Seconds in-flight calls may take to finish after SIGTERM");
ABSL_FLAG(std::string, metrics_listen, "",
          "Serve Prometheus metrics at http://ADDRESS/metrics (host:port)");
ABSL_FLAG(std::string, log_level, "info", "trace, debug, info, warn, error");

namespace eventwire {

int StageMain(int argc, char** argv, const std::string& stage_name,
              const StageFactory& factory) {
  BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  SetupLogging(stage_name, absl::GetFlag(FLAGS_log_level));
  StageServerOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.port_file = absl::GetFlag(FLAGS_port_file);
  options.drain_seconds = absl::GetFlag(FLAGS_drain_seconds);
  options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  absl::Status status = ServeStage(factory, options);
  if (!status.ok()) {
    spdlog::error("stage '{}': {}", stage_name, status.ToString());
    return 1;
  }
  return 0;
}

}  // namespace eventwire
