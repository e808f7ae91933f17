#!/usr/bin/env python3
"""Write a helper's brief for a new labelled split from brief-base.md.

    python3 eval/briefs/make_brief.py SPLIT POSTS CLEAN MIX FOCUS > /work/blind/brief-SPLIT.md

MIX is one of US3, NONUS, HALF (where the writers are); FOCUS one of HARD, STORY, CONTENT.
The helper reads only the brief and ../shared/corpus/README.md, writes
/work/blind/out/SPLIT.jsonl and checks it with validate.py (copy it to /work/blind/ first).
"""
import pathlib
import sys

MIX = {
    "US3": "about a third from the US (all regions; some Spanish-English), the rest spread over the UK, Ireland, Canada, Australia, New Zealand, India, Nigeria, Ghana, Kenya, the Philippines, Singapore and South Africa, each with its own names, titles, places, number formats and slang.",
    "NONUS": "mostly outside the US (UK, Ireland, Canada, Australia, New Zealand, India, Pakistan, Nigeria, Ghana, Kenya, the Philippines, Malaysia, South Africa, the Caribbean), about a fifth from the US (some Spanish-English); local names and forms of address, addresses, postcodes, phone and ID-number formats, and slang.",
    "HALF": "half from the US (some Spanish-English), half from the UK, Ireland, Canada, Australia, India, Nigeria, Kenya, the Philippines and South Africa, each with its own names, places, number formats and slang.",
}
FOCUS = {
    "HARD": "Focus: hard cases on both sides. Clean posts use exactly the words and shapes that trip a naive linter: clinical terms containing sexual, alcohol or rude-looking words; numbers and codes that look like identifiers but are clinical values, code systems, public numbers, or belong to the author, a colleague, equipment or the institution; colleagues, public figures and the author's own family named with titles and ages; events with dates and places; patients as a population; teaching vignettes; figurative drinking and innocent slang. Violations are subtle: identifiers without a cue word or in unusual formats (written out, spaced, foreign); patient stories told without 'my patient'; masked, regional or abbreviated profanity; drinking and innuendo in slang or emoji.",
    "STORY": "Focus: patient stories. About half the labelled posts are about a specific real encounter told in many different ways, most without the usual cue words (ward and clinic anecdotes, home visits, ambulance calls, the pharmacy counter, long-term residents, children, a patient's relatives, something a patient said or gave you), some with identifiers and some without. Clean posts talk about patients in general, teaching cases and hypotheticals, the author's own health or family, census counts, feelings about the job.",
    "CONTENT": "Focus: unprofessional content. About half the labelled posts are profanity, recreational alcohol or sexual content in every disguise and every local slang (masked and stretched swears, regional swears, abbreviations, drinking slang, drink emoji and hashtags, innuendo on clinical words, thirst posts, suggestive emoji). Clean posts use the same words clinically, figuratively, as names or places, or in recovery and public-health posts.",
}


def main():
    if len(sys.argv) != 6 or sys.argv[4] not in MIX or sys.argv[5] not in FOCUS:
        sys.exit(__doc__)
    split, posts, clean, mix, focus = sys.argv[1:]
    base = (pathlib.Path(__file__).parent / "brief-base.md").read_text()
    brief = (
        base.replace("SPLIT", split)
        .replace("- N posts", f"- {posts} posts")
        .replace("JSON per line, N lines", f"JSON per line, {posts} lines")
        .replace(" N`", f" {posts}`")
        .replace("Exactly CLEAN", f"Exactly {clean}")
        .replace("in order, CLEAN clean", f"in order, {clean} clean")
        .replace("Writers and places: MIX", "Writers and places: " + MIX[mix])
        .replace("- FOCUS", "- " + FOCUS[focus])
    )
    sys.stdout.write(brief)


if __name__ == "__main__":
    main()
