// The pipeline file: which stages, where, with what deadlines, retries and
// in-flight limits. Read once at start, validated, immutable afterwards.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_PIPELINE_CONFIG_H_
#define EVENTWIRE_SERVICES_COORDINATOR_PIPELINE_CONFIG_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eventwire/tls.h"

namespace eventwire::coordinator {

struct RetryPolicy {
  int max_attempts = 3;  // gRPC transparent retries of UNAVAILABLE
  int initial_backoff_ms = 100;
  int max_backoff_ms = 2000;
};

// A routing condition: the document property `field` ("language",
// "media_type", "source", "outlet", "url" or "attributes.NAME") matches one
// of the glob `patterns` ("en", "text/*").
struct RouteCondition {
  std::string field;
  std::vector<std::string> patterns;
};

struct StageConfig {
  std::string name;
  // The step of the pipeline the stage belongs to: stages listed together
  // under `parallel:` share one and each get the document at once; their
  // additions are merged before the next step. -1: a step of its own.
  int step = -1;
  // The stage runs on the documents that meet every condition; the others
  // pass it by. Empty: every document.
  std::vector<RouteCondition> when;
  // A document the stage fails on goes on without it (with a diagnostic),
  // and the pipeline starts without the stage if it cannot be reached.
  bool optional = false;
  // Where the stage runs; exactly one of the three is set.
  // One or several replicas already running, balanced round-robin.
  std::vector<std::string> addresses;
  // A stage process the coordinator starts, supervises and restarts: any
  // program that serves the stage contract and takes --listen and
  // --port_file (a built-in stage, a Python stage, ...).
  std::vector<std::string> command;
  // A plugin shared library (plugin_abi.h), served by eventwire-stage-host
  // in its own supervised process, or loaded into the coordinator itself
  // when `embedded` (fastest, but a crash in it is the coordinator's). A
  // bare name ("casualties") is found in $EVENTWIRE_PLUGIN_PATH or the
  // installed lib/eventwire/plugins.
  std::string plugin;
  bool embedded = false;
  // A file whose text the plugin gets as its configuration.
  std::string plugin_config;
  // Environment variables for a process the coordinator starts
  // (PYTHONPATH for a Python stage, CUDA_VISIBLE_DEVICES for a GPU one).
  std::map<std::string, std::string> env;
  int deadline_ms = 30000;
  RetryPolicy retry;
  int max_in_flight = 16;
  // A document that fails a stage this many times (crash, hang) becomes a
  // dead letter.
  int max_document_attempts = 3;
};

// Whether stage `b`, listed right after `a`, runs side by side with it.
inline bool SameStep(const StageConfig& a, const StageConfig& b) {
  return a.step >= 0 && a.step == b.step;
}

// Where the coordinator keeps documents and the feed.
// What a store backend reads from the pipeline file's `store:` mapping:
// each backend derives its own (store_registry.h).
struct StoreSettings {
  virtual ~StoreSettings() = default;
};

struct StoreConfig {
  // A registered store backend: "sqlite" (one machine, in data_dir) or
  // "jetstream" (several coordinators sharing one intake and one feed).
  std::string backend = "sqlite";
  // Its settings; null for a backend's defaults.
  std::shared_ptr<const StoreSettings> settings;
};

struct PipelineConfig {
  std::string listen = "127.0.0.1:7400";
  // TLS for the coordinator's own port and for its calls to the stages (the
  // same CA verifies both sides; the certificate is also its client
  // certificate); the stage processes it starts serve with the same files.
  TlsFiles tls;
  // A file holding the access token that Submit, Extract, Subscribe,
  // GetDocuments and ListDeadLetters require ("authorization: Bearer ...").
  std::string auth_token_file;
  // Where Prometheus scrapes the coordinator's /metrics; empty: none.
  std::string metrics_listen;
  // HOST:PORT of the HTTP interface and page (web_server.h); empty: none.
  // It takes the same TLS certificate and access token as the gRPC port.
  std::string http_listen;
  // Documents larger than this (raw bytes) are refused at Submit.
  int64_t max_document_bytes = 64 << 20;
  std::string data_dir = "eventwire-data";
  int workers = 4;
  int batch_size = 8;
  // How long the coordinator waits for every stage to answer Describe.
  int startup_timeout_ms = 30000;
  // Events of the same type, with shared actors and dates no further apart
  // than this, are one feed event.
  int merge_window_days = 2;
  StoreConfig store;
  std::vector<StageConfig> stages;
  // The pipeline file's folder: relative paths in it are relative to this,
  // and stage processes the coordinator starts run here.
  std::string base_dir;
};

// Parses and validates a pipeline file's text; errors name the field.
// Relative paths of commands, plugins and plugin configurations are taken
// from `base_dir` (the pipeline file's folder) when it is set.
absl::StatusOr<PipelineConfig> ParsePipelineConfig(
    const std::string& yaml, const std::string& base_dir = "");
absl::StatusOr<PipelineConfig> LoadPipelineConfig(const std::string& path);
// A `store:` mapping alone ("{backend: jetstream, servers: nats://h:4222}").
absl::StatusOr<StoreConfig> ParseStoreConfig(const std::string& yaml);

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_PIPELINE_CONFIG_H_
