// A labelled dependency parser: greedy arc-hybrid transitions (Kuhlmann,
// Gómez-Rodríguez and Satta 2011) chosen by an averaged perceptron and
// trained with a dynamic oracle and exploration (Goldberg and Nivre 2013);
// a second perceptron labels each arc as it is made, when the dependent's
// own subtree is complete. The root sits at the end of the buffer, so a
// sentence gets exactly one root. Trees are projective.
#ifndef EVENTWIRE_SERVICES_TAG_DEPENDENCY_PARSER_H_
#define EVENTWIRE_SERVICES_TAG_DEPENDENCY_PARSER_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "hashed_perceptron.h"
#include "syntax_features.h"

namespace eventwire::tag {

class DependencyParser {
 public:
  static constexpr int kTransitionHashBits = 21;
  static constexpr int kLabelHashBits = 18;
  // Label sets are bit masks in the features.
  static constexpr size_t kMaxLabels = 64;

  // For training: `labels` are the relations it may give, one of them
  // "root".
  explicit DependencyParser(std::vector<std::string> labels,
                            int transition_hash_bits = kTransitionHashBits,
                            int label_hash_bits = kLabelHashBits);
  // Over trained weights.
  DependencyParser(std::vector<std::string> labels,
                   HashedPerceptron transitions, HashedPerceptron arc_labels);

  const std::vector<std::string>& labels() const { return labels_; }
  const HashedPerceptron& transition_model() const { return transitions_; }
  const HashedPerceptron& label_model() const { return arc_labels_; }

  // Parses words [0, n) with their part-of-speech tags. heads[i] is the
  // index of word i's head, or n for the root; labels[i] an index into
  // labels().
  void Parse(const SyntaxWord* words, const uint8_t* tags, size_t n,
             uint32_t* heads, uint8_t* labels) const;

  // One training pass over a sentence with its gold tree (heads as Parse
  // gives them). With `explore`, the parser follows its own choices, right
  // or wrong, and learns the best move from wherever they lead. Returns the
  // number of words whose head the pass got right.
  int Train(const SyntaxWord* words, const uint8_t* tags, size_t n,
            const uint32_t* gold_heads, const uint8_t* gold_labels,
            bool explore, std::mt19937_64& rng);
  void Finish();

 private:
  struct State;
  // Inference and training share this loop. With `learn` (training), the
  // models it updates are passed, and gold_* and rng are set.
  struct Learning {
    HashedPerceptron* transitions;
    HashedPerceptron* arc_labels;
    const uint32_t* gold_heads;
    const uint8_t* gold_labels;
    bool explore;
    std::mt19937_64* rng;
  };
  void Run(State& state, const Learning* learn) const;

  std::vector<std::string> labels_;
  uint8_t root_label_ = 0;
  HashedPerceptron transitions_;
  HashedPerceptron arc_labels_;
};

}  // namespace eventwire::tag

#endif  // EVENTWIRE_SERVICES_TAG_DEPENDENCY_PARSER_H_
