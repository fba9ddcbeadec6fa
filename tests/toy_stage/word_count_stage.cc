#include "word_count_stage.h"

#include <cctype>

namespace eventwire::toy {

v1::StageDescription WordCountStage::Describe() const {
  return MakeDescription("wordcount", "1.0.0", {capability::kText},
                         {"word_count"}, /*idempotent=*/true,
                         "the number of words of the text, as an attribute");
}

absl::Status WordCountStage::Process(v1::Document& doc) const {
  size_t words = 0;
  bool in_word = false;
  for (unsigned char c : doc.text()) {
    const bool space = std::isspace(c) != 0;
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  (*doc.mutable_attributes())[attribute_] = std::to_string(words);
  return absl::OkStatus();
}

}  // namespace eventwire::toy
