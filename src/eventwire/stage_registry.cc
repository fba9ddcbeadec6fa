#include "eventwire/stage_registry.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace eventwire {

absl::StatusOr<bool> BoolSetting(const StageSettings& settings,
                                 const std::string& name) {
  auto it = settings.find(name);
  const std::string value = it == settings.end() ? "" : it->second;
  if (value == "true" || value == "1" || value == "yes") return true;
  if (value == "false" || value == "0" || value == "no") return false;
  return absl::InvalidArgumentError(
      absl::StrCat("setting '", name, "' is '", value, "', not true or false"));
}

StageRegistry& StageRegistry::Builtin() {
  static auto* registry = new StageRegistry();
  return *registry;
}

bool StageRegistry::Register(BuiltinStage stage) {
  const std::string name = stage.name;
  if (name.empty() || !stage.create ||
      !stages_.emplace(name, std::move(stage)).second) {
    std::fprintf(stderr,
                 "eventwire: built-in stage '%s' is registered twice, or "
                 "without a name or factory\n",
                 name.c_str());
    std::abort();
  }
  return true;
}

const BuiltinStage* StageRegistry::Find(absl::string_view name) const {
  auto it = stages_.find(name);
  return it == stages_.end() ? nullptr : &it->second;
}

std::vector<const BuiltinStage*> StageRegistry::All() const {
  std::vector<const BuiltinStage*> out;
  for (const auto& [name, stage] : stages_) out.push_back(&stage);
  std::stable_sort(
      out.begin(), out.end(), [](const BuiltinStage* a, const BuiltinStage* b) {
        const bool ca = a->chain_position >= 0, cb = b->chain_position >= 0;
        if (ca != cb) return ca;
        return ca && a->chain_position != b->chain_position
                   ? a->chain_position < b->chain_position
                   : a->name < b->name;
      });
  return out;
}

absl::StatusOr<std::unique_ptr<Stage>> StageRegistry::Create(
    absl::string_view name, const std::vector<std::string>& assignments) const {
  const BuiltinStage* stage = Find(name);
  if (stage == nullptr) {
    std::vector<std::string> names;
    for (const auto& [n, s] : stages_) names.push_back(n);
    return absl::InvalidArgumentError(
        absl::StrCat("no built-in stage '", name,
                     "' (there are: ", absl::StrJoin(names, ", "), ")"));
  }
  StageSettings settings;
  for (const StageSetting& s : stage->settings)
    settings[s.name] = s.default_value;
  for (const std::string& assignment : assignments) {
    const size_t eq = assignment.find('=');
    const std::string key = assignment.substr(0, eq);
    if (eq == std::string::npos || !settings.count(key)) {
      std::vector<std::string> known;
      for (const StageSetting& s : stage->settings) known.push_back(s.name);
      return absl::InvalidArgumentError(absl::StrCat(
          "stage '", name, "': '", assignment,
          "' is not KEY=VALUE with a setting it takes (it takes: ",
          known.empty() ? "none" : absl::StrJoin(known, ", "), ")"));
    }
    settings[key] = assignment.substr(eq + 1);
  }
  auto created = stage->create(settings);
  if (!created.ok()) {
    return absl::Status(
        created.status().code(),
        absl::StrCat("stage '", name, "': ", created.status().message()));
  }
  return created;
}

}  // namespace eventwire
