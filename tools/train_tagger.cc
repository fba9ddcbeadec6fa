// Trains the statistical name tagger (services/tag/ner_model.h) on the
// format tools/ner/prepare_training_data.py writes, and measures it.
//
//   eventwire-train-tagger --data ner.tsv --output resources/ner.model
//   [--exclude wikigold/] eventwire-train-tagger --data ner.tsv --crossvalidate
//   wikigold/ --folds 5
//   eventwire-train-tagger --data ner.tsv --evaluate wikigold/
//
// Training is deterministic: documents are shuffled with a fixed seed.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "gazetteer.h"
#include "ner_features.h"
#include "ner_model.h"
#include "tag_stage.h"

ABSL_FLAG(std::string, data, "",
          "Training data (prepare_training_data.py output)");
ABSL_FLAG(std::string, output, "", "Write the trained model here");
ABSL_FLAG(std::string, exclude, "",
          "Leave out documents whose name starts with this");
ABSL_FLAG(
    std::string, crossvalidate, "",
    "Documents whose name starts with this are split in folds: each fold is "
    "held out once while the model trains on everything else");
ABSL_FLAG(int, folds, 5, "Folds for --crossvalidate");
ABSL_FLAG(std::string, evaluate, "",
          "Documents whose name starts with this are held out: the model "
          "trains on everything else and is measured on them");
ABSL_FLAG(int, epochs, 8, "Passes over the training data");
ABSL_FLAG(std::string, resources, "", "Folder with gazetteer.tsv");

namespace {

using eventwire::tag::NerModel;
using eventwire::tag::NerToken;

struct Document {
  std::string name;
  std::vector<std::string> words;
  std::vector<uint8_t> labels;
  std::vector<std::pair<size_t, size_t>> sentences;
  std::vector<NerToken> tokens;  // features; words must not move afterwards
};

std::vector<Document> ReadData(const std::string& path) {
  std::vector<Document> docs;
  std::ifstream in(path);
  std::string line;
  size_t sentence_begin = 0;
  auto close_sentence = [&] {
    if (!docs.empty() && docs.back().words.size() > sentence_begin) {
      docs.back().sentences.push_back(
          {sentence_begin, docs.back().words.size()});
    }
    if (!docs.empty()) sentence_begin = docs.back().words.size();
  };
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, "# doc ")) {
      close_sentence();
      docs.push_back({line.substr(6), {}, {}, {}, {}});
      sentence_begin = 0;
      continue;
    }
    if (line.empty()) {
      close_sentence();
      continue;
    }
    const size_t tab = line.find('\t');
    if (tab == std::string::npos || docs.empty()) continue;
    eventwire::tag::NerLabel label;
    if (!eventwire::tag::ParseNerLabel(line.substr(tab + 1), &label)) continue;
    docs.back().words.push_back(line.substr(0, tab));
    docs.back().labels.push_back(label);
  }
  close_sentence();
  return docs;
}

void Prepare(Document& doc, const eventwire::tag::Gazetteer& gazetteer,
             const eventwire::tag::Lexicon& lexicon,
             const eventwire::tag::WordClusters* clusters) {
  std::vector<std::string_view> words(doc.words.begin(), doc.words.end());
  std::vector<bool> starts(words.size(), false);
  for (const auto& [b, e] : doc.sentences) starts[b] = true;
  doc.tokens = eventwire::tag::PrepareNerTokens(words, starts, gazetteer,
                                                lexicon, clusters);
  // Training sees document types from the gold labels of other mentions.
  eventwire::tag::SetDocumentTypes(doc.tokens, doc.labels);
}

std::unique_ptr<NerModel> Train(const std::vector<const Document*>& train,
                                int epochs) {
  auto model = std::make_unique<NerModel>();
  std::vector<const Document*> order = train;
  std::mt19937 rng(20261122);
  std::vector<NerToken> sentence;
  std::vector<uint8_t> gold;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    size_t errors = 0, tokens = 0;
    for (const Document* doc : order) {
      for (const auto& [b, e] : doc->sentences) {
        sentence.assign(doc->tokens.begin() + b, doc->tokens.begin() + e);
        gold.assign(doc->labels.begin() + b, doc->labels.begin() + e);
        errors += model->Train(sentence, gold);
        tokens += e - b;
      }
    }
    std::fprintf(stderr, "  epoch %d: %.2f%% of %zu tokens wrong\n", epoch + 1,
                 100.0 * errors / std::max<size_t>(1, tokens), tokens);
  }
  model->Average();
  return model;
}

// Exact spans (first, end, type) of a BIO labelling.
std::set<std::tuple<size_t, size_t, int>> Spans(
    const std::vector<uint8_t>& labels) {
  std::set<std::tuple<size_t, size_t, int>> spans;
  for (size_t i = 0; i < labels.size();) {
    const int type = eventwire::tag::NerType(labels[i]);
    if (type == 0) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < labels.size() &&
           labels[j] == labels[i] + (labels[i] % 2 == 1 ? 1 : 0) &&
           labels[j] % 2 == 0 && labels[j] != 0) {
      ++j;
    }
    spans.insert({i, j, type});
    i = j;
  }
  return spans;
}

struct Counts {
  size_t tp = 0, pred = 0, gold = 0, tokens = 0;
  double seconds = 0;
};

Counts Evaluate(const NerModel& model, std::vector<const Document*> docs) {
  Counts c;
  std::vector<uint8_t> labels;
  for (const Document* doc : docs) {
    std::vector<NerToken> tokens = doc->tokens;
    // Document types come from the tagger's own first pass, as in the
    // stage, never from the gold labels Prepare used for training.
    for (NerToken& t : tokens) t.document_type = 0;
    const auto start = std::chrono::steady_clock::now();
    eventwire::tag::TagDocument(model, tokens, doc->sentences, &labels);
    c.seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    c.tokens += tokens.size();
    const auto predicted = Spans(labels);
    const auto truth = Spans(doc->labels);
    c.pred += predicted.size();
    c.gold += truth.size();
    for (const auto& s : predicted) c.tp += truth.count(s);
  }
  return c;
}

void Report(const char* what, const Counts& c) {
  const double p = c.pred ? double(c.tp) / c.pred : 0,
               r = c.gold ? double(c.tp) / c.gold : 0;
  std::printf("%s: P %.3f R %.3f F1 %.3f over %zu gold spans; %.0f tokens/s\n",
              what, p, r, p + r > 0 ? 2 * p * r / (p + r) : 0, c.gold,
              c.tokens / std::max(1e-9, c.seconds));
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  eventwire::tag::TagOptions options;
  const std::string dir =
      eventwire::ResourceDir(absl::GetFlag(FLAGS_resources));
  auto lexicon = eventwire::tag::Lexicon::Load(options.word_list);
  if (!lexicon.ok()) {
    std::cerr << lexicon.status() << "\n";
    return 1;
  }
  auto gazetteer = eventwire::tag::Gazetteer::Load(
      dir + "/gazetteer.tsv", options.iso_codes_dir, lexicon->get());
  if (!gazetteer.ok()) {
    std::cerr << gazetteer.status() << "\n";
    return 1;
  }
  std::vector<Document> docs = ReadData(absl::GetFlag(FLAGS_data));
  if (docs.empty()) {
    std::cerr << "no training data in " << absl::GetFlag(FLAGS_data) << "\n";
    return 2;
  }
  auto clusters =
      eventwire::tag::WordClusters::Load(dir + "/word-clusters.tsv");
  if (!clusters.ok()) {
    std::cerr << clusters.status() << "\n";
    return 1;
  }
  for (Document& doc : docs)
    Prepare(doc, **gazetteer, **lexicon, clusters->get());
  const int epochs = absl::GetFlag(FLAGS_epochs);
  const std::string held = absl::GetFlag(FLAGS_crossvalidate);
  if (!held.empty()) {
    std::vector<const Document*> others, target;
    for (const Document& d : docs)
      (absl::StartsWith(d.name, held) ? target : others).push_back(&d);
    const int folds = absl::GetFlag(FLAGS_folds);
    Counts total;
    for (int f = 0; f < folds; ++f) {
      std::vector<const Document*> train = others, test;
      for (size_t i = 0; i < target.size(); ++i) {
        (static_cast<int>(i % folds) == f ? test : train).push_back(target[i]);
      }
      std::fprintf(stderr, "fold %d: %zu training documents, %zu held out\n",
                   f + 1, train.size(), test.size());
      auto model = Train(train, epochs);
      Counts c = Evaluate(*model, test);
      Report(("  fold " + std::to_string(f + 1)).c_str(), c);
      total.tp += c.tp;
      total.pred += c.pred;
      total.gold += c.gold;
      total.tokens += c.tokens;
      total.seconds += c.seconds;
    }
    Report(("cross-validation over " + held).c_str(), total);
    return 0;
  }
  if (const std::string test_prefix = absl::GetFlag(FLAGS_evaluate);
      !test_prefix.empty()) {
    std::vector<const Document*> train, test;
    const std::string exclude = absl::GetFlag(FLAGS_exclude);
    for (const Document& d : docs) {
      if (absl::StartsWith(d.name, test_prefix)) {
        test.push_back(&d);
      } else if (exclude.empty() || !absl::StartsWith(d.name, exclude)) {
        train.push_back(&d);
      }
    }
    auto model = Train(train, epochs);
    Report(("held out " + test_prefix).c_str(), Evaluate(*model, test));
    return 0;
  }
  std::vector<const Document*> train;
  const std::string exclude = absl::GetFlag(FLAGS_exclude);
  for (const Document& d : docs) {
    if (exclude.empty() || !absl::StartsWith(d.name, exclude))
      train.push_back(&d);
  }
  std::fprintf(stderr, "training on %zu documents\n", train.size());
  auto model = Train(train, epochs);
  if (!absl::GetFlag(FLAGS_output).empty()) {
    auto st = model->Save(absl::GetFlag(FLAGS_output));
    if (!st.ok()) {
      std::cerr << st << "\n";
      return 1;
    }
    std::fprintf(stderr, "model written to %s\n",
                 absl::GetFlag(FLAGS_output).c_str());
  }
  return 0;
}
