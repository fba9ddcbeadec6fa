#include "pipeline_config.h"

#include <gtest/gtest.h>

#include "jetstream_store.h"

namespace eventwire::coordinator {
namespace {

TEST(PipelineConfig, ParsesAFullFile) {
  auto config = ParsePipelineConfig(R"(
listen: 0.0.0.0:7400
data_dir: /var/lib/eventwire
workers: 3
batch_size: 16
stages:
  - name: ingest
    address: ingest:7401
  - name: tag
    addresses: [10.0.0.1:7403, 10.0.0.2:7403]
    deadline_ms: 5000
    max_in_flight: 4
    retry: {max_attempts: 4, initial_backoff_ms: 50, max_backoff_ms: 500}
)");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen, "0.0.0.0:7400");
  EXPECT_EQ(config->workers, 3);
  ASSERT_EQ(config->stages.size(), 2u);
  EXPECT_EQ(config->stages[0].addresses,
            std::vector<std::string>{"ingest:7401"});
  EXPECT_EQ(config->stages[1].addresses.size(), 2u);
  EXPECT_EQ(config->stages[1].deadline_ms, 5000);
  EXPECT_EQ(config->stages[1].retry.max_attempts, 4);
}

TEST(PipelineConfig, AJetStreamStore) {
  auto config = ParsePipelineConfig(R"(
store:
  backend: jetstream
  servers: [nats://10.0.0.1:4222, nats://10.0.0.2:4222]
  prefix: NEWSDESK
  replicas: 3
  claim_ms: 10000
stages: [{name: ingest, address: ingest:7401}]
)");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->store.backend, "jetstream");
  const auto* js =
      dynamic_cast<const JetStreamSettings*>(config->store.settings.get());
  ASSERT_NE(js, nullptr);
  EXPECT_EQ(js->servers.size(), 2u);
  EXPECT_EQ(js->prefix, "NEWSDESK");
  EXPECT_EQ(js->replicas, 3);
  EXPECT_EQ(js->claim_ms, 10000);
  EXPECT_EQ(js->duplicate_window_s, 7 * 24 * 3600);
  auto plain = ParsePipelineConfig("stages: [{name: a, address: x}]");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->store.backend, "sqlite");
}

TEST(PipelineConfig, CustomStagesAsCommandsAndPlugins) {
  auto config = ParsePipelineConfig(R"(
stages:
  - {name: ingest, command: eventwire-ingest}
  - {name: py, command: [/usr/bin/python3, stages/py_stage.py, --x=1]}
  - {name: casualties, plugin: plugins/casualties.so, plugin_config: c.yaml}
  - {name: watch, plugin: /opt/w.so, embedded: true}
  - {name: local, command: ./bin/my-stage}
  - name: french
    address: x:1
    optional: true
    when: {language: fr, attributes.topic: [elections, "vote*"]}
)",
                                    "/etc/eventwire");
  ASSERT_TRUE(config.ok()) << config.status();
  const auto& st = config->stages;
  EXPECT_EQ(st[0].command, std::vector<std::string>{"eventwire-ingest"});
  EXPECT_EQ(st[1].command,
            (std::vector<std::string>{"/usr/bin/python3", "stages/py_stage.py",
                                      "--x=1"}));
  EXPECT_EQ(st[2].plugin, "/etc/eventwire/plugins/casualties.so");
  EXPECT_EQ(st[2].plugin_config, "/etc/eventwire/c.yaml");
  EXPECT_FALSE(st[2].embedded);
  EXPECT_EQ(st[3].plugin, "/opt/w.so");
  EXPECT_TRUE(st[3].embedded);
  EXPECT_EQ(st[4].command[0], "/etc/eventwire/bin/my-stage");
  EXPECT_TRUE(st[5].optional);
  ASSERT_EQ(st[5].when.size(), 2u);
  EXPECT_EQ(st[5].when[0].field, "language");
  EXPECT_EQ(st[5].when[1].field, "attributes.topic");
  EXPECT_EQ(st[5].when[1].patterns,
            (std::vector<std::string>{"elections", "vote*"}));
  // Unsaid: two days, the spread of one event's reports decided on the
  // development set (articles of one story published two days apart).
  EXPECT_EQ(config->merge_window_days, 2);
}

TEST(PipelineConfig, ParallelStagesShareAStep) {
  auto config = ParsePipelineConfig(R"(
stages:
  - {name: clean, address: a:1}
  - parallel:
      - {name: language, address: b:1}
      - {name: topics, address: c:1, optional: true}
  - {name: tag, address: d:1}
)");
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->stages.size(), 4u);
  EXPECT_NE(config->stages[0].step, config->stages[1].step);
  EXPECT_EQ(config->stages[1].step, config->stages[2].step);
  EXPECT_NE(config->stages[2].step, config->stages[3].step);
  EXPECT_TRUE(config->stages[2].optional);
}

// Found by fuzzing: a node of an unexpected kind (here a mapping as a key)
// made yaml-cpp throw out of the parser and end the coordinator.
TEST(PipelineConfig, OddYamlIsAnErrorNotAnException) {
  for (const char* yaml : {"? n:", "? [a, b]: 1\nstages: []",
                           "stages: [{? x: y}]", "listen: {a: b}"}) {
    auto config = ParsePipelineConfig(yaml);
    EXPECT_FALSE(config.ok()) << yaml;
    EXPECT_FALSE(config.status().message().empty()) << yaml;
  }
}

TEST(PipelineConfig, ErrorsNameTheField) {
  struct Case {
    const char* yaml;
    const char* expect;
  } cases[] = {
      {"stages: []", "non-empty 'stages'"},
      {"stages: [{name: a}]", "stage 'a': needs exactly one of 'address'"},
      {"stages: [{name: a, address: x, plugin: p.so}]", "needs exactly one of"},
      {"stages: [{name: a, address: x, embedded: true}]",
       "'embedded' applies to a 'plugin' only"},
      {"stages: [{name: a, command: []}]", "command is empty"},
      {"tls: {key: k.pem}\nstages: [{name: a, address: x}]",
       "tls: a TLS certificate and its key go together"},
      {"tls: {cert: c, key: k, require_client_cert: true}\n"
       "stages: [{name: a, address: x}]",
       "requiring client certificates needs"},
      {"tls: {crt: c}\nstages: [{name: a, address: x}]",
       "unknown key 'tls.crt'"},
      {"stages: [{parallel: [{name: a, address: x}]}]",
       "parallel must list two or more stages"},
      {"stages: [{parallel: [{name: a, address: x}, {name: a, address: y}]}]",
       "appears twice"},
      {"stages: [{name: a, address: x, when: {colour: red}}]",
       "when: unknown property 'colour'"},
      {"stages: [{name: a, address: x, when: [en]}]",
       "when must map document properties"},
      {"stages: [{name: a, address: x, env: {A: b}}]",
       "'env' applies to a process"},
      {"stages: [{name: a, address: x, deadline_ms: -1}]",
       "stage 'a': deadline_ms must be positive"},
      {"stages: [{name: a, address: x}, {name: a, address: y}]",
       "appears twice"},
      {"stages: [{name: a, address: x, colour: red}]",
       "unknown key 'stages[0].colour'"},
      {"workers: many\nstages: [{name: a, address: x}]", "workers"},
      {"wrkers: 2\nstages: [{name: a, address: x}]", "unknown key 'wrkers'"},
      {"stages: [{name: a, address: x, retry: {max_attempts: 9}}]",
       "at most 5"},
      {"{{{", "not valid YAML"},
      {"store: {backend: kafka}\nstages: [{name: a, address: x}]",
       "store.backend: 'kafka' is none of jetstream, sqlite"},
      {"store: {backend: jetstream}\nstages: [{name: a, address: x}]",
       "store.servers: backend jetstream needs at least one NATS server"},
      {"store: {backend: jetstream, servers: n:4222, prefix: a.b}\n"
       "stages: [{name: a, address: x}]",
       "store.prefix: 'a.b' must be"},
      {"store: {servers: [n:4222]}\nstages: [{name: a, address: x}]",
       "store.servers is for backend jetstream"},
      {"store: {backend: jetstream, servers: n:4222, claim_ms: 0}\n"
       "stages: [{name: a, address: x}]",
       "store.claim_ms must be positive"},
      {"store: {backend: jetstream, server: n:4222}\n"
       "stages: [{name: a, address: x}]",
       "unknown key 'store.server'"},
  };
  for (const Case& c : cases) {
    auto config = ParsePipelineConfig(c.yaml);
    ASSERT_FALSE(config.ok()) << c.yaml;
    EXPECT_NE(config.status().message().find(c.expect), std::string::npos)
        << c.yaml << " -> " << config.status();
  }
}

}  // namespace
}  // namespace eventwire::coordinator

namespace eventwire::coordinator {
namespace {

TEST(PipelineConfig, TheShippedPipelineFileIsValid) {
  auto config =
      LoadPipelineConfig(std::string(EW_SOURCE_DIR) + "/deploy/pipeline.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  std::vector<std::string> names;
  for (const auto& s : config->stages) names.push_back(s.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"ingest", "clean", "tag", "assemble"}));
}

TEST(PipelineConfig, TheDeploymentPipelinesAreValid) {
  for (const char* file :
       {"/deploy/compose/pipeline.yaml", "/deploy/k8s/pipeline.yaml"}) {
    auto config = LoadPipelineConfig(std::string(EW_SOURCE_DIR) + file);
    ASSERT_TRUE(config.ok()) << file << ": " << config.status();
    EXPECT_EQ(config->stages.size(), 4u) << file;
  }
}

TEST(PipelineConfig, TheShippedCustomPipelineIsValid) {
  const std::string dir = std::string(EW_SOURCE_DIR) + "/deploy";
  auto config = LoadPipelineConfig(dir + "/pipeline-custom.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->stages.size(), 7u);
  // Arguments stay as written: the process runs in the file's folder.
  EXPECT_EQ(config->stages[2].command[1],
            "../plugins/language/language_stage.py");
  EXPECT_EQ(config->base_dir, dir);
  EXPECT_EQ(config->stages[6].plugin_config, dir + "/watchlist-example.yaml");
  EXPECT_TRUE(config->stages[6].embedded);
  EXPECT_EQ(config->stages[3].when.at(0).field, "language");
}

}  // namespace
}  // namespace eventwire::coordinator
