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
#include "spdlog/spdlog.h"

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

// A subject token for a document id: its bytes in hex when short, else a
// 128-bit hash of it (subjects travel in the protocol's control line).
std::string DocumentToken(const std::string& id) {
  if (id.size() <= 96) return absl::BytesToHexString(id);
  const std::hash<std::string> h;
  return absl::StrFormat("h%016x%016x", h(id), h(absl::StrCat("\x1f", id)));
}

std::string StreamName(const StoreConfig& c, const char* suffix) {
  return absl::StrCat(c.prefix, "_", suffix);
}

int64_t NowMicros() { return absl::ToUnixMicros(absl::Now()); }

// Owns a message the client library allocated.
struct MsgDeleter {
  void operator()(natsMsg* m) const { natsMsg_Destroy(m); }
};
using MsgPtr = std::unique_ptr<natsMsg, MsgDeleter>;

std::string Data(natsMsg* m) {
  return std::string(natsMsg_GetData(m), natsMsg_GetDataLength(m));
}

}  // namespace

JetStreamStore::JetStreamStore(const StoreConfig& config, int merge_window_days)
    : config_(config),
      merge_window_days_(merge_window_days),
      subject_(absl::AsciiStrToLower(config.prefix)) {}

absl::StatusOr<std::unique_ptr<JetStreamStore>> JetStreamStore::Open(
    const StoreConfig& config, int connect_timeout_ms, int merge_window_days) {
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
    r.set_document_id(doc.id());
    if (doc.id().empty()) {
      r.set_error("document has no id");
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
    const std::string token = DocumentToken(p.document.id());
    bool finished =
        LastOnSubject(done_stream, subject_ + ".done." + token).ok() ||
        (delivered > 1 &&
         LastOnSubject(dead_stream, subject_ + ".dead." + token).ok());
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
                                                   uint64_t revision) {
  if (absl::Status st = CheckPayload(key, value.size()); !st.ok()) return st;
  uint64_t written = 0;
  const int len = static_cast<int>(value.size());
  natsStatus s = revision == 0 ? kvStore_Create(&written, stories_, key.c_str(),
                                                value.data(), len)
                               : kvStore_Update(&written, stories_, key.c_str(),
                                                value.data(), len, revision);
  if (s == NATS_OK) return true;
  // The server's "wrong last sequence": someone else wrote first.
  if (s == NATS_ERR) return false;
  return NatsError("write " + key, s);
}

namespace {

// An index entry: the stories with one actor key and type, most recent last,
// each as much of its feed event as matching reads (id, type, date, parties,
// place), length-delimited. Capped: a key as common as a big country's would
// otherwise list every story ever told about it.
constexpr size_t kIndexedStories = 256;
// The value of a story that gave way to a twin: no feed event parses from
// it (field number 0 is invalid).
const std::string& GaveWay() {
  static const auto* kValue = new std::string(1, '\0');
  return *kValue;
}
constexpr size_t kIndexBytes = 256 << 10;  // well under NATS's 1 MB payload

// The index entries an event or a story is listed under: one per actor key
// and its type, sorted.
template <typename EventOrStory>
std::vector<std::string> IndexKeys(const EventOrStory& e) {
  std::set<std::string> keys;
  for (const auto* actors : {&e.source(), &e.target()}) {
    for (const v1::Actor& a : *actors) {
      for (const std::string& k : ActorKeys(a))
        keys.insert(absl::StrCat("k.", static_cast<int>(e.type()), ".",
                                 absl::BytesToHexString(k)));
    }
  }
  return {keys.begin(), keys.end()};
}

v1::FeedEvent Summary(const v1::FeedEvent& fe) {
  v1::FeedEvent s;
  s.set_feed_event_id(fe.feed_event_id());
  s.set_type(fe.type());
  s.set_date(fe.date());
  const auto slim = [](const v1::Actor& a, v1::Actor* out) {
    out->set_canonical_key(a.canonical_key());
    out->set_country(a.country());
  };
  for (const auto& a : fe.source()) slim(a, s.add_source());
  for (const auto& a : fe.target()) slim(a, s.add_target());
  if (fe.has_location()) slim(fe.location(), s.mutable_location());
  return s;
}

std::vector<v1::FeedEvent> DecodeIndex(const std::string& value) {
  std::vector<v1::FeedEvent> out;
  google::protobuf::io::ArrayInputStream in(value.data(),
                                            static_cast<int>(value.size()));
  while (true) {
    // A fresh message each time: parsing merges into what is there.
    v1::FeedEvent fe;
    bool clean_eof = false;
    if (!google::protobuf::util::ParseDelimitedFromZeroCopyStream(&fe, &in,
                                                                  &clean_eof))
      break;
    out.push_back(std::move(fe));
  }
  return out;
}

std::string EncodeIndex(const std::vector<v1::FeedEvent>& stories) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    for (const auto& fe : stories)
      google::protobuf::util::SerializeDelimitedToZeroCopyStream(fe, &stream);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<v1::FeedEvent>> JetStreamStore::Index(
    const std::string& key, const v1::FeedEvent& story) {
  for (int attempt = 0; attempt < 16; ++attempt) {
    auto entry = Get(key);
    if (!entry.ok()) return entry.status();
    std::vector<v1::FeedEvent> stories = DecodeIndex(entry->value);
    for (size_t i = 0; i < stories.size(); ++i) {
      if (stories[i].feed_event_id() == story.feed_event_id()) {
        stories.resize(i);
        return stories;
      }
    }
    std::vector<v1::FeedEvent> before = stories;
    stories.push_back(Summary(story));
    if (stories.size() > kIndexedStories)
      stories.erase(stories.begin(),
                    stories.end() - static_cast<long>(kIndexedStories));
    std::string value = EncodeIndex(stories);
    while (value.size() > kIndexBytes && stories.size() > 1) {
      stories.erase(stories.begin());
      value = EncodeIndex(stories);
    }
    auto set = CompareAndSet(key, value, entry->revision);
    if (!set.ok()) return set.status();
    if (*set) return before;
  }
  return absl::AbortedError(absl::StrCat("store (JetStream): ", key,
                                         " kept changing; giving up for now"));
}

absl::StatusOr<std::string> JetStreamStore::EarlierTwin(
    const v1::Event& event, const v1::FeedEvent& story,
    const std::map<std::string, std::vector<v1::FeedEvent>>& before) {
  for (const auto& [key, stories] : before) {
    for (const v1::FeedEvent& other : stories) {
      if (other.feed_event_id() == story.feed_event_id() ||
          MatchScore(event, other, merge_window_days_) <= 0) {
        continue;
      }
      // Only the first key both have decides (the map is in key order).
      const std::vector<std::string> theirs = IndexKeys(other);
      const auto first_shared =
          std::find_if(before.begin(), before.end(), [&](const auto& entry) {
            return std::binary_search(theirs.begin(), theirs.end(),
                                      entry.first);
          });
      if (first_shared == before.end() || first_shared->first != key) continue;
      // Still a story that matches (not one that gave way itself)?
      auto current = Get("fe." + other.feed_event_id());
      if (!current.ok()) return current.status();
      v1::FeedEvent live;
      if (current->revision != 0 && live.ParseFromString(current->value) &&
          !live.feed_event_id().empty() &&
          MatchScore(event, live, merge_window_days_) > 0)
        return other.feed_event_id();
    }
  }
  return std::string();
}

absl::StatusOr<v1::FeedEvent> JetStreamStore::Merge(const v1::Event& event,
                                                    const v1::Document& doc,
                                                    int64_t now,
                                                    bool redelivered) {
  const std::vector<std::string> keys = IndexKeys(event);
  const auto mentions = [&](const v1::FeedEvent& fe) {
    for (const auto& m : fe.mentions()) {
      if (m.document_id() == doc.id() && m.event_id() == event.id())
        return true;
    }
    return false;
  };
  // A story that gave way to its twin reads as absent (its value is
  // kGaveWay, which parses as no feed event).
  const auto read = [&](const std::string& id,
                        v1::FeedEvent* fe) -> absl::StatusOr<uint64_t> {
    auto entry = Get("fe." + id);
    if (!entry.ok()) return entry.status();
    if (entry->revision == 0 || !fe->ParseFromString(entry->value) ||
        fe->feed_event_id().empty())
      return 0;
    return entry->revision;
  };
  // The revision of this event's own story after it gave way: starting it
  // again overwrites that.
  uint64_t gave_way_revision = 0;
  // Stable across attempts, as in the SQLite store.
  const std::string new_id = absl::StrFormat(
      "fe-%016x",
      std::hash<std::string>()(absl::StrCat(doc.id(), "\x1f", event.id())));
  for (int attempt = 0; attempt < 16; ++attempt) {
    // Stories sharing an actor key with the event, scored on their index
    // summaries; ties go to the first met, keys and ids in order (as in the
    // SQLite store).
    struct Candidate {
      int score;
      size_t order;
      std::string id;
    };
    std::vector<Candidate> ranked;
    std::set<std::string> seen;
    // Which stories each key's entry listed: a merge into one of them
    // need not write that entry again.
    std::map<std::string, std::set<std::string>> listed;
    for (const std::string& key : keys) {
      auto index = Get(key);
      if (!index.ok()) return index.status();
      std::vector<v1::FeedEvent> stories = DecodeIndex(index->value);
      for (const auto& fe : stories) listed[key].insert(fe.feed_event_id());
      std::sort(stories.begin(), stories.end(),
                [](const v1::FeedEvent& a, const v1::FeedEvent& b) {
                  return a.feed_event_id() < b.feed_event_id();
                });
      for (const v1::FeedEvent& summary : stories) {
        if (!seen.insert(summary.feed_event_id()).second) continue;
        const int score = MatchScore(event, summary, merge_window_days_);
        if (score > 0)
          ranked.push_back({score, ranked.size(), summary.feed_event_id()});
      }
    }
    std::sort(ranked.begin(), ranked.end(),
              [](const Candidate& a, const Candidate& b) {
                return a.score != b.score ? a.score > b.score
                                          : a.order < b.order;
              });
    // Merged before (the document is processed again)? Its story is its own
    // or among the candidates.
    if (redelivered) {
      v1::FeedEvent own;
      auto own_revision = read(new_id, &own);
      if (!own_revision.ok()) return own_revision.status();
      if (*own_revision != 0 && mentions(own)) return own;
    }
    // The best few are scored again on the stories as they stand (a later
    // report may have made a date more precise); a document delivered again
    // may have been merged before, so then every candidate is looked at.
    constexpr size_t kRescored = 4;
    const size_t look = redelivered ? ranked.size() : kRescored;
    v1::FeedEvent best;
    uint64_t best_revision = 0;
    int best_score = 0;
    size_t best_order = 0;
    for (size_t i = 0; i < ranked.size() && i < look; ++i) {
      v1::FeedEvent fe;
      auto revision = read(ranked[i].id, &fe);
      if (!revision.ok()) return revision.status();
      if (*revision == 0) continue;
      if (mentions(fe)) return fe;
      if (i >= kRescored) continue;
      const int score = MatchScore(event, fe, merge_window_days_);
      if (score > best_score ||
          (score == best_score && score > 0 && ranked[i].order < best_order)) {
        best_score = score;
        best_order = ranked[i].order;
        best = std::move(fe);
        best_revision = *revision;
      }
    }
    v1::FeedEvent story;
    const bool started = best_revision == 0;
    if (!started) {
      AddMention(best, event, doc, now);
      story = std::move(best);
    } else {
      story = NewFeedEvent(new_id, event, doc, now);
    }
    auto set =
        CompareAndSet("fe." + story.feed_event_id(), story.SerializeAsString(),
                      started ? gave_way_revision : best_revision);
    if (!set.ok()) return set.status();
    if (!*set) {
      // Another writer came first; or this event's own story exists (its
      // document was being processed when its coordinator died): read again.
      v1::FeedEvent own;
      auto own_revision = read(new_id, &own);
      if (!own_revision.ok()) return own_revision.status();
      if (*own_revision != 0 && mentions(own)) return own;
      continue;
    }
    std::map<std::string, std::vector<v1::FeedEvent>> before;
    for (const std::string& key : keys) {
      if (listed[key].count(story.feed_event_id())) continue;
      auto listed_before = Index(key, story);
      if (!listed_before.ok()) return listed_before.status();
      before[key] = std::move(*listed_before);
    }
    if (started) {
      // Another coordinator may have started this event's story at the same
      // moment: then one of the two gives way, before either reaches the
      // feed, and its report joins the other.
      auto twin = EarlierTwin(event, story, before);
      if (!twin.ok()) return twin.status();
      if (!twin->empty()) {
        auto written = Get("fe." + story.feed_event_id());
        if (!written.ok()) return written.status();
        auto gave_way = CompareAndSet("fe." + story.feed_event_id(), GaveWay(),
                                      written->revision);
        if (!gave_way.ok()) return gave_way.status();
        // Someone merged into it meanwhile: it stays a story.
        if (*gave_way) {
          auto after = Get("fe." + story.feed_event_id());
          if (!after.ok()) return after.status();
          gave_way_revision = after->revision;
          continue;
        }
      }
    }
    return story;
  }
  return absl::AbortedError(absl::StrCat(
      "store (JetStream): the story of event '", event.id(), "' of document '",
      doc.id(), "' kept changing under other writers; giving up for now"));
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
        story = Merge(*ev, result, now, redelivered);
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
  const std::string dead_stream = StreamName(config_, "DEAD");
  const std::string dead_subject = subject_ + ".dead." + DocumentToken(id);
  auto data = LastOnSubject(dead_stream, dead_subject);
  if (absl::IsNotFound(data.status())) {
    return absl::NotFoundError(
        absl::StrCat("document '", id, "' has no dead letter"));
  }
  if (!data.ok()) return data.status();
  v1::DeadLetter letter;
  if (!letter.ParseFromString(*data) || !letter.has_input()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the dead letter of document '", id, "' holds no input to retry"));
  }
  // Back to the intake first, then the letter goes: a failure in between
  // leaves both, never neither. The message id is the letter's, so that
  // retrying one letter twice queues the document once.
  absl::Status st =
      Publish(subject_ + ".intake",
              absl::StrCat("retry/", id, "/", letter.failed_micros()),
              letter.input().SerializeAsString(), nullptr);
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
          if (!with_documents) {
            d.clear_document();
            d.clear_input();
          }
          out.push_back(std::move(d));
        }
        return static_cast<int>(out.size()) < limit;
      });
  if (!st.ok()) return st;
  return out;
}

absl::Status JetStreamStore::ForEachDocument(
    const std::vector<std::string>& ids,
    const std::function<bool(const v1::Document&)>& visit) {
  if (ids.empty()) {
    return ForEachMessage(StreamName(config_, "DONE"),
                          [&](uint64_t, const std::string& data) {
                            v1::Document d;
                            return !d.ParseFromString(data) || visit(d);
                          });
  }
  const std::string stream = StreamName(config_, "DONE");
  for (const std::string& id : ids) {
    auto data = LastOnSubject(stream, subject_ + ".done." + DocumentToken(id));
    if (absl::IsNotFound(data.status())) continue;
    if (!data.ok()) return data.status();
    v1::Document d;
    if (d.ParseFromString(*data) && !visit(d)) break;
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
