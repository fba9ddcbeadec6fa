// Indexes over a tagged document that event and quote finding share: which
// mention covers a token, who a pronoun refers to, what is inside quotes.
#ifndef EVENTWIRE_SERVICES_ASSEMBLE_DOC_VIEW_H_
#define EVENTWIRE_SERVICES_ASSEMBLE_DOC_VIEW_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "eventwire/v1/document.pb.h"

namespace eventwire::assemble {

class DocView {
 public:
  explicit DocView(const v1::Document& doc);

  const v1::Document& doc() const { return doc_; }
  int token_count() const { return doc_.tokens_size(); }
  std::string_view Surface(int token) const;
  const std::string& Norm(int token) const { return doc_.tokens(token).norm(); }
  // Index of the mention covering `token`, or -1.
  int MentionAt(int token) const { return mention_at_[token]; }
  // First and one-past-last token of a mention.
  int MentionFirst(int m) const { return mention_first_[m]; }
  int MentionEnd(int m) const { return mention_end_[m]; }
  const v1::Entity* EntityOf(int m) const;
  const v1::Entity* EntityById(const std::string& id) const;
  // Sentence index of a token.
  int SentenceOf(int token) const { return sentence_of_[token]; }
  // True when the token is inside a quotation.
  bool InQuote(int token) const { return in_quote_[token]; }
  // The most recent PERSON mention that ends before `token`, or -1.
  int LastPersonBefore(int token) const;
  // The actor an entity stands for, as an event or quote records it; an
  // unnamed group is named by the state it acts for when the document
  // names that state (Actor.group keeps its word).
  v1::Actor ActorFor(const v1::Entity& entity) const;
  // Whether the document names the state of `country` (a group acting
  // for it takes that name).
  bool NamesState(const std::string& country) const {
    return state_names_.count(country) > 0;
  }
  // True for mentions that can act: PERSON, ORG, GPE, NORP.
  bool IsActorMention(int m) const;
  // Quotations as (opening mark token, closing mark token), in order.
  const std::vector<std::pair<int, int>>& quote_spans() const {
    return quote_spans_;
  }
  // The ORG name of two words or more starting last before `token` that has
  // one of `words` among its words ("Columbus Police Department" for
  // "police"), or -1: an index, as a long document asks it for every group
  // noun.
  int LastOrgNameWithWordBefore(const std::vector<std::string>& words,
                                int token) const;
  // True when a paragraph break lies between the two tokens.
  bool ParagraphBreakBetween(int a, int b) const;

  // The dependency parse, when the tag stage gave one: a token's head (a
  // root is its own head), its relation ("nsubj", "obl:agent"), and the
  // tokens that depend on it, in order.
  bool HasParse(int token) const { return head_[token] >= 0; }
  int Head(int token) const { return head_[token]; }
  const std::string& Deprel(int token) const {
    return doc_.tokens(token).deprel();
  }
  const std::vector<int>& Dependents(int token) const {
    return dependents_[token];
  }

 private:
  const v1::Document& doc_;
  std::vector<int> mention_at_, mention_first_, mention_end_, sentence_of_;
  std::vector<int> head_;
  std::vector<std::vector<int>> dependents_;
  std::vector<bool> in_quote_;
  std::vector<std::pair<int, int>> quote_spans_;
  std::vector<int> person_mentions_;  // by position
  // Word -> (first token, mention) of the ORG names of two words or more
  // that have it, by first token.
  std::unordered_map<std::string, std::vector<std::pair<int, int>>>
      org_names_by_word_;
  std::unordered_map<std::string, int> entity_index_;
  // Country code -> the name of the state as the document names it.
  std::unordered_map<std::string, std::string> state_names_;
};

// True for an opening or closing quotation mark token.
bool IsQuoteMark(std::string_view s);

}  // namespace eventwire::assemble

#endif  // EVENTWIRE_SERVICES_ASSEMBLE_DOC_VIEW_H_
