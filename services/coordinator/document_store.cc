#include "document_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "store_registry.h"

namespace eventwire::coordinator {

bool IsPermanentStoreError(const absl::Status& status) {
  return absl::IsResourceExhausted(status) || absl::IsInvalidArgument(status);
}

bool RefusedAtOnce(const v1::Document& doc, v1::SubmitResult* result) {
  result->set_document_id(doc.id());
  if (!doc.id().empty()) return false;
  result->set_error("document has no id");
  return true;
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
  const StoreBackend* backend =
      StoreRegistry::Builtin().Find(config.store.backend);
  if (backend == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("store.backend: '", config.store.backend, "' is none of ",
                     absl::StrJoin(StoreRegistry::Builtin().Names(), ", ")));
  }
  if (config.store.settings != nullptr)
    return backend->open(config, *config.store.settings);
  // No store: mapping: the backend's defaults, as parsing an empty one gives.
  auto defaults = backend->parse(YAML::Node(YAML::NodeType::Map));
  if (!defaults.ok()) return defaults.status();
  return backend->open(config, **defaults);
}

}  // namespace eventwire::coordinator
