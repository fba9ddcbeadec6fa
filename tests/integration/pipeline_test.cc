// The whole system as separate processes: four stages and the coordinator on
// loopback, the sample articles through them, and a coordinator killed with
// SIGKILL in the middle of a run and restarted: every acknowledged document
// ends in the feed exactly once.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "eventwire/v1/coordinator.grpc.pb.h"
#include "testing/coordinator_client.h"
#include "testing/process.h"

namespace eventwire {
namespace {
namespace fs = std::filesystem;
using testing::Process;

const char* const kStages[] = {"ingest", "clean", "tag", "assemble"};

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("ew-integration-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    seeds_ = fs::path(EW_SHARED_DIR) / "data/seeds/seeds.jsonl";
    for (const char* stage : kStages) {
      std::string bin = std::string(EW_BINARY_DIR) + "/services/" + stage +
                        "/eventwire-" + stage;
      std::string port_file = (dir_ / (std::string(stage) + ".port")).string();
      stages_.push_back(std::make_unique<Process>(
          std::vector<std::string>{bin, "--listen=127.0.0.1:0",
                                   "--port_file=" + port_file},
          (dir_ / (std::string(stage) + ".log")).string()));
      int port = testing::WaitForPortFile(port_file, *stages_.back(), 30000);
      ASSERT_GT(port, 0) << stage << " did not start; see " << dir_;
      ports_[stage] = port;
    }
    std::ofstream yaml(dir_ / "pipeline.yaml");
    yaml << "listen: 127.0.0.1:0\ndata_dir: " << (dir_ / "data").string()
         << "\nworkers: 2\nbatch_size: 4\nstages:\n";
    for (const char* stage : kStages) {
      yaml << "  - {name: " << stage
           << ", address: \"127.0.0.1:" << ports_[stage]
           << "\", deadline_ms: 20000}\n";
    }
  }

  void TearDown() override {
    coordinator_.reset();
    stages_.clear();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  void StartCoordinator() {
    std::string port_file = (dir_ / "coordinator.port").string();
    fs::remove(port_file);
    coordinator_ = std::make_unique<Process>(
        std::vector<std::string>{
            std::string(EW_BINARY_DIR) +
                "/services/coordinator/eventwire-coordinator",
            "--pipeline=" + (dir_ / "pipeline.yaml").string(),
            "--port_file=" + port_file},
        (dir_ / "coordinator.log").string());
    int port = testing::WaitForPortFile(port_file, *coordinator_, 30000);
    ASSERT_GT(port, 0) << "coordinator did not start; see " << dir_;
    client_ = std::make_unique<testing::CoordinatorClient>(port);
    stub_ = &client_->stub();
  }

  std::vector<std::string> Submit(const std::vector<v1::Document>& docs) {
    return client_->Submit(docs);
  }
  v1::PipelineStatus WaitUntilIdle(int timeout_s) {
    return client_->WaitUntilIdle(timeout_s);
  }
  std::vector<v1::Document> Documents() { return client_->Documents(); }
  std::vector<v1::FeedRecord> Feed() { return client_->Feed(); }

  // The sample articles, as records, `copies` times under distinct ids.
  std::vector<v1::Document> SeedDocuments(int copies) {
    std::vector<v1::Document> out;
    std::ifstream in(seeds_);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) lines.push_back(line);
    }
    for (int c = 0; c < copies; ++c) {
      for (size_t i = 0; i < lines.size(); ++i) {
        v1::Document d;
        d.set_id(c == 0 ? "seed-" + std::to_string(i)
                        : "copy" + std::to_string(c) + "-" + std::to_string(i));
        d.set_raw(lines[i]);
        d.set_media_type("application/vnd.eventwire.record+json");
        out.push_back(std::move(d));
      }
    }
    return out;
  }

  fs::path dir_, seeds_;
  std::map<std::string, int> ports_;
  std::vector<std::unique_ptr<Process>> stages_;
  std::unique_ptr<Process> coordinator_;
  std::unique_ptr<testing::CoordinatorClient> client_;
  v1::Coordinator::Stub* stub_ = nullptr;
};

TEST_F(PipelineTest, SampleArticlesGiveEventsAndQuotes) {
  if (!fs::exists(seeds_)) GTEST_SKIP() << "no sample articles at " << seeds_;
  StartCoordinator();
  auto docs = SeedDocuments(1);
  ASSERT_EQ(Submit(docs).size(), docs.size());
  auto status = WaitUntilIdle(120);
  EXPECT_EQ(status.pending(), 0u);
  EXPECT_EQ(status.done(), docs.size());
  EXPECT_EQ(status.dead(), 0u);
  size_t events = 0, quotes = 0, with_feed_id = 0;
  for (const auto& d : Documents()) {
    EXPECT_FALSE(d.text().empty()) << d.id();
    EXPECT_EQ(d.trace_size(), 4) << d.id();
    events += d.events_size();
    quotes += d.quotes_size();
    for (const auto& e : d.events()) with_feed_id += !e.feed_event_id().empty();
  }
  EXPECT_GE(events, docs.size());
  EXPECT_GE(quotes, docs.size());
  EXPECT_EQ(with_feed_id, events);
  // Some event is reported by more than one article and merged in the feed.
  bool merged = false;
  for (const auto& r : Feed()) merged |= r.event().source_count() > 1;
  EXPECT_TRUE(merged);
}

TEST_F(PipelineTest, BadInputIsADeadLetterNamingStageAndDocument) {
  StartCoordinator();
  std::vector<v1::Document> docs;
  auto add = [&](const std::string& id, const std::string& raw,
                 const std::string& type) {
    v1::Document d;
    d.set_id(id);
    d.set_raw(raw);
    d.set_media_type(type);
    docs.push_back(d);
  };
  const std::string record = "application/vnd.eventwire.record+json";
  add("good-1",
      R"({"id":"good-1","text":"Police arrested two protesters in Lagos on Monday."})",
      record);
  add("malformed", "{\"id\": \"malformed\", \"text\": ", record);
  add("no-text", R"({"id":"no-text","url":"https://example.org"})", record);
  add("empty", "", "text/plain");
  std::string binary;
  for (int i = 0; i < 5000; ++i) binary += static_cast<char>((i * 13) % 31);
  add("binary", binary, "");
  add("bad-utf8",
      "Kenya and Uganda agreed \xFF\xFE to reopen the border crossing on "
      "Friday.",
      "text/plain");
  add("deep.html", std::string(20000, '<') + "div>", "text/html");
  add("good-2",
      "<html><body><p>Ministers met in Rome on Tuesday to discuss trade and "
      "security.</p></body></html>",
      "text/html");
  ASSERT_EQ(Submit(docs).size(), docs.size());
  auto status = WaitUntilIdle(60);
  EXPECT_EQ(status.pending(), 0u);
  std::map<std::string, v1::DeadLetter> dead = client_->DeadLetters();
  for (const char* id : {"malformed", "no-text", "empty", "binary"}) {
    ASSERT_TRUE(dead.count(id)) << id;
    EXPECT_EQ(dead[id].stage(), "ingest") << id;
    EXPECT_NE(dead[id].error().find("stage 'ingest' failed on document '" +
                                    std::string(id) + "'"),
              std::string::npos)
        << dead[id].error();
  }
  std::set<std::string> done;
  for (const auto& d : Documents()) done.insert(d.id());
  EXPECT_TRUE(done.count("good-1"));
  EXPECT_TRUE(done.count("good-2"));
  EXPECT_TRUE(done.count("bad-utf8"));  // repaired, with a diagnostic
  EXPECT_TRUE(done.count("deep.html") || dead.count("deep.html"));
  EXPECT_EQ(done.size() + dead.size(), docs.size());
  // Every service is still up.
  for (auto& p : stages_) EXPECT_TRUE(p->Running());
  EXPECT_TRUE(coordinator_->Running());
}

TEST_F(PipelineTest, SubscribeFollowsNewRecords) {
  if (!fs::exists(seeds_)) GTEST_SKIP() << "no sample articles at " << seeds_;
  StartCoordinator();
  std::atomic<int> received{0};
  grpc::ClientContext follow_ctx;
  v1::SubscribeRequest request;
  request.set_follow(true);
  auto reader = stub_->Subscribe(&follow_ctx, request);
  std::thread follower([&] {
    v1::FeedRecord r;
    while (reader->Read(&r)) ++received;
  });
  auto docs = SeedDocuments(1);
  ASSERT_EQ(Submit(docs).size(), docs.size());
  auto status = WaitUntilIdle(120);
  for (int i = 0; i < 100 && received < static_cast<int>(status.feed_records());
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_GT(status.feed_records(), 0u);
  EXPECT_EQ(received.load(), static_cast<int>(status.feed_records()));
  follow_ctx.TryCancel();
  follower.join();
}

TEST_F(PipelineTest, ACoordinatorKilledMidRunLosesAndDuplicatesNothing) {
  if (!fs::exists(seeds_)) GTEST_SKIP() << "no sample articles at " << seeds_;
  StartCoordinator();
  auto docs = SeedDocuments(40);  // 200 documents
  std::set<std::string> acked;
  const size_t half = docs.size() / 2;
  for (size_t i = 0; i < half; i += 20) {
    auto ids =
        Submit({docs.begin() + i, docs.begin() + std::min(half, i + 20)});
    acked.insert(ids.begin(), ids.end());
  }
  // Kill while the first half is being processed: some done, some pending.
  v1::PipelineStatus before;
  for (int i = 0; i < 2000; ++i) {
    grpc::ClientContext ctx;
    if (stub_->GetStatus(&ctx, {}, &before).ok() && before.done() > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  coordinator_->Signal(SIGKILL);
  coordinator_->Wait();
  EXPECT_GT(before.done(), 0u);
  EXPECT_GT(before.pending(), 0u) << "the kill came after the work was done";
  std::cerr << "killed the coordinator with " << before.done() << " done and "
            << before.pending() << " pending of " << acked.size()
            << " acknowledged\n";
  StartCoordinator();
  for (size_t i = half; i < docs.size(); i += 20) {
    auto ids = Submit(
        {docs.begin() + i, docs.begin() + std::min(docs.size(), i + 20)});
    acked.insert(ids.begin(), ids.end());
  }
  // Re-submitting acknowledged documents stores nothing twice.
  Submit({docs.begin(), docs.begin() + 10});
  auto status = WaitUntilIdle(300);
  ASSERT_EQ(status.pending(), 0u);
  EXPECT_EQ(acked.size(), docs.size());
  EXPECT_EQ(status.accepted(), acked.size());
  EXPECT_EQ(status.done() + status.dead(), acked.size());
  EXPECT_EQ(status.dead(), 0u);

  std::map<std::string, int> seen;
  size_t events = 0, quotes = 0;
  for (const auto& d : Documents()) {
    ++seen[d.id()];
    events += d.events_size();
    for (const auto& q : d.quotes()) quotes += !q.speaker().name().empty();
  }
  for (const auto& id : acked) EXPECT_EQ(seen[id], 1) << id;
  // Each document's events and attributed quotes entered the feed exactly
  // once: one feed record per event or quote mention, the mention it adds
  // its newest, no (document, event) or (document, quote) twice.
  std::set<std::pair<std::string, std::string>> mentions;
  auto feed = Feed();
  for (const auto& r : feed) {
    const auto& all =
        r.has_quote() ? r.quote().mentions() : r.event().mentions();
    ASSERT_GT(all.size(), 0);
    const auto& m = *all.rbegin();
    const std::string what =
        r.has_quote() ? "quote at " + std::to_string(m.evidence().begin())
                      : m.event_id();
    EXPECT_TRUE(mentions.insert({m.document_id(), what}).second)
        << m.document_id() << " " << what << " twice in the feed";
  }
  EXPECT_EQ(mentions.size(), events + quotes);
  EXPECT_EQ(feed.size(), events + quotes);
  for (size_t i = 1; i < feed.size(); ++i)
    EXPECT_LT(feed[i - 1].sequence(), feed[i].sequence());
  RecordProperty("documents", static_cast<int>(acked.size()));
  RecordProperty("feed_records", static_cast<int>(feed.size()));
}

}  // namespace
}  // namespace eventwire
