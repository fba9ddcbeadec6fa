#include "actors.h"

#include "eventwire/text.h"
#include "eventwire/tsv.h"

namespace eventwire::tag {
namespace {}  // namespace

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
