// The HTML path of the cleaning stage: eventwire's HTML parser (html_parser.h),
// then main-content detection by text and link density, block structure and the
// boilerplate vocabulary of class and id names.
#ifndef EVENTWIRE_SERVICES_CLEAN_HTML_EXTRACTOR_H_
#define EVENTWIRE_SERVICES_CLEAN_HTML_EXTRACTOR_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "text_builder.h"

namespace eventwire::clean {

struct HtmlPageInfo {
  std::string title;
  std::string byline;
  std::string language;
  std::string site_name;
  std::string debug;
};

struct HtmlLimits {
  // Elements nested deeper than this are left out of the text (and reported).
  int max_depth = 400;
  // Describe the candidate choice in HtmlPageInfo::debug (for tools).
  bool debug = false;
};

// Writes the article body of `html` into `out` (offsets relative to `html`)
// and fills `info` from the page's head. `truncated_depth` is set when deep
// nesting was cut.
absl::Status ExtractHtmlArticle(std::string_view html, const HtmlLimits& limits,
                                TextBuilder& out, HtmlPageInfo& info,
                                bool* truncated_depth);

}  // namespace eventwire::clean

#endif  // EVENTWIRE_SERVICES_CLEAN_HTML_EXTRACTOR_H_
