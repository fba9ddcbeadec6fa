#include "gazetteer.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "eventwire/json.h"
#include "eventwire/text.h"

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
  // The first definition wins: the TSV is read before ISO names.
  entries_.emplace(key, std::move(entry));
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
  std::ifstream tsv(tsv_path);
  if (!tsv) {
    return absl::NotFoundError(absl::StrCat("cannot read gazetteer ", tsv_path));
  }
  std::string line;
  int line_no = 0;
  while (std::getline(tsv, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() < 4) {
      return absl::InvalidArgumentError(
          absl::StrCat(tsv_path, ":", line_no, ": expected 4 tab-separated fields"));
    }
    GazetteerEntry e;
    v1::Entity::Type type;
    if (!v1::Entity::Type_Parse(f[1], &type)) {
      return absl::InvalidArgumentError(
          absl::StrCat(tsv_path, ":", line_no, ": unknown type '", f[1], "'"));
    }
    e.type = type;
    e.country = f[2];
    e.canonical = f[3].empty() ? f[0] : f[3];
    g->Add(f[0], std::move(e));
  }
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
