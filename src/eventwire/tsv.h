// Reading the tab-separated resource files (gazetteer, trigger lexicon).
#ifndef EVENTWIRE_TSV_H_
#define EVENTWIRE_TSV_H_

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace eventwire {

// Calls `row` with the fields of every line of `path` except blank lines and
// '#' comments. A line with fewer than `min_fields` fields fails with
// `expected`; an error `row` returns fails the whole read. Either error reads
// "<path>:<line>: <message>", so a bad resource file names the line to fix.
absl::Status ReadTsv(
    const std::string& path, size_t min_fields, absl::string_view expected,
    absl::FunctionRef<absl::Status(const std::vector<std::string>&)> row);

}  // namespace eventwire

#endif  // EVENTWIRE_TSV_H_
