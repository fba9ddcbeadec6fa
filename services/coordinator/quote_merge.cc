#include "quote_merge.h"

#include "absl/strings/str_cat.h"
#include "eventwire/text.h"
#include "feed_merge.h"
#include "stable_hash.h"

namespace eventwire::coordinator {
namespace {

// Writers that lose a compare-and-set read again; a quote carried by many
// outlets at once settles in a few rounds.
constexpr int kWriteAttempts = 16;

std::string SpeakerKey(const v1::Actor& speaker) {
  if (!speaker.canonical_key().empty()) return speaker.canonical_key();
  return FoldForMatch(speaker.name());
}

}  // namespace

std::string FeedQuoteIdFor(const v1::Quote& quote) {
  const std::string speaker = SpeakerKey(quote.speaker());
  if (speaker.empty()) return "";
  return "fq-" +
         Sha256Hex(absl::StrCat(speaker, "\x1F", FoldForMatch(quote.text())),
                   16);
}

absl::StatusOr<std::optional<v1::FeedQuote>> MergeQuote(StoryIndex& index,
                                                        const v1::Quote& quote,
                                                        const v1::Document& doc,
                                                        int64_t now_micros) {
  const std::string id = FeedQuoteIdFor(quote);
  if (id.empty()) return std::nullopt;
  for (int attempt = 0; attempt < kWriteAttempts; ++attempt) {
    auto entry = index.ReadStory(id);
    if (!entry.ok()) return entry.status();
    v1::FeedQuote q;
    if (entry->revision == 0) {
      q.set_feed_quote_id(id);
      *q.mutable_speaker() = quote.speaker();
      q.set_text(quote.text());
      q.set_date(ReportedDate(doc));
      q.set_first_seen_micros(now_micros);
    } else if (!q.ParseFromString(entry->value)) {
      return absl::DataLossError(
          absl::StrCat("stored quote '", id, "' does not parse"));
    }
    bool new_source = true;
    for (const v1::FeedMention& m : q.mentions()) {
      if (m.document_id() != doc.id()) continue;
      if (m.evidence().begin() == quote.span().begin()) return q;  // merged
      new_source = false;
    }
    v1::FeedMention* m = q.add_mentions();
    m->set_document_id(doc.id());
    *m->mutable_evidence() = quote.span();
    m->set_evidence_text(quote.text());
    m->set_outlet(doc.metadata().outlet());
    m->set_url(doc.metadata().url());
    q.set_revision(q.revision() + 1);
    q.set_mention_count(q.mention_count() + 1);
    if (new_source) q.set_source_count(q.source_count() + 1);
    q.set_last_seen_micros(now_micros);
    KeepLatestMentions(q.mutable_mentions(), kStoredMentions);
    auto written = index.WriteStory(id, q.SerializeAsString(), entry->revision);
    if (!written.ok()) return written.status();
    if (*written) return q;
  }
  return absl::AbortedError(absl::StrCat(
      "quote '", id, "' kept changing under ", kWriteAttempts, " writes"));
}

v1::FeedRecord FeedRecordOfQuote(const v1::FeedQuote& quote) {
  v1::FeedRecord record;
  *record.mutable_quote() = quote;
  KeepLatestMentions(record.mutable_quote()->mutable_mentions(),
                     kFeedRecordMentions);
  return record;
}

}  // namespace eventwire::coordinator
