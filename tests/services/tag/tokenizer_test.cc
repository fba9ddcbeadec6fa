#include "tokenizer.h"

#include <gtest/gtest.h>

namespace eventwire::tag {
namespace {

std::vector<std::string> Surfaces(const v1::Document& doc) {
  std::vector<std::string> out;
  for (const auto& t : doc.tokens())
    out.push_back(doc.text().substr(t.begin(), t.end() - t.begin()));
  return out;
}

std::vector<std::string> Sentences(const v1::Document& doc) {
  std::vector<std::string> out;
  for (const auto& s : doc.sentences())
    out.push_back(doc.text().substr(s.begin(), s.end() - s.begin()));
  return out;
}

TEST(Tokenizer, WordsPossessivesInitialismsAndQuotes) {
  v1::Document doc;
  doc.set_text(
      "The U.S. envoy met Zelenskyy\xE2\x80\x99s team, didn't he? "
      "\xE2\x80\x9CYes.\xE2\x80\x9D");
  Tokenize(doc);
  std::vector<std::string> expected = {
      "The",          "U.S.",          "envoy", "met",
      "Zelenskyy",    "\xE2\x80\x99s", "team",  ",",
      "did",          "n't",           "he",    "?",
      "\xE2\x80\x9C", "Yes",           ".",     "\xE2\x80\x9D"};
  EXPECT_EQ(Surfaces(doc), expected);
  EXPECT_EQ(doc.tokens(1).norm(), "u s");
}

TEST(Tokenizer, ContractionsSplitAsTreebanksDo) {
  v1::Document doc;
  doc.set_text(
      "I'm sure they'll say we can't, won\xE2\x80\x99t or shouldn't; "
      "O'Neill's rock'n'roll isn't what we'd do.");
  Tokenize(doc);
  std::vector<std::string> expected = {
      "I",           "'m",     "sure", "they", "'ll",     "say",
      "we",          "ca",     "n't",  ",",    "wo",      "n\xE2\x80\x99t",
      "or",          "should", "n't",  ";",    "O'Neill", "'s",
      "rock'n'roll", "is",     "n't",  "what", "we",      "'d",
      "do",          "."};
  EXPECT_EQ(Surfaces(doc), expected);
}

TEST(Tokenizer, NumbersKeepThousandsSeparatorsAndRepeatedMarksStayOne) {
  v1::Document doc;
  doc.set_text("About 5,000 troops, 1,250,000 people, 3, 4!! Really?? Yes.");
  Tokenize(doc);
  std::vector<std::string> expected = {
      "About", "5,000", "troops", ",",      "1,250,000", "people", ",", "3",
      ",",     "4",     "!!",     "Really", "??",        "Yes",    "."};
  EXPECT_EQ(Surfaces(doc), expected);
  EXPECT_EQ(Sentences(doc).size(), 3u);
}

TEST(Tokenizer, SentencesRespectAbbreviationsQuotesAndLines) {
  v1::Document doc;
  doc.set_text(
      "Mr. Smith met Gen. Jones in St. Louis. \"We agreed,\" he said. It was "
      "broadcast on X. "
      "\"Peace is near,\" she added.\nA new paragraph starts here");
  Tokenize(doc);
  std::vector<std::string> expected = {
      "Mr. Smith met Gen. Jones in St. Louis.", "\"We agreed,\" he said.",
      "It was broadcast on X.", "\"Peace is near,\" she added.",
      "A new paragraph starts here"};
  EXPECT_EQ(Sentences(doc), expected);
}

TEST(Tokenizer, AbbreviationsAndInitialsKeepTheirPeriod) {
  v1::Document doc;
  doc.set_text("Mr. Anna K. Berg won 2. Then Dr. Li left.");
  Tokenize(doc);
  std::vector<std::string> expected = {"Mr.", "Anna", "K.",   "Berg",
                                       "won", "2",    ".",    "Then",
                                       "Dr.", "Li",   "left", "."};
  EXPECT_EQ(Surfaces(doc), expected);
  EXPECT_EQ(doc.tokens(0).norm(), "mr");
  // A number's period ends the sentence; an initial's does not.
  std::vector<std::string> sentences = {"Mr. Anna K. Berg won 2.",
                                        "Then Dr. Li left."};
  EXPECT_EQ(Sentences(doc), sentences);
}

TEST(Tokenizer, SentenceTokensCoverTheText) {
  v1::Document doc;
  doc.set_text("One. Two three! Four?");
  Tokenize(doc);
  int covered = 0;
  for (const auto& s : doc.sentences()) covered += s.token_count();
  EXPECT_EQ(covered, doc.tokens_size());
}

}  // namespace
}  // namespace eventwire::tag
