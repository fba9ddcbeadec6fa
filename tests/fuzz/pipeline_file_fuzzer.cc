// libFuzzer target: the coordinator's pipeline file parser on arbitrary
// text. Malformed files must give an error, never a crash or an exception
// escaping the parser.
#include <cstddef>
#include <cstdint>
#include <string>

#include "pipeline_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 65536) return 0;
  const std::string yaml(reinterpret_cast<const char*>(data), size);
  (void)eventwire::coordinator::ParsePipelineConfig(yaml, "/nonexistent");
  return 0;
}
