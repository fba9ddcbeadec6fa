// libFuzzer target: the ingest stage, then cleaning, on arbitrary bytes as a
// crawler's JSON record, plain text, HTML or undeclared (sniffed): gzip,
// charsets, UTF-16, JSON nesting and the record's fields. The first byte
// picks the media type.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "clean_stage.h"
#include "eventwire/stage.h"
#include "eventwire/utf8.h"
#include "ingest_stage.h"
#include "input_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kTypes[] = {eventwire::ingest::kRecordMediaType,
                                       "text/plain", "text/html", ""};
  static const eventwire::ingest::IngestStage ingest;
  static const eventwire::clean::CleanStage clean;
  eventwire::v1::Document doc;
  doc.set_id("fuzz");
  doc.set_media_type(kTypes[data[0] % 4]);
  doc.set_raw(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  // A refusal (malformed record, binary, empty) is a fine answer. A crash is
  // not, nor output RunStage finds inconsistent (INTERNAL), nor an error
  // message that is not UTF-8: it travels in the dead letter's string field.
  for (const eventwire::Stage* stage :
       {static_cast<const eventwire::Stage*>(&ingest),
        static_cast<const eventwire::Stage*>(&clean)}) {
    const absl::Status status = eventwire::RunStage(*stage, doc);
    if (status.ok()) continue;
    if (status.code() == absl::StatusCode::kInternal ||
        eventwire::RepairUtf8(std::string(status.message())).invalid_sequences >
            0) {
      std::fprintf(stderr, "%s\n", status.ToString().c_str());
      std::abort();
    }
    return 0;
  }
  return 0;
}
