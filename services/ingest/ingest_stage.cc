#include "ingest_stage.h"

#include <re2/re2.h>
#include <unicode/ucnv.h>

#include <memory>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "eventwire/dates.h"
#include "eventwire/json.h"
#include "eventwire/strings.h"
#include "eventwire/utf8.h"
#include "input_reader.h"

namespace eventwire::ingest {
namespace {

constexpr char kStageName[] = "ingest";

std::string NormalizeDate(std::string_view value) {
  std::string date;
  if (auto d =
          ParseIsoDate(value.substr(0, std::min<size_t>(value.size(), 10)));
      d && d->day) {
    date = FormatIsoDate(*d);
  } else if (auto found = FindDateInText(value)) {
    date = FormatIsoDate(*found);
  }
  // Content systems write an unset date as the smallest one they have
  // ("0001-01-01T00:00:00Z") or the Unix epoch: no publication date.
  if (date < "1900" || date == "1970-01-01") return "";
  return date;
}

// Converts `in` from `charset` to UTF-8 with ICU; false when unknown.
bool ConvertToUtf8(std::string_view in, const std::string& charset,
                   std::string* out) {
  UErrorCode error = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(charset.c_str(), &error);
  if (U_FAILURE(error)) return false;
  std::unique_ptr<UConverter, void (*)(UConverter*)> guard(conv, ucnv_close);
  std::u16string utf16(in.size() + 2, u'\0');
  error = U_ZERO_ERROR;
  int32_t n = ucnv_toUChars(conv, reinterpret_cast<UChar*>(utf16.data()),
                            static_cast<int32_t>(utf16.size()), in.data(),
                            static_cast<int32_t>(in.size()), &error);
  if (U_FAILURE(error)) return false;
  utf16.resize(n);
  out->clear();
  for (size_t i = 0; i < utf16.size(); ++i) {
    char32_t cp = utf16[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < utf16.size()) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (utf16[i + 1] - 0xDC00);
      ++i;
    }
    AppendUtf8(cp, *out);
  }
  return true;
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t len = ValidUtf8SequenceLength(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string SniffMediaType(std::string_view text) {
  std::string head = absl::AsciiStrToLower(Av(text.substr(0, 2048)));
  if (absl::StrContains(head, "<html") ||
      absl::StrContains(head, "<!doctype") ||
      absl::StrContains(head, "<body") || absl::StrContains(head, "<head") ||
      absl::StrContains(head, "<p>") || absl::StrContains(head, "<div")) {
    return "text/html";
  }
  return "text/plain";
}

// Looks for a UTF-16 text without a byte-order mark: many NULs at every
// other byte position.
std::string DetectUtf16(std::string_view raw) {
  size_t n = std::min<size_t>(raw.size(), 4096) & ~size_t{1};
  if (n < 8) return "";
  size_t even = 0, odd = 0;
  for (size_t i = 0; i < n; i += 2) {
    even += raw[i] == 0;
    odd += raw[i + 1] == 0;
  }
  if (odd * 10 > n * 4 && even * 20 < n) return "UTF-16LE";
  if (even * 10 > n * 4 && odd * 20 < n) return "UTF-16BE";
  return "";
}

}  // namespace

std::string DeclaredCharset(std::string_view html) {
  static const RE2 kCharset(
      R"re((?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-:.]+))re");
  std::string charset;
  if (RE2::PartialMatch(html.substr(0, 4096), kCharset, &charset)) {
    return absl::AsciiStrToLower(charset);
  }
  return "";
}

std::string FindHtmlPublicationDate(std::string_view html, std::string* where) {
  // <meta property="article:published_time" content="...">, both orders.
  static const RE2 kMetaNameFirst(
      R"re((?i)<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|datepublished|date|pubdate|publishdate|publish-date|dc\.date\.issued|dc\.date|sailthru\.date|parsely-pub-date|dcterms\.created)["'][^>]*content\s*=\s*["']([^"']+))re");
  static const RE2 kMetaContentFirst(
      R"re((?i)<meta[^>]+content\s*=\s*["']([^"']+)["'][^>]*(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|datepublished|date|pubdate|publishdate|dc\.date\.issued|dc\.date)["'])re");
  static const RE2 kJsonLd(R"re("datePublished"\s*:\s*"([^"]+)")re");
  static const RE2 kTime(R"re((?i)<time[^>]+datetime\s*=\s*["']([^"']+))re");
  // The first usable value of each kind: a page may repeat a field, the
  // first one unset.
  const auto first_date = [&](const RE2& pattern) {
    re2::StringPiece rest(html.data(), html.size());
    std::string value;
    while (RE2::FindAndConsume(&rest, pattern, &value)) {
      if (std::string d = NormalizeDate(value); !d.empty()) return d;
    }
    return std::string();
  };
  for (const auto& [pattern, kind] :
       {std::pair<const RE2*, const char*>{&kMetaNameFirst, "meta"},
        {&kMetaContentFirst, "meta"},
        {&kJsonLd, "json-ld"},
        {&kTime, "time"}}) {
    if (std::string d = first_date(*pattern); !d.empty()) {
      *where = kind;
      return d;
    }
  }
  // As htmldate does when the page states no date: the day in the
  // article's own address ("/2019/11/19/prison-guards-..."), then the text
  // of an element named for a date ("<div class="article_date">November
  // 20, 2019</div>").
  static const RE2 kCanonicalUrl(
      R"re((?i)<(?:link[^>]+rel\s*=\s*["']canonical["'][^>]*href|meta[^>]+property\s*=\s*["']og:url["'][^>]*content)\s*=\s*["']([^"']+))re");
  static const RE2 kCanonicalUrlContentFirst(
      R"re((?i)<meta[^>]+content\s*=\s*["']([^"']+)["'][^>]*property\s*=\s*["']og:url["'])re");
  for (const RE2* pattern : {&kCanonicalUrl, &kCanonicalUrlContentFirst}) {
    re2::StringPiece rest(html.data(), html.size());
    std::string url;
    while (RE2::FindAndConsume(&rest, *pattern, &url)) {
      if (std::string d = DateInUrl(url); !d.empty()) {
        *where = "url";
        return d;
      }
    }
  }
  static const RE2 kDateElement(
      R"re((?i)<[a-z]+[^>]+(?:class|id)\s*=\s*["'][^"']*(?:date|time|publish)[^"']*["'][^>]*>\s*([^<]{6,80})<)re");
  {
    re2::StringPiece rest(html.data(), html.size());
    std::string text;
    while (RE2::FindAndConsume(&rest, kDateElement, &text)) {
      if (auto d = FindDateInText(text); d && d->day > 0) {
        *where = "element";
        return FormatIsoDate(*d);
      }
    }
  }
  return "";
}

std::string DateInUrl(std::string_view url) {
  static const RE2 kDay(R"re(/((?:19|20)\d\d)/(\d\d?)/(\d\d?)/)re");
  int year = 0, month = 0, day = 0;
  if (RE2::PartialMatch(re2::StringPiece(url.data(), url.size()), kDay, &year,
                        &month, &day) &&
      IsValidDay(year, month, day)) {
    return FormatIsoDate(CivilDate{year, month, day});
  }
  return "";
}

namespace {

// A text dump opens with a site's navigation: the article's date may sit
// some way down.
constexpr size_t kTopOfText = 16 * 1024;

// "Published: Nov. 19, 2019, 6:18 p.m.", "Posted on 3 March 2025": the
// date after the word, on its line.
std::optional<CivilDate> PublishedCueDate(std::string_view line) {
  static const RE2 kCue(
      R"re((?i)(\b(?:first\s+)?(?:published|posted)(?:\s+on)?\b))re");
  re2::StringPiece cue;
  if (!RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), kCue,
                         &cue)) {
    return std::nullopt;
  }
  // The line opens with the word, or a byline or a bar before it does
  // ("By Jane Doe | Published ..."): in a sentence ("a photo posted on
  // November 19") the date is another's.
  const size_t at = cue.data() - line.data();
  const absl::string_view before =
      absl::StripTrailingAsciiWhitespace(Av(line.substr(0, at)));
  if (!before.empty() && !absl::EndsWith(before, "|") &&
      !absl::EndsWith(before, "\xE2\x80\xA2") &&  // bullet
      !absl::EndsWith(before, "\xC2\xB7")) {      // middle dot
    return std::nullopt;
  }
  return FindDateInText(line.substr(at + cue.size(), 60));
}

// A dateline: "YEREVAN, Dec 2 (Reuters) —", "MOSCOW, March 3 -",
// "Dec. 2, 2025 —": a place (or a year), a day and an agency before a dash
// opening the story. Without a year the day is the latest one on or before
// `received` (the day the submitter had the text); without that, no date.
std::optional<CivilDate> DatelineDay(std::string_view line,
                                     const std::optional<CivilDate>& received) {
  static const RE2 kDateline(
      R"re(^\s*(?:(\p{Lu}[\p{L}.'’ -]{1,40}),\s+)?(\p{L}{3,9}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\s*(?:\([^()]{1,40}\))?\s*(?:—|–|--?)\s)re");
  std::string place, month_word, year_text;
  int day = 0;
  if (!RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), kDateline,
                         &place, &month_word, &day, &year_text)) {
    return std::nullopt;
  }
  // A day and a dash alone open a list line as often as a story ("June 9 --
  // Coral Sky Amphitheatre" in a tour's dates): without its place a
  // dateline needs its year.
  if (place.empty() && year_text.empty()) return std::nullopt;
  const int month = MonthFromName(month_word);
  if (month == 0) return std::nullopt;
  int year = 0;
  if (!year_text.empty()) {
    year = std::stoi(year_text);
  } else if (received) {
    year = received->year;
    // A day after the text was had is last year's ("Dec 30" read on Jan 2).
    if (IsValidDay(year, month, day) &&
        FormatIsoDate(CivilDate{year, month, day}) >
            FormatIsoDate(AddDays(*received, 1))) {
      --year;
    }
  }
  if (year == 0 || !IsValidDay(year, month, day)) return std::nullopt;
  return CivilDate{year, month, day};
}

}  // namespace

std::string FindDatelineDate(std::string_view text,
                             std::string_view received_date,
                             std::string* where) {
  const std::optional<CivilDate> received = ParseIsoDate(received_date);
  const std::optional<CivilDate> received_day =
      received && received->day != 0 ? received : std::nullopt;
  std::string_view top = text.substr(0, kTopOfText);
  size_t begin = 0;
  while (begin < top.size()) {
    size_t end = top.find('\n', begin);
    if (end == std::string_view::npos) end = top.size();
    const std::string_view line = top.substr(begin, end - begin);
    begin = end + 1;
    if (auto d = PublishedCueDate(line)) {
      if (where) *where = "published-line";
      return FormatIsoDate(*d);
    }
    if (auto d = DatelineDay(line, received_day)) {
      if (where) *where = "dateline";
      return FormatIsoDate(*d);
    }
  }
  return "";
}

v1::StageDescription IngestStage::Describe() const {
  return MakeDescription(
      kStageName, "0.1.0", {capability::kRaw}, {capability::kMetadata},
      /*idempotent=*/true,
      "gzip, crawler records, media type, charset and UTF-8 repair, "
      "publication date");
}

absl::Status IngestStage::Process(v1::Document& doc) const {
  std::string raw = doc.raw();
  if (IsGzip(raw)) {
    std::string plain;
    absl::Status st = Gunzip(raw, options_.max_document_bytes, &plain);
    if (!st.ok()) return st;
    raw = std::move(plain);
  }
  v1::Metadata* meta = doc.mutable_metadata();
  // Whether the text is already the article: the record's word, else the
  // pipeline's default for plain text.
  std::optional<bool> record_says_extracted;
  if (doc.media_type() == kRecordMediaType) {
    absl::StatusOr<google::protobuf::Struct> record = ParseJsonObject(raw);
    if (!record.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("malformed JSON record: ", record.status().message()));
    }
    const auto field = [&](std::initializer_list<const char*> keys) {
      for (const char* k : keys) {
        if (std::string v = StructString(*record, k); !v.empty()) return v;
      }
      return std::string();
    };
    std::string html = field({"html", "raw_html", "content_html"});
    std::string text =
        field({"text", "content", "body", "article", "maintext"});
    if (html.empty() && text.empty()) {
      return absl::InvalidArgumentError(
          "JSON record has neither 'text' nor 'html'");
    }
    if (meta->url().empty())
      meta->set_url(field({"url", "link", "source_url"}));
    if (meta->outlet().empty()) {
      meta->set_outlet(field({"outlet", "source", "source_domain", "site"}));
    }
    if (meta->language().empty())
      meta->set_language(field({"language", "lang"}));
    std::string published =
        field({"published_at", "date_publish", "published", "date", "pubdate"});
    if (!published.empty() && meta->published_at().empty()) {
      std::string iso = NormalizeDate(published);
      meta->set_published_at(iso.empty() ? published : iso);
      meta->set_published_at_source("record");
    }
    if (doc.title().empty()) doc.set_title(field({"title", "headline"}));
    if (!html.empty()) {
      raw = std::move(html);
      doc.set_media_type("text/html");
    } else {
      raw = std::move(text);
      doc.set_media_type("text/plain");
      if (record->fields().contains("extracted"))
        record_says_extracted = StructBool(*record, "extracted");
    }
  }

  if (raw.size() > options_.max_document_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("document is ", raw.size(), " bytes; the limit is ",
                     options_.max_document_bytes));
  }

  // Byte-order marks and UTF-16 without one.
  std::string charset;
  if (raw.size() >= 3 && raw.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    raw.erase(0, 3);
  } else if (raw.size() >= 2 && raw.compare(0, 2, "\xFF\xFE") == 0) {
    charset = "UTF-16LE";
    raw.erase(0, 2);
  } else if (raw.size() >= 2 && raw.compare(0, 2, "\xFE\xFF") == 0) {
    charset = "UTF-16BE";
    raw.erase(0, 2);
  } else {
    charset = DetectUtf16(raw);
  }
  if (charset.empty() && LooksBinary(raw)) {
    return absl::InvalidArgumentError(
        "content is binary, not text in any supported encoding");
  }
  if (doc.media_type().empty()) doc.set_media_type(SniffMediaType(raw));
  if (doc.media_type() == "text/plain") {
    doc.set_text_extracted(
        record_says_extracted.value_or(options_.text_extracted));
  }
  const bool html = absl::StartsWith(doc.media_type(), "text/html") ||
                    doc.media_type() == "application/xhtml+xml";
  if (charset.empty() && html) {
    charset = DeclaredCharset(raw);
    if (charset == "utf-8" || charset == "utf8") charset.clear();
  }
  if (!charset.empty() &&
      (charset.rfind("UTF-16", 0) == 0 || !IsValidUtf8(raw))) {
    std::string converted;
    if (ConvertToUtf8(raw, charset, &converted)) {
      raw = std::move(converted);
      AddDiagnostic(doc, kStageName, v1::Diagnostic::INFO, "charset",
                    absl::StrCat("converted from ", charset));
    } else {
      AddDiagnostic(
          doc, kStageName, v1::Diagnostic::WARNING, "charset",
          absl::StrCat("unknown charset '", charset, "'; read as UTF-8"));
    }
  }
  Utf8Repair repaired = RepairUtf8(raw);
  if (repaired.invalid_sequences > 0) {
    // Legacy single-byte pages often declare nothing: try Windows-1252 when
    // the bytes are mostly not UTF-8.
    std::string converted;
    if (repaired.invalid_sequences * 50 > raw.size() &&
        ConvertToUtf8(raw, "windows-1252", &converted)) {
      repaired.text = std::move(converted);
      AddDiagnostic(doc, kStageName, v1::Diagnostic::WARNING, "charset",
                    "not UTF-8; read as windows-1252");
    } else {
      AddDiagnostic(doc, kStageName, v1::Diagnostic::WARNING, "invalid-utf8",
                    absl::StrCat("replaced ", repaired.invalid_sequences,
                                 " invalid UTF-8 sequences with U+FFFD"));
    }
  }
  if (absl::StripAsciiWhitespace(repaired.text).empty()) {
    return absl::InvalidArgumentError("document is empty");
  }
  doc.set_raw(std::move(repaired.text));

  if (meta->published_at().empty()) {
    std::string where;
    std::string date = html ? FindHtmlPublicationDate(doc.raw(), &where) : "";
    if (date.empty()) {
      date = DateInUrl(meta->url());
      where = "url";
    }
    if (date.empty() && !html) {
      date = FindDatelineDate(doc.raw(), meta->received_date(), &where);
    }
    if (!date.empty()) {
      meta->set_published_at(date);
      meta->set_published_at_source(where);
    }
  }
  return absl::OkStatus();
}

}  // namespace eventwire::ingest
