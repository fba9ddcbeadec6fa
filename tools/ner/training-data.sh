# shellcheck shell=bash
# Sourced by tools/train-tagger and tools/eval-tagger: writes the training
# set (the shippable corpora and WikiGold, in the format
# tools/ner/prepare_training_data.py describes) to "$1".
#
# WNUT-17, GUM and the SEC filings are left out: each lowers the held-out
# score (on WikiGold and on re3d alike for SEC: loan agreements in capitals
# with IO tags are far from news; GUM's mentions reduce to names only
# roughly).
ew_training_data() {
  local out=$1 data=${2:-$EW_ROOT/../shared/data/ner-train}
  local wikigold=$EW_ROOT/../shared/data/wikigold/wikigold.conll.txt
  python3 "$EW_ROOT/tools/ner/prepare_training_data.py" "$data" --wikigold "$wikigold" "$out.all"
  python3 - "$out.all" "$out" <<'PY'
import re, sys
docs = re.split(r"(?m)^(?=# doc )", open(sys.argv[1], encoding="utf-8").read())
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for d in docs:
        if d.strip() and not d.startswith(("# doc wnut17/", "# doc gum/", "# doc sec/")):
            out.write(d)
PY
  rm -f "$out.all"
}
