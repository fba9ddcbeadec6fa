#include "gazetteer.h"

#include <geonames/geonames.h>

#include <fstream>
#include <sstream>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "eventwire/json.h"
#include "eventwire/text.h"
#include "eventwire/tsv.h"
#include "eventwire/word_list.h"

namespace eventwire::tag {
namespace {

int TokenCount(const std::string& folded) {
  int n = 1;
  for (char c : folded) n += c == ' ';
  return n;
}

// The list under `key` in iso-codes' iso_<key>.json; empty if unreadable.
std::vector<google::protobuf::Value> IsoCodesList(const std::string& dir,
                                                  const std::string& key) {
  std::ifstream in(dir + "/iso_" + key + ".json");
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = ParseJsonObject(ss.str());
  if (!parsed.ok()) return {};
  auto it = parsed->fields().find(key);
  if (it == parsed->fields().end()) return {};
  const auto& values = it->second.list_value().values();
  return {values.begin(), values.end()};
}

// English demonyms a one-word country name may take ("Zimbabwe" ->
// "Zimbabwean", "Sudan" -> "Sudanese", "Iraq" -> "Iraqi"); the caller keeps
// only those the dictionary knows.
std::vector<std::string> DemonymCandidates(const std::string& name) {
  std::vector<std::string> out;
  if (name.size() < 4) return out;
  const char last = name.back();
  const std::string stem = name.substr(0, name.size() - 1);
  for (const char* suffix : {"ian", "an", "ese", "i", "ish"}) {
    out.push_back(name + suffix);
  }
  if (last == 'a' || last == 'o' || last == 'e' || last == 'y') {
    for (const char* suffix : {"an", "ian", "ese", "i"})
      out.push_back(stem + suffix);
  }
  if (last == 'a') out.push_back(name + "n");
  return out;
}

// ISO 3166-2 subdivision types at the level of a US state or a province.
bool IsStateLevel(const std::string& type) {
  static const auto* kTypes = &WordList("state-level-subdivision-types");
  return kTypes->count(type) > 0;
}

// Names that are only compass points or generic words ("Central",
// "Northern", "Est") name a region of many countries at once.
bool IsDistinctivePlaceName(const std::string& name) {
  static const auto* kGeneric = &WordList("generic-place-names");
  if (name.size() < 4 || name.find_first_of(",()/[]") != std::string::npos)
    return false;
  std::string folded = FoldForMatch(name);
  if (kGeneric->count(folded)) return false;
  // Every word generic: "Upper East", "North Central".
  for (const auto& word : absl::StrSplit(folded, ' ')) {
    if (!kGeneric->count(std::string(word))) return true;
  }
  return false;
}

}  // namespace

void Gazetteer::Add(const std::string& name, GazetteerEntry entry) {
  std::string key = FoldForMatch(name);
  if (key.empty()) return;
  entry.all_caps = IsAllCaps(name) && name.size() <= 6;
  max_tokens_ = std::max(max_tokens_, TokenCount(key));
  for (size_t sp = key.find(' '); sp != std::string::npos;
       sp = key.find(' ', sp + 1)) {
    prefixes_.insert(key.substr(0, sp));
  }
  // The first definition wins: the TSV is read before ISO names.
  entries_.emplace(key, std::move(entry));
}

const Gazetteer::City* Gazetteer::FindCity(const std::string& folded) const {
  auto it = cities_.find(folded);
  return it == cities_.end() ? nullptr : &it->second;
}

const GazetteerEntry* Gazetteer::Find(const std::string& folded) const {
  auto it = entries_.find(folded);
  return it == entries_.end() ? nullptr : &it->second;
}

std::string Gazetteer::CountryName(const std::string& alpha3) const {
  auto it = country_names_.find(alpha3);
  return it == country_names_.end() ? "" : it->second;
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::Load(
    const std::string& tsv_path, const std::string& iso_codes_dir,
    const Lexicon* lexicon) {
  auto g = std::make_unique<Gazetteer>();
  absl::Status read =
      ReadTsv(tsv_path, 4, "4 tab-separated fields",
              [&](const std::vector<std::string>& f) -> absl::Status {
                v1::Entity::Type type;
                if (!v1::Entity::Type_Parse(f[1], &type)) {
                  return absl::InvalidArgumentError(
                      absl::StrCat("unknown type '", f[1], "'"));
                }
                g->Add(f[0], {type, f[2], f[3].empty() ? f[0] : f[3]});
                return absl::OkStatus();
              });
  if (!read.ok()) return read;
  // ISO 3166-1 countries.
  std::unordered_map<std::string, std::string> alpha2_to_3;
  struct Country {
    std::string name, alpha3, canonical;
  };
  std::vector<Country> one_word_countries;
  for (const auto& v : IsoCodesList(iso_codes_dir, "3166-1")) {
    const auto& obj = v.struct_value();
    std::string alpha3 = StructString(obj, "alpha_3");
    alpha2_to_3[StructString(obj, "alpha_2")] = alpha3;
    std::string name = StructString(obj, "common_name");
    if (name.empty()) name = StructString(obj, "name");
    // "Palestine, State of" reads as "Palestine".
    if (size_t comma = name.find(", "); comma != std::string::npos)
      name.resize(comma);
    if (alpha3.empty() || name.empty()) continue;
    // Names like "Korea, Republic of" read badly as canonical names.
    std::string canonical = name;
    if (const GazetteerEntry* known = g->Find(FoldForMatch(name))) {
      canonical = known->canonical;
    }
    g->country_names_.emplace(alpha3, canonical);
    if (name.find(' ') == std::string::npos)
      one_word_countries.push_back({name, alpha3, canonical});
    for (const char* key : {"name", "common_name", "official_name"}) {
      std::string n = StructString(obj, key);
      if (n.empty() || n.find(',') != std::string::npos) continue;
      g->Add(n, {v1::Entity::GPE, alpha3, canonical});
    }
  }
  // Demonyms the TSV lacks, once every country name is known: "Dominican"
  // begins "Dominican Republic", so it is not Dominica's.
  if (lexicon != nullptr) {
    for (const Country& c : one_word_countries) {
      for (const std::string& demonym : DemonymCandidates(c.name)) {
        // A demonym the TSV already gives another country ("Nigerian",
        // not Niger's) is that country's, and so is its plural.
        const GazetteerEntry* known = g->Find(FoldForMatch(demonym));
        if (!lexicon->IsProperNoun(demonym) ||
            g->IsPrefix(FoldForMatch(demonym)) ||
            (known != nullptr && known->country != c.alpha3)) {
          continue;
        }
        g->Add(demonym, {v1::Entity::NORP, c.alpha3, c.canonical});
        if (lexicon->IsProperNoun(demonym + "s"))
          g->Add(demonym + "s", {v1::Entity::NORP, c.alpha3, c.canonical});
      }
    }
  }
  // ISO 3166-2 states, provinces and regions (not districts or
  // municipalities, whose names are often common words), after the
  // countries so that Georgia stays the country.
  for (const auto& v : IsoCodesList(iso_codes_dir, "3166-2")) {
    const auto& obj = v.struct_value();
    const std::string code = StructString(obj, "code");
    const std::string name = StructString(obj, "name");
    auto country = alpha2_to_3.find(code.substr(0, code.find('-')));
    if (country == alpha2_to_3.end() ||
        !IsStateLevel(StructString(obj, "type")) ||
        !IsDistinctivePlaceName(name)) {
      continue;
    }
    GazetteerEntry entry{v1::Entity::GPE, country->second, name};
    entry.subdivision = true;
    g->Add(name, std::move(entry));
  }
  // Cities from GeoNames, with ISO alpha-3 codes through iso-codes.
  const int n = geonames_get_n_cities();
  for (int i = 0; i < n; ++i) {
    GeonamesCity* city = geonames_get_city(i);
    if (city == nullptr) continue;
    City c;
    c.name = geonames_city_get_name(city);
    auto code = alpha2_to_3.find(geonames_city_get_country_code(city));
    c.country = code == alpha2_to_3.end() ? "" : code->second;
    c.population = geonames_city_get_population(city);
    geonames_city_free(city);
    const std::string key = FoldForMatch(c.name);
    if (key.empty() || c.country.empty()) continue;
    auto [it, inserted] = g->cities_.emplace(key, c);
    if (!inserted && it->second.population < c.population) it->second = c;
    g->max_city_tokens_ = std::max(g->max_city_tokens_, TokenCount(key));
    for (size_t sp = key.find(' '); sp != std::string::npos;
         sp = key.find(' ', sp + 1)) {
      g->city_prefixes_.insert(key.substr(0, sp));
    }
  }

  // Canonical country names for codes only the TSV knows.
  for (const auto& [key, e] : g->entries_) {
    if (e.type == v1::Entity::GPE && !e.country.empty() &&
        !g->country_names_.count(e.country) &&
        FoldForMatch(e.canonical) == key) {
      g->country_names_.emplace(e.country, e.canonical);
    }
  }
  return g;
}

}  // namespace eventwire::tag
