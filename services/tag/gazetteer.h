// Place, organisation and nationality names with their countries: the
// shipped resources/gazetteer.tsv, then from Debian's iso-codes the ISO 3166-1
// countries and the ISO 3166-2 states and provinces, and GeoNames cities.
#ifndef EVENTWIRE_SERVICES_TAG_GAZETTEER_H_
#define EVENTWIRE_SERVICES_TAG_GAZETTEER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "absl/status/statusor.h"
#include "eventwire/v1/document.pb.h"
#include "lexicon.h"

namespace eventwire::tag {

struct GazetteerEntry {
  v1::Entity::Type type = v1::Entity::TYPE_UNSPECIFIED;
  std::string country;    // ISO 3166-1 alpha-3, IGO, NGO or empty
  std::string canonical;  // canonical name
  bool all_caps = false;  // must be written in capitals ("WHO", "US")
  // A state or province (ISO 3166-2): its name is often also a person's or
  // a firm's ("Victoria", "Washington"), so it counts only standing alone.
  bool subdivision = false;
};

class Gazetteer {
 public:
  // Reads the TSV and iso-codes' JSON folder (its files may be missing: then
  // only the TSV and GeoNames). With a lexicon, countries' demonyms that the
  // TSV lacks are derived from their names and kept when the dictionary
  // knows them ("Zimbabwe" -> "Zimbabwean", "Zimbabweans").
  static absl::StatusOr<std::unique_ptr<Gazetteer>> Load(
      const std::string& tsv_path, const std::string& iso_codes_dir,
      const Lexicon* lexicon);

  // Entry for a name given as folded tokens joined by spaces.
  const GazetteerEntry* Find(const std::string& folded) const;
  // True when some name (or city) starts with these folded tokens: matching
  // extends a candidate only while this holds.
  bool IsPrefix(const std::string& folded) const {
    return prefixes_.count(folded) > 0;
  }
  bool IsCityPrefix(const std::string& folded) const {
    return city_prefixes_.count(folded) > 0;
  }
  int max_tokens() const { return max_tokens_; }

  // The longest name, among those `accept` takes, that words 0, 1, ... of
  // at most `count` begin; `norm_at(k)` gives word k's folded form (empty
  // words are skipped). Sets *length to its words; nullptr when none.
  template <typename NormAt, typename Accept>
  const GazetteerEntry* LongestMatch(int count, NormAt norm_at, Accept accept,
                                     int* length) const {
    std::string key;
    const GazetteerEntry* best = nullptr;
    *length = 0;
    for (int len = 1; len <= count && len <= max_tokens_; ++len) {
      const std::string_view word = norm_at(len - 1);
      if (!word.empty()) {
        if (!key.empty()) key += ' ';
        key += word;
      }
      if (const GazetteerEntry* e = Find(key); e != nullptr && accept(*e)) {
        best = e;
        *length = len;
      }
      if (!IsPrefix(key)) break;
    }
    return best;
  }
  size_t size() const { return entries_.size(); }
  // Canonical country name for an alpha-3 code, if known.
  std::string CountryName(const std::string& alpha3) const;

  struct City {
    std::string name;
    std::string country;  // alpha-3
    uint32_t population = 0;
  };
  // Cities from GeoNames (Debian's libgeonames: the ~24,000 cities of more
  // than 15,000 people), by folded name; the most populous wins a shared
  // name. nullptr when none.
  const City* FindCity(const std::string& folded) const;
  size_t city_count() const { return cities_.size(); }
  int max_city_tokens() const { return max_city_tokens_; }

 private:
  void Add(const std::string& name, GazetteerEntry entry);

  std::unordered_map<std::string, GazetteerEntry> entries_;
  std::unordered_map<std::string, std::string> country_names_;
  std::unordered_map<std::string, City> cities_;
  std::unordered_set<std::string> prefixes_, city_prefixes_;
  int max_tokens_ = 1;
  int max_city_tokens_ = 1;
};

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_GAZETTEER_H_
