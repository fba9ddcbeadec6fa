#include "eventwire/logging.h"

#include <unistd.h>

#include <cstdlib>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "eventwire/utf8.h"
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

void Put(spdlog::memory_buf_t& dest, std::string_view s) {
  dest.append(s.data(), s.data() + s.size());
}

// `s` as the inside of a JSON string: quotes, backslashes and control
// characters escaped, bytes that are not UTF-8 replaced (a log line names
// documents by whatever id their submitter gave).
void AppendJsonString(std::string_view s, spdlog::memory_buf_t& dest) {
  const std::string valid = RepairUtf8(s).text;
  for (const char c : valid) {
    switch (c) {
      case '"':
        Put(dest, "\\\"");
        break;
      case '\\':
        Put(dest, "\\\\");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          const std::string escaped =
              absl::StrFormat("\\u%04x", static_cast<unsigned char>(c));
          Put(dest, escaped);
        } else {
          dest.push_back(c);
        }
    }
  }
}

// One JSON object per line, for log collectors: time (UTC), level,
// component, pid, message and, while a LogContext is alive, document and
// trace.
class JsonFormatter : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg,
              spdlog::memory_buf_t& dest) override {
    const std::string time =
        absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::FromChrono(msg.time),
                         absl::UTCTimeZone());
    const auto field = [&](std::string_view key, std::string_view value) {
      Put(dest, ",\"");
      Put(dest, key);
      Put(dest, "\":\"");
      AppendJsonString(value, dest);
      dest.push_back('"');
    };
    Put(dest, "{\"time\":\"");
    Put(dest, time);
    dest.push_back('"');
    const auto level = spdlog::level::to_string_view(msg.level);
    field("level", std::string_view(level.data(), level.size()));
    field("component",
          std::string_view(msg.logger_name.data(), msg.logger_name.size()));
    const std::string pid = absl::StrCat(",\"pid\":", getpid());
    Put(dest, pid);
    field("message", std::string_view(msg.payload.data(), msg.payload.size()));
    if (!current_document.empty()) field("document", current_document);
    if (!current_trace.empty()) field("trace", current_trace);
    Put(dest, "}\n");
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }
};

}  // namespace

std::unique_ptr<spdlog::formatter> NewLogFormatter() {
  const char* format = std::getenv("EVENTWIRE_LOG_FORMAT");
  if (format != nullptr && std::string_view(format) == "json")
    return std::make_unique<JsonFormatter>();
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
