#!/usr/bin/env python3
"""The language stage, in Python: which language a document's text is in.

Counts the commonest function words of each language it knows (articles,
pronouns, prepositions, conjunctions: a few dozen words that make up a large
share of any running text). Sets the document attribute "language" (ISO 639-1)
and "language_confidence" (the winner's share of all such words found), and
fills metadata.language when the input did not say. A pipeline file can route
documents by it. Texts with too few function words get no guess.

Run it as a stage the coordinator starts:
    - name: language
      command: [/usr/bin/python3, plugins/language/language_stage.py]
      env: {PYTHONPATH: BUILD/python}
"""

import re
import sys

from eventwire_stage import Stage, StageError, description, serve

# The most frequent function words of each language (from general frequency
# lists), without words two of the languages share in spelling.
FUNCTION_WORDS = {
    "en": "the of and to in is that for it was with as on be by this are from "
          "have has had not but which they his her their were been would will "
          "said who its an",
    "fr": "le la les des du un une et est que qui dans pour pas sur au aux "
          "avec ce cette il elle ils sont ont été plus mais leur nous vous",
    "es": "el los las del y que en un una por con para es su al lo como más "
          "pero sus le ha sido también fue entre sobre este esta",
    "de": "der die das und ist nicht den dem des ein eine zu mit auf für sich "
          "von auch es im sie wurde wird bei nach aus hat oder wie",
    "it": "il lo gli della delle dei che di e è per una un con non sono nel "
          "alla anche come più ma questo questa ha stato essere",
    "pt": "o os as da do das dos e que em um uma para com não por mais se na "
          "no ao foi são como mas também pelo pela ser",
    "nl": "de het een en van is dat op te zijn niet met voor aan er die ook "
          "als bij werd door maar uit om naar wordt hij zij",
}
# Each word counts for every language that lists it; ties go to neither.
WORD_LANGUAGES = {}
for lang, words in FUNCTION_WORDS.items():
    for w in words.split():
        WORD_LANGUAGES.setdefault(w, set()).add(lang)

MIN_HITS = 3
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def identify(text):
    """(language, confidence) or (None, 0.0) when the text says too little."""
    counts = dict.fromkeys(FUNCTION_WORDS, 0)
    hits = 0
    for m in WORD.finditer(text[:200_000].lower()):
        langs = WORD_LANGUAGES.get(m.group())
        if not langs:
            continue
        hits += 1
        for lang in langs:
            counts[lang] += 1
    if hits < MIN_HITS:
        return None, 0.0
    best = max(counts, key=counts.get)
    return best, counts[best] / hits


class LanguageStage(Stage):
    """Identifies the language of each document's text."""

    def describe(self):
        return description("language", "1.0.0", needs=["text"], provides=["language"],
                           idempotent=True, text="language identification by function words")

    def process(self, doc):
        if not doc.text.strip():
            raise StageError("the document has no text to identify")
        lang, confidence = identify(doc.text)
        if lang is None:
            return
        doc.attributes["language"] = lang
        doc.attributes["language_confidence"] = f"{confidence:.2f}"
        if not doc.metadata.language:
            doc.metadata.language = lang


if __name__ == "__main__":
    serve(LanguageStage(), sys.argv[1:])
