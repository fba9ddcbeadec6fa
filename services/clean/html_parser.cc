#include "html_parser.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_map>

#include "eventwire/utf8.h"

namespace eventwire::clean::html {
namespace {

constexpr std::string_view kTagNames[] = {
    "",         "#document",  "a",        "abbr",     "address",  "area",
    "article",  "aside",      "audio",    "b",        "base",     "blockquote",
    "body",     "br",         "button",   "canvas",   "caption",  "center",
    "cite",     "code",       "col",      "colgroup", "dd",       "details",
    "dialog",   "div",        "dl",       "dt",       "em",       "embed",
    "fieldset", "figcaption", "figure",   "font",     "footer",   "form",
    "frameset", "h1",         "h2",       "h3",       "h4",       "h5",
    "h6",       "head",       "header",   "hgroup",   "hr",       "html",
    "i",        "iframe",     "img",      "input",    "label",    "legend",
    "li",       "link",       "main",     "map",      "mark",     "math",
    "menu",     "meta",       "nav",      "noembed",  "noframes", "noscript",
    "object",   "ol",         "optgroup", "option",   "p",        "param",
    "picture",  "plaintext",  "pre",      "q",        "s",        "script",
    "section",  "select",     "small",    "source",   "span",     "strong",
    "style",    "sub",        "summary",  "sup",      "svg",      "table",
    "tbody",    "td",         "template", "textarea", "tfoot",    "th",
    "thead",    "time",       "title",    "tr",       "track",    "u",
    "ul",       "video",      "wbr",      "xmp",
};
static_assert(std::size(kTagNames) == static_cast<size_t>(Tag::kXmp) + 1);

struct Entity {
  const char* name;
  const char* text;
};
constexpr Entity kEntities[] = {
#include "html_entities.inc"
};

inline char Lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}
inline bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool IsSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

bool IsVoid(Tag t) {
  switch (t) {
    case Tag::kArea:
    case Tag::kBase:
    case Tag::kBr:
    case Tag::kCol:
    case Tag::kEmbed:
    case Tag::kHr:
    case Tag::kImg:
    case Tag::kInput:
    case Tag::kLink:
    case Tag::kMeta:
    case Tag::kParam:
    case Tag::kSource:
    case Tag::kTrack:
    case Tag::kWbr:
      return true;
    default:
      return false;
  }
}

// Elements whose content is not markup. Skipped: nothing in them is text a
// reader sees. Kept: title and textarea (RCDATA).
enum class RawKind { kNone, kSkip, kRcdata };
RawKind RawKindOf(Tag t) {
  switch (t) {
    case Tag::kScript:
    case Tag::kStyle:
    case Tag::kXmp:
    case Tag::kIframe:
    case Tag::kNoembed:
    case Tag::kNoframes:
    case Tag::kNoscript:
    case Tag::kTemplate:
    case Tag::kSvg:
    case Tag::kMath:
      return RawKind::kSkip;
    case Tag::kTitle:
    case Tag::kTextarea:
      return RawKind::kRcdata;
    default:
      return RawKind::kNone;
  }
}

// Start tags that close an open <p> (HTML's "close a p element").
bool ClosesP(Tag t) {
  switch (t) {
    case Tag::kAddress:
    case Tag::kArticle:
    case Tag::kAside:
    case Tag::kBlockquote:
    case Tag::kCenter:
    case Tag::kDetails:
    case Tag::kDialog:
    case Tag::kDiv:
    case Tag::kDl:
    case Tag::kFieldset:
    case Tag::kFigcaption:
    case Tag::kFigure:
    case Tag::kFooter:
    case Tag::kForm:
    case Tag::kH1:
    case Tag::kH2:
    case Tag::kH3:
    case Tag::kH4:
    case Tag::kH5:
    case Tag::kH6:
    case Tag::kHeader:
    case Tag::kHgroup:
    case Tag::kHr:
    case Tag::kMain:
    case Tag::kMenu:
    case Tag::kNav:
    case Tag::kOl:
    case Tag::kP:
    case Tag::kPre:
    case Tag::kSection:
    case Tag::kTable:
    case Tag::kUl:
    case Tag::kPlaintext:
    case Tag::kSummary:
    case Tag::kLi:
    case Tag::kDd:
    case Tag::kDt:
      return true;
    default:
      return false;
  }
}

bool IsHeading(Tag t) { return t >= Tag::kH1 && t <= Tag::kH6; }

// Elements that bound the search for an open element to close ("scope").
bool IsScopeBoundary(Tag t) {
  switch (t) {
    case Tag::kDocument:
    case Tag::kHtml:
    case Tag::kTable:
    case Tag::kTd:
    case Tag::kTh:
    case Tag::kCaption:
    case Tag::kTemplate:
    case Tag::kObject:
    case Tag::kButton:
      return true;
    default:
      return false;
  }
}

// Content allowed in <head>; anything else opens the body.
bool BelongsInHead(Tag t) {
  switch (t) {
    case Tag::kMeta:
    case Tag::kLink:
    case Tag::kTitle:
    case Tag::kScript:
    case Tag::kStyle:
    case Tag::kBase:
    case Tag::kNoscript:
    case Tag::kTemplate:
      return true;
    default:
      return false;
  }
}

const std::unordered_map<std::string, Tag>& TagIndex() {
  static const auto* index = [] {
    auto* m = new std::unordered_map<std::string, Tag>();
    for (size_t i = 2; i < std::size(kTagNames); ++i) {
      m->emplace(std::string(kTagNames[i]), static_cast<Tag>(i));
    }
    return m;
  }();
  return *index;
}

// Windows-1252 meanings of numeric references 0x80-0x9F (as the HTML
// standard decodes them).
constexpr char32_t kC1Replacements[32] = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
    0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

}  // namespace

std::string_view TagName(Tag tag) {
  return kTagNames[static_cast<size_t>(tag)];
}

Tag LookupTag(std::string_view name) {
  if (name.empty() || name.size() > 12) return Tag::kUnknown;
  char buf[16];
  for (size_t i = 0; i < name.size(); ++i) buf[i] = Lower(name[i]);
  auto it = TagIndex().find(std::string(buf, name.size()));
  return it == TagIndex().end() ? Tag::kUnknown : it->second;
}

bool DecodeCharacterReference(std::string_view s, size_t i, size_t* length,
                              std::string* out) {
  const size_t n = s.size();
  size_t j = i + 1;
  if (j < n && s[j] == '#') {
    ++j;
    const bool hex = j < n && (s[j] == 'x' || s[j] == 'X');
    if (hex) ++j;
    const size_t digits = j;
    uint32_t cp = 0;
    bool overflow = false;
    while (j < n) {
      char c = s[j];
      int d = -1;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      if (d < 0) break;
      if (cp > 0x10FFFF)
        overflow = true;
      else
        cp = cp * (hex ? 16 : 10) + d;
      ++j;
    }
    if (j == digits) return false;
    if (j < n && s[j] == ';') ++j;
    if (overflow || cp > 0x10FFFF || cp == 0 ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      cp = 0xFFFD;
    } else if (cp >= 0x80 && cp <= 0x9F) {
      cp = kC1Replacements[cp - 0x80];
    }
    AppendUtf8(cp, *out);
    *length = j - i;
    return true;
  }
  // Named: the longest name in the table that the text starts with.
  size_t k = j;
  while (k < n && k - j < 32 && (IsAlpha(s[k]) || (s[k] >= '0' && s[k] <= '9')))
    ++k;
  if (k == j) return false;
  const bool semicolon = k < n && s[k] == ';';
  for (size_t end = semicolon ? k + 1 : k; end > j; --end) {
    std::string_view candidate = s.substr(j, end - j);
    const Entity* it =
        std::lower_bound(std::begin(kEntities), std::end(kEntities), candidate,
                         [](const Entity& e, std::string_view v) {
                           return std::string_view(e.name) < v;
                         });
    if (it != std::end(kEntities) && std::string_view(it->name) == candidate) {
      out->append(it->text);
      *length = end - i;
      return true;
    }
    // Legacy references without ';' ("&amp" before other letters) are in the
    // table under their bare names; shorter prefixes are tried next.
  }
  return false;
}

std::string DecodeEntities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const void* amp = std::memchr(s.data() + i, '&', s.size() - i);
    size_t next = amp ? static_cast<const char*>(amp) - s.data() : s.size();
    out.append(s.substr(i, next - i));
    if (next >= s.size()) break;
    size_t length = 0;
    if (DecodeCharacterReference(s, next, &length, &out)) {
      i = next + length;
    } else {
      out += '&';
      i = next + 1;
    }
  }
  return out;
}

const std::string* Document::Attr(uint32_t node, std::string_view name) const {
  const Node& n = nodes_[node];
  for (uint32_t a = n.attr_begin; a < n.attr_begin + n.attr_count; ++a) {
    if (attributes_[a].name == name) return &attributes_[a].value;
  }
  return nullptr;
}

std::string Document::TextContent(uint32_t node) const {
  std::string out;
  // Iterative walk: pages nest deeply.
  std::vector<uint32_t> stack = {node};
  while (!stack.empty()) {
    uint32_t i = stack.back();
    stack.pop_back();
    const Node& n = nodes_[i];
    if (n.is_text) {
      out += DecodeEntities(RawText(i));
      continue;
    }
    std::vector<uint32_t> children;
    for (uint32_t c = n.first_child; c != kNoNode; c = nodes_[c].next_sibling) {
      children.push_back(c);
    }
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
  return out;
}

class TreeBuilder {
 public:
  TreeBuilder(std::string_view source, const ParseOptions& options)
      : s_(source), options_(options) {
    doc_.source_ = source;
    Node root;
    root.tag = Tag::kDocument;
    doc_.nodes_.push_back(root);
    stack_.push_back(0);
    last_child_.push_back(kNoNode);
    doc_.nodes_.reserve(source.size() / 40 + 16);
  }

  Document Build() {
    const size_t n = s_.size();
    size_t pos = 0;
    while (pos < n) {
      const void* lt = std::memchr(s_.data() + pos, '<', n - pos);
      const size_t at = lt ? static_cast<const char*>(lt) - s_.data() : n;
      if (at > pos) AddText(pos, at);
      if (at >= n) break;
      pos = Markup(at);
    }
    return std::move(doc_);
  }

 private:
  // Handles the markup at s_[at] == '<'; returns the position after it.
  size_t Markup(size_t at) {
    const size_t n = s_.size();
    if (at + 1 >= n) {
      AddText(at, n);
      return n;
    }
    const char c = s_[at + 1];
    if (c == '!') {
      if (s_.compare(at, 4, "<!--") == 0) {
        size_t end = s_.find("-->", at + 4);
        return end == std::string_view::npos ? n : end + 3;
      }
      if (s_.compare(at, 9, "<![CDATA[") == 0) {
        size_t end = s_.find("]]>", at + 9);
        if (end == std::string_view::npos) end = n;
        if (end > at + 9) AddText(at + 9, end);
        return std::min(n, end + 3);
      }
      return SkipTo(at, '>');  // doctype, bogus comment
    }
    if (c == '?') return SkipTo(at, '>');
    if (c == '/') {
      if (at + 2 < n && IsAlpha(s_[at + 2])) return EndTag(at);
      return SkipTo(at, '>');  // "</>" or "</ bogus"
    }
    if (IsAlpha(c)) return StartTag(at);
    AddText(at, at + 1);  // a lone '<'
    return at + 1;
  }

  size_t SkipTo(size_t at, char target) {
    size_t end = s_.find(target, at + 1);
    return end == std::string_view::npos ? s_.size() : end + 1;
  }

  size_t ReadName(size_t i, std::string_view* name) {
    const size_t start = i;
    while (i < s_.size() && !IsSpace(s_[i]) && s_[i] != '/' && s_[i] != '>')
      ++i;
    *name = s_.substr(start, i - start);
    return i;
  }

  size_t StartTag(size_t at) {
    const size_t n = s_.size();
    std::string_view name;
    size_t i = ReadName(at + 1, &name);
    const Tag tag = LookupTag(name);
    const uint32_t attr_begin = static_cast<uint32_t>(doc_.attributes_.size());
    // Attributes.
    while (i < n) {
      while (i < n && (IsSpace(s_[i]) || s_[i] == '/')) ++i;
      if (i >= n || s_[i] == '>') break;
      const size_t name_start = i;
      while (i < n && !IsSpace(s_[i]) && s_[i] != '/' && s_[i] != '>' &&
             s_[i] != '=')
        ++i;
      if (i == name_start) ++i;  // a stray '=': skip it
      Attribute attr;
      attr.name.reserve(i - name_start);
      for (size_t k = name_start; k < i; ++k) attr.name += Lower(s_[k]);
      while (i < n && IsSpace(s_[i])) ++i;
      if (i < n && s_[i] == '=') {
        ++i;
        while (i < n && IsSpace(s_[i])) ++i;
        size_t vstart, vend;
        if (i < n && (s_[i] == '"' || s_[i] == '\'')) {
          const char q = s_[i++];
          vstart = i;
          const void* close = std::memchr(s_.data() + i, q, n - i);
          vend = close ? static_cast<const char*>(close) - s_.data() : n;
          i = std::min(n, vend + 1);
        } else {
          vstart = i;
          while (i < n && !IsSpace(s_[i]) && s_[i] != '>') ++i;
          vend = i;
        }
        std::string_view raw = s_.substr(vstart, vend - vstart);
        attr.value = raw.find('&') == std::string_view::npos
                         ? std::string(raw)
                         : DecodeEntities(raw);
      }
      if (!attr.name.empty() && Keep(attr.name))
        doc_.attributes_.push_back(std::move(attr));
    }
    const size_t tag_end = std::min(n, i + 1);
    uint32_t node = OpenElement(tag, at, tag_end, attr_begin);
    const RawKind raw = RawKindOf(tag);
    if (raw == RawKind::kNone) return tag_end;
    // Raw text: up to the matching end tag.
    const size_t close = FindEndTag(tag_end, TagName(tag));
    if (raw == RawKind::kRcdata && close > tag_end && node != kNoNode) {
      AddTextTo(node, tag_end, close);
    }
    if (node != kNoNode && Current() == node) CloseElement(tag);
    return close >= n ? n : SkipTo(close, '>');
  }

  // Position of "</name" (any case) at or after `from`, or the end.
  size_t FindEndTag(size_t from, std::string_view name) {
    const size_t n = s_.size();
    size_t i = from;
    while (i < n) {
      const void* lt = std::memchr(s_.data() + i, '<', n - i);
      if (!lt) return n;
      i = static_cast<const char*>(lt) - s_.data();
      if (i + 1 + name.size() < n && s_[i + 1] == '/') {
        bool match = true;
        for (size_t k = 0; k < name.size() && match; ++k) {
          match = Lower(s_[i + 2 + k]) == name[k];
        }
        const size_t after = i + 2 + name.size();
        if (match && (after >= n || IsSpace(s_[after]) || s_[after] == '>' ||
                      s_[after] == '/')) {
          return i;
        }
      }
      ++i;
    }
    return n;
  }

  size_t EndTag(size_t at) {
    std::string_view name;
    size_t i = ReadName(at + 2, &name);
    const Tag tag = LookupTag(name);
    const size_t end = SkipTo(i - 1, '>');
    if (tag == Tag::kBr) {  // "</br>" is a line break, as browsers read it
      OpenElement(Tag::kBr, at, end,
                  static_cast<uint32_t>(doc_.attributes_.size()));
      return end;
    }
    if (tag != Tag::kUnknown) {
      CloseElement(tag);
    } else {
      CloseUnknown(name);  // custom elements close by name
    }
    return end;
  }

  // Attributes extraction reads; others are not kept.
  static bool Keep(const std::string& name) {
    return name == "class" || name == "id" || name == "style" ||
           name == "hidden" || name == "aria-hidden" || name == "role" ||
           name == "itemprop" || name == "lang" || name == "property" ||
           name == "name" || name == "content" || name == "charset" ||
           name == "http-equiv" || name == "datetime" || name == "type" ||
           name == "rel";
  }

  uint32_t Current() const { return stack_.back(); }
  Tag CurrentTag() const { return doc_.nodes_[stack_.back()].tag; }

  // Index in stack_ of the nearest open `tag` within scope, or -1.
  int FindInScope(Tag tag) const {
    for (int k = static_cast<int>(stack_.size()) - 1; k > 0; --k) {
      const Tag t = doc_.nodes_[stack_[k]].tag;
      if (t == tag) return k;
      if (IsScopeBoundary(t)) return -1;
    }
    return -1;
  }

  void PopTo(int k) {
    while (static_cast<int>(stack_.size()) > k) {
      stack_.pop_back();
      last_child_.pop_back();
    }
  }

  // Implied end tags before a start tag.
  void CloseImplied(Tag tag) {
    if (in_head_ && !BelongsInHead(tag) && tag != Tag::kHead) LeaveHead();
    if (ClosesP(tag)) {
      int k = FindInScope(Tag::kP);
      if (k > 0) PopTo(k);
    }
    switch (tag) {
      case Tag::kLi: {
        for (int k = static_cast<int>(stack_.size()) - 1; k > 0; --k) {
          const Tag t = doc_.nodes_[stack_[k]].tag;
          if (t == Tag::kLi) {
            PopTo(k);
            break;
          }
          if (t == Tag::kUl || t == Tag::kOl || t == Tag::kMenu ||
              IsScopeBoundary(t))
            break;
        }
        break;
      }
      case Tag::kDd:
      case Tag::kDt: {
        for (int k = static_cast<int>(stack_.size()) - 1; k > 0; --k) {
          const Tag t = doc_.nodes_[stack_[k]].tag;
          if (t == Tag::kDd || t == Tag::kDt) {
            PopTo(k);
            break;
          }
          if (t == Tag::kDl || IsScopeBoundary(t)) break;
        }
        break;
      }
      case Tag::kTd:
      case Tag::kTh:
      case Tag::kTr: {
        // A new cell closes the open cell; a new row closes the open row.
        for (int k = static_cast<int>(stack_.size()) - 1; k > 0; --k) {
          const Tag t = doc_.nodes_[stack_[k]].tag;
          const bool match = tag == Tag::kTr ? t == Tag::kTr
                                             : (t == Tag::kTd || t == Tag::kTh);
          if (match) {
            PopTo(k);
            break;
          }
          if (t == Tag::kTable || (tag != Tag::kTr && t == Tag::kTr) ||
              t == Tag::kDocument)
            break;
        }
        break;
      }
      case Tag::kOption:
      case Tag::kOptgroup:
        if (CurrentTag() == Tag::kOption)
          PopTo(static_cast<int>(stack_.size()) - 1);
        break;
      case Tag::kA: {
        int k = FindInScope(Tag::kA);  // links do not nest
        if (k > 0) PopTo(k);
        break;
      }
      default:
        if (IsHeading(tag) && IsHeading(CurrentTag())) {
          PopTo(static_cast<int>(stack_.size()) - 1);
        }
        break;
    }
  }

  void LeaveHead() {
    for (int k = static_cast<int>(stack_.size()) - 1; k > 0; --k) {
      if (doc_.nodes_[stack_[k]].tag == Tag::kHead) {
        PopTo(k);
        break;
      }
    }
    in_head_ = false;
  }

  uint32_t Append(Node node) {
    const uint32_t parent = Current();
    node.parent = parent;
    const uint32_t index = static_cast<uint32_t>(doc_.nodes_.size());
    doc_.nodes_.push_back(node);
    uint32_t& last = last_child_.back();
    if (last == kNoNode) {
      doc_.nodes_[parent].first_child = index;
    } else {
      doc_.nodes_[last].next_sibling = index;
    }
    last = index;
    return index;
  }

  uint32_t OpenElement(Tag tag, size_t begin, size_t end, uint32_t attr_begin) {
    if (tag == Tag::kHtml && html_seen_) return kNoNode;  // attributes ignored
    if (tag == Tag::kBody && body_seen_) return kNoNode;
    if (tag == Tag::kHead && (head_seen_ || body_seen_)) return kNoNode;
    CloseImplied(tag);
    Node node;
    node.tag = tag;
    node.begin = static_cast<uint32_t>(begin);
    node.end = static_cast<uint32_t>(end);
    node.attr_begin = attr_begin;
    node.attr_count = static_cast<uint16_t>(
        std::min<size_t>(UINT16_MAX, doc_.attributes_.size() - attr_begin));
    const uint32_t index = Append(node);
    if (tag == Tag::kHtml) html_seen_ = true;
    if (tag == Tag::kHead) {
      head_seen_ = true;
      in_head_ = true;
    }
    if (tag == Tag::kBody) {
      body_seen_ = true;
      doc_.body_ = index;
    }
    if (IsVoid(tag)) return index;
    if (static_cast<int>(stack_.size()) > options_.max_depth) {
      // Too deep: the element stays empty and its content joins the deepest
      // open element.
      doc_.depth_truncated_ = true;
      return index;
    }
    stack_.push_back(index);
    last_child_.push_back(kNoNode);
    return index;
  }

  void CloseElement(Tag tag) {
    if (tag == Tag::kP && FindInScope(Tag::kP) < 0) return;
    if (tag == Tag::kHead) {
      LeaveHead();
      return;
    }
    int k = FindInScope(tag);
    if (k <= 0) {
      // Table elements close across their own boundaries.
      for (int j = static_cast<int>(stack_.size()) - 1; j > 0; --j) {
        if (doc_.nodes_[stack_[j]].tag == tag &&
            (tag == Tag::kTable || tag == Tag::kTd || tag == Tag::kTh ||
             tag == Tag::kCaption || tag == Tag::kButton ||
             tag == Tag::kObject)) {
          k = j;
          break;
        }
      }
    }
    if (k > 0) PopTo(k);
  }

  // The name an element was written with (for elements eventwire does not
  // know, such as custom elements).
  std::string_view NameOf(uint32_t node) const {
    const Node& n = doc_.nodes_[node];
    size_t i = n.begin + 1;
    const size_t start = i;
    while (i < n.end && !IsSpace(s_[i]) && s_[i] != '/' && s_[i] != '>') ++i;
    return s_.substr(start, i - start);
  }

  void CloseUnknown(std::string_view name) {
    for (int k = static_cast<int>(stack_.size()) - 1; k > 0; --k) {
      const Node& n = doc_.nodes_[stack_[k]];
      if (n.tag == Tag::kUnknown) {
        std::string_view open = NameOf(stack_[k]);
        bool same = open.size() == name.size();
        for (size_t i = 0; i < name.size() && same; ++i)
          same = Lower(open[i]) == Lower(name[i]);
        if (same) {
          PopTo(k);
          return;
        }
      }
      if (IsScopeBoundary(n.tag)) return;
    }
  }

  void AddText(size_t begin, size_t end) {
    if (in_head_) {
      // Text other than whitespace in the head starts the body.
      bool blank = true;
      for (size_t i = begin; i < end && blank; ++i) blank = IsSpace(s_[i]);
      if (blank) return;
      LeaveHead();
    }
    uint32_t last = last_child_.back();
    if (last != kNoNode && doc_.nodes_[last].is_text &&
        doc_.nodes_[last].end == begin) {
      doc_.nodes_[last].end = static_cast<uint32_t>(end);  // a lone '<' joins
      return;
    }
    Node node;
    node.is_text = true;
    node.begin = static_cast<uint32_t>(begin);
    node.end = static_cast<uint32_t>(end);
    Append(node);
  }

  void AddTextTo(uint32_t element, size_t begin, size_t end) {
    Node node;
    node.is_text = true;
    node.parent = element;
    node.begin = static_cast<uint32_t>(begin);
    node.end = static_cast<uint32_t>(end);
    const uint32_t index = static_cast<uint32_t>(doc_.nodes_.size());
    doc_.nodes_.push_back(node);
    doc_.nodes_[element].first_child = index;
  }

  std::string_view s_;
  const ParseOptions& options_;
  Document doc_;
  std::vector<uint32_t> stack_;       // open elements
  std::vector<uint32_t> last_child_;  // last child of each open element
  bool html_seen_ = false, head_seen_ = false, body_seen_ = false,
       in_head_ = false;
};

Document Parse(std::string_view html, const ParseOptions& options) {
  return TreeBuilder(html, options).Build();
}

}  // namespace eventwire::clean::html
