#include "boilerplate.h"

#include <re2/re2.h>

#include "eventwire/dates.h"
#include "eventwire/text.h"
#include "eventwire/utf8.h"

namespace eventwire::clean {

int CountWords(std::string_view s) {
  // Whitespace-separated words; in scripts written without spaces (Chinese,
  // Japanese) every two characters count as a word.
  int words = 0, cjk = 0;
  bool in_word = false;
  for (size_t i = 0; i < s.size();) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {  // ASCII: no decoding
      const bool space =
          b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f';
      if (!space && !in_word) ++words;
      in_word = !space;
      ++i;
      continue;
    }
    size_t len = ValidUtf8SequenceLength(s, i);
    if (len == 0) len = 1;
    size_t k = i;
    char32_t cp = DecodeUtf8(s, k);
    const bool ideograph =
        (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
        (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF);
    if (ideograph) {
      ++cjk;
      in_word = false;
    } else {
      bool space = IsSpaceCodePoint(cp);
      if (!space && !in_word) ++words;
      in_word = !space;
    }
    i += len;
  }
  return words + cjk / 2;
}

bool EndsSentence(std::string_view s) {
  // Strip closing quotes and brackets, then look for . ! ? or a colon.
  static const std::string_view kClosers[] = {"\"",
                                              "'",
                                              ")",
                                              "\xE2\x80\x9D",
                                              "\xE2\x80\x99",
                                              "\xC2\xBB",
                                              "\xE3\x80\x8D",
                                              "\xE3\x80\x8F"};
  bool stripped = true;
  while (stripped && !s.empty()) {
    stripped = false;
    for (std::string_view c : kClosers) {
      if (s.size() >= c.size() && s.substr(s.size() - c.size()) == c) {
        s.remove_suffix(c.size());
        stripped = true;
      }
    }
  }
  if (s.empty()) return false;
  // Full stops of scripts written without spaces: 。！？
  for (std::string_view stop :
       {"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F"}) {
    if (s.size() >= stop.size() && s.substr(s.size() - stop.size()) == stop)
      return true;
  }
  char c = s.back();
  return c == '.' || c == '!' || c == '?' || c == ':' || c == ';';
}

// Page furniture by its vocabulary; general to web pages, not to one site.
bool IsFurnitureLine(const std::string& folded, std::string_view line) {
  static const RE2 kFurniture(
      R"re(^(advertisement|advertising|sponsored|sponsored content|share|share this|share this article|share on \w+|tweet|email|print|subscribe|subscribe now|sign up|sign in|log in|login|register|support us|support journalism|donate|follow us|follow us on \w+|read more|read also|see also|more|show more|load more|comments?|\d+ comments?|leave a comment|click here|menu|search|home|skip to content|skip to main content|all sections|sections|close|cookie settings|accept|accept all|back to top|top|next|previous|listen|listen to this article|watch|video|photo|gallery|image|tags?|topics?|newsletter|download the app|open in app|advertisement continue reading|story continues below|continue reading|related|related stories|related articles|related news|related tags|related topics|you may also like|recommended|more stories|most read|most popular|trending|editor s picks|advert|adverts|sponsored links|sponsored stories|don t miss|tell us what you think|like this story share it with a friend|share this story|share this page|loading|please wait|print this article|email this article|view comments|join the conversation|what do you think|have your say|like loading|loading|sharing is caring|read later|save for later|skip to content|by|source|sources|photos?|images?|video|advertisement \d+|\d+ shares?|share via|copy link|link copied)$)re");
  if (RE2::FullMatch(folded, kFurniture)) return true;
  static const RE2 kCredit(
      R"re((?i)(\| ?getty images|\bcredit\s*:|\bphoto\s*:|\bimage\s*:|\bphoto credit\b|\bstock photo\b|\bgetty images\b|\bphotograph:|\bpicture:|\(photo|\bfile photo\b|/ ?afp\b|/ ?reuters\b|/ ?ap\b|\bap photo\b))re");
  if (RE2::PartialMatch(line, kCredit)) return true;
  // An agency closing a line is its credit ("... Photo: John Smith AFP"),
  // unless the agency is who was told ("officials told AFP.").
  static const RE2 kAgencyAtEnd(R"re((?i)\b(afp|reuters)\.?$)re");
  static const RE2 kToldAgency(
      R"re((?i)\b(told|to|tells|telling)\s+(afp|reuters)\.?$)re");
  if (RE2::PartialMatch(line, kAgencyAtEnd) &&
      !RE2::PartialMatch(line, kToldAgency)) {
    return true;
  }
  static const RE2 kCta(
      R"re(^(join|support|subscribe to|sign up for|follow|download|get the|install) .{0,80}(community|newsletter|patreon|app|journalism|updates|channel|podcast|us on)\b)re");
  if (RE2::PartialMatch(folded, kCta)) return true;
  const int words = CountWords(line);
  // Invitations to subscribe, follow or sign up, anywhere in a short line.
  static const RE2 kInvite(
      R"re(\b(sign up (for (our|the) (free )?(\w+ )?(newsletter|daily|weekly|email)|now|today|here)|subscribe (now|today|here|to (our|the|this))|get access to|join (us|our|now)|click here|follow @\w+|follow us|download (our|the) app|become a (member|subscriber)|support our journalism|if you enjoyed this article)\b)re");
  if (words <= 60 && RE2::PartialMatch(folded, kInvite)) return true;
  // Agency and contributor credits at the end of a story.
  static const RE2 kContrib(
      R"re(\b(contributed to this report|contributed reporting|contributed to this story|additional reporting by|writing by .{1,40} editing by|editing by)\b)re");
  if (words <= 40 && RE2::PartialMatch(folded, kContrib)) return true;
  // Cookie and privacy notices.
  static const RE2 kCookies(
      R"re(\b(uses? cookies|use of cookies|cookie policy|cookies policy|privacy policy|accept (all )?cookies|necessary cookies|third party cookies|cookie settings|consent to (the use of )?cookies)\b)re");
  if (words <= 120 && RE2::PartialMatch(folded, kCookies)) return true;
  static const RE2 kReadTime(
      R"re(^(\d+ ?(min|mins|minute|minutes) (read|reading)|reading time.{0,20})$)re");
  if (RE2::FullMatch(folded, kReadTime)) return true;
  // An image placeholder a text browser prints for a picture: "[alt text]".
  static const RE2 kImage(R"re(^\s*\[[^\]]{0,120}\]\s*$)re");
  if (RE2::FullMatch(line, kImage)) return true;
  // "Follow RT on", "Also on example.com ...": links to the site's own
  // channels and stories.
  static const RE2 kOwnLinks(
      R"re(^(follow [a-z0-9 ]{1,30} on|also on [a-z0-9]+ [a-z]{2,4}\b.*|read more on .*|more from [a-z0-9 ]{1,40})$)re");
  return words <= 30 && RE2::FullMatch(folded, kOwnLinks);
}

bool IsEndMarker(const std::string& folded, std::string_view line) {
  if (line.find("\xC2\xA9") != std::string_view::npos && CountWords(line) < 25)
    return true;  // ©
  static const RE2 kEnd(
      R"re(^(related|related news|related stories|related articles|related content|related posts|latest|latest news|latest stories|recent news|recent posts|more news|more stories|more from .{1,40}|read next|read more|also read|see also|you may also like|you might also like|recommended for you|most read|most popular|trending now|top stories|all news|editor s picks|comments|\d+ comments|from the web|around the web|more on this story|more on this topic|reply|leave a reply|leave a comment|post a comment|add a comment|comments are closed|\d+ (comments|responses|replies)( to .{1,80})?|responses|discussion|join the discussion)$)re");
  if (RE2::FullMatch(folded, kEnd)) return true;
  // "More Washington Examiner", "More Great Stories": the site's own lists.
  static const RE2 kMore(R"re(^more( from| on| in| of)? [a-z0-9 ]{2,40}$)re");
  if (CountWords(line) <= 5 && !EndsSentence(line) &&
      RE2::FullMatch(folded, kMore))
    return true;
  // The header of a reader comment: "Jane on September 12, 2018 at 4:47 pm
  // said:".
  static const RE2 kCommentHeader(
      R"re(^.{1,60} (on|at) .{4,40}\b(said|says|wrote)$)re");
  if (CountWords(line) <= 16 && !line.empty() && line.back() == ':' &&
      RE2::FullMatch(folded, kCommentHeader)) {
    return true;
  }
  // A numbered reader comment: "13. C. M. says:".
  static const RE2 kNumberedComment(
      R"re(^\d{1,4} .{1,50} (says|said|wrote)$)re");
  if (CountWords(line) <= 10 && line.back() == ':' &&
      RE2::FullMatch(folded, kNumberedComment))
    return true;
  static const RE2 kCopyright(
      R"re(^(copyright|all rights reserved)\b.*|.*\ball rights reserved\b.*)re");
  return RE2::FullMatch(folded, kCopyright) ||
         folded.rfind("c ", 0) == 0 &&
             folded.find("all rights") != std::string::npos;
}

bool IsPageFurniture(std::string_view line) {
  // Every rule is for lines of at most 120 words.
  if (line.size() > 1200 || CountWords(line) > 120) return false;
  const std::string folded = FoldForMatch(line);
  return IsFurnitureLine(folded, line) || IsEndMarker(folded, line) ||
         IsTimestampOrByline(folded, line);
}

bool IsTimestampOrByline(const std::string& folded, std::string_view line) {
  static const RE2 kTime(
      R"re(^(\d{1,2} \d{2}( am| pm)?|\d+ (minutes?|mins?|hours?|hrs?|days?) ago|(last )?(updated|published|posted|modified|first published)\b.{0,60}|yesterday|today)$)re");
  if (RE2::FullMatch(folded, kTime)) return true;
  const int words = CountWords(line);
  if (words > 14 || EndsSentence(line)) return false;
  // "— Jane Doe (@jane) November 18, 2019" closes an embedded post: content.
  if (line.find("(@") != std::string_view::npos) return false;
  // "By Jane Doe", "By Jane Doe - 11/18/19 11:04 PM EST".
  static const RE2 kByline(
      R"re(^(by|written by|words by|reporting by|text by) \S.{0,80}$)re");
  if (words <= 12 && RE2::FullMatch(folded, kByline)) return true;
  // A short line with a date or a clock time and little else.
  static const RE2 kClock(
      R"re(\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b)re");
  if (words <= 10 && (FindDateInText(line) || RE2::PartialMatch(line, kClock)))
    return true;
  return false;
}

}  // namespace eventwire::clean
