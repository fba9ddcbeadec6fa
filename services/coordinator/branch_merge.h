// Puts together what the parallel branches of one pipeline step did to a
// document: each branch got the same input; the result has every branch's
// additions and changes. Two branches that change the same thing (the
// title, events[3], attributes["topic"]) or add entities or events under
// the same id are an error that names both.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_BRANCH_MERGE_H_
#define EVENTWIRE_SERVICES_COORDINATOR_BRANCH_MERGE_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "eventwire/v1/document.pb.h"

namespace eventwire::coordinator {

class BranchMerge {
 public:
  explicit BranchMerge(const v1::Document& input)
      : input_(input), merged_(input) {}

  // Adds what `branch` made of the input.
  absl::Status Add(const std::string& branch, const v1::Document& output);
  // The merged document; checks that ids stayed unique.
  absl::Status Finish(v1::Document* out);

 private:
  // Records that `branch` changed `what`; an error if another branch did.
  absl::Status Claim(const std::string& what, const std::string& branch);
  template <typename T>
  absl::Status MergeRepeated(const char* field,
                             const google::protobuf::RepeatedPtrField<T>& in,
                             const google::protobuf::RepeatedPtrField<T>& out,
                             google::protobuf::RepeatedPtrField<T>* merged,
                             const std::string& branch);

  const v1::Document& input_;
  v1::Document merged_;
  std::map<std::string, std::string> claims_;
};

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_BRANCH_MERGE_H_
