#include "input_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

namespace eventwire::ingest {
namespace {
namespace fs = std::filesystem;

class InputReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ew-reader-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "sub");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const fs::path& p, const std::string& content) {
    std::ofstream(dir_ / p, std::ios::binary) << content;
  }
  std::vector<v1::Document> Read(const std::vector<std::string>& inputs,
                                 std::vector<InputError>* errors = nullptr) {
    std::vector<v1::Document> docs;
    auto errs = ReadInputs(
        inputs, {}, [&](v1::Document&& d) { docs.push_back(std::move(d)); });
    if (errors) *errors = errs;
    return docs;
  }
  static std::string Gzip(const std::string& s) {
    std::string out(compressBound(s.size()) + 64, '\0');
    z_stream zs{};
    deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                 Z_DEFAULT_STRATEGY);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
    zs.avail_in = s.size();
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = out.size();
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
  }
  fs::path dir_;
};

TEST_F(InputReaderTest, WalksFoldersRecursivelyWithRelativeIds) {
  Write("a.txt", "Alpha text.");
  Write("sub/b.html", "<p>Beta</p>");
  Write("sub/c.html.gz", Gzip("<p>Gamma</p>"));
  Write("ignored.png", "\x89PNG");
  auto docs = Read({dir_.string()});
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].id(), "a.txt");
  EXPECT_EQ(docs[0].media_type(), "text/plain");
  EXPECT_EQ(docs[1].id(), "sub/b.html");
  EXPECT_EQ(docs[1].media_type(), "text/html");
  EXPECT_EQ(docs[2].id(), "sub/c.html.gz");
  EXPECT_TRUE(IsGzip(docs[2].raw()));  // the stage undoes gzip
}

// A folder of links (copies of a corpus under new names) gives each link's
// own path as the id, not the path of the file it points to.
TEST_F(InputReaderTest, LinkedFilesAreNamedWhereTheyAre) {
  Write("a.txt", "Alpha text.");
  fs::create_directories(dir_ / "copies" / "one");
  fs::create_directories(dir_ / "copies" / "two");
  fs::create_symlink(dir_ / "a.txt", dir_ / "copies" / "one" / "a.txt");
  fs::create_symlink(dir_ / "a.txt", dir_ / "copies" / "two" / "a.txt");
  auto docs = Read({(dir_ / "copies").string()});
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].id(), "one/a.txt");
  EXPECT_EQ(docs[1].id(), "two/a.txt");
  EXPECT_EQ(docs[1].raw(), "Alpha text.");
}

TEST_F(InputReaderTest, SplitsJsonLinesByRecordIdAndKeepsMalformedLines) {
  Write("feed.jsonl",
        "{\"id\": \"r1\", \"text\": \"one\"}\n\n"
        "{\"url\": \"http://x\", \"text\": \"no id\"}\n"
        "{not json\n");
  auto docs = Read({(dir_ / "feed.jsonl").string()});
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].id(), "r1");
  EXPECT_EQ(docs[0].media_type(), kRecordMediaType);
  EXPECT_EQ(docs[1].id(), "feed.jsonl:3");  // line numbers count blank lines
  EXPECT_EQ(docs[2].id(), "feed.jsonl:4");
  EXPECT_EQ(docs[2].raw(), "{not json");
}

TEST_F(InputReaderTest, ReadsGzippedJsonLinesAndReportsTruncatedOnes) {
  std::string gz = Gzip("{\"id\": \"z1\", \"text\": \"zipped\"}\n");
  Write("ok.jsonl.gz", gz);
  Write("bad.jsonl.gz", gz.substr(0, gz.size() / 2));
  std::vector<InputError> errors;
  auto docs = Read({dir_.string()}, &errors);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id(), "z1");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].input, "bad.jsonl.gz");
  EXPECT_NE(errors[0].message.find("truncated"), std::string::npos)
      << errors[0].message;
}

TEST_F(InputReaderTest, JsonArraysAreRecords) {
  Write("arr.json",
        "[{\"id\": \"a\", \"text\": \"x\"}, {\"id\": \"b\", \"html\": "
        "\"<p>y</p>\"}]");
  auto docs = Read({(dir_ / "arr.json").string()});
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].id(), "a");
  EXPECT_EQ(docs[1].id(), "b");
}

TEST_F(InputReaderTest, MissingInputIsAnError) {
  std::vector<InputError> errors;
  auto docs = Read({(dir_ / "nope.txt").string()}, &errors);
  EXPECT_TRUE(docs.empty());
  ASSERT_EQ(errors.size(), 1u);
}

TEST(Gunzip, RefusesOutputOverTheLimit) {
  std::string big(1 << 20, 'a');
  std::string out(compressBound(big.size()), '\0');
  uLongf n = out.size();
  compress(reinterpret_cast<Bytef*>(out.data()), &n,
           reinterpret_cast<const Bytef*>(big.data()), big.size());
  out.resize(n);
  std::string plain;
  absl::Status st = Gunzip(out, 1000, &plain);
  EXPECT_EQ(st.code(), absl::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace eventwire::ingest
