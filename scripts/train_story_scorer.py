#!/usr/bin/env python3
"""Train the patient-story scorer and write rules/patient_story_model.toml.

A logistic regression over lower-cased word unigrams and bigrams that reads a post and says
how much it reads like a story about one real patient. It reaches the posts the
patient_reference rules miss because no cue phrase they know is in them ("the guy in bay 4
last night...", "my 3am regular..."). The rule `patient_reference.story.model` in
rules/patient_story.toml uses it; the engine (src/engine/scorer.rs) tokenises exactly as
`tokens()` below does.

Data: every read labelled set (eval/corpus, eval/heldout-*, ../shared/corpus/dev_posts.jsonl
and dev2_posts.jsonl), less the splits named with `--exclude` (an unread split); a post is
positive when it has a `patient_reference` label. Never the validation split, never anything
under eval/test/. (Until the twenty-ninth session it was trained on the first ten sets only,
some 3,000 posts; the read sets are now ten times that.)

Threshold: chosen by 5-fold cross-validation on the same posts, for the system the user sees,
with the real engine (`--bin`): each fold's model replaces the shipped one (`--rules`) and
postlint runs on the fold, so the scorer's rule speaks only where the engine lets it (no other
patient_reference finding, the patient-post model not clearing the post). Of the thresholds
that newly flag at most MAX_NEW_CLEAN of the clean posts the rules leave clean (one in 500), out
of fold, the story scorer takes the lowest (the most stories found within that budget) and the
sexual scorer the one with the best F1 (see SCORERS).

Needs numpy (`pip install numpy`): full-batch gradient descent over ~40,000 posts is minutes in
plain Python. Deterministic (fixed seed for the folds, full-batch gradient descent, weights
rounded to 3 decimals).

    python3 scripts/train_story_scorer.py --exclude train-ct   # writes rules/patient_story_model.toml
    python3 scripts/train_story_scorer.py --bin target/release/postlint --out /tmp/m.toml
"""
import argparse
import collections
import glob
import json
import math
import os
import random
import subprocess
import sys
import tempfile

import numpy as np

SEED = 20261204
FOLDS = 5
MIN_DF = 2            # a feature must occur in at least this many training posts
KEEP = 4000           # features kept after pruning (largest |weight|)
L2 = 0.0005           # per-post L2 strength
ITERATIONS = 600
RATE = 4.0
MAX_NEW_CLEAN = 0.002  # share of the clean posts the scorer may newly flag, out of fold
THRESHOLDS = [x / 100 for x in range(30, 100)]
# What each category's scorer is called, the rule that asks it, the pack it is written to, and
# how its threshold is chosen among those within the clean-post budget: "recall" (the lowest:
# a patient's story missed is the worst failure, and its identifiers go unreported with it) or
# "f1" (the best out-of-fold F1). `--category sexual` trains the innuendo scorer the same way: a
# joke built on a clinical verb or a thirst post in new slang slips past phrase rules as a
# story without a cue does.
Scorer = collections.namedtuple("Scorer", "model rule out description criterion")
SCORERS = {
    "patient_reference": Scorer("patient_story", "patient_reference.story.model", "rules/patient_story_model.toml",
                          "Weights of the learned patient-story scorer (see rules/patient_story.toml).", "recall"),
    "sexual": Scorer("sexual_post", "sexual.model", "rules/sexual_model.toml",
               "Weights of the learned sexual-content scorer (see rules/sexual.toml).", "f1"),
}


def tokens(text):
    """Words as the engine reads them: runs of letters and digits (an apostrophe inside a
    word kept, the typographic one read as `'`), lower-cased, every run of digits as `0`
    ("3am" -> "0am", "bay 4" -> "bay 0"). Returns (word, start, end) with character offsets."""
    out = []
    i, n = 0, len(text)
    while i < n:
        if not text[i].isalnum():
            i += 1
            continue
        j = i
        while j < n and (text[j].isalnum() or (text[j] in "'\u2019" and j + 1 < n and text[j + 1].isalnum() and j > i)):
            j += 1
        word = []
        prev_digit = False
        for c in text[i:j].lower():
            if c == "\u2019":
                c = "'"
            if "0" <= c <= "9":
                if not prev_digit:
                    word.append("0")
                prev_digit = True
            else:
                word.append(c)
                prev_digit = False
        out.append(("".join(word), i, j))
        i = j
    return out


def features(text):
    """Unigrams and bigrams (`"last night"`), each counted once per post."""
    words = [w for w, _, _ in tokens(text)]
    feats = set(words)
    feats.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    return feats


def load(path):
    posts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                posts.append(json.loads(line))
    return posts


def has_label(post, category):
    return any(label["category"] == category for label in post["labels"])


def run_postlint(binary, path, extra):
    """postlint's findings (JSONL) on a labelled corpus, as the training scripts read them."""
    cmd = [binary, "check", "--isolated", "--input", "jsonl", "--format", "jsonl", *extra, path]
    return subprocess.run(cmd, capture_output=True, text=True)


def findings(proc, script):
    """The findings of a postlint run; any exit but 0 (clean) or 1 (findings) ends the script."""
    if proc.returncode not in (0, 1):
        sys.exit(f"{script}: postlint exited {proc.returncode}: {proc.stderr.strip()[:300]}")
    return [json.loads(line) for line in proc.stdout.splitlines()]


def refuse_held_out(corpora, script):
    """The validation and test splits are never trained on."""
    for c in corpora:
        if "/eval/test" in os.path.abspath(c) or os.path.basename(c) == "val.jsonl":
            sys.exit(f"{script}: {c}: the validation and test splits are not for training")


def engine_findings(binary, posts, pack, workdir, script):
    """postlint's reported findings (warning or error) on each of `posts`, with `pack` replacing
    the shipped pack of the same id: the training scripts' one way to ask the engine."""
    path = os.path.join(workdir, "posts.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for post in posts:
            f.write(json.dumps({"text": post["text"]}) + "\n")
    out = [[] for _ in posts]
    for finding in findings(run_postlint(binary, path, ["--rules", pack]), script):
        if finding["severity"] in ("warning", "error"):
            out[finding["record"]].append(finding)
    return out


def engine_verdicts(binary, posts, model, workdir, category):
    """Run postlint on `posts` with `model` replacing the shipped scorer at the lowest threshold
    tried: for each post, whether another rule of `category` flags it, and whether the
    scorer's rule does (the rule speaks only where no other did and the patient-post model's
    allow list leaves it standing, neither of which depends on the threshold, so this one run
    gives every threshold's outcome: the rule fires at t when it fires here and p >= t)."""
    name, rule = SCORERS[category].model, SCORERS[category].rule
    pack = os.path.join(workdir, f"{name}_model.toml")
    write_pack(pack, "train_story_scorer.py", name, "fold model", lambda n: [], model, f"{THRESHOLDS[0]:.2f}",
               category=category)
    reported = engine_findings(binary, posts, pack, workdir, "train_story_scorer.py")
    mine = [[f for f in fs if f["category"] == category] for fs in reported]
    rules = [any(f["rule"] != rule for f in fs) for fs in mine]
    scorer = [any(f["rule"] == rule for f in fs) for fs in mine]
    return rules, scorer


def trained_on(root, corpora, n_posts, positive):
    """The first lines of a generated model pack's header: the read sets it was trained on and
    the model's kind. `positive` is the two halves, as wrapped, of which posts were positive."""
    names = [os.path.relpath(c, root) if c.startswith(root) else os.path.basename(c) for c in corpora]
    return [
        f"Trained on {len(names)} read labelled sets ({n_posts} posts; those with {positive[0]}",
        positive[1],
        *(f"  {n}" for n in names),
        "Logistic regression over lower-cased word unigrams and bigrams, digits as `0`;",
    ]


def train(rows, labels, vocab, rate=RATE, l2=L2, iterations=ITERATIONS):
    """Logistic regression by full-batch gradient descent over sparse rows (numpy):
    deterministic, no seed needed."""
    index = {f: k for k, f in enumerate(vocab)}
    cols = [np.array(sorted(index[f] for f in row if f in index), dtype=np.int64) for row in rows]
    lengths = np.array([len(c) for c in cols])
    flat = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    owner = np.repeat(np.arange(len(rows)), lengths)
    y = np.array(labels, dtype=np.float64)
    n = len(rows)
    w = np.zeros(len(vocab))
    b = 0.0
    for _ in range(iterations):
        z = b + np.bincount(owner, weights=w[flat], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
        d = p - y
        gw = np.bincount(flat, weights=d[owner], minlength=len(vocab))
        w -= rate * (gw / n + l2 * w)
        b -= rate * d.sum() / n
    return b, dict(zip(vocab, w.tolist()))


def read_sets(root, exclude):
    """Every read labelled set, less those whose file name contains a string in `exclude`:
    eval/corpus, eval/heldout-*, ../shared/corpus/dev_posts.jsonl and dev2_posts.jsonl. The
    validation split is read for misses by class, never trained on."""
    shared = os.path.normpath(os.path.join(root, "../shared/corpus"))
    if not os.path.isdir(shared):
        shared = "/work/shared/corpus"
    corpora = [
        *sorted(glob.glob(os.path.join(root, "eval/corpus/*.jsonl"))),
        *sorted(glob.glob(os.path.join(root, "eval/heldout-*.jsonl"))),
        os.path.join(shared, "dev_posts.jsonl"),
        os.path.join(shared, "dev2_posts.jsonl"),
    ]
    return [c for c in corpora
            if os.path.basename(c) != "val.jsonl" and not any(x in os.path.basename(c) for x in exclude)]


def fit(rows, labels, trainer=train, min_df=MIN_DF, keep=KEEP):
    """Train on features seen in `min_df` posts, keep the `keep` largest weights, train again
    on those (so the shipped model is the one that was trained). `trainer` is `train` or
    another with its signature (the patient-post script's, with its own rate and strength)."""
    df = {}
    for row in rows:
        for f in row:
            df[f] = df.get(f, 0) + 1
    vocab = sorted(f for f, c in df.items() if c >= min_df)
    _, w = trainer(rows, labels, vocab)
    kept = sorted(sorted(w, key=lambda f: (-abs(w[f]), f))[:keep])
    b, w = trainer(rows, labels, kept)
    # Rounded as the pack writes them, so fold models judge as the shipped one would.
    return round(b, 3), {f: round(v, 3) for f, v in w.items()}


def probability(model, row):
    b, w = model
    z = b + sum(w.get(f, 0.0) for f in row)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def folds(rows, labels, seed, fit_model=None):
    """The cross-validation folds, shuffled with `seed`: for each, the held-out post indices
    (sorted) and a model fitted (with `fit_model`, default `fit`) on the other posts."""
    fit_model = fit_model or fit
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    for k in range(FOLDS):
        test = sorted(order[k::FOLDS])
        held = set(test)
        train_rows = [i for i in range(len(rows)) if i not in held]
        yield test, fit_model([rows[i] for i in train_rows], [labels[i] for i in train_rows])


def choose_threshold(binary, posts, rows, labels, clean, seed, category):
    """Out-of-fold scores and one engine run per fold (`engine_verdicts`), then the best
    threshold for what the user sees: the other rules' verdict on `category` OR the scorer's
    rule."""
    oof = [0.0] * len(rows)
    rules, scorer = [False] * len(rows), [False] * len(rows)
    with tempfile.TemporaryDirectory() as workdir:
        for k, (test, model) in enumerate(folds(rows, labels, seed)):
            for i in test:
                oof[i] = probability(model, rows[i])
            fold_rules, fold_scorer = engine_verdicts(binary, [posts[i] for i in test], model, workdir, category)
            for j, i in enumerate(test):
                rules[i], scorer[i] = fold_rules[j], fold_scorer[j]
            print(f"  fold {k + 1}/{FOLDS} done", file=sys.stderr)
    table = []
    for t in THRESHOLDS:
        pred = [r or (m and p >= t) for r, m, p in zip(rules, scorer, oof)]
        tp = sum(1 for p, y in zip(pred, labels) if p and y)
        fp = sum(1 for p, y in zip(pred, labels) if p and not y)
        fn = sum(1 for p, y in zip(pred, labels) if not p and y)
        new_clean = sum(1 for p, r, m, c in zip(oof, rules, scorer, clean) if c and not r and m and p >= t)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        table.append((t, prec, rec, f1, new_clean))
    tp = sum(1 for r, y in zip(rules, labels) if r and y)
    fp = sum(1 for r, y in zip(rules, labels) if r and not y)
    fn = sum(1 for r, y in zip(rules, labels) if not r and y)
    print(f"  rules alone: P {tp / (tp + fp):.3f} R {tp / (tp + fn):.3f}", file=sys.stderr)
    print("  threshold  P      R      F1     clean posts newly flagged (out of fold)", file=sys.stderr)
    for t, p, r, f1, nc in table:
        print(f"  {t:.2f}      {p:.3f}  {r:.3f}  {f1:.3f}  {nc}", file=sys.stderr)
    allowed = [row for row in table if row[4] <= MAX_NEW_CLEAN * sum(clean)] or table[-1:]
    if SCORERS[category].criterion == "recall":
        best = min(allowed, key=lambda row: row[0])
    else:
        best = max(allowed, key=lambda row: (row[3], row[0]))
    return best[0], best


def write_pack(path, script, name, description, comment, model, threshold, min_words=None,
               category="patient_reference"):
    """A generated pack holding one model: `comment` (lines) says how it was trained; a
    threshold given as text is written as it is."""
    b, w = model
    lines = [f"{f} {w[f]:.3f}" for f in sorted(w) if round(w[f], 3) != 0.0]
    header = [
        f"# GENERATED by scripts/{script}: do not edit by hand. Regenerate with",
        f"#   python3 scripts/{script}",
        *(f"# {line}".rstrip() for line in comment(len(lines))),
    ]
    min_words_line = f"min_words = {min_words}\n" if min_words else ""
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(
            "\n".join(header) + "\n"
            "\n[pack]\n"
            f'id = "{name}_model"\n'
            f'category = "{category}"\n'
            f'description = "{description}"\n'
            f"\n[model.{name}]\n"
            f"bias = {b:.3f}\n"
            f"threshold = {threshold if isinstance(threshold, str) else f'{threshold:.2f}'}\n"
            f"{min_words_line}"
            "# One feature a line: its words, then its weight.\n"
            "weights = \'\'\'\n"
        )
        out.write("\n".join(lines))
        out.write("\n\'\'\'\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(root, "target/release/postlint"))
    ap.add_argument("--category", choices=sorted(SCORERS), default="patient_reference",
                    help="the category whose scorer to train (default patient_reference: the story scorer)")
    ap.add_argument("--out", help="where to write the pack (default the category's pack under rules/)")
    ap.add_argument("--corpus", action="append", default=None,
                    help="training corpus (repeatable; default every read labelled set: eval/corpus, "
                         "eval/heldout-*, ../shared/corpus/dev_posts.jsonl and dev2_posts.jsonl)")
    ap.add_argument("--exclude", action="append", default=[],
                    help="leave out the default corpora whose file name contains this (an unread split)")
    args = ap.parse_args()
    category = args.category
    scorer = SCORERS[category]
    name, default_out, description = scorer.model, scorer.out, scorer.description
    out = args.out or os.path.join(root, default_out)
    corpora = args.corpus or read_sets(root, args.exclude)
    refuse_held_out(corpora, "train_story_scorer.py")
    posts = [p for c in corpora for p in load(c)]
    rows = [features(p["text"]) for p in posts]
    labels = [1 if has_label(p, category) else 0 for p in posts]
    clean = [not p["labels"] for p in posts]
    print(f"{len(rows)} posts, {sum(labels)} labelled {category}, {sum(clean)} clean", file=sys.stderr)
    threshold, cv = choose_threshold(args.bin, posts, rows, labels, clean, SEED, category)
    print(f"threshold {threshold:.2f}", file=sys.stderr)
    model = fit(rows, labels)
    t, p, r, f1, new_clean = cv
    comment = lambda weights: [  # noqa: E731
        *trained_on(root, corpora, len(rows), (f"a {category}", "label are positive):")),
        f"{weights} weights; seed {SEED}. Threshold {t:.2f} chosen by {FOLDS}-fold cross-validation",
        f"for rules OR scorer: out-of-fold {category} P {p:.3f} R {r:.3f} F1 {f1:.3f},",
        f"{new_clean} clean post(s) newly flagged that the rules leave clean.",
    ]
    options = ([] if category == "patient_reference" else [f"--category {category}"]) + [f"--exclude {x}" for x in args.exclude]
    command = " ".join(["train_story_scorer.py", *options])
    write_pack(out, command, name, description, comment, model, threshold, category=category)
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
