// Learns word classes from plain text for the tagger and parser features
// (services/tag/word_clusters.h): the exchange algorithm (Kneser and Ney
// 1993; Martin, Liermann and Ney 1998) maximising the likelihood of a class
// bigram model, run once for each number of classes asked for.
//
//   eventwire-train-clusters --input sentences.txt --classes 64,256,1024
//       --output resources/word-clusters.tsv
//
// Input: one tokenised sentence a line (tools/parser/prepare_unlabeled.py).
// Words are known by NormalForm (lower case, digits as shapes). Deterministic:
// words are visited in a fixed order and ties go to the lowest class.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "syntax_features.h"

ABSL_FLAG(std::string, input, "", "Sentences, one a line, tokens by spaces");
ABSL_FLAG(std::string, output, "", "Write word<TAB>class... here");
ABSL_FLAG(std::string, classes, "64,256,1024",
          "Numbers of classes, one clustering each (comma-separated)");
ABSL_FLAG(int, min_count, 3, "Words seen fewer times are not clustered");
ABSL_FLAG(int, iterations, 15, "Most passes over the vocabulary");

namespace {

struct Corpus {
  std::vector<std::string> words;  // by id; id 0 is the sentence boundary
  std::vector<uint64_t> counts;
  // Bigram counts, both ways: right[w] = (next word, count), left likewise.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> right, left;
  uint64_t tokens = 0;
};

bool ReadCorpus(const std::string& path, int min_count, Corpus* corpus) {
  std::ifstream in(path);
  if (!in) return false;
  std::vector<std::vector<std::string>> sentences;
  std::unordered_map<std::string, uint64_t> counts;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> sentence;
    for (absl::string_view token :
         absl::StrSplit(line, ' ', absl::SkipEmpty())) {
      sentence.push_back(eventwire::tag::NormalForm(
          std::string_view(token.data(), token.size())));
      ++counts[sentence.back()];
    }
    if (!sentence.empty()) sentences.push_back(std::move(sentence));
  }
  // Ids by falling frequency, then by the word: a fixed order.
  std::vector<std::pair<uint64_t, std::string>> ranked;
  for (const auto& [word, count] : counts) {
    if (count >= static_cast<uint64_t>(min_count))
      ranked.push_back({count, word});
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  corpus->words = {"</s>", "<rare>"};
  std::unordered_map<std::string, uint32_t> ids;
  for (const auto& [count, word] : ranked) {
    ids[word] = static_cast<uint32_t>(corpus->words.size());
    corpus->words.push_back(word);
  }
  const size_t v = corpus->words.size();
  corpus->counts.assign(v, 0);
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> bigrams;
  for (const auto& sentence : sentences) {
    uint32_t prev = 0;
    for (const std::string& word : sentence) {
      auto it = ids.find(word);
      const uint32_t id = it == ids.end() ? 1 : it->second;
      ++corpus->counts[id];
      ++bigrams[{prev, id}];
      prev = id;
      ++corpus->tokens;
    }
    ++corpus->counts[0];
    ++bigrams[{prev, 0}];
    ++corpus->tokens;
  }
  corpus->right.assign(v, {});
  corpus->left.assign(v, {});
  for (const auto& [pair, count] : bigrams) {
    corpus->right[pair.first].push_back({pair.second, count});
    corpus->left[pair.second].push_back({pair.first, count});
  }
  return true;
}

class Exchange {
 public:
  Exchange(const Corpus& corpus, int classes)
      : corpus_(corpus),
        c_(classes),
        word_class_(corpus.words.size()),
        unigram_(classes, 0),
        bigram_(size_t(classes) * classes, 0),
        bigram_t_(size_t(classes) * classes, 0),
        xlogx_(corpus.tokens + 2, 0.0) {
    for (size_t x = 1; x < xlogx_.size(); ++x)
      xlogx_[x] = static_cast<double>(x) * std::log(static_cast<double>(x));
    // The boundary keeps class 0 to itself; words start round-robin by rank.
    for (size_t w = 0; w < word_class_.size(); ++w)
      word_class_[w] = w == 0 ? 0 : 1 + (w - 1) % (c_ - 1);
    for (size_t w = 0; w < word_class_.size(); ++w) {
      unigram_[word_class_[w]] += corpus_.counts[w];
      for (const auto& [next, count] : corpus_.right[w])
        AddBigram(word_class_[w], word_class_[next], count);
    }
  }

  double Objective() const {
    double f = 0;
    for (int64_t n : bigram_) f += F(n);
    for (int64_t n : unigram_) f -= 2 * F(n);
    return f;
  }

  // One pass over the words (the boundary stays put); returns how many
  // changed class.
  size_t Pass() {
    size_t moved = 0;
    std::vector<int64_t> left(c_), right(c_);
    std::vector<uint32_t> left_used, right_used;
    std::vector<double> delta(c_);
    for (size_t w = 1; w < word_class_.size(); ++w) {
      const uint32_t from = word_class_[w];
      const int64_t n = static_cast<int64_t>(corpus_.counts[w]);
      int64_t self = 0;
      left_used.clear();
      right_used.clear();
      for (const auto& [prev, count] : corpus_.left[w]) {
        if (prev == w) {
          self += count;
          continue;
        }
        const uint32_t c = word_class_[prev];
        if (left[c] == 0) left_used.push_back(c);
        left[c] += count;
      }
      for (const auto& [next, count] : corpus_.right[w]) {
        if (next == w) continue;
        const uint32_t c = word_class_[next];
        if (right[c] == 0) right_used.push_back(c);
        right[c] += count;
      }
      // Take the word out of its class.
      unigram_[from] -= n;
      for (uint32_t c : left_used) AddBigram(c, from, -left[c]);
      for (uint32_t c : right_used) AddBigram(from, c, -right[c]);
      AddBigram(from, from, -self);

      // The gain of putting it into each class b.
      for (int b = 0; b < c_; ++b)
        delta[b] = -2 * (F(unigram_[b] + n) - F(unigram_[b]));
      for (uint32_t c : left_used) {
        const int64_t* row = &bigram_[size_t(c) * c_];  // N(c, b) over b
        const int64_t add = left[c];
        for (int b = 0; b < c_; ++b) delta[b] += F(row[b] + add) - F(row[b]);
      }
      for (uint32_t d : right_used) {
        const int64_t* col = &bigram_t_[size_t(d) * c_];  // N(b, d) over b
        const int64_t add = right[d];
        for (int b = 0; b < c_; ++b) delta[b] += F(col[b] + add) - F(col[b]);
      }
      // N(b, b) was counted from both sides above without the other side's
      // share and the self pairs: correct it.
      for (int b = 0; b < c_; ++b) {
        const int64_t bb = bigram_[size_t(b) * c_ + b];
        const int64_t l = left[b], r = right[b];
        if (l == 0 && r == 0 && self == 0) continue;
        delta[b] -= (F(bb + l) - F(bb)) + (F(bb + r) - F(bb));
        delta[b] += F(bb + l + r + self) - F(bb);
      }
      uint32_t best = from;
      for (int b = 1; b < c_; ++b) {
        if (delta[b] > delta[best] + 1e-9) best = static_cast<uint32_t>(b);
      }
      // Put it back, into the best class.
      unigram_[best] += n;
      for (uint32_t c : left_used) AddBigram(c, best, left[c]);
      for (uint32_t c : right_used) AddBigram(best, c, right[c]);
      AddBigram(best, best, self);
      if (best != from) {
        word_class_[w] = best;
        ++moved;
      }
      for (uint32_t c : left_used) left[c] = 0;
      for (uint32_t c : right_used) right[c] = 0;
    }
    return moved;
  }

  uint32_t ClassOf(size_t word) const { return word_class_[word]; }

 private:
  double F(int64_t x) const { return xlogx_[static_cast<size_t>(x)]; }
  void AddBigram(uint32_t c, uint32_t d, int64_t count) {
    bigram_[size_t(c) * c_ + d] += count;
    bigram_t_[size_t(d) * c_ + c] += count;
  }

  const Corpus& corpus_;
  const int c_;
  std::vector<uint32_t> word_class_;
  std::vector<int64_t> unigram_;
  std::vector<int64_t> bigram_, bigram_t_;
  std::vector<double> xlogx_;
};

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  Corpus corpus;
  if (!ReadCorpus(absl::GetFlag(FLAGS_input), absl::GetFlag(FLAGS_min_count),
                  &corpus)) {
    std::fprintf(stderr, "cannot read --input %s\n",
                 absl::GetFlag(FLAGS_input).c_str());
    return 1;
  }
  std::fprintf(stderr, "%ju tokens, %zu words seen at least %d times\n",
               static_cast<uintmax_t>(corpus.tokens), corpus.words.size() - 2,
               absl::GetFlag(FLAGS_min_count));
  std::vector<int> sizes;
  for (absl::string_view item :
       absl::StrSplit(absl::GetFlag(FLAGS_classes), ',', absl::SkipEmpty())) {
    int k;
    if (!absl::SimpleAtoi(item, &k) || k < 2 || k > 65535) {
      std::fprintf(stderr, "bad --classes\n");
      return 1;
    }
    sizes.push_back(k);
  }
  std::vector<std::vector<uint32_t>> assignments;
  const auto start = std::chrono::steady_clock::now();
  for (int k : sizes) {
    Exchange exchange(corpus, k);
    for (int it = 0; it < absl::GetFlag(FLAGS_iterations); ++it) {
      const size_t moved = exchange.Pass();
      std::fprintf(
          stderr,
          "%d classes, pass %d: %zu words moved, objective %.6g (%.0f s)\n", k,
          it + 1, moved, exchange.Objective(),
          std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                        start)
              .count());
      if (moved * 1000 < corpus.words.size()) break;
    }
    std::vector<uint32_t> classes(corpus.words.size());
    for (size_t w = 0; w < classes.size(); ++w)
      classes[w] = exchange.ClassOf(w);
    assignments.push_back(std::move(classes));
  }
  std::vector<size_t> order;
  for (size_t w = 2; w < corpus.words.size(); ++w) order.push_back(w);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return corpus.words[a] < corpus.words[b];
  });
  std::ofstream out(absl::GetFlag(FLAGS_output));
  out << "# word classes for the tag stage (tools/train-clusters); classes:";
  for (int k : sizes) out << ' ' << k;
  out << "\n";
  for (size_t w : order) {
    out << corpus.words[w];
    for (const auto& classes : assignments) out << '\t' << classes[w];
    out << '\n';
  }
  out.close();
  if (!out) {
    std::fprintf(stderr, "cannot write --output\n");
    return 1;
  }
  return 0;
}
