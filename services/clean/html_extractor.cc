#include "html_extractor.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <unordered_set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "boilerplate.h"
#include "eventwire/strings.h"
#include "eventwire/text.h"
#include "eventwire/utf8.h"
#include "eventwire/word_list.h"
#include "html_parser.h"

namespace eventwire::clean {
namespace {

using html::Document;
using html::kNoNode;
using html::Node;
using html::Tag;

// Statistics of one element's visible text.
struct NodeStats {
  uint32_t text_chars = 0;  // non-space bytes
  uint32_t link_chars = 0;  // non-space bytes inside <a>
  uint32_t commas = 0;
  uint32_t paragraphs = 0;       // blocks of running text below
  uint32_t para_chars = 0;       // their non-link text
  uint32_t direct_chars = 0;     // text in direct text and inline children
  uint32_t linked_headings = 0;  // headings that are all link (teasers)
  bool has_block_child = false;
  bool candidate = false;
  // Left out of the article: furniture by tag, name or visibility.
  bool junk = false;
  double score = 0;
};

// What the class, id and role names of an element say.
struct NameSignal {
  bool negative = false;
  bool positive = false;
  bool strong_negative = false;
};

bool IsHeading(Tag t) { return t >= Tag::kH1 && t <= Tag::kH6; }

bool IsBlockTag(Tag tag) {
  switch (tag) {
    case Tag::kP:
    case Tag::kDiv:
    case Tag::kSection:
    case Tag::kArticle:
    case Tag::kMain:
    case Tag::kH1:
    case Tag::kH2:
    case Tag::kH3:
    case Tag::kH4:
    case Tag::kH5:
    case Tag::kH6:
    case Tag::kUl:
    case Tag::kOl:
    case Tag::kLi:
    case Tag::kDl:
    case Tag::kDt:
    case Tag::kDd:
    case Tag::kBlockquote:
    case Tag::kPre:
    case Tag::kTable:
    case Tag::kTr:
    case Tag::kTd:
    case Tag::kTh:
    case Tag::kBr:
    case Tag::kHr:
    case Tag::kFigure:
    case Tag::kAddress:
    case Tag::kHeader:
    case Tag::kFooter:
    case Tag::kNav:
    case Tag::kAside:
    case Tag::kForm:
    case Tag::kTbody:
    case Tag::kThead:
    case Tag::kTfoot:
    case Tag::kCenter:
    case Tag::kDetails:
    case Tag::kSummary:
    case Tag::kFieldset:
    case Tag::kCaption:
    case Tag::kHgroup:
    case Tag::kDialog:
    case Tag::kMenu:
      return true;
    default:
      return false;
  }
}

// Elements that never hold article text.
bool IsNeverContent(Tag tag) {
  switch (tag) {
    case Tag::kScript:
    case Tag::kStyle:
    case Tag::kNoscript:
    case Tag::kTemplate:
    case Tag::kSvg:
    case Tag::kMath:
    case Tag::kIframe:
    case Tag::kObject:
    case Tag::kEmbed:
    case Tag::kCanvas:
    case Tag::kButton:
    case Tag::kSelect:
    case Tag::kInput:
    case Tag::kTextarea:
    case Tag::kHead:
    case Tag::kTitle:
    case Tag::kAudio:
    case Tag::kVideo:
    case Tag::kMap:
    case Tag::kLabel:
    case Tag::kFigcaption:
    case Tag::kDialog:
    case Tag::kNoembed:
    case Tag::kNoframes:
    case Tag::kOption:
      return true;
    default:
      return false;
  }
}

// Elements that are usually page furniture, unless they hold the article
// (some sites wrap the whole page in a <form> or the story in a <header>).
bool IsUsuallyFurniture(Tag tag) {
  switch (tag) {
    case Tag::kNav:
    case Tag::kAside:
    case Tag::kFooter:
    case Tag::kForm:
    case Tag::kHeader:
    case Tag::kFigure:
    case Tag::kMenu:
      return true;
    default:
      return false;
  }
}

const WordSet& NegativeWords() {
  static const auto* kWords = &WordList("negative-class-words");
  return *kWords;
}

const std::unordered_set<std::string>& PositiveWords() {
  static const auto* kWords = new std::unordered_set<std::string>{
      "article",       "articlebody", "body",      "content",      "entry",
      "main",          "post",        "story",     "text",         "blog",
      "prose",         "richtext",    "storybody", "article-body", "postbody",
      "entry-content", "main-content"};
  return *kWords;
}

const std::unordered_set<std::string>& StrongNegativeWords() {
  // Furniture however much text it holds: comment threads, related-story and
  // recommendation boxes.
  static const auto* kWords = new std::unordered_set<std::string>{
      "comment",   "comments",        "disqus",   "related", "recommended",
      "recommend", "recommendations", "outbrain", "taboola", "newsletter",
      "cookie",    "cookies",         "consent",  "sidebar", "footer",
      "trending",  "popular"};
  return *kWords;
}

NameSignal ReadNames(const Document& doc, uint32_t node) {
  NameSignal signal;
  for (const char* key : {"class", "id", "role", "itemprop"}) {
    const std::string* v = doc.Attr(node, key);
    if (!v) continue;
    std::string word;
    const auto flush = [&] {
      if (word.empty()) return;
      if (NegativeWords().count(word)) signal.negative = true;
      if (PositiveWords().count(word)) signal.positive = true;
      if (StrongNegativeWords().count(word)) signal.strong_negative = true;
      word.clear();
    };
    for (char c : *v) {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      } else {
        flush();
      }
    }
    flush();
  }
  return signal;
}

bool IsHidden(const Document& doc, uint32_t node) {
  if (doc.Attr(node, "hidden")) return true;
  if (const std::string* aria = doc.Attr(node, "aria-hidden");
      aria && *aria == "true") {
    return true;
  }
  if (const std::string* style = doc.Attr(node, "style")) {
    std::string s = absl::AsciiStrToLower(*style);
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    if (absl::StrContains(s, "display:none") ||
        absl::StrContains(s, "visibility:hidden")) {
      return true;
    }
  }
  return false;
}

class Extractor {
 public:
  Extractor(const Document& doc, const HtmlLimits& limits)
      : doc_(doc), limits_(limits), stats_(doc.size()), names_(doc.size()) {
    for (uint32_t i = 0; i < doc.size(); ++i) {
      if (!doc.node(i).is_text && doc.node(i).attr_count > 0)
        names_[i] = ReadNames(doc, i);
    }
  }

  void Run(TextBuilder& out, HtmlPageInfo& info) {
    ReadHead(info);
    title_fold_ = FoldForMatch(info.title);
    // Like Readability: when pruning by class names leaves too little text,
    // try again without it, and keep the longest result.
    constexpr size_t kEnoughText = 250;
    TextBuilder best;
    for (bool use_names : {true, false}) {
      TextBuilder attempt;
      Extract(use_names, attempt, info);
      if (attempt.size() >= kEnoughText) {
        best = std::move(attempt);
        break;
      }
      if (attempt.size() > best.size()) best = std::move(attempt);
    }
    out = std::move(best);
  }

 private:
  const Node& N(uint32_t i) const { return doc_.node(i); }
  bool IsElement(uint32_t i) const { return !N(i).is_text; }

  void Extract(bool use_names, TextBuilder& out, HtmlPageInfo& info) {
    std::fill(stats_.begin(), stats_.end(), NodeStats());
    candidates_.clear();
    use_names_ = use_names;
    const NodeStats page = Measure(doc_.root(), /*prune=*/false);
    MarkFurniture(doc_.root(), page.para_chars);
    Measure(doc_.root(), /*prune=*/true);
    const uint32_t body = doc_.body();
    ScoreParagraphs(body);
    uint32_t top = TopCandidate();
    if (top == kNoNode) top = body;
    std::vector<uint32_t> parts = WithSiblings(top);
    if (limits_.debug) {
      std::vector<uint32_t> ranked = candidates_;
      std::sort(ranked.begin(), ranked.end(), [&](uint32_t a, uint32_t b) {
        return stats_[a].score > stats_[b].score;
      });
      info.debug +=
          use_names ? "-- with class names\n" : "-- without class names\n";
      for (size_t i = 0; i < ranked.size() && i < 8; ++i)
        info.debug += Describe(ranked[i]) + "\n";
      info.debug += "top: " + Describe(top) + "\nparts:";
      for (uint32_t p : parts) info.debug += " " + Describe(p);
      info.debug += "\n";
    }
    for (uint32_t part : parts) {
      Emit(part, out, /*is_root=*/true);
      out.BreakParagraph();
    }
  }

  std::string Describe(uint32_t node) const {
    if (!IsElement(node)) return "#text";
    std::string path;
    for (uint32_t n = node; n != kNoNode && N(n).tag != Tag::kDocument;
         n = N(n).parent) {
      std::string part(html::TagName(N(n).tag));
      if (part.empty()) part = "?";
      if (const std::string* c = doc_.Attr(n, "class"))
        part += "." + c->substr(0, 30);
      if (const std::string* id = doc_.Attr(n, "id"))
        part += "#" + id->substr(0, 30);
      path = path.empty() ? part : part + " > " + path;
      if (path.size() > 300) break;
    }
    const NodeStats& s = stats_[node];
    return absl::StrFormat("%.1f text=%u links=%u p=%u %s", s.score,
                           s.text_chars, s.link_chars, s.paragraphs, path);
  }

  std::string TextOf(uint32_t node) const {
    return std::string(absl::StripAsciiWhitespace(doc_.TextContent(node)));
  }

  void ReadHead(HtmlPageInfo& info) {
    std::string og_title, h1_title, html_title, byline;
    for (uint32_t i = 0; i < doc_.size(); ++i) {
      const Node& n = N(i);
      if (n.is_text) continue;
      switch (n.tag) {
        case Tag::kHtml:
          if (const std::string* lang = doc_.Attr(i, "lang"))
            info.language = *lang;
          break;
        case Tag::kTitle:
          if (html_title.empty()) html_title = TextOf(i);
          break;
        case Tag::kMeta: {
          const std::string* key = doc_.Attr(i, "property");
          if (!key) key = doc_.Attr(i, "name");
          const std::string* content = doc_.Attr(i, "content");
          if (key && content) {
            std::string k = absl::AsciiStrToLower(*key);
            if ((k == "og:title" || k == "twitter:title") && og_title.empty()) {
              og_title = *content;
            } else if (k == "author" && info.byline.empty()) {
              info.byline = *content;
            } else if (k == "og:site_name") {
              info.site_name = *content;
            }
          }
          break;
        }
        case Tag::kH1:
          if (h1_title.empty()) h1_title = TextOf(i);
          break;
        default:
          break;
      }
      // A byline in the page: itemprop="author", rel="author", class "byline".
      if (byline.empty() && n.attr_count > 0) {
        const std::string* itemprop = doc_.Attr(i, "itemprop");
        const std::string* rel = doc_.Attr(i, "rel");
        const std::string* cls = doc_.Attr(i, "class");
        if ((itemprop && *itemprop == "author") || (rel && *rel == "author") ||
            (cls && absl::StrContains(absl::AsciiStrToLower(*cls), "byline"))) {
          std::string text = TextOf(i);
          if (!text.empty() && text.size() <= 120) byline = text;
        }
      }
    }
    if (info.byline.empty() && !byline.empty()) {
      // "By Jane Doe" -> "Jane Doe"
      std::string_view b = Sv(absl::StripAsciiWhitespace(byline));
      if (b.size() > 3 && (b.substr(0, 3) == "By " || b.substr(0, 3) == "by "))
        b.remove_prefix(3);
      info.byline = std::string(b);
    }
    info.title = !og_title.empty()   ? og_title
                 : !h1_title.empty() ? h1_title
                                     : html_title;
    info.title = std::string(absl::StripAsciiWhitespace(info.title));
  }

  // Text statistics of every element, bottom-up. With `prune`, furniture
  // (decided by MarkFurniture) contributes nothing to its ancestors.
  NodeStats Measure(uint32_t node, bool prune) {
    NodeStats stats;
    const Node& n = N(node);
    if (n.is_text) {
      for (char c : doc_.RawText(node)) {
        if (!std::isspace(static_cast<unsigned char>(c))) ++stats.text_chars;
        if (c == ',') ++stats.commas;
      }
      return stats;
    }
    if (IsNeverContent(n.tag) || IsHidden(doc_, node)) {
      stats.junk = true;
      stats_[node] = stats;
      return NodeStats();
    }
    for (uint32_t c = n.first_child; c != kNoNode; c = N(c).next_sibling) {
      const NodeStats cs = Measure(c, prune);
      stats.text_chars += cs.text_chars;
      stats.link_chars += cs.link_chars;
      stats.commas += cs.commas;
      stats.paragraphs += cs.paragraphs;
      stats.para_chars += cs.para_chars;
      stats.linked_headings += cs.linked_headings;
      if (IsElement(c) && IsBlockTag(N(c).tag) && N(c).tag != Tag::kBr) {
        stats.has_block_child = true;
      } else {
        stats.direct_chars +=
            cs.text_chars - std::min(cs.text_chars, cs.link_chars);
      }
    }
    if (n.tag == Tag::kA) stats.link_chars = stats.text_chars;
    if (IsHeading(n.tag) && stats.text_chars >= 15 &&
        stats.link_chars * 10 >= stats.text_chars * 8) {
      ++stats.linked_headings;
    }
    // A block of running text: a <p>, or a <div> without block children.
    const bool text_block =
        n.tag == Tag::kP || ((n.tag == Tag::kDiv || n.tag == Tag::kSection) &&
                             !stats.has_block_child);
    if (text_block && stats.text_chars >= 25) {
      const uint32_t own =
          stats.text_chars - std::min(stats.text_chars, stats.link_chars);
      if (own * 2 >= stats.text_chars) {
        ++stats.paragraphs;
        stats.para_chars = own;
      }
    }
    const bool junk = prune && stats_[node].junk;
    stats.junk = junk;
    stats_[node] = stats;
    return junk ? NodeStats() : stats;
  }

  // Boilerplate by name: class/id words that are negative and not positive.
  bool IsBoilerplateByName(uint32_t node) const {
    const NameSignal& s = names_[node];
    if (!s.negative || s.positive) return false;
    // The page's own wrappers are never dropped by name.
    const Tag t = N(node).tag;
    return t != Tag::kBody && t != Tag::kHtml && t != Tag::kArticle &&
           t != Tag::kMain;
  }

  int ClassWeight(uint32_t node) const {
    const NameSignal& s = names_[node];
    return (s.negative ? -25 : 0) + (s.positive ? 25 : 0);
  }

  // Furniture by tag or class name is left out, unless it holds at least
  // half of the page's paragraph text (a page wrapped in a <form>, a story
  // in a <header>, a wrapper whose name happens to look like furniture).
  void MarkFurniture(uint32_t node, uint32_t page_para_chars) {
    const Node& n = N(node);
    if (n.is_text) return;
    NodeStats& s = stats_[node];
    if (s.junk) return;  // never content, hidden
    if (IsUsuallyFurniture(n.tag) ||
        (use_names_ && IsBoilerplateByName(node))) {
      const bool holds_article = s.paragraphs >= 3 && s.para_chars >= 500 &&
                                 s.para_chars * 2 >= page_para_chars;
      if (!holds_article || n.tag == Tag::kNav || n.tag == Tag::kFigure ||
          (use_names_ && names_[node].strong_negative &&
           !names_[node].positive)) {
        s.junk = true;
        return;
      }
    }
    for (uint32_t c = n.first_child; c != kNoNode; c = N(c).next_sibling) {
      MarkFurniture(c, page_para_chars);
    }
  }

  bool IsJunk(uint32_t node) const {
    return IsElement(node) && stats_[node].junk;
  }

  double LinkDensity(uint32_t node) const {
    const NodeStats& s = stats_[node];
    return s.text_chars ? static_cast<double>(s.link_chars) / s.text_chars : 0;
  }

  void InitCandidate(uint32_t node) {
    NodeStats& s = stats_[node];
    if (s.candidate) return;
    s.candidate = true;
    candidates_.push_back(node);
    double base = 0;
    switch (N(node).tag) {
      case Tag::kDiv:
      case Tag::kMain:
      case Tag::kSection:
        base = 5;
        break;
      case Tag::kArticle:
        base = 15;
        break;
      case Tag::kPre:
      case Tag::kTd:
      case Tag::kBlockquote:
        base = 3;
        break;
      case Tag::kAddress:
      case Tag::kOl:
      case Tag::kUl:
      case Tag::kDl:
      case Tag::kDd:
      case Tag::kDt:
      case Tag::kLi:
        base = -3;
        break;
      case Tag::kH1:
      case Tag::kH2:
      case Tag::kH3:
      case Tag::kH4:
      case Tag::kH5:
      case Tag::kH6:
      case Tag::kTh:
        base = -5;
        break;
      default:
        break;
    }
    s.score = base + (use_names_ ? ClassWeight(node) : 0);
  }

  // Readability's scoring: each paragraph gives points to its ancestors.
  void ScoreParagraphs(uint32_t node) {
    const Node& n = N(node);
    if (n.is_text || IsJunk(node)) return;
    const NodeStats& s = stats_[node];
    const bool div_like = n.tag == Tag::kDiv || n.tag == Tag::kSection ||
                          n.tag == Tag::kArticle || n.tag == Tag::kMain;
    // A <div> of running text is a paragraph too, also when it has block
    // children beside its text (text broken by empty <div>s, figures).
    uint32_t chars = 0;
    uint32_t first_ancestor = n.parent;
    if (n.tag == Tag::kP || n.tag == Tag::kPre || n.tag == Tag::kTd ||
        n.tag == Tag::kBlockquote || (div_like && !s.has_block_child)) {
      chars = s.text_chars;
    } else if (div_like && s.direct_chars >= 100) {
      // Loose text beside blocks is a paragraph of this element (Readability
      // wraps it in a <p>): the element itself is its first ancestor.
      chars = s.direct_chars;
      first_ancestor = node;
    }
    if (chars >= 25) {
      const double score =
          1 + s.commas + std::min(3.0, std::floor(chars / 100.0));
      uint32_t ancestor = first_ancestor;
      for (int level = 0; ancestor != kNoNode && level < 3; ++level) {
        if (N(ancestor).tag == Tag::kDocument) break;
        InitCandidate(ancestor);
        const double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
        stats_[ancestor].score += score / divider;
        ancestor = N(ancestor).parent;
      }
    }
    for (uint32_t c = n.first_child; c != kNoNode; c = N(c).next_sibling)
      ScoreParagraphs(c);
  }

  bool Contains(uint32_t ancestor, uint32_t node) const {
    for (uint32_t n = node; n != kNoNode; n = N(n).parent) {
      if (n == ancestor) return true;
    }
    return false;
  }

  bool IsRootish(uint32_t node) const {
    const Tag t = N(node).tag;
    return t == Tag::kBody || t == Tag::kHtml || t == Tag::kDocument;
  }

  uint32_t TopCandidate() {
    uint32_t best = kNoNode;
    double best_score = 0;
    for (uint32_t node : candidates_) {
      NodeStats& s = stats_[node];
      s.score *= (1.0 - LinkDensity(node));
      if (best == kNoNode || s.score > best_score) {
        best = node;
        best_score = s.score;
      }
    }
    if (best == kNoNode) return kNoNode;
    // When several strong candidates share an ancestor, the article is
    // split in blocks: that ancestor is the better root (Readability's rule).
    std::vector<uint32_t> alternatives;
    for (uint32_t node : candidates_) {
      if (node != best && stats_[node].score >= best_score * 0.75)
        alternatives.push_back(node);
    }
    uint32_t node = best;
    if (!alternatives.empty()) {
      const size_t needed = std::min<size_t>(3, alternatives.size());
      for (uint32_t a = N(best).parent; a != kNoNode && !IsRootish(a);
           a = N(a).parent) {
        size_t inside = 0;
        for (uint32_t alt : alternatives) inside += Contains(a, alt);
        if (inside >= needed) {
          node = a;
          break;
        }
      }
    }
    // Grow the root while what an ancestor adds is mostly running text: the
    // rest of an article split over several blocks, not a sidebar or a list
    // of links.
    while (N(node).parent != kNoNode && !IsRootish(N(node).parent)) {
      const uint32_t parent = N(node).parent;
      if (IsJunk(parent)) break;
      const NodeStats& ps = stats_[parent];
      const NodeStats& ns = stats_[node];
      const uint32_t extra_text =
          ps.text_chars - std::min(ps.text_chars, ns.text_chars);
      const uint32_t extra_para =
          ps.para_chars - std::min(ps.para_chars, ns.para_chars);
      const uint32_t extra_links =
          ps.link_chars - std::min(ps.link_chars, ns.link_chars);
      if (extra_text < 50 ||
          (extra_para >= 200 && extra_para * 10 >= extra_text * 6 &&
           extra_links * 5 <= extra_text)) {
        node = parent;
        continue;
      }
      break;
    }
    return node;
  }

  std::vector<uint32_t> WithSiblings(uint32_t top) {
    std::vector<uint32_t> parts;
    const uint32_t parent = N(top).parent;
    if (parent == kNoNode) {
      parts.push_back(top);
      return parts;
    }
    const double top_score = stats_[top].score;
    const double threshold = std::max(10.0, top_score * 0.2);
    for (uint32_t sib = N(parent).first_child; sib != kNoNode;
         sib = N(sib).next_sibling) {
      if (sib == top) {
        parts.push_back(sib);
        continue;
      }
      if (!IsElement(sib) || IsJunk(sib)) continue;
      const NodeStats& s = stats_[sib];
      double bonus = 0;
      if (use_names_ && ClassWeight(sib) > 0 &&
          ClassWeight(sib) == ClassWeight(top)) {
        bonus = top_score * 0.2;
      }
      bool keep = s.candidate && s.score + bonus >= threshold;
      if (!keep && N(sib).tag == Tag::kP) {
        const double ld = LinkDensity(sib);
        keep = (s.text_chars > 80 && ld < 0.25) ||
               (s.text_chars > 0 && ld == 0 && s.text_chars < 80 &&
                absl::EndsWith(TextOf(sib), "."));
      }
      if (keep) parts.push_back(sib);
    }
    return parts;
  }

  // An inline card glued into a sentence (a name's hover card with its
  // picture and the latest headlines about that person): a long span that
  // is all links, several of them, none its own direct child (the name
  // the sentence links stays).
  bool IsInlineLinkCard(uint32_t node, double link_density) const {
    if (link_density < 0.9 || stats_[node].text_chars < 100) return false;
    for (uint32_t c = N(node).first_child; c != kNoNode;
         c = N(c).next_sibling) {
      if (IsElement(c) && N(c).tag == Tag::kA) return false;
    }
    int links = 0;
    std::vector<uint32_t> stack = {node};
    while (!stack.empty() && links < 2) {
      const uint32_t at = stack.back();
      stack.pop_back();
      for (uint32_t c = N(at).first_child; c != kNoNode;
           c = N(c).next_sibling) {
        if (!IsElement(c)) continue;
        if (N(c).tag == Tag::kA) {
          ++links;
        } else {
          stack.push_back(c);
        }
      }
    }
    return links >= 2;
  }

  // A block inside the article that is a list of links, a card for another
  // story, or a stray widget.
  bool IsNoiseBlock(uint32_t node) const {
    const Tag tag = N(node).tag;
    const NodeStats& s = stats_[node];
    if (s.text_chars == 0) return false;
    const double ld = LinkDensity(node);
    // An <article> inside another is a card for a further story.
    if (tag == Tag::kArticle && s.text_chars < 1500) {
      for (uint32_t a = N(node).parent; a != kNoNode; a = N(a).parent) {
        if (N(a).tag == Tag::kArticle) return true;
      }
    }
    // A teaser card: a linked headline and a short excerpt.
    if ((tag == Tag::kDiv || tag == Tag::kArticle || tag == Tag::kLi ||
         tag == Tag::kSection) &&
        s.linked_headings >= 1 && s.text_chars < 700 && s.paragraphs <= 2) {
      return true;
    }
    switch (tag) {
      case Tag::kUl:
      case Tag::kOl:
      case Tag::kDiv:
      case Tag::kSection:
      case Tag::kTable:
      case Tag::kDl:
        if (ld > 0.5) return true;
        return tag != Tag::kUl && tag != Tag::kOl && ld > 0.3 &&
               s.paragraphs == 0 && s.text_chars < 200;
      case Tag::kP:
      case Tag::kLi:
        return ld > 0.8 && s.text_chars < 120;
      case Tag::kSpan:
        return IsInlineLinkCard(node, ld);
      default:
        return false;
    }
  }

  void Emit(uint32_t node, TextBuilder& out, bool is_root) {
    const Node& n = N(node);
    if (n.is_text) {
      EmitText(node, out);
      return;
    }
    if (!is_root && (IsJunk(node) || IsNoiseBlock(node))) return;
    if (n.tag == Tag::kBr) {
      out.BreakLine();
      return;
    }
    if (n.tag == Tag::kH1 && !title_fold_.empty() &&
        FoldForMatch(TextOf(node)) == title_fold_) {
      return;  // the headline is the title, not body text
    }
    const bool block = IsBlockTag(n.tag);
    if (block) {
      if (n.tag == Tag::kLi || n.tag == Tag::kTr) {
        out.BreakLine();
      } else {
        out.BreakParagraph();
      }
    }
    for (uint32_t c = n.first_child; c != kNoNode; c = N(c).next_sibling)
      Emit(c, out, false);
    if (block) {
      if (n.tag == Tag::kLi || n.tag == Tag::kTr || n.tag == Tag::kTd ||
          n.tag == Tag::kTh) {
        out.BreakLine();
      } else {
        out.BreakParagraph();
      }
    }
  }

  // Appends a text node: whitespace folded, character references decoded,
  // each piece mapped to the raw bytes it came from (a reference maps as a
  // whole).
  void EmitText(uint32_t node, TextBuilder& out) {
    const std::string_view raw = doc_.RawText(node);
    const uint32_t base = N(node).begin;
    std::string decoded;
    size_t i = 0;
    while (i < raw.size()) {
      const unsigned char c = static_cast<unsigned char>(raw[i]);
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
        size_t start = i;
        while (i < raw.size() &&
               (raw[i] == ' ' || raw[i] == '\n' || raw[i] == '\t' ||
                raw[i] == '\r' || raw[i] == '\f')) {
          ++i;
        }
        out.AppendSpace(base + start, i - start,
                        i - start == 1 && raw[start] == ' ');
        continue;
      }
      if (c == '&') {
        size_t length = 0;
        decoded.clear();
        if (html::DecodeCharacterReference(raw, i, &length, &decoded)) {
          size_t k = 0;
          const char32_t cp = DecodeUtf8(decoded, k);
          if (IsSpaceCodePoint(cp)) {
            out.AppendSpace(base + i, length);
          } else {
            out.Append(decoded, base + i, length, /*copied=*/false);
          }
          i += length;
          continue;
        }
      }
      if (c == 0xC2 && i + 1 < raw.size() &&
          static_cast<unsigned char>(raw[i + 1]) == 0xA0) {
        out.AppendSpace(base + i, 2);  // a no-break space
        i += 2;
        continue;
      }
      // A run of ordinary bytes.
      size_t start = i;
      ++i;
      while (i < raw.size()) {
        const unsigned char d = static_cast<unsigned char>(raw[i]);
        if (d == ' ' || d == '\n' || d == '\t' || d == '\r' || d == '\f' ||
            d == '&' ||
            (d == 0xC2 && i + 1 < raw.size() &&
             static_cast<unsigned char>(raw[i + 1]) == 0xA0)) {
          break;
        }
        ++i;
      }
      out.Append(raw.substr(start, i - start), base + start, i - start);
    }
  }

  const Document& doc_;
  const HtmlLimits& limits_;
  std::vector<NodeStats> stats_;
  std::vector<NameSignal> names_;
  std::vector<uint32_t> candidates_;
  std::string title_fold_;
  bool use_names_ = true;
};

}  // namespace

absl::Status ExtractHtmlArticle(std::string_view html, const HtmlLimits& limits,
                                TextBuilder& out, HtmlPageInfo& info,
                                bool* truncated_depth) {
  html::ParseOptions options;
  options.max_depth = limits.max_depth;
  const Document doc = html::Parse(html, options);
  Extractor extractor(doc, limits);
  extractor.Run(out, info);
  *truncated_depth = doc.depth_truncated();
  // Bylines, timestamps, credits and calls to action inside the article.
  out.RemoveLines(IsPageFurniture);
  return absl::OkStatus();
}

}  // namespace eventwire::clean
