#!/usr/bin/env bash
# eventwire-train-parser gives the same bytes from the same data, and the
# model it writes loads and parses: trains twice on invented sentences.
# Usage: train_parser_test.sh PATH/TO/eventwire-train-parser
set -euo pipefail
train=$1
data=$(cd "$(dirname "$0")/testdata" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for run in 1 2; do
  "$train" --train "$data/tiny.conllu" --clusters "$data/tiny-clusters.tsv" \
    --tagger_epochs 3 --parser_epochs 3 --jackknife 2 \
    --output "$work/model-$run" 2>"$work/log-$run"
done
if ! cmp "$work/model-1" "$work/model-2"; then
  echo "FAIL: two trainings on the same data wrote different models" >&2
  exit 1
fi
# The saved model loads and is measured (on its own training data: it must
# have learnt most of six sentences).
"$train" --model "$work/model-1" --clusters "$data/tiny-clusters.tsv" \
  --test "$data/tiny.conllu" >"$work/measure" 2>&1
cat "$work/measure"
uas=$(sed -n 's/.*UAS \([0-9.]*\).*/\1/p' "$work/measure" | tail -1)
if [ -z "$uas" ] || ! awk -v u="$uas" 'BEGIN { exit !(u >= 0.8) }'; then
  echo "FAIL: the saved model does not parse its training sentences (UAS '$uas')" >&2
  exit 1
fi
# Word classes other than the model's are refused.
head -3 "$data/tiny-clusters.tsv" >"$work/other-clusters.tsv"
if "$train" --model "$work/model-1" --clusters "$work/other-clusters.tsv" \
  --test "$data/tiny.conllu" 2>"$work/mismatch"; then
  echo "FAIL: a model was measured with other word classes than its own" >&2
  exit 1
fi
grep -q "word classes" "$work/mismatch" || {
  echo "FAIL: the mismatch error does not say what is wrong:" >&2
  cat "$work/mismatch" >&2
  exit 1
}
echo "PASS"
