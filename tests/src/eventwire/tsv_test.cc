#include "eventwire/tsv.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

namespace eventwire {
namespace {

std::string WriteFile(const std::string& name, const std::string& content) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << content;
  return path;
}

TEST(ReadTsv, SkipsCommentsAndBlankLines) {
  std::string path =
      WriteFile("ok.tsv", "# a comment\n\nKyiv\tGPE\tUKR\n\nOslo\tGPE\tNOR\n");
  std::vector<std::string> names;
  absl::Status status =
      ReadTsv(path, 3, "name, type, country",
              [&](const std::vector<std::string>& f) -> absl::Status {
                names.push_back(f[0]);
                return absl::OkStatus();
              });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(names, (std::vector<std::string>{"Kyiv", "Oslo"}));
}

TEST(ReadTsv, ErrorsNameTheFileAndLine) {
  std::string path = WriteFile("short.tsv", "Kyiv\tGPE\tUKR\n# c\nOslo\tGPE\n");
  absl::Status status =
      ReadTsv(path, 3, "name, type, country",
              [](const std::vector<std::string>&) { return absl::OkStatus(); });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), path + ":3: expected name, type, country");

  status =
      ReadTsv(path, 2, "name, type", [](const std::vector<std::string>& f) {
        return f[0] == "Oslo" ? absl::InvalidArgumentError("no Oslo here")
                              : absl::OkStatus();
      });
  EXPECT_EQ(status.message(), path + ":3: no Oslo here");

  EXPECT_EQ(
      ReadTsv(path + ".missing", 1, "",
              [](const std::vector<std::string>&) { return absl::OkStatus(); })
          .code(),
      absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace eventwire
