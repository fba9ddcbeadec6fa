// Well-known people and the country they act for (resources/actors.tsv,
// converted by tools/make-actors from the PETRARCH2 Phoenix state-actor
// dictionary) and office holders (resources/office-holders.tsv, from the
// CIA's "World Leaders" and a curated list of the United States' own): world
// knowledge for people whose country a text takes for granted ("President
// Putin", "Mugabe said").
#ifndef EVENTWIRE_SERVICES_TAG_ACTORS_H_
#define EVENTWIRE_SERVICES_TAG_ACTORS_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"

namespace eventwire::tag {

class ActorDirectory {
 public:
  // TSV: name, ISO 3166 alpha-3; '#' comments. Errors name the file and line.
  static absl::StatusOr<std::unique_ptr<ActorDirectory>> Load(
      const std::string& path);
  // Adds office holders. TSV: name, ISO 3166 alpha-3, surname, then any
  // columns (office, date, source). Names and surnames that office holders
  // of two countries share give neither.
  absl::Status AddOfficeHolders(const std::string& path);

  // The country of a person named in full, or of a bare surname the
  // dictionary lists as such ("putin"); `folded` as FoldForMatch gives it.
  // Empty when unknown.
  std::string_view Find(std::string_view folded) const;
  // The country of the people in the dictionary with this surname, when
  // its names outnumber other countries' three to one; empty otherwise.
  std::string_view FindBySurname(std::string_view folded_surname) const;
  // The country of the office holder named so in full ("emmanuel macron"),
  // or with this surname ("macron"); empty when unknown. Office holders are
  // thousands of ministers whose names are common names elsewhere: the
  // caller asks for more evidence (a title, the country in the text).
  std::string_view FindOfficeHolder(std::string_view folded_name) const;
  // With a surname, only when the title before it names the office
  // ("Foreign Minister Lavrov": "minister" in "Minister of Foreign
  // Affairs"); `folded_title_word` is the title's last word.
  std::string_view FindOfficeHolderBySurname(
      std::string_view folded_surname,
      std::string_view folded_title_word) const;
  // The full name of the one office holder with this surname ("Donald
  // Trump" for "trump"), as the file writes it; empty when none or several.
  std::string_view OfficeHolderFullName(std::string_view folded_surname) const;
  size_t size() const { return names_.size(); }

 private:
  absl::flat_hash_map<std::string, std::string> names_, surnames_;
  // Office holders' names and surnames; an empty country marks one that
  // several countries share.
  absl::flat_hash_map<std::string, std::string> office_names_, office_surnames_;
  // Per surname, the one holder's full name; empty when several share it.
  absl::flat_hash_map<std::string, std::string> office_full_names_;
  // Per surname, the words of its holders' offices, folded.
  absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>>
      office_words_;
};

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_ACTORS_H_
