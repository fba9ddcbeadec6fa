#include "trigger_lexicon.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "eventwire/tsv.h"

namespace eventwire::assemble {
namespace {

const std::unordered_map<std::string, std::string>& Irregular() {
  static const auto* kForms = new std::unordered_map<std::string, std::string>{
      {"met", "meet"},
      {"held", "hold"},
      {"spoke", "speak"},
      {"spoken", "speak"},
      {"gave", "give"},
      {"given", "give"},
      {"sent", "send"},
      {"struck", "strike"},
      {"shot", "shoot"},
      {"fought", "fight"},
      {"withdrew", "withdraw"},
      {"withdrawn", "withdraw"},
      {"broke", "break"},
      {"broken", "break"},
      {"led", "lead"},
      {"told", "tell"},
      {"said", "say"},
      {"made", "make"},
      {"took", "take"},
      {"taken", "take"},
      {"began", "begin"},
      {"begun", "begin"},
      {"came", "come"},
      {"went", "go"},
      {"gone", "go"},
      {"won", "win"},
      {"is", "be"},
      {"are", "be"},
      {"was", "be"},
      {"were", "be"},
      {"been", "be"},
      {"am", "be"},
      {"'s", "be"},
      {"’s", "be"},
      {"'re", "be"},
      {"’re", "be"},
      {"drew", "draw"},
      {"drawn", "draw"},
      {"froze", "freeze"},
      {"frozen", "freeze"},
      {"flew", "fly"},
      {"flown", "fly"},
      {"rode", "ride"},
      {"threw", "throw"},
      {"thrown", "throw"},
      {"bought", "buy"},
      {"brought", "bring"},
      {"sought", "seek"},
      {"thought", "think"},
      {"kept", "keep"},
      {"left", "leave"},
      {"lost", "lose"},
      {"paid", "pay"},
      {"put", "put"},
      {"set", "set"},
      {"cut", "cut"},
      {"hit", "hit"},
      {"quit", "quit"},
      {"wrote", "write"},
      {"written", "write"},
      {"saw", "see"},
      {"seen", "see"},
      {"knew", "know"},
      {"known", "know"},
      {"stood", "stand"},
      {"ran", "run"},
      {"rose", "rise"},
      {"risen", "rise"},
      {"fell", "fall"},
      {"fallen", "fall"},
      {"forbade", "forbid"},
      {"forbidden", "forbid"},
      {"overran", "overrun"},
      {"overthrew", "overthrow"},
      {"overthrown", "overthrow"},
      {"undertook", "undertake"},
      {"has", "have"},
      {"had", "have"},
      {"did", "do"},
      {"does", "do"},
      {"done", "do"},
      {"talks", "talks"},
      {"sanctions", "sanctions"},
      {"meeting", "meeting"}};
  return *kForms;
}

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

void AddUnique(std::vector<std::string>& v, std::string s) {
  if (s.size() < 2) return;
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

}  // namespace

std::vector<std::string> LemmaCandidates(const std::string& word) {
  std::vector<std::string> out = {word};
  auto irr = Irregular().find(word);
  if (irr != Irregular().end()) AddUnique(out, irr->second);
  const size_t n = word.size();
  auto ends = [&](const char* suffix) {
    size_t k = std::char_traits<char>::length(suffix);
    return n > k + 1 && word.compare(n - k, k, suffix) == 0;
  };
  if (ends("ies")) AddUnique(out, word.substr(0, n - 3) + "y");
  if (ends("ied")) AddUnique(out, word.substr(0, n - 3) + "y");
  if (ends("es")) AddUnique(out, word.substr(0, n - 2));
  if (ends("s") && !ends("ss")) AddUnique(out, word.substr(0, n - 1));
  // "talked" -> talk, "agreeing" -> agree, "stopped" -> stop.
  const auto add_stems = [&](size_t suffix_length) {
    std::string stem = word.substr(0, n - suffix_length);
    AddUnique(out, stem);
    AddUnique(out, stem + "e");
    if (stem.size() >= 2 && stem.back() == stem[stem.size() - 2] &&
        !IsVowel(stem.back())) {
      AddUnique(out, stem.substr(0, stem.size() - 1));
    }
  };
  if (ends("ed")) {
    add_stems(2);
  } else if (ends("d")) {
    AddUnique(out, word.substr(0, n - 1));
  }
  if (ends("ing")) add_stems(3);
  return out;
}

namespace {

// The triggers of one file, in its order.
absl::StatusOr<std::vector<Trigger>> ReadTriggers(const std::string& path) {
  std::vector<Trigger> out;
  absl::Status read =
      ReadTsv(path, 4, "type, mode, kind, phrase",
              [&](const std::vector<std::string>& f) -> absl::Status {
                Trigger t;
                if (!v1::Event::Type_Parse(f[0], &t.type) ||
                    t.type == v1::Event::TYPE_UNSPECIFIED) {
                  return absl::InvalidArgumentError(
                      absl::StrCat("unknown PLOVER type '", f[0], "'"));
                }
                t.mode = f[1];
                if (f[2] != "V" && f[2] != "N") {
                  return absl::InvalidArgumentError("kind must be V or N");
                }
                t.noun = f[2] == "N";
                t.lemmas = absl::StrSplit(f[3], ' ', absl::SkipEmpty());
                if (t.lemmas.empty())
                  return absl::InvalidArgumentError("empty phrase");
                if (f.size() > 4) t.target_preposition = f[4];
                if (f.size() > 5 && !f[5].empty()) {
                  if (f[5] != "object")
                    return absl::InvalidArgumentError(
                        "the sixth field is empty or 'object'");
                  if (t.noun || t.lemmas.size() != 2)
                    return absl::InvalidArgumentError(
                        "'object' is for a verb and a noun");
                  t.object_noun = true;
                }
                out.push_back(std::move(t));
                return absl::OkStatus();
              });
  if (!read.ok()) return read;
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TriggerLexicon>> TriggerLexicon::Load(
    const std::string& path) {
  return Load(path, "");
}

absl::StatusOr<std::unique_ptr<TriggerLexicon>> TriggerLexicon::Load(
    const std::string& path, const std::string& dictionary_path) {
  auto lex = std::make_unique<TriggerLexicon>();
  auto curated = ReadTriggers(path);
  if (!curated.ok()) return curated.status();
  for (Trigger& t : *curated) {
    lex->by_first_[t.lemmas[0]].push_back(std::move(t));
    ++lex->size_;
  }
  if (!dictionary_path.empty()) {
    auto dictionary = ReadTriggers(dictionary_path);
    if (!dictionary.ok()) return dictionary.status();
    std::unordered_map<std::string, std::vector<Trigger>> added;
    for (Trigger& t : *dictionary) {
      if (lex->by_first_.count(t.lemmas[0])) continue;
      added[t.lemmas[0]].push_back(std::move(t));
      ++lex->size_;
    }
    for (auto& [first, list] : added) lex->by_first_[first] = std::move(list);
  }
  for (auto& [first, list] : lex->by_first_) {
    std::stable_sort(list.begin(), list.end(),
                     [](const Trigger& a, const Trigger& b) {
                       return a.lemmas.size() > b.lemmas.size();
                     });
  }
  return lex;
}

const std::vector<Trigger>* TriggerLexicon::StartingWith(
    const std::string& lemma) const {
  auto it = by_first_.find(lemma);
  return it == by_first_.end() ? nullptr : &it->second;
}

}  // namespace eventwire::assemble
