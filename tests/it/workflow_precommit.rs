//! postlint as a pre-commit hook, with the real `pre-commit` tool (PyPI): a temporary copy of
//! this repository serves `.pre-commit-hooks.yaml`, a temporary drafts repository installs the
//! hook, a clean draft is committed and a draft with an SSN is rejected.
//!
//! Without `pre-commit` the test says loudly that it is skipped; under CI (`CI` set, where
//! .ci/run installs it) a missing `pre-commit` is a failure.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn ok(cmd: &mut Command) -> Output {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Copy the source tree (not `target/` or `.git`) so uncommitted work is what gets tested.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&src, &dst);
        } else if entry.file_type().unwrap().is_file() {
            fs::copy(&src, &dst).unwrap();
        }
    }
}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    c
}

#[test]
fn pre_commit_hook_accepts_clean_drafts_and_rejects_an_ssn() {
    let probe = Command::new("pre-commit").arg("--version").output();
    let Ok(version) = probe.as_ref().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()) else {
        crate::common::skip("pre-commit hook test: the `pre-commit` tool is not installed (pip install pre-commit)");
        return;
    };
    assert!(version.starts_with("pre-commit "), "unexpected `pre-commit --version`: {version}");

    let t = tempfile::tempdir().unwrap();
    // 1. This repository, as pre-commit will clone it.
    let hook_repo = t.path().join("postlint-src");
    copy_tree(Path::new(env!("CARGO_MANIFEST_DIR")), &hook_repo);
    ok(git(&hook_repo).args(["init", "-q"]));
    ok(git(&hook_repo).args(["add", "-A"]));
    ok(git(&hook_repo).args(["commit", "-q", "-m", "postlint"]));
    let rev = String::from_utf8(ok(git(&hook_repo).args(["rev-parse", "HEAD"])).stdout).unwrap();

    // 2. A user's repository of drafts.
    let drafts = t.path().join("drafts");
    fs::create_dir_all(&drafts).unwrap();
    ok(git(&drafts).args(["init", "-q"]));
    fs::write(
        drafts.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: postlint\n",
            hook_repo.display(),
            rev.trim()
        ),
    )
    .unwrap();
    // The hook build reuses one target folder across test runs: only the first is slow.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit-hook-target");
    let with_env = |c: &mut Command| {
        c.env("PRE_COMMIT_HOME", t.path().join("cache")).env("CARGO_TARGET_DIR", &target).env_remove("NO_COLOR");
    };
    let mut install = Command::new("pre-commit");
    install.current_dir(&drafts).args(["install", "--install-hooks"]);
    with_env(&mut install);
    ok(&mut install);

    let commit = |file: &str, text: &str| {
        fs::write(drafts.join(file), text).unwrap();
        ok(git(&drafts).args(["add", file, ".pre-commit-config.yaml"]));
        let mut c = git(&drafts);
        c.args(["commit", "-q", "-m", file]);
        with_env(&mut c);
        run(&mut c)
    };
    let clean = commit("clean.md", "Great discussion on sepsis bundles at grand rounds today.\n");
    assert!(
        clean.status.success(),
        "clean draft rejected:\n{}{}",
        String::from_utf8_lossy(&clean.stdout),
        String::from_utf8_lossy(&clean.stderr)
    );
    let bad = commit("ssn.md", "Note to self: patient SSN 523-11-0987 for the form.\n");
    let shown = format!("{}{}", String::from_utf8_lossy(&bad.stdout), String::from_utf8_lossy(&bad.stderr));
    assert!(!bad.status.success(), "draft with an SSN was committed:\n{shown}");
    assert!(shown.contains("phi.ssn"), "hook output does not name the rule:\n{shown}");
    assert!(!shown.contains("523-11-0987"), "hook output (a log, not a terminal) leaks the SSN:\n{shown}");
    // Only the clean draft made it into history.
    let log = String::from_utf8(ok(git(&drafts).args(["log", "--name-only", "--format=%s"])).stdout).unwrap();
    assert!(log.contains("clean.md") && !log.contains("ssn.md"), "{log}");
}

/// The shipped hook definitions and the example a user copies, read as the text they are.
#[test]
fn the_example_config_pins_a_revision_that_exists_and_names_shipped_hooks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let hooks = fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    let example = fs::read_to_string(root.join("examples/pre-commit-config.yaml")).unwrap();
    let value = |line: &str, key: &str| {
        line.trim()
            .trim_start_matches("- ")
            .strip_prefix(key)
            .map(|v| v.split('#').next().unwrap_or_default().trim().to_string())
    };
    let ids: Vec<String> = hooks.lines().filter_map(|l| value(l, "id:")).collect();
    assert_eq!(ids, ["postlint", "postlint-system"]);
    // Every hook gets all staged drafts in one run (one summary), and one needs no toolchain.
    assert_eq!(hooks.matches("require_serial: true").count(), ids.len(), "{hooks}");
    assert!(hooks.contains("language: system"), "{hooks}");
    // The hooks the example uses, commented out or not, are shipped.
    for line in example.lines() {
        if let Some(id) = value(line.trim_start_matches([' ', '#']), "id:") {
            assert!(ids.contains(&id), "the example uses hook `{id}`, which is not in .pre-commit-hooks.yaml");
        }
    }
    // The revision it pins exists here (a tag that was never made fails the first commit).
    let rev = example.lines().find_map(|l| value(l, "rev:")).expect("the example pins a rev");
    if !root.join(".git").exists() {
        // CI runs in a fresh clone: there a missing .git is a failure, not a pass.
        crate::common::skip("revision check: not a git checkout");
        return;
    }
    let known = git(root).args(["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")]).output().unwrap();
    assert!(
        known.status.success(),
        "examples/pre-commit-config.yaml pins `rev: {rev}`, which this repository does not have"
    );
}
