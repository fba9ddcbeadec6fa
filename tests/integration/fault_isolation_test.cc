// Fault isolation: a plugin stage (eventwire-stage-host running the
// deliberately faulty test plugin) that crashes, hangs or returns garbage on
// some documents costs those documents alone. Each becomes a dead letter
// naming the stage and the document; every other document passes the whole
// chain; the crashed stage, restarted by its supervisor (here the test, in
// production systemd or Kubernetes), is picked up again.
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

#include "testing/coordinator_client.h"
#include "testing/process.h"

namespace eventwire {
namespace {
namespace fs = std::filesystem;
using testing::Process;

const char* const kBuiltIn[] = {"ingest", "clean", "tag", "assemble"};

class FaultIsolationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("ew-faults-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const char* stage : kBuiltIn) {
      std::string bin = std::string(EW_BINARY_DIR) + "/services/" + stage +
                        "/eventwire-" + stage;
      Start(stage, {bin});
    }
    // The plugin host, kept running by a supervisor thread.
    ports_["faulty"] = StartHost("127.0.0.1:0");
    ASSERT_GT(ports_["faulty"], 0);
    supervisor_ = std::thread([this] { Supervise(); });

    std::ofstream yaml(dir_ / "pipeline.yaml");
    yaml << "listen: 127.0.0.1:0\ndata_dir: " << (dir_ / "data").string()
         << "\nworkers: 2\nbatch_size: 4\nstages:\n";
    for (const char* stage : {"ingest", "clean", "faulty", "tag", "assemble"}) {
      const bool plugin = std::string(stage) == "faulty";
      yaml << "  - {name: " << stage
           << ", address: \"127.0.0.1:" << ports_[stage]
           << "\", deadline_ms: " << (plugin ? 3000 : 20000)
           << ", max_document_attempts: 3}\n";
    }
    yaml.close();
    std::string port_file = (dir_ / "coordinator.port").string();
    coordinator_ = std::make_unique<Process>(
        std::vector<std::string>{
            std::string(EW_BINARY_DIR) +
                "/services/coordinator/eventwire-coordinator",
            "--pipeline=" + (dir_ / "pipeline.yaml").string(),
            "--port_file=" + port_file},
        (dir_ / "coordinator.log").string());
    int port = testing::WaitForPortFile(port_file, *coordinator_, 60000);
    ASSERT_GT(port, 0) << "coordinator did not start; see " << dir_;
    client_ = std::make_unique<testing::CoordinatorClient>(port);
  }

  void TearDown() override {
    stop_ = true;
    if (supervisor_.joinable()) supervisor_.join();
    coordinator_.reset();
    host_.reset();
    stages_.clear();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  void Start(const std::string& name, std::vector<std::string> argv) {
    std::string port_file = (dir_ / (name + ".port")).string();
    argv.push_back("--listen=127.0.0.1:0");
    argv.push_back("--port_file=" + port_file);
    stages_.push_back(
        std::make_unique<Process>(argv, (dir_ / (name + ".log")).string()));
    int port = testing::WaitForPortFile(port_file, *stages_.back(), 30000);
    ASSERT_GT(port, 0) << name << " did not start; see " << dir_;
    ports_[name] = port;
  }

  int StartHost(const std::string& listen) {
    std::string port_file = (dir_ / "faulty.port").string();
    fs::remove(port_file);
    host_ = std::make_unique<Process>(
        std::vector<std::string>{
            std::string(EW_BINARY_DIR) +
                "/services/stage_host/eventwire-stage-host",
            std::string("--plugin=") + EW_FAULTY_PLUGIN, "--listen=" + listen,
            "--port_file=" + port_file},
        (dir_ / "faulty.log").string());
    return testing::WaitForPortFile(port_file, *host_, 30000);
  }

  // Restarts the plugin host on its port whenever it dies.
  void Supervise() {
    const std::string listen = "127.0.0.1:" + std::to_string(ports_["faulty"]);
    while (!stop_) {
      if (!host_->Running()) {
        ++restarts_;
        StartHost(listen);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  fs::path dir_;
  std::map<std::string, int> ports_;
  std::vector<std::unique_ptr<Process>> stages_;
  std::unique_ptr<Process> host_;
  std::unique_ptr<Process> coordinator_;
  std::unique_ptr<testing::CoordinatorClient> client_;
  std::thread supervisor_;
  std::atomic<bool> stop_{false};
  std::atomic<int> restarts_{0};
};

TEST_F(FaultIsolationTest, OnlyTheBadDocumentsAreLostAndTheErrorsNameTheStage) {
  const char* const kCities[] = {"Lagos", "Nairobi", "Lima",  "Manila",
                                 "Kyiv",  "Dhaka",   "Quito", "Accra"};
  std::vector<v1::Document> docs;
  std::set<std::string> good;
  for (int i = 0; i < 40; ++i) {
    std::string id = "good-" + std::to_string(i);
    docs.push_back(testing::TextDocument(
        id, "Police in " + std::string(kCities[i % 8]) + " arrested " +
                std::to_string(i + 2) +
                " protesters on Monday, officials said.\n\nThe protesters "
                "had demanded new elections."));
    good.insert(id);
  }
  // The bad ones sit among the good ones, so that they share batches.
  const std::map<std::string, std::string> kBad = {
      {"bad-crash", "EW-FAULT:crash"},
      {"bad-hang", "EW-FAULT:hang"},
      {"bad-bytes", "EW-FAULT:bytes"},
      {"bad-spans", "EW-FAULT:spans"},
      {"bad-error", "EW-FAULT:error"}};
  size_t at = 3;
  for (const auto& [id, marker] : kBad) {
    docs.insert(docs.begin() + at,
                testing::TextDocument(
                    id, "Ministers met in Rome on Tuesday. " + marker + "."));
    at += 7;
  }
  ASSERT_EQ(client_->Submit(docs).size(), docs.size());
  v1::PipelineStatus status = client_->WaitUntilIdle(180);
  EXPECT_EQ(status.pending(), 0u);
  EXPECT_EQ(status.done(), good.size());
  EXPECT_EQ(status.dead(), kBad.size());

  std::map<std::string, v1::DeadLetter> dead = client_->DeadLetters();
  for (const auto& [id, marker] : kBad) {
    ASSERT_TRUE(dead.count(id)) << id << " is not a dead letter";
    EXPECT_EQ(dead[id].stage(), "faulty") << id;
    EXPECT_NE(
        dead[id].error().find("stage 'faulty' failed on document '" + id + "'"),
        std::string::npos)
        << dead[id].error();
  }
  EXPECT_NE(dead["bad-hang"].error().find("DEADLINE_EXCEEDED"),
            std::string::npos)
      << dead["bad-hang"].error();
  EXPECT_NE(dead["bad-bytes"].error().find("not an eventwire.v1.Document"),
            std::string::npos)
      << dead["bad-bytes"].error();
  EXPECT_NE(dead["bad-spans"].error().find("outside the text"),
            std::string::npos)
      << dead["bad-spans"].error();
  EXPECT_EQ(dead.size(), kBad.size());

  std::set<std::string> done;
  for (const auto& d : client_->Documents()) {
    done.insert(d.id());
    EXPECT_EQ(d.trace_size(), 5) << d.id();
  }
  EXPECT_EQ(done, good);
  // The crash was survived: the host restarted, everything else stayed up.
  EXPECT_GE(restarts_.load(), 1);
  EXPECT_TRUE(coordinator_->Running());
  for (auto& p : stages_) EXPECT_TRUE(p->Running());
  std::cerr << good.size() << " good documents done, " << dead.size()
            << " dead letters, plugin host restarted " << restarts_.load()
            << " time(s)\n";
}

}  // namespace
}  // namespace eventwire
