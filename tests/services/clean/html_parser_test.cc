#include "html_parser.h"

#include <gtest/gtest.h>

#include <functional>

namespace eventwire::clean::html {
namespace {

// The tree as a compact string: elements as name(children), text as 'text'.
std::string Dump(const Document& doc, uint32_t node) {
  const Node& n = doc.node(node);
  if (n.is_text) return "'" + DecodeEntities(doc.RawText(node)) + "'";
  std::string out = n.tag == Tag::kUnknown ? "?" : std::string(TagName(n.tag));
  std::string children;
  for (uint32_t c = n.first_child; c != kNoNode; c = doc.node(c).next_sibling) {
    if (!children.empty()) children += ",";
    children += Dump(doc, c);
  }
  return children.empty() ? out : out + "(" + children + ")";
}

std::string Body(std::string_view html) {
  Document doc = Parse(html);
  return Dump(doc, doc.body());
}

TEST(HtmlParser, ImpliedEndTags) {
  EXPECT_EQ(Body("<body><p>one<p>two<div>three</div>"),
            "body(p('one'),p('two'),div('three'))");
  EXPECT_EQ(Body("<body><ul><li>a<li>b</ul>"), "body(ul(li('a'),li('b')))");
  EXPECT_EQ(Body("<body><dl><dt>t<dd>d<dt>u</dl>"),
            "body(dl(dt('t'),dd('d'),dt('u')))");
  EXPECT_EQ(Body("<body><table><tr><td>1<td>2<tr><td>3</table>"),
            "body(table(tr(td('1'),td('2')),tr(td('3'))))");
  EXPECT_EQ(Body("<body><h1>a<h2>b</h2>"), "body(h1('a'),h2('b'))");
}

TEST(HtmlParser, VoidElementsAndStrayEndTags) {
  EXPECT_EQ(Body("<body>a<br>b<img src=x>c</span>d</body>"),
            "body('a',br,'b',img,'c','d')");
  EXPECT_EQ(Body("<body><div><span>x</div>y"), "body(div(span('x')),'y')");
}

TEST(HtmlParser, HeadClosesWhenBodyContentStarts) {
  Document doc =
      Parse("<html><head><title>T</title><meta charset=utf-8><p>text");
  EXPECT_EQ(Dump(doc, doc.root()),
            "#document(html(head(title('T'),meta),p('text')))");
}

TEST(HtmlParser, RawTextAndComments) {
  EXPECT_EQ(Body("<body><script>if (a<b) {}</script><style>p{}</style>x<!-- "
                 "<p>no</p> -->y"),
            "body(script,style,'x','y')");
  EXPECT_EQ(
      Body("<body><svg><text>drawn</text></svg><textarea><b>t</b></textarea>"),
      "body(svg,textarea('<b>t</b>'))");
  EXPECT_EQ(Body("<body>unclosed <!-- comment"), "body('unclosed ')");
  EXPECT_EQ(Body("<body>a < b and c <3"), "body('a < b and c <3')");
}

TEST(HtmlParser, CustomElementsCloseByName) {
  EXPECT_EQ(Body("<body><my-widget><p>in</p></my-widget><p>out</p>"),
            "body(?(p('in')),p('out'))");
}

TEST(HtmlParser, Attributes) {
  Document doc = Parse(
      "<body><div CLASS=\"a b\" id='x' data-ignored=1 style=display:none "
      "hidden>t</div>");
  uint32_t div = doc.node(doc.body()).first_child;
  ASSERT_EQ(doc.node(div).tag, Tag::kDiv);
  EXPECT_EQ(*doc.Attr(div, "class"), "a b");
  EXPECT_EQ(*doc.Attr(div, "id"), "x");
  EXPECT_EQ(*doc.Attr(div, "style"), "display:none");
  EXPECT_NE(doc.Attr(div, "hidden"), nullptr);
  EXPECT_EQ(doc.Attr(div, "data-ignored"), nullptr);
  Document meta =
      Parse("<meta property=\"og:title\" content=\"Fish &amp; Chips\">");
  EXPECT_EQ(*meta.Attr(meta.node(0).first_child, "content"), "Fish & Chips");
}

TEST(HtmlParser, CharacterReferences) {
  EXPECT_EQ(
      DecodeEntities("&amp; &lt;&gt; &quot;&#39;&#x41;&#65; &eacute;&nbsp;x"),
      "& <> \"'AA \xC3\xA9\xC2\xA0x");
  EXPECT_EQ(DecodeEntities("&#150; &#0; &#xD800; &#1114112;"),
            "\xE2\x80\x93 \xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD");
  EXPECT_EQ(DecodeEntities("&ampx &notit; &unknown; & alone"),
            "&x \xC2\xACit; &unknown; & alone");
}

TEST(HtmlParser, TextSpansPointIntoTheSource) {
  const std::string html = "<body><p>Fish &amp; chips</p></body>";
  Document doc = Parse(html);
  uint32_t p = doc.node(doc.body()).first_child;
  uint32_t text = doc.node(p).first_child;
  EXPECT_EQ(doc.RawText(text), "Fish &amp; chips");
  EXPECT_EQ(html.substr(doc.node(text).begin,
                        doc.node(text).end - doc.node(text).begin),
            "Fish &amp; chips");
}

TEST(HtmlParser, DepthIsBounded) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  deep += "bottom";
  ParseOptions options;
  options.max_depth = 50;
  Document doc = Parse(deep, options);
  EXPECT_TRUE(doc.depth_truncated());
  EXPECT_NE(doc.TextContent(doc.root()).find("bottom"), std::string::npos);
}

TEST(HtmlParser, SurvivesTruncatedMarkup) {
  for (std::string_view html :
       {"<", "<a", "<a href=\"x", "</", "</div", "<!", "<!-", "<![CDATA[x", "&",
        "&#", "&#x", "<p class='", "<script>x", "<title>t"}) {
    Document doc = Parse(html);
    EXPECT_GE(doc.size(), 1u) << html;
  }
}

}  // namespace
}  // namespace eventwire::clean::html
