#include "jetstream_store.h"

#include <nats/nats.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "eventwire/event_match.h"
#include "feed_merge.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/delimited_message_util.h"
#include "quote_merge.h"
#include "spdlog/spdlog.h"
#include "stable_hash.h"

namespace eventwire::coordinator {
namespace {

constexpr char kConsumer[] = "coordinators";
constexpr int kWaitMs = 5000;  // for each JetStream request

absl::Status NatsError(const std::string& what, natsStatus s,
                       jsErrCode code = static_cast<jsErrCode>(0)) {
  std::string text = natsStatus_GetText(s);
  if (code != 0) absl::StrAppend(&text, " (JetStream error ", code, ")");
  const char* last = nats_GetLastError(nullptr);
  if (last != nullptr && *last != '\0' && text.find(last) == std::string::npos)
    absl::StrAppend(&text, ": ", last);
  return absl::UnavailableError(
      absl::StrCat("store (JetStream): ", what, ": ", text));
}

// A subject token for a document id: its bytes in hex when short, else
// "h" and 32 hex digits of its SHA-256 (subjects travel in the protocol's
// control line).
std::string DocumentToken(const std::string& id) {
  if (id.size() <= 96) return absl::BytesToHexString(id);
  return absl::StrCat("h", Sha256Hex(id, 32));
}

// The token stores written before 2026-12 gave a long id (std::hash, as
// libstdc++ computes it): still looked up, so that their documents and dead
// letters are found after an upgrade.
std::string LegacyDocumentToken(const std::string& id) {
  const std::hash<std::string> h;
  return absl::StrFormat("h%016x%016x", h(id), h(absl::StrCat("\x1f", id)));
}

std::string StreamName(const JetStreamSettings& c, const char* suffix) {
  return absl::StrCat(c.prefix, "_", suffix);
}

int64_t NowMicros() { return absl::ToUnixMicros(absl::Now()); }

// Owns a message the client library allocated.
struct MsgDeleter {
  void operator()(natsMsg* m) const { natsMsg_Destroy(m); }
};
using MsgPtr = std::unique_ptr<natsMsg, MsgDeleter>;

// A letter as listed without documents: the stage's document and the
// submitted input left out.
void WithoutDocuments(v1::DeadLetter* letter) {
  letter->clear_document();
  letter->clear_input();
}

std::string Data(natsMsg* m) {
  return std::string(natsMsg_GetData(m), natsMsg_GetDataLength(m));
}

}  // namespace

JetStreamStore::JetStreamStore(const JetStreamSettings& config,
                               int merge_window_days)
    : config_(config),
      merge_window_days_(merge_window_days),
      subject_(absl::AsciiStrToLower(config.prefix)) {}

absl::StatusOr<std::unique_ptr<JetStreamStore>> JetStreamStore::Open(
    const JetStreamSettings& config, int connect_timeout_ms,
    int merge_window_days) {
  std::unique_ptr<JetStreamStore> store(
      new JetStreamStore(config, merge_window_days));
  if (auto st = store->Connect(connect_timeout_ms); !st.ok()) return st;
  if (auto st = store->CreateStreams(); !st.ok()) return st;
  store->renewer_ = std::thread([s = store.get()] { s->RenewClaims(); });
  return store;
}

absl::Status JetStreamStore::Connect(int connect_timeout_ms) {
  natsOptions* opts = nullptr;
  natsStatus s = natsOptions_Create(&opts);
  std::vector<const char*> servers;
  for (const std::string& url : config_.servers) servers.push_back(url.c_str());
  if (s == NATS_OK)
    s = natsOptions_SetServers(opts, servers.data(),
                               static_cast<int>(servers.size()));
  // Once connected, reconnect for as long as it takes: a server restart or
  // a cut link must not end the coordinator.
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(opts, -1);
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(opts, 250);
  if (s == NATS_OK) s = natsOptions_SetTimeout(opts, 2000);
  if (s != NATS_OK) {
    natsOptions_Destroy(opts);
    return NatsError("options", s);
  }
  const absl::Time deadline =
      absl::Now() + absl::Milliseconds(connect_timeout_ms);
  while (true) {
    s = natsConnection_Connect(&conn_, opts);
    if (s == NATS_OK || absl::Now() >= deadline) break;
    absl::SleepFor(absl::Milliseconds(250));
  }
  natsOptions_Destroy(opts);
  if (s != NATS_OK) {
    return NatsError(
        absl::StrCat("cannot reach a NATS server (", config_.servers[0],
                     config_.servers.size() > 1 ? ", ..." : "", ")"),
        s);
  }
  jsOptions jo;
  jsOptions_Init(&jo);
  jo.Wait = kWaitMs;
  s = natsConnection_JetStream(&js_, conn_, &jo);
  if (s != NATS_OK) return NatsError("JetStream context", s);
  return absl::OkStatus();
}

absl::Status JetStreamStore::CreateStreams() {
  struct Spec {
    const char* suffix;
    std::string subject;
    bool work_queue;
    bool one_per_subject;
  };
  const Spec specs[] = {
      {"INTAKE", subject_ + ".intake", true, false},
      {"FEED", subject_ + ".feed", false, false},
      {"DONE", subject_ + ".done.*", false, true},
      {"DEAD", subject_ + ".dead.*", false, true},
  };
  for (const Spec& spec : specs) {
    const std::string name = StreamName(config_, spec.suffix);
    jsStreamInfo* info = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s = js_GetStreamInfo(&info, js_, name.c_str(), nullptr, &code);
    if (s == NATS_OK) {
      jsStreamInfo_Destroy(info);
      continue;  // made by another coordinator, or an operator
    }
    if (s != NATS_NOT_FOUND) return NatsError("stream " + name, s, code);
    jsStreamConfig sc;
    jsStreamConfig_Init(&sc);
    const char* subjects[] = {spec.subject.c_str()};
    sc.Name = name.c_str();
    sc.Subjects = subjects;
    sc.SubjectsLen = 1;
    sc.Storage = js_FileStorage;
    sc.Replicas = config_.replicas;
    sc.Retention = spec.work_queue ? js_WorkQueuePolicy : js_LimitsPolicy;
    sc.Duplicates = int64_t{config_.duplicate_window_s} * 1000000000;
    if (spec.one_per_subject) sc.MaxMsgsPerSubject = 1;
    s = js_AddStream(&info, js_, &sc, nullptr, &code);
    // Another coordinator may have made it in the meantime.
    if (s != NATS_OK && code != JSStreamNameExistErr)
      return NatsError("creating stream " + name, s, code);
    jsStreamInfo_Destroy(info);
  }
  const std::string bucket = StreamName(config_, "STORIES");
  natsStatus ks = js_KeyValue(&stories_, js_, bucket.c_str());
  if (ks == NATS_NOT_FOUND) {
    kvConfig kc;
    kvConfig_Init(&kc);
    kc.Bucket = bucket.c_str();
    kc.History = 1;
    kc.StorageType = js_FileStorage;
    kc.Replicas = config_.replicas;
    ks = js_CreateKeyValue(&stories_, js_, &kc);
    // Another coordinator may have made it in the meantime.
    if (ks != NATS_OK) ks = js_KeyValue(&stories_, js_, bucket.c_str());
  }
  if (ks != NATS_OK) return NatsError("the stories bucket " + bucket, ks);

  jsSubOptions so;
  jsSubOptions_Init(&so);
  const std::string intake = StreamName(config_, "INTAKE");
  so.Stream = intake.c_str();
  so.Config.AckPolicy = js_AckExplicit;
  so.Config.AckWait = int64_t{config_.claim_ms} * 1000000;
  so.Config.MaxDeliver = -1;
  so.Config.MaxAckPending = 100000;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_PullSubscribe(&intake_, js_, (subject_ + ".intake").c_str(),
                                  kConsumer, nullptr, &so, &code);
  if (s != NATS_OK) return NatsError("the intake consumer", s, code);
  return absl::OkStatus();
}

JetStreamStore::~JetStreamStore() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (renewer_.joinable()) renewer_.join();
  {
    absl::MutexLock lock(&mu_);
    for (auto& [id, msg] : held_) {
      natsMsg_Nak(msg, nullptr);
      natsMsg_Destroy(msg);
    }
    held_.clear();
  }
  natsSubscription_Destroy(intake_);
  kvStore_Destroy(stories_);
  jsCtx_Destroy(js_);
  if (conn_ != nullptr) {
    natsConnection_FlushTimeout(conn_, 1000);
    natsConnection_Destroy(conn_);
  }
}

void JetStreamStore::RenewClaims() {
  const absl::Duration every =
      absl::Milliseconds(std::max(config_.claim_ms / 3, 50));
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), every);
    if (stopping_) break;
    for (auto& [id, msg] : held_) natsMsg_InProgress(msg, nullptr);
  }
}

absl::Status JetStreamStore::CheckPayload(const std::string& what,
                                          size_t bytes) {
  const int64_t max = natsConnection_GetMaxPayload(conn_);
  if (max <= 0 || bytes <= static_cast<uint64_t>(max)) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat(
      "store (JetStream): ", what, " has ", bytes,
      " bytes, more than the NATS servers take in one message (max_payload ",
      max, "); raise max_payload in their configuration"));
}

absl::Status JetStreamStore::Publish(const std::string& subject,
                                     const std::string& msg_id,
                                     const std::string& data, bool* duplicate) {
  if (absl::Status st = CheckPayload("message '" + msg_id + "'", data.size());
      !st.ok())
    return st;
  jsPubOptions po;
  jsPubOptions_Init(&po);
  po.MsgId = msg_id.c_str();
  jsPubAck* ack = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_Publish(&ack, js_, subject.c_str(), data.data(),
                            static_cast<int>(data.size()), &po, &code);
  if (s != NATS_OK) return NatsError("publish to " + subject, s, code);
  if (duplicate != nullptr) *duplicate = ack->Duplicate;
  jsPubAck_Destroy(ack);
  return absl::OkStatus();
}

absl::StatusOr<std::string> JetStreamStore::LastOnSubject(
    const std::string& stream, const std::string& subject) {
  natsMsg* m = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s =
      js_GetLastMsg(&m, js_, stream.c_str(), subject.c_str(), nullptr, &code);
  if (s == NATS_NOT_FOUND) return absl::NotFoundError(subject);
  if (s != NATS_OK) return NatsError("read " + subject, s, code);
  MsgPtr owned(m);
  return Data(m);
}

absl::StatusOr<std::string> JetStreamStore::LastOfDocument(
    const std::string& stream, const std::string& kind, const std::string& id,
    std::string* subject) {
  std::string found = absl::StrCat(subject_, ".", kind, ".", DocumentToken(id));
  auto data = LastOnSubject(stream, found);
  if (absl::IsNotFound(data.status()) && id.size() > 96) {
    found = absl::StrCat(subject_, ".", kind, ".", LegacyDocumentToken(id));
    data = LastOnSubject(stream, found);
  }
  if (subject != nullptr) *subject = found;
  return data;
}

absl::Status JetStreamStore::ForEachMessage(
    const std::string& stream,
    const std::function<bool(uint64_t, const std::string&)>& visit) {
  jsStreamInfo* info = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&info, js_, stream.c_str(), nullptr, &code);
  if (s != NATS_OK) return NatsError("stream " + stream, s, code);
  const uint64_t first = info->State.FirstSeq, last = info->State.LastSeq;
  jsStreamInfo_Destroy(info);
  for (uint64_t seq = std::max<uint64_t>(first, 1); seq <= last; ++seq) {
    natsMsg* m = nullptr;
    s = js_GetMsg(&m, js_, stream.c_str(), seq, nullptr, &code);
    if (s == NATS_NOT_FOUND) continue;  // replaced or removed
    if (s != NATS_OK) return NatsError("read " + stream, s, code);
    MsgPtr owned(m);
    if (!visit(seq, Data(m))) break;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::SubmitResult>> JetStreamStore::Accept(
    const std::vector<v1::Document>& docs) {
  std::vector<v1::SubmitResult> results;
  // Without a server, or once one publish failed, the rest are refused at
  // once rather than each after its own timeout.
  absl::Status down;
  if (!Reachable()) {
    down = absl::UnavailableError(
        "store (JetStream): no NATS server can be reached");
  }
  for (const v1::Document& doc : docs) {
    v1::SubmitResult r;
    if (RefusedAtOnce(doc, &r)) {
      results.push_back(std::move(r));
      continue;
    }
    // Stored once the server (and, in a cluster, a quorum) has it on disk.
    bool duplicate = false;
    absl::Status st = down;
    if (st.ok()) {
      st = Publish(subject_ + ".intake", doc.id(), doc.SerializeAsString(),
                   &duplicate);
      // One document too large says nothing of the others.
      if (!st.ok() && !IsPermanentStoreError(st)) down = st;
    }
    if (!st.ok()) {
      r.set_error(
          absl::StrCat("document '", doc.id(), "' not stored: ", st.message()));
    } else {
      r.set_accepted(true);
      r.set_duplicate(duplicate);
    }
    results.push_back(std::move(r));
  }
  return results;
}

absl::StatusOr<std::vector<PendingDocument>> JetStreamStore::Pending(
    int limit, const std::vector<std::string>&) {
  natsMsgList list{};
  {
    absl::MutexLock lock(&fetch_mu_);
    jsFetchRequest req;
    jsFetchRequest_Init(&req);
    req.Batch = limit;
    // The runner polls, holding its lock: an empty intake must answer soon
    // (this client waits for the expiry even with NoWait).
    req.NoWait = true;
    req.Expires = 50 * 1000000LL;
    natsStatus s = natsSubscription_FetchRequest(&list, intake_, &req);
    if (s == NATS_TIMEOUT || s == NATS_NOT_FOUND)
      return std::vector<PendingDocument>();
    if (s != NATS_OK) return NatsError("fetch from the intake", s);
  }
  std::vector<PendingDocument> out;
  const std::string done_stream = StreamName(config_, "DONE");
  const std::string dead_stream = StreamName(config_, "DEAD");
  for (int i = 0; i < list.Count; ++i) {
    natsMsg* m = list.Msgs[i];
    list.Msgs[i] = nullptr;  // ours now
    PendingDocument p;
    if (!p.document.ParseFromString(Data(m)) || p.document.id().empty()) {
      spdlog::error(
          "store (JetStream): intake message {} is not a document; dropped",
          natsMsg_GetSequence(m));
      natsMsg_Term(m, nullptr);
      natsMsg_Destroy(m);
      continue;
    }
    jsMsgMetaData* meta = nullptr;
    uint64_t delivered = 1;
    if (natsMsg_GetMetaData(&meta, m) == NATS_OK) {
      delivered = meta->NumDelivered;
      p.submitted_micros = meta->Timestamp / 1000;
      jsMsgMetaData_Destroy(meta);
    }
    // Finished before (processed twice, or submitted again after the
    // de-duplication window): acknowledge without doing it again.
    const std::string& id = p.document.id();
    bool finished =
        LastOfDocument(done_stream, "done", id).ok() ||
        (delivered > 1 && LastOfDocument(dead_stream, "dead", id).ok());
    if (finished) {
      natsMsg_AckSync(m, nullptr, nullptr);
      natsMsg_Destroy(m);
      continue;
    }
    absl::MutexLock lock(&mu_);
    p.attempts = attempts_[p.document.id()];
    if (delivered > 1) redelivered_.insert(p.document.id());
    auto [it, fresh] = held_.emplace(p.document.id(), m);
    if (!fresh) {  // a second copy while the first is still ours
      natsMsg_Destroy(it->second);
      it->second = m;
    }
    out.push_back(std::move(p));
  }
  natsMsgList_Destroy(&list);
  return out;
}

absl::StatusOr<JetStreamStore::Entry> JetStreamStore::Get(
    const std::string& key) {
  kvEntry* e = nullptr;
  natsStatus s = kvStore_Get(&e, stories_, key.c_str());
  if (s == NATS_NOT_FOUND) return Entry();
  if (s != NATS_OK) return NatsError("read " + key, s);
  Entry out{std::string(static_cast<const char*>(kvEntry_Value(e)),
                        kvEntry_ValueLen(e)),
            kvEntry_Revision(e)};
  kvEntry_Destroy(e);
  return out;
}

absl::StatusOr<bool> JetStreamStore::CompareAndSet(const std::string& key,
                                                   const std::string& value,
                                                   uint64_t revision,
                                                   uint64_t* written_out) {
  if (absl::Status st = CheckPayload(key, value.size()); !st.ok()) return st;
  uint64_t written = 0;
  const int len = static_cast<int>(value.size());
  natsStatus s = revision == 0 ? kvStore_Create(&written, stories_, key.c_str(),
                                                value.data(), len)
                               : kvStore_Update(&written, stories_, key.c_str(),
                                                value.data(), len, revision);
  if (s == NATS_OK) {
    if (written_out) *written_out = written;
    return true;
  }
  // The server's "wrong last sequence": someone else wrote first.
  if (s == NATS_ERR) return false;
  return NatsError("write " + key, s);
}

absl::StatusOr<StoryIndex::Entry> JetStreamStore::ReadStory(
    const std::string& id) {
  return Get("fe." + id);
}

absl::StatusOr<bool> JetStreamStore::WriteStory(const std::string& id,
                                                const std::string& value,
                                                uint64_t revision) {
  return CompareAndSet("fe." + id, value, revision);
}

absl::StatusOr<SharedListing> JetStreamStore::KeptListing(
    const std::string& key, uint64_t* revision) {
  if (SharedListing kept = listings_.Find(key, revision)) return kept;
  auto entry = Get(key);
  if (!entry.ok()) return entry.status();
  auto read = std::make_shared<const Listing>(DecodeListed(entry->value));
  *revision = entry->revision;
  listings_.Put(key, read, entry->revision);
  return read;
}

absl::StatusOr<SharedListing> JetStreamStore::Listed(const std::string& key) {
  uint64_t revision = 0;
  return KeptListing(key, &revision);
}

absl::StatusOr<SharedListing> JetStreamStore::List(
    const std::string& key, std::shared_ptr<const ListedStory> story) {
  for (int attempt = 0; attempt < 16; ++attempt) {
    uint64_t revision = 0;
    auto current = KeptListing(key, &revision);
    if (!current.ok()) return current.status();
    ListedStories stories = (*current)->stories();
    if (CutAtListed(&stories, story->summary.feed_event_id()))
      return std::make_shared<const Listing>(std::move(stories));
    stories.push_back(story);
    TrimListed(&stories);
    uint64_t written = 0;
    auto set = CompareAndSet(key, EncodeListed(stories), revision, &written);
    if (!set.ok()) return set.status();
    if (*set) {
      listings_.Put(key, std::make_shared<const Listing>(std::move(stories)),
                    written);
      return *current;
    }
    // Another coordinator wrote it: read it again.
    listings_.Erase(key);
  }
  return absl::AbortedError(absl::StrCat("store (JetStream): ", key,
                                         " kept changing; giving up for now"));
}

natsMsg* JetStreamStore::Release(const std::string& id) {
  absl::MutexLock lock(&mu_);
  auto it = held_.find(id);
  if (it == held_.end()) return nullptr;
  natsMsg* m = it->second;
  held_.erase(it);
  return m;
}

Completion JetStreamStore::CompleteEach(std::vector<v1::Document> results) {
  Completion completion;
  const int64_t now = NowMicros();
  for (v1::Document& result : results) {
    // The intake message keeps the raw bytes. A result too large to store
    // fails before any of its events reach the feed (feed ids add at most
    // 32 bytes an event).
    result.clear_raw();
    absl::Status st = CheckPayload(
        "the result", result.ByteSizeLong() + 32 * result.events_size());
    bool redelivered;
    {
      absl::MutexLock lock(&mu_);
      redelivered = redelivered_.count(result.id()) > 0;
    }
    for (int i = 0; i < result.events_size() && st.ok(); ++i) {
      v1::Event* ev = result.mutable_events(i);
      absl::StatusOr<v1::FeedEvent> story;
      {
        // One merge at a time here: two reports of one event in the same
        // batch window would otherwise both find no story and start two.
        // (Coordinators on other machines can still do that; the
        // compare-and-set keeps them from losing mentions, not from it.)
        absl::MutexLock lock(&merge_mu_);
        story = merger_.Merge(*ev, result, now, redelivered);
      }
      if (!story.ok()) {
        st = story.status();
        break;
      }
      const v1::FeedRecord record = FeedRecordOf(*story);
      ev->set_feed_event_id(record.event().feed_event_id());
      // One record per revision: a document processed twice publishes the
      // same ids, which JetStream keeps once.
      bool duplicate = false;
      st = Publish(subject_ + ".feed",
                   absl::StrCat(record.event().feed_event_id(), "/",
                                record.event().revision()),
                   record.SerializeAsString(), &duplicate);
      if (st.ok() && !duplicate) ++completion.feed_records;
    }
    for (int i = 0; i < result.quotes_size() && st.ok(); ++i) {
      absl::StatusOr<std::optional<v1::FeedQuote>> quote;
      {
        absl::MutexLock lock(&merge_mu_);
        quote = MergeQuote(*this, result.quotes(i), result, now);
      }
      if (!quote.ok()) {
        st = quote.status();
        break;
      }
      if (!quote->has_value()) continue;  // no speaker
      bool duplicate = false;
      st = Publish(
          subject_ + ".feed",
          absl::StrCat((*quote)->feed_quote_id(), "/", (*quote)->revision()),
          FeedRecordOfQuote(**quote).SerializeAsString(), &duplicate);
      if (st.ok() && !duplicate) ++completion.feed_records;
    }
    if (st.ok()) {
      st = Publish(subject_ + ".done." + DocumentToken(result.id()),
                   "done/" + result.id(), result.SerializeAsString(), nullptr);
    }
    // A document not finished stays claimed until the caller dead-letters
    // it or records the attempt (which hands it back after a delay).
    if (st.ok()) {
      if (natsMsg* m = Release(result.id())) {
        natsMsg_AckSync(m, nullptr, nullptr);
        natsMsg_Destroy(m);
      }
      absl::MutexLock lock(&mu_);
      attempts_.erase(result.id());
      redelivered_.erase(result.id());
    }
    completion.documents.push_back(std::move(st));
  }
  return completion;
}

absl::Status JetStreamStore::DeadLetter(const std::string& id,
                                        const std::string& stage,
                                        const std::string& error,
                                        const v1::Document& doc) {
  v1::DeadLetter letter;
  letter.set_document_id(id);
  letter.set_stage(stage);
  letter.set_error(error);
  letter.set_failed_micros(NowMicros());
  *letter.mutable_document() = doc;
  // The intake message leaves the stream: the letter keeps the input, to be
  // retried from.
  natsMsg* m = Release(id);
  if (m != nullptr) letter.mutable_input()->ParseFromString(Data(m));
  // A letter must fit one message, or the document would come back and fail
  // for ever: the document as the stage saw it goes first (the input is
  // what a retry needs), then, at the very limit, the input too.
  std::string value = letter.SerializeAsString();
  if (!CheckPayload("", value.size()).ok()) {
    letter.clear_document();
    absl::StrAppend(letter.mutable_error(),
                    " [the document at the stage is left out of this letter: "
                    "too large for one NATS message]");
    value = letter.SerializeAsString();
  }
  if (!CheckPayload("", value.size()).ok()) {
    letter.clear_input();
    absl::StrAppend(letter.mutable_error(),
                    " [the submitted input is left out too: it cannot be "
                    "retried from this letter]");
    value = letter.SerializeAsString();
  }
  absl::Status st = Publish(
      subject_ + ".dead." + DocumentToken(id),
      absl::StrCat("dead/", id, "/", letter.failed_micros()), value, nullptr);
  if (m != nullptr) {
    // Not retried: the dead letter holds it now. If it could not be
    // written, the document comes back to be tried again.
    if (st.ok()) {
      natsMsg_Term(m, nullptr);
    } else {
      natsMsg_NakWithDelay(m, 1000, nullptr);
    }
    natsMsg_Destroy(m);
  }
  if (st.ok()) {
    absl::MutexLock lock(&mu_);
    attempts_.erase(id);
    redelivered_.erase(id);
  }
  return st;
}

absl::Status JetStreamStore::Requeue(const std::string& id) {
  return RequeueWith(id, nullptr);
}

absl::Status JetStreamStore::ReplaceDeadLetter(const v1::Document& input) {
  return RequeueWith(input.id(), &input);
}

absl::Status JetStreamStore::RequeueWith(const std::string& id,
                                         const v1::Document* input) {
  const std::string dead_stream = StreamName(config_, "DEAD");
  std::string dead_subject;
  auto data = LastOfDocument(dead_stream, "dead", id, &dead_subject);
  if (absl::IsNotFound(data.status())) {
    return absl::NotFoundError(
        absl::StrCat("document '", id, "' has no dead letter"));
  }
  if (!data.ok()) return data.status();
  v1::DeadLetter letter;
  if (!letter.ParseFromString(*data) ||
      (input == nullptr && !letter.has_input())) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the dead letter of document '", id, "' holds no input to retry"));
  }
  // Back to the intake first, then the letter goes: a failure in between
  // leaves both, never neither. The message id is the letter's, so that
  // retrying one letter twice queues the document once.
  absl::Status st =
      Publish(subject_ + ".intake",
              absl::StrCat(input != nullptr ? "replace/" : "retry/", id, "/",
                           letter.failed_micros()),
              (input != nullptr ? *input : letter.input()).SerializeAsString(),
              nullptr);
  if (!st.ok()) return st;
  jsOptions o;
  jsOptions_Init(&o);
  o.Stream.Purge.Subject = dead_subject.c_str();
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_PurgeStream(js_, dead_stream.c_str(), &o, &code);
  if (s != NATS_OK) return NatsError("remove " + dead_subject, s, code);
  return absl::OkStatus();
}

absl::StatusOr<int> JetStreamStore::RecordAttempt(const std::string& id,
                                                  int delay_ms, bool counts) {
  int attempts;
  {
    absl::MutexLock lock(&mu_);
    attempts = attempts_[id] += counts ? 1 : 0;
    redelivered_.erase(id);  // noted again when it comes back
  }
  if (natsMsg* m = Release(id)) {
    natsMsg_NakWithDelay(m, delay_ms, nullptr);
    natsMsg_Destroy(m);
  }
  return attempts;
}

absl::StatusOr<std::vector<v1::FeedRecord>> JetStreamStore::ReadFeed(
    uint64_t after, int limit) {
  const std::string stream = StreamName(config_, "FEED");
  std::vector<v1::FeedRecord> out;
  jsStreamInfo* info = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&info, js_, stream.c_str(), nullptr, &code);
  if (s != NATS_OK) return NatsError("stream " + stream, s, code);
  const uint64_t last = info->State.LastSeq;
  const uint64_t first = std::max<uint64_t>(info->State.FirstSeq, 1);
  jsStreamInfo_Destroy(info);
  for (uint64_t seq = std::max(after + 1, first);
       seq <= last && static_cast<int>(out.size()) < limit; ++seq) {
    natsMsg* m = nullptr;
    s = js_GetMsg(&m, js_, stream.c_str(), seq, nullptr, &code);
    if (s == NATS_NOT_FOUND) continue;
    if (s != NATS_OK) return NatsError("read the feed", s, code);
    MsgPtr owned(m);
    v1::FeedRecord r;
    if (!r.ParseFromString(Data(m))) {
      return absl::DataLossError(absl::StrCat("store (JetStream): feed record ",
                                              seq, " is not a FeedRecord"));
    }
    r.set_sequence(seq);
    out.push_back(std::move(r));
  }
  return out;
}

absl::StatusOr<std::vector<v1::DeadLetter>> JetStreamStore::DeadLetters(
    int limit, bool with_documents) {
  std::vector<v1::DeadLetter> out;
  absl::Status st = ForEachMessage(
      StreamName(config_, "DEAD"), [&](uint64_t, const std::string& data) {
        v1::DeadLetter d;
        if (d.ParseFromString(data)) {
          if (!with_documents) WithoutDocuments(&d);
          out.push_back(std::move(d));
        }
        return static_cast<int>(out.size()) < limit;
      });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::vector<v1::DeadLetter>> JetStreamStore::DeadLettersOf(
    const std::vector<std::string>& ids, bool with_documents) {
  const std::string stream = StreamName(config_, "DEAD");
  std::vector<v1::DeadLetter> out;
  for (const std::string& id : ids) {
    auto data = LastOfDocument(stream, "dead", id);
    if (absl::IsNotFound(data.status())) continue;
    if (!data.ok()) return data.status();
    v1::DeadLetter d;
    if (!d.ParseFromString(*data)) continue;
    if (!with_documents) WithoutDocuments(&d);
    out.push_back(std::move(d));
  }
  return out;
}

absl::Status JetStreamStore::ForEachDocument(
    const std::vector<std::string>& ids, bool include_raw,
    const std::function<bool(const v1::Document&)>& visit) {
  // Results are stored without their raw bytes (CompleteEach), and the
  // intake message that held them is gone: there is no raw to include.
  const auto visit_document = [&](v1::Document& d) {
    if (!include_raw) d.clear_raw();
    return visit(d);
  };
  if (ids.empty()) {
    return ForEachMessage(
        StreamName(config_, "DONE"), [&](uint64_t, const std::string& data) {
          v1::Document d;
          return !d.ParseFromString(data) || visit_document(d);
        });
  }
  const std::string stream = StreamName(config_, "DONE");
  for (const std::string& id : ids) {
    auto data = LastOfDocument(stream, "done", id);
    if (absl::IsNotFound(data.status())) continue;
    if (!data.ok()) return data.status();
    v1::Document d;
    if (d.ParseFromString(*data) && !visit_document(d)) break;
  }
  return absl::OkStatus();
}

bool JetStreamStore::Reachable() {
  return natsConnection_Status(conn_) == NATS_CONN_STATUS_CONNECTED;
}

absl::StatusOr<StoreCounts> JetStreamStore::Counts() {
  StoreCounts c;
  struct Want {
    const char* suffix;
    uint64_t* msgs;
  } wants[] = {{"INTAKE", &c.pending},
               {"DONE", &c.done},
               {"DEAD", &c.dead},
               {"FEED", &c.feed_records}};
  for (const Want& w : wants) {
    const std::string stream = StreamName(config_, w.suffix);
    jsStreamInfo* info = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s = js_GetStreamInfo(&info, js_, stream.c_str(), nullptr, &code);
    if (s != NATS_OK) return NatsError("stream " + stream, s, code);
    *w.msgs = info->State.Msgs;
    if (w.msgs == &c.feed_records) c.last_sequence = info->State.LastSeq;
    jsStreamInfo_Destroy(info);
  }
  c.accepted = c.pending + c.done + c.dead;
  return c;
}

}  // namespace eventwire::coordinator
