#!/usr/bin/env python3
"""Generate synthetic clinician posts as JSONL for benchmarks (never for tuning rules).

Posts are built from templates with random slots, with a fixed seed, so every run writes
the same file. Roughly 70% are clean (teaching, wellness, advocacy), 30% carry something a
rule should catch (identifiers, patient details, profanity, alcohol, sexual content), and
about a third contain emoji or other non-ASCII text, as real posts do.

    python3 scripts/gen_posts.py --count 1000000 --seed 42 > posts.jsonl
"""

import argparse
import json
import random
import sys

TOPICS = [
    "sepsis bundles", "heart failure with preserved EF", "DKA management", "pediatric asthma",
    "breast cancer screening", "colorectal cancer screening", "stroke thrombolysis windows",
    "opioid stewardship", "antibiotic timeouts", "delirium prevention", "hand hygiene",
    "POCUS for dyspnea", "anticoagulation reversal", "hypertension in pregnancy",
    "vaccine hesitancy", "burnout in residency", "prior authorization", "med rec at discharge",
    "alcohol use disorder treatment", "safe sleep for infants", "sickle cell pain crises",
]
PLACES = ["grand rounds", "journal club", "M&M", "the wards", "clinic", "night float", "the ED",
          "our unit huddle", "noon conference", "the sim lab"]
EMOJI = ["🩺", "💉", "❤️", "🙏", "💪", "🎉", "😴", "☕", "🧠", "👩‍⚕️", "🔥", "😂", "🍷", "🍺", "✨"]
HASHTAGS = ["#MedTwitter", "#MedEd", "#FOAMed", "#nursing", "#IMResidency", "#PedsICU",
            "#WomenInMedicine", "#PublicHealth", "#EMtwitter", "#CardioTwitter"]
NAMES = ["Maria", "John", "Aisha", "Wei", "Olga", "Carlos", "Fatima", "Liam", "Priya", "Tomás",
         "Zoë", "Mr. Okafor", "Mrs. Lindqvist", "Mr. Brown"]
CITIES = ["Springfield", "Riverton", "Lakeside", "Fairview", "São Paulo", "Münster", "Kraków"]
DRINKS = ["wine", "beer", "tequila shots", "margaritas", "whiskey", "prosecco"]

CLEAN = [
    "Great discussion at {place} today on {topic}. {emoji} {tag}",
    "Reminder: {topic} saves lives. Talk to your doctor about it. {tag}",
    "New paper out on {topic}, link in bio. Proud of this team {emoji}{emoji}",
    "Teaching pearl: in {topic}, re-check the basics before escalating. {tag} {tag2}",
    "Long shift, but we learned a lot about {topic} at {place}. Coffee time {emoji}",
    "Our hospital in {city} is hiring nurses for {place}! DM me. {tag}",
    "Thread: 10 things I wish I knew about {topic} as an intern. 1/10 {tag}",
    "Patients deserve better access to {topic}. Call your representatives. {tag}",
    "Grateful for my colleagues today. Medicine is a team sport {emoji} {tag}",
    "Question for {tag}: how does your unit handle {topic}? Poll below.",
    "Celebrating 10 years in practice in {city} {emoji}{emoji} Thank you all!",
    "Podcast episode {n} is live: {topic} with Dr. {name} {tag}",
    "Running the {city} half marathon for charity this weekend {emoji} {tag}",
    "Board review: {topic}. Answer at 5 pm. {tag2}",
]
VIOLATING = [
    "My patient in room {room} is a {age} y/o with {topic}, wild case {emoji}",
    "Pt SSN {ssn} was on the fax cover sheet again, fix your workflow people {tag}",
    "MRN {mrn} came back positive, calling the family now",
    "Chart #{mrn} has two allergy lists, which one is right?? {emoji}",
    "a patient of mine, {name}, {age}, from {city}, finally went home today {emoji}",
    "This shift was so damn long {emoji} {tag}",
    "What the fuck is wrong with prior auth {tag}",
    "Crap, the Pyxis froze mid-count. {emoji}",
    "Totally hungover at {place} after all that {drink} {emoji}",
    "Post-call {drink} o'clock, absolutely wasted {emoji}{emoji}",
    "Call me at {phone} about bed {room}, {name} is asking for you",
    "My pt {name} (DOB {dob}) keeps asking about {topic}",
    "Feeling horny after call lol {emoji}",
    "sh1t, we ran out of {topic} pamphlets again {tag}",
    "Who watches porn on the call room computer?! {emoji}",
]


def ssn(r):
    return f"{r.randint(100, 899):03d}-{r.randint(10, 99):02d}-{r.randint(1000, 9999):04d}"


def fill(r, template, n):
    return template.format(
        place=r.choice(PLACES), topic=r.choice(TOPICS), emoji=r.choice(EMOJI), tag=r.choice(HASHTAGS),
        tag2=r.choice(HASHTAGS), city=r.choice(CITIES), name=r.choice(NAMES), n=n % 300,
        room=r.randint(100, 999), age=r.randint(18, 99), ssn=ssn(r), mrn=r.randint(100000, 99999999),
        drink=r.choice(DRINKS), phone=f"({r.randint(200, 989)}) {r.randint(200, 989)}-{r.randint(1000, 9999)}",
        dob=f"{r.randint(1, 12)}/{r.randint(1, 28)}/{r.randint(1930, 2020)}",
    )


def post(r, n):
    if r.random() < 0.3:
        text = fill(r, r.choice(VIOLATING), n)
    else:
        text = fill(r, r.choice(CLEAN), n)
    if r.random() < 0.25:
        # A second sentence makes lengths vary like real posts (tweet to short thread).
        text += " " + fill(r, r.choice(CLEAN), n)
    if r.random() < 0.5:
        # Half the posts are plain ASCII, as many real posts are: strip the emoji.
        text = "".join(c for c in text if ord(c) < 128 or c.isalpha()).replace("  ", " ").strip()
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", default="-", help="output file (default: stdout)")
    args = ap.parse_args()
    r = random.Random(args.seed)
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    with out:
        for n in range(args.count):
            out.write(json.dumps({"id": n, "text": post(r, n)}, ensure_ascii=False))
            out.write("\n")


if __name__ == "__main__":
    main()
