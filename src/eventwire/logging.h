// Structured logging: one line per record, with time, component and level.
#ifndef EVENTWIRE_LOGGING_H_
#define EVENTWIRE_LOGGING_H_

#include <string>

namespace eventwire {

// Logs go to standard error as `time level component message`, so that the
// processes tools/run starts can be told apart in one stream.
void SetupLogging(const std::string& component, const std::string& level);

}  // namespace eventwire

#endif  // EVENTWIRE_LOGGING_H_
