#include "stable_hash.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace eventwire::coordinator {

std::string Sha256Hex(absl::string_view data, size_t hex_digits) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  // EVP_Digest fails only when OpenSSL cannot allocate: no id can be formed
  // then, and a wrong one would silently split stories.
  if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(),
                 nullptr) != 1 ||
      size != 32) {
    std::abort();
  }
  std::string hex = absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), 32));
  hex.resize(std::min(hex_digits, hex.size()));
  return hex;
}

std::string FeedEventIdFor(absl::string_view document_id,
                           absl::string_view event_id) {
  return absl::StrCat(
      "fe-", Sha256Hex(absl::StrCat(document_id, "\x1f", event_id), 16));
}

}  // namespace eventwire::coordinator
