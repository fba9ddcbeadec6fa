#include "lexicon.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "eventwire/text.h"

namespace eventwire::tag {

absl::StatusOr<std::unique_ptr<Lexicon>> Lexicon::Load(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(
        "cannot read the word list ", path,
        " (Debian package wamerican; tools/run and tools/test install it)"));
  }
  auto lexicon = std::make_unique<Lexicon>();
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.size() > 64) continue;
    if (line.size() > 2 && line.compare(line.size() - 2, 2, "'s") == 0)
      continue;
    if (StartsUpper(line)) {
      lexicon->proper_.insert(line);
    } else {
      lexicon->common_.insert(FoldForMatch(line));
    }
  }
  if (lexicon->size() == 0)
    return absl::InvalidArgumentError(absl::StrCat("no words in ", path));
  return lexicon;
}

}  // namespace eventwire::tag
