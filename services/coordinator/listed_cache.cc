#include "listed_cache.h"

#include <utility>

namespace eventwire::coordinator {

SharedListing ListedCache::Find(const std::string& key, uint64_t* revision) {
  auto it = slots_.find(key);
  if (it == slots_.end()) return nullptr;
  recent_.splice(recent_.begin(), recent_, it->second.recent);
  if (revision) *revision = it->second.revision;
  return it->second.stories;
}

void ListedCache::Erase(const std::string& key) {
  if (auto it = slots_.find(key); it != slots_.end()) Drop(it);
}

void ListedCache::Put(const std::string& key, SharedListing stories,
                      uint64_t revision) {
  if (auto it = slots_.find(key); it != slots_.end()) Drop(it);
  // A key listing more than the whole cache holds is read from the file.
  if (stories->size() > capacity_) return;
  listings_ += stories->size();
  recent_.push_front(key);
  slots_.emplace(key, Slot{std::move(stories), revision, recent_.begin()});
  while (listings_ > capacity_) Drop(slots_.find(recent_.back()));
}

void ListedCache::Clear() {
  slots_.clear();
  recent_.clear();
  listings_ = 0;
}

void ListedCache::Drop(std::unordered_map<std::string, Slot>::iterator slot) {
  listings_ -= slot->second.stories->size();
  recent_.erase(slot->second.recent);
  slots_.erase(slot);
}

}  // namespace eventwire::coordinator
