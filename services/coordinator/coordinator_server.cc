#include "coordinator_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "eventwire/stage.h"
#include "eventwire/stage_server.h"
#include "spdlog/spdlog.h"

namespace eventwire::coordinator {

absl::StatusOr<std::unique_ptr<CoordinatorServer>> CoordinatorServer::Start(
    PipelineConfig config) {
  std::unique_ptr<CoordinatorServer> self(
      new CoordinatorServer(std::move(config)));
  const PipelineConfig& cfg = self->config_;
  auto store = OpenDocumentStore(cfg);
  if (!store.ok()) return store.status();
  self->store_ = std::move(*store);

  std::vector<std::unique_ptr<StageClient>> clients;
  std::vector<v1::StageDescription> chain;
  for (const StageConfig& stage : cfg.stages) {
    auto client = self->ConnectStage(stage);
    if (!client.ok() && stage.optional) {
      spdlog::warn("optional stage '{}' left out: {}", stage.name,
                   client.status().ToString());
      continue;
    }
    if (!client.ok()) return client.status();
    spdlog::info("stage '{}' {} at {} needs [{}] provides [{}]", stage.name,
                 (*client)->description().version(),
                 stage.embedded ? "plugin " + stage.plugin + " (embedded)"
                                : ChannelTarget((*client)->config().addresses),
                 absl::StrJoin((*client)->description().needs(), ", "),
                 absl::StrJoin((*client)->description().provides(), ", "));
    chain.push_back((*client)->description());
    clients.push_back(std::move(*client));
  }
  // The descriptions by step: parallel branches share one.
  std::vector<std::vector<v1::StageDescription>> steps;
  for (size_t k = 0; k < clients.size(); ++k) {
    if (k == 0 || !SameStep(clients[k - 1]->config(), clients[k]->config()))
      steps.emplace_back();
    steps.back().push_back(chain[k]);
  }
  if (absl::Status st = ValidateSteps(steps); !st.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the pipeline is not a valid chain: ", st.message()));
  }

  if (!cfg.metrics_listen.empty()) {
    std::vector<std::string> names;
    for (const auto& c : clients) names.push_back(c->config().name);
    auto metrics =
        CoordinatorMetrics::Start(cfg.metrics_listen, names, *self->store_);
    if (!metrics.ok()) return metrics.status();
    self->metrics_ = std::move(*metrics);
  }
  self->runner_ = std::make_unique<PipelineRunner>(
      cfg, *self->store_, std::move(clients), self->metrics_.get());
  std::string token;
  if (!cfg.auth_token_file.empty()) {
    std::ifstream in(cfg.auth_token_file);
    if (!(in >> token) || token.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot read an access token from auth_token_file '",
                       cfg.auth_token_file, "'"));
    }
  }
  auto credentials = MakeServerCredentials(cfg.tls);
  if (!credentials.ok()) return credentials.status();
  self->service_ = std::make_unique<CoordinatorService>(
      *self->store_, *self->runner_, std::move(token), cfg.max_document_bytes,
      self->metrics_.get());
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(cfg.listen, *credentials, &self->port_);
  builder.SetMaxReceiveMessageSize(256 << 20);
  builder.SetMaxSendMessageSize(256 << 20);
  builder.RegisterService(self->service_.get());
  self->server_ = builder.BuildAndStart();
  if (!self->server_ || self->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", cfg.listen));
  }
  self->runner_->Start();
  if (!cfg.http_listen.empty()) {
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(256 << 20);
    args.SetMaxSendMessageSize(256 << 20);
    // A pasted page as large as Submit takes, in its JSON record.
    const size_t max_body =
        static_cast<size_t>(cfg.max_document_bytes) * 2 + (64 << 10);
    auto web = WebServer::Start(
        WebServerOptions{cfg.http_listen, cfg.tls, self->service_->token(),
                         max_body},
        self->server_->InProcessChannel(args), *self->store_, *self->runner_);
    if (!web.ok()) return web.status();
    self->web_ = std::move(*web);
  }
  self->server_->GetHealthCheckService()->SetServingStatus(true);
  self->server_->GetHealthCheckService()->SetServingStatus(kLivenessService,
                                                           true);
  self->store_watch_ = std::thread([s = self.get()] { s->WatchStore(); });
  return self;
}

void CoordinatorServer::WatchStore() {
  bool ready = true;
  absl::MutexLock lock(&watch_mu_);
  while (!watch_mu_.AwaitWithTimeout(absl::Condition(&stop_watching_),
                                     absl::Seconds(1))) {
    const bool reachable = store_->Reachable();
    if (reachable == ready) continue;
    ready = reachable;
    server_->GetHealthCheckService()->SetServingStatus(ready);
    if (ready) {
      spdlog::info("the store is reachable again: ready");
    } else {
      spdlog::warn("the store cannot be reached: not ready until it can");
    }
  }
}

absl::StatusOr<std::unique_ptr<StageClient>> CoordinatorServer::ConnectStage(
    const StageConfig& configured) {
  StageConfig stage = configured;
  if (!stage.plugin.empty()) {
    auto path = FindPlugin(stage.plugin);
    if (!path.ok()) {
      return absl::Status(
          path.status().code(),
          absl::StrCat("stage '", stage.name, "': ", path.status().message()));
    }
    stage.plugin = *path;
  }
  if (stage.embedded) return StageClient::LoadEmbedded(stage);
  if (stage.command.empty() && stage.plugin.empty())
    return StageClient::Connect(stage, config_.startup_timeout_ms, config_.tls);
  // A stage process of our own: start it, then connect to it.
  ManagedStageOptions options;
  options.name = stage.name;
  options.argv = stage.command;
  if (!stage.plugin.empty()) {
    options.argv = {StageHostPath(), "--plugin=" + stage.plugin};
    if (!stage.plugin_config.empty())
      options.argv.push_back("--plugin_config=" + stage.plugin_config);
  }
  // The stage processes this coordinator starts serve TLS as it does.
  if (config_.tls.server_enabled()) {
    options.argv.push_back("--tls_cert=" + config_.tls.cert);
    options.argv.push_back("--tls_key=" + config_.tls.key);
    if (!config_.tls.ca.empty())
      options.argv.push_back("--tls_ca=" + config_.tls.ca);
    if (config_.tls.require_client_cert)
      options.argv.push_back("--tls_require_client_cert");
  }
  options.env = stage.env;
  options.working_dir = config_.base_dir;
  options.run_dir = (std::filesystem::absolute(config_.data_dir) / "stages")
                        .lexically_normal()
                        .string();
  options.startup_timeout_ms = config_.startup_timeout_ms;
  auto managed = ManagedStage::Start(std::move(options));
  if (!managed.ok()) return managed.status();
  stage.addresses = {(*managed)->address()};
  managed_.push_back(std::move(*managed));
  auto client =
      StageClient::Connect(stage, config_.startup_timeout_ms, config_.tls);
  if (client.ok()) (*client)->AttachProcess(managed_.back().get());
  return client;
}

CoordinatorServer::~CoordinatorServer() { Shutdown(); }

void CoordinatorServer::Shutdown() {
  if (!server_) return;
  {
    absl::MutexLock lock(&watch_mu_);
    stop_watching_ = true;
  }
  if (store_watch_.joinable()) store_watch_.join();
  server_->GetHealthCheckService()->SetServingStatus(false);
  // The page's streams end first: they wait on the runner's feed signal.
  if (web_) web_->Shutdown();
  service_->Shutdown();
  runner_->Stop();
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  server_->Wait();
  server_.reset();
  // Close the stage channels (their health watches would hold up the
  // stages' drain), then stop every stage process at once.
  web_.reset();
  service_.reset();
  runner_.reset();
  for (auto& stage : managed_) stage->Terminate();
  managed_.clear();
}

}  // namespace eventwire::coordinator
