#include "eventwire/tsv.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace eventwire {

absl::Status ReadTsv(
    const std::string& path, size_t min_fields, absl::string_view expected,
    absl::FunctionRef<absl::Status(const std::vector<std::string>&)> row) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields = absl::StrSplit(line, '\t');
    absl::Status status =
        fields.size() < min_fields
            ? absl::InvalidArgumentError(absl::StrCat("expected ", expected))
            : row(fields);
    if (!status.ok()) {
      return absl::Status(status.code(), absl::StrCat(path, ":", line_no, ": ",
                                                      status.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace eventwire
