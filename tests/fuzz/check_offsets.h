// Invariants every cleaning result keeps, checked by the fuzzers.
#ifndef EVENTWIRE_TESTS_FUZZ_CHECK_OFFSETS_H_
#define EVENTWIRE_TESTS_FUZZ_CHECK_OFFSETS_H_

#include <cstdlib>
#include <string_view>

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

}  // namespace eventwire::fuzz

#endif  // EVENTWIRE_TESTS_FUZZ_CHECK_OFFSETS_H_
