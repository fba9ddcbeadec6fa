#include "stage_client.h"

#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "eventwire/call_metadata.h"
#include "eventwire/logging.h"
#include "eventwire/plugin_loader.h"
#include "eventwire/stage.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "managed_stage.h"

namespace eventwire::coordinator {
namespace {

constexpr int kMaxMessageBytes = 256 << 20;

std::shared_ptr<grpc::Channel> MakeChannel(
    const StageConfig& config, const std::string& service_config,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kMaxMessageBytes);
  args.SetMaxSendMessageSize(kMaxMessageBytes);
  if (!service_config.empty()) args.SetServiceConfigJSON(service_config);
  // A replica that went away is tried again soon after it returns.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  // A replica behind a cut link sends no reset: keepalive pings find it
  // within seconds, so round_robin stops picking it and the calls on it
  // fail (and are retried elsewhere) well before their deadline.
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 2000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 3000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  return grpc::CreateCustomChannel(ChannelTarget(config.addresses), credentials,
                                   args);
}

absl::Status CheckName(const StageConfig& config,
                       const v1::StageDescription& description,
                       const std::string& where) {
  if (description.name() == config.name) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("the pipeline file names stage '", config.name, "' but ",
                   where, " serves stage '", description.name(), "'"));
}

// The stage's replicas over gRPC.
class GrpcStageClient final : public StageClient {
 public:
  GrpcStageClient(StageConfig config, v1::StageDescription description,
                  std::shared_ptr<grpc::Channel> channel)
      : StageClient(std::move(config), std::move(description)),
        channel_(std::move(channel)),
        stub_(v1::Stage::NewStub(channel_)) {}

  absl::StatusOr<std::vector<v1::DocumentResult>> Process(
      const v1::ProcessRequest& request) override;
  std::string Health() override;

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Stage::Stub> stub_;
  absl::Mutex mu_;
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
};

// A plugin loaded into the coordinator. Each batch runs on a thread of its
// own so that the stage's deadline holds: a plugin that hangs costs a thread
// and that batch's documents (the runner then tries them one by one), never
// a worker of the coordinator.
class EmbeddedStageClient final : public StageClient {
 public:
  EmbeddedStageClient(StageConfig config, std::unique_ptr<Stage> stage)
      : StageClient(std::move(config), stage->Describe()),
        stage_(std::move(stage)) {}

  absl::StatusOr<std::vector<v1::DocumentResult>> Process(
      const v1::ProcessRequest& request) override {
    // The thread's own copy: a hung plugin may outlive the call.
    std::vector<v1::Document> docs(request.documents().begin(),
                                   request.documents().end());
    struct Call {
      absl::Mutex mu;
      bool done ABSL_GUARDED_BY(mu) = false;
      std::vector<v1::DocumentResult> results ABSL_GUARDED_BY(mu);
    };
    auto call = std::make_shared<Call>();
    // The thread owns what it uses: a hung one keeps the plugin loaded.
    std::thread([call, stage = stage_, docs] {
      std::vector<v1::DocumentResult> results(docs.size());
      for (size_t i = 0; i < docs.size(); ++i) {
        v1::DocumentResult& r = results[i];
        LogContext log_context(docs[i].id(), docs[i].trace_id());
        r.set_document_id(docs[i].id());
        *r.mutable_document() = docs[i];
        absl::Status status = RunStage(*stage, *r.mutable_document());
        if (!status.ok()) {
          r.clear_document();
          r.set_code(static_cast<int>(status.code()));
          r.set_error(std::string(status.message()));
        }
      }
      absl::MutexLock lock(&call->mu);
      call->results = std::move(results);
      call->done = true;
    }).detach();
    absl::MutexLock lock(&call->mu);
    if (!call->mu.AwaitWithTimeout(absl::Condition(&call->done),
                                   absl::Milliseconds(config().deadline_ms))) {
      CountFailed(docs.size());
      return absl::DeadlineExceededError(absl::StrCat(
          "embedded stage '", config().name, "' did not finish within ",
          config().deadline_ms, " ms"));
    }
    CountResults(call->results);
    return std::move(call->results);
  }

  std::string Health() override { return "SERVING"; }

 private:
  const std::shared_ptr<const Stage> stage_;
};

}  // namespace

std::string StageClient::placement() const {
  if (config_.embedded) return "embedded";
  return process_ ? "process" : "remote";
}

void StageClient::CountResults(const std::vector<v1::DocumentResult>& results) {
  for (const auto& r : results) {
    if (r.code() == 0)
      ++processed_;
    else
      ++failed_;
  }
}

absl::StatusOr<std::unique_ptr<StageClient>> StageClient::LoadEmbedded(
    const StageConfig& config) {
  auto stage = LoadPluginWithConfigFile(config.plugin, config.plugin_config);
  if (!stage.ok()) {
    return absl::Status(
        stage.status().code(),
        absl::StrCat("stage '", config.name, "': ", stage.status().message()));
  }
  if (auto st = CheckName(config, (*stage)->Describe(),
                          "embedded plugin " + config.plugin);
      !st.ok())
    return st;
  return std::unique_ptr<StageClient>(
      new EmbeddedStageClient(config, std::move(*stage)));
}

std::string ChannelTarget(const std::vector<std::string>& addresses) {
  if (addresses.size() == 1) return addresses[0];
  bool v6 = !addresses.empty() && addresses[0].front() == '[';
  return absl::StrCat(v6 ? "ipv6:" : "ipv4:", absl::StrJoin(addresses, ","));
}

std::string ServiceConfigJson(const StageConfig& config, bool idempotent) {
  std::string retry;
  if (idempotent && config.retry.max_attempts > 1) {
    retry = absl::StrFormat(
        R"(,"retryPolicy":{"maxAttempts":%d,"initialBackoff":"%.3fs","maxBackoff":"%.3fs","backoffMultiplier":2,"retryableStatusCodes":["UNAVAILABLE"]})",
        config.retry.max_attempts, config.retry.initial_backoff_ms / 1000.0,
        config.retry.max_backoff_ms / 1000.0);
  }
  return absl::StrCat(
      R"({"loadBalancingConfig":[{"round_robin":{}}],)",
      R"("healthCheckConfig":{"serviceName":""},)",
      R"("methodConfig":[{"name":[{"service":"eventwire.v1.Stage"}])", retry,
      "}]}");
}

absl::StatusOr<std::unique_ptr<StageClient>> StageClient::Connect(
    const StageConfig& config, int startup_timeout_ms, const TlsFiles& tls) {
  // Describe first, on a plain channel: whether retries are safe depends on
  // the answer.
  auto credentials = MakeChannelCredentials(tls);
  if (!credentials.ok()) {
    return absl::Status(credentials.status().code(),
                        absl::StrCat("stage '", config.name,
                                     "': ", credentials.status().message()));
  }
  auto bootstrap =
      MakeChannel(config, ServiceConfigJson(config, false), *credentials);
  auto stub = v1::Stage::NewStub(bootstrap);
  const auto give_up = std::chrono::system_clock::now() +
                       std::chrono::milliseconds(startup_timeout_ms);
  v1::StageDescription description;
  grpc::Status status;
  while (true) {
    grpc::ClientContext ctx;
    ctx.set_wait_for_ready(true);
    ctx.set_deadline(std::min(
        give_up, std::chrono::system_clock::now() + std::chrono::seconds(2)));
    status = stub->Describe(&ctx, v1::DescribeRequest(), &description);
    // UNAVAILABLE also means "still loading": the stage answers that until
    // it is ready.
    if (status.ok() || std::chrono::system_clock::now() >= give_up) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!status.ok()) {
    return absl::UnavailableError(absl::StrCat(
        "stage '", config.name, "' at ", absl::StrJoin(config.addresses, ", "),
        " did not answer Describe within ", startup_timeout_ms,
        " ms: ", status.error_message()));
  }
  if (auto st =
          CheckName(config, description, absl::StrJoin(config.addresses, ", "));
      !st.ok())
    return st;
  auto channel =
      MakeChannel(config, ServiceConfigJson(config, description.idempotent()),
                  *credentials);
  return std::unique_ptr<StageClient>(
      new GrpcStageClient(config, std::move(description), std::move(channel)));
}

absl::StatusOr<std::vector<v1::DocumentResult>> GrpcStageClient::Process(
    const v1::ProcessRequest& request) {
  const auto& docs = request.documents();
  {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](GrpcStageClient* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mu_) {
          return self->in_flight_ < self->config().max_in_flight;
        },
        this));
    ++in_flight_;
  }
  v1::ProcessResponse response;
  grpc::ClientContext ctx;
  ctx.set_wait_for_ready(true);
  ctx.set_deadline(std::chrono::system_clock::now() +
                   std::chrono::milliseconds(config().deadline_ms));
  AddDocumentMetadata(ctx, docs);
  const auto started = std::chrono::steady_clock::now();
  grpc::Status status = stub_->Process(&ctx, request, &response);
  {
    absl::MutexLock lock(&mu_);
    --in_flight_;
  }
  if (!status.ok()) {
    CountFailed(docs.size());
    std::string message = status.error_message();
    // A stage process that died under the call shows as a transport error
    // ("Socket closed"); say what happened, which the supervisor learns a
    // moment after the socket closes.
    if (process() != nullptr &&
        (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::INTERNAL ||
         status.error_code() == grpc::StatusCode::CANCELLED)) {
      std::string death;
      for (int tries = 0; tries < 25 && death.empty(); ++tries) {
        death = process()->DeathSince(started);
        if (death.empty())
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      if (!death.empty()) {
        message = absl::StrCat("the stage process ", death,
                               " during this call (", message, ")");
      }
    }
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        message);
  }
  if (response.results_size() != static_cast<int>(docs.size())) {
    CountFailed(docs.size());
    return absl::InternalError(absl::StrCat(
        "stage '", config().name, "' answered ", response.results_size(),
        " results for ", docs.size(), " documents"));
  }
  std::vector<v1::DocumentResult> results;
  results.reserve(response.results_size());
  for (v1::DocumentResult& r : *response.mutable_results())
    results.push_back(std::move(r));
  CountResults(results);
  return results;
}

std::string GrpcStageClient::Health() {
  auto stub = grpc::health::v1::Health::NewStub(channel_);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&ctx, request, &response);
  if (!status.ok()) return "UNKNOWN";
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
      response.status());
}

}  // namespace eventwire::coordinator
