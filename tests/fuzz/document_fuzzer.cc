// libFuzzer target: a serialized Document and DocumentResult as the
// coordinator reads them back from a stage process or a plugin: parsing,
// the consistency checks and the JSON export must not crash on any bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "eventwire/json.h"
#include "eventwire/stage.h"
#include "eventwire/v1/stage.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  eventwire::v1::DocumentResult result;
  if (result.ParseFromString(bytes) && result.has_document()) {
    if (eventwire::ValidateDocument(result.document()).ok())
      (void)eventwire::DocumentToJsonLine(result.document());
  }
  eventwire::v1::Document doc;
  if (doc.ParseFromString(bytes) && eventwire::ValidateDocument(doc).ok())
    (void)eventwire::DocumentToJsonLine(doc);
  return 0;
}
