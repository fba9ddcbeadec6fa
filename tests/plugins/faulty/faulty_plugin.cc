// A deliberately faulty plugin for the fault-isolation tests, written against
// the raw C ABI (plugin_abi.h) rather than the EVENTWIRE_PLUGIN helper. A
// document whose text contains
//   EW-FAULT:crash    aborts the process,
//   EW-FAULT:hang     never returns,
//   EW-FAULT:bytes    gets bytes back that are not a Document,
//   EW-FAULT:spans    gets a document back whose mention lies outside its text,
//   EW-FAULT:error    gets an error back;
// every other document passes through unchanged. A configuration that says
// "refuse" fails to create; one that says "slow-start PATH" creates the file
// PATH (so a test knows the load has begun) and then takes a minute to load.
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include "eventwire/plugin_abi.h"
#include "eventwire/stage.h"

namespace {

void Fill(EventwireBuffer* out, const std::string& bytes) {
  out->data = static_cast<uint8_t*>(std::malloc(bytes.size() + 1));
  std::memcpy(out->data, bytes.data(), bytes.size());
  out->size = bytes.size();
}

// The ABI version the plugin claims; a test build overrides it to check that
// the host refuses a plugin built for another version.
#ifndef FAULTY_ABI_VERSION
#define FAULTY_ABI_VERSION EVENTWIRE_PLUGIN_ABI_VERSION
#endif

int instance_tag = 0;

}  // namespace

extern "C" {

EVENTWIRE_PLUGIN_EXPORT uint32_t eventwire_plugin_abi_version(void) {
  return FAULTY_ABI_VERSION;
}

EVENTWIRE_PLUGIN_EXPORT void* eventwire_plugin_create(const char* config,
                                                      size_t size,
                                                      EventwireBuffer* error) {
  if (std::string(config, size).find("refuse") != std::string::npos) {
    Fill(error, "configuration says refuse");
    return nullptr;
  }
  // A stage that loads for a long time (large models).
  const std::string text(config, size);
  if (const size_t at = text.find("slow-start "); at != std::string::npos) {
    std::string marker = text.substr(at + std::strlen("slow-start "));
    marker = marker.substr(0, marker.find('\n'));
    std::ofstream(marker) << "loading\n";
    std::this_thread::sleep_for(std::chrono::minutes(1));
  }
  return &instance_tag;
}

EVENTWIRE_PLUGIN_EXPORT int32_t
eventwire_plugin_describe(void*, EventwireBuffer* out) {
  eventwire::v1::StageDescription d = eventwire::MakeDescription(
      "faulty", "1.0.0", {eventwire::capability::kText}, {}, true,
      "fails on purpose on marked documents");
  Fill(out, d.SerializeAsString());
  return 0;
}

EVENTWIRE_PLUGIN_EXPORT int32_t eventwire_plugin_process(void*,
                                                         const uint8_t* data,
                                                         size_t size,
                                                         EventwireBuffer* out) {
  eventwire::v1::Document doc;
  if (!doc.ParseFromArray(data, static_cast<int>(size))) {
    Fill(out, "not a document");
    return 3;
  }
  const std::string& text = doc.text();
  if (text.find("EW-FAULT:crash") != std::string::npos) std::abort();
  if (text.find("EW-FAULT:hang") != std::string::npos) {
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
  }
  if (text.find("EW-FAULT:bytes") != std::string::npos) {
    Fill(out, "\xff\xff\xff garbage, not a protobuf");
    return 0;
  }
  if (text.find("EW-FAULT:spans") != std::string::npos) {
    eventwire::v1::Mention* m = doc.add_mentions();
    m->set_begin(static_cast<uint32_t>(text.size()) + 10);
    m->set_end(static_cast<uint32_t>(text.size()) + 20);
  }
  if (text.find("EW-FAULT:error") != std::string::npos) {
    Fill(out, "this document is marked to fail");
    return 3;
  }
  Fill(out, doc.SerializeAsString());
  return 0;
}

EVENTWIRE_PLUGIN_EXPORT void eventwire_plugin_free_buffer(
    EventwireBuffer* buffer) {
  std::free(buffer->data);
  buffer->data = nullptr;
  buffer->size = 0;
}

EVENTWIRE_PLUGIN_EXPORT void eventwire_plugin_destroy(void*) {}

}  // extern "C"
