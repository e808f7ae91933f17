#!/usr/bin/env python3
"""Train a category's clearing scorer: rules/alcohol_model.toml for `alcohol_post.not_drinking`.

Drink words are everywhere in clinicians' posts that are not about drinking: public-health
advice (coffee does not sober anyone up), a patient population (palm-wine tappers falling from
trees), a product debunked (a hangover patch), a critique of "wine mom" merchandise. The rules
clear the kinds someone wrote down; this model has read every read labelled set and says how
much a post reads like the author's or a colleague's recreational drinking. The allow list
`alcohol_post.not_drinking` (rules/alcohol.toml) asks it after every combination rule and
cancels the post's alcohol findings where the model reads it below the threshold.

A logistic regression over the story scorer's words and word pairs (scripts/train_story_scorer.py:
tokeniser, trainer and pack writer), positive when a post has an `alcohol` label. Threshold and
`min_words` (shorter posts get no verdict: the model's negative bias alone would clear a post of
drink emoji) are chosen by 5-fold cross-validation with the engine: each fold's model replaces
the shipped pack (`--rules`) and postlint runs on the fold twice, the allow list clearing no post
and clearing every post, so that a post with out-of-fold probability p gets the second run's
outcome at threshold t when p < t. Of the pairs that lose the alcohol finding of at most
MAX_LOST of the alcohol-labelled posts, the chosen one clears the most alcohol findings from
posts without an alcohol label, net of labelled posts lost (each counting LOST_WEIGHT).

Needs numpy, like the story scorer. Deterministic (fixed fold seed, weights rounded to 3
decimals).

    python3 scripts/train_clearing_scorer.py --exclude train-ct   # writes rules/alcohol_model.toml
"""
import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_story_scorer import (  # noqa: E402
    FOLDS, engine_findings, features, fit, folds, has_label, load, probability, read_sets, refuse_held_out,
    tokens, trained_on, write_pack,
)

SEED = 20261207
MAX_LOST = 0.005       # share of the category's labelled posts whose finding the clearing may take, out of fold
# A drinking post the clearing loses costs as much as one false alarm it clears: both are
# warnings, and a linter that cries wolf on public-health posts is uninstalled as surely as
# one that misses a bar crawl.
LOST_WEIGHT = 1
THRESHOLDS = [x / 1000 for x in range(5, 301, 5)]
MIN_WORDS = [0, 4, 6, 8, 12]
CATEGORY = "alcohol"
MODEL = "alcohol_post"
ALLOW = "alcohol_post.not_drinking"
DESCRIPTION = "Weights of the learned drinking-post scorer (see alcohol_post.not_drinking in rules/alcohol.toml)."
OUT = "rules/alcohol_model.toml"
NEVER, ALWAYS = "1e-15", "0.999999"  # thresholds at which the allow list clears no post, and every post


def flagged(binary, posts, pack, workdir):
    """Whether postlint reports the category (warning or error) on each post, with `pack`
    replacing the shipped model pack."""
    reported = engine_findings(binary, posts, pack, workdir, "train_clearing_scorer.py")
    return [any(f["category"] == CATEGORY for f in fs) for fs in reported]


def choose_threshold(binary, posts, rows, labels):
    """Out-of-fold probabilities and two engine runs per fold, then the (threshold, min_words)
    that clears the most, net, within the loss budget."""
    oof = [0.0] * len(rows)
    kept, cleared = [False] * len(rows), [False] * len(rows)
    with tempfile.TemporaryDirectory() as workdir:
        pack = os.path.join(workdir, f"{MODEL}_model.toml")
        for k, (test, model) in enumerate(folds(rows, labels, SEED)):
            for i in test:
                oof[i] = probability(model, rows[i])
            runs = []
            for threshold in (NEVER, ALWAYS):
                write_pack(pack, "train_clearing_scorer.py", MODEL, "fold model", lambda n: [], model, threshold,
                           category=CATEGORY)
                runs.append(flagged(binary, [posts[i] for i in test], pack, workdir))
            for j, i in enumerate(test):
                kept[i], cleared[i] = runs[0][j], runs[1][j]
            print(f"  fold {k + 1}/{FOLDS} done", file=sys.stderr)
    words = [len(tokens(p["text"])) for p in posts]
    n_labelled = sum(labels)
    false_before = sum(1 for i in range(len(posts)) if kept[i] and not labels[i])
    table = []
    for m in MIN_WORDS:
        for t in THRESHOLDS:
            got = [kept[i] if words[i] < m or oof[i] >= t else cleared[i] for i in range(len(posts))]
            lost = sum(1 for i in range(len(posts)) if labels[i] and kept[i] and not got[i])
            gone = sum(1 for i in range(len(posts)) if not labels[i] and kept[i] and not got[i])
            table.append((t, m, lost, gone))
    print(f"  posts without an {CATEGORY} label flagged {CATEGORY}, no clearing: {false_before};"
          f" {CATEGORY} posts: {n_labelled}", file=sys.stderr)
    print("  threshold  min words  labelled lost  false cleared", file=sys.stderr)
    for t, m, lost, gone in table:
        print(f"  {t:.3f}      {m:2d}         {lost:4d}           {gone:4d}", file=sys.stderr)
    within = [row for row in table if row[2] <= MAX_LOST * n_labelled]
    # The most cleared net of the labelled lost; on a tie, the longer minimum and lower threshold.
    best = max(within, key=lambda r: (r[3] - LOST_WEIGHT * r[2], r[1], -r[0]))
    return best, false_before, n_labelled


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(root, "target/release/postlint"))
    ap.add_argument("--out", default=os.path.join(root, OUT))
    ap.add_argument("--exclude", action="append", default=[],
                    help="leave out the read sets whose file name contains this (an unread split)")
    args = ap.parse_args()
    corpora = read_sets(root, args.exclude)
    refuse_held_out(corpora, "train_clearing_scorer.py")
    posts = [p for c in corpora for p in load(c)]
    rows = [features(p["text"]) for p in posts]
    labels = [1 if has_label(p, CATEGORY) else 0 for p in posts]
    print(f"{len(rows)} posts, {sum(labels)} labelled {CATEGORY}", file=sys.stderr)
    (t, m, lost, gone), false_before, n_labelled = choose_threshold(args.bin, posts, rows, labels)
    print(f"threshold {t:.3f}, posts of at least {m} words", file=sys.stderr)
    model = fit(rows, labels)
    comment = lambda weights: [  # noqa: E731
        *trained_on(root, corpora, len(posts), (f"an {CATEGORY}", "label are positive):")),
        f"{weights} weights; fold seed {SEED}. Threshold {t:.3f} and min_words {m} chosen by {FOLDS}-fold",
        f"cross-validation with the engine: out of fold, {ALLOW} clears the {CATEGORY} findings of",
        f"{gone} of the {false_before} posts without an {CATEGORY} label that have one, and loses them on",
        f"{lost} of {n_labelled} {CATEGORY} posts.",
    ]
    command = " ".join(["train_clearing_scorer.py", *(f"--exclude {x}" for x in args.exclude)])
    write_pack(args.out, command, MODEL, DESCRIPTION, comment, model, f"{t:.3f}", m, category=CATEGORY)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
