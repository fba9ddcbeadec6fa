#!/usr/bin/env python3
"""Writes resources/office-holders.tsv: office holders and the country they
act for, from the CIA's "World Leaders" snapshot (public domain) and the
curated list of the United States' own senior office holders
(tools/actors/us_office_holders.tsv), which the CIA's list of foreign
governments leaves out.

    make_office_holders.py iso_3166-1.json cia_raw.json us_office_holders.tsv OUT.tsv

Columns: name, ISO 3166-1 alpha-3 code, surname, office, as of (the CIA
page's update date, or the curated years), source. The tag stage finds an
office holder by full name, or by surname right after a title ("President
Macron"); unlike the PETRARCH2 names in actors.tsv, office holders' surnames
alone never give a country (thousands of ministers' surnames are common
surnames elsewhere). The CIA file spells surnames in capitals ("XI Jinping",
"Emmanuel MACRON"): those words are the surname. Its countries are matched to
ISO 3166 by name (its two-letter codes are FIPS 10-4, not ISO). Standard
library only; the output is deterministic.
"""
import json
import re
import sys
import unicodedata

# The CIA's abbreviations in offices, spelt out so that a title in a text
# ("Foreign Minister", "Secretary-General") can be compared with them.
ABBREVIATIONS = {
    "Min.": "Minister", "Pres.": "President", "Dep.": "Deputy", "Sec.": "Secretary",
    "Gen.": "General", "Chmn.": "Chairman", "Govt.": "Government",
    "Admin.": "Administration", "Intl.": "International", "Dir.": "Director",
    "Del.": "Delegate", "Dept.": "Department", "Ctte.": "Committee", "Fed.": "Federal",
    "Gov.": "Governor",
}

# The CIA's names for countries that ISO 3166's names do not match.
CIA_COUNTRY = {
    "Bahamas, The": "BHS", "Brunei": "BRN", "Burma": "MMR",
    "Congo, Democratic Republic of the": "COD", "Gambia, The": "GMB",
    "Holy See (Vatican City)": "VAT", "Kosovo": "XKX", "Russia": "RUS",
    "Turkey": "TUR",
}


def fold(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z ]", "", s).strip()


def country_index(iso_path):
    index = {}
    for c in json.load(open(iso_path, encoding="utf-8"))["3166-1"]:
        for key in ("name", "official_name", "common_name"):
            if key in c:
                index[fold(c[key])] = c["alpha_3"]
    return index


def country_code(name, index):
    if name in CIA_COUNTRY:
        return CIA_COUNTRY[name]
    candidates = [name, re.sub(r"\s*\(.*\)", "", name)]
    if ", " in name:
        head, tail = name.split(", ", 1)
        candidates.append(tail + " " + head)
    for c in candidates:
        if fold(c) in index:
            return index[fold(c)]
    return None


def is_capitals(word):
    # "MACRON", "al-BURHAN", "Salehi-SHARIATI": the last part in capitals.
    letters = [ch for ch in word.split("-")[-1] if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def readable(word):
    def part_of(part):
        if sum(ch.isupper() for ch in part) < 2 or not part.isupper():
            return part
        # "O'SULLIVAN" -> "O'Sullivan"
        return re.sub(r"'(\w)", lambda m: "'" + m.group(1).upper(), part.capitalize())
    return "-".join(part_of(part) for part in word.split("-"))


def spelt_out(office):
    return re.sub(r"([A-Za-z]+)\.", lambda m: ABBREVIATIONS.get(m.group(0), m.group(0)), office)


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    iso_path, cia_path, us_path, out_path = argv
    index = country_index(iso_path)
    rows = set()
    for country in json.load(open(cia_path, encoding="utf-8")):
        code = country_code(country["country"], index)
        if code is None:
            sys.exit(f"{cia_path}: no ISO 3166 code for {country['country']!r}")
        for leader in country["leaders"]:
            name = re.sub(r"\s*\([^)]*\)", "", leader["name"]).strip()
            words = name.split()
            # France's president is Andorra's co-prince ex officio: he acts
            # for France.
            if not words or name.lower() == "vacant" or "Co-Prince" in leader["title"]:
                continue
            surname = " ".join(readable(w) for w in words if is_capitals(w))
            rows.add((" ".join(readable(w) for w in words), code, surname,
                      spelt_out(leader["title"].strip()), country["date_updated"], "cia-world-leaders"))
    for line in open(us_path, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        name, office, start = f[0], f[1], f[2]
        end = f[3] if len(f) > 3 and f[3] else ""
        rows.add((name, "USA", name.split()[-1], office, f"{start}-{end}", "us-curated"))
    with open(out_path, "w", encoding="utf-8") as out:
        out.write(
            "# Office holders and the country they act for, written by tools/make-actors\n"
            "# (tools/actors/make_office_holders.py). Sources: \"World Leaders\" (Chiefs of\n"
            "# State and Cabinet Members of Foreign Governments), US Central Intelligence\n"
            "# Agency, snapshot of 2026-05 (a work of the US federal government: public\n"
            "# domain, 17 U.S.C. 105); the United States' own senior office holders from\n"
            "# tools/actors/us_office_holders.tsv (sources named there).\n"
            "# name\tcountry\tsurname\toffice\tas of\tsource\n")
        for row in sorted(rows):
            out.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
