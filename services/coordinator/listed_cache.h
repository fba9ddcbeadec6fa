// What the story index lists under each key, parsed once and kept in memory
// by a store that is the only writer of its index (SqliteStore): every
// merged event reads each of its keys' stories twice, and reading and
// parsing them from the file was most of a completion's time. Bounded by
// how many listings it holds; the keys read least recently go first.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_LISTED_CACHE_H_
#define EVENTWIRE_SERVICES_COORDINATOR_LISTED_CACHE_H_

#include <cstddef>
#include <list>
#include <string>
#include <unordered_map>

#include "story_merger.h"

namespace eventwire::coordinator {

class ListedCache {
 public:
  // At most `capacity` listings (a story listed under three keys counts
  // three times), about 64 MB per 65,536.
  explicit ListedCache(size_t capacity) : capacity_(capacity) {}

  // What `key` lists, when held (else null); marks it read.
  SharedListing Find(const std::string& key);
  // What `key` lists as committed now.
  void Put(const std::string& key, SharedListing stories);
  // Forgets everything (another writer changed the file).
  void Clear();

  size_t listings() const { return listings_; }
  size_t keys() const { return slots_.size(); }

 private:
  struct Slot {
    SharedListing stories;
    std::list<std::string>::iterator recent;
  };
  void Drop(std::unordered_map<std::string, Slot>::iterator slot);

  const size_t capacity_;
  std::unordered_map<std::string, Slot> slots_;
  std::list<std::string> recent_;  // most recently read first
  size_t listings_ = 0;
};

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_LISTED_CACHE_H_
