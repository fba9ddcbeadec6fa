#include "store_registry.h"

#include <cstdio>
#include <cstdlib>

namespace eventwire::coordinator {

StoreRegistry& StoreRegistry::Builtin() {
  static auto* registry = new StoreRegistry();
  return *registry;
}

bool StoreRegistry::Register(StoreBackend backend) {
  const std::string name = backend.name;
  if (name.empty() || !backend.parse || !backend.open ||
      !backends_.emplace(name, std::move(backend)).second) {
    std::fprintf(stderr,
                 "eventwire: store backend '%s' is registered twice, or "
                 "without a name, parser or opener\n",
                 name.c_str());
    std::abort();
  }
  return true;
}

const StoreBackend* StoreRegistry::Find(absl::string_view name) const {
  auto it = backends_.find(name);
  return it == backends_.end() ? nullptr : &it->second;
}

std::vector<std::string> StoreRegistry::Names() const {
  std::vector<std::string> out;
  for (const auto& [name, backend] : backends_) out.push_back(name);
  return out;
}

}  // namespace eventwire::coordinator
