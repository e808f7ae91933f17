//! postlint's integration tests, as one test binary: one link of the library and its
//! dependencies instead of one per file, and one built-in engine shared by all modules
//! (`common::engine`). Run one area with a filter, e.g. `cargo test --test it phi_`.
//!
//! Fixtures live in `tests/fixtures/`, the browser test's npm project in `tests/browser/`;
//! paths are relative to the package root, where cargo runs tests.

// Tests unwrap and may print (Cargo.toml's [lints] deny both in the library and binary).
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

mod common;

mod cli_core;
mod cli_snapshots;
mod content_clinical;
mod content_families;
mod content_obfuscation;
mod corpus_overlap;
mod lsp;
mod phi_identifiers;
mod phi_institution;
mod phi_lookalikes;
mod phi_patient_reference;
mod reliability_inputs;
mod reliability_privacy;
mod reliability_properties;
mod rule_examples;
mod serve_api;
mod serve_browser;
mod workflow_cli;
mod workflow_precommit;
