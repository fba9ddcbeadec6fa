#!/usr/bin/env python3
"""Measures story merging on ECB+: do reports of one real-world event in
different articles end as one feed event, and do different events stay apart?

ECB+ (Cybulska and Vossen, LREC 2014; CC BY 3.0) annotates news articles on
topics of two seminal events each, with event mentions and their coreference
across articles. Only the sentences the corpus lists as checked for
coreference are scored.

  ecbplus.py prepare ECB_DIR OUT.jsonl
      one record per article (id TOPIC/FILE, its sentences one per line,
      "extracted": true, so that the text keeps its offsets)
  ecbplus.py score ECB_DIR DOCUMENTS.jsonl [--examples N]
      DOCUMENTS.jsonl: `tools/run --emit documents` over OUT.jsonl

An extracted event is aligned with a gold event mention of its sentence
whose word shares the trigger's stem (its first word's first letters: at
least four, and all but two of it). For every two aligned events of
different articles of one topic, the gold says whether they report one
event (the same cross-document instance), the feed whether it merged them
(the same feed event id): pairwise precision, recall and F1 of merging.
Events of different topics merged are counted apart: each is wrong.
"""

import bisect
import collections
import csv
import json
import os
import sys
import xml.etree.ElementTree as ET

# No space before these tokens, none after the opening ones.
_QUOTES = {"``": "\u201c", "''": "\u201d"}
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "'s",
                    "'re", "'ve", "'ll", "'d", "'m", "n't", "\u201d", "'"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "\u201c"}


def _checked_sentences(ecb_dir):
    checked = set()
    path = os.path.join(ecb_dir, "ECBplus_coreference_sentences.csv")
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            checked.add((row["Topic"], row["File"], int(row["Sentence Number"])))
    return checked


def _articles(ecb_dir):
    """(topic, file stem, path) of every article, in a fixed order."""
    root = os.path.join(ecb_dir, "ECB+")
    out = []
    for topic in sorted(os.listdir(root), key=lambda t: (len(t), t)):
        folder = os.path.join(root, topic)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith(".xml"):
                stem = name[len(topic) + 1:-len(".xml")]
                out.append((topic, stem, os.path.join(folder, name)))
    return out


def _read_article(path):
    """The article's text (a sentence a line), each token's character span
    and sentence, and its gold event mentions: (token ids, instance)."""
    tree = ET.parse(path)
    doc = tree.getroot()
    lines = collections.OrderedDict()
    for tok in doc.iter("token"):
        # The treebank convention for quotation marks, as printed.
        word = (tok.text or "").strip()
        word = _QUOTES.get(word, word)
        if not word:
            continue  # a token of white space only
        lines.setdefault(int(tok.get("sentence")), []).append(
            (tok.get("t_id"), word))
    text_parts, spans, sentence_of = [], {}, {}
    offset = 0
    for number, tokens in lines.items():
        line = ""
        for i, (t_id, word) in enumerate(tokens):
            if (i > 0 and word not in _NO_SPACE_BEFORE and
                    tokens[i - 1][1] not in _NO_SPACE_AFTER):
                line += " "
            spans[t_id] = (offset + len(line), offset + len(line) + len(word))
            sentence_of[t_id] = number
            line += word
        text_parts.append(line)
        offset += len(line) + 1
    text = "\n".join(text_parts)

    markables = doc.find("Markables")
    anchored = {}  # m_id -> token ids, for event mentions
    for m in markables if markables is not None else []:
        if "ACTION" not in m.tag:
            continue
        tokens = [a.get("t_id") for a in m.findall("token_anchor")]
        if tokens:
            anchored[m.get("m_id")] = tokens
    instance = {}
    relations = doc.find("Relations")
    for r in relations if relations is not None else []:
        sources = [s.get("m_id") for s in r.findall("source")]
        if r.tag == "CROSS_DOC_COREF":
            chain = r.get("note")
        elif r.tag == "INTRA_DOC_COREF":
            target = r.find("target")
            chain = "local:%s:%s" % (path, target.get("m_id") if target is not None else "")
        else:
            continue
        for m_id in sources:
            if m_id in anchored and not instance.get(m_id, "").startswith("ACT"):
                instance[m_id] = chain
    mentions = []
    for m_id, tokens in anchored.items():
        mentions.append((tokens, instance.get(m_id, "local:%s:%s" % (path, m_id))))
    return text, spans, sentence_of, mentions


def prepare(ecb_dir, out_path):
    n = 0
    with open(out_path, "w") as out:
        for topic, stem, path in _articles(ecb_dir):
            text, _, _, _ = _read_article(path)
            out.write(json.dumps({"id": "%s/%s" % (topic, stem), "text": text,
                                  "extracted": True}) + "\n")
            n += 1
    print("wrote %d articles to %s" % (n, out_path))


def _stem_match(trigger, word):
    t = trigger.lower()
    w = word.lower()
    common = 0
    while common < min(len(t), len(w)) and t[common] == w[common]:
        common += 1
    return common >= min(4, len(t)) and common >= len(t) - 2


def score(ecb_dir, documents_path, examples=0):
    checked = _checked_sentences(ecb_dir)
    gold = {}
    for topic, stem, path in _articles(ecb_dir):
        gold["%s/%s" % (topic, stem)] = (topic, stem, path)
    predicted = {}
    with open(documents_path) as f:
        for line in f:
            line = line.strip()
            if line:
                record = json.loads(line)
                predicted[record.get("id")] = record

    aligned = []  # (topic, article, feed event id, instance, event, text)
    events_total = events_in_checked = texts_differ = 0
    feed_topics = collections.defaultdict(set)
    for article, (topic, stem, path) in gold.items():
        record = predicted.get(article)
        if record is None:
            continue
        text, spans, sentence_of, mentions = _read_article(path)
        if record.get("text") != text:
            texts_differ += 1
            continue
        by_sentence = collections.defaultdict(list)
        for tokens, chain in mentions:
            if tokens[0] not in sentence_of:
                continue
            number = sentence_of[tokens[0]]
            if (topic, stem, number) in checked:
                by_sentence[number].append((tokens, chain))
        line_starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                line_starts.append(i + 1)
        # Line n of the text is the article's n-th sentence.
        numbers = list(collections.OrderedDict.fromkeys(
            sentence_of[t] for t in spans))
        for ev in record.get("events") or []:
            events_total += 1
            fe = ev.get("feed_event_id") or ""
            if fe:
                feed_topics[fe].add(topic)
            begin = (ev.get("evidence") or {}).get("begin", 0)
            line = bisect.bisect_right(line_starts, begin) - 1
            if line < 0 or line >= len(numbers) or \
                    (topic, stem, numbers[line]) not in checked:
                continue
            events_in_checked += 1
            candidates = by_sentence.get(numbers[line], [])
            first_word = (ev.get("trigger") or "").split(" ")[0]
            for tokens, chain in candidates:
                words = [text[spans[t][0]:spans[t][1]] for t in tokens if t in spans]
                if any(_stem_match(first_word, w) for w in words):
                    aligned.append((topic, article, fe, chain, ev, " ".join(words)))
                    break

    true_pos = pred_pos = gold_pos = 0
    missed, wrong = [], []
    by_topic = collections.defaultdict(list)
    for a in aligned:
        by_topic[a[0]].append(a)
    for items in by_topic.values():
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                a, b = items[i], items[j]
                if a[1] == b[1]:
                    continue  # merging within one article is not scored here
                same_gold = a[3] == b[3] and not a[3].startswith("local:")
                same_feed = a[2] != "" and a[2] == b[2]
                gold_pos += same_gold
                pred_pos += same_feed
                true_pos += same_gold and same_feed
                if same_gold and not same_feed:
                    missed.append((a, b))
                if same_feed and not same_gold:
                    wrong.append((a, b))
    cross_topic = sum(1 for topics in feed_topics.values() if len(topics) > 1)

    def prf(tp, p, g):
        precision = tp / p if p else 0.0
        recall = tp / g if g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    print("articles %d, read back %d (%d with other text, skipped)" %
          (len(gold), sum(1 for a in gold if a in predicted), texts_differ))
    print("events %d; in checked sentences %d; aligned with a gold mention %d" %
          (events_total, events_in_checked, len(aligned)))
    print("pairs of aligned events in different articles of a topic: "
          "%d report one event (gold), %d merged (feed), %d both" %
          (gold_pos, pred_pos, true_pos))
    precision, recall, f1 = prf(true_pos, pred_pos, gold_pos)
    print("merging  P %.3f R %.3f F1 %.3f" % (precision, recall, f1))
    print("feed events merging reports of different topics: %d" % cross_topic)
    for label, pairs in (("missed", missed), ("wrong", wrong)):
        for a, b in pairs[:examples]:
            def show(x):
                ev = x[4]
                return "%s %s %s->%s %r" % (
                    x[1], ev.get("type"),
                    [s.get("name") for s in ev.get("source") or []],
                    [s.get("name") for s in ev.get("target") or []], x[5])
            print("  %s: %s | %s" % (label, show(a), show(b)))
    return precision, recall, f1


def main(argv):
    if len(argv) >= 4 and argv[1] == "prepare":
        prepare(argv[2], argv[3])
        return 0
    if len(argv) >= 4 and argv[1] == "score":
        examples = 0
        if "--examples" in argv:
            examples = int(argv[argv.index("--examples") + 1])
        score(argv[2], argv[3], examples)
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
