// What the story index lists under each key, parsed once and kept in memory:
// every merged event reads each of its keys' stories twice, and reading and
// parsing them from the file (SqliteStore) or the server (JetStreamStore,
// with each listing's revision for its compare-and-set) was most of a
// completion's time. Bounded by how many listings it holds; the keys read
// least recently go first.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_LISTED_CACHE_H_
#define EVENTWIRE_SERVICES_COORDINATOR_LISTED_CACHE_H_

#include <cstddef>
#include <cstdint>
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

  // What `key` lists, when held (else null); marks it read. `revision`,
  // when given, gets the revision it was put with.
  SharedListing Find(const std::string& key, uint64_t* revision = nullptr);
  // What `key` lists as committed now, at `revision` where the store has
  // revisions.
  void Put(const std::string& key, SharedListing stories,
           uint64_t revision = 0);
  // Forgets what `key` lists (it changed elsewhere).
  void Erase(const std::string& key);
  // Forgets everything (another writer changed the file).
  void Clear();

  size_t listings() const { return listings_; }
  size_t keys() const { return slots_.size(); }

 private:
  struct Slot {
    SharedListing stories;
    uint64_t revision;
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
