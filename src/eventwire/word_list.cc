#include "eventwire/word_list.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "eventwire/stage.h"

namespace eventwire {
namespace {

struct Lists {
  absl::Mutex mu;
  // Node-stable: references handed out stay valid.
  std::map<std::string, std::unique_ptr<const WordSet>, std::less<>> by_name
      ABSL_GUARDED_BY(mu);
};

Lists& TheLists() {
  static auto* lists = new Lists();
  return *lists;
}

absl::Status ReadList(const std::filesystem::path& path, WordSet* out) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("word list ", path.string(), " cannot be read"));
  }
  std::string line;
  while (std::getline(in, line)) {
    const size_t hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    const absl::string_view word = absl::StripAsciiWhitespace(line);
    if (!word.empty()) out->insert(std::string(word));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status LoadWordLists(const std::string& resource_dir) {
  const std::filesystem::path dir =
      std::filesystem::path(resource_dir) / "words";
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) {
    return absl::NotFoundError(absl::StrCat("the word lists folder ",
                                            dir.string(),
                                            " cannot be read: ", ec.message()));
  }
  Lists& lists = TheLists();
  for (const auto& entry : it) {
    if (entry.path().extension() != ".txt") continue;
    const std::string name = entry.path().stem().string();
    {
      absl::MutexLock lock(&lists.mu);
      if (lists.by_name.count(name)) continue;
    }
    auto set = std::make_unique<WordSet>();
    if (auto st = ReadList(entry.path(), set.get()); !st.ok()) return st;
    absl::MutexLock lock(&lists.mu);
    lists.by_name.emplace(name, std::move(set));
  }
  return absl::OkStatus();
}

const WordSet& WordList(absl::string_view name) {
  Lists& lists = TheLists();
  for (int attempt = 0; attempt < 2; ++attempt) {
    {
      absl::MutexLock lock(&lists.mu);
      auto it = lists.by_name.find(name);
      if (it != lists.by_name.end()) return *it->second;
    }
    if (attempt == 0) {
      if (auto st = LoadWordLists(ResourceDir()); !st.ok()) {
        std::fprintf(stderr, "eventwire: %s\n", st.ToString().c_str());
        std::abort();
      }
    }
  }
  std::fprintf(stderr, "eventwire: no word list %s (%s/words/%s.txt)\n",
               std::string(name).c_str(), ResourceDir().c_str(),
               std::string(name).c_str());
  std::abort();
}

}  // namespace eventwire
