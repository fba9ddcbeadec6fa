#include "quote_finder.h"

#include <unordered_set>

#include "eventwire/word_list.h"

namespace eventwire::assemble {
namespace {

int CountWords(std::string_view s) {
  int words = 0;
  bool in_word = false;
  for (char c : s) {
    bool w = std::isalnum(static_cast<unsigned char>(c)) ||
             static_cast<unsigned char>(c) >= 0x80;
    if (w && !in_word) ++words;
    in_word = w;
  }
  return words;
}

bool IsPronoun(const std::string& norm) {
  return norm == "he" || norm == "she" || norm == "his" || norm == "her";
}

bool IsNeuterPronoun(const std::string& norm) {
  return norm == "it" || norm == "its";
}

// Whether a mention of `type` can be what the pronoun at `token` stands
// for: a person for he/she, a body or place for it/its.
bool Agrees(const DocView& view, int token, v1::Entity::Type type) {
  if (IsNeuterPronoun(view.Norm(token)))
    return type == v1::Entity::ORG || type == v1::Entity::GPE;
  return type == v1::Entity::PERSON;
}

}  // namespace

bool IsSpeechVerb(const std::string& norm) {
  static const auto* kVerbs = &WordList("speech-verbs");
  return kVerbs->count(norm) > 0;
}

const v1::Entity* ReferentAt(const DocView& view, int token) {
  int m = view.MentionAt(token);
  if (m >= 0) {
    const v1::Entity* e = view.EntityOf(m);
    if (e && (e->type() == v1::Entity::PERSON || e->type() == v1::Entity::ORG ||
              e->type() == v1::Entity::GPE)) {
      return e;
    }
    return nullptr;
  }
  const std::string& norm = view.Norm(token);
  if (IsPronoun(norm) || IsNeuterPronoun(norm)) {
    // The referent most likely meant: the first one named (the subject) in
    // the nearest earlier sentence that names one, outside quotations; in
    // the pronoun's own sentence, the last one named before it.
    const int sentence = view.SentenceOf(token);
    for (int t = token - 1; t >= 0 && view.SentenceOf(t) == sentence; --t) {
      int pm = view.MentionAt(t);
      if (pm >= 0 && !view.InQuote(t) &&
          Agrees(view, token, view.doc().mentions(pm).type())) {
        return view.EntityOf(pm);
      }
    }
    for (int s = sentence - 1; s >= 0 && s >= sentence - 4; --s) {
      const v1::Sentence& sent = view.doc().sentences(s);
      for (uint32_t t = sent.first_token();
           t < sent.first_token() + sent.token_count(); ++t) {
        int pm = view.MentionAt(static_cast<int>(t));
        if (pm >= 0 && !view.InQuote(static_cast<int>(t)) &&
            Agrees(view, token, view.doc().mentions(pm).type())) {
          return view.EntityOf(pm);
        }
      }
    }
  }
  return nullptr;
}

namespace {

// The speaker around a speech verb at `verb`: the subject before it, else
// the name after it ("said Rubio").
const v1::Entity* SpeakerAroundVerb(const DocView& view, int verb, int lo,
                                    int hi) {
  // The verb's subject in the parse: "Geoffrey Berman, the U.S. attorney for
  // the Southern District of New York, said" is Berman's, not New York's.
  if (view.HasParse(verb)) {
    for (int d : view.Dependents(verb)) {
      if (d < lo || d >= hi || view.Deprel(d) != "nsubj") continue;
      if (view.InQuote(d)) continue;
      if (const v1::Entity* e = ReferentAt(view, d)) return e;
    }
  }
  for (int t = verb - 1; t >= lo && t >= verb - 6; --t) {
    if (view.InQuote(t) || IsQuoteMark(view.Surface(t))) break;
    if (const v1::Entity* e = ReferentAt(view, t)) return e;
  }
  // "“...,” Will Moy, chief executive of the fact-checking website Full
  // Fact, told the BBC": a person named between the quotation and the verb,
  // however long the description after the name.
  const v1::Entity* named_before = nullptr;
  for (int t = verb - 1; t >= lo && t >= verb - 24; --t) {
    if (view.InQuote(t) || IsQuoteMark(view.Surface(t))) break;
    const int m = view.MentionAt(t);
    if (m >= 0 && view.doc().mentions(m).type() == v1::Entity::PERSON)
      named_before = view.EntityOf(m);
  }
  if (named_before) return named_before;
  for (int t = verb + 1; t < hi && t <= verb + 6; ++t) {
    if (view.InQuote(t) || IsQuoteMark(view.Surface(t))) break;
    if (const v1::Entity* e = ReferentAt(view, t)) return e;
  }
  return nullptr;
}

}  // namespace

void FindQuotes(const DocView& view, v1::Document& doc) {
  static const auto* kPrepositions = &WordList("prepositions");
  const std::string& text = doc.text();
  const v1::Entity* previous_speaker = nullptr;
  int previous_close = -1;
  for (const auto& [open, close] : view.quote_spans()) {
    uint32_t begin = doc.tokens(open).end();
    uint32_t end = doc.tokens(close).begin();
    std::string_view body = std::string_view(text).substr(begin, end - begin);
    // Trim spaces, and the paragraph break a quotation run on to the next
    // paragraph ends with.
    const auto space = [](char c) {
      return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    };
    while (!body.empty() && space(body.front())) {
      body.remove_prefix(1);
      ++begin;
    }
    // The comma before the closing mark belongs to the sentence that
    // reports the words ("... terms,” she said), not to what was said.
    const auto trim_back = [&](auto drop) {
      while (!body.empty() && drop(body.back())) {
        body.remove_suffix(1);
        --end;
      }
    };
    trim_back(space);
    if (!body.empty() && body.back() == ',') {
      body.remove_suffix(1);
      --end;
      trim_back(space);
    }
    const bool long_enough = CountWords(body) >= 4;

    // The sentence(s) around the quotation, outside it.
    const int s_first = view.SentenceOf(open);
    const int s_last = view.SentenceOf(close);
    const v1::Sentence& first_sentence = doc.sentences(s_first);
    const v1::Sentence& last_sentence = doc.sentences(s_last);
    const int lo = first_sentence.first_token();
    const int hi = last_sentence.first_token() + last_sentence.token_count();
    const v1::Entity* speaker = nullptr;
    std::string cue;
    // 1. A speech verb after the quotation ("...," he said), then before it.
    bool own_cue = false;  // a speech verb of its own, named speaker or not
    for (int t = close + 1; t < hi && !speaker; ++t) {
      if (view.InQuote(t) || IsQuoteMark(view.Surface(t))) break;
      if (IsSpeechVerb(view.Norm(t))) {
        speaker = SpeakerAroundVerb(view, t, close + 1, hi);
        cue = view.Norm(t);
        own_cue = true;
      }
    }
    for (int t = open - 1; t >= lo && !speaker; --t) {
      if (view.InQuote(t) || IsQuoteMark(view.Surface(t))) break;
      if (IsSpeechVerb(view.Norm(t))) {
        speaker = SpeakerAroundVerb(view, t, lo, open);
        cue = view.Norm(t);
        own_cue = true;
      }
    }
    // 2. "Name: "quote"" and "Quote from Name: ...".
    if (!speaker && open >= 2 && view.Surface(open - 1) == ":") {
      for (int t = open - 2; t >= lo && t >= open - 5; --t) {
        if (const v1::Entity* e = ReferentAt(view, t)) {
          speaker = e;
          cue = ":";
          break;
        }
      }
    }
    // 3. A quotation that continues the previous speaker's words: in the same
    // paragraph or opening the next one, with no other person named between.
    if (!speaker && previous_speaker && previous_close >= 0) {
      bool other_person = false;
      for (int t = previous_close + 1; t < open; ++t) {
        int m = view.MentionAt(t);
        // A person after a preposition ("a meeting with Kellogg") is
        // talked about, not talking.
        const bool talked_about =
            m >= 0 && view.MentionFirst(m) > 0 &&
            kPrepositions->count(view.Norm(view.MentionFirst(m) - 1)) > 0;
        if (m >= 0 && doc.mentions(m).type() == v1::Entity::PERSON &&
            view.EntityOf(m) != previous_speaker && !talked_about) {
          other_person = true;
        }
      }
      if (!other_person && open - previous_close < 40) {
        speaker = previous_speaker;
        cue = "continuation";
      }
    }
    // 4. A quotation right after a sentence that reports someone's words
    // ("Rubio told reporters they were concerned ... \n\n "I hear
    // criticism of that plan."): that someone goes on.
    if (!speaker && !own_cue && s_first > 0) {
      const v1::Sentence& before = doc.sentences(s_first - 1);
      const int b_lo = before.first_token();
      const int b_hi = b_lo + before.token_count();
      if (b_hi <= open) {
        for (int t = b_lo; t < b_hi && !speaker; ++t) {
          if (view.InQuote(t) || IsQuoteMark(view.Surface(t))) break;
          if (IsSpeechVerb(view.Norm(t))) {
            speaker = SpeakerAroundVerb(view, t, b_lo, b_hi);
            if (speaker) cue = "report";
          }
        }
      }
    }
    if (speaker) {
      previous_speaker = speaker;
      previous_close = close;
    }
    if (!speaker || !long_enough) continue;
    v1::Quote* q = doc.add_quotes();
    q->set_text(std::string(body));
    q->mutable_span()->set_begin(begin);
    q->mutable_span()->set_end(end);
    *q->mutable_speaker() = view.ActorFor(*speaker);
    q->set_cue(cue);
    q->set_confidence(cue == "continuation" || cue == "report" ? 0.6f : 0.85f);
  }
}

}  // namespace eventwire::assemble
