// Times the coordinator's store, the part of the run after the stages: how
// many documents per second it accepts (Submit) and completes (results into
// the feed, stories merged), on SQLite or on NATS JetStream. Synthetic
// documents, each with a few events among a fixed set of parties, so that
// stories merge as they do in news. For benchmarks; prints figures.
//   eventwire-storebench --documents 2000                       # SQLite
//   eventwire-storebench --store "{backend: jetstream, servers:
//   nats://127.0.0.1:4222}"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <set>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "document_store.h"
#include "store_registry.h"
#include "yaml-cpp/yaml.h"

ABSL_FLAG(int, documents, 2000, "How many documents");
ABSL_FLAG(int, events, 4, "Events per document");
ABSL_FLAG(int, batch, 8, "Documents per Accept and per CompleteAll");
ABSL_FLAG(int, threads, 2, "Completing threads (the coordinator's workers)");
ABSL_FLAG(int, parties, 15,
          "Countries the actors are drawn from (fewer: larger stories)");
ABSL_FLAG(int, dates, 20, "Dates the events are drawn from");
ABSL_FLAG(std::string, store, "{backend: sqlite}",
          "The store, as the pipeline file's store: mapping (\"{backend: "
          "jetstream, servers: nats://HOST:4222}\"); SQLite is in a "
          "temporary folder, a backend that takes a prefix gets one of its "
          "own");
ABSL_FLAG(std::string, data_dir, "",
          "SQLite: the data folder to fill and keep (a coordinator started "
          "on it serves the feed); default: a temporary one, removed");

namespace {

using eventwire::coordinator::DocumentStore;
using eventwire::coordinator::PipelineConfig;
namespace v1 = eventwire::v1;

std::vector<v1::Document> MakeDocuments(int n, int events, int parties,
                                        int dates) {
  static const char* const kParties[] = {"USA", "RUS", "UKR", "CHN", "FRA",
                                         "DEU", "IND", "BRA", "ZAF", "KEN",
                                         "PER", "JPN", "TUR", "EGY", "MEX"};
  static const v1::Event::Type kTypes[] = {
      v1::Event::CONSULT, v1::Event::ACCUSE,   v1::Event::AGREE,
      v1::Event::AID,     v1::Event::THREATEN, v1::Event::ASSAULT};
  std::mt19937 rng(7);
  std::vector<v1::Document> docs;
  for (int i = 0; i < n; ++i) {
    v1::Document d;
    d.set_id(absl::StrCat("bench-", i));
    d.set_raw("bench");
    // Mentions as large as real ones: a sentence of evidence and a URL.
    d.mutable_metadata()->set_url(
        absl::StrCat("https://news.example.org/2025/03/world/report-", i));
    for (int k = 0; k < events; ++k) {
      v1::Event* e = d.add_events();
      e->set_id(absl::StrCat("ev", k + 1));
      e->set_type(kTypes[rng() % 6]);
      const int day = static_cast<int>(rng() % dates);
      e->set_date(
          absl::StrFormat("2025-%02d-%02d", 1 + day / 28 % 12, 1 + day % 28));
      for (v1::Actor* a : {e->add_source(), e->add_target()}) {
        const std::string c = kParties[rng() % parties];
        a->set_canonical_key("gpe:" + c);
        a->set_country(c);
      }
      e->set_evidence_text(absl::StrCat(
          "Officials from ", e->source(0).country(), " and ",
          e->target(0).country(),
          " said on Tuesday that talks would continue after a meeting that "
          "lasted several hours, according to people familiar with them."));
    }
    docs.push_back(std::move(d));
  }
  return docs;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  PipelineConfig config;
  std::filesystem::path dir;
  std::string store_yaml = absl::GetFlag(FLAGS_store);
  {
    // Runs do not share streams: a prefix of this run's own, unless given.
    auto parsed = eventwire::coordinator::ParseStoreConfig(store_yaml);
    if (!parsed.ok()) {
      std::cerr << parsed.status() << "\n";
      return 1;
    }
    const auto* backend =
        eventwire::coordinator::StoreRegistry::Builtin().Find(parsed->backend);
    const auto& keys = backend->keys;
    if (std::find(keys.begin(), keys.end(), "prefix") != keys.end() &&
        store_yaml.find("prefix") == std::string::npos) {
      YAML::Node node = YAML::Load(store_yaml);
      node["prefix"] = absl::StrCat("BENCH", getpid());
      YAML::Emitter flow;
      flow << YAML::Flow << node;
      store_yaml = flow.c_str();
    }
  }
  auto store_config = eventwire::coordinator::ParseStoreConfig(store_yaml);
  if (!store_config.ok()) {
    std::cerr << store_config.status() << "\n";
    return 1;
  }
  config.store = *store_config;
  dir = std::filesystem::temp_directory_path() /
        absl::StrCat("ew-storebench-", getpid());
  config.data_dir = dir.string();
  if (!absl::GetFlag(FLAGS_data_dir).empty()) {
    config.data_dir = absl::GetFlag(FLAGS_data_dir);
    dir.clear();  // kept
  }
  auto store = eventwire::coordinator::OpenDocumentStore(config);
  if (!store.ok()) {
    std::cerr << store.status() << "\n";
    return 1;
  }
  const int n = absl::GetFlag(FLAGS_documents);
  const int batch = absl::GetFlag(FLAGS_batch);
  std::vector<v1::Document> docs =
      MakeDocuments(n, absl::GetFlag(FLAGS_events),
                    std::clamp(absl::GetFlag(FLAGS_parties), 1, 15),
                    std::max(1, absl::GetFlag(FLAGS_dates)));

  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; i += batch) {
    std::vector<v1::Document> part(docs.begin() + i,
                                   docs.begin() + std::min(n, i + batch));
    if (auto r = (*store)->Accept(part); !r.ok()) {
      std::cerr << r.status() << "\n";
      return 1;
    }
  }
  const double accept_s = Seconds(start);

  // Completing threads, as the coordinator's workers: claim, complete.
  std::atomic<int> done{0}, failed{0};
  // As the coordinator's runner: a document one thread holds is not
  // another's (SQLite's Pending leaves that to the caller).
  absl::Mutex claim_mu;
  std::set<std::string> claimed;
  start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < absl::GetFlag(FLAGS_threads); ++t) {
    threads.emplace_back([&] {
      while (done.load() + failed.load() < n) {
        absl::StatusOr<std::vector<eventwire::coordinator::PendingDocument>>
            pending;
        {
          absl::MutexLock lock(&claim_mu);
          pending = (*store)->Pending(
              batch, std::vector<std::string>(claimed.begin(), claimed.end()));
          if (pending.ok())
            for (const auto& p : *pending) claimed.insert(p.document.id());
        }
        if (!pending.ok() || pending->empty()) {
          if (Seconds(start) > 600) return;
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          continue;
        }
        std::vector<v1::Document> results;
        std::vector<std::string> ids;
        for (auto& p : *pending) {
          ids.push_back(p.document.id());
          results.push_back(std::move(p.document));
        }
        const int k = static_cast<int>(results.size());
        auto appended = (*store)->CompleteAll(std::move(results));
        (appended.ok() ? done : failed) += k;
        // Only documents in flight (and failed ones, counted once) are
        // excluded: a list of every document ever claimed would grow with
        // the run, which the coordinator's runner does not do.
        if (!appended.ok()) continue;
        absl::MutexLock lock(&claim_mu);
        for (const auto& id : ids) claimed.erase(id);
      }
    });
  }
  for (auto& t : threads) t.join();
  const double complete_s = Seconds(start);
  auto counts = (*store)->Counts();
  // What a subscriber reading the whole feed receives.
  uint64_t feed_bytes = 0, largest_record = 0;
  // The feed's contents without its clock times (FNV-1a): with one thread,
  // two builds that merge alike print the same digest.
  uint64_t digest = 14695981039346656037ull;
  for (uint64_t after = 0;;) {
    auto records = (*store)->ReadFeed(after, 1000);
    if (!records.ok() || records->empty()) break;
    for (const auto& r : *records) {
      const uint64_t size = r.ByteSizeLong();
      feed_bytes += size;
      largest_record = std::max(largest_record, size);
      after = r.sequence();
      v1::FeedRecord timeless = r;
      timeless.mutable_event()->clear_first_seen_micros();
      timeless.mutable_event()->clear_last_seen_micros();
      for (const unsigned char c : timeless.SerializeAsString())
        digest = (digest ^ c) * 1099511628211ull;
    }
  }
  std::printf(
      "store %s: %d documents x %d events, batches of %d, %d threads\n"
      "  accept   %8.0f documents/s (%.2f s)\n"
      "  complete %8.0f documents/s (%.2f s), %8.0f events/s\n"
      "  %d done, %d failed; feed %llu records, %.1f MB, the largest %.1f "
      "KB\n"
      "  feed digest %016llx\n",
      config.store.backend.c_str(), n, absl::GetFlag(FLAGS_events), batch,
      absl::GetFlag(FLAGS_threads), n / accept_s, accept_s, n / complete_s,
      complete_s, n * absl::GetFlag(FLAGS_events) / complete_s, done.load(),
      failed.load(),
      counts.ok() ? static_cast<unsigned long long>(counts->feed_records) : 0,
      feed_bytes / 1e6, largest_record / 1e3,
      static_cast<unsigned long long>(digest));
  store->reset();
  if (!dir.empty()) std::filesystem::remove_all(dir);
  return failed.load() == 0 ? 0 : 1;
}
