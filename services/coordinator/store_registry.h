// The store backends, each registered once by its registration file
// (EVENTWIRE_REGISTER_STORE): the pipeline file's `store:` mapping, the
// coordinator's OpenDocumentStore and eventwire-storebench find them here.
// Adding a backend: its store, a registration with its own parser of the
// `store:` keys it takes, and both files in this folder's CMakeLists.txt.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_STORE_REGISTRY_H_
#define EVENTWIRE_SERVICES_COORDINATOR_STORE_REGISTRY_H_

#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "document_store.h"
#include "pipeline_config.h"

namespace eventwire::coordinator {

struct StoreBackend {
  // The pipeline file's store.backend.
  std::string name;
  std::string summary;
  // The keys of `store:` it takes besides `backend`; any other is an error.
  std::vector<std::string> keys;
  // Reads and validates the `store:` mapping (errors name the field, as
  // "store.KEY: ...").
  std::function<absl::StatusOr<std::shared_ptr<const StoreSettings>>(
      const YAML::Node& store)>
      parse;
  // Opens the store; `settings` is what `parse` returned (a backend's
  // defaults when the pipeline file has no `store:`).
  std::function<absl::StatusOr<std::unique_ptr<DocumentStore>>(
      const PipelineConfig& config, const StoreSettings& settings)>
      open;
};

class StoreRegistry {
 public:
  static StoreRegistry& Builtin();
  // A second backend of one name aborts at start, naming it.
  bool Register(StoreBackend backend);
  const StoreBackend* Find(absl::string_view name) const;
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, StoreBackend, std::less<>> backends_;
};

}  // namespace eventwire::coordinator

#define EVENTWIRE_REGISTER_STORE(id, ...)                       \
  [[maybe_unused]] static const bool ew_store_registered_##id = \
      ::eventwire::coordinator::StoreRegistry::Builtin().Register(__VA_ARGS__)

#endif  // EVENTWIRE_SERVICES_COORDINATOR_STORE_REGISTRY_H_
