// Debian's Abseil has its own string_view type (not std::string_view); these
// adapt between the two without copying.
#ifndef EVENTWIRE_STRINGS_H_
#define EVENTWIRE_STRINGS_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace eventwire {

inline absl::string_view Av(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view Sv(absl::string_view s) { return {s.data(), s.size()}; }

}  // namespace eventwire

#endif  // EVENTWIRE_STRINGS_H_
