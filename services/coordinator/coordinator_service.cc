#include "coordinator_service.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "eventwire/logging.h"
#include "spdlog/spdlog.h"

namespace eventwire::coordinator {
namespace {

grpc::Status ToGrpc(const absl::Status& st) {
  return grpc::Status(static_cast<grpc::StatusCode>(st.code()),
                      std::string(st.message()));
}

}  // namespace

grpc::Status CoordinatorService::Authorize(
    const grpc::ServerContext* context) const {
  if (token_.empty()) return grpc::Status::OK;
  const auto& metadata = context->client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "this coordinator needs an access token "
                        "(\"authorization: Bearer TOKEN\")");
  }
  const std::string_view given(it->second.data(), it->second.size());
  const std::string expected = "Bearer " + token_;
  // Compared in full, whatever the first difference, not to leak where.
  unsigned diff = given.size() != expected.size();
  for (size_t i = 0; i < std::min(given.size(), expected.size()); ++i)
    diff |= static_cast<unsigned char>(given[i] ^ expected[i]);
  if (diff != 0) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "the access token is not valid");
  }
  return grpc::Status::OK;
}

grpc::Status CoordinatorService::Submit(grpc::ServerContext* context,
                                        const v1::SubmitRequest* request,
                                        v1::SubmitResponse* response) {
  if (grpc::Status st = Authorize(context); !st.ok()) return st;
  // Oversized documents are refused one by one; the others are stored.
  std::vector<v1::Document> docs;
  std::vector<bool> too_big;
  for (const v1::Document& d : request->documents()) {
    too_big.push_back(static_cast<int64_t>(d.raw().size()) >
                      max_document_bytes_);
    if (too_big.back()) continue;
    docs.push_back(d);
    if (docs.back().trace_id().empty()) docs.back().set_trace_id(NewTraceId());
  }
  auto results =
      request->replace() ? ReplaceDeadLetters(docs) : store_.Accept(docs);
  if (!results.ok()) return ToGrpc(results.status());
  size_t next = 0;  // results come in the order of `docs`
  for (int i = 0; i < request->documents_size(); ++i) {
    const v1::Document& d = request->documents(i);
    v1::SubmitResult* r = response->add_results();
    if (too_big[i]) {
      if (metrics_) metrics_->CountDocuments("refused");
      r->set_document_id(d.id());
      r->set_error(absl::StrCat("document '", d.id(), "' has ", d.raw().size(),
                                " bytes; this coordinator takes at most ",
                                max_document_bytes_, " (max_document_bytes)"));
    } else {
      *r = std::move((*results)[next++]);
      if (metrics_ && r->accepted() && !r->duplicate())
        metrics_->CountDocuments("accepted");
    }
  }
  runner_.Notify();
  return grpc::Status::OK;
}

absl::StatusOr<std::vector<v1::SubmitResult>>
CoordinatorService::ReplaceDeadLetters(const std::vector<v1::Document>& docs) {
  std::vector<v1::SubmitResult> results;
  for (const v1::Document& doc : docs) {
    v1::SubmitResult& r = results.emplace_back();
    r.set_document_id(doc.id());
    const absl::Status st = store_.ReplaceDeadLetter(doc);
    if (absl::IsNotFound(st)) {
      r.set_error(absl::StrCat(
          "document '", doc.id(),
          "' is not a dead letter: only a dead letter is replaced (one that "
          "is pending or done may already be in the feed)"));
      continue;
    }
    if (!st.ok()) return st;  // the store failed: the whole call does
    r.set_accepted(true);
    if (metrics_) metrics_->CountDocuments("requeued");
  }
  return results;
}

grpc::Status CoordinatorService::Extract(grpc::ServerContext* context,
                                         const v1::ExtractRequest* request,
                                         v1::ExtractResponse* response) {
  if (grpc::Status st = Authorize(context); !st.ok()) return st;
  if (request->document().id().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "document has no id");
  }
  v1::Document doc = request->document();
  if (doc.trace_id().empty()) doc.set_trace_id(NewTraceId());
  std::vector<ChainResult> results = runner_.RunChain({std::move(doc)});
  ChainResult& r = results[0];
  if (!r.ok) {
    response->set_error(r.error);
    response->set_failed_stage(r.failed_stage);
  }
  *response->mutable_document() = std::move(r.document);
  return grpc::Status::OK;
}

grpc::Status CoordinatorService::Subscribe(
    grpc::ServerContext* context, const v1::SubscribeRequest* request,
    grpc::ServerWriter<v1::FeedRecord>* writer) {
  if (grpc::Status st = Authorize(context); !st.ok()) return st;
  // Memory stays bounded however slowly the subscriber reads: a page of
  // records at a time from the store, and Write blocks while HTTP/2 flow
  // control holds the stream (tests/.../subscribe_test.cc).
  struct Open {
    explicit Open(CoordinatorMetrics* m) : metrics(m) {
      if (metrics) metrics->Subscribers().Increment();
    }
    ~Open() {
      if (metrics) metrics->Subscribers().Decrement();
    }
    CoordinatorMetrics* metrics;
  } open(metrics_);
  uint64_t cursor = request->after_sequence();
  while (!context->IsCancelled() && !shutting_down_) {
    auto records = store_.ReadFeed(cursor, 256);
    if (!records.ok()) return ToGrpc(records.status());
    const std::string& label = request->label();
    for (const v1::FeedRecord& r : *records) {
      cursor = r.sequence();
      if (!label.empty() &&
          std::find(r.event().labels().begin(), r.event().labels().end(),
                    label) == r.event().labels().end())
        continue;
      if (!writer->Write(r)) return grpc::Status::OK;
      if (metrics_) metrics_->CountRecordsSent();
    }
    if (!records->empty()) continue;
    if (!request->follow()) break;
    runner_.WaitForFeed(cursor, 500);
  }
  return grpc::Status::OK;
}

grpc::Status CoordinatorService::GetStatus(grpc::ServerContext*,
                                           const v1::GetStatusRequest*,
                                           v1::PipelineStatus* response) {
  auto counts = store_.Counts();
  if (!counts.ok()) return ToGrpc(counts.status());
  response->set_accepted(counts->accepted);
  response->set_pending(counts->pending);
  response->set_done(counts->done);
  response->set_dead(counts->dead);
  response->set_feed_records(counts->feed_records);
  response->set_last_sequence(counts->last_sequence);
  bool ready = true;
  for (const auto& client : runner_.stages()) {
    v1::StageStatus* s = response->add_stages();
    s->set_name(client->config().name);
    for (const auto& a : client->config().addresses) s->add_addresses(a);
    s->set_version(client->description().version());
    s->set_health(client->Health());
    s->set_processed(client->processed());
    s->set_failed(client->failed());
    s->set_placement(client->placement());
    s->set_restarts(static_cast<uint32_t>(client->restarts()));
    ready = ready && s->health() == "SERVING";
  }
  response->set_ready(ready);
  return grpc::Status::OK;
}

grpc::Status CoordinatorService::ListDeadLetters(
    grpc::ServerContext* context, const v1::ListDeadLettersRequest* request,
    v1::ListDeadLettersResponse* response) {
  if (grpc::Status st = Authorize(context); !st.ok()) return st;
  int limit = request->limit() ? static_cast<int>(request->limit()) : 1000;
  auto letters = request->document_ids().empty()
                     ? store_.DeadLetters(limit, request->with_documents())
                     : store_.DeadLettersOf({request->document_ids().begin(),
                                             request->document_ids().end()},
                                            request->with_documents());
  if (!letters.ok()) return ToGrpc(letters.status());
  for (auto& d : *letters) *response->add_dead_letters() = std::move(d);
  return grpc::Status::OK;
}

grpc::Status CoordinatorService::RetryDeadLetters(
    grpc::ServerContext* context, const v1::RetryDeadLettersRequest* request,
    v1::RetryDeadLettersResponse* response) {
  if (grpc::Status st = Authorize(context); !st.ok()) return st;
  std::vector<std::string> ids(request->document_ids().begin(),
                               request->document_ids().end());
  if (ids.empty()) {
    if (request->stage().empty() && !request->all()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "name the documents to retry, a stage (every "
                          "document dead at it), or set all");
    }
    auto letters = store_.DeadLetters(std::numeric_limits<int>::max(),
                                      /*with_documents=*/false);
    if (!letters.ok()) return ToGrpc(letters.status());
    for (const v1::DeadLetter& d : *letters) {
      if (request->stage().empty() || d.stage() == request->stage())
        ids.push_back(d.document_id());
    }
  }
  int requeued = 0;
  for (const std::string& id : ids) {
    v1::RetryResult* r = response->add_results();
    r->set_document_id(id);
    if (absl::Status st = store_.Requeue(id); !st.ok()) {
      r->set_error(std::string(st.message()));
      continue;
    }
    r->set_requeued(true);
    ++requeued;
  }
  if (requeued > 0) {
    spdlog::info("{} dead-lettered document(s) sent through the pipeline again",
                 requeued);
    if (metrics_) metrics_->CountDocuments("requeued", requeued);
    runner_.Notify();
  }
  return grpc::Status::OK;
}

grpc::Status CoordinatorService::GetDocuments(
    grpc::ServerContext* context, const v1::GetDocumentsRequest* request,
    grpc::ServerWriter<v1::Document>* writer) {
  if (grpc::Status st = Authorize(context); !st.ok()) return st;
  std::vector<std::string> ids(request->document_ids().begin(),
                               request->document_ids().end());
  absl::Status st = store_.ForEachDocument(
      ids, request->include_raw(), [&](const v1::Document& d) {
        return !context->IsCancelled() && writer->Write(d);
      });
  return ToGrpc(st);
}

}  // namespace eventwire::coordinator
