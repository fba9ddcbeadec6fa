// A test's view of a running coordinator: submit, wait, read back.
#ifndef EVENTWIRE_TESTS_TESTING_COORDINATOR_CLIENT_H_
#define EVENTWIRE_TESTS_TESTING_COORDINATOR_CLIENT_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "eventwire/v1/coordinator.grpc.pb.h"

namespace eventwire::testing {

class CoordinatorClient {
 public:
  explicit CoordinatorClient(int port);

  v1::Coordinator::Stub& stub() { return *stub_; }
  // Submits documents; returns the ids acknowledged as stored.
  std::vector<std::string> Submit(const std::vector<v1::Document>& docs);
  // Polls until nothing is pending or `timeout_s` passes; the last status.
  v1::PipelineStatus WaitUntilIdle(int timeout_s);
  // Finished documents (the document export).
  std::vector<v1::Document> Documents();
  // The feed from its start.
  std::vector<v1::FeedRecord> Feed();
  // Dead letters by document id, with their documents.
  std::map<std::string, v1::DeadLetter> DeadLetters();

 private:
  std::unique_ptr<v1::Coordinator::Stub> stub_;
};

// A plain-text document as tools/run would submit it.
v1::Document TextDocument(const std::string& id, const std::string& text);

}  // namespace eventwire::testing

#endif  // EVENTWIRE_TESTS_TESTING_COORDINATOR_CLIENT_H_
