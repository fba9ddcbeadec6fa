#include "doc_view.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace eventwire::assemble {

bool IsQuoteMark(std::string_view s) {
  return s == "\"" || s == "\xE2\x80\x9C" || s == "\xE2\x80\x9D" ||
         s == "\xC2\xAB" || s == "\xC2\xBB" || s == "\xE2\x80\x9E";
}

DocView::DocView(const v1::Document& doc) : doc_(doc) {
  const int n = doc.tokens_size();
  mention_at_.assign(n, -1);
  sentence_of_.assign(n, 0);
  in_quote_.assign(n, false);
  head_.assign(n, -1);
  dependents_.assign(n, {});
  for (int i = 0; i < n; ++i) {
    const v1::Token& token = doc.tokens(i);
    const int head = static_cast<int>(token.head());
    // A head outside the document is no head (a plugin's bad parse).
    if (token.deprel().empty() || head < 0 || head >= n) continue;
    head_[i] = head;
    if (head != i) dependents_[head].push_back(i);
  }
  // Token index by begin offset, for mapping mention spans.
  std::unordered_map<uint32_t, int> token_by_begin, token_by_end;
  for (int i = 0; i < n; ++i) {
    token_by_begin[doc.tokens(i).begin()] = i;
    token_by_end[doc.tokens(i).end()] = i + 1;
  }
  for (int m = 0; m < doc.mentions_size(); ++m) {
    const v1::Mention& mention = doc.mentions(m);
    auto b = token_by_begin.find(mention.begin());
    auto e = token_by_end.find(mention.end());
    int first = b == token_by_begin.end() ? -1 : b->second;
    int end = e == token_by_end.end() ? -1 : e->second;
    mention_first_.push_back(first);
    mention_end_.push_back(end);
    if (first < 0 || end < 0) continue;
    for (int t = first; t < end; ++t) mention_at_[t] = m;
    if (mention.type() == v1::Entity::PERSON) person_mentions_.push_back(m);
  }
  for (int m = 0; m < doc.mentions_size(); ++m) {
    const int first = mention_first_[m], end = mention_end_[m];
    if (first < 0 || end - first < 2 || mention_at_[first] != m ||
        doc.mentions(m).type() != v1::Entity::ORG) {
      continue;
    }
    for (int t = first; t < end; ++t) {
      auto& starts = org_names_by_word_[Norm(t)];
      if (starts.empty() || starts.back().second != m)
        starts.push_back({first, m});
    }
  }
  for (auto& [word, starts] : org_names_by_word_) {
    std::sort(starts.begin(), starts.end());
  }
  for (int s = 0; s < doc.sentences_size(); ++s) {
    const v1::Sentence& sent = doc.sentences(s);
    for (uint32_t t = sent.first_token();
         t < sent.first_token() + sent.token_count() &&
         t < static_cast<uint32_t>(n);
         ++t) {
      sentence_of_[t] = s;
    }
  }
  // Quotation spans: curly quotes pair by direction, straight ones by
  // alternation within a paragraph.
  int open_at = -1;
  for (int i = 0; i < n; ++i) {
    std::string_view s = Surface(i);
    // Two single marks typed for a double one ("’’", "‘‘") count as one.
    const auto doubled = [&](std::string_view mark) {
      return s == mark && i + 1 < n && Surface(i + 1) == mark &&
             doc.tokens(i + 1).begin() == doc.tokens(i).end();
    };
    const bool opening = s == "\xE2\x80\x9C" || s == "\xC2\xAB" ||
                         (s == "\"" && open_at < 0) ||
                         (open_at < 0 && doubled("\xE2\x80\x98"));
    if (open_at >= 0 && i > 0 && ParagraphBreakBetween(i - 1, i)) {
      // A quotation that runs on into a paragraph opening with a quotation
      // mark ends with its paragraph, as news prints one quoted over
      // several paragraphs; otherwise the mark was stray.
      if (s == "\xE2\x80\x9C" || s == "\"") {
        quote_spans_.push_back({open_at, i});
        for (int k = open_at + 1; k < i; ++k) in_quote_[k] = true;
      }
      open_at = -1;
    }
    const bool closing = s == "\xE2\x80\x9D" || s == "\xC2\xBB" ||
                         (s == "\"" && open_at >= 0) ||
                         (open_at >= 0 && doubled("\xE2\x80\x99"));
    if (opening && !closing) {
      open_at = i;
    } else if (closing && open_at >= 0) {
      quote_spans_.push_back({open_at, i});
      for (int k = open_at + 1; k < i; ++k) in_quote_[k] = true;
      open_at = -1;
    }
  }
  for (int e = 0; e < doc.entities_size(); ++e) {
    const v1::Entity& entity = doc.entities(e);
    entity_index_[entity.id()] = e;
    if (entity.type() == v1::Entity::GPE && !entity.country().empty() &&
        entity.canonical_key() == "gpe:" + entity.country()) {
      state_names_.emplace(entity.country(), entity.name());
    }
  }
}

int DocView::LastOrgNameWithWordBefore(const std::vector<std::string>& words,
                                       int token) const {
  std::pair<int, int> best = {-1, -1};
  for (const std::string& word : words) {
    auto it = org_names_by_word_.find(word);
    if (it == org_names_by_word_.end()) continue;
    const auto& starts = it->second;
    auto after = std::lower_bound(starts.begin(), starts.end(),
                                  std::pair<int, int>{token, -1});
    if (after != starts.begin()) best = std::max(best, *std::prev(after));
  }
  return best.second;
}

std::string_view DocView::Surface(int token) const {
  const v1::Token& t = doc_.tokens(token);
  return std::string_view(doc_.text()).substr(t.begin(), t.end() - t.begin());
}

bool DocView::ParagraphBreakBetween(int a, int b) const {
  const std::string& text = doc_.text();
  size_t nl = text.find('\n', doc_.tokens(a).end());
  return nl != std::string::npos && nl < doc_.tokens(b).begin();
}

const v1::Entity* DocView::EntityById(const std::string& id) const {
  auto it = entity_index_.find(id);
  return it == entity_index_.end() ? nullptr : &doc_.entities(it->second);
}

const v1::Entity* DocView::EntityOf(int m) const {
  if (m < 0) return nullptr;
  return EntityById(doc_.mentions(m).entity_id());
}

int DocView::LastPersonBefore(int token) const {
  int best = -1;
  for (int m : person_mentions_) {
    if (mention_end_[m] >= 0 && mention_end_[m] <= token) best = m;
  }
  return best;
}

bool DocView::IsActorMention(int m) const {
  switch (doc_.mentions(m).type()) {
    case v1::Entity::PERSON:
    case v1::Entity::ORG:
    case v1::Entity::GPE:
    case v1::Entity::NORP:
      return EntityOf(m) != nullptr;
    default:
      return false;
  }
}

v1::Actor DocView::ActorFor(const v1::Entity& entity) const {
  v1::Actor a;
  a.set_entity_id(entity.id());
  a.set_name(entity.name());
  if (entity.canonical_key().rfind("group:", 0) == 0) {
    auto state = state_names_.find(entity.country());
    if (state != state_names_.end()) {
      a.set_group(entity.name());
      a.set_name(state->second);
      a.add_aliases(entity.name());
      a.add_aliases(absl::StrCat(state->second, " ", entity.name()));
    }
  }
  a.set_country(entity.country());
  a.set_type(entity.type());
  a.set_canonical_key(entity.canonical_key());
  return a;
}

}  // namespace eventwire::assemble
