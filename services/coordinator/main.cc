// The coordinator: reads the pipeline file, checks the chain with every
// stage's Describe, keeps the durable store and serves the feed.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include <filesystem>
#include <fstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "coordinator_service.h"
#include "document_store.h"
#include "eventwire/logging.h"
#include "eventwire/stage.h"
#include "eventwire/stage_server.h"
#include "pipeline_config.h"
#include "pipeline_runner.h"
#include "spdlog/spdlog.h"

ABSL_FLAG(std::string, pipeline, "", "The pipeline file (YAML)");
ABSL_FLAG(std::string, listen, "", "Overrides the pipeline file's 'listen'");
ABSL_FLAG(std::string, data_dir, "", "Overrides the pipeline file's 'data_dir'");
ABSL_FLAG(std::string, port_file, "", "Write the bound port here once serving");
ABSL_FLAG(std::string, log_level, "info", "trace, debug, info, warn, error");

namespace eventwire::coordinator {
namespace {

absl::StatusOr<PipelineConfig> ReadConfig() {
  if (absl::GetFlag(FLAGS_pipeline).empty()) {
    return absl::InvalidArgumentError("--pipeline is required");
  }
  auto config = LoadPipelineConfig(absl::GetFlag(FLAGS_pipeline));
  if (!config.ok()) return config;
  if (!absl::GetFlag(FLAGS_listen).empty()) config->listen = absl::GetFlag(FLAGS_listen);
  if (!absl::GetFlag(FLAGS_data_dir).empty()) {
    config->data_dir = absl::GetFlag(FLAGS_data_dir);
  }
  return config;
}

int Run() {
  auto loaded = ReadConfig();
  if (!loaded.ok()) {
    spdlog::error("{}", loaded.status().ToString());
    return 2;
  }
  // Read once, validated, immutable from here on.
  const PipelineConfig config = std::move(*loaded);

  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  auto store = DocumentStore::Open(config.data_dir + "/eventwire.db",
                                   config.merge_window_days);
  if (!store.ok()) {
    spdlog::error("{}", store.status().ToString());
    return 1;
  }

  // Connect to every stage and check the chain before serving anything.
  std::vector<std::unique_ptr<StageClient>> clients;
  std::vector<v1::StageDescription> chain;
  for (const StageConfig& stage : config.stages) {
    auto client = StageClient::Connect(stage, config.startup_timeout_ms);
    if (!client.ok()) {
      spdlog::error("{}", client.status().ToString());
      return 1;
    }
    spdlog::info("stage '{}' {} at {} needs [{}] provides [{}]", stage.name,
                 (*client)->description().version(), ChannelTarget(stage.addresses),
                 absl::StrJoin((*client)->description().needs(), ", "),
                 absl::StrJoin((*client)->description().provides(), ", "));
    chain.push_back((*client)->description());
    clients.push_back(std::move(*client));
  }
  if (absl::Status st = ValidateChain(chain); !st.ok()) {
    spdlog::error("the pipeline is not a valid chain: {}", std::string(st.message()));
    return 1;
  }

  PipelineRunner runner(config, **store, std::move(clients));
  CoordinatorService service(**store, runner);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(config.listen, grpc::InsecureServerCredentials(), &port);
  builder.SetMaxReceiveMessageSize(256 << 20);
  builder.SetMaxSendMessageSize(256 << 20);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    spdlog::error("cannot listen on {}", config.listen);
    return 1;
  }
  runner.Start();
  server->GetHealthCheckService()->SetServingStatus(true);
  if (!absl::GetFlag(FLAGS_port_file).empty()) {
    std::string tmp = absl::GetFlag(FLAGS_port_file) + ".tmp";
    std::ofstream(tmp) << port << "\n";
    std::rename(tmp.c_str(), absl::GetFlag(FLAGS_port_file).c_str());
  }
  auto counts = (*store)->Counts();
  spdlog::info("coordinator serving on port {} with {} stages; {} documents pending",
               port, config.stages.size(), counts.ok() ? counts->pending : 0);

  int sig = WaitForTerminationSignal();
  spdlog::info("signal {}: draining", sig);
  server->GetHealthCheckService()->SetServingStatus(false);
  service.Shutdown();
  runner.Stop();
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  server->Wait();
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
