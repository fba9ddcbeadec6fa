#!/usr/bin/env python3
"""Turns PETRARCH2's CAMEO verb dictionary (MIT, Open Event Data Alliance) into
eventwire trigger lines (the format of resources/triggers.tsv), typed by the
PLOVER project's CAMEO-to-PLOVER table (CC BY-SA 4.0, Open Event Data
Alliance):

    make_triggers.py CAMEO.2.0.txt CAMEO2PLOVER-2021.txt OUT.tsv

Only patterns whose constraint the assembler can check over the parse are
kept, since a bare verb from the dictionary types far too much (the
patterns' objects and prepositions are what make them precise):
  - * NOUN   the verb's object is headed by NOUN ("slam the policies"),
             written with "object" in the sixth field.
A block's patterns apply to every single-word verb of the block, as in
PETRARCH2. Noun phrases in braces, patterns with words before the verb, and
multi-word verbs are left out. Standard library only; deterministic.
"""
import re
import sys

PREPOSITIONS = {
    "about", "across", "against", "at", "for", "from", "in", "into", "of",
    "on", "onto", "over", "to", "toward", "towards", "with", "within",
    "without", "upon", "under", "through", "by", "after", "before", "among",
}


def read_plover(path):
    table = {}
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        code, rest = line.split(":", 1)
        fields = [f.strip() for f in rest.split(",")]
        if fields and fields[0]:
            table[code.strip()] = (fields[0], fields[1] if len(fields) > 1 else "")
    return table


def plover_of(code, table):
    # The most specific code the table has: "1121" -> "1121", "112", "11".
    for k in range(len(code), 1, -1):
        if code[:k] in table:
            return table[code[:k]]
    return None


def main(cameo_path, plover_path, out_path):
    table = read_plover(plover_path)
    synsets = {}
    current = None
    blocks = []  # (verbs, patterns)
    for raw in open(cameo_path, encoding="utf-8", errors="replace"):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("&"):
            current = line.strip().rstrip("_")
            synsets[current] = []
            continue
        if line.startswith("+") and current is not None and not blocks:
            synsets[current].append(line[1:].strip().rstrip("_").replace("_", " ").lower())
            continue
        if line.startswith("---"):
            # "---  EXPLAIN_VERBAL   [010]  ---": a block of statement verbs
            # ("say", "report", "announce") is left out whole. What follows
            # a statement is what was said, not the speaker's act ("said the
            # release of the hostages gives hope", "reported the aid").
            code = re.search(r"\[([^\]]*)\]", line)
            statement = bool(code) and code.group(1).strip().startswith("01")
            blocks.append(([], [], statement))
            current = None
            continue
        if not blocks:
            continue
        verbs, patterns, _ = blocks[-1]
        if line.startswith("-"):
            m = re.match(r"^-\s*(.*?)\s*\[([^\]]*)\]", line)
            if m:
                patterns.append((m.group(1).strip(), m.group(2).strip()))
        elif line.startswith("~"):
            continue
        else:
            word = re.split(r"[\s{\[]", line.strip(), maxsplit=1)[0]
            if word and "_" not in word and "+" not in word and word.isalpha():
                verbs.append(word.lower())
    out = set()
    for verbs, patterns, statement in blocks:
        if statement:
            continue
        for pattern, code in patterns:
            code = code.split(":", 1)[0].strip()
            if not code or code == "---" or not code.isdigit():
                continue
            mapped = plover_of(code, table)
            if not mapped:
                continue
            event_type, mode = mapped
            if not pattern.startswith("*"):
                continue
            after = pattern[1:].strip()
            words = []
            if re.fullmatch(r"&[A-Z_]+", after):
                words = [w for w in synsets.get(after, []) if " " not in w]
            elif re.fullmatch(r"[A-Z]+", after):
                words = [after.lower()]
            for word in words:
                if not word.isalpha():
                    continue
                if word in PREPOSITIONS:
                    continue
                for verb in verbs:
                    out.add((event_type, mode, "V", f"{verb} {word}", "", "object"))
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("# Triggers from PETRARCH2's CAMEO verb dictionary (CAMEO.2.0.txt; The MIT License,\n"
                "# Copyright (c) 2015 Open Event Data Alliance), typed by the PLOVER project's\n"
                "# CAMEO2PLOVER-2021.txt (CC BY-SA 4.0, Open Event Data Alliance); converted by\n"
                "# tools/petrarch/make_triggers.py.\n"
                "# type\tmode\tkind\tphrase\ttarget preposition hint\tobject\n")
        for row in sorted(out):
            f.write("\t".join(row) + "\n")
    print(f"{len(out)} triggers from {sum(len(b[1]) for b in blocks)} patterns "
          f"in {len(blocks)} verb blocks", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
