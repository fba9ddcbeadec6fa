// A toy built-in stage, added the way the README's "Add a built-in stage"
// says (this folder and one line in the root CMakeLists.txt), to prove that
// path: it counts a document's words into an attribute.
#ifndef EVENTWIRE_TESTS_TOY_STAGE_WORD_COUNT_STAGE_H_
#define EVENTWIRE_TESTS_TOY_STAGE_WORD_COUNT_STAGE_H_

#include <string>

#include "eventwire/stage.h"

namespace eventwire::toy {

class WordCountStage final : public Stage {
 public:
  explicit WordCountStage(std::string attribute)
      : attribute_(std::move(attribute)) {}
  v1::StageDescription Describe() const override;
  absl::Status Process(v1::Document& doc) const override;

 private:
  const std::string attribute_;
};

}  // namespace eventwire::toy

#endif  // EVENTWIRE_TESTS_TOY_STAGE_WORD_COUNT_STAGE_H_
