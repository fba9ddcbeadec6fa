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
ABSL_FLAG(std::string, tls_cert, "",
          "Serve TLS with this certificate chain (PEM); plaintext is refused");
ABSL_FLAG(std::string, tls_key, "", "The private key of --tls_cert (PEM)");
ABSL_FLAG(std::string, tls_ca, "",
          "Verify client certificates against this CA (PEM)");
ABSL_FLAG(bool, tls_require_client_cert, false,
          "Refuse clients without a certificate --tls_ca signed (mutual TLS)");
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
  options.tls.cert = absl::GetFlag(FLAGS_tls_cert);
  options.tls.key = absl::GetFlag(FLAGS_tls_key);
  options.tls.ca = absl::GetFlag(FLAGS_tls_ca);
  options.tls.require_client_cert =
      absl::GetFlag(FLAGS_tls_require_client_cert);
  if (absl::Status st = ValidateTlsFiles(options.tls, "--tls_*: "); !st.ok()) {
    spdlog::error("stage '{}': {}", stage_name, st.ToString());
    return 2;
  }
  absl::Status status = ServeStage(factory, options);
  if (!status.ok()) {
    spdlog::error("stage '{}': {}", stage_name, status.ToString());
    return 1;
  }
  return 0;
}

}  // namespace eventwire
