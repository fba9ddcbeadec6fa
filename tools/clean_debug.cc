// Shows how the cleaning stage chose the article of one HTML page: the best
// candidates with their scores, the chosen parts, and the text.
#include <fstream>
#include <iostream>
#include <sstream>

#include "html_extractor.h"
#include "input_reader.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: eventwire-clean-debug PAGE.html[.gz]\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string html = ss.str();
  if (eventwire::ingest::IsGzip(html)) {
    std::string plain;
    if (!eventwire::ingest::Gunzip(html, size_t{1} << 30, &plain).ok())
      return 1;
    html = plain;
  }
  eventwire::clean::TextBuilder out;
  eventwire::clean::HtmlPageInfo info;
  eventwire::clean::HtmlLimits limits;
  limits.debug = true;
  bool truncated = false;
  auto st =
      eventwire::clean::ExtractHtmlArticle(html, limits, out, info, &truncated);
  if (!st.ok()) std::cerr << st << "\n";
  std::cout << info.debug << "title: " << info.title << "\n----\n"
            << out.text() << "\n";
  return 0;
}
