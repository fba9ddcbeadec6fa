// libFuzzer target: a serialized Document and DocumentResult as the
// coordinator reads them back from a stage process or a plugin: parsing,
// the consistency checks and the JSON export must not crash on any bytes, and
// the export's own token writer must write what protobuf's printer writes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "eventwire/json.h"
#include "eventwire/stage.h"
#include "eventwire/v1/stage.pb.h"

namespace {

void ExportAsProtobufDoes(const eventwire::v1::Document& doc) {
  auto written = eventwire::DocumentToJsonLine(doc);
  eventwire::v1::Document without_raw = doc;
  without_raw.clear_raw();
  auto expected = eventwire::MessageToJsonLine(without_raw);
  if (written.ok() != expected.ok() || (written.ok() && *written != *expected))
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  eventwire::v1::DocumentResult result;
  if (result.ParseFromString(bytes) && result.has_document()) {
    if (eventwire::ValidateDocument(result.document()).ok())
      ExportAsProtobufDoes(result.document());
  }
  eventwire::v1::Document doc;
  if (doc.ParseFromString(bytes) && eventwire::ValidateDocument(doc).ok())
    ExportAsProtobufDoes(doc);
  return 0;
}
