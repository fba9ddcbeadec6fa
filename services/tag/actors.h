// Well-known people and the country they act for (resources/actors.tsv,
// converted by tools/make-actors from the PETRARCH2 Phoenix state-actor
// dictionary): world knowledge for people whose country a text takes for
// granted ("President Putin", "Mugabe said").
#ifndef EVENTWIRE_SERVICES_TAG_ACTORS_H_
#define EVENTWIRE_SERVICES_TAG_ACTORS_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace eventwire::tag {

class ActorDirectory {
 public:
  // TSV: name, ISO 3166 alpha-3; '#' comments. Errors name the file and line.
  static absl::StatusOr<std::unique_ptr<ActorDirectory>> Load(
      const std::string& path);

  // The country of a person named in full, or of a bare surname the
  // dictionary lists as such ("putin"); `folded` as FoldForMatch gives it.
  // Empty when unknown.
  std::string_view Find(std::string_view folded) const;
  // The country of the people in the dictionary with this surname, when
  // its names outnumber other countries' three to one; empty otherwise.
  std::string_view FindBySurname(std::string_view folded_surname) const;
  size_t size() const { return names_.size(); }

 private:
  absl::flat_hash_map<std::string, std::string> names_, surnames_;
};

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_ACTORS_H_
