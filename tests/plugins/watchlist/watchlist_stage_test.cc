#include "watchlist_stage.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace eventwire::watchlist {
namespace {

v1::Document DocWithEvents() {
  v1::Document doc;
  doc.set_id("d");
  v1::Entity* e = doc.add_entities();
  e->set_id("e1");
  e->set_name("Yevgeny Prigozhin");
  e->add_aliases("Prigozhin");
  v1::Event* a = doc.add_events();  // the entity, by its short name
  a->add_source()->set_name("Prigozhin");
  a->mutable_source(0)->set_entity_id("e1");
  v1::Event* b = doc.add_events();  // a listed country
  b->add_target()->set_country("BLR");
  b->mutable_target(0)->set_name("Belarus");
  v1::Event* c = doc.add_events();  // neither
  c->add_source()->set_name("Kenya");
  c->mutable_source(0)->set_country("KEN");
  return doc;
}

TEST(Watchlist, LabelsEventsWithListedActors) {
  auto config = ParseWatchlistConfig(
      "name: desk\nentities: [Yevgeny Prigozhin]\ncountries: [blr]\n");
  ASSERT_TRUE(config.ok()) << config.status();
  WatchlistStage stage(*config);
  v1::Document doc = DocWithEvents();
  ASSERT_TRUE(stage.Process(doc).ok());
  ASSERT_EQ(doc.events(0).labels_size(), 1);
  EXPECT_EQ(doc.events(0).labels(0), "watchlist:desk");
  ASSERT_EQ(doc.events(1).labels_size(), 1);
  EXPECT_EQ(doc.events(2).labels_size(), 0);
  // Processing twice labels once.
  ASSERT_TRUE(stage.Process(doc).ok());
  EXPECT_EQ(doc.events(0).labels_size(), 1);
  EXPECT_EQ(stage.Describe().name(), "watchlist");
}

TEST(Watchlist, TheShippedExampleIsValid) {
  std::ifstream in(std::string(EW_SOURCE_DIR) +
                   "/deploy/watchlist-example.yaml");
  std::stringstream text;
  text << in.rdbuf();
  auto config = ParseWatchlistConfig(text.str());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->name, "europe-desk");
}

TEST(Watchlist, ConfigurationErrorsSayWhatIsWrong) {
  for (const auto& [yaml, expect] :
       std::vector<std::pair<std::string, std::string>>{
           {"entities: [x]", "'name' is required"},
           {"name: d", "at least one of"},
           {"name: d\nentities: x", "'entities' must be a list"},
           {"name: d\nentites: [x]", "unknown key 'entites'"},
           {"[[[", "not YAML"}}) {
    auto config = ParseWatchlistConfig(yaml);
    ASSERT_FALSE(config.ok()) << yaml;
    EXPECT_NE(config.status().message().find(expect), std::string::npos)
        << config.status();
  }
}

}  // namespace
}  // namespace eventwire::watchlist
