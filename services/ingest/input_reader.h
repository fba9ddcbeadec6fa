// Turns files, folders, JSON Lines and standard input into documents to
// submit. Splitting happens here, on the submitting side, because one file
// may hold many records; decoding (gzip, charsets, record fields) is the
// ingest stage's job, so that any client submitting raw bytes gets the same.
#ifndef EVENTWIRE_SERVICES_INGEST_INPUT_READER_H_
#define EVENTWIRE_SERVICES_INGEST_INPUT_READER_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "eventwire/json.h"
#include "eventwire/v1/document.pb.h"

namespace eventwire::ingest {

// The crawler record's media type (eventwire/json.h), here too.
using ::eventwire::kRecordMediaType;

struct ReaderOptions {
  // Files larger than this are still read but the stage decides; this bound
  // protects the reader's memory when splitting JSON Lines.
  size_t max_file_bytes = size_t{1} << 30;
  // Upper bound on a decompressed .jsonl.gz / .json.gz file.
  size_t max_decompressed_bytes = size_t{1} << 30;
  // What the submitter says of every file and standard input that is not a
  // crawler record (records carry their own): published_at, outlet,
  // language, received_date. A file's received_date is otherwise its
  // modification day.
  v1::Metadata defaults;
};

// A problem with an input that produced no document (an unreadable file);
// malformed records still become documents, so the stage reports them.
struct InputError {
  std::string input;
  std::string message;
};

// Calls `emit` for each document found in `inputs` (paths, folders walked
// recursively in sorted order, or "-" for standard input). Documents carry
// id, raw bytes, media type hint and metadata.source. Returns errors for
// inputs that could not be read at all.
std::vector<InputError> ReadInputs(
    const std::vector<std::string>& inputs, const ReaderOptions& options,
    const std::function<void(v1::Document&&)>& emit);

// Media type hint from a file name (".html.gz" -> "text/html"); empty when
// unknown.
std::string MediaTypeForPath(const std::string& path);

// gzip / zlib decompression with an output bound.
absl::Status Gunzip(std::string_view in, size_t max_out, std::string* out);
bool IsGzip(std::string_view bytes);

}  // namespace eventwire::ingest

#endif  // EVENTWIRE_SERVICES_INGEST_INPUT_READER_H_
