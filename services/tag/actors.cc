#include "actors.h"

#include "absl/strings/str_split.h"
#include "eventwire/text.h"
#include "eventwire/tsv.h"

namespace eventwire::tag {
absl::StatusOr<std::unique_ptr<ActorDirectory>> ActorDirectory::Load(
    const std::string& path) {
  auto directory = std::make_unique<ActorDirectory>();
  // surname -> country -> names listed (a well-known person has several:
  // "George W. Bush", "George Bush", ...).
  absl::flat_hash_map<std::string, absl::flat_hash_map<std::string, int>>
      surname_counts;
  absl::Status read =
      ReadTsv(path, 2, "2 tab-separated fields",
              [&](const std::vector<std::string>& f) -> absl::Status {
                const std::string name = FoldForMatch(f[0]);
                if (name.empty() || f[1].size() != 3) {
                  return absl::InvalidArgumentError(
                      "want a name and an ISO 3166 alpha-3 code");
                }
                directory->names_.emplace(name, f[1]);
                const size_t space = name.rfind(' ');
                if (space == std::string::npos) return absl::OkStatus();
                ++surname_counts[name.substr(space + 1)][f[1]];
                return absl::OkStatus();
              });
  if (!read.ok()) return read;
  // A surname belongs to a country when that country's names outnumber all
  // others at least three to one ("Bush": four American names, one from the
  // Cayman Islands).
  for (const auto& [surname, counts] : surname_counts) {
    int total = 0, best = 0;
    std::string country;
    for (const auto& [c, n] : counts) {
      total += n;
      if (n > best || (n == best && c < country)) {
        best = n;
        country = c;
      }
    }
    if (best >= 3 * (total - best))
      directory->surnames_.emplace(surname, country);
  }
  return directory;
}

absl::Status ActorDirectory::AddOfficeHolders(const std::string& path) {
  const auto add = [](absl::flat_hash_map<std::string, std::string>& to,
                      const std::string& name, const std::string& country) {
    auto [at, added] = to.emplace(name, country);
    if (!added && at->second != country) at->second.clear();
  };
  return ReadTsv(
      path, 3, "name, country, surname and optional columns",
      [&](const std::vector<std::string>& f) -> absl::Status {
        const std::string name = FoldForMatch(f[0]);
        if (name.empty() || f[1].size() != 3) {
          return absl::InvalidArgumentError(
              "want a name and an ISO 3166 alpha-3 code");
        }
        add(office_names_, name, f[1]);
        const std::string surname = FoldForMatch(f[2]);
        if (surname.empty()) return absl::OkStatus();
        add(office_surnames_, surname, f[1]);
        // The same person may be listed once per term.
        auto [full, added] = office_full_names_.emplace(surname, f[0]);
        if (!added && FoldForMatch(full->second) != name) full->second.clear();
        if (f.size() > 3) {
          for (absl::string_view w : absl::StrSplit(FoldForMatch(f[3]), ' ')) {
            if (!w.empty()) office_words_[surname].emplace(w);
          }
        }
        return absl::OkStatus();
      });
}

std::string_view ActorDirectory::FindOfficeHolder(
    std::string_view folded_name) const {
  auto it = office_names_.find(
      absl::string_view(folded_name.data(), folded_name.size()));
  return it == office_names_.end() ? std::string_view() : it->second;
}

std::string_view ActorDirectory::FindOfficeHolderBySurname(
    std::string_view folded_surname, std::string_view folded_title_word) const {
  const absl::string_view surname(folded_surname.data(), folded_surname.size());
  auto it = office_surnames_.find(surname);
  if (it == office_surnames_.end()) return std::string_view();
  auto words = office_words_.find(surname);
  if (words == office_words_.end() ||
      !words->second.contains(absl::string_view(folded_title_word.data(),
                                                folded_title_word.size()))) {
    return std::string_view();
  }
  return it->second;
}

std::string_view ActorDirectory::OfficeHolderFullName(
    std::string_view folded_surname) const {
  auto it = office_full_names_.find(
      absl::string_view(folded_surname.data(), folded_surname.size()));
  return it == office_full_names_.end() ? std::string_view() : it->second;
}

std::string_view ActorDirectory::Find(std::string_view folded) const {
  auto it = names_.find(absl::string_view(folded.data(), folded.size()));
  return it == names_.end() ? std::string_view() : it->second;
}

std::string_view ActorDirectory::FindBySurname(
    std::string_view folded_surname) const {
  auto it = surnames_.find(
      absl::string_view(folded_surname.data(), folded_surname.size()));
  return it == surnames_.end() ? std::string_view() : it->second;
}

}  // namespace eventwire::tag
