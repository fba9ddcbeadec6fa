// Moves accepted documents through the stages in batches: bounded work in
// flight, per-document errors, isolation of a document that crashes or hangs
// a stage, dead letters, and the durable hand-off to the feed.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_PIPELINE_RUNNER_H_
#define EVENTWIRE_SERVICES_COORDINATOR_PIPELINE_RUNNER_H_

#include <atomic>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "coordinator_metrics.h"
#include "document_store.h"
#include "pipeline_config.h"
#include "stage_client.h"

namespace eventwire::coordinator {

// The outcome of one document through the chain.
struct ChainResult {
  bool ok = false;
  v1::Document document;  // the result, or the input of the failing stage
  std::string failed_stage;
  std::string error;
  // True when the failure may pass (stage unreachable, crashed, timed out):
  // the document is retried later rather than dead-lettered at once.
  bool transient = false;
  // False when a transient failure says nothing about this document (the
  // stage was down or starting): such a retry does not count towards the
  // document's attempts, so a stage outage dead-letters nothing.
  bool implicates_document = true;
};

// Whether `doc` meets every routing condition of a stage.
bool RouteMatches(const std::vector<RouteCondition>& when,
                  const v1::Document& doc);

class PipelineRunner {
 public:
  // `metrics` may be null (no metrics endpoint).
  PipelineRunner(const PipelineConfig& config, DocumentStore& store,
                 std::vector<std::unique_ptr<StageClient>> stages,
                 CoordinatorMetrics* metrics = nullptr);
  ~PipelineRunner();

  void Start();
  // Stops taking new work and waits for the batches in flight.
  void Stop();
  // Wakes the workers (new documents were accepted).
  void Notify();

  // Runs documents through the chain, each through the stages whose routes
  // it meets; one result per document.
  std::vector<ChainResult> RunChain(std::vector<v1::Document> docs);

  // Waits until the feed may have grown past `sequence` or `timeout_ms`.
  void WaitForFeed(uint64_t sequence, int timeout_ms);

  const std::vector<std::unique_ptr<StageClient>>& stages() const {
    return stages_;
  }

 private:
  void WorkerLoop();
  // A step of one stage, or of parallel branches: runs the `live` documents
  // through it; returns those still moving, puts failures in `results`.
  std::vector<size_t> RunStep(StageClient& client,
                              std::vector<v1::Document>& docs,
                              const std::vector<size_t>& live,
                              std::vector<ChainResult>& results);
  std::vector<size_t> RunParallelStep(const std::vector<StageClient*>& step,
                                      std::vector<v1::Document>& docs,
                                      const std::vector<size_t>& live,
                                      std::vector<ChainResult>& results);
  // client.Process, timed and counted.
  absl::StatusOr<std::vector<v1::DocumentResult>> Call(
      StageClient& client, const v1::ProcessRequest& request);
  // Whether the stage takes `doc` (its route, then its needs): the failure
  // when the document lacks what the stage needs (whether an optional stage
  // tolerates it is the caller's choice); `routed` says whether to send it.
  static std::optional<ChainResult> Admit(const StageClient& client,
                                          const v1::Document& doc,
                                          bool* routed);
  // Runs the documents `route` indexes through one stage, updating them in
  // `docs`; the failures, one slot per routed document.
  std::vector<std::optional<ChainResult>> CallStage(
      StageClient& client, std::vector<v1::Document>& docs,
      const std::vector<size_t>& route);
  // For an optional stage: notes the failure on the document and returns
  // true (it goes on); false for any other stage.
  static bool Tolerate(const StageConfig& stage, const ChainResult& failure,
                       v1::Document& doc);
  void Finish(const std::vector<PendingDocument>& batch,
              std::vector<ChainResult>& results);
  // Back-off before a document's next try, after `attempts` failed ones.
  static int RetryDelayMs(int attempts);
  // Stores `doc`'s dead letter (logged and counted).
  void DeadLetter(const std::string& id, const std::string& stage,
                  const std::string& error, const v1::Document& doc);
  // The store could not complete `p`: dead-lettered if it never will,
  // otherwise retried after a delay. True when the store may recover.
  bool StoreFailed(const PendingDocument& p, const absl::Status& status);

  const PipelineConfig& config_;
  DocumentStore& store_;
  std::vector<std::unique_ptr<StageClient>> stages_;
  CoordinatorMetrics* const metrics_;
  // stages_ grouped by step (one stage, or parallel branches).
  std::vector<std::vector<StageClient*>> steps_;
  std::vector<std::thread> workers_;

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t wakeups_ ABSL_GUARDED_BY(mu_) = 0;
  std::set<std::string> claimed_ ABSL_GUARDED_BY(mu_);
  // While the store cannot write (a full disk), workers take no new work
  // before this time rather than run documents they cannot complete.
  absl::Time store_resumes_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  int store_failures_in_a_row_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t feed_generation_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_PIPELINE_RUNNER_H_
