// Structured logging: one line per record, with time, component and level,
// and the document and trace a line is about.
#ifndef EVENTWIRE_LOGGING_H_
#define EVENTWIRE_LOGGING_H_

#include <memory>
#include <string>
#include <string_view>

#include "spdlog/formatter.h"

namespace eventwire {

// Logs go to standard error as
//   `time level component[pid] message document=ID trace=TRACE`
// (the last two while a LogContext is alive on the thread), so that the
// processes tools/run starts can be told apart in one stream and one
// document followed across them.
void SetupLogging(const std::string& component, const std::string& level);
// The formatter SetupLogging gives its logger.
std::unique_ptr<spdlog::formatter> NewLogFormatter();

// While alive, every log line of this thread names `document_id` and
// `trace_id`. Nests: the inner one wins until it ends.
class LogContext {
 public:
  LogContext(std::string_view document_id, std::string_view trace_id);
  ~LogContext();
  LogContext(const LogContext&) = delete;
  LogContext& operator=(const LogContext&) = delete;

  // What the current thread's lines carry ("" when none).
  static std::string_view DocumentId();
  static std::string_view TraceId();

 private:
  std::string saved_document_, saved_trace_;
};

// A new trace id: 32 random lower-case hex digits.
std::string NewTraceId();

}  // namespace eventwire

#endif  // EVENTWIRE_LOGGING_H_
