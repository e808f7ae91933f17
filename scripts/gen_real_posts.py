#!/usr/bin/env python3
"""Generate realistic social-media posts as JSONL for benchmarks (never for tuning rules).

`gen_posts.py` fills short templates: every post is ~100 bytes of the same few hundred words,
so the engine's caches stay warm and its numbers flatter it (issue 13: real tweets ran ~8x
slower). This generator writes posts that look like what people post:

- real English text, seeded from Debian's fortune databases (see SOURCE below): sentences of
  quotes, jokes and literature, with their capitalised words and names ("-- Mark Twain");
- a length distribution of tweets (mostly 40-280 characters) plus ~5% long Facebook-style
  posts (400-2,500 characters, several paragraphs);
- @handles, `RT @handle:`, hashtags (camelCase and not), t.co links and longer URLs, emoji
  (with skin tones and ZWJ sequences), HTML entities as the Twitter API sends them (`&amp;`),
  slang and abbreviations, typos, shouting, non-English words and sentences;
- clean posts that use alcohol, sexual-health and clinical vocabulary in ordinary ways;
- numbers of all kinds: times, dates, scores, prices, percentages, versions, phone numbers,
  order and ticket numbers, distances, lab values;
- a few posts (~6%) built from gen_posts.py's violating templates, so findings are written too.

The output is fixed by --seed and by the fortune files (same package version, same posts).

    apt-get install fortunes
    python3 scripts/gen_real_posts.py --count 1000000 --seed 42 > real.jsonl
"""

import argparse
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_posts  # noqa: E402  (the violating templates and their slot filler)

# Seed text: Debian package `fortunes` (source fortune-mod, version 1:1.99.1-7.3 in Debian 12),
# the plain-text databases in /usr/share/games/fortunes (entries separated by lines of "%").
SOURCE = "/usr/share/games/fortunes"
DATABASES = [
    "fortunes", "literature", "people", "wisdom", "medicine", "food", "love", "work", "humorists",
    "politics", "science", "platitudes", "men-women", "miscellaneous", "pets", "sports", "kids",
    "education", "drugs", "news", "law", "songs-poems",
]

FIRST = ["Maria", "James", "Aisha", "Wei", "Olga", "Carlos", "Fatima", "Liam", "Priya", "Tomás",
         "Zoë", "Kwame", "Sofia", "Hiroshi", "Ngozi", "Mateo", "Chloé", "Dmitri", "Ananya", "Björn",
         "Grace", "Mohammed", "Isabella", "Jamal", "Mei", "Connor", "Leilani", "Santiago", "Emily"]
LAST = ["Okafor", "Lindqvist", "Nguyen", "García", "Smith", "Kowalski", "Patel", "O'Brien",
        "Müller", "Rossi", "Tanaka", "Johnson", "Haddad", "Silva", "Kim", "Murphy", "Ivanova"]
PLACES = ["Chicago", "Lagos", "São Paulo", "Toronto", "Manila", "Glasgow", "Auckland", "Austin",
          "Mumbai", "Berlin", "Nairobi", "Kraków", "Boston", "Montréal", "Cape Town", "Seattle"]
SLANG = ["lol", "lmao", "tbh", "ngl", "smh", "imo", "fr", "omg", "idk", "irl", "tfw", "ikr",
         "gonna", "wanna", "kinda", "y'all", "bruh", "no cap", "lowkey", "highkey", "deadass",
         "it's giving", "iykyk", "big mood", "same", "hmu", "brb", "ttyl", "rofl", "wtf", "af"]
EMOJI = ["😂", "🤣", "❤️", "😍", "🙏", "😭", "🔥", "✨", "👍", "👍🏽", "💪🏿", "🎉", "😴", "☕", "🧠",
         "👩‍⚕️", "👨🏻‍⚕️", "🏳️‍🌈", "🇺🇸", "🇳🇬", "🥲", "🙃", "💀", "👀", "🤷‍♀️", "🍕", "🌮", "🏃‍♂️",
         "📚", "💯", "😷", "🩺", "💉", "🍷", "🍺", "🥂", "🍆", "🍑", "😅", "🤦🏼‍♂️", "☀️", "🌧️"]
HASHTAGS = ["#MedTwitter", "#MedEd", "#FOAMed", "#nursing", "#tbt", "#MondayMotivation", "#mood",
            "#WorldCupFinal", "#NowPlaying", "#amwriting", "#GoBlue", "#SelfCare", "#100DaysOfCode",
            "#PublicHealth", "#ThrowbackThursday", "#blessed", "#fitness", "#foodie", "#travel",
            "#MentalHealthMatters", "#WomenInSTEM", "#MeToo", "#vote", "#ClimateAction", "#dogsoftwitter",
            "#caturday", "#GBBO", "#NBA", "#epl", "#books", "#DryJanuary", "#SoberCurious", "#PrEP",
            "#HIVtesting", "#BreastCancerAwareness", "#Movember", "#sexed", "#wine", "#craftbeer"]
ENTITIES = ["&amp;", "&gt;", "&lt;", "&quot;", "&#39;", "&gt;&gt;", "&lt;3", "&nbsp;"]
FOREIGN = [
    "¿Qué tal? Hoy fue un día larguísimo en el hospital.", "Buenos días a todos, ¡feliz viernes!",
    "C'est la vie, on continue demain.", "Merci beaucoup à toute l'équipe!", "Tschüss, bis morgen!",
    "Das ist wirklich schön.", "Obrigada pela ajuda, pessoal!", "Saudade de casa hoje.",
    "Grazie mille, ragazzi.", "Ich bin müde aber glücklich.", "Ojalá que llueva café.",
    "Salamat po sa lahat!", "Asante sana, marafiki.", "Tack så mycket!", "Dziękuję bardzo!",
    "Спасибо за всё.", "ありがとうございます！", "谢谢大家", "감사합니다", "धन्यवाद दोस्तों",
    "Καλημέρα σε όλους", "شكرا جزيلا", "Mazel tov!", "¡Vamos, equipo!", "Bon appétit!",
]
FOREIGN_WORDS = ["fiesta", "siesta", "déjà vu", "naïve", "café", "jalapeño", "schadenfreude",
                 "zeitgeist", "smörgåsbord", "piñata", "crème brûlée", "über", "façade", "résumé",
                 "mañana", "hygge", "wanderlust", "ciao", "habibi", "bhai", "chai", "señora"]
# Ordinary, clean uses of the vocabulary the content packs look for.
VOCAB = [
    "Naltrexone works for alcohol use disorder, and too few people are ever offered it.",
    "Dry January done: 31 days without wine and I slept better than in years.",
    "Reminder that sexual health is health. Free STI testing at the clinic on Tuesday.",
    "Breast self-exams matter, but screening mammograms save lives.",
    "Our talk on erectile dysfunction after prostatectomy is now on YouTube.",
    "Liver clinic today: so many cases of alcohol-associated hepatitis in young adults.",
    "PrEP is safe, effective, and covered by most insurance. Ask about it.",
    "New guideline on contraception counselling for teens is out.",
    "The beer garden at the conference was packed, but I stuck to sparkling water.",
    "Teaching medical students to take a sexual history without judgement.",
    "Binge drinking rates in college students fell again this year.",
    "Cervical cancer screening saves lives. HPV vaccine even more so.",
    "Great paper on hangover myths: hydration helps less than you think.",
    "Testicular cancer awareness month: check yourselves, gents.",
    "Vaginal birth after cesarean is a reasonable option for many patients.",
    "We need better treatment for opioid and alcohol withdrawal in the ED.",
    "A glass of red wine a day is not heart medicine. Sorry.",
    "Condoms prevent STIs, and they're free at the student health center.",
    "Penile and anal cancers are rare, but HPV vaccination prevents most.",
    "Delirium tremens is a medical emergency. Know the CIWA score.",
    "Orgasm, libido and arousal disorders are part of menopause care too.",
    "Hot take: the pub quiz is the best part of residency.",
    "Naked-eye exam is not enough, use the dermatoscope.",
    "Cocktail of antibiotics for the abscess, then home.",
]
NUMBERS = [
    lambda r: f"{r.randint(1, 12)}:{r.randint(0, 59):02d}{r.choice(['am', 'pm', ' AM', ' PM', ''])}",
    lambda r: f"{r.randint(1, 12)}/{r.randint(1, 28)}/{r.choice(['23', '24', '2025', '2026'])}",
    lambda r: f"{r.randint(0, 7)}-{r.randint(0, 7)}",
    lambda r: f"${r.randint(1, 999)}.{r.randint(0, 99):02d}",
    lambda r: f"{r.randint(1, 100)}%",
    lambda r: f"v{r.randint(1, 20)}.{r.randint(0, 30)}.{r.randint(0, 9)}",
    lambda r: f"{r.randint(1, 999):,}",
    lambda r: f"{r.randint(1000, 99999999):,}",
    lambda r: f"{r.randint(1, 42)}.{r.randint(0, 9)} km",
    lambda r: f"{r.randint(1900, 2030)}",
    lambda r: f"#{r.randint(1, 99)}",
    lambda r: f"order #{r.randint(10000, 999999)}",
    lambda r: f"ticket {r.randint(1000, 99999)}",
    lambda r: f"flight {r.choice(['UA', 'BA', 'LH', 'DL'])}{r.randint(10, 9999)}",
    lambda r: f"+44 20 {r.randint(1000, 9999)} {r.randint(1000, 9999)}",
    lambda r: f"{r.randint(200, 989)}-{r.randint(200, 989)}-{r.randint(1000, 9999)}",
    lambda r: f"{r.randint(60, 200)} bpm",
    lambda r: f"{r.randint(90, 180)}/{r.randint(50, 110)}",
    lambda r: f"{r.randint(1, 20)}x{r.randint(1, 20)}",
    lambda r: f"{r.randint(1, 500)} mg",
    lambda r: f"A1c {r.randint(5, 12)}.{r.randint(0, 9)}",
    lambda r: f"{r.randint(1, 99)}k followers",
    lambda r: f"ISBN 978-{r.randint(0, 9)}-{r.randint(10, 99)}-{r.randint(100000, 999999)}-{r.randint(0, 9)}",
    lambda r: f"Q{r.randint(1, 4)} {r.randint(2019, 2026)}",
    lambda r: f"{r.randint(1, 31)}{r.choice(['st', 'nd', 'rd', 'th'])}",
    lambda r: f"room {r.randint(100, 999)}",
    lambda r: f"{r.randint(10000, 99999)}",
]


def load_sentences():
    """Sentences and short entries of the fortune databases, whitespace collapsed."""
    if not os.path.isdir(SOURCE):
        sys.exit(f"gen_real_posts.py: {SOURCE} is missing (Debian: apt-get install fortunes)")
    sentences, entries = [], []
    for name in DATABASES:
        path = os.path.join(SOURCE, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            raw = f.read()
        for entry in raw.split("\n%\n"):
            text = " ".join(entry.split())
            if len(text) < 15:
                continue
            entries.append(text)
            sentences.extend(s for s in re.split(r"(?<=[.!?])\s+", text) if 8 <= len(s) <= 300)
    if not sentences:
        sys.exit(f"gen_real_posts.py: no fortune text found in {SOURCE}")
    return sentences, entries


def handle(r):
    base = r.choice(FIRST + LAST).replace("'", "")
    base = base.encode("ascii", "ignore").decode() or "user"
    return "@" + r.choice([base, base.lower(), base + str(r.randint(1, 9999)), base + "_" + r.choice(LAST)[:4],
                           "Dr" + base, base + "MD", "the_real_" + base.lower()])


def link(r):
    code = "".join(r.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(10))
    return r.choice([f"https://t.co/{code}", f"https://t.co/{code}", f"http://t.co/{code}",
                     f"https://www.example.org/{code[:6].lower()}/2026/{r.randint(1, 12):02d}/article-{r.randint(1, 9999)}",
                     f"youtu.be/{code}", f"bit.ly/{code[:7]}"])


def typo(r, text):
    words = text.split(" ")
    for _ in range(r.randint(1, 3)):
        k = r.randrange(len(words))
        w = words[k]
        if len(w) < 4 or not w.isalpha():
            continue
        i = r.randrange(1, len(w) - 1)
        words[k] = r.choice([w[:i] + w[i + 1] + w[i] + w[i + 2:], w[:i] + w[i + 1:], w[:i] + w[i] + w[i:],
                             w.lower(), w.upper()])
    return " ".join(words)


def decorate(r, text):
    """Sprinkle the things real posts carry around the sentence."""
    if r.random() < 0.25:
        text = typo(r, text)
    if r.random() < 0.2:
        text = r.choice(SLANG) + " " + text
    if r.random() < 0.25:
        text += " " + r.choice(SLANG)
    if r.random() < 0.15:
        words = text.split(" ")
        words.insert(r.randrange(len(words) + 1), r.choice(ENTITIES))
        text = " ".join(words)
    if r.random() < 0.3:
        words = text.split(" ")
        words.insert(r.randrange(len(words) + 1), r.choice(NUMBERS)(r))
        text = " ".join(words)
    if r.random() < 0.1:
        words = text.split(" ")
        words.insert(r.randrange(len(words) + 1), r.choice(FOREIGN_WORDS))
        text = " ".join(words)
    if r.random() < 0.45:
        text += " " + "".join(r.choice(EMOJI) for _ in range(r.choice([1, 1, 1, 2, 3])))
    if r.random() < 0.35:
        text += " " + " ".join(r.choice(HASHTAGS) for _ in range(r.choice([1, 1, 2, 3])))
    if r.random() < 0.3:
        text += " " + link(r)
    if r.random() < 0.05:
        text = text.upper()
    return text


def tweet(r, sentences, entries):
    kind = r.random()
    if kind < 0.06:
        return gen_posts.fill(r, r.choice(gen_posts.VIOLATING), r.randrange(300))
    if kind < 0.11:
        # A long Facebook-style post: paragraphs of fortune text.
        paragraphs = [" ".join(r.choice(sentences) for _ in range(r.randint(1, 4))) for _ in range(r.randint(2, 6))]
        text = "\n\n".join(decorate(r, p) for p in paragraphs)
        return text[: r.randint(400, 2500)]
    if kind < 0.25:
        text = r.choice(VOCAB)
        if r.random() < 0.5:
            text += " " + r.choice(sentences)
    elif kind < 0.33:
        text = r.choice(FOREIGN)
        if r.random() < 0.5:
            text = r.choice(sentences) + " " + text
    elif kind < 0.40:
        n = lambda: r.choice(NUMBERS)(r)  # noqa: E731
        text = r.choice([
            f"Ran {n()} this morning, {n()} avg. New PB!",
            f"Final score {n()}. What a game!",
            f"Update {n()} is out: fixes {n()} bugs.",
            f"Meeting moved to {n()} on {n()}, call {n()}",
            f"Paid {n()} for this?? {n()} of it was fees.",
            f"{n()} days until the {r.choice(PLACES)} marathon, {n()} to go",
        ])
    elif kind < 0.50:
        entry = r.choice(entries)
        text = entry if len(entry) <= 270 else entry[:270].rsplit(" ", 1)[0] + "…"
    else:
        text = " ".join(r.choice(sentences) for _ in range(r.choice([1, 1, 1, 2, 2, 3])))
        if r.random() < 0.15:
            text = f"{r.choice(FIRST)} {r.choice(LAST)} in {r.choice(PLACES)}: {text}"
    if r.random() < 0.08:
        text = f"RT {handle(r)}: {text}"
    elif r.random() < 0.2:
        text = " ".join(handle(r) for _ in range(r.randint(1, 3))) + " " + text
    text = decorate(r, text)
    if len(text) > 280 and r.random() < 0.8:
        text = text[:280]
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", default="-", help="output file (default: stdout)")
    args = ap.parse_args()
    sentences, entries = load_sentences()
    r = random.Random(args.seed)
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    with out:
        for n in range(args.count):
            out.write(json.dumps({"id": n, "text": tweet(r, sentences, entries)}, ensure_ascii=False))
            out.write("\n")


if __name__ == "__main__":
    main()
