// The quotations of the feed. The same words of the same speaker are one
// quote however many outlets carry them: its id comes from the speaker and
// the words, so quotes merge by id, with no index, stored through a
// StoryIndex's compare-and-set as stories are (same feed on every store).
#ifndef EVENTWIRE_SERVICES_COORDINATOR_QUOTE_MERGE_H_
#define EVENTWIRE_SERVICES_COORDINATOR_QUOTE_MERGE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "eventwire/v1/coordinator.pb.h"
#include "story_merger.h"

namespace eventwire::coordinator {

// "fq-" and 16 hex digits of SHA-256(speaker key, 0x1F, the words folded);
// empty for a quote without a speaker (the feed carries attributed quotes).
std::string FeedQuoteIdFor(const v1::Quote& quote);

// Adds one quote of `doc` to its feed quote (or starts it) and returns the
// quote as it now stands; nullopt for a quote without a speaker. A quote of
// a document merged before (the document delivered again) returns the
// stored quote unchanged, so that its record is the one published before.
absl::StatusOr<std::optional<v1::FeedQuote>> MergeQuote(StoryIndex& index,
                                                        const v1::Quote& quote,
                                                        const v1::Document& doc,
                                                        int64_t now_micros);

// A quote's feed record: at most kFeedRecordMentions mentions, newest last.
v1::FeedRecord FeedRecordOfQuote(const v1::FeedQuote& quote);

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_QUOTE_MERGE_H_
