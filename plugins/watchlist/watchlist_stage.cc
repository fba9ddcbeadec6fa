#include "watchlist_stage.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "eventwire/text.h"

namespace eventwire::watchlist {
namespace {

// yaml-cpp reports errors with exceptions; they stay inside this function.
absl::Status ReadList(const YAML::Node& root, const char* key,
                      std::set<std::string>* out, bool fold) {
  const YAML::Node node = root[key];
  if (!node) return absl::OkStatus();
  try {
    if (!node.IsSequence())
      return absl::InvalidArgumentError(
          absl::StrCat("watchlist: '", key, "' must be a list"));
    for (const auto& item : node) {
      const std::string value = item.as<std::string>();
      const std::string key_form =
          fold ? FoldForMatch(value) : absl::AsciiStrToUpper(value);
      if (key_form.empty())
        return absl::InvalidArgumentError(
            absl::StrCat("watchlist: an empty entry in '", key, "'"));
      out->insert(key_form);
    }
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("watchlist: '", key, "': ", e.what()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<WatchlistConfig> ParseWatchlistConfig(const std::string& yaml) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("watchlist: the configuration is not YAML: ", e.what()));
  }
  if (!root.IsMap())
    return absl::InvalidArgumentError(
        "watchlist: the configuration must be a mapping with 'name' and "
        "'entities' or 'countries'");
  WatchlistConfig config;
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>();
    if (key != "name" && key != "stage_name" && key != "entities" &&
        key != "countries")
      return absl::InvalidArgumentError(
          absl::StrCat("watchlist: unknown key '", key, "'"));
  }
  try {
    if (root["name"]) config.name = root["name"].as<std::string>();
    if (root["stage_name"])
      config.stage_name = root["stage_name"].as<std::string>();
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("watchlist: ", e.what()));
  }
  if (config.name.empty())
    return absl::InvalidArgumentError("watchlist: 'name' is required");
  if (auto st = ReadList(root, "entities", &config.entities, true); !st.ok())
    return st;
  if (auto st = ReadList(root, "countries", &config.countries, false); !st.ok())
    return st;
  if (config.entities.empty() && config.countries.empty())
    return absl::InvalidArgumentError(
        "watchlist: list at least one of 'entities' and 'countries'");
  return config;
}

WatchlistStage::WatchlistStage(WatchlistConfig config)
    : config_(std::move(config)), label_("watchlist:" + config_.name) {}

v1::StageDescription WatchlistStage::Describe() const {
  return MakeDescription(
      config_.stage_name, "1.0.0", {capability::kEntities, capability::kEvents},
      {"watchlist"}, /*idempotent=*/true,
      "labels events that involve listed entities ('" + label_ + "')");
}

bool WatchlistStage::Watched(const v1::Actor& actor,
                             const v1::Document& doc) const {
  if (!actor.country().empty() && config_.countries.count(actor.country()))
    return true;
  if (config_.entities.empty()) return false;
  if (config_.entities.count(FoldForMatch(actor.name()))) return true;
  // The entity's other names: "Prigozhin" in one sentence is the
  // "Yevgeny Prigozhin" the list names.
  for (const v1::Entity& e : doc.entities()) {
    if (actor.entity_id().empty() || e.id() != actor.entity_id()) continue;
    if (config_.entities.count(FoldForMatch(e.name()))) return true;
    for (const std::string& alias : e.aliases())
      if (config_.entities.count(FoldForMatch(alias))) return true;
  }
  return false;
}

absl::Status WatchlistStage::Process(v1::Document& doc) const {
  for (v1::Event& event : *doc.mutable_events()) {
    bool watched = false;
    for (const v1::Actor& a : event.source())
      watched = watched || Watched(a, doc);
    for (const v1::Actor& a : event.target())
      watched = watched || Watched(a, doc);
    if (watched && std::find(event.labels().begin(), event.labels().end(),
                             label_) == event.labels().end())
      event.add_labels(label_);
  }
  return absl::OkStatus();
}

}  // namespace eventwire::watchlist
