#include "dependency_parser.h"

#include <algorithm>
#include <limits>

#include "pos_tagger.h"

namespace eventwire::tag {
namespace {

enum Move : int { kShift = 0, kLeft = 1, kRight = 2, kNumMoves = 3 };

constexpr int32_t kNone = -1;
constexpr uint64_t kNoWord = 0x5EA7;
constexpr uint64_t kRootWord = 0x2007;
constexpr uint64_t kNoTag = 0xFF;
constexpr uint64_t kRootTag = kNumUpos;
constexpr uint64_t kNoLabel = 0xFF;
constexpr size_t kMaxTransitionFeatures = 112;
constexpr size_t kMaxLabelFeatures = 40;

uint64_t DistanceBucket(int64_t d) {
  if (d <= 4) return static_cast<uint64_t>(d);
  if (d <= 7) return 5;
  if (d <= 12) return 6;
  return 7;
}

enum TransitionTemplate : uint32_t {
  kBias = 1,
  kS0w,
  kS0t,
  kS0wt,
  kS1w,
  kS1t,
  kS1wt,
  kS2w,
  kS2t,
  kB0w,
  kB0t,
  kB0wt,
  kB1w,
  kB1t,
  kB1wt,
  kB2w,
  kB2t,
  kS0wtB0wt,
  kS0wtB0w,
  kS0wB0wt,
  kS0wtB0t,
  kS0tB0wt,
  kS0wB0w,
  kS0tB0t,
  kB0tB1t,
  kS1wtS0wt,
  kS1wS0w,
  kS1tS0t,
  kS1tS0w,
  kS1wS0t,
  kS1wtS0t,
  kS1tS0wt,
  kB0tB1tB2t,
  kS0tB0tB1t,
  kS1tS0tB0t,
  kS2tS1tS0t,
  kS1tS0tB1t,
  kS0tS0ltB0t,
  kS0tS0rtB0t,
  kS0tB0tB0lt,
  kS1tS1rtS0t,
  kS1tS0tS0lt,
  kS1tS0tS0rt,
  kS1tS1ltS0t,
  kDistS0w,
  kDistS0t,
  kDistB0w,
  kDistB0t,
  kDistS0wB0w,
  kDistS0tB0t,
  kDist10t,
  kDist10w,
  kS0wVr,
  kS0tVr,
  kS0wVl,
  kS0tVl,
  kB0wVl,
  kB0tVl,
  kS1tVr,
  kS1wVl,
  kS0lw,
  kS0lt,
  kS0ll,
  kS0rw,
  kS0rt,
  kS0rl,
  kB0lw,
  kB0lt,
  kB0ll,
  kS1rw,
  kS1rt,
  kS1rl,
  kS0l2tl,
  kS0r2tl,
  kB0l2tl,
  kS1ltl,
  kS0tS0ltS0l2t,
  kS0tS0rtS0r2t,
  kB0tB0ltB0l2t,
  kS0wLeftSet,
  kS0tLeftSet,
  kS0tRightSet,
  kB0tLeftSet,
  kS1tRightSet,
  kS0wRightSet,
  kB0wLeftSet,
  kPunctBetween,
  kPunctBetween10,
  kS0tB0tB1w,
  kS0wS1tB0t,
  kS0c,
  kB0c,
  kS1c,
  kB1c,
  kS0cB0c,
  kS0cB0t,
  kS0tB0c,
  kS1cS0c,
  kS0cS0t,
  kB0cB0t,
  kS0lcS0c,
  kB0lcB0c,
  kNumTransitionTemplates,
};

enum LabelTemplate : uint32_t {
  kLBias = 1,
  kLDt,
  kLDw,
  kLDwt,
  kLHt,
  kLHw,
  kLHwt,
  kLHtDt,
  kLHwDt,
  kLHtDw,
  kLHwDw,
  kLDistHtDt,
  kLDLeftLabelDt,
  kLDRightLabelDt,
  kLDLeftSetDt,
  kLDRightSetDt,
  kLHSetHt,
  kLDFirstChildWord,
  kLDLastChildWord,
  kLDNeighbourTags,
  kLHNeighbourTags,
  kLDFirstChildTagHtDt,
  kLDSuffixHt,
  kLDFlagsHtDt,
  kLPunctHtDt,
  kLHwDFirstChildWord,
  kLDFirstInSentence,
  kLDChildrenCount,
  kLHtDtHasLeftRight,
  kLDc,
  kLHc,
  kLHcDc,
  kLDcHt,
  kLHcDt,
  kNumLabelTemplates,
};

}  // namespace

struct DependencyParser::State {
  State(const SyntaxWord* w, const uint8_t* t, size_t size, uint32_t* h,
        uint8_t* l)
      : words(w), tags(t), n(size), heads(h), labels(l) {
    stack.reserve(n);
    left1.assign(n + 1, kNone);
    left2.assign(n + 1, kNone);
    right1.assign(n + 1, kNone);
    right2.assign(n + 1, kNone);
    left_count.assign(n + 1, 0);
    right_count.assign(n + 1, 0);
    left_set.assign(n + 1, 0);
    right_set.assign(n + 1, 0);
    punct_before.assign(n + 2, 0);
    for (size_t i = 0; i < n; ++i) {
      punct_before[i + 1] =
          punct_before[i] + ((words[i].flags & kWordPunctuation) != 0);
    }
    punct_before[n + 1] = punct_before[n];
  }

  bool Done() const { return stack.empty() && b == n; }
  int32_t S(size_t k) const {
    return stack.size() > k ? static_cast<int32_t>(stack[stack.size() - 1 - k])
                            : kNone;
  }
  int32_t B(size_t k) const {
    return b + k <= n ? static_cast<int32_t>(b + k) : kNone;
  }
  uint64_t W(int32_t i) const {
    if (i == kNone) return kNoWord;
    return static_cast<size_t>(i) == n ? kRootWord : words[i].lower;
  }
  uint64_t T(int32_t i) const {
    if (i == kNone) return kNoTag;
    return static_cast<size_t>(i) == n ? kRootTag : tags[i];
  }
  uint64_t L(int32_t i) const { return i == kNone ? kNoLabel : labels[i]; }
  // Word class at a level (0 coarse .. 2 fine).
  uint64_t C(int32_t i, int level) const {
    if (i == kNone) return kNoWord;
    return static_cast<size_t>(i) == n ? kRootWord : words[i].cluster[level];
  }
  int32_t Left1(int32_t i) const { return i == kNone ? kNone : left1[i]; }
  int32_t Left2(int32_t i) const { return i == kNone ? kNone : left2[i]; }
  int32_t Right1(int32_t i) const { return i == kNone ? kNone : right1[i]; }
  int32_t Right2(int32_t i) const { return i == kNone ? kNone : right2[i]; }
  uint64_t PunctBetween(int32_t a, int32_t z) const {
    if (a == kNone || z == kNone || z <= a) return 3;
    return std::min<uint64_t>(punct_before[z] - punct_before[a + 1], 2);
  }

  bool Valid(int move) const {
    switch (move) {
      case kShift:
        return b < n;
      case kLeft:
        // The root takes one dependent, the last word left on the stack.
        return !stack.empty() && (b < n || stack.size() == 1);
      default:
        return stack.size() >= 2;
    }
  }

  void AddArc(int32_t head, int32_t dep, uint8_t label) {
    heads[dep] = static_cast<uint32_t>(head);
    labels[dep] = label;
    const uint64_t bit = uint64_t{1} << (label % kMaxLabels);
    if (dep < head) {
      ++left_count[head];
      left_set[head] |= bit;
      if (left1[head] == kNone || dep < left1[head]) {
        left2[head] = left1[head];
        left1[head] = dep;
      } else if (left2[head] == kNone || dep < left2[head]) {
        left2[head] = dep;
      }
    } else {
      ++right_count[head];
      right_set[head] |= bit;
      if (right1[head] == kNone || dep > right1[head]) {
        right2[head] = right1[head];
        right1[head] = dep;
      } else if (right2[head] == kNone || dep > right2[head]) {
        right2[head] = dep;
      }
    }
  }

  // The gold arcs a move makes unreachable (Goldberg and Nivre 2013, for
  // arc-hybrid; the buffer is always the contiguous b..n).
  int Cost(int move, const uint32_t* gold) const {
    const int32_t s0 = S(0), s1 = S(1);
    int cost = 0;
    if (move == kShift) {
      for (size_t k = 0; k < stack.size(); ++k) {
        const uint32_t d = stack[k];
        if (gold[d] == b) ++cost;
        if (gold[b] == d && static_cast<int32_t>(d) != s0) ++cost;
      }
      return cost;
    }
    for (size_t d = b; d < n; ++d) cost += gold[d] == static_cast<uint32_t>(s0);
    const uint32_t h = gold[s0];
    if (move == kLeft) {
      cost += (s1 != kNone && h == static_cast<uint32_t>(s1)) || h > b;
    } else {
      cost += h >= b;
    }
    return cost;
  }

  size_t TransitionFeatures(uint64_t* f) const {
    const int32_t s0 = S(0), s1 = S(1), s2 = S(2);
    const int32_t b0 = B(0), b1 = b + 1 < n ? B(1) : kNone,
                  b2 = b + 2 < n ? B(2) : kNone;
    const uint64_t s0w = W(s0), s0t = T(s0), s1w = W(s1), s1t = T(s1);
    const uint64_t b0w = W(b0), b0t = T(b0), b1w = W(b1), b1t = T(b1);
    const uint64_t s2t = T(s2), b2t = T(b2);
    const uint64_t s0wt = HashMix(s0w, s0t), s1wt = HashMix(s1w, s1t),
                   b0wt = HashMix(b0w, b0t);
    const int32_t s0l = Left1(s0), s0r = Right1(s0), s0l2 = Left2(s0),
                  s0r2 = Right2(s0), b0l = Left1(b0), b0l2 = Left2(b0),
                  s1l = Left1(s1), s1r = Right1(s1);
    const uint64_t dist =
        s0 == kNone
            ? 8
            : (static_cast<size_t>(b0) == n ? 9 : DistanceBucket(b0 - s0));
    const uint64_t dist10 =
        s1 == kNone || s0 == kNone ? 8 : DistanceBucket(s0 - s1);
    const uint64_t s0vl = s0 == kNone ? 0 : left_count[s0],
                   s0vr = s0 == kNone ? 0 : right_count[s0],
                   b0vl = left_count[b0],
                   s1vr = s1 == kNone ? 0 : right_count[s1],
                   s1vl = s1 == kNone ? 0 : left_count[s1];
    size_t k = 0;
    f[k++] = Feature(kBias, 0);
    f[k++] = Feature(kS0w, s0w);
    f[k++] = Feature(kS0t, s0t);
    f[k++] = Feature(kS0wt, s0wt);
    f[k++] = Feature(kS1w, s1w);
    f[k++] = Feature(kS1t, s1t);
    f[k++] = Feature(kS1wt, s1wt);
    f[k++] = Feature(kS2w, W(s2));
    f[k++] = Feature(kS2t, s2t);
    f[k++] = Feature(kB0w, b0w);
    f[k++] = Feature(kB0t, b0t);
    f[k++] = Feature(kB0wt, b0wt);
    f[k++] = Feature(kB1w, b1w);
    f[k++] = Feature(kB1t, b1t);
    f[k++] = Feature(kB1wt, b1w, b1t);
    f[k++] = Feature(kB2w, W(b2));
    f[k++] = Feature(kB2t, b2t);
    f[k++] = Feature(kS0wtB0wt, s0wt, b0wt);
    f[k++] = Feature(kS0wtB0w, s0wt, b0w);
    f[k++] = Feature(kS0wB0wt, s0w, b0wt);
    f[k++] = Feature(kS0wtB0t, s0wt, b0t);
    f[k++] = Feature(kS0tB0wt, s0t, b0wt);
    f[k++] = Feature(kS0wB0w, s0w, b0w);
    f[k++] = Feature(kS0tB0t, s0t, b0t);
    f[k++] = Feature(kB0tB1t, b0t, b1t);
    f[k++] = Feature(kS1wtS0wt, s1wt, s0wt);
    f[k++] = Feature(kS1wS0w, s1w, s0w);
    f[k++] = Feature(kS1tS0t, s1t, s0t);
    f[k++] = Feature(kS1tS0w, s1t, s0w);
    f[k++] = Feature(kS1wS0t, s1w, s0t);
    f[k++] = Feature(kS1wtS0t, s1wt, s0t);
    f[k++] = Feature(kS1tS0wt, s1t, s0wt);
    f[k++] = Feature(kB0tB1tB2t, b0t, b1t, b2t);
    f[k++] = Feature(kS0tB0tB1t, s0t, b0t, b1t);
    f[k++] = Feature(kS1tS0tB0t, s1t, s0t, b0t);
    f[k++] = Feature(kS2tS1tS0t, s2t, s1t, s0t);
    f[k++] = Feature(kS1tS0tB1t, s1t, s0t, b1t);
    f[k++] = Feature(kS0tS0ltB0t, s0t, T(s0l), b0t);
    f[k++] = Feature(kS0tS0rtB0t, s0t, T(s0r), b0t);
    f[k++] = Feature(kS0tB0tB0lt, s0t, b0t, T(b0l));
    f[k++] = Feature(kS1tS1rtS0t, s1t, T(s1r), s0t);
    f[k++] = Feature(kS1tS0tS0lt, s1t, s0t, T(s0l));
    f[k++] = Feature(kS1tS0tS0rt, s1t, s0t, T(s0r));
    f[k++] = Feature(kS1tS1ltS0t, s1t, T(s1l), s0t);
    f[k++] = Feature(kDistS0w, dist, s0w);
    f[k++] = Feature(kDistS0t, dist, s0t);
    f[k++] = Feature(kDistB0w, dist, b0w);
    f[k++] = Feature(kDistB0t, dist, b0t);
    f[k++] = Feature(kDistS0wB0w, dist, s0w, b0w);
    f[k++] = Feature(kDistS0tB0t, dist, s0t, b0t);
    f[k++] = Feature(kDist10t, dist10, s1t, s0t);
    f[k++] = Feature(kDist10w, dist10, s1w, s0w);
    f[k++] = Feature(kS0wVr, s0w, s0vr);
    f[k++] = Feature(kS0tVr, s0t, s0vr);
    f[k++] = Feature(kS0wVl, s0w, s0vl);
    f[k++] = Feature(kS0tVl, s0t, s0vl);
    f[k++] = Feature(kB0wVl, b0w, b0vl);
    f[k++] = Feature(kB0tVl, b0t, b0vl);
    f[k++] = Feature(kS1tVr, s1t, s1vr);
    f[k++] = Feature(kS1wVl, s1w, s1vl);
    f[k++] = Feature(kS0lw, W(s0l));
    f[k++] = Feature(kS0lt, T(s0l));
    f[k++] = Feature(kS0ll, L(s0l));
    f[k++] = Feature(kS0rw, W(s0r));
    f[k++] = Feature(kS0rt, T(s0r));
    f[k++] = Feature(kS0rl, L(s0r));
    f[k++] = Feature(kB0lw, W(b0l));
    f[k++] = Feature(kB0lt, T(b0l));
    f[k++] = Feature(kB0ll, L(b0l));
    f[k++] = Feature(kS1rw, W(s1r));
    f[k++] = Feature(kS1rt, T(s1r));
    f[k++] = Feature(kS1rl, L(s1r));
    f[k++] = Feature(kS0l2tl, T(s0l2), L(s0l2));
    f[k++] = Feature(kS0r2tl, T(s0r2), L(s0r2));
    f[k++] = Feature(kB0l2tl, T(b0l2), L(b0l2));
    f[k++] = Feature(kS1ltl, T(s1l), L(s1l));
    f[k++] = Feature(kS0tS0ltS0l2t, s0t, T(s0l), T(s0l2));
    f[k++] = Feature(kS0tS0rtS0r2t, s0t, T(s0r), T(s0r2));
    f[k++] = Feature(kB0tB0ltB0l2t, b0t, T(b0l), T(b0l2));
    f[k++] = Feature(kS0wLeftSet, s0w, s0 == kNone ? 0 : left_set[s0]);
    f[k++] = Feature(kS0tLeftSet, s0t, s0 == kNone ? 0 : left_set[s0]);
    f[k++] = Feature(kS0tRightSet, s0t, s0 == kNone ? 0 : right_set[s0]);
    f[k++] = Feature(kB0tLeftSet, b0t, left_set[b0]);
    f[k++] = Feature(kS1tRightSet, s1t, s1 == kNone ? 0 : right_set[s1]);
    f[k++] = Feature(kS0wRightSet, s0w, s0 == kNone ? 0 : right_set[s0]);
    f[k++] = Feature(kB0wLeftSet, b0w, left_set[b0]);
    f[k++] = Feature(kPunctBetween, PunctBetween(s0, b0), s0t, b0t);
    f[k++] = Feature(kPunctBetween10, PunctBetween(s1, s0), s1t, s0t);
    f[k++] = Feature(kS0tB0tB1w, s0t, b0t, b1w);
    f[k++] = Feature(kS0wS1tB0t, s0w, s1t, b0t);
    f[k++] = Feature(kS0c, C(s0, 2));
    f[k++] = Feature(kB0c, C(b0, 2));
    f[k++] = Feature(kS1c, C(s1, 2));
    f[k++] = Feature(kB1c, C(b1, 2));
    f[k++] = Feature(kS0cB0c, C(s0, 1), C(b0, 1));
    f[k++] = Feature(kS0cB0t, C(s0, 1), b0t);
    f[k++] = Feature(kS0tB0c, s0t, C(b0, 1));
    f[k++] = Feature(kS1cS0c, C(s1, 1), C(s0, 1));
    f[k++] = Feature(kS0cS0t, C(s0, 0), s0t);
    f[k++] = Feature(kB0cB0t, C(b0, 0), b0t);
    f[k++] = Feature(kS0lcS0c, C(s0l, 1), C(s0, 1));
    f[k++] = Feature(kB0lcB0c, C(b0l, 1), C(b0, 1));
    return k;
  }

  size_t LabelFeatures(int32_t head, int32_t dep, uint64_t* f) const {
    const uint64_t dir = head < dep;
    const uint64_t dw = W(dep), dt = T(dep), hw = W(head), ht = T(head);
    const uint64_t dht = HashMix(dir, HashMix(ht, dt));
    const int32_t dl = left1[dep], dr = right1[dep];
    const uint64_t first_child_word = dl != kNone ? W(dl) : W(dr);
    const uint64_t distance =
        DistanceBucket(head > dep ? head - dep : dep - head);
    size_t k = 0;
    f[k++] = Feature(kLBias, dir);
    f[k++] = Feature(kLDt, dir, dt);
    f[k++] = Feature(kLDw, dir, dw);
    f[k++] = Feature(kLDwt, dir, dw, dt);
    f[k++] = Feature(kLHt, dir, ht);
    f[k++] = Feature(kLHw, dir, hw);
    f[k++] = Feature(kLHwt, dir, hw, ht);
    f[k++] = Feature(kLHtDt, dht);
    f[k++] = Feature(kLHwDt, dir, hw, dt);
    f[k++] = Feature(kLHtDw, dir, ht, dw);
    f[k++] = Feature(kLHwDw, dir, hw, dw);
    f[k++] = Feature(kLDistHtDt, dht, distance);
    f[k++] = Feature(kLDLeftLabelDt, dht, L(dl));
    f[k++] = Feature(kLDRightLabelDt, dht, L(dr));
    f[k++] = Feature(kLDLeftSetDt, dht, left_set[dep]);
    f[k++] = Feature(kLDRightSetDt, dht, right_set[dep]);
    f[k++] = Feature(kLHSetHt, dht, left_set[head] ^ (right_set[head] << 1));
    f[k++] = Feature(kLDFirstChildWord, dht, W(dl), L(dl));
    f[k++] = Feature(kLDLastChildWord, dht, W(dr), L(dr));
    f[k++] = Feature(kLDNeighbourTags, dht, T(dep > 0 ? dep - 1 : kNone),
                     T(dep + 1 < static_cast<int32_t>(n) ? dep + 1 : kNone));
    f[k++] = Feature(kLHNeighbourTags, dht, T(head > 0 ? head - 1 : kNone),
                     T(head + 1 < static_cast<int32_t>(n) ? head + 1 : kNone));
    f[k++] = Feature(kLDFirstChildTagHtDt, dht, T(dl), T(dr));
    f[k++] = Feature(kLDSuffixHt, dir, words[dep].suffix3, ht);
    f[k++] = Feature(kLDFlagsHtDt, dht, words[dep].flags);
    f[k++] =
        Feature(kLPunctHtDt, dht,
                head < dep ? PunctBetween(head, dep) : PunctBetween(dep, head));
    f[k++] = Feature(kLHwDFirstChildWord, dir, hw, first_child_word);
    f[k++] = Feature(kLDFirstInSentence, dht, dep == 0);
    f[k++] = Feature(kLDChildrenCount, dht,
                     std::min<uint64_t>(left_count[dep], 3) * 4 +
                         std::min<uint64_t>(right_count[dep], 3));
    f[k++] = Feature(kLHtDtHasLeftRight, dht, left_count[head] > 0,
                     right_count[head] > 0);
    f[k++] = Feature(kLDc, dir, C(dep, 2));
    f[k++] = Feature(kLHc, dir, C(head, 2));
    f[k++] = Feature(kLHcDc, dir, C(head, 1), C(dep, 1));
    f[k++] = Feature(kLDcHt, dir, C(dep, 2), ht);
    f[k++] = Feature(kLHcDt, dir, C(head, 2), dt);
    return k;
  }

  const SyntaxWord* words;
  const uint8_t* tags;
  size_t n;
  uint32_t* heads;
  uint8_t* labels;
  std::vector<uint32_t> stack;
  uint32_t b = 0;
  std::vector<int32_t> left1, left2, right1, right2;
  std::vector<uint16_t> left_count, right_count;
  std::vector<uint64_t> left_set, right_set;
  std::vector<uint32_t> punct_before;
};

static_assert(kNumTransitionTemplates <= kMaxTransitionFeatures + 1);
static_assert(kNumLabelTemplates <= kMaxLabelFeatures + 1);

DependencyParser::DependencyParser(std::vector<std::string> labels,
                                   int transition_hash_bits,
                                   int label_hash_bits)
    : DependencyParser(
          labels, HashedPerceptron(kNumMoves, transition_hash_bits),
          HashedPerceptron(static_cast<int>(labels.size()), label_hash_bits)) {}

DependencyParser::DependencyParser(std::vector<std::string> labels,
                                   HashedPerceptron transitions,
                                   HashedPerceptron arc_labels)
    : labels_(std::move(labels)),
      transitions_(std::move(transitions)),
      arc_labels_(std::move(arc_labels)) {
  for (size_t l = 0; l < labels_.size(); ++l) {
    if (labels_[l] == "root") root_label_ = static_cast<uint8_t>(l);
  }
}

void DependencyParser::Run(State& state, const Learning* learn) const {
  uint64_t features[kMaxTransitionFeatures];
  uint64_t label_features[kMaxLabelFeatures];
  float scores[kNumMoves];
  std::vector<float> label_scores(labels_.size());
  const int num_labels = static_cast<int>(labels_.size());
  while (!state.Done()) {
    int valid_moves = 0, only_move = kShift;
    for (int m = 0; m < kNumMoves; ++m) {
      if (state.Valid(m)) {
        ++valid_moves;
        only_move = m;
      }
    }
    // A forced move (the first shift; the reductions once the buffer is
    // empty) needs no scoring when parsing; training still counts it.
    const bool forced = !learn && valid_moves == 1;
    const size_t k = forced ? 0 : state.TransitionFeatures(features);
    if (forced) {
      std::fill(scores, scores + kNumMoves, 0.0f);
      scores[only_move] = 1.0f;
    } else if (learn) {
      learn->transitions->TrainingScore(features, k, scores);
    } else {
      transitions_.Score(features, k, scores);
    }
    int best = -1;
    for (int m = 0; m < kNumMoves; ++m) {
      if (state.Valid(m) && (best < 0 || scores[m] > scores[best])) best = m;
    }
    int move = best;
    if (learn) {
      int costs[kNumMoves];
      int min_cost = std::numeric_limits<int>::max();
      for (int m = 0; m < kNumMoves; ++m) {
        costs[m] = state.Valid(m) ? state.Cost(m, learn->gold_heads)
                                  : std::numeric_limits<int>::max();
        min_cost = std::min(min_cost, costs[m]);
      }
      int gold = -1;
      for (int m = 0; m < kNumMoves; ++m) {
        if (costs[m] == min_cost && (gold < 0 || scores[m] > scores[gold]))
          gold = m;
      }
      if (costs[best] > min_cost)
        learn->transitions->Update(features, k, gold, best);
      learn->transitions->Tick();
      std::uniform_real_distribution<double> coin(0.0, 1.0);
      move = learn->explore && coin(*learn->rng) < 0.9 ? best : gold;
    }
    if (move == kShift) {
      state.stack.push_back(state.b++);
      continue;
    }
    const int32_t dep = state.S(0);
    const int32_t head =
        move == kLeft ? static_cast<int32_t>(state.b) : state.S(1);
    state.stack.pop_back();
    uint8_t label = root_label_;
    if (static_cast<size_t>(head) != state.n) {
      const size_t lk = state.LabelFeatures(head, dep, label_features);
      if (learn) {
        learn->arc_labels->TrainingScore(label_features, lk,
                                         label_scores.data());
      } else {
        arc_labels_.Score(label_features, lk, label_scores.data());
      }
      int guess = -1;
      for (int l = 0; l < num_labels; ++l) {
        if (l != root_label_ &&
            (guess < 0 || label_scores[l] > label_scores[guess])) {
          guess = l;
        }
      }
      if (learn && learn->gold_heads[dep] == static_cast<uint32_t>(head)) {
        learn->arc_labels->Update(label_features, lk, learn->gold_labels[dep],
                                  guess);
        learn->arc_labels->Tick();
      }
      label = static_cast<uint8_t>(guess);
    }
    state.AddArc(head, dep, label);
  }
}

void DependencyParser::Parse(const SyntaxWord* words, const uint8_t* tags,
                             size_t n, uint32_t* heads, uint8_t* labels) const {
  State state(words, tags, n, heads, labels);
  Run(state, nullptr);
}

int DependencyParser::Train(const SyntaxWord* words, const uint8_t* tags,
                            size_t n, const uint32_t* gold_heads,
                            const uint8_t* gold_labels, bool explore,
                            std::mt19937_64& rng) {
  std::vector<uint32_t> heads(n, 0);
  std::vector<uint8_t> labels(n, 0);
  State state(words, tags, n, heads.data(), labels.data());
  const Learning learn{&transitions_, &arc_labels_, gold_heads,
                       gold_labels,   explore,      &rng};
  Run(state, &learn);
  int correct = 0;
  for (size_t i = 0; i < n; ++i) correct += heads[i] == gold_heads[i];
  return correct;
}

void DependencyParser::Finish() {
  transitions_.Finish();
  arc_labels_.Finish();
}

}  // namespace eventwire::tag
