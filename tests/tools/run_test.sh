#!/usr/bin/env bash
# tools/run keeps every input it can read and says what it could not: a
# sentence without its full stop and a headline alone come out with their
# text, and a missing input makes the exit status 1 after the output is
# written (as cat and grep do).
# Usage: run_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TMPDIR=$work
printf 'Russia agreed to withdraw its troops from the border on Monday' >"$work/sentence.txt"
printf 'Iran recalls its ambassador to Britain over embassy attack\n' >"$work/headline.txt"

set +e
EVENTWIRE_BUILD_DIR=$build EVENTWIRE_NO_BUILD=1 "$source/tools/run" --emit documents \
  --output "$work/out.jsonl" "$work/sentence.txt" "$work/headline.txt" "$work/missing.txt" \
  2>"$work/log"
rc=$?
set -e
cat "$work/log"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$rc" -eq 1 ] || fail "tools/run exited $rc with a missing input, not 1"
grep -q "missing.txt" "$work/log" || fail "the missing input is not named"
! ls -d "$work"/eventwire-run.* 2>/dev/null || fail "a reported failure left its run folder"
/usr/bin/python3 - "$work/out.jsonl" <<'PY'
import json, sys
docs = {d["id"]: d for d in map(json.loads, open(sys.argv[1]))}
assert set(docs) == {"sentence.txt", "headline.txt"}, sorted(docs)
assert docs["sentence.txt"]["text"] == \
    "Russia agreed to withdraw its troops from the border on Monday", docs["sentence.txt"]
assert docs["headline.txt"]["text"] == \
    "Iran recalls its ambassador to Britain over embassy attack", docs["headline.txt"]
print("both documents kept with their text")
PY

# Everything readable and processed: exit 0.
EVENTWIRE_BUILD_DIR=$build EVENTWIRE_NO_BUILD=1 "$source/tools/run" --emit events \
  --output "$work/events.jsonl" "$work/sentence.txt" 2>"$work/log2" ||
  { cat "$work/log2"; fail "tools/run on a readable input did not exit 0"; }
echo "PASS"
