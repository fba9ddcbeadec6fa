// A NATS server with JetStream for tests: its own port and storage folder.
#ifndef EVENTWIRE_TESTS_TESTING_NATS_SERVER_H_
#define EVENTWIRE_TESTS_TESTING_NATS_SERVER_H_

#include <memory>
#include <string>

#include "testing/process.h"

namespace eventwire::testing {

class NatsServer {
 public:
  // The nats-server binary, or "" when it is not installed.
  static std::string Binary();
  // Starts it with storage in `dir` and, when given, these lines of server
  // configuration (e.g. "max_payload: 16384"); url() is empty when it did
  // not come up within `timeout_ms`.
  explicit NatsServer(const std::string& dir, int timeout_ms = 10000,
                      const std::string& config = "");
  const std::string& url() const { return url_; }
  Process& process() { return *process_; }

 private:
  std::unique_ptr<Process> process_;
  std::string url_;
};

// A TCP port nothing listens on now.
int UnusedPort();

}  // namespace eventwire::testing

#endif  // EVENTWIRE_TESTS_TESTING_NATS_SERVER_H_
