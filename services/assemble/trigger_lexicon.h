// PLOVER event triggers: lemma phrases with their type and mode, and the
// light lemmatiser that matches inflected words against them.
#ifndef EVENTWIRE_SERVICES_ASSEMBLE_TRIGGER_LEXICON_H_
#define EVENTWIRE_SERVICES_ASSEMBLE_TRIGGER_LEXICON_H_

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "eventwire/v1/document.pb.h"

namespace eventwire::assemble {

struct Trigger {
  v1::Event::Type type = v1::Event::TYPE_UNSPECIFIED;
  std::string mode;
  bool noun = false;
  std::vector<std::string> lemmas;
  // The preposition that usually introduces the target ("with", "on").
  std::string target_preposition;
  // A verb and the noun that heads its object, by the parse, never merely
  // two words in a row: "closed its borders" (PETRARCH2's "* BORDER"
  // patterns), not "remain committed".
  bool object_noun = false;
};

// Possible lemmas of an inflected word, the word itself first
// ("met" -> meet; "talks" -> talks, talk; "accused" -> accused, accuse).
std::vector<std::string> LemmaCandidates(const std::string& word);

class TriggerLexicon {
 public:
  static absl::StatusOr<std::unique_ptr<TriggerLexicon>> Load(
      const std::string& path);
  // The curated lexicon at `path` and, for verbs it has no entry for, the
  // entries of `dictionary_path` (triggers converted from PETRARCH2's verb
  // patterns): where the curated file starts an entry with a word, it alone
  // decides what that word triggers.
  static absl::StatusOr<std::unique_ptr<TriggerLexicon>> Load(
      const std::string& path, const std::string& dictionary_path);
  // Triggers whose first lemma is `lemma`, longest first.
  const std::vector<Trigger>* StartingWith(const std::string& lemma) const;
  size_t size() const { return size_; }

 private:
  std::unordered_map<std::string, std::vector<Trigger>> by_first_;
  size_t size_ = 0;
};

}  // namespace eventwire::assemble

#endif  // EVENTWIRE_SERVICES_ASSEMBLE_TRIGGER_LEXICON_H_
