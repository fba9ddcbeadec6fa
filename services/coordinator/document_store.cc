#include "document_store.h"

#include <filesystem>

#include "jetstream_store.h"
#include "sqlite_store.h"

namespace eventwire::coordinator {

bool IsPermanentStoreError(const absl::Status& status) {
  return absl::IsResourceExhausted(status) || absl::IsInvalidArgument(status);
}

absl::StatusOr<int> DocumentStore::CompleteAll(
    std::vector<v1::Document> results) {
  Completion completion = CompleteEach(std::move(results));
  for (const absl::Status& st : completion.documents) {
    if (!st.ok()) return st;
  }
  return completion.feed_records;
}

absl::StatusOr<int> DocumentStore::Complete(v1::Document result) {
  std::vector<v1::Document> one;
  one.push_back(std::move(result));
  return CompleteAll(std::move(one));
}

absl::StatusOr<std::unique_ptr<DocumentStore>> OpenDocumentStore(
    const PipelineConfig& config) {
  if (config.store.backend == StoreConfig::Backend::kJetStream) {
    auto store = JetStreamStore::Open(config.store, config.startup_timeout_ms,
                                      config.merge_window_days);
    if (!store.ok()) return store.status();
    return std::unique_ptr<DocumentStore>(std::move(*store));
  }
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  auto store = SqliteStore::Open(config.data_dir + "/eventwire.db",
                                 config.merge_window_days);
  if (!store.ok()) return store.status();
  return std::unique_ptr<DocumentStore>(std::move(*store));
}

}  // namespace eventwire::coordinator
