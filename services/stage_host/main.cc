// eventwire-stage-host --plugin=PATH [--plugin_config=FILE] [--listen=...]
// eventwire-stage-host --stage=NAME [--set=KEY=VALUE,...] [--listen=...]
// eventwire-stage-host --list_stages
//
// Serves an in-process plugin, or any registered built-in stage, as a stage
// with everything the built-in binaries have: Describe, batching and
// streaming, health, reflection, graceful drain. A plugin that crashes takes
// only this process down; the coordinator dead-letters the document and
// carries on. --list_stages prints the built-in stages, one a line:
// name, port, place in the standard chain (-1: none), settings
// (KEY=DEFAULT;...), summary, separated by tabs.
#include <cstdio>
#include <cstring>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "eventwire/plugin_loader.h"
#include "eventwire/stage_registry.h"
#include "eventwire/stage_server.h"

ABSL_FLAG(std::string, plugin, "", "The plugin shared library to serve");
ABSL_FLAG(std::string, plugin_config, "",
          "A file whose text is handed to the plugin as its configuration");
ABSL_FLAG(std::string, stage, "", "The built-in stage to serve");
ABSL_FLAG(std::vector<std::string>, set, {},
          "Settings of the built-in stage, KEY=VALUE[,KEY=VALUE...]");
ABSL_FLAG(bool, list_stages, false,
          "Print the built-in stages and their settings, and exit");

namespace {

void ListStages() {
  for (const eventwire::BuiltinStage* s :
       eventwire::StageRegistry::Builtin().All()) {
    std::vector<std::string> settings;
    for (const auto& setting : s->settings)
      settings.push_back(
          absl::StrCat(setting.name, "=", setting.default_value));
    std::printf("%s\t%d\t%d\t%s\t%s\n", s->name.c_str(), s->port,
                s->chain_position, absl::StrJoin(settings, ";").c_str(),
                s->summary.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Listing needs no server: answered before the stage flags are read.
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--list_stages") == 0 ||
        std::strcmp(argv[i], "--list_stages=true") == 0) {
      ListStages();
      return 0;
    }
  }
  return eventwire::StageMain(
      argc, argv, "stage-host",
      []() -> absl::StatusOr<std::unique_ptr<eventwire::Stage>> {
        const std::string plugin = absl::GetFlag(FLAGS_plugin);
        const std::string stage = absl::GetFlag(FLAGS_stage);
        if (plugin.empty() == stage.empty())
          return absl::InvalidArgumentError(
              "give either --plugin or --stage (--list_stages lists the "
              "built-in stages)");
        if (!stage.empty()) {
          return eventwire::StageRegistry::Builtin().Create(
              stage, absl::GetFlag(FLAGS_set));
        }
        return eventwire::LoadPluginWithConfigFile(
            plugin, absl::GetFlag(FLAGS_plugin_config));
      });
}
