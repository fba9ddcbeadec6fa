// Identifiers derived from content that must never change: feed-event ids
// and NATS subject tokens are stored by users and de-duplicated on across
// coordinators, so they come from SHA-256 (a fixed, published function), not
// from std::hash, whose values the C++ standard leaves to each library build.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_STABLE_HASH_H_
#define EVENTWIRE_SERVICES_COORDINATOR_STABLE_HASH_H_

#include <string>

#include "absl/strings/string_view.h"

namespace eventwire::coordinator {

// The first `hex_digits` (at most 64) lower-case hex digits of SHA-256(data).
std::string Sha256Hex(absl::string_view data, size_t hex_digits = 64);

// The id of the feed event an event starts: "fe-" and 16 hex digits of
// SHA-256(document id, 0x1F, event id). Pinned by a test: changing it
// re-identifies every story in every store.
std::string FeedEventIdFor(absl::string_view document_id,
                           absl::string_view event_id);

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_STABLE_HASH_H_
