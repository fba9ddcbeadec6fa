// libFuzzer target: the text-dump path of the cleaning stage on arbitrary
// bytes.
#include <cstddef>
#include <cstdint>

#include "check_offsets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  eventwire::fuzz::CleanAndCheckOffsets(data, size, "text/plain");
  return 0;
}
