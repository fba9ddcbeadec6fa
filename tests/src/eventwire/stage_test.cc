#include "eventwire/stage.h"

#include <gtest/gtest.h>

namespace eventwire {
namespace {

v1::StageDescription Desc(const std::string& name, std::vector<std::string> needs,
                          std::vector<std::string> provides) {
  v1::StageDescription d;
  d.set_name(name);
  d.set_version("1");
  d.set_api_version(kStageApiVersion);
  for (auto& n : needs) d.add_needs(n);
  for (auto& p : provides) d.add_provides(p);
  return d;
}

TEST(ValidateChain, AcceptsAChainWhoseNeedsAreMet) {
  EXPECT_TRUE(ValidateChain({Desc("ingest", {"raw"}, {"metadata"}),
                             Desc("clean", {"metadata"}, {"text"}),
                             Desc("tag", {"text"}, {"mentions"})})
                  .ok());
}

TEST(ValidateChain, RefusesAStageWhoseNeedsComeLater) {
  absl::Status st = ValidateChain({Desc("tag", {"text"}, {"mentions"}),
                                   Desc("clean", {"metadata"}, {"text"})});
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("stage 'tag' needs text"), std::string::npos) << st;
}

TEST(ValidateChain, RefusesUnknownApiVersionAndDuplicates) {
  auto d = Desc("x", {}, {});
  d.set_api_version(99);
  EXPECT_FALSE(ValidateChain({d}).ok());
  EXPECT_FALSE(ValidateChain({Desc("a", {}, {}), Desc("a", {}, {})}).ok());
}

class FailingStage : public Stage {
 public:
  v1::StageDescription Describe() const override { return Desc("broken", {}, {"x"}); }
  absl::Status Process(v1::Document&) const override {
    return absl::InvalidArgumentError("cannot read it");
  }
};

class AddingStage : public Stage {
 public:
  v1::StageDescription Describe() const override { return Desc("adder", {}, {"x"}); }
  absl::Status Process(v1::Document& doc) const override {
    doc.set_title("added");
    return absl::OkStatus();
  }
};

TEST(RunStage, ErrorsNameTheStageAndTheDocument) {
  v1::Document doc;
  doc.set_id("doc-7");
  absl::Status st = RunStage(FailingStage(), doc);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(), "stage 'broken' failed on document 'doc-7': cannot read it");
}

TEST(RunStage, RecordsTraceAndCapabilities) {
  v1::Document doc;
  doc.set_id("d");
  ASSERT_TRUE(RunStage(AddingStage(), doc).ok());
  ASSERT_EQ(doc.trace_size(), 1);
  EXPECT_EQ(doc.trace(0).stage(), "adder");
  ASSERT_EQ(doc.provided_size(), 1);
  EXPECT_EQ(doc.provided(0), "x");
  ASSERT_TRUE(RunStage(AddingStage(), doc).ok());
  EXPECT_EQ(doc.provided_size(), 1);  // not repeated
}

}  // namespace
}  // namespace eventwire
