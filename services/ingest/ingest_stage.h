// The ingest stage: makes any submitted input a UTF-8 document with
// metadata. Undoes gzip (bounded), unpacks crawler records, detects the
// media type and charset, repairs invalid UTF-8 (reported, never fatal), and
// finds the publication date in the record or the page.
#ifndef EVENTWIRE_SERVICES_INGEST_INGEST_STAGE_H_
#define EVENTWIRE_SERVICES_INGEST_INGEST_STAGE_H_

#include "eventwire/stage.h"

namespace eventwire::ingest {

struct IngestOptions {
  // Larger documents are refused with a clear error (after decompression).
  size_t max_document_bytes = 64u << 20;
  // Plain text is already the extracted article (every line is kept by
  // cleaning), unless a crawler record says otherwise with "extracted".
  bool text_extracted = false;
};

class IngestStage final : public Stage {
 public:
  explicit IngestStage(IngestOptions options = {}) : options_(options) {}
  v1::StageDescription Describe() const override;
  absl::Status Process(v1::Document& doc) const override;

 private:
  const IngestOptions options_;
};

// Exposed for tests.
// The publication date declared in an HTML page (meta tags, JSON-LD,
// <time datetime>), else the day in its canonical address or in an element
// named for a date, as ISO; empty when none. `where` says which.
std::string FindHtmlPublicationDate(std::string_view html, std::string* where);
// The day an article's address carries ("/2019/11/19/..."); empty when none.
std::string DateInUrl(std::string_view url);
// The publication date a plain text states near its top, as ISO: a line
// saying it was published or posted, else a dateline ("MOSCOW, March 3 -"),
// whose missing year comes from `received_date` (ISO: the day the
// submitter had the text); empty when none. `where` says which.
std::string FindDatelineDate(std::string_view text,
                             std::string_view received_date,
                             std::string* where = nullptr);
// The charset an HTML page declares in its first bytes, lower case.
std::string DeclaredCharset(std::string_view html);

}  // namespace eventwire::ingest

#endif  // EVENTWIRE_SERVICES_INGEST_INGEST_STAGE_H_
