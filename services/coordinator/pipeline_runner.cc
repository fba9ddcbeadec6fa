#include "pipeline_runner.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
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

}  // namespace

PipelineRunner::PipelineRunner(const PipelineConfig& config,
                               DocumentStore& store,
                               std::vector<std::unique_ptr<StageClient>> stages)
    : config_(config), store_(store), stages_(std::move(stages)) {}

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
  // Indexes of the documents still moving.
  std::vector<size_t> live(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) live[i] = i;
  for (auto& client : stages_) {
    if (live.empty()) break;
    std::vector<v1::Document> batch;
    for (size_t i : live) batch.push_back(docs[i]);
    auto answer = client->Process(batch);
    std::vector<size_t> next;
    if (!answer.ok() && live.size() > 1) {
      // The call failed as a whole: run each document alone, so that one
      // document that crashes or hangs the stage costs only itself.
      for (size_t i : live) {
        auto single = client->Process({docs[i]});
        if (!single.ok()) {
          results[i] = CallFailure(docs[i], *client, single.status());
          continue;
        }
        const v1::DocumentResult& r = (*single)[0];
        if (r.code() != 0) {
          results[i] = {false, docs[i], client->config().name, r.error(),
                        false};
          continue;
        }
        docs[i] = r.document();
        next.push_back(i);
      }
      live = std::move(next);
      continue;
    }
    if (!answer.ok()) {
      size_t i = live[0];
      results[i] = CallFailure(docs[i], *client, answer.status());
      live.clear();
      continue;
    }
    for (size_t k = 0; k < live.size(); ++k) {
      size_t i = live[k];
      const v1::DocumentResult& r = (*answer)[k];
      if (r.code() != 0) {
        results[i] = {false, docs[i], client->config().name, r.error(), false};
        continue;
      }
      if (r.document().id() != docs[i].id()) {
        results[i] = {false, docs[i], client->config().name,
                      absl::StrCat("stage '", client->config().name,
                                   "' returned document '", r.document().id(),
                                   "' in place of '", docs[i].id(), "'"),
                      false};
        continue;
      }
      docs[i] = r.document();
      next.push_back(i);
    }
    live = std::move(next);
  }
  for (size_t i : live) {
    results[i].ok = true;
    results[i].document = std::move(docs[i]);
  }
  return results;
}

void PipelineRunner::Finish(const std::vector<PendingDocument>& batch,
                            std::vector<ChainResult>& results) {
  std::vector<v1::Document> finished;
  for (size_t i = 0; i < batch.size(); ++i) {
    const std::string& id = batch[i].document.id();
    ChainResult& r = results[i];
    if (r.ok) {
      finished.push_back(std::move(r.document));
      continue;
    }
    const StageConfig* stage = nullptr;
    for (const auto& s : stages_) {
      if (s->config().name == r.failed_stage) stage = &s->config();
    }
    const int max_attempts = stage ? stage->max_document_attempts : 3;
    if (r.transient) {
      // Back off and retry; a document that keeps failing is dead-lettered.
      int delay = std::min(10000, 250 << std::min(batch[i].attempts, 5));
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
    spdlog::warn("dead letter: {}", r.error);
    if (auto st = store_.DeadLetter(id, r.failed_stage, r.error, r.document);
        !st.ok()) {
      spdlog::error("document '{}': {}", id, st.ToString());
    }
  }
  if (!finished.empty()) {
    // The batch's results and feed records commit together; on failure the
    // documents stay pending and are processed again.
    auto appended = store_.CompleteAll(std::move(finished));
    if (!appended.ok())
      spdlog::error("completing a batch: {}", appended.status().ToString());
  }
  absl::MutexLock lock(&mu_);
  ++feed_generation_;
}

void PipelineRunner::WorkerLoop() {
  while (true) {
    std::vector<PendingDocument> batch;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
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
