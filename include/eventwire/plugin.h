// Writing an in-process plugin in C++: implement eventwire::Stage, then in
// one source file of the shared library
//
//   EVENTWIRE_PLUGIN(MakeMyStage)
//
// where MakeMyStage is
//   absl::StatusOr<std::unique_ptr<eventwire::Stage>> MakeMyStage(
//       const std::string& config);
//
// The macro defines the C functions of plugin_abi.h around the stage. Build
// the library with eventwire_add_plugin() (from find_package(eventwire)),
// which hides every other symbol.
#ifndef EVENTWIRE_PLUGIN_H_
#define EVENTWIRE_PLUGIN_H_

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "eventwire/plugin_abi.h"
#include "eventwire/stage.h"

namespace eventwire::plugin_internal {

inline void Fill(EventwireBuffer* buffer, const std::string& bytes) {
  buffer->size = bytes.size();
  buffer->data = static_cast<uint8_t*>(std::malloc(bytes.size() + 1));
  if (buffer->data == nullptr) {
    buffer->size = 0;
    return;
  }
  std::memcpy(buffer->data, bytes.data(), bytes.size());
  buffer->data[bytes.size()] = 0;
}

// Exceptions never cross the C boundary: they become INTERNAL errors.
template <typename Fn>
int32_t Guard(EventwireBuffer* out, Fn&& fn) {
  try {
    return fn();
  } catch (const std::exception& e) {
    Fill(out, std::string("plugin threw: ") + e.what());
  } catch (...) {
    Fill(out, "plugin threw an unknown exception");
  }
  return 13;  // INTERNAL
}

inline int32_t Describe(void* instance, EventwireBuffer* out) {
  return Guard(out, [&] {
    std::string bytes;
    static_cast<const Stage*>(instance)->Describe().SerializeToString(&bytes);
    Fill(out, bytes);
    return 0;
  });
}

inline int32_t Process(void* instance, const uint8_t* data, size_t size,
                       EventwireBuffer* out) {
  return Guard(out, [&] {
    v1::Document doc;
    if (!doc.ParseFromArray(data, static_cast<int>(size))) {
      Fill(out, "the host passed bytes that are not an eventwire.v1.Document");
      return 3;  // INVALID_ARGUMENT
    }
    absl::Status status = static_cast<const Stage*>(instance)->Process(doc);
    if (!status.ok()) {
      Fill(out, std::string(status.message()));
      return static_cast<int32_t>(status.code());
    }
    std::string bytes;
    doc.SerializeToString(&bytes);
    Fill(out, bytes);
    return 0;
  });
}

using Factory = absl::StatusOr<std::unique_ptr<Stage>> (*)(const std::string&);

inline void* Create(Factory factory, const char* config, size_t size,
                    EventwireBuffer* error) {
  void* instance = nullptr;
  int32_t code = Guard(error, [&] {
    absl::StatusOr<std::unique_ptr<Stage>> stage =
        factory(std::string(config == nullptr ? "" : config, size));
    if (!stage.ok()) {
      Fill(error, std::string(stage.status().message()));
      return 3;
    }
    instance = stage->release();
    return 0;
  });
  return code == 0 ? instance : nullptr;
}

inline void FreeBuffer(EventwireBuffer* buffer) {
  std::free(buffer->data);
  buffer->data = nullptr;
  buffer->size = 0;
}

inline void Destroy(void* instance) { delete static_cast<Stage*>(instance); }

}  // namespace eventwire::plugin_internal

#define EVENTWIRE_PLUGIN(factory)                                              \
  extern "C" {                                                                 \
  EVENTWIRE_PLUGIN_EXPORT uint32_t eventwire_plugin_abi_version(void) {        \
    return EVENTWIRE_PLUGIN_ABI_VERSION;                                       \
  }                                                                            \
  EVENTWIRE_PLUGIN_EXPORT void* eventwire_plugin_create(                       \
      const char* config, size_t config_size, EventwireBuffer* error) {        \
    return ::eventwire::plugin_internal::Create(&factory, config, config_size, \
                                                error);                        \
  }                                                                            \
  EVENTWIRE_PLUGIN_EXPORT int32_t                                              \
  eventwire_plugin_describe(void* instance, EventwireBuffer* out) {            \
    return ::eventwire::plugin_internal::Describe(instance, out);              \
  }                                                                            \
  EVENTWIRE_PLUGIN_EXPORT int32_t                                              \
  eventwire_plugin_process(void* instance, const uint8_t* document,            \
                           size_t size, EventwireBuffer* out) {                \
    return ::eventwire::plugin_internal::Process(instance, document, size,     \
                                                 out);                         \
  }                                                                            \
  EVENTWIRE_PLUGIN_EXPORT void eventwire_plugin_free_buffer(                   \
      EventwireBuffer* buffer) {                                               \
    ::eventwire::plugin_internal::FreeBuffer(buffer);                          \
  }                                                                            \
  EVENTWIRE_PLUGIN_EXPORT void eventwire_plugin_destroy(void* instance) {      \
    ::eventwire::plugin_internal::Destroy(instance);                           \
  }                                                                            \
  }

#endif  // EVENTWIRE_PLUGIN_H_
