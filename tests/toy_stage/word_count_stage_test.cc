// The toy stage reached every way a built-in stage is: the registry in
// process, its own binary and eventwire-stage-host --stage over gRPC, the
// stage list, and eventwire-stagebench by name with a setting.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "eventwire/stage_registry.h"
#include "eventwire/v1/stage.grpc.pb.h"

namespace eventwire::toy {
namespace {
namespace fs = std::filesystem;

std::string Output(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  pclose(pipe);
  return out;
}

TEST(WordCountStage, TheRegistryCreatesItWithItsSettings) {
  auto stage = StageRegistry::Builtin().Create("wordcount", {});
  ASSERT_TRUE(stage.ok()) << stage.status();
  v1::Document doc;
  doc.set_id("d");
  doc.set_text("three  little\nwords");
  ASSERT_TRUE((*stage)->Process(doc).ok());
  EXPECT_EQ(doc.attributes().at("words"), "3");

  auto renamed = StageRegistry::Builtin().Create("wordcount", {"attribute=n"});
  ASSERT_TRUE(renamed.ok()) << renamed.status();
  ASSERT_TRUE((*renamed)->Process(doc).ok());
  EXPECT_EQ(doc.attributes().at("n"), "3");
}

TEST(WordCountStage, AWrongSettingIsRefusedNamingTheStageAndWhatItTakes) {
  auto stage = StageRegistry::Builtin().Create("wordcount", {"colour=red"});
  ASSERT_FALSE(stage.ok());
  EXPECT_NE(stage.status().message().find("stage 'wordcount'"),
            std::string::npos)
      << stage.status();
  EXPECT_NE(stage.status().message().find("attribute"), std::string::npos);
  auto empty = StageRegistry::Builtin().Create("wordcount", {"attribute="});
  EXPECT_FALSE(empty.ok());
}

TEST(WordCountStage, TheStageHostListsItOutsideTheStandardChain) {
  const std::string list =
      Output(std::string(EW_BUILD_DIR) +
             "/services/stage_host/eventwire-stage-host --list_stages");
  EXPECT_NE(list.find("wordcount\t7499\t-1\tattribute=words\t"),
            std::string::npos)
      << list;
  // The standard chain stays first and whole.
  EXPECT_EQ(list.rfind("ingest\t7401\t0\t", 0), 0u) << list;
}

TEST(WordCountStage, TheStageBenchRunsItByNameWithASetting) {
  const fs::path dir =
      fs::path(::testing::TempDir()) / ("ew-toy-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "a.txt") << "Four words of text.\n";
  const std::string out = (dir / "out.jsonl").string();
  Output(std::string(EW_BUILD_DIR) +
         "/tools/eventwire-stagebench --stages "
         "ingest,clean,wordcount:attribute=count --output " +
         out + " " + (dir / "a.txt").string() + " 2>/dev/null");
  std::stringstream written;
  written << std::ifstream(out).rdbuf();
  EXPECT_NE(written.str().find("\"count\":\"4\""), std::string::npos)
      << written.str();
  fs::remove_all(dir);
}

// Starts `argv` with a port file; returns its pid and port (0: it did not
// come up in 30 s).
std::pair<pid_t, int> Serve(std::vector<std::string> argv,
                            const fs::path& port_file) {
  argv.push_back("--listen=127.0.0.1:0");
  argv.push_back("--port_file=" + port_file.string());
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  for (int i = 0; i < 300; ++i) {
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) return {pid, port};
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return {pid, 0};
}

void ExpectServesWordCount(std::vector<std::string> argv,
                           const std::string& attribute) {
  const fs::path port_file =
      fs::path(::testing::TempDir()) /
      ("ew-toy-port-" + std::to_string(::getpid()) + "-" + attribute);
  fs::remove(port_file);
  auto [pid, port] = Serve(std::move(argv), port_file);
  ASSERT_GT(pid, 0);
  if (port > 0) {
    auto stub = v1::Stage::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
    grpc::ClientContext describe_context;
    v1::StageDescription description;
    ASSERT_TRUE(
        stub->Describe(&describe_context, v1::DescribeRequest(), &description)
            .ok());
    EXPECT_EQ(description.name(), "wordcount");
    v1::ProcessRequest request;
    v1::Document* doc = request.add_documents();
    doc->set_id("d");
    doc->set_text("two words");
    grpc::ClientContext process_context;
    v1::ProcessResponse response;
    ASSERT_TRUE(stub->Process(&process_context, request, &response).ok());
    ASSERT_EQ(response.results_size(), 1);
    EXPECT_EQ(response.results(0).document().attributes().at(attribute), "2");
  }
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  fs::remove(port_file);
  EXPECT_GT(port, 0) << "the stage did not start";
}

TEST(WordCountStage, ItsOwnBinaryAndTheStageHostServeIt) {
  ExpectServesWordCount(
      {std::string(EW_BUILD_DIR) + "/tests/toy_stage/eventwire-wordcount",
       "--set=attribute=own"},
      "own");
  ExpectServesWordCount(
      {std::string(EW_BUILD_DIR) + "/services/stage_host/eventwire-stage-host",
       "--stage=wordcount", "--set=attribute=hosted"},
      "hosted");
}

}  // namespace
}  // namespace eventwire::toy
