// Loads a shared library that implements the plugin ABI (plugin_abi.h) and
// presents it as a Stage.
#ifndef EVENTWIRE_PLUGIN_LOADER_H_
#define EVENTWIRE_PLUGIN_LOADER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "eventwire/stage.h"

namespace eventwire {

// Opens `path`, checks its ABI version, builds an instance from `config` (the
// plugin's own configuration text) and reads its description. Errors name the
// library: a missing file or symbol, a version this host does not implement,
// a description that does not parse or lacks a name.
absl::StatusOr<std::unique_ptr<Stage>> LoadPlugin(const std::string& path,
                                                  const std::string& config);
// The same with the configuration read from `config_file` (none when empty).
absl::StatusOr<std::unique_ptr<Stage>> LoadPluginWithConfigFile(
    const std::string& path, const std::string& config_file);

}  // namespace eventwire

#endif  // EVENTWIRE_PLUGIN_LOADER_H_
