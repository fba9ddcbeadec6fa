#include "ner_model.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ner_features.h"
#include "tag_stage.h"

namespace eventwire::tag {
namespace {

std::vector<NerToken> Tokens(const std::vector<std::string>& words) {
  std::vector<NerToken> out;
  for (const auto& w : words) out.push_back(MakeNerToken(w));
  if (!out.empty()) out[0].sentence_start = true;
  return out;
}

TEST(NerModel, LearnsFromExamplesAndKeepsBio) {
  NerModel model;
  const std::vector<std::vector<std::string>> sentences = {
      {"Maria", "Lopez", "visited", "Lima", "."},
      {"The", "bank", "hired", "John", "Smith", "."},
      {"Anna", "Berg", "left", "Oslo", "yesterday", "."},
      {"Officials", "in", "Paris", "met", "Peter", "Novak", "."}};
  const std::vector<std::vector<uint8_t>> gold = {
      {kBeginPer, kInsidePer, kOutside, kBeginLoc, kOutside},
      {kOutside, kOutside, kOutside, kBeginPer, kInsidePer, kOutside},
      {kBeginPer, kInsidePer, kOutside, kBeginLoc, kOutside, kOutside},
      {kOutside, kOutside, kBeginLoc, kOutside, kBeginPer, kInsidePer,
       kOutside}};
  for (int epoch = 0; epoch < 10; ++epoch) {
    for (size_t s = 0; s < sentences.size(); ++s)
      model.Train(Tokens(sentences[s]), gold[s]);
  }
  model.Average();
  std::vector<uint8_t> labels;
  model.Tag(Tokens(sentences[1]), &labels);
  EXPECT_EQ(labels, gold[1]);
  // I- never follows O.
  model.Tag(Tokens({"the", "Smith", "Lopez", "said"}), &labels);
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] == kInsidePer)
      EXPECT_TRUE(i > 0 && NerType(labels[i - 1]) == 1);
  }
}

TEST(NerModel, SavesAndLoadsTheSameModel) {
  NerModel model;
  model.Train(Tokens({"Maria", "Lopez", "spoke"}),
              {kBeginPer, kInsidePer, kOutside});
  model.Average();
  const std::string path = ::testing::TempDir() + "/ner-test.model";
  ASSERT_TRUE(model.Save(path).ok());
  auto loaded = NerModel::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  std::vector<uint8_t> a, b;
  model.Tag(Tokens({"Maria", "Lopez", "spoke"}), &a);
  (*loaded)->Tag(Tokens({"Maria", "Lopez", "spoke"}), &b);
  EXPECT_EQ(a, b);
  std::filesystem::remove(path);
  EXPECT_FALSE(NerModel::Load(path).ok());
}

TEST(NerModel, TheShippedModelFindsNames) {
  auto model = NerModel::Load(std::string(EW_RESOURCE_DIR) + "/ner.model");
  ASSERT_TRUE(model.ok()) << model.status();
  auto gazetteer =
      Gazetteer::Load(std::string(EW_RESOURCE_DIR) + "/gazetteer.tsv",
                      TagOptions().iso_codes_dir, nullptr);
  ASSERT_TRUE(gazetteer.ok()) << gazetteer.status();
  const std::vector<std::string> words = {
      "Yesterday", ",",       "Angela", "Merkel", "met", "executives",
      "of",        "Siemens", "in",     "Munich", "."};
  std::vector<std::string_view> views(words.begin(), words.end());
  std::vector<bool> starts(words.size(), false);
  starts[0] = true;
  auto lexicon = Lexicon::Load(TagOptions().word_list);
  ASSERT_TRUE(lexicon.ok()) << lexicon.status();
  auto clusters =
      WordClusters::Load(std::string(EW_RESOURCE_DIR) + "/word-clusters.tsv");
  ASSERT_TRUE(clusters.ok()) << clusters.status();
  std::vector<NerToken> tokens =
      PrepareNerTokens(views, starts, **gazetteer, **lexicon, clusters->get());
  std::vector<uint8_t> labels;
  TagDocument(**model, tokens, {{0, tokens.size()}}, &labels);
  EXPECT_EQ(labels[2], kBeginPer);
  EXPECT_EQ(labels[3], kInsidePer);
  EXPECT_EQ(NerType(labels[9]), 3);  // Munich: a place
}

TEST(Lexicon, TellsCommonWordsFromProperNouns) {
  const std::string path = ::testing::TempDir() + "/lexicon_test_words.txt";
  {
    std::ofstream out(path);
    out << "joke\nkilling\nAaron\nAaron's\nGreen\ngreen\n";
  }
  auto lexicon = Lexicon::Load(path);
  ASSERT_TRUE(lexicon.ok()) << lexicon.status();
  EXPECT_TRUE((*lexicon)->IsCommonWord("joke"));
  EXPECT_FALSE((*lexicon)->IsCommonWord("aaron"));
  EXPECT_TRUE((*lexicon)->IsProperNoun("Aaron"));
  EXPECT_FALSE((*lexicon)->IsProperNoun("Aaron's"));
  EXPECT_TRUE((*lexicon)->IsCommonWord("green"));
  EXPECT_TRUE((*lexicon)->IsProperNoun("Green"));
  std::vector<std::string_view> words = {"Killing", "Joke", "met", "Aaron"};
  auto gazetteer =
      Gazetteer::Load(std::string(EW_RESOURCE_DIR) + "/gazetteer.tsv",
                      TagOptions().iso_codes_dir, nullptr);
  ASSERT_TRUE(gazetteer.ok());
  auto tokens = PrepareNerTokens(words, {true, false, false, false},
                                 **gazetteer, **lexicon, nullptr);
  EXPECT_EQ(tokens[0].lexicon, kCommonWord);
  EXPECT_EQ(tokens[3].lexicon, kProperNoun);
}

TEST(Lexicon, AMissingWordListIsAClearError) {
  auto lexicon = Lexicon::Load("/nonexistent/words");
  ASSERT_FALSE(lexicon.ok());
  EXPECT_NE(lexicon.status().message().find("wamerican"), std::string::npos);
}

}  // namespace
}  // namespace eventwire::tag
