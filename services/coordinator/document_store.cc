#include "document_store.h"

#include <limits>
#include <map>

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

absl::StatusOr<std::vector<v1::DeadLetter>> DocumentStore::DeadLettersOf(
    const std::vector<std::string>& ids, bool with_documents) {
  auto all = DeadLetters(std::numeric_limits<int>::max(), with_documents);
  if (!all.ok()) return all.status();
  std::map<std::string, v1::DeadLetter> by_id;
  for (v1::DeadLetter& d : *all) by_id[d.document_id()] = std::move(d);
  std::vector<v1::DeadLetter> out;
  for (const std::string& id : ids) {
    auto it = by_id.find(id);
    if (it != by_id.end()) out.push_back(it->second);
  }
  return out;
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
