// A minimal HTTP/1.0 GET for tests that read a /metrics endpoint.
#ifndef EVENTWIRE_TESTS_TESTING_HTTP_GET_H_
#define EVENTWIRE_TESTS_TESTING_HTTP_GET_H_

#include <string>

namespace eventwire::testing {

// The response (headers and body) of GET `path` on 127.0.0.1:`port`; empty
// when nothing answers.
std::string HttpGet(int port, const std::string& path);

// Whether `body` has a line that starts with `prefix`, contains `part` and
// ends with `value` (" 5"): one sample of a Prometheus text exposition.
bool HasSample(const std::string& body, const std::string& prefix,
               const std::string& part, const std::string& value);

}  // namespace eventwire::testing

#endif  // EVENTWIRE_TESTS_TESTING_HTTP_GET_H_
