#include "eventwire/stage.h"

#include <chrono>
#include <cstdlib>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace eventwire {

absl::Status RunStage(const Stage& stage, v1::Document& doc) {
  const v1::StageDescription description = stage.Describe();
  const auto start = std::chrono::steady_clock::now();
  absl::Status status = stage.Process(doc);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
  if (!status.ok()) {
    return absl::Status(
        status.code(), absl::StrCat("stage '", description.name(),
                                    "' failed on document '", doc.id(),
                                    "': ", status.message()));
  }
  v1::TraceEntry* trace = doc.add_trace();
  trace->set_stage(description.name());
  trace->set_version(description.version());
  trace->set_micros(static_cast<uint64_t>(micros));
  std::set<std::string> have(doc.provided().begin(), doc.provided().end());
  for (const std::string& cap : description.provides()) {
    if (have.insert(cap).second) doc.add_provided(cap);
  }
  return absl::OkStatus();
}

absl::Status ValidateChain(const std::vector<v1::StageDescription>& chain) {
  std::set<std::string> provided = {capability::kRaw, capability::kMetadata};
  std::set<std::string> names;
  for (const v1::StageDescription& stage : chain) {
    if (stage.api_version() != kStageApiVersion) {
      return absl::FailedPreconditionError(absl::StrCat(
          "stage '", stage.name(), "' implements stage API version ",
          stage.api_version(), "; this coordinator speaks version ",
          kStageApiVersion));
    }
    if (!names.insert(stage.name()).second) {
      return absl::FailedPreconditionError(
          absl::StrCat("stage name '", stage.name(), "' appears twice"));
    }
    std::vector<std::string> missing;
    for (const std::string& need : stage.needs()) {
      if (!provided.count(need)) missing.push_back(need);
    }
    if (!missing.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "stage '", stage.name(), "' needs ", absl::StrJoin(missing, ", "),
          " which no earlier stage provides (provided so far: ",
          absl::StrJoin(provided, ", "), ")"));
    }
    provided.insert(stage.provides().begin(), stage.provides().end());
  }
  return absl::OkStatus();
}

v1::StageDescription MakeDescription(const std::string& name, const std::string& version,
                                     std::initializer_list<const char*> needs,
                                     std::initializer_list<const char*> provides,
                                     bool idempotent, const std::string& description) {
  v1::StageDescription d;
  d.set_name(name);
  d.set_version(version);
  d.set_api_version(kStageApiVersion);
  for (const char* n : needs) d.add_needs(n);
  for (const char* p : provides) d.add_provides(p);
  d.set_idempotent(idempotent);
  d.set_description(description);
  return d;
}

std::string ResourceDir(const std::string& configured) {
  if (!configured.empty()) return configured;
  if (const char* env = std::getenv("EVENTWIRE_RESOURCES"); env && *env) return env;
  return EVENTWIRE_RESOURCE_DIR;
}

void AddDiagnostic(v1::Document& doc, const std::string& stage,
                   v1::Diagnostic::Severity severity, const std::string& code,
                   const std::string& message) {
  v1::Diagnostic* d = doc.add_diagnostics();
  d->set_stage(stage);
  d->set_severity(severity);
  d->set_code(code);
  d->set_message(message);
}

}  // namespace eventwire
