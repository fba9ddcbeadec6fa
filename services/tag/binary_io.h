// Fixed-size values in and out of the model files' byte strings (host byte
// order: the models are written and read by this build's own tools).
#ifndef EVENTWIRE_SERVICES_TAG_BINARY_IO_H_
#define EVENTWIRE_SERVICES_TAG_BINARY_IO_H_

#include <cstring>
#include <string>
#include <string_view>

namespace eventwire::tag {

template <typename T>
void Append(std::string* out, T value) {
  out->append(reinterpret_cast<const char*>(&value), sizeof(value));
}

// Reads one T from the front of `in`; false when fewer bytes are left.
template <typename T>
bool Take(std::string_view* in, T* value) {
  if (in->size() < sizeof(T)) return false;
  std::memcpy(value, in->data(), sizeof(T));
  in->remove_prefix(sizeof(T));
  return true;
}

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_BINARY_IO_H_
