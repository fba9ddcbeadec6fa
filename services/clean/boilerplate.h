// The vocabulary of page furniture, shared by the HTML and the text-dump
// paths: lines and short blocks that belong to the page, not the article.
#ifndef EVENTWIRE_SERVICES_CLEAN_BOILERPLATE_H_
#define EVENTWIRE_SERVICES_CLEAN_BOILERPLATE_H_

#include <string>
#include <string_view>

namespace eventwire::clean {

// `folded` is FoldForMatch(line); `line` the line as written.
// Calls to action, share bars, ad labels, photo credits.
bool IsFurnitureLine(const std::string& folded, std::string_view line);
// "Related news", "Latest", copyright lines: the article is over.
bool IsEndMarker(const std::string& folded, std::string_view line);
// "08:54", "2 hours ago", "Updated 11:21 pm", bylines with a date
// ("By Jane Doe - 11/18/19 11:04 PM EST").
bool IsTimestampOrByline(const std::string& folded, std::string_view line);
// Any of the above, for a line of clean text.
bool IsPageFurniture(std::string_view line);
// Number of words (whitespace-separated runs).
int CountWords(std::string_view s);
// True when the line ends like a sentence (. ! ? : ; before closing quotes).
bool EndsSentence(std::string_view s);

}  // namespace eventwire::clean

#endif  // EVENTWIRE_SERVICES_CLEAN_BOILERPLATE_H_
