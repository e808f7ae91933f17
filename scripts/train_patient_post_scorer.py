#!/usr/bin/env python3
"""Train the patient-post scorer and write rules/patient_post_model.toml.

A logistic regression over the same words and word pairs as the story scorer
(scripts/train_story_scorer.py, whose tokeniser it imports), trained on every read labelled
set to say whether a post is about a patient at all: positive when it has a `phi` or
`patient_reference` label. The rules find patient cues by phrase and shape and cannot tell a
colleague's 90th birthday, a clinic notice or the author's own hospital stay from a patient's
encounter unless someone wrote that frame down; the model has read some 35,000 labelled posts
and can. Two allow lists use it, after every combination rule has been judged, on a post of
at least `min_words` words: `patient_post.no_patient` (rules/patient_story.toml) cancels the
patient_reference findings where the model reads the post below the model's threshold, and
`patient_post.no_patient_identifiers`, which this script writes into the same generated pack,
cancels the phi findings too where it reads the post below a second, lower threshold (a
colleague's extension, the author's licence, a public figure's birthday are no patient's
identifiers).

Thresholds: chosen by 5-fold cross-validation with the real engine. For each fold a model is
trained on the other four and written as a temporary pack that replaces the shipped one
(`--rules`), and postlint runs on the fold three times: with the allow lists clearing no post,
clearing every post of its patient references only, and of its identifiers too. A post with
out-of-fold probability p is cleared at threshold t when p < t, so the three runs give every
pair of thresholds' outcome. Of the triples (threshold, identifier threshold, shortest post
judged: MIN_WORDS) that lose the phi finding of at most MAX_PHI_LOST of the posts labelled phi
and the patient_reference finding of at most MAX_PR_LOST of the posts labelled
patient_reference, out of fold, the chosen one clears the most clean posts net of the labelled
posts it loses, a phi post lost counting PHI_LOST_WEIGHT times.

Needs numpy (`pip install numpy`, for the story scorer's trainer): full-batch gradient descent over
~35,000 posts is minutes in plain Python. Deterministic: fixed fold seed, no sampling, weights
rounded to 3 decimals.

    python3 scripts/train_patient_post_scorer.py --exclude train-cd   # leave out unread splits
    python3 scripts/train_patient_post_scorer.py --corpus a.jsonl --corpus b.jsonl --out /tmp/m.toml
"""
import argparse
import json
import os
import random
import sys
import tempfile


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_story_scorer import (  # noqa: E402
    engine_findings, features, load, probability, read_sets, refuse_held_out, tokens, trained_on, write_pack,
)
from train_story_scorer import train as story_train  # noqa: E402
from train_story_scorer import fit as story_fit  # noqa: E402

SEED = 20261207
FOLDS = 5
MIN_DF = 2            # a feature must occur in at least this many training posts
KEEP = 4000           # features kept after pruning (largest |weight|)
L2 = 0.0005           # per-post L2 strength
ITERATIONS = 600
RATE = 4.0
MAX_PHI_LOST = 0.0005  # share of phi-labelled posts whose phi finding the clearing may take, out of fold
MAX_PR_LOST = 0.005    # the same for patient_reference
PHI_LOST_WEIGHT = 10   # a phi post lost costs as much as this many clean posts cleared
THRESHOLDS = [x / 100 for x in range(1, 41)]
# Below the identifier threshold the model also cancels phi findings: a post about no patient
# holds no patient's identifier (a colleague's extension, the author's licence, a volunteer of
# 91). Its own, lower threshold; 0 leaves every identifier standing.
PHI_THRESHOLDS = [0.0, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.05, 0.06, 0.08, 0.1]
MIN_WORDS = [0, 8, 12, 16, 20]  # shortest post the model judges: its bias alone would clear a short one
# Thresholds tried for the signal story.patient_post, and one that keeps it silent (above any
# probability the model gives: its logit is clamped at 30).
SIGNAL_THRESHOLDS = [x / 100 for x in range(30, 100, 5)]
SIGNAL_NEVER = "0.9999999999999"
MODEL = "patient_post"
CATEGORIES = ("phi", "patient_reference")


IDENTIFIER_ALLOW = "patient_post.no_patient_identifiers"
IDENTIFIER_ALLOW_DESCRIPTION = (
    "A post the patient-post model reads as about no patient at all, with more certainty than"
    " `patient_post.no_patient` asks (the lower threshold here), holds no patient's identifier:"
    " the number, name, age or address it has belongs to the author, a colleague, a public figure"
    " or the institution. Its phi findings are cancelled. The threshold was chosen by the training"
    " script's cross-validation, within a budget of phi posts lost."
)
# Posts a phi rule flags and the model reads as about no patient, written for this list (no
# corpus line): colleagues named with their titles, a new colleague's e-mail.
IDENTIFIER_ALLOW_EXAMPLES = [
    "Huge congratulations to Dr. Aisling Brennan and Mr. Tobias Whitcombe on winning the regional"
    " research grant for our new falls prevention service. Years of evenings and weekends went into"
    " that application.",
    "Please give a warm welcome to our new ward clerk, Ms. Imelda Brannigan! You can reach her on"
    " extension 5521 or at ibrannigan@northfieldhealth.org for rota swaps, leave forms and parking"
    " permits from Monday.",
]

SIGNAL = "story.patient_post"
SIGNAL_DESCRIPTION = (
    "A post the patient-post model reads as about a specific patient, at or above this rule's"
    " threshold (chosen by the training script's cross-validation: the phi posts it finds net of"
    " the clean posts it flags). The identifier rules of rules/patient_phi.toml take it as they take"
    " a patient cue phrase, so a town, a record number or a name in a story told without one is"
    " still reported."
)
# Written for this rule (no corpus line): a patient's encounter told without 'patient', and
# posts about no patient.
SIGNAL_FLAG = [
    "The retired fisherman we brought up from the harbour on Tuesday asked every nurse about the"
    " tide tables, and his son came in today with a bag of mackerel for the unit.",
    "Spent my break sitting beside the woman in the corner bed after her daughter left, and she told"
    " me how she ran a corner shop for thirty years and made me promise to visit again.",
]
SIGNAL_PASS = [
    "Notice to all staff: the yearly lifting-and-moving refresher moves to the education centre in March,"
    " so please book a place through the learning portal before the end of the month.",
    "Ten winters of night shifts behind me now, and the drive in still makes my stomach flip. No"
    " other career would suit me; thanks to every mentor who put up with me.",
]


def write_model_pack(path, command, comment, model, threshold, min_words, phi_threshold, signal_threshold):
    """The generated pack: the model (its threshold is the one `patient_post.no_patient` in
    rules/patient_story.toml uses), the signal rule that says a post is about a patient at or
    above `signal_threshold`, and, when `phi_threshold` is not 0, the allow list that cancels
    identifiers below it. Thresholds given as text are written as they are."""
    description = ("Weights of the learned patient-post scorer, the signal that a post is about a"
                   " patient and the allow list that clears identifiers with it (see also"
                   " patient_post.no_patient).")
    write_pack(path, command, MODEL, description, comment, model, threshold, min_words)
    value = signal_threshold if isinstance(signal_threshold, str) else f"{signal_threshold:.2f}"
    with open(path, "a", encoding="utf-8", newline="\n") as out:
        out.write(
            "\n[[rule]]\n"
            f'id = "{SIGNAL}"\n'
            'category = "shape"\n'
            'severity = "info"\n'
            "signal = true\n"
            'label = "a post about a patient"\n'
            'message = "The patient-post model reads this post as about a specific patient."\n'
            'help = "Feeds the identifier rules of rules/patient_phi.toml, which report a town, a number or a name in a post about a patient."\n'
            f"description = {json.dumps(SIGNAL_DESCRIPTION)}\n"
            f'score = {{ model = "{MODEL}", threshold = {value} }}\n'
            f"examples.flag = [\n{examples_text(SIGNAL_FLAG)},\n]\n"
            f"examples.pass = [\n{examples_text(SIGNAL_PASS)},\n]\n"
        )
    if phi_threshold == 0:
        return
    value = phi_threshold if isinstance(phi_threshold, str) else f"{phi_threshold:.3f}"
    examples = examples_text(IDENTIFIER_ALLOW_EXAMPLES)
    with open(path, "a", encoding="utf-8", newline="\n") as out:
        out.write(
            "\n[[allow]]\n"
            f'id = "{IDENTIFIER_ALLOW}"\n'
            f"description = {json.dumps(IDENTIFIER_ALLOW_DESCRIPTION)}\n"
            'applies_to = ["phi"]\n'
            f'score = {{ model = "{MODEL}", threshold = {value} }}\n'
            f"examples.pass = [\n{examples},\n]\n"
        )


def examples_text(texts):
    return ",\n".join(f"    {json.dumps(e, ensure_ascii=False)}" for e in texts)


def is_patient_post(post):
    return any(label["category"] in CATEGORIES for label in post["labels"])


def train(rows, labels, vocab):
    """The story scorer's trainer with this model's rate, strength and iterations."""
    return story_train(rows, labels, vocab, rate=RATE, l2=L2, iterations=ITERATIONS)


def fit(rows, labels):
    """The story scorer's fit with this model's trainer and sizes."""
    return story_fit(rows, labels, trainer=train, min_df=MIN_DF, keep=KEEP)


def flagged(binary, posts, pack, workdir):
    """The categories postlint reports (warning or error) on each post, with `pack` replacing
    the shipped model pack."""
    reported = engine_findings(binary, posts, pack, workdir, "train_patient_post_scorer.py")
    return [{f["category"] for f in fs} for fs in reported]


def choose_threshold(binary, posts, rows, labels, workdir):
    """Out-of-fold probabilities and three engine runs per fold (the model clearing nothing,
    patient references only, and identifiers too), then the thresholds and the shortest post
    judged that clear the most, net, within the loss budget."""
    order = list(range(len(rows)))
    random.Random(SEED).shuffle(order)
    oof = [0.0] * len(rows)
    kept, cleared, cleared_phi = [None] * len(rows), [None] * len(rows), [None] * len(rows)
    models = []
    for k in range(FOLDS):
        test = sorted(order[k::FOLDS])
        held = set(test)
        tr = [i for i in range(len(rows)) if i not in held]
        model = fit([rows[i] for i in tr], [labels[i] for i in tr])
        models.append((test, model))
        for i in test:
            oof[i] = probability(model, rows[i])
        fold_posts = [posts[i] for i in test]
        pack = os.path.join(workdir, f"{MODEL}_model.toml")
        runs = []
        # Thresholds a model may have: just above the lowest probability (clears nothing) and
        # just below 1 (clears every post below it, which is all that matter here).
        for threshold, phi_threshold in (("1e-15", "1e-15"), ("0.999999", "1e-15"), ("0.999999", "0.999999")):
            write_model_pack(pack, "train_patient_post_scorer.py", lambda n: [], model, threshold, None,
                             phi_threshold, SIGNAL_NEVER)
            runs.append(flagged(binary, fold_posts, pack, workdir))
        for j, i in enumerate(test):
            kept[i], cleared[i], cleared_phi[i] = runs[0][j], runs[1][j], runs[2][j]
        print(f"  fold {k + 1}/{FOLDS} done", file=sys.stderr)
    clean = [not p["labels"] for p in posts]
    gold = [{label["category"] for label in p["labels"]} for p in posts]
    words = [len(tokens(p["text"])) for p in posts]
    n_phi = sum("phi" in g for g in gold)
    n_pr = sum("patient_reference" in g for g in gold)
    before = sum(1 for i in range(len(posts)) if clean[i] and kept[i])
    table = []
    for m in MIN_WORDS:
        for t in THRESHOLDS:
            for t_phi in (x for x in PHI_THRESHOLDS if x <= t):
                got = [kept[i] if words[i] < m or oof[i] >= t else cleared_phi[i] if oof[i] < t_phi else cleared[i]
                       for i in range(len(posts))]
                clean_flagged = sum(1 for i in range(len(posts)) if clean[i] and got[i])
                lost = {c: sum(1 for i in range(len(posts)) if c in gold[i] and c in kept[i] and c not in got[i])
                        for c in CATEGORIES}
                gone = {c: sum(1 for i in range(len(posts)) if c not in gold[i] and c in kept[i] and c not in got[i])
                        for c in CATEGORIES}
                table.append((t, t_phi, m, clean_flagged, lost, gone))
    print(f"  clean posts flagged without the clearing: {before} of {sum(clean)}", file=sys.stderr)
    print("  threshold  identifiers  min words  clean flagged  phi lost/false gone"
          "  patient_reference lost/false gone", file=sys.stderr)
    for t, t_phi, m, cf, lost, gone in table:
        print(f"  {t:.2f}       {t_phi:.3f}        {m:2d}         {cf:5d}          {lost['phi']:3d} / {gone['phi']:3d}"
              f"             {lost['patient_reference']:3d} / {gone['patient_reference']:3d}", file=sys.stderr)
    # Within the loss budget, the most clean posts cleared net of labelled posts lost (a phi
    # post weighing PHI_LOST_WEIGHT); on a tie, the longer minimum and the lower thresholds
    # (the more cautious).
    within = [row for row in table
              if row[4]["phi"] <= MAX_PHI_LOST * n_phi and row[4]["patient_reference"] <= MAX_PR_LOST * n_pr]
    net = lambda r: before - r[3] - PHI_LOST_WEIGHT * r[4]["phi"] - r[4]["patient_reference"]  # noqa: E731
    best = max(within, key=lambda r: (net(r), r[2], -r[0], -r[1])) if within else table[0]
    t, t_phi, m = best[0], best[1], best[2]
    chosen = [kept[i] if words[i] < m or oof[i] >= t else cleared_phi[i] if oof[i] < t_phi else cleared[i]
              for i in range(len(posts))]
    signal = choose_signal_threshold(binary, posts, models, oof, gold, chosen, (t, t_phi, m), workdir)
    return best, signal, before, sum(clean), n_phi, n_pr


def choose_signal_threshold(binary, posts, models, oof, gold, chosen, thresholds, workdir):
    """The threshold of the signal `story.patient_post`: one more engine run per fold with the
    chosen clearing thresholds and the signal on every post the model judges, so that a post
    with out-of-fold probability p gets that run's outcome at threshold s when p >= s and
    `chosen` (the signal silent) otherwise. The chosen s moves the most posts toward their
    labels: phi posts the signal finds, less posts without a phi label it gives a phi finding;
    on a tie, the higher threshold."""
    t, t_phi, m = thresholds
    opened = [None] * len(posts)
    pack = os.path.join(workdir, f"{MODEL}_model.toml")
    for test, model in models:
        write_model_pack(pack, "train_patient_post_scorer.py", lambda n: [], model, f"{t:.2f}", m,
                         f"{t_phi:.3f}" if t_phi else 0, "1e-15")
        run = flagged(binary, [posts[i] for i in test], pack, workdir)
        for j, i in enumerate(test):
            opened[i] = run[j]
    print("  signal threshold  phi posts found  posts without phi given it", file=sys.stderr)
    rows = []
    for s in SIGNAL_THRESHOLDS:
        changed = [i for i in range(len(posts)) if oof[i] >= s and "phi" in opened[i] and "phi" not in chosen[i]]
        found = sum(1 for i in changed if "phi" in gold[i])
        rows.append((s, found, len(changed) - found))
        print(f"  {s:.2f}              {found:4d}             {len(changed) - found:4d}", file=sys.stderr)
    return max(rows, key=lambda r: (r[1] - r[2], r[0]))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(root, "target/release/postlint"))
    ap.add_argument("--out", default=os.path.join(root, "rules/patient_post_model.toml"))
    ap.add_argument("--corpus", action="append", default=None,
                    help="training corpus (repeatable; default every read labelled set: eval/corpus, "
                         "eval/heldout-*, ../shared/corpus/dev_posts.jsonl and dev2_posts.jsonl)")
    ap.add_argument("--exclude", action="append", default=[],
                    help="leave out the default corpora whose file name contains this (an unread split)")
    args = ap.parse_args()
    corpora = args.corpus or read_sets(root, args.exclude)
    refuse_held_out(corpora, "train_patient_post_scorer.py")
    posts = [p for c in corpora for p in load(c)]
    rows = [features(p["text"]) for p in posts]
    labels = [1 if is_patient_post(p) else 0 for p in posts]
    print(f"{len(rows)} posts, {sum(labels)} about a patient", file=sys.stderr)
    with tempfile.TemporaryDirectory() as workdir:
        (t, t_phi, min_words, clean_flagged, lost, gone), signal, before, n_clean, n_phi, n_pr = choose_threshold(
            args.bin, posts, rows, labels, workdir)
    print(f"threshold {t:.2f}, identifiers {t_phi:.3f}, posts of at least {min_words} words", file=sys.stderr)
    model = fit(rows, labels)
    comment = lambda weights: [  # noqa: E731
        *trained_on(root, corpora, len(posts), ("a phi or", "patient_reference label are positive):")),
        f"{weights} weights; fold seed {SEED}. Threshold {t:.2f} (patient references), {t_phi:.3f}",
        f"({IDENTIFIER_ALLOW}: identifiers too) and min_words {min_words} chosen by {FOLDS}-fold",
        "cross-validation with the engine (the most clean posts cleared net of labelled posts lost,",
        "within the loss budget, see the script): out of fold,"
        f" clean posts flagged {before} -> {clean_flagged} of {n_clean};",
        f"phi findings lost on {lost['phi']} of {n_phi} phi posts, cleared on {gone['phi']} posts without phi;",
        f"patient_reference findings lost on {lost['patient_reference']} of {n_pr} posts, cleared on "
        f"{gone['patient_reference']} posts without it.",
        f"Signal {SIGNAL} at {signal[0]:.2f}, chosen the same way (the most posts moved toward their",
        f"labels): out of fold it gives a phi finding to {signal[1]} phi posts that had none and to",
        f"{signal[2]} posts without a phi label.",
    ]
    command = " ".join(["train_patient_post_scorer.py", *(f"--exclude {x}" for x in args.exclude)])
    write_model_pack(args.out, command, comment, model, t, min_words, t_phi, signal[0])
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
