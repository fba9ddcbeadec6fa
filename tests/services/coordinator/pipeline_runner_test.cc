// The coordinator with in-process stages: documents flow, a stage's error on
// one document or a hang on another costs only that document, and a wrong
// chain is refused at start.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "coordinator_server.h"
#include "eventwire/stage_server.h"
#include "eventwire/v1/coordinator.grpc.pb.h"
#include "testing/coordinator_client.h"
#include "testing/http_get.h"
#include "testing/nats_server.h"

namespace eventwire::coordinator {
namespace {
namespace fs = std::filesystem;

// While set, TestStage fails documents whose id contains "unlucky".
std::atomic<bool> flaky_stage_broken{true};

// A stage that adds a capability, fails documents whose id contains "bad"
// or "fail-NAME", hangs on those whose id contains "slow", and makes those
// whose id contains "grow" 64 KB larger.
class TestStage : public Stage {
 public:
  TestStage(std::string name, std::vector<std::string> needs,
            std::vector<std::string> provides)
      : name_(std::move(name)),
        needs_(std::move(needs)),
        provides_(std::move(provides)) {}
  v1::StageDescription Describe() const override {
    v1::StageDescription d;
    d.set_name(name_);
    d.set_version("test");
    d.set_api_version(kStageApiVersion);
    for (const auto& n : needs_) d.add_needs(n);
    for (const auto& p : provides_) d.add_provides(p);
    d.set_idempotent(true);
    return d;
  }
  absl::Status Process(v1::Document& doc) const override {
    if (doc.id().find("bad") != std::string::npos ||
        doc.id().find("fail-" + name_) != std::string::npos ||
        (flaky_stage_broken && doc.id().find("unlucky") != std::string::npos)) {
      return absl::InvalidArgumentError("this document cannot be handled");
    }
    if (doc.id().find("slow") != std::string::npos) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    }
    if (doc.id().find("grow") != std::string::npos) {
      doc.set_text(doc.text() + std::string(64 << 10, 'g'));
    }
    // "attr-" stages only add an attribute (parallel branches may do that
    // side by side); the others append their name to the title.
    if (name_.rfind("attr-", 0) == 0) {
      (*doc.mutable_attributes())[name_] = "done";
    } else {
      doc.set_title(doc.title() + name_ + ";");
    }
    return absl::OkStatus();
  }

 private:
  std::string name_;
  std::vector<std::string> needs_, provides_;
};

// Says it changes only what it provides (tokens); breaks that promise by
// also changing the title, which its answer therefore does not carry.
// Counts the documents it was sent with raw bytes.
std::atomic<int> changes_only_saw_raw{0};
class ChangesOnlyStage : public Stage {
 public:
  v1::StageDescription Describe() const override {
    v1::StageDescription d;
    d.set_name("changes");
    d.set_version("test");
    d.set_api_version(kStageApiVersion);
    d.add_needs("text");
    d.add_provides("tokens");
    d.set_idempotent(true);
    d.set_changes_only_provided(true);
    return d;
  }
  absl::Status Process(v1::Document& doc) const override {
    if (!doc.raw().empty()) ++changes_only_saw_raw;
    v1::Token* t = doc.add_tokens();
    t->set_begin(0);
    t->set_end(0);
    doc.set_title("changed out of turn");
    return absl::OkStatus();
  }
};

// Gives every document kEventsPerDocument events with distinct actors (so
// each opens a feed event of its own) and a long evidence text: a stage that
// fills the feed fast.
constexpr int kEventsPerDocument = 20;
constexpr size_t kEvidenceBytes = 8 << 10;

class EventsStage : public Stage {
 public:
  v1::StageDescription Describe() const override {
    v1::StageDescription d;
    d.set_name("events");
    d.set_version("test");
    d.set_api_version(kStageApiVersion);
    d.add_needs("raw");
    d.add_provides("events");
    d.set_idempotent(true);
    return d;
  }
  absl::Status Process(v1::Document& doc) const override {
    for (int k = 0; k < kEventsPerDocument; ++k) {
      v1::Event* e = doc.add_events();
      e->set_id("ev" + std::to_string(k));
      e->set_type(v1::Event::PROTEST);
      e->set_modality(v1::Event::ASSERTED);
      v1::Actor* a = e->add_source();
      a->set_name("Group " + doc.id() + "-" + std::to_string(k));
      a->set_type(v1::Entity::ORG);
      a->set_canonical_key("group:" + doc.id() + "-" + std::to_string(k));
      e->set_evidence_text(std::string(kEvidenceBytes, 'a' + k));
      e->set_confidence(0.5);
    }
    return absl::OkStatus();
  }
};

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("ew-runner-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  StageServer* StartStage(std::string name, std::vector<std::string> needs,
                          std::vector<std::string> provides) {
    auto server = std::make_unique<StageServer>();
    StageServerOptions options;
    absl::Status st = server->Start(
        [&]() -> absl::StatusOr<std::unique_ptr<Stage>> {
          return std::make_unique<TestStage>(name, needs, provides);
        },
        options);
    EXPECT_TRUE(st.ok()) << st;
    servers_.push_back(std::move(server));
    return servers_.back().get();
  }

  StageServer* StartEventsStage() {
    auto server = std::make_unique<StageServer>();
    absl::Status st = server->Start(
        []() -> absl::StatusOr<std::unique_ptr<Stage>> {
          return std::make_unique<EventsStage>();
        },
        StageServerOptions{});
    EXPECT_TRUE(st.ok()) << st;
    servers_.push_back(std::move(server));
    return servers_.back().get();
  }

  StageConfig Config(const std::string& name, const StageServer* server) {
    StageConfig c;
    c.name = name;
    c.addresses = {"127.0.0.1:" + std::to_string(server->port())};
    c.deadline_ms = 500;
    c.max_document_attempts = 2;
    return c;
  }

  PipelineConfig BaseConfig() {
    PipelineConfig config;
    config.listen = "127.0.0.1:0";
    config.data_dir = dir_.string();
    config.workers = 2;
    config.batch_size = 4;
    config.startup_timeout_ms = 5000;
    return config;
  }

  fs::path dir_;
  std::vector<std::unique_ptr<StageServer>> servers_;
};

// A stage that changes only what it provides is sent no raw bytes (it does
// not need them) and answers with its fields alone, which the coordinator
// puts into its own copy: the title it changed out of turn stays as the
// stage before left it, and the stage after gets the raw bytes again.
TEST_F(RunnerTest, AChangesOnlyStageGetsNoRawBytesAndAnswersItsFieldsAlone) {
  auto* a = StartStage("first", {"raw"}, {"text"});
  auto server = std::make_unique<StageServer>();
  ASSERT_TRUE(server
                  ->Start(
                      []() -> absl::StatusOr<std::unique_ptr<Stage>> {
                        return std::make_unique<ChangesOnlyStage>();
                      },
                      StageServerOptions{})
                  .ok());
  servers_.push_back(std::move(server));
  auto* b = servers_.back().get();
  auto* c = StartStage("last", {"tokens", "raw"}, {"events"});
  PipelineConfig config = BaseConfig();
  config.stages = {Config("first", a), Config("changes", b), Config("last", c)};
  auto coordinator = CoordinatorServer::Start(config);
  ASSERT_TRUE(coordinator.ok()) << coordinator.status();
  testing::CoordinatorClient client((*coordinator)->port());
  v1::SubmitRequest request;
  for (const char* id : {"d1", "d2", "d3"}) {
    v1::Document* d = request.add_documents();
    d->set_id(id);
    d->set_raw("<p>raw</p>");
  }
  v1::SubmitResponse response;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(client.stub().Submit(&ctx, request, &response).ok());
  }
  v1::PipelineStatus status = client.WaitUntilIdle(10);
  EXPECT_EQ(status.done(), 3u);
  EXPECT_EQ(changes_only_saw_raw.load(), 0);
  grpc::ClientContext ctx;
  auto reader = client.stub().GetDocuments(&ctx, {});
  v1::Document doc;
  int n = 0;
  while (reader->Read(&doc)) {
    EXPECT_EQ(doc.title(), "first;last;") << doc.id();
    EXPECT_EQ(doc.tokens_size(), 1) << doc.id();
    ++n;
  }
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_EQ(n, 3);
}

TEST_F(RunnerTest, BadAndHangingDocumentsBecomeDeadLettersAndTheRestFlow) {
  auto* a = StartStage("first", {"raw"}, {"text"});
  auto* b = StartStage("second", {"text"}, {"events"});
  PipelineConfig config = BaseConfig();
  config.stages = {Config("first", a), Config("second", b)};
  config.metrics_listen = "127.0.0.1:0";
  auto coordinator = CoordinatorServer::Start(config);
  ASSERT_TRUE(coordinator.ok()) << coordinator.status();

  testing::CoordinatorClient client((*coordinator)->port());
  v1::Coordinator::Stub* stub = &client.stub();
  v1::SubmitRequest request;
  for (const char* id : {"d1", "bad-1", "d2", "slow-1", "d3", "d4", "d5"}) {
    v1::Document* d = request.add_documents();
    d->set_id(id);
    d->set_raw("x");
  }
  v1::SubmitResponse response;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub->Submit(&ctx, request, &response).ok());
  }
  ASSERT_EQ(response.results_size(), 7);
  for (const auto& r : response.results()) EXPECT_TRUE(r.accepted());

  v1::PipelineStatus status = client.WaitUntilIdle(10);
  EXPECT_EQ(status.pending(), 0u);
  EXPECT_EQ(status.done(), 5u);
  EXPECT_EQ(status.dead(), 2u);
  EXPECT_TRUE(status.ready());

  std::map<std::string, v1::DeadLetter> by_id = client.DeadLetters();
  ASSERT_EQ(by_id.size(), 2u);
  EXPECT_EQ(by_id["bad-1"].stage(), "first");
  EXPECT_NE(
      by_id["bad-1"].error().find("stage 'first' failed on document 'bad-1'"),
      std::string::npos)
      << by_id["bad-1"].error();
  EXPECT_EQ(by_id["bad-1"].document().raw(), "x");
  EXPECT_EQ(by_id["slow-1"].stage(), "first");
  EXPECT_NE(by_id["slow-1"].error().find("DEADLINE_EXCEEDED"),
            std::string::npos)
      << by_id["slow-1"].error();

  // The good documents passed both stages in order.
  grpc::ClientContext ctx;
  auto reader = stub->GetDocuments(&ctx, {});
  v1::Document doc;
  int n = 0;
  while (reader->Read(&doc)) {
    EXPECT_EQ(doc.title(), "first;second;");
    ++n;
  }
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_EQ(n, 5);

  // What Prometheus sees.
  const std::string body =
      testing::HttpGet((*coordinator)->metrics_port(), "/metrics");
  using testing::HasSample;
  EXPECT_TRUE(HasSample(body, "eventwire_coordinator_documents_total",
                        "outcome=\"accepted\"", " 7"))
      << body;
  EXPECT_TRUE(HasSample(body, "eventwire_coordinator_documents_total",
                        "outcome=\"done\"", " 5"))
      << body;
  EXPECT_TRUE(HasSample(body, "eventwire_coordinator_documents_total",
                        "outcome=\"dead\"", " 2"))
      << body;
  EXPECT_TRUE(HasSample(body, "eventwire_coordinator_stage_calls_total",
                        "outcome=\"error\",stage=\"first\"", ""))
      << body;
  EXPECT_TRUE(HasSample(body, "eventwire_coordinator_queue_depth", "", " 0"))
      << body;
  EXPECT_TRUE(
      HasSample(body, "eventwire_coordinator_feed_lag_seconds_count", "", " 5"))
      << body;
  (*coordinator)->Shutdown();
}

// A result larger than the store takes (here NATS's max_payload, set low)
// can never be stored: it is dead-lettered by name at once instead of being
// processed again forever, and the rest of its batch is done. A document
// too large to store is refused at Submit without refusing the others.
TEST_F(RunnerTest, AResultTheStoreRefusesIsDeadLetteredAndTheBatchGoesOn) {
  if (testing::NatsServer::Binary().empty()) GTEST_SKIP() << "no nats-server";
  testing::NatsServer nats((dir_ / "nats").string(), 10000,
                           "max_payload: 16384");
  ASSERT_FALSE(nats.url().empty()) << "nats-server did not start";
  auto* a = StartStage("first", {"raw"}, {"text"});
  PipelineConfig config = BaseConfig();
  config.stages = {Config("first", a)};
  auto store =
      ParseStoreConfig("{backend: jetstream, servers: " + nats.url() + "}");
  ASSERT_TRUE(store.ok()) << store.status();
  config.store = *store;
  auto coordinator = CoordinatorServer::Start(config);
  ASSERT_TRUE(coordinator.ok()) << coordinator.status();
  testing::CoordinatorClient client((*coordinator)->port());
  v1::Coordinator::Stub* stub = &client.stub();

  v1::SubmitRequest request;
  // "grow-large" fits alone but not twice in one message: its dead letter
  // cannot hold both the document at the stage and the submitted input.
  for (const char* id : {"d1", "grow-1", "too-big", "d2", "d3", "grow-large"}) {
    v1::Document* d = request.add_documents();
    d->set_id(id);
    const std::string name = id;
    d->set_raw(name == "too-big"      ? std::string(32 << 10, 'x')
               : name == "grow-large" ? std::string(10 << 10, 'x')
                                      : "x");
  }
  v1::SubmitResponse response;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub->Submit(&ctx, request, &response).ok());
  }
  ASSERT_EQ(response.results_size(), 6);
  for (const auto& r : response.results()) {
    if (r.document_id() == "too-big") {
      EXPECT_FALSE(r.accepted());
      EXPECT_NE(r.error().find("document 'too-big' not stored"),
                std::string::npos)
          << r.error();
      EXPECT_NE(r.error().find("max_payload"), std::string::npos) << r.error();
    } else {
      EXPECT_TRUE(r.accepted()) << r.document_id() << ": " << r.error();
    }
  }

  v1::PipelineStatus status = client.WaitUntilIdle(10);
  EXPECT_EQ(status.pending(), 0u);
  EXPECT_EQ(status.done(), 3u);
  EXPECT_EQ(status.dead(), 2u);

  std::map<std::string, v1::DeadLetter> letters = client.DeadLetters();
  ASSERT_EQ(letters.size(), 2u);
  const v1::DeadLetter& large = letters["grow-large"];
  EXPECT_EQ(large.stage(), "store");
  EXPECT_NE(large.error().find("left out of this letter"), std::string::npos)
      << large.error();
  EXPECT_EQ(large.input().raw().size(), 10u << 10);  // still retryable
  const v1::DeadLetter& letter = letters["grow-1"];
  EXPECT_EQ(letter.document_id(), "grow-1");
  EXPECT_EQ(letter.stage(), "store");
  EXPECT_NE(letter.error().find("document 'grow-1'"), std::string::npos)
      << letter.error();
  EXPECT_NE(letter.error().find("max_payload 16384"), std::string::npos)
      << letter.error();
  EXPECT_EQ(letter.document().raw(), "x");  // the input, to try again
  (*coordinator)->Shutdown();
}

// Once the failing stage is fixed, dead letters go through again, from the
// input as submitted, and their letters go.
TEST_F(RunnerTest, DeadLettersAreRetriedOnceTheStageIsFixed) {
  auto* a = StartStage("first", {"raw"}, {"text"});
  PipelineConfig config = BaseConfig();
  config.stages = {Config("first", a)};
  auto coordinator = CoordinatorServer::Start(config);
  ASSERT_TRUE(coordinator.ok()) << coordinator.status();
  testing::CoordinatorClient client((*coordinator)->port());
  v1::Coordinator::Stub* stub = &client.stub();
  flaky_stage_broken = true;
  v1::SubmitRequest request;
  for (const char* id : {"unlucky-1", "d1", "unlucky-2"}) {
    v1::Document* d = request.add_documents();
    d->set_id(id);
    d->set_raw("x");
  }
  v1::SubmitResponse submitted;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub->Submit(&ctx, request, &submitted).ok());
  }
  v1::PipelineStatus status = client.WaitUntilIdle(10);
  ASSERT_EQ(status.done(), 1u);
  ASSERT_EQ(status.dead(), 2u);

  const auto retry = [&](const v1::RetryDeadLettersRequest& r,
                         v1::RetryDeadLettersResponse* response) {
    grpc::ClientContext ctx;
    return stub->RetryDeadLetters(&ctx, r, response);
  };
  v1::RetryDeadLettersRequest nothing_named;
  v1::RetryDeadLettersResponse response;
  EXPECT_EQ(retry(nothing_named, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  v1::RetryDeadLettersRequest other_stage;
  other_stage.set_stage("second");
  ASSERT_TRUE(retry(other_stage, &response).ok());
  EXPECT_EQ(response.results_size(), 0);

  flaky_stage_broken = false;  // the stage is fixed
  v1::RetryDeadLettersRequest by_id;
  by_id.add_document_ids("unlucky-1");
  by_id.add_document_ids("d1");  // done, not dead: nothing to retry
  response.Clear();
  ASSERT_TRUE(retry(by_id, &response).ok());
  ASSERT_EQ(response.results_size(), 2);
  EXPECT_TRUE(response.results(0).requeued()) << response.results(0).error();
  EXPECT_FALSE(response.results(1).requeued());
  EXPECT_NE(response.results(1).error().find("'d1' has no dead letter"),
            std::string::npos)
      << response.results(1).error();
  v1::RetryDeadLettersRequest by_stage;
  by_stage.set_stage("first");
  response.Clear();
  ASSERT_TRUE(retry(by_stage, &response).ok());
  ASSERT_EQ(response.results_size(), 1);
  EXPECT_EQ(response.results(0).document_id(), "unlucky-2");
  EXPECT_TRUE(response.results(0).requeued());

  status = client.WaitUntilIdle(10);
  EXPECT_EQ(status.pending(), 0u);
  EXPECT_EQ(status.dead(), 0u);
  EXPECT_EQ(status.done(), 3u);
  EXPECT_TRUE(client.DeadLetters().empty());
  grpc::ClientContext ctx;
  auto reader = stub->GetDocuments(&ctx, {});
  v1::Document doc;
  std::set<std::string> done;
  while (reader->Read(&doc)) {
    EXPECT_EQ(doc.title(), "first;") << doc.id();
    done.insert(doc.id());
  }
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_EQ(done, (std::set<std::string>{"d1", "unlucky-1", "unlucky-2"}));
  (*coordinator)->Shutdown();
}

// A document with raw bytes and, when given, a language.
v1::Document Doc(const std::string& id, const std::string& language = "") {
  v1::Document d;
  d.set_id(id);
  d.set_raw("x");
  d.mutable_metadata()->set_language(language);
  return d;
}

std::map<std::string, v1::Document> ById(std::vector<v1::Document> docs) {
  std::map<std::string, v1::Document> out;
  for (auto& d : docs) out[d.id()] = std::move(d);
  return out;
}

TEST_F(RunnerTest, RoutesSkipOptionalStagesAndCheckWhatEachDocumentHas) {
  auto* first = StartStage("first", {"raw"}, {"text"});
  auto* en = StartStage("en-only", {"text"}, {"topics"});
  auto* fr = StartStage("fr-only", {"text"}, {"topics"});
  auto* flaky = StartStage("flaky", {"text"}, {"extra"});
  auto* last = StartStage("needs-topics", {"topics"}, {"events"});
  PipelineConfig config = BaseConfig();
  config.stages = {Config("first", first), Config("en-only", en),
                   Config("fr-only", fr), Config("flaky", flaky),
                   Config("needs-topics", last)};
  config.stages[1].when = {{"language", {"en", "en-*"}}};
  config.stages[2].when = {{"language", {"fr"}}};
  config.stages[3].optional = true;
  // Not listening anywhere, but optional: the pipeline starts without it.
  StageConfig absent;
  absent.name = "absent";
  absent.addresses = {"127.0.0.1:1"};
  absent.optional = true;
  config.stages.insert(config.stages.begin() + 1, absent);
  config.startup_timeout_ms = 1000;
  auto coordinator = CoordinatorServer::Start(config);
  ASSERT_TRUE(coordinator.ok()) << coordinator.status();
  testing::CoordinatorClient client((*coordinator)->port());
  ASSERT_EQ(client
                .Submit({Doc("d-en", "en-GB"), Doc("d-fr", "fr"),
                         Doc("d-de", "de"), Doc("fail-flaky-en", "en")})
                .size(),
            4u);
  const v1::PipelineStatus status = client.WaitUntilIdle(10);
  EXPECT_EQ(status.done(), 3u);
  EXPECT_EQ(status.dead(), 1u);
  EXPECT_EQ(status.stages_size(), 5);  // "absent" is not in the chain

  auto dead = client.DeadLetters();
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead["d-de"].stage(), "needs-topics");
  EXPECT_NE(dead["d-de"].error().find("needs 'topics'"), std::string::npos)
      << dead["d-de"].error();

  auto done = ById(client.Documents());
  EXPECT_EQ(done["d-en"].title(), "first;en-only;flaky;needs-topics;");
  EXPECT_EQ(done["d-fr"].title(), "first;fr-only;flaky;needs-topics;");
  // The optional stage failed on this one: it went on, with a warning.
  EXPECT_EQ(done["fail-flaky-en"].title(), "first;en-only;needs-topics;");
  bool warned = false;
  for (const auto& g : done["fail-flaky-en"].diagnostics())
    warned |= g.stage() == "flaky" && g.code() == "optional-stage-failed";
  EXPECT_TRUE(warned);
  (*coordinator)->Shutdown();
}

TEST_F(RunnerTest, ParallelBranchesRunSideBySideAndMerge) {
  auto* first = StartStage("first", {"raw"}, {"text"});
  auto* a = StartStage("attr-a", {"text"}, {"a"});
  auto* b = StartStage("attr-b", {"text"}, {"b"});
  auto* last = StartStage("last", {"a", "b"}, {"events"});
  PipelineConfig config = BaseConfig();
  config.stages = {Config("first", first), Config("attr-a", a),
                   Config("attr-b", b), Config("last", last)};
  for (int k = 0; k < 4; ++k) config.stages[k].step = k == 2 ? 1 : k;
  auto coordinator = CoordinatorServer::Start(config);
  ASSERT_TRUE(coordinator.ok()) << coordinator.status();
  testing::CoordinatorClient client((*coordinator)->port());
  ASSERT_EQ(client.Submit({Doc("d1"), Doc("d2"), Doc("fail-attr-b")}).size(),
            3u);
  const v1::PipelineStatus status = client.WaitUntilIdle(10);
  EXPECT_EQ(status.done(), 2u);
  EXPECT_EQ(status.dead(), 1u);
  const auto done = client.Documents();
  EXPECT_EQ(done.size(), 2u);
  for (const v1::Document& d : done) {
    EXPECT_EQ(d.title(), "first;last;");
    EXPECT_EQ(d.attributes().at("attr-a"), "done");
    EXPECT_EQ(d.attributes().at("attr-b"), "done");
    std::vector<std::string> trace;
    for (const auto& t : d.trace()) trace.push_back(t.stage());
    EXPECT_EQ(trace,
              (std::vector<std::string>{"first", "attr-a", "attr-b", "last"}));
  }
  (*coordinator)->Shutdown();
}

TEST_F(RunnerTest, ParallelBranchesThatChangeOneThingAreAnError) {
  auto* first = StartStage("first", {"raw"}, {"text"});
  auto* x = StartStage("x", {"text"}, {"x"});
  auto* y = StartStage("y", {"text"}, {"y"});
  PipelineConfig config = BaseConfig();
  config.stages = {Config("first", first), Config("x", x), Config("y", y)};
  config.stages[1].step = config.stages[2].step = 1;
  auto coordinator = CoordinatorServer::Start(config);
  ASSERT_TRUE(coordinator.ok()) << coordinator.status();
  // A parallel stage that needs its sibling's output is refused at start.
  PipelineConfig wrong = BaseConfig();
  auto* needs_x = StartStage("needs-x", {"x"}, {"z"});
  wrong.stages = {Config("first", first), Config("x", x),
                  Config("needs-x", needs_x)};
  wrong.stages[1].step = wrong.stages[2].step = 1;
  wrong.data_dir = (dir_ / "wrong").string();
  auto refused = CoordinatorServer::Start(wrong);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("cannot use each other's output"),
            std::string::npos)
      << refused.status();

  testing::CoordinatorClient client((*coordinator)->port());
  ASSERT_EQ(client.Submit({Doc("d1")}).size(), 1u);
  client.WaitUntilIdle(10);
  auto dead = client.DeadLetters();
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_NE(dead["d1"].error().find(
                "parallel stages 'x' and 'y' both changed title of document "
                "'d1'"),
            std::string::npos)
      << dead["d1"].error();
  (*coordinator)->Shutdown();
}

TEST_F(RunnerTest, AWrongChainIsRefusedAtStart) {
  auto* a = StartStage("needs-text", {"text"}, {"events"});
  auto* b = StartStage("gives-text", {"raw"}, {"text"});
  PipelineConfig config = BaseConfig();
  config.stages = {Config("needs-text", a), Config("gives-text", b)};
  auto coordinator = CoordinatorServer::Start(config);
  ASSERT_FALSE(coordinator.ok());
  EXPECT_EQ(coordinator.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(
      coordinator.status().message().find("stage 'needs-text' needs text"),
      std::string::npos)
      << coordinator.status();
}

TEST_F(RunnerTest, ANameThatDoesNotMatchTheServerIsRefused) {
  auto* a = StartStage("clean", {"raw"}, {"text"});
  PipelineConfig config = BaseConfig();
  config.stages = {Config("tag", a)};
  auto coordinator = CoordinatorServer::Start(config);
  ASSERT_FALSE(coordinator.ok());
  EXPECT_NE(coordinator.status().message().find("serves stage 'clean'"),
            std::string::npos);
}

}  // namespace
}  // namespace eventwire::coordinator

namespace eventwire::coordinator {
namespace {

double Sample(const std::string& body, const std::string& name) {
  const size_t at = body.find("\n" + name + " ");
  return at == std::string::npos ? -1
                                 : std::stod(body.substr(at + name.size() + 2));
}

// A subscriber that reads one record a second while about 50 MB of feed
// records arrive: the coordinator writes ahead of it only what HTTP/2 flow
// control lets through (bounded, whatever the feed's size), other readers
// are not held up, and the subscriber that reconnects after the last
// sequence it read gets every later record exactly once.
TEST_F(RunnerTest, ASlowSubscriberHoldsBoundedMemoryAndResumesFromItsCursor) {
  auto* events = StartEventsStage();
  PipelineConfig config = BaseConfig();
  config.stages = {Config("events", events)};
  config.stages[0].deadline_ms = 30000;
  config.metrics_listen = "127.0.0.1:0";
  auto coordinator = CoordinatorServer::Start(config);
  ASSERT_TRUE(coordinator.ok()) << coordinator.status();
  testing::CoordinatorClient client((*coordinator)->port());
  v1::Coordinator::Stub* stub = &client.stub();

  grpc::ClientContext slow_ctx;
  v1::SubscribeRequest follow;
  follow.set_follow(true);
  auto slow = stub->Subscribe(&slow_ctx, follow);
  std::atomic<int> slow_read{0};
  std::atomic<uint64_t> last_sequence{0};
  std::atomic<bool> stop_slow{false};
  std::thread slow_reader([&] {
    v1::FeedRecord record;
    while (!stop_slow && slow->Read(&record)) {
      last_sequence = record.sequence();
      ++slow_read;
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  });

  constexpr int kDocuments = 300;
  for (int batch = 0; batch < kDocuments / 50; ++batch) {
    v1::SubmitRequest request;
    for (int i = 0; i < 50; ++i) {
      v1::Document* d = request.add_documents();
      d->set_id("doc-" + std::to_string(batch * 50 + i));
      d->set_raw("x");
    }
    v1::SubmitResponse response;
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub->Submit(&ctx, request, &response).ok());
  }
  const v1::PipelineStatus status = client.WaitUntilIdle(600);
  ASSERT_EQ(status.done(), static_cast<uint64_t>(kDocuments));
  constexpr uint64_t kRecords = kDocuments * kEventsPerDocument;
  ASSERT_EQ(status.last_sequence(), kRecords);

  // Others read the whole feed meanwhile.
  EXPECT_EQ(client.Feed().size(), kRecords);

  // What the coordinator has handed to gRPC for all subscribers, less the
  // fast reader's records, is what it holds for the slow one, in flight.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const std::string body =
      testing::HttpGet((*coordinator)->metrics_port(), "/metrics");
  const double sent =
      Sample(body, "eventwire_coordinator_feed_records_sent_total");
  EXPECT_EQ(Sample(body, "eventwire_coordinator_subscribers"), 1) << body;
  const double ahead = sent - kRecords - slow_read;
  const double ahead_bytes = ahead * kEvidenceBytes;
  std::printf(
      "slow subscriber: read %d of %llu records; %.0f records (%.1f MB) "
      "written ahead of it, of %.1f MB in the feed\n",
      slow_read.load(), static_cast<unsigned long long>(kRecords), ahead,
      ahead_bytes / 1e6, kRecords * kEvidenceBytes / 1e6);
  EXPECT_GE(ahead, 0);
  EXPECT_LT(ahead_bytes, 16e6) << "written ahead of a subscriber reading 1/s";
  EXPECT_LT(slow_read.load(), 60);

  // The slow subscriber gives up and comes back after its last sequence.
  stop_slow = true;
  slow_ctx.TryCancel();
  slow_reader.join();
  const uint64_t cursor = last_sequence;
  ASSERT_GT(cursor, 0u);
  grpc::ClientContext resume_ctx;
  v1::SubscribeRequest resume;
  resume.set_after_sequence(cursor);
  auto rest = stub->Subscribe(&resume_ctx, resume);
  std::set<uint64_t> sequences;
  v1::FeedRecord record;
  uint64_t expected = cursor + 1;
  bool in_order = true;
  while (rest->Read(&record)) {
    in_order = in_order && record.sequence() == expected++;
    sequences.insert(record.sequence());
  }
  EXPECT_TRUE(rest->Finish().ok());
  EXPECT_TRUE(in_order);
  EXPECT_EQ(sequences.size(), kRecords - cursor);
  EXPECT_EQ(*sequences.begin(), cursor + 1);
  EXPECT_EQ(*sequences.rbegin(), kRecords);
  (*coordinator)->Shutdown();
}

}  // namespace
}  // namespace eventwire::coordinator
