// Invariants every cleaning result keeps, checked by the fuzzers.
#ifndef EVENTWIRE_TESTS_FUZZ_CHECK_OFFSETS_H_
#define EVENTWIRE_TESTS_FUZZ_CHECK_OFFSETS_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "clean_stage.h"
#include "eventwire/utf8.h"
#include "eventwire/v1/document.pb.h"

namespace eventwire::fuzz {

// Segments in order, inside both texts; segments not transformed are byte
// copies.
inline void CheckOffsets(const v1::Document& doc, std::string_view raw) {
  uint32_t last_end = 0;
  for (const auto& seg : doc.offset_map()) {
    if (seg.clean_begin() < last_end) std::abort();
    last_end = seg.clean_begin() + seg.clean_length();
    if (last_end > doc.text().size()) std::abort();
    if (seg.raw_begin() + seg.raw_length() > raw.size()) std::abort();
    if (!seg.transformed()) {
      std::string_view c(doc.text().data() + seg.clean_begin(),
                         seg.clean_length());
      std::string_view r(raw.data() + seg.raw_begin(), seg.raw_length());
      if (c != r) std::abort();
    }
  }
}

// Cleans arbitrary bytes as `media_type` and checks the offset map of any
// result. The stage sees UTF-8, as ingest repairs it first.
inline void CleanAndCheckOffsets(const uint8_t* data, size_t size,
                                 const char* media_type) {
  const std::string raw =
      RepairUtf8(std::string_view(reinterpret_cast<const char*>(data), size))
          .text;
  v1::Document doc;
  doc.set_id("fuzz");
  doc.set_raw(raw);
  doc.set_media_type(media_type);
  static const clean::CleanStage stage;
  if (stage.Process(doc).ok()) CheckOffsets(doc, raw);
}

}  // namespace eventwire::fuzz

#endif  // EVENTWIRE_TESTS_FUZZ_CHECK_OFFSETS_H_
