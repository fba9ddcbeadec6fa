// The shipped plugins in a real pipeline: the Python language stage (a
// process the coordinator starts), casualties in its own process (the
// coordinator starts eventwire-stage-host for it) and watchlist embedded in
// the coordinator, around the four built-in stages. Documents carry the
// language, the feed carries the figures, and a subscription by label sees
// only the watched events.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "testing/coordinator_client.h"
#include "testing/process.h"

namespace eventwire {
namespace {
namespace fs = std::filesystem;

TEST(PluginsPipeline, CasualtiesAndWatchlistRunInAPipeline) {
  const fs::path dir = fs::path(::testing::TempDir()) /
                       ("ew-plugins-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto command = [](const std::string& stage) {
    return std::string(EW_BINARY_DIR) + "/services/" + stage + "/eventwire-" +
           stage;
  };
  std::ofstream(dir / "watchlist.yaml")
      << "name: russia-desk\ncountries: [RUS]\n";
  {
    std::ofstream yaml(dir / "pipeline.yaml");
    yaml << "listen: 127.0.0.1:0\ndata_dir: data\nstages:\n";
    for (const char* stage : {"ingest", "clean"})
      yaml << "  - {name: " << stage << ", command: " << command(stage)
           << "}\n";
    yaml << "  - name: language\n"
         << "    command: [/usr/bin/python3, " << EW_SOURCE_DIR
         << "/plugins/language/language_stage.py]\n"
         << "    env: {PYTHONPATH: " << EW_BINARY_DIR << "/python}\n";
    for (const char* stage : {"tag", "assemble"})
      yaml << "  - {name: " << stage << ", command: " << command(stage)
           << "}\n";
    yaml << "  - {name: casualties, plugin: " << EW_CASUALTIES_PLUGIN << "}\n"
         << "  - {name: watchlist, plugin: " << EW_WATCHLIST_PLUGIN
         << ", embedded: true, plugin_config: watchlist.yaml}\n";
  }
  const std::string port_file = (dir / "coordinator.port").string();
  testing::Process coordinator(
      {std::string(EW_BINARY_DIR) +
           "/services/coordinator/eventwire-coordinator",
       "--pipeline=" + (dir / "pipeline.yaml").string(),
       "--data_dir=" + (dir / "data").string(), "--port_file=" + port_file},
      (dir / "coordinator.log").string());
  const int port = testing::WaitForPortFile(port_file, coordinator, 60000);
  ASSERT_GT(port, 0) << "coordinator did not start; see " << dir;
  testing::CoordinatorClient client(port);

  std::vector<v1::Document> docs = {
      testing::TextDocument(
          "attack",
          "Rebels attacked a village in northern Mali on Sunday, "
          "killing 12 civilians and wounding 7 others, officials "
          "said."),
      testing::TextDocument("protest",
                            "About 3,000 protesters demonstrated in Nairobi on "
                            "Monday against new taxes, police said."),
      testing::TextDocument(
          "watched",
          "Russia expelled two Polish diplomats on Tuesday, the "
          "foreign ministry in Moscow said."),
      testing::TextDocument("unwatched",
                            "Police in Kenya arrested six people after clashes "
                            "in Kisumu on Wednesday."),
  };
  ASSERT_EQ(client.Submit(docs).size(), docs.size());
  const v1::PipelineStatus status = client.WaitUntilIdle(120);
  EXPECT_EQ(status.done(), docs.size());
  EXPECT_EQ(status.dead(), 0u);
  std::map<std::string, std::string> placement;
  for (const auto& s : status.stages()) placement[s.name()] = s.placement();
  EXPECT_EQ(placement["language"], "process");
  EXPECT_EQ(placement["casualties"], "process");
  EXPECT_EQ(placement["watchlist"], "embedded");

  bool attack = false, protest = false;
  for (const v1::Document& d : client.Documents()) {
    ASSERT_EQ(d.trace_size(), 7) << d.id();
    EXPECT_EQ(d.trace(2).stage(), "language");
    const auto lang = d.attributes().find("language");
    ASSERT_NE(lang, d.attributes().end()) << d.id();
    EXPECT_EQ(lang->second, d.id() == "french" ? "fr" : "en") << d.id();
    for (const v1::Event& e : d.events()) {
      if (e.type() == v1::Event::ASSAULT && d.id() == "attack") {
        attack = true;
        EXPECT_EQ(e.dead(), 12u);
        EXPECT_EQ(e.injured(), 7u);
      }
      if (e.type() == v1::Event::PROTEST && d.id() == "protest") {
        protest = true;
        EXPECT_EQ(e.size(), 3000u);
      }
    }
  }
  EXPECT_TRUE(attack) << "no ASSAULT event in the attack report";
  EXPECT_TRUE(protest) << "no PROTEST event in the protest report";

  // The whole feed, and the watched part of it.
  const auto feed = client.Feed();
  grpc::ClientContext ctx;
  v1::SubscribeRequest request;
  request.set_label("watchlist:russia-desk");
  auto reader = client.stub().Subscribe(&ctx, request);
  std::vector<v1::FeedRecord> watched;
  for (v1::FeedRecord r; reader->Read(&r);) watched.push_back(r);
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_FALSE(watched.empty());
  EXPECT_LT(watched.size(), feed.size());
  for (const auto& r : watched) {
    bool russian = false;
    for (const auto& a : r.event().source()) russian |= a.country() == "RUS";
    for (const auto& a : r.event().target()) russian |= a.country() == "RUS";
    EXPECT_TRUE(russian) << r.ShortDebugString();
    EXPECT_EQ(r.event().mentions(0).document_id(), "watched");
  }
  coordinator.Stop();
  if (!::testing::Test::HasFailure()) fs::remove_all(dir);
}

}  // namespace
}  // namespace eventwire
