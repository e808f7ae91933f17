//! The built-in packs, embedded in the binary so postlint works with no files around it.
//! This is the one list of `include_str!`s: add a pack file here to ship it.

/// How the source of a built-in pack starts (`builtin:rules/phi.toml`).
pub const SOURCE_PREFIX: &str = "builtin:";

/// (name shown in errors, TOML text) of every built-in pack, in load order. The order is not
/// the `uses` order (any order loads): it fixes the rules' order, which breaks ties between
/// findings of equal severity on the same text.
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("builtin:rules/vocab.toml", include_str!("../../rules/vocab.toml")),
    ("builtin:rules/phi.toml", include_str!("../../rules/phi.toml")),
    ("builtin:rules/phi_shape.toml", include_str!("../../rules/phi_shape.toml")),
    ("builtin:rules/phi_person.toml", include_str!("../../rules/phi_person.toml")),
    ("builtin:rules/phi_names.toml", include_str!("../../rules/phi_names.toml")),
    ("builtin:rules/phi_places.toml", include_str!("../../rules/phi_places.toml")),
    ("builtin:rules/patient_reference.toml", include_str!("../../rules/patient_reference.toml")),
    ("builtin:rules/patient_story.toml", include_str!("../../rules/patient_story.toml")),
    ("builtin:rules/patient_story_model.toml", include_str!("../../rules/patient_story_model.toml")),
    ("builtin:rules/patient_post_model.toml", include_str!("../../rules/patient_post_model.toml")),
    ("builtin:rules/patient_phi.toml", include_str!("../../rules/patient_phi.toml")),
    ("builtin:rules/profanity.toml", include_str!("../../rules/profanity.toml")),
    ("builtin:rules/profanity_vocab.toml", include_str!("../../rules/profanity_vocab.toml")),
    ("builtin:rules/alcohol.toml", include_str!("../../rules/alcohol.toml")),
    ("builtin:rules/alcohol_model.toml", include_str!("../../rules/alcohol_model.toml")),
    ("builtin:rules/sexual.toml", include_str!("../../rules/sexual.toml")),
    ("builtin:rules/sexual_model.toml", include_str!("../../rules/sexual_model.toml")),
    ("builtin:rules/clinical_allow.toml", include_str!("../../rules/clinical_allow.toml")),
    ("builtin:rules/place_names.toml", include_str!("../../rules/place_names.toml")),
];

/// (list name, name shown in errors, words) of the generated word lists too long to go through
/// the TOML parser at every start (its lexer costs some 50 instructions a byte, about 35 ms of
/// start-up for the gazetteer alone): plain text, words or `_`-joined phrases separated by white
/// space after a header of `#` lines, merged into the `[lists]` of the same name. The pack that documents each list declares
/// it empty, so that its rules also load from the folder with `--no-builtin --rules rules`.
pub const BUILTIN_WORD_LISTS: &[(&str, &str, &str)] = &[
    ("towns", "builtin:rules/phi_places.words", include_str!("../../rules/phi_places.words")),
    ("english_words", "builtin:rules/english_words.words", include_str!("../../rules/english_words.words")),
];

/// The built-in word lists as one pack without rules.
fn word_list_pack() -> super::Pack {
    super::Pack {
        id: "builtin_word_lists".to_string(),
        category: "phi".to_string(),
        description: "Generated word lists read as plain text (see BUILTIN_WORD_LISTS).".to_string(),
        source: BUILTIN_WORD_LISTS.iter().map(|(_, source, _)| *source).collect::<Vec<_>>().join(", "),
        rules: Vec::new(),
        allows: Vec::new(),
        // Lines starting with `#` are the file's header (its source and licence), not words.
        lists: BUILTIN_WORD_LISTS
            .iter()
            .map(|(name, _, text)| {
                let words: Vec<&str> = text.lines().filter(|line| !line.starts_with('#')).collect();
                ((*name).to_string(), words.join("\n"))
            })
            .collect(),
        phrases: Default::default(),
        models: Default::default(),
        links: Default::default(),
    }
}

/// Parse every built-in pack with the same strict loader as user packs, in two halves (by
/// size) side by side, and add the built-in word lists.
pub fn builtin_packs() -> Result<Vec<super::Pack>, crate::Error> {
    let parse = |packs: &[(&str, &str)]| -> Result<Vec<super::Pack>, crate::Error> {
        packs.iter().map(|(name, text)| super::parse_builtin_pack(name, text)).collect()
    };
    let (first, rest) = crate::join::halves(BUILTIN_PACKS, |(_, text)| text.len());
    let (packs, more) = crate::join::join(|| parse(first), || parse(rest));
    // The first error in load order, as a one-by-one parse would give.
    let mut packs = packs?;
    packs.extend(more?);
    packs.push(word_list_pack());
    Ok(packs)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At run time built-in patterns are not compiled by the loader, and the engine compiles
    /// each on first use: this is that compile, under the same cap, for every pattern.
    #[test]
    fn every_builtin_pattern_compiles_within_the_size_cap() {
        // Each as a user pack (so the loader checks what it can), linked: fragments pasted in.
        let packs = BUILTIN_PACKS
            .iter()
            .map(|(name, text)| super::super::parse_pack(name, text).unwrap_or_else(|e| panic!("{e}")));
        let mut packs: Vec<_> = packs.collect();
        packs.push(word_list_pack());
        for pack in super::super::merge(packs).unwrap_or_else(|e| panic!("{e}")) {
            let name = &pack.source;
            let rules = pack.rules.iter().map(|r| (r.case_sensitive, r.pattern().into_iter().chain(&r.allow.patterns)));
            let allows = pack.allows.iter().map(|a| (false, None.into_iter().chain(&a.matcher.patterns)));
            for (case_sensitive, patterns) in rules.chain(allows) {
                for p in patterns {
                    let built = regex::RegexBuilder::new(&p.value)
                        .case_insensitive(!case_sensitive)
                        .size_limit(crate::pack::REGEX_SIZE_LIMIT)
                        .build();
                    assert!(built.is_ok(), "{name}:{}: {:?}", p.line, built.err());
                }
            }
        }
    }
}
