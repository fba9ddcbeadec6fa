// The coordinator: reads the pipeline file, checks the chain with every
// stage's Describe, keeps the durable store and serves the feed.
#include <fstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "coordinator_server.h"
#include "eventwire/logging.h"
#include "eventwire/stage_server.h"
#include "pipeline_config.h"
#include "spdlog/spdlog.h"

ABSL_FLAG(std::string, pipeline, "", "The pipeline file (YAML)");
ABSL_FLAG(std::string, listen, "", "Overrides the pipeline file's 'listen'");
ABSL_FLAG(std::string, data_dir, "",
          "Overrides the pipeline file's 'data_dir'");
ABSL_FLAG(std::string, metrics_listen, "",
          "Overrides the pipeline file's 'metrics_listen' (Prometheus)");
ABSL_FLAG(std::string, http_listen, "",
          "Overrides the pipeline file's 'http_listen' (the page and its "
          "HTTP interface, e.g. 127.0.0.1:7480)");
ABSL_FLAG(std::string, http_port_file, "",
          "Write the bound HTTP port here once serving");
ABSL_FLAG(std::string, port_file, "", "Write the bound port here once serving");
ABSL_FLAG(std::string, log_level, "info", "trace, debug, info, warn, error");

namespace eventwire::coordinator {
namespace {

int Run() {
  if (absl::GetFlag(FLAGS_pipeline).empty()) {
    spdlog::error("--pipeline is required");
    return 2;
  }
  auto config = LoadPipelineConfig(absl::GetFlag(FLAGS_pipeline));
  if (!config.ok()) {
    spdlog::error("{}", config.status().ToString());
    return 2;
  }
  if (!absl::GetFlag(FLAGS_listen).empty())
    config->listen = absl::GetFlag(FLAGS_listen);
  if (!absl::GetFlag(FLAGS_data_dir).empty())
    config->data_dir = absl::GetFlag(FLAGS_data_dir);
  if (!absl::GetFlag(FLAGS_metrics_listen).empty())
    config->metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  if (!absl::GetFlag(FLAGS_http_listen).empty())
    config->http_listen = absl::GetFlag(FLAGS_http_listen);

  // From here on the configuration is immutable (owned by the server).
  auto server = CoordinatorServer::Start(std::move(*config));
  if (!server.ok()) {
    spdlog::error("{}", server.status().ToString());
    return 1;
  }
  if (!absl::GetFlag(FLAGS_port_file).empty()) {
    std::string tmp = absl::GetFlag(FLAGS_port_file) + ".tmp";
    std::ofstream(tmp) << (*server)->port() << "\n";
    std::rename(tmp.c_str(), absl::GetFlag(FLAGS_port_file).c_str());
  }
  if (!absl::GetFlag(FLAGS_http_port_file).empty() && (*server)->http_port()) {
    std::string tmp = absl::GetFlag(FLAGS_http_port_file) + ".tmp";
    std::ofstream(tmp) << (*server)->http_port() << "\n";
    std::rename(tmp.c_str(), absl::GetFlag(FLAGS_http_port_file).c_str());
  }
  auto counts = (*server)->store().Counts();
  spdlog::info(
      "coordinator serving on port {} with {} stages; {} documents "
      "pending{}{}",
      (*server)->port(), (*server)->config().stages.size(),
      counts.ok() ? counts->pending : 0,
      (*server)->metrics_port()
          ? absl::StrCat("; metrics on port ", (*server)->metrics_port())
          : "",
      (*server)->http_port()
          ? absl::StrCat("; the page on port ", (*server)->http_port())
          : "");
  int sig = WaitForTerminationSignal();
  spdlog::info("signal {}: draining", sig);
  (*server)->Shutdown();
  spdlog::info("coordinator stopped");
  return 0;
}

}  // namespace
}  // namespace eventwire::coordinator

int main(int argc, char** argv) {
  eventwire::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  eventwire::SetupLogging("coordinator", absl::GetFlag(FLAGS_log_level));
  return eventwire::coordinator::Run();
}
