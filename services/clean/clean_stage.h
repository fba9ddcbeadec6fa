// The cleaning stage: the article and nothing else, from HTML or from text
// dumps of web pages, with every clean byte mapped back to the raw bytes.
#ifndef EVENTWIRE_SERVICES_CLEAN_CLEAN_STAGE_H_
#define EVENTWIRE_SERVICES_CLEAN_CLEAN_STAGE_H_

#include "eventwire/stage.h"

namespace eventwire::clean {

struct CleanOptions {
  // HTML larger than this is refused: the parser's memory grows with it.
  size_t max_html_bytes = 48u << 20;
  int max_depth = 400;
};

class CleanStage final : public Stage {
 public:
  explicit CleanStage(CleanOptions options = {}) : options_(options) {}
  v1::StageDescription Describe() const override;
  absl::Status Process(v1::Document& doc) const override;

 private:
  const CleanOptions options_;
};

}  // namespace eventwire::clean

#endif  // EVENTWIRE_SERVICES_CLEAN_CLEAN_STAGE_H_
