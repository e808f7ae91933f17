//! Exact CLI output, pinned by snapshot files (`tests/it/snapshots/`, insta + insta-cmd):
//! every `check` format, `fix` and `fix --diff`, `rule ID`, and a bad pack's error. Each
//! snapshot records the arguments, the standard input, the exit code, stdout and stderr, so
//! the files double as documentation of what postlint prints.
//!
//! The small fixed packs in `tests/fixtures/` keep these outputs still while the built-in packs
//! are tuned; paths are relative and colour is off, so nothing depends on the machine. After a
//! deliberate change: `INSTA_UPDATE=always cargo test --test it cli_snapshots` (or
//! `cargo insta review`), then read the diff before committing. CI never writes snapshots
//! (`INSTA_UPDATE=no` in .ci/run): a difference fails.

use insta_cmd::assert_cmd_snapshot;
use std::process::Command;

const PACKS: [&str; 5] = [
    "--no-builtin",
    "--rules",
    "tests/fixtures/workflow_pack.toml",
    "--rules",
    "tests/fixtures/workflow_profanity.toml",
];

/// A draft with a finding of every severity, two lines, and characters of more than one byte
/// before the matches (columns count characters).
const DRAFT: &str = "tests/fixtures/posts/night_shift.md";

/// `postlint ARGS` with the fixed packs, no config file, and no colour from the environment.
fn postlint(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_postlint"));
    cmd.env_remove("NO_COLOR").env_remove("CI").env_remove("TERM").env_remove("GITHUB_ACTIONS");
    cmd.args(args).args(PACKS).arg("--isolated");
    cmd
}

#[test]
fn check_text() {
    assert_cmd_snapshot!(postlint(&["check", "--color", "never"]).arg(DRAFT));
}

#[test]
fn check_text_shows_matches() {
    assert_cmd_snapshot!(postlint(&["check", "--color", "never", "--show-matches"]).arg(DRAFT));
}

#[test]
fn check_text_clean() {
    assert_cmd_snapshot!(postlint(&["check", "--color", "never"]).pass_stdin("All quiet on the ward tonight.\n"));
}

#[test]
fn check_json() {
    assert_cmd_snapshot!(postlint(&["check", "--format", "json"]).arg(DRAFT));
}

#[test]
fn check_jsonl() {
    assert_cmd_snapshot!(postlint(&["check", "--format", "jsonl"]).arg(DRAFT));
}

#[test]
fn check_sarif() {
    // The tool's version is in the log; the snapshot should not change with each release.
    let version = format!("\"version\": \"{}\"", regex::escape(env!("CARGO_PKG_VERSION")));
    insta::with_settings!({ filters => vec![(version.as_str(), "\"version\": \"[VERSION]\"")] }, {
        assert_cmd_snapshot!(postlint(&["check", "--format", "sarif"]).arg(DRAFT));
    });
}

#[test]
fn check_github() {
    assert_cmd_snapshot!(postlint(&["check", "--format", "github"]).arg(DRAFT));
}

#[test]
fn fix() {
    assert_cmd_snapshot!(postlint(&["fix"]).arg(DRAFT));
}

#[test]
fn fix_diff() {
    assert_cmd_snapshot!(postlint(&["fix", "--diff"]).arg(DRAFT));
}

#[test]
fn rule() {
    assert_cmd_snapshot!(postlint(&["rule", "wf.ssn"]));
}

#[test]
fn bad_pack_names_file_line_and_column() {
    assert_cmd_snapshot!(postlint(&["check", "--rules", "tests/fixtures/bad/unknown_severity.toml"]).pass_stdin("x"));
}

#[test]
fn bad_regex_names_file_line_column_and_rule() {
    assert_cmd_snapshot!(postlint(&["check", "--rules", "tests/fixtures/bad/invalid_regex.toml"]).pass_stdin("x"));
}
