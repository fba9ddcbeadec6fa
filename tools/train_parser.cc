// Trains the tag stage's part-of-speech tagger and dependency parser
// (services/tag/syntax_model.h) on Universal Dependencies treebanks, and
// measures them with gold tokenisation.
//
//   eventwire-train-parser --train GUM_DIR,EWT_DEV.conllu --output M.model
//       --test EWT_TEST.conllu
//   eventwire-train-parser --model M.model --test EWT_TEST.conllu
//
// Deterministic: the same data and flags give the same bytes (fixed seeds,
// a fixed order of files, one thread).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "lexicon.h"
#include "syntax_model.h"
#include "word_clusters.h"

ABSL_FLAG(std::string, train, "",
          "CoNLL-U files or folders of them (*.conllu), comma-separated");
ABSL_FLAG(std::string, test, "",
          "CoNLL-U files or folders to measure on (never trained on)");
ABSL_FLAG(std::string, output, "", "Write the trained model here");
ABSL_FLAG(std::string, model, "", "Measure this model instead of training one");
ABSL_FLAG(std::string, word_list, "/usr/share/dict/american-english",
          "Word list for the lexicon features (as the tag stage loads it)");
ABSL_FLAG(std::string, clusters, "",
          "Word classes (resources/word-clusters.tsv)");
ABSL_FLAG(int, tagger_epochs, 12, "Passes of the tagger over the data");
ABSL_FLAG(int, parser_epochs, 12, "Passes of the parser over the data");
ABSL_FLAG(int, jackknife, 5,
          "Folds for the predicted tags the parser trains on (0: gold tags)");
ABSL_FLAG(int, min_subtype_count, 20,
          "Relation subtypes (obl:agent) seen fewer times are trained as "
          "their universal relation (obl)");
ABSL_FLAG(int, tagger_hash_bits, eventwire::tag::PosTagger::kHashBits,
          "Rows of the tagger: 2^N");
ABSL_FLAG(int, transition_hash_bits,
          eventwire::tag::DependencyParser::kTransitionHashBits,
          "Rows of the transition classifier: 2^N");
ABSL_FLAG(int, label_hash_bits,
          eventwire::tag::DependencyParser::kLabelHashBits,
          "Rows of the relation classifier: 2^N");
ABSL_FLAG(bool, gold_tags, false,
          "Measure the parser with gold part-of-speech tags");
ABSL_FLAG(bool, show_errors, false,
          "Print each wrong tag to standard error (gold, guess, word)");
ABSL_FLAG(bool, report_every_epoch, false,
          "Measure the parser on --test after every epoch (slow)");
ABSL_FLAG(uint64_t, seed, 20261203, "Seed of the shuffles and exploration");

namespace {

namespace fs = std::filesystem;
using eventwire::tag::DependencyParser;
using eventwire::tag::Lexicon;
using eventwire::tag::MakeSyntaxWord;
using eventwire::tag::PosTagger;
using eventwire::tag::SyntaxModel;
using eventwire::tag::SyntaxWord;
using eventwire::tag::WordClusters;

struct Sentence {
  std::vector<std::string> forms;
  std::vector<uint8_t> tags;
  std::vector<uint32_t> heads;  // n for the root
  std::vector<std::string> relations;
  std::vector<uint8_t> labels;  // filled once the label set is known
  std::vector<SyntaxWord> words;
  std::vector<uint8_t> predicted_tags;
};

std::vector<std::string> ExpandPaths(const std::string& list) {
  std::vector<std::string> files;
  for (absl::string_view item : absl::StrSplit(list, ',', absl::SkipEmpty())) {
    const fs::path path{std::string(item)};
    if (fs::is_directory(path)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(path)) {
        if (entry.path().extension() == ".conllu")
          found.push_back(entry.path().string());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(path.string());
    }
  }
  return files;
}

bool ReadConllu(const std::string& path, const Lexicon* lexicon,
                const WordClusters* clusters, std::vector<Sentence>* out) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return false;
  }
  Sentence current;
  std::vector<int> raw_heads;
  auto close = [&] {
    if (current.forms.empty()) return;
    const uint32_t n = static_cast<uint32_t>(current.forms.size());
    for (int h : raw_heads)
      current.heads.push_back(h == 0 ? n : static_cast<uint32_t>(h - 1));
    for (const std::string& form : current.forms)
      current.words.push_back(MakeSyntaxWord(form, lexicon, clusters));
    out->push_back(std::move(current));
    current = Sentence();
    raw_heads.clear();
  };
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) {
      close();
      continue;
    }
    if (line[0] == '#') continue;
    std::vector<std::string> cols = absl::StrSplit(line, '\t');
    if (cols.size() != 10) {
      std::fprintf(stderr, "%s:%d: not 10 columns\n", path.c_str(),
                   line_number);
      return false;
    }
    // Multi-word token ranges and empty nodes: the words are what is parsed.
    if (cols[0].find_first_of("-.") != std::string::npos) continue;
    int head;
    uint8_t tag;
    if (!absl::SimpleAtoi(cols[6], &head) ||
        !eventwire::tag::ParseUpos(cols[3], &tag)) {
      std::fprintf(stderr, "%s:%d: bad head or part of speech\n", path.c_str(),
                   line_number);
      return false;
    }
    current.forms.push_back(cols[1]);
    current.tags.push_back(tag);
    raw_heads.push_back(head);
    current.relations.push_back(cols[7]);
  }
  close();
  return true;
}

std::string Universal(const std::string& relation) {
  return relation.substr(0, relation.find(':'));
}

// Relations with subtypes seen often enough keep them; the rest fall back to
// their universal relation. Sorted, so the label indices are reproducible.
std::vector<std::string> LabelSet(const std::vector<Sentence>& sentences,
                                  int min_subtype_count) {
  std::map<std::string, int> counts;
  for (const Sentence& s : sentences)
    for (const std::string& r : s.relations) ++counts[r];
  std::vector<std::string> labels;
  for (const auto& [relation, count] : counts) {
    const std::string base = Universal(relation);
    const std::string label =
        relation == base || count >= min_subtype_count ? relation : base;
    if (std::find(labels.begin(), labels.end(), label) == labels.end())
      labels.push_back(label);
  }
  std::sort(labels.begin(), labels.end());
  return labels;
}

void AssignLabels(const std::vector<std::string>& labels,
                  std::vector<Sentence>* sentences) {
  for (Sentence& s : *sentences) {
    s.labels.clear();
    for (const std::string& r : s.relations) {
      auto it = std::find(labels.begin(), labels.end(), r);
      if (it == labels.end())
        it = std::find(labels.begin(), labels.end(), Universal(r));
      s.labels.push_back(
          static_cast<uint8_t>(it == labels.end() ? 0 : it - labels.begin()));
    }
  }
}

// A Fisher-Yates shuffle over our own generator: std::shuffle's sequence is
// not fixed by the standard.
void Shuffle(std::vector<size_t>* order, std::mt19937_64& rng) {
  for (size_t i = order->size(); i > 1; --i) {
    const size_t j = rng() % i;
    std::swap((*order)[i - 1], (*order)[j]);
  }
}

PosTagger TrainTagger(const std::vector<Sentence>& sentences,
                      const std::vector<size_t>& use, int epochs,
                      uint64_t seed) {
  PosTagger tagger(absl::GetFlag(FLAGS_tagger_hash_bits));
  std::mt19937_64 rng(seed);
  std::vector<size_t> order = use;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    Shuffle(&order, rng);
    for (size_t i : order) {
      const Sentence& s = sentences[i];
      tagger.Train(s.words.data(), s.words.size(), s.tags.data());
    }
  }
  tagger.Finish();
  return tagger;
}

struct Scores {
  size_t words = 0, upos = 0, uas = 0, las = 0;
};

Scores Measure(const SyntaxModel& model, const std::vector<Sentence>& test) {
  Scores s;
  for (const Sentence& sentence : test) {
    const size_t n = sentence.words.size();
    std::vector<uint8_t> tags(n), labels(n);
    std::vector<uint32_t> heads(n);
    if (absl::GetFlag(FLAGS_gold_tags)) {
      tags = sentence.tags;
      model.parser().Parse(sentence.words.data(), tags.data(), n, heads.data(),
                           labels.data());
    } else {
      model.Analyze(sentence.words.data(), n, tags.data(), heads.data(),
                    labels.data());
    }
    for (size_t i = 0; i < n; ++i) {
      if (tags[i] != sentence.tags[i] && absl::GetFlag(FLAGS_show_errors)) {
        std::fprintf(stderr, "tag\t%s\t%s\t%s\n",
                     eventwire::tag::UposName(sentence.tags[i]),
                     eventwire::tag::UposName(tags[i]),
                     sentence.forms[i].c_str());
      }
      ++s.words;
      s.upos += tags[i] == sentence.tags[i];
      if (absl::GetFlag(FLAGS_show_errors)) {
        std::fprintf(stderr, "arc\t%s\t%d\t%s\n", sentence.relations[i].c_str(),
                     heads[i] == sentence.heads[i],
                     model.label_name(labels[i]).c_str());
      }
      if (heads[i] == sentence.heads[i]) {
        ++s.uas;
        s.las += Universal(model.label_name(labels[i])) ==
                 Universal(sentence.relations[i]);
      }
    }
  }
  return s;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  auto lexicon = Lexicon::Load(absl::GetFlag(FLAGS_word_list));
  if (!lexicon.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(lexicon.status().message()).c_str());
    return 1;
  }
  auto clusters = WordClusters::Load(absl::GetFlag(FLAGS_clusters));
  if (!clusters.ok()) {
    std::fprintf(stderr, "%s\n", clusters.status().ToString().c_str());
    return 1;
  }
  std::vector<Sentence> test;
  for (const std::string& path : ExpandPaths(absl::GetFlag(FLAGS_test))) {
    if (!ReadConllu(path, lexicon->get(), clusters->get(), &test)) return 1;
  }

  std::unique_ptr<SyntaxModel> model;
  if (!absl::GetFlag(FLAGS_model).empty()) {
    auto loaded = SyntaxModel::Load(absl::GetFlag(FLAGS_model));
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str());
      return 1;
    }
    model = std::move(*loaded);
    if (model->clusters_fingerprint() != (*clusters)->fingerprint()) {
      std::fprintf(stderr, "%s was trained with other word classes than %s\n",
                   absl::GetFlag(FLAGS_model).c_str(),
                   absl::GetFlag(FLAGS_clusters).c_str());
      return 1;
    }
  } else {
    std::vector<Sentence> train;
    const std::vector<std::string> files =
        ExpandPaths(absl::GetFlag(FLAGS_train));
    for (const std::string& path : files) {
      if (!ReadConllu(path, lexicon->get(), clusters->get(), &train)) return 1;
    }
    if (train.empty()) {
      std::fprintf(stderr, "no training sentences (--train)\n");
      return 1;
    }
    const std::vector<std::string> labels =
        LabelSet(train, absl::GetFlag(FLAGS_min_subtype_count));
    if (labels.size() > DependencyParser::kMaxLabels) {
      std::fprintf(stderr, "%zu relations; at most %zu\n", labels.size(),
                   DependencyParser::kMaxLabels);
      return 1;
    }
    AssignLabels(labels, &train);
    size_t words = 0;
    for (const Sentence& s : train) words += s.words.size();
    std::fprintf(
        stderr,
        "training on %zu files, %zu sentences, %zu words; %zu relations\n",
        files.size(), train.size(), words, labels.size());
    const uint64_t seed = absl::GetFlag(FLAGS_seed);
    const int tagger_epochs = absl::GetFlag(FLAGS_tagger_epochs);
    auto start = std::chrono::steady_clock::now();

    // The parser learns from tags as the tagger will give them: each fold's
    // tags come from a tagger trained on the other folds.
    const int folds = absl::GetFlag(FLAGS_jackknife);
    for (Sentence& s : train) s.predicted_tags = s.tags;
    for (int fold = 0; fold < folds; ++fold) {
      std::vector<size_t> use, held;
      for (size_t i = 0; i < train.size(); ++i)
        (static_cast<int>(i % folds) == fold ? held : use).push_back(i);
      const PosTagger tagger =
          TrainTagger(train, use, tagger_epochs, seed + fold + 1);
      for (size_t i : held) {
        Sentence& s = train[i];
        tagger.Tag(s.words.data(), s.words.size(), s.predicted_tags.data());
      }
    }
    std::vector<size_t> all(train.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    PosTagger tagger = TrainTagger(train, all, tagger_epochs, seed);
    std::fprintf(stderr, "tagger trained (%d folds + final) in %.1f s\n", folds,
                 Seconds(start));

    DependencyParser parser(labels, absl::GetFlag(FLAGS_transition_hash_bits),
                            absl::GetFlag(FLAGS_label_hash_bits));
    std::mt19937_64 rng(seed);
    std::vector<size_t> order = all;
    for (int epoch = 0; epoch < absl::GetFlag(FLAGS_parser_epochs); ++epoch) {
      Shuffle(&order, rng);
      size_t correct = 0;
      for (size_t i : order) {
        const Sentence& s = train[i];
        correct += parser.Train(s.words.data(), s.predicted_tags.data(),
                                s.words.size(), s.heads.data(), s.labels.data(),
                                /*explore=*/epoch > 0, rng);
      }
      std::fprintf(stderr, "parser epoch %d: training UAS %.4f (%.1f s)\n",
                   epoch + 1, static_cast<double>(correct) / words,
                   Seconds(start));
      if (absl::GetFlag(FLAGS_report_every_epoch) && !test.empty()) {
        DependencyParser copy = parser;
        copy.Finish();
        const SyntaxModel snapshot(tagger, std::move(copy),
                                   (*clusters)->fingerprint());
        const Scores s = Measure(snapshot, test);
        std::fprintf(stderr, "  held out: UAS %.4f LAS %.4f\n",
                     static_cast<double>(s.uas) / s.words,
                     static_cast<double>(s.las) / s.words);
      }
    }
    parser.Finish();
    model = std::make_unique<SyntaxModel>(std::move(tagger), std::move(parser),
                                          (*clusters)->fingerprint());
    const std::string output = absl::GetFlag(FLAGS_output);
    if (!output.empty()) {
      if (absl::Status saved = model->Save(output); !saved.ok()) {
        std::fprintf(stderr, "%s\n", saved.ToString().c_str());
        return 1;
      }
      std::fprintf(stderr, "wrote %s (%ju bytes)\n", output.c_str(),
                   static_cast<uintmax_t>(fs::file_size(output)));
    }
  }

  if (!test.empty()) {
    auto start = std::chrono::steady_clock::now();
    const Scores s = Measure(*model, test);
    const double seconds = Seconds(start);
    std::printf(
        "gold tokens: %zu words, UPOS %.4f UAS %.4f LAS %.4f "
        "(%.0f words/s tagging and parsing)\n",
        s.words, static_cast<double>(s.upos) / s.words,
        static_cast<double>(s.uas) / s.words,
        static_cast<double>(s.las) / s.words, s.words / seconds);
  }
  return 0;
}
