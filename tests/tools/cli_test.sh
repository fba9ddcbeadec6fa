#!/usr/bin/env bash
# The command line as a news desk meets it: `eventwire --help`, `help` and
# each command's `--help` print usage, flags with defaults and an example;
# a plain-text file is dated by its dateline (the year from the file's
# modification day, or --year), and standard input takes --published-at,
# --outlet and --language.
# Usage: cli_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TMPDIR=$work
cli=$build/tools/eventwire
fail() { echo "FAIL: $*" >&2; exit 1; }

"$cli" --help >"$work/overview" || fail "eventwire --help exited non-zero"
"$cli" help | cmp -s - "$work/overview" || fail "eventwire help differs from --help"
commands="submit wait export subscribe status dead-letters retry health"
for c in $commands; do
  grep -q "^  $c " "$work/overview" || fail "eventwire --help does not list $c"
  "$cli" "$c" --help >"$work/$c" || fail "eventwire $c --help exited non-zero"
  head -1 "$work/$c" | grep -q "^Usage: eventwire $c" || fail "$c --help: $(head -1 "$work/$c")"
  grep -q -- "--coordinator (default 127.0.0.1:7400)" "$work/$c" || fail "$c --help lacks --coordinator"
  grep -q "^Example:" "$work/$c" || fail "$c --help has no example"
  ! grep -q -- "--helpfull\|--flagfile\|--fromenv" "$work/$c" || fail "$c --help shows Abseil's flags"
done
grep -q -- "--published-at" "$work/submit" || fail "submit --help lacks --published-at"
grep -q -- "--timeout-s (default 3600)" "$work/wait" || fail "wait --help lacks its default"
grep -q -- "--emit (default events)" "$work/export" || fail "export --help lacks --emit"
"$cli" help nosuch >/dev/null 2>&1 && fail "help of an unknown command exited 0"
"$cli" >/dev/null 2>&1 && fail "eventwire without a command exited 0"
"$cli" submit --published-at yesterday x.txt 2>"$work/bad" && fail "a bad --published-at was taken"
grep -q "published_at takes an ISO 8601" "$work/bad" || fail "bad --published-at: $(cat "$work/bad")"
echo "help: every command's usage, flags and example"

# Dates for plain files.
printf 'Armenia recalls envoy\nYEREVAN, Dec 2 (Reuters) \xe2\x80\x94 Armenia recalled its ambassador to Azerbaijan on Tuesday.\n' \
  >"$work/yerevan.txt"
touch -d "2025-12-05 12:00:00 UTC" "$work/yerevan.txt"
mkdir "$work/last-year" && cp "$work/yerevan.txt" "$work/last-year/"
touch -d "2026-01-03 12:00:00 UTC" "$work/last-year/yerevan.txt"
run() { EVENTWIRE_BUILD_DIR=$build EVENTWIRE_NO_BUILD=1 "$source/tools/run" "$@"; }
run --emit documents --output "$work/a.jsonl" "$work/yerevan.txt" 2>"$work/log" || { cat "$work/log"; fail "tools/run"; }
run --emit documents --output "$work/b.jsonl" "$work/last-year" 2>"$work/log" || { cat "$work/log"; fail "tools/run"; }
run --emit documents --output "$work/c.jsonl" --year 2024 "$work/yerevan.txt" 2>"$work/log" || { cat "$work/log"; fail "tools/run"; }
printf 'Russia agreed to withdraw its troops from the border on Monday.' |
  run --emit documents --output "$work/d.jsonl" --published-at 2025-03-05 --outlet "Desk wire" \
    --language en - 2>"$work/log" || { cat "$work/log"; fail "tools/run on standard input"; }
/usr/bin/python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
one = lambda f: [json.loads(l) for l in open(f"{w}/{f}")][0]
a, b, c, d = one("a.jsonl"), one("b.jsonl"), one("c.jsonl"), one("d.jsonl")
assert a["metadata"]["published_at"] == "2025-12-02", a["metadata"]
assert a["metadata"]["published_at_source"] == "dateline", a["metadata"]
# The recall took place on Tuesday, the dateline's day.
assert any(e.get("date") == "2025-12-02" for e in a.get("events", [])), a.get("events")
assert b["metadata"]["published_at"] == "2025-12-02", b["metadata"]
assert c["metadata"]["published_at"] == "2024-12-02", c["metadata"]
m = d["metadata"]
assert (m["published_at"], m["outlet"], m["language"]) == ("2025-03-05", "Desk wire", "en"), m
# "on Monday" in a text of Wednesday 2025-03-05.
assert [e.get("date") for e in d.get("events", [])] == ["2025-03-03"], d.get("events")
print("dates: dateline with the file's year, last year's, --year; --published-at on standard input")
PY
# The sample articles' attributed quotes are in the feed, one record each
# (a quote several articles carry is one, with their mentions).
run --emit quotes --output "$work/quotes.jsonl" --background "$source/../shared/data/seeds/seeds.jsonl" \
  2>"$work/log" || { cat "$work/log"; fail "tools/run --emit quotes"; }
run --emit documents --output "$work/seeds.jsonl" "$source/../shared/data/seeds/seeds.jsonl" \
  2>"$work/log" || { cat "$work/log"; fail "tools/run on the samples"; }
/usr/bin/python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
quotes = [json.loads(l)["quote"] for l in open(f"{w}/quotes.jsonl")]
docs = [json.loads(l) for l in open(f"{w}/seeds.jsonl")]
said = [(d["id"], q["span"].get("begin", 0)) for d in docs for q in d.get("quotes", [])
        if q.get("speaker", {}).get("name")]
mentioned = [(m["document_id"], m["evidence"].get("begin", 0)) for q in quotes for m in q["mentions"]]
assert len(quotes) > 20, len(quotes)
assert sorted(mentioned) == sorted(said), (len(mentioned), len(said))
for q in quotes:
    assert q["speaker"]["name"] and q["text"] and q["date"], q
assert any(q["speaker"].get("country") == "USA" for q in quotes), quotes[:3]
print(f"quotes: {len(quotes)} feed quotes carry the samples' {len(said)} attributed quotations")
PY
echo "PASS"
