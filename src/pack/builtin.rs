//! The built-in packs, embedded in the binary so postlint works with no files around it.
//! This is the one list of `include_str!`s: add a pack file here to ship it.

/// (name shown in errors, TOML text) of every built-in pack, in load order.
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("builtin:rules/phi.toml", include_str!("../../rules/phi.toml")),
    ("builtin:rules/phi_person.toml", include_str!("../../rules/phi_person.toml")),
    ("builtin:rules/phi_names.toml", include_str!("../../rules/phi_names.toml")),
    ("builtin:rules/patient_reference.toml", include_str!("../../rules/patient_reference.toml")),
    ("builtin:rules/profanity.toml", include_str!("../../rules/profanity.toml")),
    ("builtin:rules/alcohol.toml", include_str!("../../rules/alcohol.toml")),
    ("builtin:rules/sexual.toml", include_str!("../../rules/sexual.toml")),
    ("builtin:rules/clinical_allow.toml", include_str!("../../rules/clinical_allow.toml")),
];

/// Parse every built-in pack with the same strict loader as user packs.
pub fn builtin_packs() -> Result<Vec<super::Pack>, super::PackError> {
    BUILTIN_PACKS.iter().map(|(name, text)| super::parse_pack(name, text)).collect()
}
