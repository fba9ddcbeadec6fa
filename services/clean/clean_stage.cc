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
  return MakeDescription(
      kStageName, "0.2.0", {capability::kMetadata},
      {capability::kText, capability::kTitle, capability::kOffsets},
      /*idempotent=*/true,
      "main article text from HTML and text dumps, with offsets");
}

absl::Status CleanStage::Process(v1::Document& doc) const {
  const std::string& raw = doc.raw();
  TextBuilder builder;
  if (absl::StartsWith(doc.media_type(), "text/html") ||
      doc.media_type() == "application/xhtml+xml") {
    if (raw.size() > options_.max_html_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat("HTML is ", raw.size(), " bytes; the limit is ",
                       options_.max_html_bytes));
    }
    HtmlPageInfo info;
    HtmlLimits limits;
    limits.max_depth = options_.max_depth;
    bool truncated = false;
    absl::Status st =
        ExtractHtmlArticle(raw, limits, builder, info, &truncated);
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
  } else if (doc.text_extracted()) {
    CopyExtractedText(raw, builder);
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
