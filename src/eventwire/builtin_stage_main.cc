// main() of every built-in stage binary, eventwire-NAME: the stage comes from
// the registry (stage_registry.h) under the name the build compiled in.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "eventwire/stage_registry.h"
#include "eventwire/stage_server.h"

ABSL_FLAG(std::vector<std::string>, set, {},
          "The stage's settings, KEY=VALUE[,KEY=VALUE...] "
          "(`eventwire-stage-host --list_stages` shows each stage's)");
ABSL_FLAG(std::string, resources, "",
          "Shorthand for --set resources=DIR, for stages that read resource "
          "files");

int main(int argc, char** argv) {
  return eventwire::StageMain(
      argc, argv, EVENTWIRE_STAGE_NAME,
      []() -> absl::StatusOr<std::unique_ptr<eventwire::Stage>> {
        std::vector<std::string> settings = absl::GetFlag(FLAGS_set);
        if (!absl::GetFlag(FLAGS_resources).empty())
          settings.push_back("resources=" + absl::GetFlag(FLAGS_resources));
        return eventwire::StageRegistry::Builtin().Create(EVENTWIRE_STAGE_NAME,
                                                          settings);
      });
}
