#include "html_extractor.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "boilerplate.h"
#include "eventwire/strings.h"
#include "eventwire/text.h"
#include "eventwire/utf8.h"

namespace eventwire::clean {
namespace {

// Statistics of one element's visible text.
struct NodeStats {
  uint32_t text_chars = 0;  // non-space bytes
  uint32_t link_chars = 0;  // non-space bytes inside <a>
  uint32_t commas = 0;
  uint32_t paragraphs = 0;  // <p> descendants with real text
  uint32_t para_chars = 0;  // non-link text inside those paragraphs
  uint32_t direct_chars = 0;  // text in direct text and inline children
  uint32_t linked_headings = 0;  // headings that are all link (teasers)
  bool has_block_child = false;
  double score = 0;
  bool candidate = false;
  // Left out of the article: furniture by tag, name or visibility.
  bool junk = false;
};

bool IsHeading(GumboTag tag) {
  return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 ||
         tag == GUMBO_TAG_H4 || tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_LI:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_BR:
    case GUMBO_TAG_HR: case GUMBO_TAG_FIGURE: case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_CENTER:
      return true;
    default:
      return false;
  }
}

// Elements that never hold article text.
bool IsNeverContent(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_MAP: case GUMBO_TAG_LABEL: case GUMBO_TAG_FIGCAPTION:
      return true;
    default:
      return false;
  }
}

// Elements that are usually page furniture, unless they hold the article
// (some sites wrap the whole page in a <form> or the story in a <header>).
bool IsUsuallyFurniture(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM: case GUMBO_TAG_HEADER: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_MENU:
      return true;
    default:
      return false;
  }
}

const char* Attr(const GumboElement& el, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
  return a ? a->value : nullptr;
}

// Words of class and id names ("story-body__inner" -> story, body, inner).
std::vector<std::string> NameWords(const GumboElement& el) {
  std::vector<std::string> words;
  for (const char* key : {"class", "id", "role", "itemprop"}) {
    const char* v = Attr(el, key);
    if (!v) continue;
    std::string lower = absl::AsciiStrToLower(v);
    std::string cur;
    for (char c : lower) {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        cur += c;
      } else if (!cur.empty()) {
        words.push_back(std::move(cur));
        cur.clear();
      }
    }
    if (!cur.empty()) words.push_back(std::move(cur));
  }
  return words;
}

// Boilerplate vocabulary of class / id names across sites.
const std::unordered_set<std::string>& NegativeWords() {
  static const auto* kWords = new std::unordered_set<std::string>{
      "comment", "comments", "footer", "footnote", "footnotes", "sidebar",
      "share", "sharing", "social", "related", "recommended", "recommend",
      "recommendations", "promo", "promotion", "promoted", "sponsor",
      "sponsored", "advert", "advertisement", "ad", "ads", "adv",
      "advertising", "banner", "newsletter", "subscribe", "subscription",
      "signup", "popup", "modal", "cookie", "cookies", "consent",
      "breadcrumb", "breadcrumbs", "nav", "navbar", "navigation", "menu",
      "masthead", "widget", "widgets", "toolbar", "outbrain", "taboola",
      "disqus", "pagination", "pager", "trending", "popular", "readmore",
      "caption", "credit", "credits", "byline", "author", "copyright",
      "disclaimer", "gallery", "slideshow", "carousel", "login", "paywall",
      "rss", "sitemap", "teaser", "teasers", "skip", "jump", "tags",
      "complementary", "contentinfo"};
  return *kWords;
}

const std::unordered_set<std::string>& PositiveWords() {
  static const auto* kWords = new std::unordered_set<std::string>{
      "article", "articlebody", "body", "content", "entry", "main", "post",
      "story", "text", "blog", "prose", "richtext", "storybody",
      "article-body", "postbody", "entry-content", "main-content"};
  return *kWords;
}

// Names that mark furniture however much text it holds: comment threads,
// related-story and recommendation boxes.
bool HasStrongNegativeName(const GumboElement& el) {
  static const auto* kWords = new std::unordered_set<std::string>{
      "comment", "comments", "disqus", "related", "recommended", "recommend",
      "recommendations", "outbrain", "taboola", "newsletter", "cookie",
      "cookies", "consent", "sidebar", "footer", "trending", "popular"};
  for (const std::string& w : NameWords(el)) {
    if (kWords->count(w)) return true;
  }
  return false;
}

int ClassWeight(const GumboElement& el) {
  int weight = 0;
  bool negative = false, positive = false;
  for (const std::string& w : NameWords(el)) {
    if (NegativeWords().count(w)) negative = true;
    if (PositiveWords().count(w)) positive = true;
  }
  if (negative) weight -= 25;
  if (positive) weight += 25;
  return weight;
}

bool IsHidden(const GumboElement& el) {
  if (Attr(el, "hidden")) return true;
  if (const char* aria = Attr(el, "aria-hidden");
      aria && std::string_view(aria) == "true") {
    return true;
  }
  if (const char* style = Attr(el, "style")) {
    std::string s = absl::AsciiStrToLower(style);
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    if (absl::StrContains(s, "display:none") ||
        absl::StrContains(s, "visibility:hidden")) {
      return true;
    }
  }
  return false;
}

// Boilerplate by name: class/id words that are negative and not positive.
bool IsBoilerplateByName(const GumboElement& el) {
  bool negative = false, positive = false;
  for (const std::string& w : NameWords(el)) {
    if (NegativeWords().count(w)) negative = true;
    if (PositiveWords().count(w)) positive = true;
  }
  if (!negative || positive) return false;
  // The page's own wrappers are never dropped by name.
  return el.tag != GUMBO_TAG_BODY && el.tag != GUMBO_TAG_HTML &&
         el.tag != GUMBO_TAG_ARTICLE && el.tag != GUMBO_TAG_MAIN;
}

class Extractor {
 public:
  Extractor(std::string_view html, const HtmlLimits& limits)
      : html_(html), limits_(limits) {}

  void Run(GumboNode* root, TextBuilder& out, HtmlPageInfo& info,
           bool* truncated) {
    ReadHead(root, info, 0);
    title_fold_ = FoldForMatch(info.title);
    // Like Readability: when pruning by class names leaves too little text,
    // try again without it, and keep the longest result.
    constexpr size_t kEnoughText = 250;
    TextBuilder best;
    for (bool use_names : {true, false}) {
      TextBuilder attempt;
      Extract(root, use_names, attempt, info);
      if (attempt.size() >= kEnoughText) {
        best = std::move(attempt);
        break;
      }
      if (attempt.size() > best.size()) best = std::move(attempt);
    }
    out = std::move(best);
    *truncated = depth_truncated_;
  }

  void Extract(GumboNode* root, bool use_names, TextBuilder& out, HtmlPageInfo& info) {
    stats_.clear();
    candidates_.clear();
    use_names_ = use_names;
    NodeStats page = Measure(root, 0, /*prune=*/false);
    MarkFurniture(root, 0, page.para_chars);
    Measure(root, 0, /*prune=*/true);
    GumboNode* body = FindBody(root);
    if (body == nullptr) body = root;
    ScoreParagraphs(body, 0);
    GumboNode* top = TopCandidate();
    if (top == nullptr) top = body;
    std::vector<GumboNode*> parts = WithSiblings(top);
    if (limits_.debug) {
      std::vector<GumboNode*> ranked = candidates_;
      std::sort(ranked.begin(), ranked.end(), [&](GumboNode* a, GumboNode* b) {
        return Stats(a).score > Stats(b).score;
      });
      info.debug += use_names ? "-- with class names\n" : "-- without class names\n";
      for (size_t i = 0; i < ranked.size() && i < 8; ++i) {
        info.debug += Describe(ranked[i]) + "\n";
      }
      info.debug += "top: " + Describe(top) + "\nparts:";
      for (GumboNode* p : parts) info.debug += " " + Describe(p);
      info.debug += "\n";
    }
    for (GumboNode* part : parts) {
      Emit(part, out, 0, /*is_root=*/true);
      out.BreakParagraph();
    }
  }

 private:
  static GumboNode* FindBody(GumboNode* root) {
    if (root->type != GUMBO_NODE_ELEMENT) return nullptr;
    GumboVector& children = root->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      auto* child = static_cast<GumboNode*>(children.data[i]);
      if (child->type == GUMBO_NODE_ELEMENT &&
          child->v.element.tag == GUMBO_TAG_BODY) {
        return child;
      }
    }
    return nullptr;
  }

  std::string Describe(GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT) return "#text";
    std::string path;
    for (GumboNode* n = node; n && n->type == GUMBO_NODE_ELEMENT; n = n->parent) {
      std::string part = gumbo_normalized_tagname(n->v.element.tag);
      if (const char* c = Attr(n->v.element, "class")) part += "." + std::string(c).substr(0, 30);
      if (const char* id = Attr(n->v.element, "id")) part += "#" + std::string(id).substr(0, 30);
      path = path.empty() ? part : part + " > " + path;
      if (path.size() > 300) break;
    }
    const NodeStats& s = Stats(node);
    return absl::StrFormat("%.1f text=%u links=%u p=%u %s", s.score, s.text_chars,
                           s.link_chars, s.paragraphs, path);
  }

  std::string TextOf(const GumboNode* node, int depth) const {
    std::string out;
    AppendTextOf(node, out, depth);
    return std::string(absl::StripAsciiWhitespace(out));
  }
  void AppendTextOf(const GumboNode* node, std::string& out, int depth) const {
    if (depth > limits_.max_depth) return;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
      out += node->v.text.text;
      return;
    }
    if (node->type != GUMBO_NODE_ELEMENT) return;
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      AppendTextOf(static_cast<GumboNode*>(children.data[i]), out, depth + 1);
    }
  }

  void ReadHead(GumboNode* node, HtmlPageInfo& info, int depth) {
    if (node->type != GUMBO_NODE_ELEMENT || depth > limits_.max_depth) return;
    const GumboElement& el = node->v.element;
    if (el.tag == GUMBO_TAG_HTML) {
      if (const char* lang = Attr(el, "lang")) info.language = lang;
    } else if (el.tag == GUMBO_TAG_TITLE && html_title_.empty()) {
      html_title_ = TextOf(node, depth);
    } else if (el.tag == GUMBO_TAG_META) {
      const char* key = Attr(el, "property");
      if (!key) key = Attr(el, "name");
      const char* content = Attr(el, "content");
      if (key && content) {
        std::string k = absl::AsciiStrToLower(key);
        if ((k == "og:title" || k == "twitter:title") && og_title_.empty()) {
          og_title_ = content;
        } else if (k == "author" && info.byline.empty()) {
          info.byline = content;
        } else if (k == "og:site_name") {
          info.site_name = content;
        }
      }
    } else if (el.tag == GUMBO_TAG_H1 && h1_title_.empty()) {
      h1_title_ = TextOf(node, depth);
    }
    for (unsigned i = 0; i < el.children.length; ++i) {
      ReadHead(static_cast<GumboNode*>(el.children.data[i]), info, depth + 1);
    }
    if (depth == 0) {
      info.title = !og_title_.empty()   ? og_title_
                   : !h1_title_.empty() ? h1_title_
                                        : html_title_;
      info.title = std::string(absl::StripAsciiWhitespace(info.title));
    }
  }

  // Text statistics of every element, bottom-up. With `prune`, furniture
  // (decided by MarkFurniture) contributes nothing to its ancestors.
  NodeStats Measure(GumboNode* node, int depth, bool prune) {
    NodeStats stats;
    if (depth > limits_.max_depth) {
      depth_truncated_ = true;
      return stats;
    }
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
      for (const char* p = node->v.text.text; *p; ++p) {
        if (!std::isspace(static_cast<unsigned char>(*p))) ++stats.text_chars;
        if (*p == ',') ++stats.commas;
      }
      return stats;
    }
    if (node->type != GUMBO_NODE_ELEMENT) return stats;
    const GumboElement& el = node->v.element;
    if (IsNeverContent(el.tag) || IsHidden(el)) {
      stats.junk = true;
      stats_[node] = stats;
      return NodeStats();
    }
    for (unsigned i = 0; i < el.children.length; ++i) {
      auto* child = static_cast<GumboNode*>(el.children.data[i]);
      NodeStats c = Measure(child, depth + 1, prune);
      stats.text_chars += c.text_chars;
      stats.link_chars += c.link_chars;
      stats.commas += c.commas;
      stats.paragraphs += c.paragraphs;
      stats.para_chars += c.para_chars;
      stats.linked_headings += c.linked_headings;
      if (child->type == GUMBO_NODE_ELEMENT && IsBlockTag(child->v.element.tag) &&
          child->v.element.tag != GUMBO_TAG_BR) {
        stats.has_block_child = true;
      } else {
        stats.direct_chars += c.text_chars - std::min(c.text_chars, c.link_chars);
      }
    }
    if (el.tag == GUMBO_TAG_A) stats.link_chars = stats.text_chars;
    if (IsHeading(el.tag) && stats.text_chars >= 15 && stats.link_chars * 10 >= stats.text_chars * 8) {
      ++stats.linked_headings;
    }
    // A block of running text: a <p>, or a <div> without block children.
    const bool text_block =
        el.tag == GUMBO_TAG_P ||
        ((el.tag == GUMBO_TAG_DIV || el.tag == GUMBO_TAG_SECTION) && !stats.has_block_child);
    if (text_block && stats.text_chars >= 25) {
      const uint32_t own = stats.text_chars - std::min(stats.text_chars, stats.link_chars);
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

  // Furniture by tag or class name is left out, unless it holds at least
  // half of the page's paragraph text (a page wrapped in a <form>, a story
  // in a <header>, a wrapper whose name happens to look like furniture).
  void MarkFurniture(GumboNode* node, int depth, uint32_t page_para_chars) {
    if (node->type != GUMBO_NODE_ELEMENT || depth > limits_.max_depth) return;
    NodeStats& s = stats_[node];
    if (s.junk) return;  // never content, hidden
    const GumboElement& el = node->v.element;
    if (IsUsuallyFurniture(el.tag) || (use_names_ && IsBoilerplateByName(el))) {
      const bool holds_article =
          s.paragraphs >= 3 && s.para_chars >= 500 && s.para_chars * 2 >= page_para_chars;
      if (!holds_article || el.tag == GUMBO_TAG_NAV || el.tag == GUMBO_TAG_FIGURE ||
          (use_names_ && HasStrongNegativeName(el))) {
        s.junk = true;
        return;
      }
    }
    for (unsigned i = 0; i < el.children.length; ++i) {
      MarkFurniture(static_cast<GumboNode*>(el.children.data[i]), depth + 1, page_para_chars);
    }
  }

  bool IsJunk(GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT) return false;
    auto it = stats_.find(node);
    return it != stats_.end() && it->second.junk;
  }

  NodeStats& Stats(GumboNode* node) { return stats_[node]; }

  double LinkDensity(GumboNode* node) {
    const NodeStats& s = Stats(node);
    return s.text_chars ? static_cast<double>(s.link_chars) / s.text_chars : 0;
  }

  void InitCandidate(GumboNode* node) {
    NodeStats& s = Stats(node);
    if (s.candidate) return;
    s.candidate = true;
    candidates_.push_back(node);
    const GumboElement& el = node->v.element;
    double base = 0;
    switch (el.tag) {
      case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
      case GUMBO_TAG_SECTION:
        base = 5; break;
      case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE:
        base = 3; break;
      case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL:
      case GUMBO_TAG_DL: case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_LI:
        base = -3; break;
      case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
      case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_TH:
        base = -5; break;
      default: break;
    }
    if (el.tag == GUMBO_TAG_ARTICLE) base += 10;
    s.score = base + (use_names_ ? ClassWeight(el) : 0);
  }

  // Readability's scoring: each paragraph gives points to its ancestors.
  void ScoreParagraphs(GumboNode* node, int depth) {
    if (node->type != GUMBO_NODE_ELEMENT || depth > limits_.max_depth) return;
    if (IsJunk(node)) return;
    const GumboElement& el = node->v.element;
    const NodeStats& s = Stats(node);
    const bool div_like = el.tag == GUMBO_TAG_DIV || el.tag == GUMBO_TAG_SECTION ||
                          el.tag == GUMBO_TAG_ARTICLE || el.tag == GUMBO_TAG_MAIN;
    // A <div> of running text is a paragraph too, also when it has block
    // children beside its text (text broken by empty <div>s, figures).
    uint32_t chars = 0;
    GumboNode* first_ancestor = node->parent;
    if (el.tag == GUMBO_TAG_P || el.tag == GUMBO_TAG_PRE || el.tag == GUMBO_TAG_TD ||
        el.tag == GUMBO_TAG_BLOCKQUOTE || (div_like && !s.has_block_child)) {
      chars = s.text_chars;
    } else if (div_like && s.direct_chars >= 100) {
      // Loose text beside blocks is a paragraph of this element (Readability
      // wraps it in a <p>): the element itself is its first ancestor.
      chars = s.direct_chars;
      first_ancestor = node;
    }
    if (chars >= 25) {
      double score = 1 + s.commas + std::min(3.0, std::floor(chars / 100.0));
      GumboNode* ancestor = first_ancestor;
      for (int level = 0; ancestor && level < 3; ++level) {
        if (ancestor->type != GUMBO_NODE_ELEMENT) break;
        InitCandidate(ancestor);
        double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
        Stats(ancestor).score += score / divider;
        ancestor = ancestor->parent;
      }
    }
    for (unsigned i = 0; i < el.children.length; ++i) {
      ScoreParagraphs(static_cast<GumboNode*>(el.children.data[i]), depth + 1);
    }
  }

  GumboNode* TopCandidate() {
    GumboNode* best = nullptr;
    double best_score = 0;
    for (GumboNode* node : candidates_) {
      NodeStats& s = Stats(node);
      s.score *= (1.0 - LinkDensity(node));
      if (best == nullptr || s.score > best_score) {
        best = node;
        best_score = s.score;
      }
    }
    if (best == nullptr) return nullptr;
    // When several strong candidates share an ancestor, the article is
    // split in blocks: that ancestor is the better root (Readability's rule).
    std::vector<GumboNode*> alternatives;
    for (GumboNode* node : candidates_) {
      if (node != best && Stats(node).score >= best_score * 0.75) alternatives.push_back(node);
    }
    const auto contains = [](GumboNode* ancestor, GumboNode* node) {
      for (GumboNode* n = node; n; n = n->parent) {
        if (n == ancestor) return true;
      }
      return false;
    };
    GumboNode* node = best;
    if (alternatives.size() >= 1) {
      const size_t needed = std::min<size_t>(3, alternatives.size());
      for (GumboNode* a = best->parent; a && a->type == GUMBO_NODE_ELEMENT &&
                                        a->v.element.tag != GUMBO_TAG_BODY;
           a = a->parent) {
        size_t inside = 0;
        for (GumboNode* alt : alternatives) inside += contains(a, alt);
        if (inside >= needed) {
          node = a;
          break;
        }
      }
    }
    // Grow the root while what an ancestor adds is mostly running text: the
    // rest of an article split over several blocks, not a sidebar or a list
    // of links.
    while (node->parent && node->parent->type == GUMBO_NODE_ELEMENT &&
           node->parent->v.element.tag != GUMBO_TAG_BODY) {
      GumboNode* parent = node->parent;
      if (IsJunk(parent)) break;
      const NodeStats& ps = Stats(parent);
      const NodeStats& ns = Stats(node);
      const uint32_t extra_text = ps.text_chars - std::min(ps.text_chars, ns.text_chars);
      const uint32_t extra_para = ps.para_chars - std::min(ps.para_chars, ns.para_chars);
      const uint32_t extra_links = ps.link_chars - std::min(ps.link_chars, ns.link_chars);
      if (extra_text < 50 || (extra_para >= 200 && extra_para * 10 >= extra_text * 6 &&
                              extra_links * 5 <= extra_text)) {
        node = parent;
        continue;
      }
      break;
    }
    return node;
  }

  std::vector<GumboNode*> WithSiblings(GumboNode* top) {
    std::vector<GumboNode*> parts;
    GumboNode* parent = top->parent;
    if (parent == nullptr || parent->type != GUMBO_NODE_ELEMENT) {
      parts.push_back(top);
      return parts;
    }
    const double top_score = Stats(top).score;
    const double threshold = std::max(10.0, top_score * 0.2);
    const GumboVector& siblings = parent->v.element.children;
    for (unsigned i = 0; i < siblings.length; ++i) {
      auto* sib = static_cast<GumboNode*>(siblings.data[i]);
      if (sib == top) {
        parts.push_back(sib);
        continue;
      }
      if (sib->type != GUMBO_NODE_ELEMENT || IsJunk(sib)) continue;
      const NodeStats& s = Stats(sib);
      double bonus = 0;
      if (ClassWeight(sib->v.element) > 0 &&
          ClassWeight(sib->v.element) == ClassWeight(top->v.element)) {
        bonus = top_score * 0.2;
      }
      bool keep = s.candidate && s.score + bonus >= threshold;
      if (!keep && sib->v.element.tag == GUMBO_TAG_P) {
        double ld = LinkDensity(sib);
        keep = (s.text_chars > 80 && ld < 0.25) ||
               (s.text_chars > 0 && ld == 0 && s.text_chars < 80 &&
                absl::EndsWith(absl::StripTrailingAsciiWhitespace(
                                   TextOf(sib, 0)),
                               "."));
      }
      if (keep) parts.push_back(sib);
    }
    return parts;
  }

  // A block inside the article that is a list of links or a stray widget.
  bool IsNoiseBlock(GumboNode* node) {
    const GumboElement& el = node->v.element;
    const NodeStats& s = Stats(node);
    if (s.text_chars == 0) return false;
    double ld = LinkDensity(node);
    // An <article> inside another is a card for a further story.
    if (el.tag == GUMBO_TAG_ARTICLE && s.text_chars < 1500) {
      for (GumboNode* a = node->parent; a && a->type == GUMBO_NODE_ELEMENT; a = a->parent) {
        if (a->v.element.tag == GUMBO_TAG_ARTICLE) return true;
      }
    }
    // A teaser card: a linked headline and a short excerpt.
    if ((el.tag == GUMBO_TAG_DIV || el.tag == GUMBO_TAG_ARTICLE || el.tag == GUMBO_TAG_LI ||
         el.tag == GUMBO_TAG_SECTION) &&
        s.linked_headings >= 1 && s.text_chars < 700 && s.paragraphs <= 2) {
      return true;
    }
    switch (el.tag) {
      case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DIV:
      case GUMBO_TAG_SECTION: case GUMBO_TAG_TABLE: case GUMBO_TAG_DL:
        if (ld > 0.5) return true;
        if (el.tag != GUMBO_TAG_UL && el.tag != GUMBO_TAG_OL &&
            ld > 0.3 && s.paragraphs == 0 && s.text_chars < 200) {
          return true;
        }
        return false;
      case GUMBO_TAG_P: case GUMBO_TAG_LI:
        return ld > 0.8 && s.text_chars < 120;
      default:
        return false;
    }
  }

  void Emit(GumboNode* node, TextBuilder& out, int depth, bool is_root) {
    if (depth > limits_.max_depth) {
      depth_truncated_ = true;
      return;
    }
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
      EmitText(node, out);
      return;
    }
    if (node->type != GUMBO_NODE_ELEMENT) return;
    const GumboElement& el = node->v.element;
    if (!is_root && (IsJunk(node) || IsNoiseBlock(node))) return;
    if (el.tag == GUMBO_TAG_BR) {
      out.BreakLine();
      return;
    }
    if (el.tag == GUMBO_TAG_H1 && !title_fold_.empty() &&
        FoldForMatch(TextOf(node, depth)) == title_fold_) {
      return;  // the headline is the title, not body text
    }
    const bool block = IsBlockTag(el.tag);
    if (block) {
      if (el.tag == GUMBO_TAG_LI || el.tag == GUMBO_TAG_TR) {
        out.BreakLine();
      } else {
        out.BreakParagraph();
      }
    }
    for (unsigned i = 0; i < el.children.length; ++i) {
      Emit(static_cast<GumboNode*>(el.children.data[i]), out, depth + 1, false);
    }
    if (block) {
      if (el.tag == GUMBO_TAG_LI || el.tag == GUMBO_TAG_TR ||
          el.tag == GUMBO_TAG_TD || el.tag == GUMBO_TAG_TH) {
        out.BreakLine();
      } else {
        out.BreakParagraph();
      }
    }
  }

  // Length of the character reference at original[i] ('&'), 0 if none.
  static size_t EntityLength(std::string_view original, size_t i) {
    size_t j = i + 1;
    if (j < original.size() && original[j] == '#') {
      ++j;
      bool hex = j < original.size() && (original[j] == 'x' || original[j] == 'X');
      if (hex) ++j;
      size_t digits = j;
      while (j < original.size() &&
             (hex ? std::isxdigit(static_cast<unsigned char>(original[j]))
                  : std::isdigit(static_cast<unsigned char>(original[j])))) {
        ++j;
      }
      if (j == digits) return 0;
    } else {
      size_t letters = j;
      while (j < original.size() &&
             std::isalnum(static_cast<unsigned char>(original[j])) &&
             j - letters < 40) {
        ++j;
      }
      if (j == letters) return 0;
    }
    if (j < original.size() && original[j] == ';') ++j;
    return j - i;
  }

  // Appends a text node, folding whitespace, mapping each piece to the raw
  // bytes it was decoded from (character references map as a whole).
  void EmitText(const GumboNode* node, TextBuilder& out) {
    const GumboText& t = node->v.text;
    std::string_view decoded(t.text);
    std::string_view original(t.original_text.data, t.original_text.length);
    if (original.data() < html_.data() ||
        original.data() + original.size() > html_.data() + html_.size()) {
      return;
    }
    const uint32_t base = static_cast<uint32_t>(original.data() - html_.data());
    size_t i = 0, j = 0;
    while (j < decoded.size()) {
      if (i >= original.size()) {
        out.Append(decoded.substr(j), base + original.size(), 0);
        return;
      }
      const char o = original[i];
      const char d = decoded[j];
      if (o == '\r' && d != '\r') {
        ++i;
        continue;
      }
      if (o == '&' && !(d == '&' && original.substr(i, 5) != "&amp;")) {
        size_t len = EntityLength(original, i);
        if (len > 0) {
          size_t cp_len = ValidUtf8SequenceLength(decoded, j);
          if (cp_len == 0) cp_len = 1;
          size_t k = j;
          char32_t cp = DecodeUtf8(decoded, k);
          if (IsSpaceCodePoint(cp)) {
            out.AppendSpace(base + i, len);
          } else {
            out.Append(decoded.substr(j, cp_len), base + i, len);
          }
          i += len;
          j += cp_len;
          continue;
        }
      }
      if (o != d) {
        // Decoding did something unforeseen: map the rest as one piece.
        std::string rest(decoded.substr(j));
        for (char& c : rest) {
          if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        }
        out.Append(rest, base + i, original.size() - i);
        return;
      }
      if (std::isspace(static_cast<unsigned char>(o))) {
        size_t start = i;
        while (i < original.size() && j < decoded.size() &&
               original[i] == decoded[j] &&
               std::isspace(static_cast<unsigned char>(original[i]))) {
          ++i;
          ++j;
        }
        out.AppendSpace(base + start, i - start,
                        i - start == 1 && original[start] == ' ');
        continue;
      }
      // A run of identical bytes; no-break spaces inside become spaces.
      size_t start = i;
      while (i < original.size() && j < decoded.size() &&
             original[i] == decoded[j] && original[i] != '&' &&
             original[i] != '\r' &&
             !std::isspace(static_cast<unsigned char>(original[i]))) {
        if (static_cast<unsigned char>(original[i]) == 0xC2 &&
            i + 1 < original.size() &&
            static_cast<unsigned char>(original[i + 1]) == 0xA0) {
          break;
        }
        ++i;
        ++j;
      }
      if (i > start) {
        out.Append(original.substr(start, i - start), base + start, i - start);
      } else {
        // A no-break space.
        out.AppendSpace(base + i, 2);
        i += 2;
        j += 2;
      }
    }
  }

  std::string_view html_;
  const HtmlLimits& limits_;
  std::unordered_map<GumboNode*, NodeStats> stats_;
  std::vector<GumboNode*> candidates_;
  std::string og_title_, h1_title_, html_title_, title_fold_;
  bool depth_truncated_ = false;
  bool use_names_ = true;
};

}  // namespace

absl::Status ExtractHtmlArticle(std::string_view html, const HtmlLimits& limits,
                                TextBuilder& out, HtmlPageInfo& info,
                                bool* truncated_depth) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 100;  // parse errors are not needed; saves time
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
      gumbo_parse_with_options(&options, html.data(), html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  if (output == nullptr || output->root == nullptr) {
    return absl::InvalidArgumentError("the HTML parser produced no tree");
  }
  Extractor extractor(html, limits);
  extractor.Run(output->root, out, info, truncated_depth);
  // Bylines, timestamps, credits and calls to action inside the article.
  out.RemoveLines(IsPageFurniture);
  return absl::OkStatus();
}

}  // namespace eventwire::clean
