#!/usr/bin/env python3
"""Turns the shippable NER corpora in ../shared/data/ner-train (and, for
cross-validation, WikiGold) into one simple format for tools/train_tagger:

    # doc <name>          starts a document
    TOKEN<TAB>LABEL       one token; LABEL is O, B-PER, I-PER, B-ORG, I-ORG, B-LOC, I-LOC
    (blank line)          ends a sentence

Only names are kept (PER, ORG, LOC); mentions that are descriptions or
pronouns in corpora that annotate every mention (re3d, GUM) are dropped: a
span counts only when its first token is capitalised.

Usage: prepare_training_data.py NER_TRAIN_DIR [--wikigold FILE] OUT
Standard library only; the output is deterministic.
"""
import os
import re
import sys

TYPES = {
    # re3d
    "Person": "PER", "Organisation": "ORG", "Location": "LOC",
    # CoNLL-style
    "PER": "PER", "ORG": "ORG", "LOC": "LOC",
    # WNUT-17
    "person": "PER", "location": "LOC", "corporation": "ORG", "group": "ORG",
    # GUM
    "organization": "ORG", "place": "LOC",
    # CrossNER politics
    "politician": "PER", "politicalparty": "ORG", "organisation": "ORG", "country": "LOC",
    # GMB (Voice of America); "gpe" is mostly nationality adjectives there: not names
    "per": "PER", "org": "ORG", "geo": "LOC",
}


def is_cap(token):
    return bool(token) and token[0].isupper()


def clean_spans(tokens, labels):
    """BIO labels with only capitalised spans of known types kept."""
    out = ["O"] * len(tokens)
    i = 0
    while i < len(tokens):
        lab = labels[i]
        if lab == "O" or lab is None:
            i += 1
            continue
        typ = lab[2:] if lab[:2] in ("B-", "I-") else lab
        j = i + 1
        while j < len(tokens) and labels[j] not in ("O", None) and labels[j][:2] != "B-" and \
                (labels[j][2:] if labels[j][:2] == "I-" else labels[j]) == typ:
            j += 1
        mapped = TYPES.get(typ)
        if mapped and is_cap(tokens[i]):
            out[i] = "B-" + mapped
            for k in range(i + 1, j):
                out[k] = "I-" + mapped
        i = j
    return out


def read_columns(path, token_col, label_col, sep=None, comments=False):
    """Sentences of (tokens, labels) from a CoNLL-like file; documents split at
    -DOCSTART-, or with `comments` (CoNLL-U style, as UNER's IOB2 files) at
    "# newdoc", other "#" lines skipped."""
    docs, sents, toks, labs = [], [], [], []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if comments and line.startswith("#") and "newdoc" not in line:
                continue
            if line.startswith("-DOCSTART-") or (comments and line.startswith("#")):
                if toks:
                    sents.append((toks, labs))
                    toks, labs = [], []
                if sents:
                    docs.append(sents)
                    sents = []
                continue
            if not line.strip():
                if toks:
                    sents.append((toks, labs))
                    toks, labs = [], []
                continue
            parts = line.split(sep) if sep else line.split()
            if len(parts) <= max(token_col, label_col if label_col >= 0 else 0):
                continue
            toks.append(parts[token_col])
            labs.append(parts[label_col])
    if toks:
        sents.append((toks, labs))
    if sents:
        docs.append(sents)
    return docs


def io_to_bio(labels):
    out, prev = [], "O"
    for lab in labels:
        if lab in ("O", "_"):
            out.append("O")
            prev = "O"
            continue
        typ = lab[2:] if lab[:2] in ("I-", "B-") else lab
        out.append(("I-" if prev == typ and lab[:2] != "B-" else "B-") + typ)
        prev = typ
    return out


NAME_INNER = ("of", "the", "de", "van", "von", "al", "bin", "and", "&", "-", "for", "on", "'s")


def name_part(toks, upos, heads, deprels, b, e, typ):
    """The proper-name part of a mention, or (b, b) when it has none. The
    mention's syntactic head must be a proper noun ("the Afghan team" and
    "critics of the U.S." are no names). A person's name is the head with
    its flat dependents ("U.S. President Donald Trump" -> "Donald Trump");
    an organisation or place runs from its first proper noun to the end."""
    inside = [m for m in range(b, e) if not (b <= heads[m] < e)]
    if len(inside) != 1 or upos[inside[0]] != "PROPN":
        return b, b
    head = inside[0]
    if typ == "PER":
        k, end = head, head + 1
        while k > b and heads[k - 1] == head and deprels[k - 1] in ("flat", "flat:name"):
            k -= 1
        while end < e and heads[end] == head and deprels[end] in ("flat", "flat:name"):
            end += 1
        # First names before a head surname: "Donald" -> flat of "Trump" or
        # the reverse, as the treebank chose.
        return k, end
    k = b
    while k < e and upos[k] != "PROPN":
        k += 1
    if upos[e - 1] != "PROPN" or any(
            upos[m] != "PROPN" and toks[m].lower() not in NAME_INNER for m in range(k, e)):
        return b, b
    return k, e


def gum11_sentences(path):
    """Named mentions (proper-noun headed, outermost) from GUM 11 CoNLL-U."""
    sents, toks, upos, heads, deprels, opens, spans = [], [], [], [], [], {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if toks:
                    labels = ["O"] * len(toks)
                    # Outermost first: longer spans before the spans they contain.
                    for b, e, typ in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
                        b, e = name_part(toks, upos, heads, deprels, b, e, typ)
                        if b >= e or e - b > 8 or any(l != "O" for l in labels[b:e]):
                            continue
                        labels[b] = "B-" + typ
                        for k in range(b + 1, e):
                            labels[k] = "I-" + typ
                    sents.append((toks, clean_spans(toks, labels)))
                toks, upos, heads, deprels, opens, spans = [], [], [], [], {}, []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 10 or not cols[0].isdigit():
                continue
            idx = len(toks)
            toks.append(cols[1])
            upos.append(cols[3])
            heads.append(int(cols[6]) - 1 if cols[6].isdigit() else -1)  # 0-based; root -1
            deprels.append(cols[7])
            misc = cols[9]
            m = re.search(r"Entity=([^|]*)", misc)
            if not m:
                continue
            # Walk the bracket string: "(id-type-...-Identity" opens, "id)" closes.
            s = m.group(1)
            pos = 0
            while pos < len(s):
                if s[pos] == "(":
                    end = pos + 1
                    while end < len(s) and s[end] not in "()":
                        end += 1
                    body = s[pos + 1:end]
                    fields = body.split("-")
                    eid = fields[0]
                    typ = fields[1] if len(fields) > 1 else ""
                    # Named mentions: linked to Wikipedia, or headed by a
                    # proper noun (people and places too minor for Wikipedia
                    # are names all the same; name_part checks the head).
                    identity = "-".join(fields[7:]) if len(fields) > 7 else ""
                    named = True
                    opens[eid] = (idx, typ, named)
                    if end < len(s) and s[end] == ")":  # single-token mention
                        b, t, nm = opens.pop(eid)
                        if nm and TYPES.get(t):
                            spans.append((b, idx + 1, TYPES[t]))
                        end += 1
                    pos = end
                elif s[pos].isdigit():
                    end = pos
                    while end < len(s) and s[end].isdigit():
                        end += 1
                    eid = s[pos:end]
                    if end < len(s) and s[end] == ")" and eid in opens:
                        b, t, nm = opens.pop(eid)
                        if nm and TYPES.get(t):
                            spans.append((b, idx + 1, TYPES[t]))
                        end += 1
                    pos = max(end, pos + 1)
                else:
                    pos += 1
    return sents


def gmb_documents(path):
    """Voice of America sentences (the GMB extract), grouped ten to a
    document (the file keeps no document boundaries)."""
    import csv
    import gzip
    sents, toks, labs = [], [], []
    with gzip.open(path, "rt", encoding="latin-1", newline="") as f:
        rows = csv.reader(f)
        next(rows, None)
        for row in rows:
            if len(row) < 4:
                continue
            if row[0].startswith("Sentence:") and toks:
                sents.append((toks, labs))
                toks, labs = [], []
            toks.append(row[1])
            labs.append(row[3])
    if toks:
        sents.append((toks, labs))
    sents = sents[:-1]  # the file stops at a spreadsheet's row limit, mid-sentence
    return [sents[i:i + 10] for i in range(0, len(sents), 10)]


def title_words(docs):
    """Words that open person spans in the silver GMB data but are titles, not
    names ("Mr.", "President", "Foreign Minister"), learnt from the data: the
    word opens person spans and seldom ends one (surnames end spans, so
    "Bush" stays), and the corpus also writes it in lower case, as a common
    word ("the president"; first names are not), or it is an abbreviation
    with a period ("Gen.", not the initial "J.")."""
    seen, ends, lower = {}, {}, {}
    for doc in docs:
        for toks, labs in doc:
            for t in toks:
                if t.islower():
                    lower[t] = lower.get(t, 0) + 1
            i = 0
            while i < len(toks):
                if labs[i] != "B-per":
                    i += 1
                    continue
                j = i + 1
                while j < len(toks) and labs[j] == "I-per":
                    j += 1
                for k in range(i, j):
                    seen[toks[k]] = seen.get(toks[k], 0) + 1
                ends[toks[j - 1]] = ends.get(toks[j - 1], 0) + 1
                i = j
    titles = set()
    for w, n in seen.items():
        if n < 5 or ends.get(w, 0) > 0.2 * n or not w[:1].isupper():
            continue
        in_lower = lower.get(w.lower(), 0)
        if (in_lower >= 3 and in_lower >= 0.1 * n) or (w.endswith(".") and 3 <= len(w) <= 5):
            titles.add(w)
    return titles


def strip_titles(toks, labels, titles):
    """Person spans without their leading titles."""
    out = list(labels)
    for i, lab in enumerate(labels):
        if lab != "B-PER":
            continue
        j = i
        while j + 1 < len(toks) and out[j + 1] == "I-PER" and toks[j] in titles:
            out[j] = "O"
            j += 1
        if toks[j] in titles:  # a span of titles alone ("the President")
            out[j] = "O"
            k = j + 1
            while k < len(toks) and out[k] == "I-PER":
                out[k] = "O"
                k += 1
        else:
            out[j] = "B-PER"
    return out


def write_doc(out, name, sentences):
    out.write(f"# doc {name}\n")
    for toks, labs in sentences:
        for t, l in zip(toks, labs):
            if "\t" in t or not t:
                continue
            out.write(f"{t}\t{l}\n")
        out.write("\n")


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    root, out_path = argv[0], argv[-1]
    wikigold = None
    if "--wikigold" in argv:
        wikigold = argv[argv.index("--wikigold") + 1]
    counts = {}
    with open(out_path, "w", encoding="utf-8") as out:
        # re3d: one document per file, IOB2 with re3d types; mentions -> names.
        for src in sorted(os.listdir(os.path.join(root, "re3d", "conll"))):
            folder = os.path.join(root, "re3d", "conll", src)
            for name in sorted(os.listdir(folder)):
                for doc in read_columns(os.path.join(folder, name), 0, -1, "\t"):
                    sents = [(t, clean_spans(t, l)) for t, l in doc]
                    write_doc(out, f"re3d/{src}/{name}", sents)
                    counts["re3d"] = counts.get("re3d", 0) + sum(len(t) for t, _ in sents)
        # SEC filings: IO tags, MISC dropped.
        for name in ("FIN5.txt", "FIN3.txt"):
            for n, doc in enumerate(read_columns(os.path.join(root, "sec-filings", name), 0, 3)):
                sents = [(t, clean_spans(t, io_to_bio(l))) for t, l in doc]
                write_doc(out, f"sec/{name}/{n}", sents)
                counts["sec"] = counts.get("sec", 0) + sum(len(t) for t, _ in sents)
        # GUM 11: named mentions with a Wikipedia identity.
        gum = os.path.join(root, "gum11-conllu")
        for genre in sorted(os.listdir(gum)):
            folder = os.path.join(gum, genre)
            if not os.path.isdir(folder):
                continue
            for name in sorted(os.listdir(folder)):
                if name.endswith(".conllu"):
                    sents = gum11_sentences(os.path.join(folder, name))
                    write_doc(out, f"gum/{name}", sents)
                    counts["gum"] = counts.get("gum", 0) + sum(len(t) for t, _ in sents)
        # Broad Twitter Corpus and WNUT-17: IOB2.
        for name in sorted(os.listdir(os.path.join(root, "btc"))):
            if name.endswith(".conll"):
                for n, doc in enumerate(read_columns(os.path.join(root, "btc", name), 0, -1, "\t")):
                    sents = [(t, clean_spans(t, l)) for t, l in doc]
                    write_doc(out, f"btc/{name}/{n}", sents)
                    counts["btc"] = counts.get("btc", 0) + sum(len(t) for t, _ in sents)
        for name in ("wnut17train.conll", "emerging.dev.conll"):
            for n, doc in enumerate(read_columns(os.path.join(root, "wnut17", name), 0, -1, "\t")):
                sents = [(t, clean_spans(t, l)) for t, l in doc]
                write_doc(out, f"wnut17/{name}/{n}", sents)
                counts["wnut17"] = counts.get("wnut17", 0) + sum(len(t) for t, _ in sents)
        # UNER English EWT, development portion (the test portion is a bar).
        for n, doc in enumerate(read_columns(os.path.join(root, "uner-ewt", "en_ewt-ud-dev.iob2"), 1, 2, "\t",
                                             comments=True)):
            sents = [(t, clean_spans(t, l)) for t, l in doc]
            write_doc(out, f"uner/dev/{n:04d}", sents)
            counts["uner"] = counts.get("uner", 0) + sum(len(t) for t, _ in sents)
        # CrossNER politics, every portion (nothing here is measured on it).
        for name in ("train.txt", "dev.txt", "test.txt"):
            for n, doc in enumerate(read_columns(os.path.join(root, "crossner-politics", name), 0, -1, "\t")):
                for k in range(0, len(doc), 10):
                    sents = [(t, clean_spans(t, l)) for t, l in doc[k:k + 10]]
                    write_doc(out, f"crossner/{name}/{n}-{k // 10}", sents)
                    counts["crossner"] = counts.get("crossner", 0) + sum(len(t) for t, _ in sents)
        # Voice of America (GMB): silver; types mapped, titles out of person spans.
        gmb = gmb_documents(os.path.join(root, "gmb-voa", "ner_dataset.csv.gz"))
        titles = title_words(gmb)
        print(f"gmb: {len(titles)} title words learnt, e.g. "
              + " ".join(sorted(titles, key=str.lower)[:12]), file=sys.stderr)
        for n, doc in enumerate(gmb):
            sents = [(t, strip_titles(t, clean_spans(t, l), titles)) for t, l in doc]
            write_doc(out, f"gmb/{n:05d}", sents)
            counts["gmb"] = counts.get("gmb", 0) + sum(len(t) for t, _ in sents)
        if wikigold:
            for n, doc in enumerate(read_columns(wikigold, 0, -1)):
                sents = [(t, clean_spans(t, io_to_bio(l))) for t, l in doc]
                write_doc(out, f"wikigold/doc-{n:04d}", sents)
                counts["wikigold"] = counts.get("wikigold", 0) + sum(len(t) for t, _ in sents)
    print(" ".join(f"{k}={v}" for k, v in sorted(counts.items())), "tokens", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
