#include "pipeline_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "eventwire/file.h"
#include "store_registry.h"
#include "yaml_fields.h"

namespace eventwire::coordinator {
namespace {

// `path` as given when absolute or when there is no base; else below `base`.
std::string Resolve(const std::string& base, const std::string& path) {
  if (base.empty() || path.empty() || path.front() == '/') return path;
  return (std::filesystem::path(base) / path).lexically_normal().string();
}

// when: {language: en, media_type: ["text/html", "text/plain"]}
absl::Status ReadConditions(const YAML::Node& when, const std::string& where,
                            std::vector<RouteCondition>* out) {
  static const std::set<std::string> kFields = {"language", "media_type",
                                                "source", "outlet", "url"};
  if (!when.IsMap() || when.size() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, "when must map document properties to patterns"));
  }
  try {
    for (const auto& kv : when) {
      RouteCondition c;
      c.field = kv.first.as<std::string>();
      if (!kFields.count(c.field) &&
          !(c.field.rfind("attributes.", 0) == 0 && c.field.size() > 11)) {
        return absl::InvalidArgumentError(absl::StrCat(
            where, "when: unknown property '", c.field,
            "' (language, media_type, source, outlet, url, attributes.NAME)"));
      }
      if (kv.second.IsSequence()) {
        for (const auto& p : kv.second)
          c.patterns.push_back(p.as<std::string>());
      } else {
        c.patterns.push_back(kv.second.as<std::string>());
      }
      if (c.patterns.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, "when: '", c.field, "' lists no pattern"));
      }
      out->push_back(std::move(c));
    }
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(where, "when: ", e.what()));
  }
  return absl::OkStatus();
}

// store: {backend: NAME, ...the backend's own keys}: the backend's
// registration (store_registry.h) reads the rest.
absl::Status ReadStore(const YAML::Node& node, StoreConfig* out) {
  if (!node.IsMap()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "store must be a mapping (backend: one of ",
        absl::StrJoin(StoreRegistry::Builtin().Names(), ", "), ")"));
  }
  if (auto st = ReadScalar(node, "backend", "store.", &out->backend); !st.ok())
    return st;
  const StoreBackend* backend = StoreRegistry::Builtin().Find(out->backend);
  if (backend == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("store.backend: '", out->backend, "' is none of ",
                     absl::StrJoin(StoreRegistry::Builtin().Names(), ", ")));
  }
  std::set<std::string> keys(backend->keys.begin(), backend->keys.end());
  keys.insert("backend");
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    if (keys.count(key)) continue;
    // Another backend's key: say whose.
    for (const std::string& other : StoreRegistry::Builtin().Names()) {
      const auto& theirs = StoreRegistry::Builtin().Find(other)->keys;
      if (std::find(theirs.begin(), theirs.end(), key) != theirs.end()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "store.", key, " is for backend ", other, ", not ", out->backend));
      }
    }
  }
  if (auto st = OnlyKeys(node, keys, "store."); !st.ok()) return st;
  auto settings = backend->parse(node);
  if (!settings.ok()) return settings.status();
  out->settings = std::move(*settings);
  return absl::OkStatus();
}

// One stage's entry in the pipeline file.
absl::StatusOr<StageConfig> ParseStage(const YAML::Node& s, std::string where,
                                       const std::string& base_dir) {
  static const std::set<std::string> kStageKeys = {"name",
                                                   "address",
                                                   "addresses",
                                                   "deadline_ms",
                                                   "retry",
                                                   "max_in_flight",
                                                   "max_document_attempts",
                                                   "command",
                                                   "plugin",
                                                   "plugin_config",
                                                   "embedded",
                                                   "env",
                                                   "when",
                                                   "optional"};
  if (!s.IsMap()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, " must be a mapping"));
  }
  for (const auto& kv : s) {
    std::string key = kv.first.as<std::string>();
    if (!kStageKeys.count(key)) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown key '", where, key, "'"));
    }
  }
  StageConfig stage;
  for (absl::Status st :
       {ReadScalar(s, "name", where, &stage.name),
        ReadScalar(s, "deadline_ms", where, &stage.deadline_ms),
        ReadScalar(s, "max_in_flight", where, &stage.max_in_flight),
        ReadScalar(s, "max_document_attempts", where,
                   &stage.max_document_attempts),
        ReadScalar(s, "plugin", where, &stage.plugin),
        ReadScalar(s, "plugin_config", where, &stage.plugin_config),
        ReadScalar(s, "embedded", where, &stage.embedded),
        ReadScalar(s, "optional", where, &stage.optional)}) {
    if (!st.ok()) return st;
  }
  if (stage.name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(where, "name is required"));
  }
  where = absl::StrCat("stage '", stage.name, "': ");
  if (s["address"]) {
    std::string address;
    if (auto st = ReadScalar(s, "address", where, &address); !st.ok())
      return st;
    stage.addresses.push_back(address);
  }
  if (s["addresses"]) {
    try {
      for (const auto& a : s["addresses"]) {
        stage.addresses.push_back(a.as<std::string>());
      }
    } catch (const YAML::Exception& e) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "addresses: ", e.what()));
    }
  }
  if (const YAML::Node command = s["command"]) {
    try {
      if (command.IsScalar()) {
        stage.command.push_back(command.as<std::string>());
      } else {
        for (const auto& a : command)
          stage.command.push_back(a.as<std::string>());
      }
    } catch (const YAML::Exception& e) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "command: ", e.what()));
    }
    if (stage.command.empty() || stage.command[0].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "command is empty"));
    }
    // A program named with a folder is relative to the pipeline file; a
    // bare name is looked up in PATH.
    if (stage.command[0].find('/') != std::string::npos)
      stage.command[0] = Resolve(base_dir, stage.command[0]);
  }
  if (const YAML::Node when = s["when"]) {
    if (auto st = ReadConditions(when, where, &stage.when); !st.ok()) return st;
  }
  if (const YAML::Node env = s["env"]) {
    try {
      if (!env.IsMap()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, "env must be a mapping of names to values"));
      }
      for (const auto& kv : env)
        stage.env[kv.first.as<std::string>()] = kv.second.as<std::string>();
    } catch (const YAML::Exception& e) {
      return absl::InvalidArgumentError(absl::StrCat(where, "env: ", e.what()));
    }
  }
  const int placements =
      !stage.addresses.empty() + !stage.command.empty() + !stage.plugin.empty();
  if (placements != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        where,
        "needs exactly one of 'address' (or 'addresses'), 'command' and "
        "'plugin'"));
  }
  if (stage.embedded && stage.plugin.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, "'embedded' applies to a 'plugin' only"));
  }
  if (!stage.env.empty() && stage.command.empty() &&
      (stage.plugin.empty() || stage.embedded)) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, "'env' applies to a process the coordinator starts"));
  }
  if (!stage.plugin_config.empty() && stage.plugin.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, "'plugin_config' applies to a 'plugin' only"));
  }
  // A bare name ("casualties") is looked up in the plugin path at start.
  if (stage.plugin.find('/') != std::string::npos)
    stage.plugin = Resolve(base_dir, stage.plugin);
  stage.plugin_config = Resolve(base_dir, stage.plugin_config);
  if (const YAML::Node retry = s["retry"]) {
    for (absl::Status st :
         {ReadScalar(retry, "max_attempts", where + "retry.",
                     &stage.retry.max_attempts),
          ReadScalar(retry, "initial_backoff_ms", where + "retry.",
                     &stage.retry.initial_backoff_ms),
          ReadScalar(retry, "max_backoff_ms", where + "retry.",
                     &stage.retry.max_backoff_ms)}) {
      if (!st.ok()) return st;
    }
  }
  for (absl::Status st :
       {Positive(stage.deadline_ms, where + "deadline_ms"),
        Positive(stage.max_in_flight, where + "max_in_flight"),
        Positive(stage.max_document_attempts, where + "max_document_attempts"),
        Positive(stage.retry.max_attempts, where + "retry.max_attempts"),
        Positive(stage.retry.initial_backoff_ms,
                 where + "retry.initial_backoff_ms"),
        Positive(stage.retry.max_backoff_ms, where + "retry.max_backoff_ms")}) {
    if (!st.ok()) return st;
  }
  if (stage.retry.max_attempts > 5) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, "retry.max_attempts is at most 5 (gRPC's limit)"));
  }
  return stage;
}

}  // namespace

namespace {

// The pipeline file's parsed YAML as a configuration. yaml-cpp throws on a
// node of an unexpected kind (a mapping as a key); the caller catches that.
absl::StatusOr<PipelineConfig> ParseLoadedPipeline(const YAML::Node& root,
                                                   const std::string& base_dir);

}  // namespace

absl::StatusOr<PipelineConfig> ParsePipelineConfig(
    const std::string& yaml, const std::string& base_dir) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("pipeline file is not valid YAML: ", e.what()));
  }
  try {
    return ParseLoadedPipeline(root, base_dir);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("pipeline file: ", e.what()));
  }
}

namespace {

absl::StatusOr<PipelineConfig> ParseLoadedPipeline(
    const YAML::Node& root, const std::string& base_dir) {
  if (!root.IsMap()) {
    return absl::InvalidArgumentError("pipeline file must be a mapping");
  }
  static const std::set<std::string> kTopKeys = {"listen",
                                                 "data_dir",
                                                 "workers",
                                                 "batch_size",
                                                 "startup_timeout_ms",
                                                 "merge_window_days",
                                                 "stages",
                                                 "tls",
                                                 "auth_token_file",
                                                 "max_document_bytes",
                                                 "metrics_listen",
                                                 "http_listen",
                                                 "store"};
  for (const auto& kv : root) {
    std::string key = kv.first.as<std::string>();
    if (!kTopKeys.count(key)) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown key '", key, "' in pipeline file"));
    }
  }
  PipelineConfig config;
  config.base_dir = base_dir;
  for (absl::Status st :
       {ReadScalar(root, "listen", "", &config.listen),
        ReadScalar(root, "data_dir", "", &config.data_dir),
        ReadScalar(root, "workers", "", &config.workers),
        ReadScalar(root, "batch_size", "", &config.batch_size),
        ReadScalar(root, "startup_timeout_ms", "", &config.startup_timeout_ms),
        ReadScalar(root, "merge_window_days", "", &config.merge_window_days),
        ReadScalar(root, "auth_token_file", "", &config.auth_token_file),
        ReadScalar(root, "metrics_listen", "", &config.metrics_listen),
        ReadScalar(root, "http_listen", "", &config.http_listen),
        ReadScalar(root, "max_document_bytes", "",
                   &config.max_document_bytes)}) {
    if (!st.ok()) return st;
  }
  if (const YAML::Node tls = root["tls"]) {
    if (!tls.IsMap()) {
      return absl::InvalidArgumentError(
          "tls must be a mapping (cert, key, ca, require_client_cert)");
    }
    for (const auto& kv : tls) {
      const std::string key = kv.first.as<std::string>();
      if (key != "cert" && key != "key" && key != "ca" &&
          key != "require_client_cert")
        return absl::InvalidArgumentError(
            absl::StrCat("unknown key 'tls.", key, "'"));
    }
    for (absl::Status st : {ReadScalar(tls, "cert", "tls.", &config.tls.cert),
                            ReadScalar(tls, "key", "tls.", &config.tls.key),
                            ReadScalar(tls, "ca", "tls.", &config.tls.ca),
                            ReadScalar(tls, "require_client_cert", "tls.",
                                       &config.tls.require_client_cert)}) {
      if (!st.ok()) return st;
    }
    config.tls.cert = Resolve(base_dir, config.tls.cert);
    config.tls.key = Resolve(base_dir, config.tls.key);
    config.tls.ca = Resolve(base_dir, config.tls.ca);
    if (auto st = ValidateTlsFiles(config.tls, "tls: "); !st.ok()) return st;
  }
  config.auth_token_file = Resolve(base_dir, config.auth_token_file);
  if (config.max_document_bytes <= 0) {
    return absl::InvalidArgumentError("max_document_bytes must be positive");
  }
  for (absl::Status st :
       {Positive(config.workers, "workers"),
        Positive(config.batch_size, "batch_size"),
        Positive(config.startup_timeout_ms, "startup_timeout_ms")}) {
    if (!st.ok()) return st;
  }
  if (config.merge_window_days < 0) {
    return absl::InvalidArgumentError("merge_window_days must not be negative");
  }
  if (const YAML::Node store = root["store"]) {
    if (auto st = ReadStore(store, &config.store); !st.ok()) return st;
  }
  const YAML::Node stages = root["stages"];
  if (!stages || !stages.IsSequence() || stages.size() == 0) {
    return absl::InvalidArgumentError(
        "pipeline file needs a non-empty 'stages' list");
  }
  std::set<std::string> names;
  auto add = [&](const YAML::Node& entry, const std::string& where,
                 int step) -> absl::Status {
    auto stage = ParseStage(entry, where, base_dir);
    if (!stage.ok()) return stage.status();
    if (!names.insert(stage->name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("stage name '", stage->name, "' appears twice"));
    }
    stage->step = step;
    config.stages.push_back(std::move(*stage));
    return absl::OkStatus();
  };
  for (size_t i = 0; i < stages.size(); ++i) {
    const YAML::Node entry = stages[i];
    const std::string where = absl::StrCat("stages[", i, "].");
    // - parallel: [stage, stage, ...]: branches that each get the document
    //   at once; their additions are merged before the next step.
    if (entry.IsMap() && entry.size() == 1 && entry["parallel"]) {
      const YAML::Node branches = entry["parallel"];
      if (!branches.IsSequence() || branches.size() < 2) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, "parallel must list two or more stages"));
      }
      for (size_t j = 0; j < branches.size(); ++j) {
        if (auto st =
                add(branches[j], absl::StrCat(where, "parallel[", j, "]."),
                    static_cast<int>(i));
            !st.ok())
          return st;
      }
      continue;
    }
    if (auto st = add(entry, where, static_cast<int>(i)); !st.ok()) return st;
  }
  return config;
}

}  // namespace

absl::StatusOr<StoreConfig> ParseStoreConfig(const std::string& yaml) {
  YAML::Node node;
  try {
    node = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("store: ", e.what()));
  }
  StoreConfig config;
  if (auto st = ReadStore(node, &config); !st.ok()) return st;
  return config;
}

absl::StatusOr<PipelineConfig> LoadPipelineConfig(const std::string& path) {
  auto text = ReadFile(path, "pipeline file");
  if (!text.ok()) return text.status();
  auto config = ParsePipelineConfig(
      *text, std::filesystem::absolute(path).parent_path().string());
  if (!config.ok()) {
    return absl::Status(config.status().code(),
                        absl::StrCat(path, ": ", config.status().message()));
  }
  return config;
}

}  // namespace eventwire::coordinator
