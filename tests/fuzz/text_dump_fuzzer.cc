// libFuzzer target: the text-dump path of the cleaning stage.
#include <cstddef>
#include <cstdint>
#include <string>

#include "check_offsets.h"
#include "clean_stage.h"
#include "eventwire/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string raw =
      eventwire::RepairUtf8(
          std::string_view(reinterpret_cast<const char*>(data), size))
          .text;
  eventwire::v1::Document doc;
  doc.set_id("fuzz");
  doc.set_raw(raw);
  doc.set_media_type("text/plain");
  static const eventwire::clean::CleanStage stage;
  if (stage.Process(doc).ok()) eventwire::fuzz::CheckOffsets(doc, raw);
  return 0;
}
