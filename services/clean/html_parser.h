// A fast HTML parser for article extraction: a tokenizer after the WHATWG
// HTML tokenizer (tags, attributes, character references, comments, raw-text
// and RCDATA elements) and a tree builder with the error recovery that
// matters for reading pages — implied end tags (p, li, dd, dt, table cells,
// options, headings), void elements, a head closed by body content, end tags
// matched within their scope, bounded depth. Every node keeps its byte span
// in the source, so extracted text maps back to the raw page exactly.
//
// It is what eventwire's cleaning stage parses with; it runs at hundreds of
// megabytes per second where general-purpose DOM builders (gumbo, libxml2)
// manage tens, because it builds only what extraction reads: no script or
// style text, no foreign (SVG, MathML) content.
#ifndef EVENTWIRE_SERVICES_CLEAN_HTML_PARSER_H_
#define EVENTWIRE_SERVICES_CLEAN_HTML_PARSER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace eventwire::clean::html {

enum class Tag : uint8_t {
  kUnknown,
  kDocument,
  kA,
  kAbbr,
  kAddress,
  kArea,
  kArticle,
  kAside,
  kAudio,
  kB,
  kBase,
  kBlockquote,
  kBody,
  kBr,
  kButton,
  kCanvas,
  kCaption,
  kCenter,
  kCite,
  kCode,
  kCol,
  kColgroup,
  kDd,
  kDetails,
  kDialog,
  kDiv,
  kDl,
  kDt,
  kEm,
  kEmbed,
  kFieldset,
  kFigcaption,
  kFigure,
  kFont,
  kFooter,
  kForm,
  kFrameset,
  kH1,
  kH2,
  kH3,
  kH4,
  kH5,
  kH6,
  kHead,
  kHeader,
  kHgroup,
  kHr,
  kHtml,
  kI,
  kIframe,
  kImg,
  kInput,
  kLabel,
  kLegend,
  kLi,
  kLink,
  kMain,
  kMap,
  kMark,
  kMath,
  kMenu,
  kMeta,
  kNav,
  kNoembed,
  kNoframes,
  kNoscript,
  kObject,
  kOl,
  kOptgroup,
  kOption,
  kP,
  kParam,
  kPicture,
  kPlaintext,
  kPre,
  kQ,
  kS,
  kScript,
  kSection,
  kSelect,
  kSmall,
  kSource,
  kSpan,
  kStrong,
  kStyle,
  kSub,
  kSummary,
  kSup,
  kSvg,
  kTable,
  kTbody,
  kTd,
  kTemplate,
  kTextarea,
  kTfoot,
  kTh,
  kThead,
  kTime,
  kTitle,
  kTr,
  kTrack,
  kU,
  kUl,
  kVideo,
  kWbr,
  kXmp,
};

// The lower-case name of a known tag ("div").
std::string_view TagName(Tag tag);
// The tag for a name in any case; kUnknown when not one eventwire knows.
Tag LookupTag(std::string_view name);

inline constexpr uint32_t kNoNode = UINT32_MAX;

struct Node {
  bool is_text = false;
  Tag tag = Tag::kUnknown;
  uint32_t parent = kNoNode;
  uint32_t first_child = kNoNode;
  uint32_t next_sibling = kNoNode;
  // Text: the raw bytes of the text (character references not yet decoded).
  // Element: the raw bytes of its start tag.
  uint32_t begin = 0;
  uint32_t end = 0;
  // Element attributes: [attr_begin, attr_begin + attr_count) in
  // Document::attributes.
  uint32_t attr_begin = 0;
  uint16_t attr_count = 0;
};

struct Attribute {
  std::string name;   // lower case
  std::string value;  // character references decoded
};

struct ParseOptions {
  // Elements nested deeper than this are not opened; their content joins
  // the deepest open element (and Document::depth_truncated is set).
  int max_depth = 400;
};

class Document {
 public:
  std::string_view source() const { return source_; }
  const Node& node(uint32_t i) const { return nodes_[i]; }
  size_t size() const { return nodes_.size(); }
  uint32_t root() const { return 0; }
  // The <body> element, or the root when the page has none.
  uint32_t body() const { return body_ == kNoNode ? 0 : body_; }
  bool depth_truncated() const { return depth_truncated_; }

  // The value of attribute `name` (lower case), or nullptr.
  const std::string* Attr(uint32_t node, std::string_view name) const;
  // The raw bytes of a text node.
  std::string_view RawText(uint32_t node) const {
    return source_.substr(nodes_[node].begin,
                          nodes_[node].end - nodes_[node].begin);
  }
  // All text below `node`, character references decoded.
  std::string TextContent(uint32_t node) const;

 private:
  friend class TreeBuilder;
  std::string_view source_;
  std::vector<Node> nodes_;
  std::vector<Attribute> attributes_;
  uint32_t body_ = kNoNode;
  bool depth_truncated_ = false;
};

// Parses `html` (UTF-8). The document refers to `html`, which must outlive it.
Document Parse(std::string_view html, const ParseOptions& options = {});

// Decodes the character reference at s[i] ('&'). On success sets `length` to
// the reference's length in bytes and appends the decoded text to `out`.
bool DecodeCharacterReference(std::string_view s, size_t i, size_t* length,
                              std::string* out);
// `s` with every character reference decoded.
std::string DecodeEntities(std::string_view s);

}  // namespace eventwire::clean::html

#endif  // EVENTWIRE_SERVICES_CLEAN_HTML_PARSER_H_
