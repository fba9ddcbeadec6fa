#include "gazetteer.h"

#include <geonames/geonames.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "eventwire/json.h"
#include "eventwire/text.h"
#include "eventwire/tsv.h"

namespace eventwire::tag {
namespace {

int TokenCount(const std::string& folded) {
  int n = 1;
  for (char c : folded) n += c == ' ';
  return n;
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
    const std::string& tsv_path, const std::string& iso_codes_json) {
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
  // ISO 3166-1 names from iso-codes.
  std::ifstream iso(iso_codes_json);
  if (iso) {
    std::stringstream ss;
    ss << iso.rdbuf();
    auto parsed = ParseJsonObject(ss.str());
    if (parsed.ok()) {
      auto it = parsed->fields().find("3166-1");
      if (it != parsed->fields().end()) {
        for (const auto& v : it->second.list_value().values()) {
          const auto& obj = v.struct_value();
          std::string alpha3 = StructString(obj, "alpha_3");
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
          for (const char* key : {"name", "common_name", "official_name"}) {
            std::string n = StructString(obj, key);
            if (n.empty() || n.find(',') != std::string::npos) continue;
            g->Add(n, {v1::Entity::GPE, alpha3, canonical});
          }
        }
      }
    }
  }
  // Cities from GeoNames, with ISO alpha-3 codes through iso-codes.
  std::unordered_map<std::string, std::string> alpha2_to_3;
  if (std::ifstream iso2(iso_codes_json); iso2) {
    std::stringstream ss;
    ss << iso2.rdbuf();
    if (auto parsed = ParseJsonObject(ss.str()); parsed.ok()) {
      auto it = parsed->fields().find("3166-1");
      if (it != parsed->fields().end()) {
        for (const auto& v : it->second.list_value().values()) {
          alpha2_to_3[StructString(v.struct_value(), "alpha_2")] =
              StructString(v.struct_value(), "alpha_3");
        }
      }
    }
  }
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
