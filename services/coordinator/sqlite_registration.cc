// Registers the SQLite store (store_registry.h): no settings of its own; the
// file is eventwire.db in the coordinator's data_dir.
#include <filesystem>

#include "sqlite_store.h"
#include "store_registry.h"

namespace eventwire::coordinator {
namespace {

EVENTWIRE_REGISTER_STORE(
    sqlite,
    {.name = "sqlite",
     .summary = "one machine: SQLite in data_dir (WAL, synchronous=FULL)",
     .keys = {},
     .parse = [](const YAML::Node&)
         -> absl::StatusOr<std::shared_ptr<const StoreSettings>> {
       return std::make_shared<const StoreSettings>();
     },
     .open = [](const PipelineConfig& config, const StoreSettings&)
         -> absl::StatusOr<std::unique_ptr<DocumentStore>> {
       std::error_code ec;
       std::filesystem::create_directories(config.data_dir, ec);
       auto store = SqliteStore::Open(config.data_dir + "/eventwire.db",
                                      config.merge_window_days);
       if (!store.ok()) return store.status();
       return std::unique_ptr<DocumentStore>(std::move(*store));
     }});

}  // namespace
}  // namespace eventwire::coordinator
