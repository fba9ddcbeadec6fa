// Place, organisation and nationality names with their countries: ISO 3166
// from Debian's iso-codes plus the shipped resources/gazetteer.tsv.
#ifndef EVENTWIRE_SERVICES_TAG_GAZETTEER_H_
#define EVENTWIRE_SERVICES_TAG_GAZETTEER_H_

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "eventwire/v1/document.pb.h"

namespace eventwire::tag {

struct GazetteerEntry {
  v1::Entity::Type type = v1::Entity::TYPE_UNSPECIFIED;
  std::string country;    // ISO 3166-1 alpha-3, IGO, NGO or empty
  std::string canonical;  // canonical name
  bool all_caps = false;  // must be written in capitals ("WHO", "US")
};

class Gazetteer {
 public:
  // Reads iso_codes_json (may be missing: then only the TSV) and the TSV.
  static absl::StatusOr<std::unique_ptr<Gazetteer>> Load(
      const std::string& tsv_path, const std::string& iso_codes_json);

  // Entry for a name given as folded tokens joined by spaces.
  const GazetteerEntry* Find(const std::string& folded) const;
  int max_tokens() const { return max_tokens_; }
  size_t size() const { return entries_.size(); }
  // Canonical country name for an alpha-3 code, if known.
  std::string CountryName(const std::string& alpha3) const;

 private:
  void Add(const std::string& name, GazetteerEntry entry);

  std::unordered_map<std::string, GazetteerEntry> entries_;
  std::unordered_map<std::string, std::string> country_names_;
  int max_tokens_ = 1;
};

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_GAZETTEER_H_
