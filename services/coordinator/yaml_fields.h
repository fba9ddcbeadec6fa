// Reading fields of the pipeline file's YAML: yaml-cpp reports errors with
// exceptions, which stop here and come out as InvalidArgument naming the
// field. Shared by the pipeline file and the store backends' parsers.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_YAML_FIELDS_H_
#define EVENTWIRE_SERVICES_COORDINATOR_YAML_FIELDS_H_

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace eventwire::coordinator {

// Sets `*out` from `node[key]` when present; `where` prefixes the field in
// errors ("store.").
template <typename T>
absl::Status ReadScalar(const YAML::Node& node, const char* key,
                        const std::string& where, T* out) {
  const YAML::Node value = node[key];
  if (!value) return absl::OkStatus();
  try {
    *out = value.as<T>();
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(where, key, ": ", e.what()));
  }
  return absl::OkStatus();
}

// One string or a list of them.
inline absl::Status ReadStrings(const YAML::Node& node, const char* key,
                                const std::string& where,
                                std::vector<std::string>* out) {
  const YAML::Node value = node[key];
  if (!value) return absl::OkStatus();
  try {
    if (value.IsSequence()) {
      for (const auto& s : value) out->push_back(s.as<std::string>());
    } else {
      out->push_back(value.as<std::string>());
    }
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(where, key, ": ", e.what()));
  }
  return absl::OkStatus();
}

inline absl::Status Positive(int value, const std::string& field) {
  if (value <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must be positive (is ", value, ")"));
  }
  return absl::OkStatus();
}

// InvalidArgument naming the first key of mapping `node` not in `allowed`.
inline absl::Status OnlyKeys(const YAML::Node& node,
                             const std::set<std::string>& allowed,
                             const std::string& where) {
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    if (!allowed.count(key)) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown key '", where, key,
                       "' (there are: ", absl::StrJoin(allowed, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_YAML_FIELDS_H_
