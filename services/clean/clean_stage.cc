#include "clean_stage.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "html_extractor.h"
#include "text_builder.h"
#include "text_dump_cleaner.h"

namespace eventwire::clean {
namespace {
constexpr char kStageName[] = "clean";
}

v1::StageDescription CleanStage::Describe() const {
  v1::StageDescription d;
  d.set_name(kStageName);
  d.set_version("0.1.0");
  d.set_api_version(kStageApiVersion);
  d.add_needs(capability::kMetadata);
  d.add_provides(capability::kText);
  d.add_provides(capability::kTitle);
  d.add_provides(capability::kOffsets);
  d.set_idempotent(true);
  d.set_description("main article text from HTML and text dumps, with offsets");
  return d;
}

absl::Status CleanStage::Process(v1::Document& doc) const {
  const std::string& raw = doc.raw();
  TextBuilder builder;
  if (absl::StartsWith(doc.media_type(), "text/html") ||
      doc.media_type() == "application/xhtml+xml") {
    if (raw.size() > options_.max_html_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "HTML is ", raw.size(), " bytes; the limit is ",
          options_.max_html_bytes));
    }
    HtmlPageInfo info;
    HtmlLimits limits;
    limits.max_depth = options_.max_depth;
    bool truncated = false;
    absl::Status st = ExtractHtmlArticle(raw, limits, builder, info, &truncated);
    if (!st.ok()) return st;
    if (truncated) {
      AddDiagnostic(doc, kStageName, v1::Diagnostic::WARNING, "deep-nesting",
                    absl::StrCat("elements nested deeper than ",
                                 options_.max_depth, " were left out"));
    }
    if (doc.title().empty()) doc.set_title(info.title);
    v1::Metadata* meta = doc.mutable_metadata();
    if (meta->language().empty()) meta->set_language(info.language);
    if (meta->byline().empty()) meta->set_byline(info.byline);
    if (meta->outlet().empty()) meta->set_outlet(info.site_name);
  } else {
    TextDumpInfo info;
    CleanTextDump(raw, builder, info);
    if (doc.title().empty()) doc.set_title(info.title);
  }
  builder.MoveInto(doc);
  if (doc.text().empty()) {
    AddDiagnostic(doc, kStageName, v1::Diagnostic::WARNING, "no-article",
                  "no article text found");
  }
  return absl::OkStatus();
}

}  // namespace eventwire::clean
