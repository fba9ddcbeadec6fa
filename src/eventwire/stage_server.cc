#include "eventwire/stage_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "eventwire/call_metadata.h"
#include "eventwire/logging.h"
#include "eventwire/v1/stage.grpc.pb.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "spdlog/spdlog.h"

namespace eventwire {

// What a stage server exports to Prometheus at /metrics.
struct StageServer::Metrics {
  explicit Metrics(const std::string& listen)
      : exposer(listen), registry(std::make_shared<prometheus::Registry>()) {
    exposer.RegisterCollectable(registry);
  }
  void ForStage(const std::string& name) {
    auto& documents = prometheus::BuildCounter()
                          .Name("eventwire_stage_documents_total")
                          .Help("Documents processed, by outcome")
                          .Register(*registry);
    ok = &documents.Add({{"stage", name}, {"outcome", "ok"}});
    failed = &documents.Add({{"stage", name}, {"outcome", "error"}});
    seconds = &prometheus::BuildHistogram()
                   .Name("eventwire_stage_document_seconds")
                   .Help("Time to process one document")
                   .Register(*registry)
                   .Add({{"stage", name}},
                        prometheus::Histogram::BucketBoundaries{
                            0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                            0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
    in_flight = &prometheus::BuildGauge()
                     .Name("eventwire_stage_calls_in_flight")
                     .Help("Process and ProcessStream calls being served")
                     .Register(*registry)
                     .Add({{"stage", name}});
  }

  prometheus::Exposer exposer;
  std::shared_ptr<prometheus::Registry> registry;
  prometheus::Counter* ok = nullptr;
  prometheus::Counter* failed = nullptr;
  prometheus::Histogram* seconds = nullptr;
  prometheus::Gauge* in_flight = nullptr;
};

namespace {

using Metrics = StageServer::Metrics;

// Counts a call in flight for as long as it lives.
class InFlight {
 public:
  explicit InFlight(Metrics* m) : m_(m) {
    if (m_) m_->in_flight->Increment();
  }
  ~InFlight() {
    if (m_) m_->in_flight->Decrement();
  }

 private:
  Metrics* const m_;
};

// Fills `result` with the outcome of running the stage on `doc`.
// `trace_id` names the document's trace when the document itself does not
// (a client that sets only the call's metadata). With `changes_only` (the
// caller asked, and the stage said it changes only what it provides,
// `description`), the result carries only the fields it may change.
void ProcessOne(const Stage& stage, v1::Document&& doc,
                v1::DocumentResult* result, Metrics* metrics,
                const std::string& trace_id = "", bool changes_only = false,
                const v1::StageDescription* description = nullptr) {
  LogContext log_context(doc.id(),
                         doc.trace_id().empty() ? trace_id : doc.trace_id());
  const auto start = std::chrono::steady_clock::now();
  result->set_document_id(doc.id());
  v1::Document* out = result->mutable_document();
  *out = std::move(doc);
  absl::Status status = RunStage(stage, *out);
  if (metrics) {
    metrics->seconds->Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count());
    (status.ok() ? metrics->ok : metrics->failed)->Increment();
  }
  if (!status.ok()) {
    result->clear_document();
    result->set_code(static_cast<int>(status.code()));
    result->set_error(std::string(status.message()));
    spdlog::warn("{}", std::string(status.message()));
    return;
  }
  if (changes_only && description != nullptr) {
    KeepChangeableFields(*description, out);
    result->set_changes_only(true);
  }
}

}  // namespace

class StageService final : public v1::Stage::Service {
 public:
  void SetStage(std::unique_ptr<Stage> stage, Metrics* metrics) {
    description_ = stage->Describe();
    stage_ = std::move(stage);
    metrics_ = metrics;
    ready_.store(true, std::memory_order_release);
  }

  grpc::Status Describe(grpc::ServerContext*, const v1::DescribeRequest*,
                        v1::StageDescription* response) override {
    if (!ready()) return NotReady();
    *response = stage_->Describe();
    return grpc::Status::OK;
  }

  grpc::Status Process(grpc::ServerContext* context,
                       const v1::ProcessRequest* request,
                       v1::ProcessResponse* response) override {
    if (!ready()) return NotReady();
    InFlight in_flight(metrics_);
    const std::vector<std::string> traces = TraceIdsFromMetadata(*context);
    // The documents move into the answer instead of being copied: gRPC
    // made the request for this call alone and drops it when it returns.
    auto& documents =
        *const_cast<v1::ProcessRequest*>(request)->mutable_documents();
    for (int i = 0; i < request->documents_size(); ++i) {
      if (context->IsCancelled()) {
        return grpc::Status(grpc::StatusCode::CANCELLED,
                            "batch cancelled by the caller");
      }
      const Working working(this, documents[i].id());
      ProcessOne(
          *stage_, std::move(documents[i]), response->add_results(), metrics_,
          i < static_cast<int>(traces.size()) ? traces[i] : "",
          request->changes_only() && description_.changes_only_provided(),
          &description_);
    }
    return grpc::Status::OK;
  }

  grpc::Status ProcessStream(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::DocumentResult, v1::Document>* stream)
      override {
    if (!ready()) return NotReady();
    InFlight in_flight(metrics_);
    v1::Document doc;
    while (stream->Read(&doc)) {
      v1::DocumentResult result;
      {
        const Working working(this, doc.id());
        ProcessOne(*stage_, std::move(doc), &result, metrics_);
      }
      if (!stream->Write(result)) break;
    }
    return grpc::Status::OK;
  }

  // The documents the stage is working on now, for the log of a drain that
  // has to abandon them.
  std::vector<std::string> DocumentsInProgress() const {
    absl::MutexLock lock(&working_mutex_);
    return std::vector<std::string>(working_.begin(), working_.end());
  }

 private:
  // Marks one document in progress for its lifetime.
  class Working {
   public:
    Working(StageService* service, const std::string& id)
        : service_(service), id_(id) {
      absl::MutexLock lock(&service_->working_mutex_);
      service_->working_.insert(id_);
    }
    ~Working() {
      absl::MutexLock lock(&service_->working_mutex_);
      service_->working_.erase(service_->working_.find(id_));
    }
    Working(const Working&) = delete;
    Working& operator=(const Working&) = delete;

   private:
    StageService* service_;
    std::string id_;
  };

  bool ready() const { return ready_.load(std::memory_order_acquire); }
  static grpc::Status NotReady() {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "stage is starting");
  }

  std::atomic<bool> ready_{false};
  v1::StageDescription description_;  // set before ready_
  std::unique_ptr<Stage> stage_;
  Metrics* metrics_ = nullptr;
  mutable absl::Mutex working_mutex_;
  std::multiset<std::string> working_ ABSL_GUARDED_BY(working_mutex_);
};

void BlockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

int WaitForTerminationSignalFor(std::chrono::milliseconds timeout) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(timeout);
  timespec wait{};
  wait.tv_sec = seconds.count();
  wait.tv_nsec =
      std::chrono::duration_cast<std::chrono::nanoseconds>(timeout - seconds)
          .count();
  const int sig = sigtimedwait(&set, nullptr, &wait);
  return sig > 0 ? sig : 0;
}

int WaitForTerminationSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

StageServer::StageServer() : service_(std::make_unique<StageService>()) {}
StageServer::~StageServer() {
  if (server_) Shutdown(0);
}

int StageServer::metrics_port() const {
  if (!metrics_) return 0;
  auto ports = metrics_->exposer.GetListeningPorts();
  return ports.empty() ? 0 : ports[0];
}

absl::Status StageServer::Start(const StageFactory& factory,
                                const StageServerOptions& options) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  auto credentials = MakeServerCredentials(options.tls);
  if (!credentials.ok()) return credentials.status();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address, *credentials, &port_);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  // The coordinator pings every few seconds to notice a cut link; a server
  // that counted those pings as abuse would close the connection.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 1000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 0);
  builder.RegisterService(service_.get());
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address));
  }
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  // Not ready ("" and the stage's name) until the stage has loaded its
  // resources; alive ("liveness") as soon as it listens, so that a slow
  // start is not taken for a dead process.
  health->SetServingStatus(false);
  health->SetServingStatus(kLivenessService, true);
  absl::StatusOr<std::unique_ptr<Stage>> stage = factory();
  if (!stage.ok()) {
    server_->Shutdown();
    server_.reset();
    return stage.status();
  }
  description_ = (*stage)->Describe();
  if (!options.metrics_listen.empty()) {
    // civetweb reports a port it cannot bind by throwing.
    try {
      metrics_ = std::make_unique<Metrics>(options.metrics_listen);
    } catch (const std::exception& e) {
      server_->Shutdown();
      server_.reset();
      return absl::UnavailableError(absl::StrCat(
          "cannot serve metrics on ", options.metrics_listen, ": ", e.what()));
    }
    metrics_->ForStage(description_.name());
  }
  service_->SetStage(std::move(*stage), metrics_.get());
  health->SetServingStatus(description_.name(), true);
  health->SetServingStatus(true);
  if (!options.port_file.empty()) {
    // Written to a temporary name, then renamed, so readers never see half.
    std::string tmp = options.port_file + ".tmp";
    std::ofstream(tmp) << port_ << "\n";
    std::rename(tmp.c_str(), options.port_file.c_str());
  }
  return absl::OkStatus();
}

std::vector<std::string> StageServer::DocumentsInProgress() const {
  return service_->DocumentsInProgress();
}

void StageServer::Shutdown(int drain_seconds) {
  if (!server_) return;
  // Not ready, so no new work comes; still alive while it drains.
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->GetHealthCheckService()->SetServingStatus(kLivenessService, true);
  server_->Shutdown(std::chrono::system_clock::now() +
                    std::chrono::seconds(drain_seconds));
  server_->Wait();
  server_.reset();
}

namespace {

// Waits until `done` is set, `deadline` passes or SIGTERM/SIGINT arrives;
// the signal, or 0. For work that runs apart from the signal thread
// because it may never return (a load, a drain).
int WaitForSignalUnless(const std::atomic<bool>& done,
                        std::chrono::steady_clock::time_point deadline) {
  while (!done.load(std::memory_order_acquire) &&
         std::chrono::steady_clock::now() < deadline) {
    if (int sig = WaitForTerminationSignalFor(std::chrono::milliseconds(20)))
      return sig;
  }
  return 0;
}

}  // namespace

absl::Status ServeStage(const StageFactory& factory,
                        const StageServerOptions& options) {
  StageServer server;
  // A stage may take seconds to load its resources (models); a stop asked
  // for meanwhile (its coordinator gone) is obeyed at once, not after the
  // load.
  std::atomic<bool> started{false};
  absl::Status start_status;
  std::thread starter([&] {
    start_status = server.Start(factory, options);
    started.store(true, std::memory_order_release);
  });
  if (int sig = WaitForSignalUnless(
          started, std::chrono::steady_clock::time_point::max());
      sig != 0) {
    spdlog::info("signal {}: stopping before the stage is ready", sig);
    spdlog::shutdown();
    // The loading thread cannot be interrupted: no destructor may wait.
    std::_Exit(0);
  }
  starter.join();
  if (!start_status.ok()) return start_status;
  spdlog::info("stage '{}' {} serving on port {}{}",
               server.description().name(), server.description().version(),
               server.port(),
               server.metrics_port()
                   ? absl::StrCat(", metrics on port ", server.metrics_port())
                   : "");
  int sig = WaitForTerminationSignal();
  spdlog::info("signal {}: draining stage '{}' (up to {} s)", sig,
               server.description().name(), options.drain_seconds);
  // gRPC's Shutdown cancels the calls still running at the deadline, but
  // waits for their handlers to return, and a handler stuck in a stage (a
  // hung plugin) never does. So the drain runs apart, and this thread ends
  // the process at the deadline or at a second signal, whatever the calls
  // are doing.
  std::atomic<bool> drained{false};
  std::thread drainer([&server, &drained, &options] {
    server.Shutdown(options.drain_seconds);
    drained.store(true, std::memory_order_release);
  });
  const int second_signal = WaitForSignalUnless(
      drained, std::chrono::steady_clock::now() +
                   std::chrono::seconds(options.drain_seconds));
  if (!drained.load(std::memory_order_acquire)) {
    const std::vector<std::string> abandoned = server.DocumentsInProgress();
    spdlog::error(
        "stage '{}' did not drain ({}): abandoning {} call(s) still running "
        "on document(s) {}",
        server.description().name(),
        second_signal != 0
            ? absl::StrCat("signal ", second_signal, " again")
            : absl::StrCat("deadline of ", options.drain_seconds, " s passed"),
        abandoned.size(),
        abandoned.empty()
            ? std::string("(none)")
            : absl::StrCat("'", absl::StrJoin(abandoned, "', '"), "'"));
    spdlog::shutdown();
    // Threads are stuck in the stage: no destructor may wait for them.
    std::_Exit(3);
  }
  drainer.join();
  spdlog::info("stage '{}' stopped", server.description().name());
  return absl::OkStatus();
}

}  // namespace eventwire
