// libFuzzer target: the tag and assemble stages over text made of news-like
// pieces. Bytes choose words from a vocabulary of month and day names,
// titles, initials, names, countries, quotation marks, punctuation, numbers
// and event verbs, so that the fuzzer reaches the name, date, quote and
// event rules instead of stopping at the tokenizer; a byte above the
// vocabulary adds itself (any bytes, repaired to UTF-8 as ingest does).
// Every stage output must pass RunStage's checks (spans inside the text,
// valid UTF-8, entities that exist).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "assemble_stage.h"
#include "eventwire/stage.h"
#include "eventwire/utf8.h"
#include "tag_stage.h"

namespace {

constexpr std::string_view kVocabulary[] = {"May",
                                            "June",
                                            "March",
                                            "August",
                                            "January",
                                            "Monday",
                                            "Friday",
                                            "Sunday",
                                            "today",
                                            "yesterday",
                                            "last week",
                                            "2024",
                                            "1999",
                                            "5",
                                            "21st",
                                            "3.5",
                                            "1,000",
                                            "10:30",
                                            "a.m.",
                                            "p.m.",
                                            "President",
                                            "Prime Minister",
                                            "Mr.",
                                            "Dr.",
                                            "Gen.",
                                            "Sen.",
                                            "minister",
                                            "spokesman",
                                            "J.",
                                            "A.",
                                            "U.S.",
                                            "U.N.",
                                            "EU",
                                            "NATO",
                                            "Theresa",
                                            "May",
                                            "Joe",
                                            "Biden",
                                            "Xi",
                                            "Jinping",
                                            "al-Assad",
                                            "O'Neill",
                                            "van",
                                            "der",
                                            "de",
                                            "Ukraine",
                                            "Russia",
                                            "Kyiv",
                                            "Moscow",
                                            "China",
                                            "Iran",
                                            "Israel",
                                            "Gaza",
                                            "the",
                                            "of",
                                            "and",
                                            "in",
                                            "on",
                                            "by",
                                            "with",
                                            "who",
                                            "which",
                                            "that",
                                            "not",
                                            "n't",
                                            "said",
                                            "told",
                                            "says",
                                            "according to",
                                            "met",
                                            "attacked",
                                            "killed",
                                            "arrested",
                                            "protested",
                                            "signed",
                                            "rejected",
                                            "accused",
                                            "warned",
                                            "threatened",
                                            "sanctions",
                                            "troops",
                                            "police",
                                            "rebels",
                                            "government",
                                            "ministry",
                                            "\"",
                                            "\xE2\x80\x9C",
                                            "\xE2\x80\x9D",
                                            "'",
                                            "\xE2\x80\x99s",
                                            "'s",
                                            ",",
                                            ".",
                                            ";",
                                            ":",
                                            "?",
                                            "!",
                                            "(",
                                            ")",
                                            "-",
                                            "\xE2\x80\x94",
                                            "...",
                                            "\n",
                                            "\n\n",
                                            "  ",
                                            "I",
                                            "we",
                                            "they",
                                            "he",
                                            "she",
                                            "it",
                                            "his",
                                            "her",
                                            "Ethnic",
                                            "Hungarians",
                                            "Kurds",
                                            "Iraqi",
                                            "Ukrainian",
                                            "Russian",
                                            "ethnic",
                                            "killing",
                                            "dozens",
                                            "two",
                                            "three"};
constexpr size_t kWords = sizeof(kVocabulary) / sizeof(kVocabulary[0]);

const eventwire::Stage& Tag() {
  static const auto* stage = [] {
    eventwire::tag::TagOptions options;
    options.resource_dir = EW_RESOURCE_DIR;
    auto created = eventwire::tag::TagStage::Create(options);
    if (!created.ok()) std::abort();
    return created->release();
  }();
  return *stage;
}

const eventwire::Stage& Assemble() {
  static const auto* stage = [] {
    eventwire::assemble::AssembleOptions options;
    options.resource_dir = EW_RESOURCE_DIR;
    auto created = eventwire::assemble::AssembleStage::Create(options);
    if (!created.ok()) std::abort();
    return created->release();
  }();
  return *stage;
}

}  // namespace

// The stages load their models (seconds under the sanitizers) before the
// first input, outside libFuzzer's per-input timeout.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  Tag();
  Assemble();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;  // long texts only slow the search down
  std::string text;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] < kWords) {
      if (!text.empty() && text.back() != '\n') text += ' ';
      text += kVocabulary[data[i]];
    } else {
      text += static_cast<char>(data[i]);
    }
  }
  eventwire::v1::Document doc;
  doc.set_id("fuzz");
  doc.set_text(eventwire::RepairUtf8(text).text);
  doc.mutable_metadata()->set_published_at("2025-02-21");
  doc.add_provided(eventwire::capability::kText);
  // Neither stage fails a text; RunStage also refuses an inconsistent
  // document (a span outside the text, a mention of a missing entity).
  for (const eventwire::Stage* stage : {&Tag(), &Assemble()}) {
    const absl::Status status = eventwire::RunStage(*stage, doc);
    if (!status.ok()) {
      std::fprintf(stderr, "%s\n", status.ToString().c_str());
      std::abort();
    }
  }
  return 0;
}
