#include "eventwire/logging.h"

#include <random>

#include "absl/strings/str_format.h"
#include "spdlog/pattern_formatter.h"
#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

namespace eventwire {
namespace {

thread_local std::string current_document;
thread_local std::string current_trace;

// The %* flag: " document=ID trace=TRACE" while a LogContext is alive.
class ContextFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    if (current_document.empty() && current_trace.empty()) return;
    if (!current_document.empty()) Append(dest, " document=", current_document);
    if (!current_trace.empty()) Append(dest, " trace=", current_trace);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<ContextFlag>();
  }

 private:
  static void Append(spdlog::memory_buf_t& dest, std::string_view key,
                     const std::string& value) {
    dest.append(key.data(), key.data() + key.size());
    dest.append(value.data(), value.data() + value.size());
  }
};

}  // namespace

std::unique_ptr<spdlog::formatter> NewLogFormatter() {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<ContextFlag>('*').set_pattern(
      "%Y-%m-%dT%H:%M:%S.%e %l %n[%P] %v%*");
  return formatter;
}

void SetupLogging(const std::string& component, const std::string& level) {
  auto logger = spdlog::stderr_logger_mt(component);
  logger->set_formatter(NewLogFormatter());
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
}

LogContext::LogContext(std::string_view document_id, std::string_view trace_id)
    : saved_document_(std::move(current_document)),
      saved_trace_(std::move(current_trace)) {
  current_document.assign(document_id);
  current_trace.assign(trace_id);
}

LogContext::~LogContext() {
  current_document = std::move(saved_document_);
  current_trace = std::move(saved_trace_);
}

std::string_view LogContext::DocumentId() { return current_document; }
std::string_view LogContext::TraceId() { return current_trace; }

std::string NewTraceId() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  uint64_t hi = rng(), lo = rng();
  if (hi == 0 && lo == 0) lo = 1;  // all zeros is not a valid trace id
  return absl::StrFormat("%016x%016x", hi, lo);
}

}  // namespace eventwire
