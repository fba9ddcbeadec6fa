// The offset map on real pages: every clean byte maps to raw bytes that,
// entity-decoded and whitespace-folded, read the same.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "clean_stage.h"
#include "eventwire/text.h"
#include "eventwire/utf8.h"
#include "html_parser.h"
#include "ingest_stage.h"
#include "input_reader.h"

namespace eventwire::clean {
namespace {
namespace fs = std::filesystem;

// A decoded reference that is a kind of space (&nbsp;, &#8203;) becomes " ".
bool IsSpaceCodePointString(const std::string& s) {
  size_t i = 0;
  if (s.empty()) return false;
  while (i < s.size()) {
    if (!IsSpaceCodePoint(DecodeUtf8(s, i))) return false;
  }
  return true;
}

TEST(OffsetMap, HoldsOnBenchmarkPages) {
  fs::path dir =
      fs::path(EW_SHARED_DIR) / "data/article-extraction-benchmark/html";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no benchmark pages at " << dir;
  std::vector<v1::Document> docs;
  ingest::ReadInputs({dir.string()}, {},
                     [&](v1::Document&& d) { docs.push_back(std::move(d)); });
  ASSERT_GT(docs.size(), 100u);
  ingest::IngestStage ingest;
  CleanStage clean;
  size_t segments = 0, pages = 0;
  for (v1::Document& doc : docs) {
    ASSERT_TRUE(ingest.Process(doc).ok()) << doc.id();
    ASSERT_TRUE(clean.Process(doc).ok()) << doc.id();
    ++pages;
    uint32_t last_clean = 0;
    for (const auto& seg : doc.offset_map()) {
      ++segments;
      ASSERT_GE(seg.clean_begin(), last_clean) << doc.id();
      last_clean = seg.clean_begin() + seg.clean_length();
      ASSERT_LE(last_clean, doc.text().size()) << doc.id();
      ASSERT_LE(seg.raw_begin() + seg.raw_length(), doc.raw().size())
          << doc.id();
      std::string c = doc.text().substr(seg.clean_begin(), seg.clean_length());
      std::string r = doc.raw().substr(seg.raw_begin(), seg.raw_length());
      if (!seg.transformed()) {
        ASSERT_EQ(c, r) << doc.id() << " at clean offset " << seg.clean_begin();
      } else {
        // Entity-decoded and whitespace-folded, the raw bytes read the same
        // (NFC may compose what the page wrote decomposed).
        const std::string decoded = html::DecodeEntities(r);
        const std::string folded_raw = NormalizeNfc(decoded);
        const bool blank_both =
            c == " " &&
            decoded.find_first_not_of(" \t\r\n\f\xC2\xA0") == std::string::npos;
        ASSERT_TRUE(blank_both || folded_raw == c ||
                    IsSpaceCodePointString(decoded))
            << doc.id() << " [" << r << "] -> [" << c << "]";
      }
    }
  }
  EXPECT_GT(segments, pages);
}

}  // namespace
}  // namespace eventwire::clean
