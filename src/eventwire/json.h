// The JSON forms of the contract: the document export that score.py reads,
// and JSON Lines records from crawlers.
#ifndef EVENTWIRE_JSON_H_
#define EVENTWIRE_JSON_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "eventwire/v1/document.pb.h"
#include "google/protobuf/message.h"
#include "google/protobuf/struct.pb.h"

namespace eventwire {

// The media type of one crawler record (a JSON object with id, url,
// published_at, title, outlet and text or html): what `eventwire submit`
// and the coordinator's HTTP submit send, and the ingest stage unpacks.
inline constexpr char kRecordMediaType[] =
    "application/vnd.eventwire.record+json";

// One line of JSON (no newline) with proto field names and every field
// printed, zero offsets included.
absl::StatusOr<std::string> MessageToJsonLine(
    const google::protobuf::Message& message);

// The document export: the document without its raw bytes and tokens unless
// asked for.
absl::StatusOr<std::string> DocumentToJsonLine(const v1::Document& doc,
                                               bool include_raw = false);

absl::StatusOr<google::protobuf::Struct> ParseJsonObject(std::string_view json);

// A string field of a JSON object; numbers are printed without a fraction.
std::string StructString(const google::protobuf::Struct& s,
                         const std::string& key);
// A boolean field of a JSON object: true for `true`, "true" and non-zero
// numbers; false when absent.
bool StructBool(const google::protobuf::Struct& s, const std::string& key);

}  // namespace eventwire

#endif  // EVENTWIRE_JSON_H_
