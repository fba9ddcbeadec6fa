// The coordinator's HTTP interface over a real coordinator with an
// in-process stage: the token on every /api/ request but none on the page's
// files, the security headers, feed lists paged and filtered, stories with
// their revisions, the event stream and its resumption, submit and the
// document's states, dead letters retried, wrong parameters named, and
// HTTPS with the gRPC port's certificate. (The page itself is tested in a
// browser: tests/web/page_test.mjs.)
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "coordinator_server.h"
#include "eventwire/json.h"
#include "eventwire/stage.h"
#include "eventwire/stage_server.h"
#include "testing/process.h"

namespace eventwire::coordinator {
namespace {
namespace fs = std::filesystem;

constexpr char kToken[] = "web-test-token";

// Codes document "NAME-N" as one event of "Group NAME-N" (KEN when N is
// even, PER else) in Nairobi today, of the N+1st PLOVER type (AGREE for 0,
// ..., PROTEST for 11), so that no two documents report one story;
// labelled "watch" when the id says so. Documents whose id says "bad" fail.
class NewsStage : public Stage {
 public:
  v1::StageDescription Describe() const override {
    v1::StageDescription d;
    d.set_name("news");
    d.set_version("test");
    d.set_api_version(kStageApiVersion);
    d.add_needs("raw");
    d.add_provides("events");
    d.set_idempotent(true);
    return d;
  }
  absl::Status Process(v1::Document& doc) const override {
    if (doc.id().find("bad") != std::string::npos)
      return absl::InvalidArgumentError("this document cannot be handled");
    const int n = std::atoi(doc.id().substr(doc.id().rfind('-') + 1).c_str());
    const bool even = n % 2 == 0;
    v1::Event* e = doc.add_events();
    e->set_id("ev1");
    e->set_type(static_cast<v1::Event::Type>(1 + n % 16));
    e->set_modality(v1::Event::ASSERTED);
    v1::Actor* a = e->add_source();
    a->set_name("Group " + doc.id());
    a->set_country(even ? "KEN" : "PER");
    a->set_canonical_key("group:" + doc.id());
    e->mutable_location()->set_name("Nairobi");
    // Today: an older event would be told as history (background).
    e->set_date(absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone()));
    e->set_evidence_text(doc.raw().substr(0, 200));
    e->set_confidence(0.5);
    if (doc.id().find("watch") != std::string::npos) e->add_labels("watch");
    return absl::OkStatus();
  }
};

struct Reply {
  int status = 0;
  std::string body;
  httplib::Headers headers;
};

std::string Header(const Reply& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

class WebServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("ew-web-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "token") << kToken << "\n";
    stage_ = std::make_unique<StageServer>();
    ASSERT_TRUE(stage_
                    ->Start(
                        []() -> absl::StatusOr<std::unique_ptr<Stage>> {
                          return std::make_unique<NewsStage>();
                        },
                        StageServerOptions{})
                    .ok());
  }
  void TearDown() override {
    coordinator_.reset();
    stage_.reset();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // With `tls`, the stage serves over TLS as well: the coordinator's
  // certificate and CA are for both of its sides.
  void StartCoordinator(TlsFiles tls = {}, bool with_token = true) {
    if (tls.server_enabled()) {
      stage_ = std::make_unique<StageServer>();
      StageServerOptions options;
      options.tls = tls;
      ASSERT_TRUE(stage_
                      ->Start(
                          []() -> absl::StatusOr<std::unique_ptr<Stage>> {
                            return std::make_unique<NewsStage>();
                          },
                          options)
                      .ok());
    }
    PipelineConfig config;
    config.listen = "127.0.0.1:0";
    config.http_listen = "127.0.0.1:0";
    config.data_dir = (dir_ / "data").string();
    if (with_token) config.auth_token_file = (dir_ / "token").string();
    config.workers = 2;
    config.batch_size = 4;
    config.startup_timeout_ms = 5000;
    config.max_document_bytes = 64 << 10;  // bodies up to 192 KB
    config.tls = tls;
    StageConfig stage;
    stage.name = "news";
    stage.addresses = {"127.0.0.1:" + std::to_string(stage_->port())};
    stage.max_document_attempts = 1;
    config.stages = {stage};
    auto started = CoordinatorServer::Start(config);
    ASSERT_TRUE(started.ok()) << started.status();
    coordinator_ = std::move(*started);
    ASSERT_GT(coordinator_->http_port(), 0);
  }

  std::unique_ptr<httplib::Client> Client(bool with_token = true) {
    auto client = std::make_unique<httplib::Client>("127.0.0.1",
                                                    coordinator_->http_port());
    client->set_read_timeout(30, 0);
    client->set_url_encode(false);  // paths are written encoded, as a browser
                                    // sends them
    if (with_token) client->set_bearer_token_auth(kToken);
    return client;
  }

  Reply Get(const std::string& path, bool with_token = true) {
    auto result = Client(with_token)->Get(path);
    if (!result) return {};
    return {result->status, result->body, result->headers};
  }

  Reply Post(const std::string& path, const std::string& body,
             bool with_token = true) {
    auto result = Client(with_token)->Post(path, body, "application/json");
    if (!result) return {};
    return {result->status, result->body, result->headers};
  }

  // Submits "doc-0" ... over HTTP as records and waits until the feed has
  // them all.
  void SubmitAndWait(const std::vector<std::string>& ids,
                     const std::string& text = "officials met") {
    for (const std::string& id : ids) {
      Reply r = Post("/api/documents", "{\"id\":\"" + id + "\",\"text\":\"" +
                                           text + " " + id + "\"}");
      ASSERT_EQ(r.status, 202) << r.body;
    }
    for (int i = 0; i < 300; ++i) {
      auto status = ParseJsonObject(Get("/api/status").body);
      if (status.ok() && status->fields().at("pending").string_value() == "0" &&
          status->fields().at("accepted").string_value() != "0")
        return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "the documents were not done in 15 s";
  }

  // The named field of a JSON reply.
  static google::protobuf::Value Field(const std::string& json,
                                       const std::string& name) {
    auto object = ParseJsonObject(json);
    if (!object.ok() || !object->fields().count(name)) return {};
    return object->fields().at(name);
  }

  fs::path dir_;
  std::unique_ptr<StageServer> stage_;
  std::unique_ptr<CoordinatorServer> coordinator_;
};

TEST_F(WebServerTest, EveryApiRequestNeedsTheTokenAndThePageDoesNot) {
  StartCoordinator();
  for (const char* path :
       {"/api/status", "/api/events", "/api/records", "/api/story?id=x",
        "/api/timeline", "/api/document?id=x", "/api/dead-letters",
        "/api/stream"}) {
    Reply r = Get(path, /*with_token=*/false);
    EXPECT_EQ(r.status, 401) << path;
    EXPECT_NE(r.body.find("access token"), std::string::npos) << r.body;
  }
  EXPECT_EQ(Post("/api/documents", "{\"text\":\"x\"}", false).status, 401);
  EXPECT_EQ(Post("/api/dead-letters/retry", "{\"all\":true}", false).status,
            401);
  auto wrong =
      std::make_unique<httplib::Client>("127.0.0.1", coordinator_->http_port());
  wrong->set_bearer_token_auth("web-test-tokeN");
  EXPECT_EQ(wrong->Get("/api/status")->status, 401);
  for (const char* path : {"/", "/app.js", "/style.css"}) {
    Reply r = Get(path, false);
    EXPECT_EQ(r.status, 200) << path;
    const std::string csp = Header(r, "Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
    EXPECT_EQ(Header(r, "X-Content-Type-Options"), "nosniff");
  }
  EXPECT_EQ(Get("/api/status").status, 200);
  // Another site's form cannot post: only JSON is taken.
  auto form =
      Client()->Post("/api/documents", "{\"text\":\"x\"}", "text/plain");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 415);
  // A body larger than a document may be is refused before it is read.
  Reply huge = Post("/api/documents",
                    "{\"text\":\"" + std::string(400 << 10, 'a') + "\"}");
  EXPECT_EQ(huge.status, 413);
  Reply missing = Get("/api/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("no such resource"), std::string::npos);
}

// Without a token, a page of another site that rebinds its DNS name to this
// address would be same-origin with the API: the API answers only under
// localhost or an address.
TEST_F(WebServerTest, WithoutATokenTheApiAnswersOnlyUnderLocalNames) {
  StartCoordinator({}, /*with_token=*/false);
  const std::string port = std::to_string(coordinator_->http_port());
  const auto get = [&](const std::string& host) {
    httplib::Headers headers = {{"Host", host}};
    auto result = Client(false)->Get("/api/status", headers);
    return result ? result->status : -1;
  };
  EXPECT_EQ(get("127.0.0.1:" + port), 200);
  EXPECT_EQ(get("localhost:" + port), 200);
  EXPECT_EQ(get("[::1]:" + port), 200);
  EXPECT_EQ(get("rebound.example:" + port), 403);
  httplib::Headers rebound = {{"Host", "rebound.example"}};
  auto post = Client(false)->Post("/api/documents", rebound, "{\"text\":\"x\"}",
                                  "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 403);
  EXPECT_NE(post->body.find("auth_token_file"), std::string::npos)
      << post->body;
  // The page itself holds no data.
  auto page = Client(false)->Get("/", rebound);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
}

TEST(WebServerHosts, LocalNamesAndAddressesOnly) {
  for (const char* host :
       {"", "localhost", "LOCALHOST:7480", "app.localhost:80", "127.0.0.1",
        "10.1.2.3:7480", "[::1]:7480", "[2001:db8::1]"}) {
    EXPECT_TRUE(HostIsLocalOrAnAddress(host)) << host;
  }
  for (const char* host :
       {"example.com", "localhost.example.com:7480", "127.0.0.1.nip.io",
        "1.2.3", "1.2.3.4.5", "256.1.1.1", "eventwire:7480", "[::1"}) {
    EXPECT_FALSE(HostIsLocalOrAnAddress(host)) << host;
  }
}

TEST_F(WebServerTest, TheFeedIsListedNewestFirstAPageAtATimeAndFiltered) {
  StartCoordinator();
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) ids.push_back("doc-" + std::to_string(i));
  ids.push_back("watch-12");
  ASSERT_NO_FATAL_FAILURE(SubmitAndWait(ids));
  Reply all = Get("/api/events?kind=event&limit=5");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(Field(all.body, "total").number_value(), 13);
  const google::protobuf::Value records_value = Field(all.body, "records");
  const auto& first = records_value.list_value();
  ASSERT_EQ(first.values_size(), 5);
  // Newest first: sequence numbers fall.
  for (int i = 1; i < 5; ++i) {
    EXPECT_GT(std::stoull(first.values(i - 1)
                              .struct_value()
                              .fields()
                              .at("sequence")
                              .string_value()),
              std::stoull(first.values(i)
                              .struct_value()
                              .fields()
                              .at("sequence")
                              .string_value()));
  }
  Reply last = Get("/api/events?kind=event&limit=5&offset=10");
  EXPECT_EQ(Field(last.body, "records").list_value().values_size(), 3);
  // Filters as the command line's.
  EXPECT_EQ(Field(Get("/api/events?country=KEN").body, "total").number_value(),
            7);  // doc-0, 2, 4, 6, 8, 10, watch-12
  EXPECT_EQ(Field(Get("/api/events?label=watch").body, "total").number_value(),
            1);
  // All the words, anywhere in the event; '+' and %20 are spaces.
  EXPECT_EQ(
      Field(Get("/api/events?q=group+doc-11").body, "total").number_value(), 1);
  EXPECT_EQ(
      Field(Get("/api/events?q=NAIROBI%20doc-11").body, "total").number_value(),
      1);
  EXPECT_EQ(
      Field(Get("/api/events?q=doc-11+lima").body, "total").number_value(), 0);
  EXPECT_EQ(
      Field(Get("/api/events?type=PROTEST,agree").body, "total").number_value(),
      2);  // doc-11, doc-0
  EXPECT_EQ(Field(Get("/api/events?kind=quote").body, "total").number_value(),
            0);
  // The page size is bounded.
  Reply big = Get("/api/events?limit=100000");
  EXPECT_EQ(Field(big.body, "records").list_value().values_size(), 13);
  // Records in sequence order after a cursor.
  Reply records = Get("/api/records?after=10&limit=2");
  ASSERT_EQ(records.status, 200) << records.body;
  EXPECT_EQ(Field(records.body, "next_after").number_value(), 12);
  // The timeline counts events per day and type.
  Reply timeline = Get("/api/timeline");
  double counted = 0;
  const google::protobuf::Value days = Field(timeline.body, "days");
  for (const auto& d : days.list_value().values())
    counted += d.struct_value().fields().at("count").number_value();
  EXPECT_EQ(counted, 13);
  // A wrong parameter is named.
  for (const auto& [path, words] :
       std::vector<std::pair<std::string, std::string>>{
           {"/api/events?limit=many", "'limit' takes a whole number"},
           {"/api/events?type=RIOT", "type: 'RIOT' is not a PLOVER type"},
           {"/api/events?since=March", "since takes an ISO day"},
           {"/api/events?kind=article", "'kind' is event or quote"},
           {"/api/events?min_confidence=high", "'min_confidence'"}}) {
    Reply r = Get(path);
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_NE(r.body.find(words), std::string::npos) << path << ": " << r.body;
  }
}

TEST_F(WebServerTest, AStoryHasEveryRevisionAndADocumentItsStates) {
  StartCoordinator();
  ASSERT_NO_FATAL_FAILURE(SubmitAndWait({"doc-1"}));
  Reply listed = Get("/api/events?limit=1");
  const std::string id = Field(listed.body, "records")
                             .list_value()
                             .values(0)
                             .struct_value()
                             .fields()
                             .at("event")
                             .struct_value()
                             .fields()
                             .at("feed_event_id")
                             .string_value();
  Reply story = Get("/api/story?id=" + id);
  ASSERT_EQ(story.status, 200) << story.body;
  EXPECT_EQ(Field(story.body, "revisions").list_value().values_size(), 1);
  EXPECT_EQ(Get("/api/story?id=fe-none").status, 404);

  Reply done = Get("/api/document?id=doc-1&raw=true");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Field(done.body, "state").string_value(), "done");
  const google::protobuf::Value document = Field(done.body, "document");
  const auto& doc = document.struct_value().fields();
  EXPECT_EQ(doc.at("id").string_value(), "doc-1");
  EXPECT_FALSE(doc.at("raw").string_value().empty());  // base64 of the record
  Reply pending = Get("/api/document?id=never-sent");
  EXPECT_EQ(pending.status, 404);
  EXPECT_EQ(Field(pending.body, "state").string_value(), "pending");
  EXPECT_EQ(Get("/api/document").status, 400);

  // Submit refuses what is not an article; the same paste is one document.
  EXPECT_EQ(Post("/api/documents", "not json").status, 400);
  Reply empty = Post("/api/documents", "{\"title\":\"only a title\"}");
  EXPECT_EQ(empty.status, 400);
  EXPECT_NE(empty.body.find("'text' or 'html'"), std::string::npos);
  Reply first = Post("/api/documents", "{\"text\":\"officials met again\"}");
  Reply again = Post("/api/documents", "{\"text\":\"officials met again\"}");
  EXPECT_EQ(first.status, 202) << first.body;
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_TRUE(Field(again.body, "duplicate").bool_value());
  EXPECT_EQ(Field(first.body, "document_id").string_value(),
            Field(again.body, "document_id").string_value());
}

TEST_F(WebServerTest, ADeadLetterIsListedWithItsErrorAndRetried) {
  StartCoordinator();
  ASSERT_EQ(Post("/api/documents", "{\"id\":\"bad-1\",\"text\":\"x\"}").status,
            202);
  Reply letters;
  for (int i = 0; i < 200; ++i) {
    letters = Get("/api/dead-letters");
    if (Field(letters.body, "dead_letters").list_value().values_size() == 1)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const google::protobuf::Value letters_value =
      Field(letters.body, "dead_letters");
  const auto& list = letters_value.list_value();
  ASSERT_EQ(list.values_size(), 1) << letters.body;
  const auto& letter = list.values(0).struct_value().fields();
  EXPECT_EQ(letter.at("document_id").string_value(), "bad-1");
  EXPECT_NE(letter.at("error").string_value().find(
                "stage 'news' failed on document 'bad-1'"),
            std::string::npos);
  Reply dead = Get("/api/document?id=bad-1");
  EXPECT_EQ(Field(dead.body, "state").string_value(), "dead");
  EXPECT_EQ(Post("/api/dead-letters/retry", "{}").status, 400);
  Reply retried =
      Post("/api/dead-letters/retry", "{\"document_ids\":[\"bad-1\"]}");
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_TRUE(Field(retried.body, "results")
                  .list_value()
                  .values(0)
                  .struct_value()
                  .fields()
                  .at("requeued")
                  .bool_value())
      << retried.body;
}

// Reads the event stream until `records` "record" events came; returns the
// sequence numbers (from their "id:" lines) and whether a status came.
struct Streamed {
  std::vector<uint64_t> sequences;
  bool status = false;
};
Streamed ReadStream(int port, const httplib::Headers& headers,
                    const std::string& path, size_t records) {
  Streamed out;
  httplib::Client client("127.0.0.1", port);
  client.set_bearer_token_auth(kToken);
  client.set_read_timeout(10, 0);
  std::string buffer;
  client.Get(path, headers, [&](const char* data, size_t n) {
    buffer.append(data, n);
    for (size_t end; (end = buffer.find("\n\n")) != std::string::npos;) {
      const std::string event = buffer.substr(0, end);
      buffer.erase(0, end + 2);
      if (event.find("event: status") != std::string::npos) out.status = true;
      if (event.rfind("id: ", 0) == 0 &&
          event.find("event: record") != std::string::npos) {
        out.sequences.push_back(std::stoull(event.substr(4)));
      }
    }
    return out.sequences.size() < records;  // false ends the stream
  });
  return out;
}

TEST_F(WebServerTest, TheStreamSendsEveryRecordAndResumesAfterTheLastSeen) {
  StartCoordinator();
  ASSERT_NO_FATAL_FAILURE(SubmitAndWait({"doc-1", "doc-2", "doc-3"}));
  Streamed first =
      ReadStream(coordinator_->http_port(), {}, "/api/stream?after=0", 2);
  ASSERT_GE(first.sequences.size(), 2u);
  EXPECT_EQ(first.sequences[0], 1u);
  EXPECT_EQ(first.sequences[1], 2u);
  // A browser reconnects with the last id it saw.
  Streamed resumed = ReadStream(coordinator_->http_port(),
                                {{"Last-Event-ID", "2"}}, "/api/stream", 1);
  ASSERT_FALSE(resumed.sequences.empty());
  EXPECT_EQ(resumed.sequences[0], 3u);
  // A record written while the stream is open arrives, and so does the
  // pipeline's status.
  std::thread later([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    Post("/api/documents", "{\"id\":\"doc-4\",\"text\":\"officials met\"}");
  });
  Streamed live =
      ReadStream(coordinator_->http_port(), {}, "/api/stream?after=3", 1);
  later.join();
  ASSERT_FALSE(live.sequences.empty());
  EXPECT_EQ(live.sequences[0], 4u);
  EXPECT_TRUE(live.status);
  EXPECT_EQ(Get("/api/stream?after=soon").status, 400);
  // Filtered as the lists are: KEN's records are doc-2's and doc-4's.
  Streamed kenyan = ReadStream(coordinator_->http_port(), {},
                               "/api/stream?country=KEN&after=0", 1);
  const google::protobuf::Value kenyan_records =
      Field(Get("/api/records?country=KEN&after=0").body, "records");
  ASSERT_FALSE(kenyan.sequences.empty());
  ASSERT_EQ(kenyan_records.list_value().values_size(), 2);
  EXPECT_EQ(std::to_string(kenyan.sequences[0]), kenyan_records.list_value()
                                                     .values(0)
                                                     .struct_value()
                                                     .fields()
                                                     .at("sequence")
                                                     .string_value());
}

TEST_F(WebServerTest, AnOpenStreamDoesNotHoldUpShutdown) {
  StartCoordinator();
  std::thread reader([port = coordinator_->http_port()] {
    ReadStream(port, {}, "/api/stream", 1000);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  coordinator_.reset();  // returns: the stream ends
  reader.join();
}

TEST_F(WebServerTest, HttpsTakesTheGrpcPortsCertificate) {
  // In a folder of their own: the script writes a token file too.
  const fs::path certs = dir_ / "certs";
  fs::create_directories(certs);
  ASSERT_EQ(
      testing::RunCommand(
          {"/bin/sh",
           std::string(EW_SOURCE_DIR) + "/tests/integration/make_test_certs.sh",
           certs.string()},
          (dir_ / "certs.out").string(), (dir_ / "certs.err").string()),
      0);
  TlsFiles tls;
  tls.cert = (certs / "server.pem").string();
  tls.key = (certs / "server.key").string();
  tls.ca = (certs / "ca.pem").string();
  ASSERT_NO_FATAL_FAILURE(StartCoordinator(tls));
  httplib::SSLClient https("127.0.0.1", coordinator_->http_port());
  https.set_ca_cert_path((certs / "ca.pem").string().c_str());
  https.enable_server_certificate_verification(true);
  https.set_bearer_token_auth(kToken);
  auto status = https.Get("/api/status");
  ASSERT_TRUE(status) << httplib::to_string(status.error());
  EXPECT_EQ(status->status, 200);
  // Plain HTTP is not answered on that port.
  httplib::Client plain("127.0.0.1", coordinator_->http_port());
  plain.set_read_timeout(2, 0);
  auto refused = plain.Get("/api/status");
  EXPECT_TRUE(!refused || refused->status != 200);
}

TEST(WebServerConfig, AWrongAddressIsRefusedAtStart) {
  PipelineConfig config;
  config.listen = "127.0.0.1:0";
  config.http_listen = "localhost";
  config.data_dir = (fs::path(::testing::TempDir()) /
                     ("ew-web-config-" + std::to_string(::getpid())))
                        .string();
  auto started = CoordinatorServer::Start(config);
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.status().message().find("http_listen is HOST:PORT"),
            std::string::npos)
      << started.status();
  fs::remove_all(config.data_dir);
}

}  // namespace
}  // namespace eventwire::coordinator
