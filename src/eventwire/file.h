// Reading a whole file, with an error that says what the file was for.
#ifndef EVENTWIRE_FILE_H_
#define EVENTWIRE_FILE_H_

#include <string>

#include "absl/status/statusor.h"

namespace eventwire {

// The bytes of `path`; NotFound "cannot read the WHAT 'PATH'" otherwise.
absl::StatusOr<std::string> ReadFile(const std::string& path,
                                     const std::string& what);

}  // namespace eventwire

#endif  // EVENTWIRE_FILE_H_
