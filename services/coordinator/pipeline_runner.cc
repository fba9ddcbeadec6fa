#include "pipeline_runner.h"

#include <fnmatch.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "branch_merge.h"
#include "eventwire/logging.h"
#include "eventwire/stage.h"
#include "spdlog/spdlog.h"

namespace eventwire::coordinator {
namespace {

bool IsTransient(absl::StatusCode code) {
  return code == absl::StatusCode::kUnavailable ||
         code == absl::StatusCode::kDeadlineExceeded ||
         code == absl::StatusCode::kCancelled ||
         code == absl::StatusCode::kResourceExhausted ||
         code == absl::StatusCode::kAborted ||
         code == absl::StatusCode::kInternal ||
         code == absl::StatusCode::kUnknown;
}

// Whether a failed call that carried `doc` alone says the document is at
// fault. Calls wait for the stage to be ready, so UNAVAILABLE means the
// stage went away while it held the document (it crashed on it), unless
// the stage itself answered that it is still starting. A deadline is the
// document's fault only if the stage is up and serving: it hung on it.
bool ImplicatesDocument(const absl::Status& status, StageClient& stage) {
  if (status.code() == absl::StatusCode::kUnavailable)
    return status.message().find("stage is starting") == std::string::npos;
  if (status.code() == absl::StatusCode::kDeadlineExceeded ||
      status.code() == absl::StatusCode::kCancelled)
    return stage.Health() == "SERVING";
  return true;
}

ChainResult CallFailure(const v1::Document& doc, StageClient& stage,
                        const absl::Status& status) {
  ChainResult r;
  r.document = doc;
  r.failed_stage = stage.config().name;
  r.error =
      absl::StrCat("stage '", stage.config().name, "' failed on document '",
                   doc.id(), "': ", status.ToString());
  r.transient = IsTransient(status.code());
  r.implicates_document = !r.transient || ImplicatesDocument(status, stage);
  return r;
}

// A document property a route condition reads.
std::string RouteField(const std::string& field, const v1::Document& doc) {
  if (field == "language") return doc.metadata().language();
  if (field == "media_type") return doc.media_type();
  if (field == "source") return doc.metadata().source();
  if (field == "outlet") return doc.metadata().outlet();
  if (field == "url") return doc.metadata().url();
  if (field.rfind("attributes.", 0) == 0) {
    auto it = doc.attributes().find(field.substr(11));
    return it == doc.attributes().end() ? "" : it->second;
  }
  return "";
}

// A capability the stage needs that the document does not have yet.
std::string MissingNeed(const v1::StageDescription& stage,
                        const v1::Document& doc) {
  for (const std::string& need : stage.needs()) {
    if (need == capability::kRaw || need == capability::kMetadata) continue;
    if (std::find(doc.provided().begin(), doc.provided().end(), need) ==
        doc.provided().end())
      return need;
  }
  return "";
}

}  // namespace

bool RouteMatches(const std::vector<RouteCondition>& when,
                  const v1::Document& doc) {
  for (const RouteCondition& c : when) {
    const std::string value = RouteField(c.field, doc);
    bool any = false;
    for (const std::string& pattern : c.patterns)
      any = any || fnmatch(pattern.c_str(), value.c_str(), 0) == 0;
    if (!any) return false;
  }
  return true;
}

bool PipelineRunner::Tolerate(const StageConfig& stage,
                              const ChainResult& failure, v1::Document& doc) {
  if (!stage.optional) return false;
  AddDiagnostic(doc, stage.name, v1::Diagnostic::WARNING,
                "optional-stage-failed",
                absl::StrCat("optional stage skipped: ", failure.error));
  return true;
}

PipelineRunner::PipelineRunner(const PipelineConfig& config,
                               DocumentStore& store,
                               std::vector<std::unique_ptr<StageClient>> stages,
                               CoordinatorMetrics* metrics)
    : config_(config),
      store_(store),
      stages_(std::move(stages)),
      metrics_(metrics) {
  // Consecutive stages of one step run side by side.
  for (auto& stage : stages_) {
    if (steps_.empty() ||
        !SameStep(steps_.back()[0]->config(), stage->config()))
      steps_.emplace_back();
    steps_.back().push_back(stage.get());
  }
}

PipelineRunner::~PipelineRunner() { Stop(); }

void PipelineRunner::Start() {
  for (int i = 0; i < config_.workers; ++i) {
    workers_.emplace_back([this] { WorkerLoop(); });
  }
}

void PipelineRunner::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
  }
  for (std::thread& t : workers_) t.join();
  workers_.clear();
}

void PipelineRunner::Notify() {
  absl::MutexLock lock(&mu_);
  ++wakeups_;
}

void PipelineRunner::WaitForFeed(uint64_t /*sequence*/, int timeout_ms) {
  absl::MutexLock lock(&mu_);
  std::pair<PipelineRunner*, uint64_t> arg(this, feed_generation_);
  mu_.AwaitWithTimeout(absl::Condition(
                           +[](std::pair<PipelineRunner*, uint64_t>* a)
                                ABSL_NO_THREAD_SAFETY_ANALYSIS {
                                  return a->first->feed_generation_ !=
                                             a->second ||
                                         a->first->stopping_;
                                },
                           &arg),
                       absl::Milliseconds(timeout_ms));
}

std::vector<ChainResult> PipelineRunner::RunChain(
    std::vector<v1::Document> docs) {
  std::vector<ChainResult> results(docs.size());
  // Indexes of the documents still moving, in submission order.
  std::vector<size_t> live(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) live[i] = i;
  for (const std::vector<StageClient*>& step : steps_) {
    if (live.empty()) break;
    live = step.size() == 1 ? RunStep(*step[0], docs, live, results)
                            : RunParallelStep(step, docs, live, results);
  }
  for (size_t i : live) {
    results[i].ok = true;
    results[i].document = std::move(docs[i]);
  }
  return results;
}

std::optional<ChainResult> PipelineRunner::Admit(const StageClient& client,
                                                 const v1::Document& doc,
                                                 bool* routed) {
  *routed = false;
  const StageConfig& stage = client.config();
  if (!RouteMatches(stage.when, doc)) return std::nullopt;
  if (std::string missing = MissingNeed(client.description(), doc);
      !missing.empty()) {
    ChainResult f;
    f.document = doc;
    f.failed_stage = stage.name;
    f.error = absl::StrCat("stage '", stage.name, "' needs '", missing,
                           "', which no stage before it provided for "
                           "document '",
                           doc.id(), "' (check the 'when' routes)");
    return f;
  }
  *routed = true;
  return std::nullopt;
}

std::vector<size_t> PipelineRunner::RunStep(StageClient& client,
                                            std::vector<v1::Document>& docs,
                                            const std::vector<size_t>& live,
                                            std::vector<ChainResult>& results) {
  std::vector<size_t> route, next;
  for (size_t i : live) {
    bool routed = false;
    if (auto failure = Admit(client, docs[i], &routed)) {
      if (Tolerate(client.config(), *failure, docs[i])) {
        next.push_back(i);
      } else {
        results[i] = std::move(*failure);
      }
      continue;
    }
    (routed ? route : next).push_back(i);  // unrouted: it passes by
  }
  std::vector<std::optional<ChainResult>> failures =
      CallStage(client, docs, route);
  for (size_t k = 0; k < route.size(); ++k) {
    const size_t i = route[k];
    if (failures[k] && !Tolerate(client.config(), *failures[k], docs[i])) {
      results[i] = std::move(*failures[k]);
      continue;
    }
    next.push_back(i);
  }
  std::sort(next.begin(), next.end());
  return next;
}

std::vector<size_t> PipelineRunner::RunParallelStep(
    const std::vector<StageClient*>& step, std::vector<v1::Document>& docs,
    const std::vector<size_t>& live, std::vector<ChainResult>& results) {
  // Each branch works on its own copy of the documents, all at once.
  struct Branch {
    StageClient* client;
    std::vector<size_t> route;
    std::vector<v1::Document> docs;
    std::vector<std::optional<ChainResult>> failures;
  };
  std::vector<Branch> branches;
  std::vector<std::optional<ChainResult>> refused(docs.size());
  // Why optional branches were skipped, by document.
  std::vector<std::vector<std::string>> skipped(docs.size());
  for (StageClient* client : step) {
    Branch b{client, {}, {}, {}};
    for (size_t i : live) {
      bool routed = false;
      if (auto failure = Admit(*client, docs[i], &routed)) {
        if (client->config().optional) {
          skipped[i].push_back("optional stage skipped: " + failure->error);
        } else if (!refused[i]) {
          refused[i] = std::move(failure);
        }
      } else if (routed) {
        b.route.push_back(i);
      }
    }
    // The branch's own copy: only the documents it takes.
    if (!b.route.empty()) b.docs = docs;
    branches.push_back(std::move(b));
  }
  std::vector<std::thread> threads;
  for (Branch& b : branches) {
    threads.emplace_back(
        [this, &b] { b.failures = CallStage(*b.client, b.docs, b.route); });
  }
  for (std::thread& t : threads) t.join();

  std::vector<size_t> next;
  for (size_t i : live) {
    std::optional<ChainResult> failed = std::move(refused[i]);
    BranchMerge merge(docs[i]);
    for (Branch& b : branches) {
      if (failed) break;
      auto at = std::find(b.route.begin(), b.route.end(), i);
      if (at == b.route.end()) continue;  // not routed to this branch
      std::optional<ChainResult>& f = b.failures[at - b.route.begin()];
      if (f) {
        if (b.client->config().optional) {
          skipped[i].push_back("optional stage skipped: " + f->error);
          continue;
        }
        failed = std::move(f);
        break;
      }
      if (absl::Status st = merge.Add(b.client->config().name, b.docs[i]);
          !st.ok()) {
        failed = ChainResult{false, docs[i], b.client->config().name,
                             std::string(st.message()), false};
      }
    }
    v1::Document merged;
    if (!failed) {
      absl::Status st = merge.Finish(&merged);
      if (st.ok()) st = ValidateDocument(merged);
      if (!st.ok()) {
        failed = ChainResult{false, docs[i], step[0]->config().name,
                             absl::StrCat("parallel step failed on document '",
                                          docs[i].id(), "': ", st.message()),
                             false};
      }
    }
    if (failed) {
      results[i] = std::move(*failed);
      continue;
    }
    for (const std::string& why : skipped[i]) {
      AddDiagnostic(merged, "coordinator", v1::Diagnostic::WARNING,
                    "optional-stage-failed", why);
    }
    docs[i] = std::move(merged);
    next.push_back(i);
  }
  return next;
}

absl::StatusOr<std::vector<v1::DocumentResult>> PipelineRunner::Call(
    StageClient& client, const v1::ProcessRequest& request) {
  if (!metrics_) return client.Process(request);
  const std::string& name = client.config().name;
  metrics_->InFlight(name).Increment();
  const auto start = std::chrono::steady_clock::now();
  auto answer = client.Process(request);
  metrics_->ObserveCall(
      name,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count(),
      answer.ok());
  metrics_->InFlight(name).Decrement();
  return answer;
}

std::vector<std::optional<ChainResult>> PipelineRunner::CallStage(
    StageClient& client, std::vector<v1::Document>& docs,
    const std::vector<size_t>& route) {
  std::vector<std::optional<ChainResult>> failures(route.size());
  if (route.empty()) return failures;
  const std::string& name = client.config().name;
  // Takes one document's result: the updated document, or a failure.
  auto take = [&](size_t k, v1::DocumentResult& r) {
    const size_t i = route[k];
    if (r.code() != 0) {
      failures[k] = ChainResult{false, docs[i], name, r.error(), false};
      return;
    }
    if (r.document().id() != docs[i].id()) {
      failures[k] = ChainResult{
          false, docs[i], name,
          absl::StrCat("stage '", name, "' returned document '",
                       r.document().id(), "' in place of '", docs[i].id(), "'"),
          false};
      return;
    }
    if (r.changes_only()) {
      // Only what the stage may change came back; the rest is ours.
      ApplyChangeableFields(client.description(),
                            std::move(*r.mutable_document()), &docs[i]);
    } else {
      docs[i] = std::move(*r.mutable_document());
    }
    // Recorded here too: a stage written without the SDK may not.
    for (const std::string& cap : client.description().provides()) {
      if (std::find(docs[i].provided().begin(), docs[i].provided().end(),
                    cap) == docs[i].provided().end())
        docs[i].add_provided(cap);
    }
  };
  // The documents move into the request and back out of it (the call only
  // reads it): no copy of a whole document per stage.
  const auto call = [&](const std::vector<size_t>& which) {
    v1::ProcessRequest request;
    // A stage that changes only what it provides need not send back what
    // it only read (assemble: every token); nor, unless it needs them, is
    // it sent the raw bytes (a page's HTML), which it cannot change.
    const v1::StageDescription& d = client.description();
    request.set_changes_only(d.changes_only_provided());
    const bool keep_raw = !d.changes_only_provided() ||
                          std::find(d.needs().begin(), d.needs().end(),
                                    capability::kRaw) != d.needs().end();
    std::vector<std::string> raw(which.size());
    for (size_t k = 0; k < which.size(); ++k) {
      v1::Document& doc = docs[which[k]];
      if (!keep_raw) raw[k].swap(*doc.mutable_raw());
      *request.add_documents() = std::move(doc);
    }
    auto answer = Call(client, request);
    for (size_t k = 0; k < which.size(); ++k) {
      v1::Document& doc = docs[which[k]];
      doc = std::move(*request.mutable_documents(static_cast<int>(k)));
      if (!keep_raw) doc.mutable_raw()->swap(raw[k]);
    }
    return answer;
  };
  auto answer = call(route);
  if (answer.ok()) {
    for (size_t k = 0; k < route.size(); ++k) take(k, (*answer)[k]);
    return failures;
  }
  if (route.size() == 1) {
    failures[0] = CallFailure(docs[route[0]], client, answer.status());
    return failures;
  }
  // The call failed as a whole: run each document alone, so that one
  // document that crashes or hangs the stage costs only itself.
  for (size_t k = 0; k < route.size(); ++k) {
    auto single = call({route[k]});
    if (!single.ok()) {
      failures[k] = CallFailure(docs[route[k]], client, single.status());
      continue;
    }
    take(k, (*single)[0]);
  }
  return failures;
}

void PipelineRunner::Finish(const std::vector<PendingDocument>& batch,
                            std::vector<ChainResult>& results) {
  std::vector<v1::Document> finished;
  std::vector<size_t> finished_index;  // into `batch`
  for (size_t i = 0; i < batch.size(); ++i) {
    const std::string& id = batch[i].document.id();
    ChainResult& r = results[i];
    if (r.ok) {
      finished.push_back(std::move(r.document));
      finished_index.push_back(i);
      continue;
    }
    LogContext log_context(id, batch[i].document.trace_id());
    if (metrics_ && r.transient) metrics_->CountDocuments("retried");
    const StageConfig* stage = nullptr;
    for (const auto& s : stages_) {
      if (s->config().name == r.failed_stage) stage = &s->config();
    }
    const int max_attempts = stage ? stage->max_document_attempts : 3;
    if (r.transient) {
      // Back off and retry; a document that keeps failing is dead-lettered.
      const int delay = RetryDelayMs(batch[i].attempts);
      auto attempts = store_.RecordAttempt(id, delay, r.implicates_document);
      if (attempts.ok() && *attempts < max_attempts) {
        if (r.implicates_document) {
          spdlog::warn("{} (attempt {} of {}; retrying in {} ms)", r.error,
                       *attempts, max_attempts, delay);
        } else {
          spdlog::warn("{} (the stage is down; retrying in {} ms)", r.error,
                       delay);
        }
        continue;
      }
    }
    DeadLetter(id, r.failed_stage, r.error, r.document);
  }
  if (!finished.empty()) {
    // The batch's results and feed records commit together where the store
    // can; a document it refuses fails alone.
    Completion completion = store_.CompleteEach(std::move(finished));
    const int64_t now = absl::ToUnixMicros(absl::Now());
    bool completed = false, store_down = false;
    for (size_t k = 0; k < finished_index.size(); ++k) {
      const PendingDocument& p = batch[finished_index[k]];
      const absl::Status& st = completion.documents[k];
      if (st.ok()) {
        completed = true;
        if (metrics_) {
          metrics_->CountDocuments("done");
          if (p.submitted_micros > 0)
            metrics_->ObserveFeedLag((now - p.submitted_micros) / 1e6);
        }
        continue;
      }
      LogContext log_context(p.document.id(), p.document.trace_id());
      store_down |= StoreFailed(p, st);
    }
    // While the store cannot write (its disk full, its server gone), workers
    // pause, longer the longer it lasts, rather than run documents through
    // the stages that they cannot complete.
    absl::MutexLock lock(&mu_);
    if (store_down) {
      const int pause = RetryDelayMs(store_failures_in_a_row_++);
      store_resumes_at_ = absl::Now() + absl::Milliseconds(pause);
    } else if (completed && store_failures_in_a_row_ > 0) {
      spdlog::info(
          "the store completes documents again after {} failed "
          "batch(es)",
          store_failures_in_a_row_);
      store_failures_in_a_row_ = 0;
    }
  }
  absl::MutexLock lock(&mu_);
  ++feed_generation_;
}

int PipelineRunner::RetryDelayMs(int attempts) {
  return std::min(10000, 250 << std::min(attempts, 5));
}

void PipelineRunner::DeadLetter(const std::string& id, const std::string& stage,
                                const std::string& error,
                                const v1::Document& doc) {
  spdlog::warn("dead letter: {}", error);
  if (metrics_) metrics_->CountDocuments("dead");
  if (auto st = store_.DeadLetter(id, stage, error, doc); !st.ok())
    spdlog::error("document '{}': {}", id, st.ToString());
}

bool PipelineRunner::StoreFailed(const PendingDocument& p,
                                 const absl::Status& status) {
  const std::string& id = p.document.id();
  if (IsPermanentStoreError(status)) {
    // Retrying would fail the same way, forever: the document is dead.
    DeadLetter(
        id, "store",
        absl::StrCat("store failed on document '", id, "': ", status.message()),
        p.document);
    return false;
  }
  // The store is down, busy or its disk full: says nothing about the
  // document, so the attempt does not count; it is completed once the store
  // is back.
  const int delay = RetryDelayMs(p.attempts);
  spdlog::error("document '{}' not completed, retrying in {} ms: {}", id, delay,
                status.ToString());
  if (metrics_) metrics_->CountDocuments("retried");
  if (auto st = store_.RecordAttempt(id, delay, /*counts=*/false); !st.ok())
    spdlog::error("document '{}': {}", id, st.status().ToString());
  return true;
}

void PipelineRunner::WorkerLoop() {
  while (true) {
    std::vector<PendingDocument> batch;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      if (absl::Now() < store_resumes_at_) {
        mu_.AwaitWithDeadline(absl::Condition(&stopping_), store_resumes_at_);
        continue;
      }
      std::vector<std::string> exclude(claimed_.begin(), claimed_.end());
      auto pending = store_.Pending(config_.batch_size, exclude);
      if (!pending.ok()) {
        spdlog::error("{}", pending.status().ToString());
      } else {
        batch = std::move(*pending);
      }
      for (const auto& p : batch) claimed_.insert(p.document.id());
      if (batch.empty()) {
        std::pair<PipelineRunner*, uint64_t> arg(this, wakeups_);
        mu_.AwaitWithTimeout(absl::Condition(
                                 +[](std::pair<PipelineRunner*, uint64_t>* a)
                                      ABSL_NO_THREAD_SAFETY_ANALYSIS {
                                        return a->first->stopping_ ||
                                               a->first->wakeups_ != a->second;
                                      },
                                 &arg),
                             absl::Milliseconds(250));
        continue;
      }
    }
    std::vector<v1::Document> docs;
    for (const auto& p : batch) docs.push_back(p.document);
    std::vector<ChainResult> results = RunChain(std::move(docs));
    Finish(batch, results);
    absl::MutexLock lock(&mu_);
    for (const auto& p : batch) claimed_.erase(p.document.id());
  }
}

}  // namespace eventwire::coordinator
