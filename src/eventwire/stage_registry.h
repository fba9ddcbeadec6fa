// The built-in stages, each registered once by its own folder (a
// registration file and one CMake call, eventwire_builtin_stage()): the
// stage binaries, eventwire-stage-host --stage, eventwire-stagebench and
// tools/run find them here, not in lists kept by hand.
#ifndef EVENTWIRE_SRC_EVENTWIRE_STAGE_REGISTRY_H_
#define EVENTWIRE_SRC_EVENTWIRE_STAGE_REGISTRY_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "eventwire/stage.h"

namespace eventwire {

// A setting a built-in stage takes: its name, default and what it does.
struct StageSetting {
  std::string name;
  std::string default_value;
  std::string help;
};

// Settings by name, every declared one present (defaults filled in).
using StageSettings = std::map<std::string, std::string>;

struct BuiltinStage {
  // The stage's name: its binary is eventwire-NAME, and a pipeline file
  // names it so.
  std::string name;
  std::string summary;
  // The port its deployment listens on.
  int port = 0;
  // Its place in the standard chain (tools/run, the deployment files), or
  // -1 when it is not part of it.
  int chain_position = -1;
  std::vector<StageSetting> settings;
  std::function<absl::StatusOr<std::unique_ptr<Stage>>(const StageSettings&)>
      create;
};

// A boolean setting: "true"/"false" (also 1/0, yes/no); InvalidArgument
// naming it otherwise.
absl::StatusOr<bool> BoolSetting(const StageSettings& settings,
                                 const std::string& name);

class StageRegistry {
 public:
  // The registry the registration files fill while the program starts.
  static StageRegistry& Builtin();

  // Adds `stage`; a second stage of the same name aborts the program at
  // start, naming it (two folders claim one name: a build mistake).
  bool Register(BuiltinStage stage);

  const BuiltinStage* Find(absl::string_view name) const;
  // Every stage, the standard chain first in its order, then by name.
  std::vector<const BuiltinStage*> All() const;

  // Creates stage `name` from "key=value" assignments over its defaults.
  // An unknown stage or setting is InvalidArgument naming both and what
  // there is.
  absl::StatusOr<std::unique_ptr<Stage>> Create(
      absl::string_view name,
      const std::vector<std::string>& assignments) const;

 private:
  std::map<std::string, BuiltinStage, std::less<>> stages_;
};

}  // namespace eventwire

// Registers a built-in stage from its registration file:
//   EVENTWIRE_REGISTER_STAGE(tag, {.name = "tag", ...});
#define EVENTWIRE_REGISTER_STAGE(id, ...)                       \
  [[maybe_unused]] static const bool ew_stage_registered_##id = \
      ::eventwire::StageRegistry::Builtin().Register(__VA_ARGS__)

#endif  // EVENTWIRE_SRC_EVENTWIRE_STAGE_REGISTRY_H_
