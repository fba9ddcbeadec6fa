#!/usr/bin/env python3
"""Writes the shippable English text in ../shared/data as one tokenised
sentence a line (tokens separated by spaces), for the word clusters that the
tagger and parser use (tools/train-clusters).

Only sets whose licence lets a model derived from them be shipped are read
(see resources/SYNTAX-MODEL.md): Voice of America newswire (GMB), ECB+ news,
GUM, the EWT development set, CrossNER politics, re3d, the SEC filings, and
the Broad Twitter Corpus and WNUT-17 (train, dev). Never read: the EWT test
set (the parser's test) and its UNER copy, WikiGold, the BBC articles, the
article-extraction benchmark and the sample articles.

Usage: prepare_unlabeled.py SHARED_DATA_DIR OUT
Standard library only; the output is deterministic.
"""
import csv
import glob
import gzip
import html
import os
import re
import sys


def conllu(path):
    sent = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if sent:
                yield sent
            sent = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "-" not in cols[0] and "." not in cols[0]:
                sent.append(cols[1])
    if sent:
        yield sent


def columns(path, sep=None):
    """CoNLL-like files: the token is the first column; blank lines end sentences."""
    sent = []
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.strip()
        if not line or line.startswith("-DOCSTART-"):
            if sent:
                yield sent
            sent = []
            continue
        sent.append(line.split(sep)[0] if sep else line.split()[0])
    if sent:
        yield sent


def gmb(path):
    sent = []
    with gzip.open(path, "rt", encoding="latin-1", newline="") as f:
        rows = csv.reader(f)
        next(rows)
        for row in rows:
            if len(row) < 4:
                continue
            if row[0].startswith("Sentence: ") and sent:
                yield sent
                sent = []
            if row[1]:
                sent.append(row[1])
    if sent:
        yield sent


TOKEN = re.compile(r'<token t_id="\d+" sentence="(\d+)"[^>]*>([^<]*)</token>')


def ecb(path):
    sent, current = [], None
    for m in TOKEN.finditer(open(path, encoding="utf-8").read()):
        if m.group(1) != current and sent:
            yield sent
            sent = []
        current = m.group(1)
        sent.append(html.unescape(m.group(2)))
    if sent:
        yield sent


def sources(data):
    ner = os.path.join(data, "ner-train")
    yield from gmb(os.path.join(ner, "gmb-voa", "ner_dataset.csv.gz"))
    for path in sorted(glob.glob(os.path.join(data, "ecbplus", "ECB+", "*", "*.xml"))):
        yield from ecb(path)
    for path in sorted(glob.glob(os.path.join(ner, "gum11-conllu", "*", "*.conllu"))):
        yield from conllu(path)
    yield from conllu(os.path.join(data, "ud-english-ewt", "en_ewt-ud-dev.conllu"))
    for name in ("train.txt", "dev.txt", "test.txt"):
        yield from columns(os.path.join(ner, "crossner-politics", name), "\t")
    for path in sorted(glob.glob(os.path.join(ner, "re3d", "conll", "*", "*"))):
        if os.path.isfile(path):
            yield from columns(path, "\t")
    for name in ("FIN5.txt", "FIN3.txt"):
        yield from columns(os.path.join(ner, "sec-filings", name))
    for path in sorted(glob.glob(os.path.join(ner, "btc", "*.conll"))):
        yield from columns(path, "\t")
    for name in ("wnut17train.conll", "emerging.dev.conll"):
        yield from columns(os.path.join(ner, "wnut17", name), "\t")


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    data, out = argv
    sentences = words = 0
    with open(out, "w", encoding="utf-8") as f:
        for sent in sources(data):
            toks = [t.replace(" ", "_") for t in sent if t.strip()]
            if toks:
                f.write(" ".join(toks) + "\n")
                sentences += 1
                words += len(toks)
    print(f"{sentences} sentences, {words} words", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
