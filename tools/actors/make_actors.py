#!/usr/bin/env python3
"""Turns the PETRARCH2 / Phoenix state-actor dictionary (MIT, Open Event Data
Alliance; CountryInfo 2014) into resources/actors.tsv: people's names and the
ISO 3166 alpha-3 code of the country they act for.

    make_actors.py iso_3166-1.json OUT.tsv Phoenix.Countries.actors.txt \
        Phoenix.International.actors.txt

People of international bodies (UN secretaries-general) act for "IGO".

An entry is a person when one of its role codes carries a date range
("[RUSGOV 991231-080507]"); countries, cities and institutions have none. Of
its name lines, the primary name and the aliases that end in the same
surname and carry no title ("PRESIDENT_YELTSIN") are kept, a bare surname
only where the dictionary lists it as an alias itself ("+PUTIN_"). A name
two people share keeps the first one listed. The country is that of the
person's latest role. Standard library only; the output is deterministic.
"""
import json
import re
import sys

# Words that make an alias a title phrase rather than a name.
TITLE_WORDS = {
    "PRESIDENT", "PRESIDENT-ELECT", "MINISTER", "PRIME", "FOREIGN", "SECRETARY", "GENERAL",
    "SENATOR", "GOVERNOR", "GOV.", "MR", "MR.", "MRS", "MRS.", "MS", "DR", "DR.", "THE", "KING",
    "QUEEN", "PRINCE", "LEADER", "CHIEF", "ADMINISTRATION", "GOVERNMENT", "PARTY", "CHANCELLOR",
    "AMBASSADOR", "ENVOY", "SPOKESMAN", "DEPUTY", "VICE", "MAYOR", "EMIR", "SHEIKH", "SULTAN",
    "AYATOLLAH", "POPE", "CARDINAL", "GEN.", "GEN", "COL.", "LT.", "CAPT.", "ADMIRAL", "JUDGE",
    "JUSTICE", "REP.", "SEN.", "OF", "FORMER", "ACTING", "US", "U.S.", "AMERICAN", "RUSSIAN",
}
# CAMEO country codes that are not ISO 3166 alpha-3.
CAMEO_TO_ISO = {"ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "KSV": "XKX", "PAL": "PSE"}
CODE = re.compile(r"^\s*\[([A-Z]{3})[A-Z]{0,6}\s+(?:>)?(\d{6,8})")


def name_of(line):
    line = line.split("#", 1)[0].strip().lstrip("+").rstrip("_").strip()
    return " ".join(w for w in line.split("_") if w)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    iso_path, out_path, actor_paths = argv[0], argv[1], argv[2:]
    iso = {c["alpha_3"] for c in json.load(open(iso_path, encoding="utf-8"))["3166-1"]}
    iso.update({"XKX", "IGO"})
    people = {}  # name -> country
    names, codes = [], []

    def close():
        if not names or not codes:
            return
        dated = [c for c in codes if c[1]]
        if not dated:
            return  # a place or an institution
        country = max(dated, key=lambda c: c[1])[0]
        country = CAMEO_TO_ISO.get(country, country)
        if country not in iso:
            return
        primary = names[0]
        surname = primary.split()[-1] if primary.split() else ""
        for i, n in enumerate(names):
            words = n.split()
            # "AYATOLLAH RUHOLLAH KHOMEINI" -> "RUHOLLAH KHOMEINI": titles in
            # front are not part of the name.
            while len(words) > 2 and words[0] in TITLE_WORDS:
                words = words[1:]
            n = " ".join(words)
            # A bare surname only where the dictionary lists it as an alias
            # itself ("+PUTIN_"): its authors did so for the well known.
            if len(words) == 1 and not (i > 0 and words[0] == surname and len(surname) >= 4):
                continue
            if len(words) > 5 or words[-1] != surname:
                continue
            if any(w in TITLE_WORDS for w in words):
                continue
            # The first definition of a name wins (the file lists the
            # better-known holder first).
            people.setdefault(n, country)

    for actors_path in actor_paths:
        names, codes = [], []
        for raw in open(actors_path, encoding="utf-8", errors="replace"):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                close()
                names, codes = [], []
                continue
            m = CODE.match(line)
            if line.startswith(("\t", " ")) and line.strip().startswith("["):
                if m:
                    date = m.group(2)
                    date = date if len(date) == 8 else ("19" if date[:2] > "30" else "20") + date
                    codes.append((m.group(1), date))
                else:
                    codes.append((line.strip()[1:4], ""))
                continue
            # A new entry starts after the previous one's codes, or at a name
            # CountryInfo generated (a person whose entry follows a place's
            # synonyms directly).
            if codes or (names and "# CountryInfo" in line):
                close()
                names, codes = [], []
            inline = re.search(r"\[([A-Z]{3})[A-Z]*(?:\s+>?(\d{6,8}))?[^\]]*\]", line)
            if inline:  # "NAME [CODE]" on one line
                date = inline.group(2) or ""
                if date and len(date) == 6:
                    date = ("19" if date[:2] > "30" else "20") + date
                codes.append((inline.group(1), date))
                line = line[:inline.start()]
            n = name_of(line)
            if n:
                names.append(n)

        close()
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("# People and the country they act for, from the PETRARCH2 Phoenix state-actor\n")
        out.write("# dictionaries (github.com/openeventdata/petrarch2, data/dictionaries/\n")
        out.write("# Phoenix.Countries.actors.txt (CountryInfo 2014) and Phoenix.International.actors.txt),\n")
        out.write("# converted by tools/make-actors. IGO: acts for an international body.\n")
        out.write("# The MIT License (MIT). Copyright (c) 2014 Open Event Data Alliance.\n")
        out.write("# Permission is hereby granted, free of charge, to any person obtaining a copy of\n")
        out.write("# this data to deal in it without restriction, provided the above copyright notice\n")
        out.write("# and this permission notice are included; see resources/ACTORS-LICENSE.\n")
        out.write("# name (as written in the dictionary, upper case)\tISO 3166 alpha-3\n")
        for name in sorted(people):
            out.write(f"{name}\t{people[name]}\n")
    print(f"{len(people)} names", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
