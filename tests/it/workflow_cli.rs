//! The real binary in the ways users run it: config files, suppression comments, baselines,
//! CI formats (SARIF validated against the official schema), masking, `fix` and `rule`.
//! Most tests use the fixed packs in tests/fixtures so their expected output does not move
//! when the built-in packs are tuned.

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// `postlint` with only the test packs loaded.
fn pl() -> assert_cmd::Command {
    let mut c = cargo_bin_cmd!("postlint");
    c.env_remove("NO_COLOR").env_remove("CI");
    c
}

fn with_packs(c: &mut assert_cmd::Command) -> &mut assert_cmd::Command {
    c.arg("--no-builtin")
        .arg("--rules")
        .arg(fixture("workflow_pack.toml"))
        .arg("--rules")
        .arg(fixture("workflow_profanity.toml"))
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap();
    }
    fs::write(path, text).unwrap();
}

fn jsonl(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// (rule, severity) of every finding in jsonl output.
fn rules_of(findings: &[Value]) -> Vec<(String, String)> {
    findings
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["severity"].as_str().unwrap().to_string()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

const POST: &str = "Saw John Smith on 3/14, SSN 523-11-0987, what the heck\n";

// ---------------------------------------------------------------- configuration

#[test]
fn config_is_found_nearest_first_and_plain_name_before_dotfile() {
    let t = tmp();
    let repo = t.path().join("repo");
    fs::create_dir_all(repo.join(".git")).unwrap();
    write(&repo.join("postlint.toml"), "ignore = [\"wf.date\"]\n");
    write(&repo.join("sub/.postlint.toml"), "ignore = [\"wf.name\"]\n");
    write(&repo.join("sub/deeper/post.md"), POST);

    let shown = |c: &mut assert_cmd::Command| String::from_utf8(c.output().unwrap().stdout).unwrap();
    // From the file being checked, the nearest config wins.
    let out = shown(with_packs(pl().current_dir(&repo).args(["config", "sub/deeper"])));
    assert!(out.contains(&format!("# settings from {}", repo.join("sub/.postlint.toml").display())), "{out}");
    assert!(out.contains("ignore = [\"wf.name\"]"), "{out}");
    // In one folder `postlint.toml` is preferred over `.postlint.toml`.
    write(&repo.join("sub/postlint.toml"), "ignore = [\"wfp\"]\n");
    let out = shown(with_packs(pl().current_dir(&repo).args(["config", "sub/deeper"])));
    assert!(out.contains("sub/postlint.toml"), "{out}");
    // The same applies to `check`: wfp is ignored, wf.date and wf.name are not.
    let out = with_packs(pl().current_dir(&repo).args(["check", "--format", "jsonl", "sub/deeper/post.md"]))
        .output()
        .unwrap();
    let rules: Vec<String> = rules_of(&jsonl(&out.stdout)).into_iter().map(|r| r.0).collect();
    assert_eq!(rules, ["wf.name", "wf.date", "wf.ssn"]);
    // --config overrides discovery; --isolated ignores every config.
    write(&t.path().join("elsewhere.toml"), "ignore = [\"wf.ssn\"]\n");
    let out =
        shown(with_packs(pl().current_dir(&repo).arg("config").arg("--config").arg(t.path().join("elsewhere.toml"))));
    assert!(out.contains("ignore = [\"wf.ssn\"]"), "{out}");
    let out = shown(with_packs(pl().current_dir(repo.join("sub")).args(["config", "--isolated"])));
    assert!(out.starts_with("# no config file"), "{out}");
    assert!(out.contains("ignore = []"), "{out}");
}

#[test]
fn each_file_gets_the_nearest_config_whatever_the_order_of_the_paths() {
    let t = tmp();
    let repo = t.path().join("repo");
    fs::create_dir_all(repo.join(".git")).unwrap();
    write(&repo.join("a/postlint.toml"), "ignore = [\"wf.ssn\"]\nfail-on = \"never\"\n");
    write(&repo.join("a/x.md"), POST);
    write(&repo.join("b/y.md"), POST);
    let run = |args: &[&str]| {
        let out = with_packs(pl().current_dir(&repo).args(["check", "--format", "jsonl"]).args(args)).output().unwrap();
        let found: Vec<(String, String)> = jsonl(&out.stdout)
            .iter()
            .map(|f| (f["path"].as_str().unwrap().to_string(), f["rule"].as_str().unwrap().to_string()))
            .collect();
        (out.status.code(), found)
    };
    let (code_ab, ab) = run(&["a/x.md", "b/y.md"]);
    let (code_ba, mut ba) = run(&["b/y.md", "a/x.md"]);
    assert_eq!(code_ab, Some(1), "b/y.md has an SSN and no config saying fail-on never");
    assert_eq!(code_ab, code_ba);
    let ssn = |path: &str| ab.iter().filter(|(p, r)| p == path && r == "wf.ssn").count();
    assert_eq!((ssn("a/x.md"), ssn("b/y.md")), (0, 1), "{ab:?}");
    ba.sort_by_key(|(p, _)| p != "a/x.md");
    assert_eq!(ab, ba);
    // a's own fail-on applies to a's file alone.
    assert_eq!(run(&["a/x.md"]).0, Some(0));
    // A folder walk applies each file's config too.
    let (_, walked) = run(&["."]);
    let walked: Vec<(String, String)> = walked.into_iter().map(|(p, r)| (p.replace("./", ""), r)).collect();
    assert_eq!(walked, ab);
    // --config means one config for every file.
    let (_, forced) = run(&["--config", "a/postlint.toml", "b/y.md", "a/x.md"]);
    assert!(forced.iter().all(|(_, r)| r != "wf.ssn"), "{forced:?}");
    // `fix` too: a's config switches the SSN rule off, so only b's SSN is redacted.
    let out = with_packs(pl().current_dir(&repo).args(["fix", "b/y.md", "a/x.md"])).output().unwrap();
    let fixed = String::from_utf8(out.stdout).unwrap();
    assert!(fixed.contains("==> b/y.md <==\nSaw [NAME] on [DATE], SSN [SSN],"), "{fixed}");
    assert!(fixed.contains("==> a/x.md <==\nSaw [NAME] on [DATE], SSN 523-11-0987,"), "{fixed}");
}

#[test]
fn select_takes_an_exact_rule_id() {
    let out = with_packs(pl().args(["check", "--isolated", "--format", "jsonl", "--select", "wf.ssn"]))
        .write_stdin(POST)
        .output()
        .unwrap();
    assert_eq!(rules_of(&jsonl(&out.stdout)), pairs(&[("wf.ssn", "error")]));
    // Half an id is no selector (a prefix ends at a dot), so it is an error, not "nothing".
    let out = with_packs(pl().args(["check", "--isolated", "--select", "wf.ss"])).write_stdin(POST).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`wf.ss` matches no rule"));
}

#[test]
fn config_search_stops_at_the_repository_root() {
    let t = tmp();
    write(&t.path().join("postlint.toml"), "ignore = [\"wf.date\"]\n");
    let repo = t.path().join("repo");
    fs::create_dir_all(repo.join(".git")).unwrap();
    let out = with_packs(pl().current_dir(&repo).arg("config")).output().unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.starts_with("# no config file"), "{out}");
    // Without a repository boundary the parent's config is found.
    let plain = t.path().join("plain");
    fs::create_dir_all(&plain).unwrap();
    let out = with_packs(pl().current_dir(&plain).args(["check", "--show-settings"])).output().unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains(&t.path().join("postlint.toml").display().to_string()), "{out}");
}

#[test]
fn select_ignore_and_severity_overrides() {
    let t = tmp();
    write(
        &t.path().join("postlint.toml"),
        "select = [\"wf\"]\nignore = [\"wf.date\"]\n[severity]\n\"wf\" = \"info\"\n\"wf.name\" = \"error\"\n",
    );
    let out =
        with_packs(pl().current_dir(t.path()).args(["check", "--format", "jsonl"])).write_stdin(POST).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(rules_of(&jsonl(&out.stdout)), pairs(&[("wf.name", "error"), ("wf.ssn", "info")]));

    // --select replaces the config's select; --ignore adds to its ignore.
    let out = with_packs(pl().current_dir(t.path()).args(["check", "--format", "jsonl", "--select", "wfp,wf.ssn"]))
        .write_stdin(POST)
        .output()
        .unwrap();
    assert_eq!(rules_of(&jsonl(&out.stdout)), pairs(&[("wf.ssn", "info"), ("wfp.curse", "error")]));
    let out = with_packs(pl().current_dir(t.path()).args(["check", "--format", "jsonl", "--ignore", "wf.name"]))
        .write_stdin(POST)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "only info findings left");
    assert_eq!(rules_of(&jsonl(&out.stdout)), pairs(&[("wf.ssn", "info")]));

    // `rules` shows what is switched off.
    let out = with_packs(pl().current_dir(t.path()).arg("rules")).output().unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.lines().any(|l| l.starts_with("wf.date") && l.contains("off")), "{out}");
}

#[test]
fn a_selector_that_matches_no_rule_is_an_error_with_its_position() {
    let t = tmp();
    write(&t.path().join("postlint.toml"), "# comment\nignore = [\"wf.ssn\", \"wf.typo\"]\n");
    let out = with_packs(pl().current_dir(t.path()).arg("check")).write_stdin(POST).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("postlint.toml:2:21: `wf.typo` matches no rule"), "{err}");
}

#[test]
fn invalid_config_names_file_line_and_column() {
    let t = tmp();
    write(&t.path().join(".postlint.toml"), "select = [\"wf\"]\nfail_on = \"never\"\n");
    let out = pl().current_dir(t.path()).arg("check").write_stdin("hello").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains(".postlint.toml:2:1:") && err.contains("unknown field `fail_on`"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn fail_on_from_config_and_command_line() {
    let t = tmp();
    write(&t.path().join("postlint.toml"), "fail-on = \"never\"\n");
    with_packs(pl().current_dir(t.path()).arg("check")).write_stdin(POST).assert().code(0);
    with_packs(pl().current_dir(t.path()).args(["check", "--fail-on", "error"])).write_stdin(POST).assert().code(1);
    write(&t.path().join("postlint.toml"), "fail-on = \"warning\"\nignore = [\"wf.ssn\", \"wfp\"]\n");
    with_packs(pl().current_dir(t.path()).arg("check")).write_stdin(POST).assert().code(1);
}

#[test]
fn allow_terms_and_patterns_from_config() {
    let t = tmp();
    write(
        &t.path().join("postlint.toml"),
        "[allow]\nterms = [\"John Smith\"]\npatterns = ['\\b900-\\d\\d-\\d{4}\\b']\n",
    );
    let post = "John Smith and Jane Roe, 900-12-3456 and 523-11-0987";
    let out = with_packs(pl().current_dir(t.path()).args(["check", "--format", "jsonl", "--show-matches"]))
        .write_stdin(post)
        .output()
        .unwrap();
    let matches: Vec<String> = jsonl(&out.stdout).iter().map(|f| f["match"].as_str().unwrap().to_string()).collect();
    assert_eq!(matches, ["Jane Roe", "523-11-0987"]);
}

#[test]
fn excluded_paths_are_not_checked() {
    let t = tmp();
    write(&t.path().join("postlint.toml"), "exclude = [\"archive\", \"*.bak.md\", \"drafts/private/**\"]\n");
    for f in ["drafts/a.md", "archive/b.md", "drafts/c.bak.md", "drafts/private/d.md", "drafts/archived.md"] {
        write(&t.path().join(f), POST);
    }
    let out = with_packs(pl().current_dir(t.path()).args(["check", "--format", "json", "."])).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut paths: Vec<&str> =
        doc["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    paths.dedup();
    assert_eq!(paths, ["./drafts/a.md", "./drafts/archived.md"]);
    assert_eq!(doc["summary"]["posts"], 2);
    // Files named explicitly (as pre-commit does) are excluded too.
    let out = with_packs(pl().current_dir(t.path()).args(["check", "archive/b.md"])).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "nothing checked: no posts found\n");
}

// ---------------------------------------------------------------- suppression

#[test]
fn each_suppression_form_silences_its_line() {
    let post = "<!-- postlint-disable-next-line wf.ssn -->\n\
                SSN 523-11-0987 on 3/14\n\
                Jane Roe <!-- postlint-disable-line -->\n\
                # postlint: ignore wf.date\n\
                seen 3/15 and 412-55-1234\n\
                John Smith here postlint: ignore wf.name\n\
                Jane Roe unsuppressed\n";
    let out =
        with_packs(pl().args(["check", "--format", "jsonl", "--show-matches"])).write_stdin(post).output().unwrap();
    let got: Vec<(String, u64)> = jsonl(&out.stdout)
        .iter()
        .map(|f| (f["match"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap()))
        .collect();
    let want = [("3/14", 2), ("412-55-1234", 5), ("Jane Roe", 7)];
    assert_eq!(got, want.map(|(m, l)| (m.to_string(), l)));
}

#[test]
fn unused_suppressions_are_reported_as_info() {
    let post = "<!-- postlint-disable-next-line wf.ssn, wfp -->\nSSN 523-11-0987\nnothing here postlint: ignore\n";
    let out =
        with_packs(pl().args(["check", "--format", "jsonl", "--fail-on", "info"])).write_stdin(post).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "info findings fail with --fail-on info");
    let findings = jsonl(&out.stdout);
    assert_eq!(
        rules_of(&findings),
        pairs(&[("postlint.unused-suppression", "info"), ("postlint.unused-suppression", "info")])
    );
    assert!(findings[0]["message"].as_str().unwrap().contains("lists wfp"), "{}", findings[0]);
    assert_eq!(findings[1]["line"], 3);
    assert_eq!(findings[1]["category"], "suppression");
}

#[test]
fn a_suppression_for_a_rule_this_run_switched_off_is_not_called_unused() {
    // The full run needs the comment; a run with --ignore must not tell the author to delete it.
    let post = "SSN 523-11-0987 postlint: ignore wf.ssn\n";
    let out = with_packs(pl().args(["check", "--format", "jsonl", "--fail-on", "info", "--ignore", "wf.ssn"]))
        .write_stdin(post)
        .output()
        .unwrap();
    assert!(rules_of(&jsonl(&out.stdout)).iter().all(|(r, _)| r != "postlint.unused-suppression"), "{out:?}");
    // Without --ignore it silences the finding, and nothing is reported.
    let out =
        with_packs(pl().args(["check", "--format", "jsonl", "--fail-on", "info"])).write_stdin(post).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn a_suppression_never_applies_to_another_file() {
    let t = tmp();
    write(&t.path().join("a.md"), "fine\n<!-- postlint-disable-next-line -->");
    write(&t.path().join("b.md"), "523-11-0987\n");
    let out =
        with_packs(pl().current_dir(t.path()).args(["check", "--format", "jsonl", "a.md", "b.md"])).output().unwrap();
    let findings = jsonl(&out.stdout);
    let got: Vec<(&str, &str)> =
        findings.iter().map(|f| (f["path"].as_str().unwrap(), f["rule"].as_str().unwrap())).collect();
    assert_eq!(got, [("a.md", "postlint.unused-suppression"), ("b.md", "wf.ssn")]);
}

// ---------------------------------------------------------------- baseline

#[test]
fn baseline_accepts_old_findings_even_when_lines_move() {
    let t = tmp();
    let draft = t.path().join("draft.md");
    write(&draft, "Jane Roe came in\nSSN 523-11-0987\n");
    let base = t.path().join("baseline.json");
    let out = with_packs(pl().current_dir(t.path()).args(["check", "--write-baseline", "baseline.json", "draft.md"]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stored = fs::read_to_string(&base).unwrap();
    let doc: Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 2);
    assert!(!stored.contains("523") && !stored.contains("Roe"), "baseline must not store matched text: {stored}");

    // Move everything down, add a new identifier and repeat an old one.
    write(&draft, "New intro line\n\nSSN 523-11-0987\nJane Roe came in\nand John Smith\nJane Roe again\n");
    let out = with_packs(pl().current_dir(t.path()).args([
        "check",
        "--format",
        "jsonl",
        "--show-matches",
        "--baseline",
        "baseline.json",
        "draft.md",
    ]))
    .output()
    .unwrap();
    let got: Vec<String> = jsonl(&out.stdout).iter().map(|f| f["match"].as_str().unwrap().to_string()).collect();
    assert_eq!(got, ["John Smith", "Jane Roe"]);
    assert_eq!(out.status.code(), Some(0), "only warnings are new");

    // A broken baseline is an error, not an empty baseline.
    write(&base, "{ not json");
    with_packs(pl().current_dir(t.path()).args(["check", "--baseline", "baseline.json", "draft.md"])).assert().code(2);
}

/// Findings left after `check --baseline` run from `dir` on `path` (jsonl output).
fn new_findings(dir: &Path, baseline: &str, path: &str) -> usize {
    let out = with_packs(pl().current_dir(dir).args(["check", "--format", "jsonl", "--baseline", baseline, path]))
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    jsonl(&out.stdout).len()
}

#[test]
fn baseline_paths_are_relative_to_the_repository_root_however_the_file_is_named() {
    let t = tmp();
    let repo = t.path().join("repo");
    fs::create_dir_all(repo.join(".git")).unwrap();
    write(&repo.join("bl/x.md"), "Jane Roe came in\nSSN 523-11-0987\n");
    let out = with_packs(pl().current_dir(&repo).args(["check", "--write-baseline", "base.json", "./bl/x.md"]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stored: Value = serde_json::from_str(&fs::read_to_string(repo.join("base.json")).unwrap()).unwrap();
    assert_eq!(stored["version"], 2);
    assert_eq!(stored["findings"][0]["path"], "bl/x.md");
    let abs = repo.join("bl/x.md").display().to_string();
    assert_eq!(new_findings(&repo, "base.json", "./bl/x.md"), 0);
    assert_eq!(new_findings(&repo, "base.json", "bl/x.md"), 0);
    assert_eq!(new_findings(&repo, "base.json", &abs), 0);
    assert_eq!(new_findings(&repo.join("bl"), "../base.json", "x.md"), 0);
    assert_eq!(new_findings(&repo.join("bl"), "../base.json", "../bl/./x.md"), 0);
    assert_eq!(new_findings(t.path(), "repo/base.json", "repo/bl/x.md"), 0);
    // A different file with the same text is still new.
    write(&repo.join("bl/y.md"), "Jane Roe came in\nSSN 523-11-0987\n");
    assert_eq!(new_findings(&repo, "base.json", "bl/y.md"), 2);

    // A version-1 baseline (paths as typed) is still read.
    let out = with_packs(pl().current_dir(&repo).args(["check", "--write-baseline", "old.json", "bl/x.md"]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let old = fs::read_to_string(repo.join("old.json")).unwrap().replace("\"version\": 2", "\"version\": 1");
    write(&repo.join("old.json"), &old);
    assert_eq!(new_findings(&repo, "old.json", "bl/x.md"), 0);
}

// ---------------------------------------------------------------- formats and masking

#[test]
fn ci_formats_mask_matches_unless_asked() {
    for format in ["jsonl", "json", "sarif", "github"] {
        let out = with_packs(pl().args(["check", "--format", format])).write_stdin(POST).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        for secret in ["523-11-0987", "John Smith", "3/14"] {
            assert!(!text.contains(secret), "{format} leaks {secret}:\n{text}");
        }
        let out =
            with_packs(pl().args(["check", "--show-matches", "--format", format])).write_stdin(POST).output().unwrap();
        if format.starts_with("json") {
            assert!(String::from_utf8(out.stdout).unwrap().contains("523-11-0987"), "{format} --show-matches");
        }
    }
    // Text piped somewhere other than a terminal is masked too; --show-matches shows it.
    let out = with_packs(pl().arg("check")).write_stdin(POST).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Saw J*** S**** on */**, SSN ***-**-0987, what the h***"), "{text}");
    let out = with_packs(pl().args(["check", "--show-matches"])).write_stdin(POST).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains(POST.trim_end()));
}

#[test]
fn masking_keeps_the_scoring_contract() {
    let input = "{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": 7, \"text\": \"SSN 523-11-0987 and Jane Roe\"}\n";
    let run = |extra: &[&str]| {
        let out = with_packs(pl().args(["check", "--input", "jsonl", "--format", "jsonl"]).args(extra))
            .write_stdin(input)
            .output()
            .unwrap();
        jsonl(&out.stdout)
    };
    let (masked, shown) = (run(&[]), run(&["--show-matches"]));
    assert_eq!(masked.len(), 2);
    for (m, s) in masked.iter().zip(&shown) {
        for key in ["record", "id", "rule", "category", "severity", "start", "end", "line", "column"] {
            assert_eq!(m[key], s[key], "{key}");
        }
    }
    assert_eq!(masked[0]["record"], 1);
    assert_eq!(masked[0]["match"], "***-**-0987");
    assert_eq!(shown[0]["match"], "523-11-0987");
    assert_eq!(masked[1]["match"], "J*** R**");
}

#[test]
fn github_format_exact_output() {
    let t = tmp();
    write(&t.path().join("drafts/post one.md"), "Hi,\nJohn Smith: 523-11-0987\n");
    let out = with_packs(pl().current_dir(t.path()).args(["check", "--format", "github", "drafts/post one.md"]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "::warning file=drafts/post one.md,line=2,col=1,endColumn=11,title=postlint wf.name::\
         This looks like a patient's name. Remove the name or use initials that cannot identify anyone.\n\
         ::error file=drafts/post one.md,line=2,col=13,endColumn=24,title=postlint wf.ssn::\
         This looks like a Social Security number. Remove the number.\n\
         postlint: 1 errors, 1 warnings, 0 info in 1 of 1 posts\n"
    );
}

#[test]
fn stdin_filename_names_the_post() {
    let out = with_packs(pl().args(["check", "--format", "github", "--stdin-filename", "drafts/today.md"]))
        .write_stdin("523-11-0987")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("::error file=drafts/today.md,line=1,col=1,"), "{text}");
    let out = with_packs(pl().args(["check", "--stdin-filename", "x.txt", "--show-matches"]))
        .write_stdin("523-11-0987")
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("x.txt:1:1: error[wf.ssn]"));
}

/// Loud message that cargo's test harness does not capture.
#[test]
fn sarif_output_is_valid_sarif_2_1_0_for_code_scanning() {
    let t = tmp();
    write(
        &t.path().join("drafts/a.md"),
        "John Smith\n<!-- postlint-disable-line wfp -->\nSSN 523-11-0987 héllo heck\n",
    );
    write(&t.path().join("posts.jsonl"), "{\"id\": \"p1\", \"text\": \"Jane Roe on 3/14\"}\n");
    let out =
        with_packs(pl().current_dir(t.path()).args(["check", "--format", "sarif", "drafts/a.md"])).output().unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let jsonl_out =
        with_packs(pl().current_dir(t.path()).args(["check", "--format", "sarif", "--input", "jsonl", "posts.jsonl"]))
            .output()
            .unwrap();
    let sarif_jsonl: Value = serde_json::from_slice(&jsonl_out.stdout).unwrap();

    // What GitHub code scanning relies on.
    let run = &sarif["runs"][0];
    assert_eq!(sarif["version"], "2.1.0");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let rule_ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(rule_ids.contains(&"wf.ssn") && rule_ids.contains(&"postlint.unused-suppression"));
    let ssn_rule = &rules[rule_ids.iter().position(|r| *r == "wf.ssn").unwrap()];
    assert_eq!(ssn_rule["defaultConfiguration"]["level"], "error");
    assert_eq!(ssn_rule["shortDescription"]["text"], "This looks like a Social Security number.");
    let results = run["results"].as_array().unwrap();
    let got: Vec<(&str, &str)> =
        results.iter().map(|r| (r["ruleId"].as_str().unwrap(), r["level"].as_str().unwrap())).collect();
    assert_eq!(
        got,
        [("wf.name", "warning"), ("postlint.unused-suppression", "note"), ("wf.ssn", "error"), ("wfp.curse", "error")]
    );
    let ssn = &results[2];
    assert_eq!(rules[ssn["ruleIndex"].as_u64().unwrap() as usize]["id"], "wf.ssn");
    let loc = &ssn["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "drafts/a.md");
    assert_eq!(loc["region"], serde_json::json!({"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 16}));
    let curse = &results[3]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (curse["startColumn"].as_u64(), curse["endColumn"].as_u64()),
        (Some(23), Some(27)),
        "columns count characters"
    );
    assert_eq!(ssn["partialFingerprints"]["postlint/v1"].as_str().unwrap().len(), 32);
    // Fingerprints do not depend on the line.
    write(
        &t.path().join("drafts/a.md"),
        "\n\nJohn Smith\n<!-- postlint-disable-line wfp -->\nSSN 523-11-0987 héllo heck\n",
    );
    let again =
        with_packs(pl().current_dir(t.path()).args(["check", "--format", "sarif", "drafts/a.md"])).output().unwrap();
    let again: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["runs"][0]["results"][2]["partialFingerprints"], ssn["partialFingerprints"]);
    assert_eq!(sarif_jsonl["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"], 1);

    validate_against_schema(&[&sarif, &sarif_jsonl]);
}

/// Validate SARIF logs with Python's `jsonschema` against the official SARIF 2.1.0 schema in
/// tests/fixtures (shipped by Microsoft's SARIF SDK npm package; see tests/fixtures/README.md).
/// A deliberately broken log must be rejected, so a validator that accepts anything fails.
fn validate_against_schema(logs: &[&Value]) {
    let script = r#"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
v = cls(schema)
bad = 0
for path in sys.argv[2:]:
    errors = sorted(v.iter_errors(json.load(open(path))), key=lambda e: list(e.path))
    for e in errors[:5]:
        print(path, list(e.path), e.message)
    bad += bool(errors)
print("invalid:", bad)
"#;
    let probe = StdCommand::new("python3").args(["-c", "import jsonschema"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        crate::common::skip(
            "sarif schema validation: python3 with the `jsonschema` package is not available (pip install jsonschema)",
        );
        return;
    }
    let t = tmp();
    let mut files = Vec::new();
    for (i, log) in logs.iter().enumerate() {
        let p = t.path().join(format!("log{i}.sarif"));
        fs::write(&p, serde_json::to_string(log).unwrap()).unwrap();
        files.push(p);
    }
    let mut broken = (*logs[0]).clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    let bad = t.path().join("broken.sarif");
    fs::write(&bad, serde_json::to_string(&broken).unwrap()).unwrap();

    let run = |paths: &[PathBuf]| {
        let out = StdCommand::new("python3")
            .arg("-c")
            .arg(script)
            .arg(fixture("sarif-schema-2.1.0.json"))
            .args(paths)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let report = run(&files);
    assert!(report.ends_with("invalid: 0\n"), "postlint's SARIF does not validate:\n{report}");
    let report = run(&[bad]);
    assert!(report.ends_with("invalid: 1\n"), "the validator accepted a broken log:\n{report}");
}

// ---------------------------------------------------------------- fix

#[test]
fn fix_prints_the_redacted_post_and_lists_what_needs_a_person() {
    let post = "My patient John Smith, SSN 523-11-0987, seen 3/14. What the heck.\n";
    let out = with_packs(pl().arg("fix")).write_stdin(post).output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "My patient [NAME], SSN [SSN], seen [DATE]. What the ****.\n");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "<stdin>:1:1: needs a person: info[wf.story] This reads like a story about a patient. \
         Ask whether the patient could recognise themselves; get consent or leave it out.\n"
    );
    assert_eq!(out.status.code(), Some(0), "an info finding left does not fail by default");
    with_packs(pl().args(["fix", "--fail-on", "info"])).write_stdin(post).assert().code(1);
}

#[cfg(unix)]
#[test]
fn fix_write_rewrites_files_in_place_keeping_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let t = tmp();
    let a = t.path().join("a.md");
    let clean = t.path().join("clean.md");
    write(&a, "Jane Roe, 412-55-1234\n");
    write(&clean, "All good\n");
    fs::set_permissions(&a, fs::Permissions::from_mode(0o600)).unwrap();
    let before_clean = fs::metadata(&clean).unwrap().modified().unwrap();
    let out = with_packs(pl().current_dir(t.path()).args(["fix", "--write", "a.md", "clean.md"])).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "a.md: fixed 2: wf.name -> [NAME] (line 1), wf.ssn -> [SSN] (line 1)\n"
    );
    assert_eq!(fs::read_to_string(&a).unwrap(), "[NAME], [SSN]\n");
    assert_eq!(fs::metadata(&a).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(fs::metadata(&clean).unwrap().modified().unwrap(), before_clean, "unchanged file not rewritten");
    let names: Vec<_> = fs::read_dir(t.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "no temporary files left: {names:?}");
    // Standard input cannot be written back.
    with_packs(pl().args(["fix", "--write"])).write_stdin("x").assert().code(2);
}

/// `postlint fix` (then `args`) with the built-in packs and no config file.
fn builtin(args: &[&str]) -> assert_cmd::Command {
    let mut c = pl();
    c.args(args).arg("--isolated");
    c
}

#[test]
fn fix_names_placeholders_by_identifier_kind_with_the_builtin_packs() {
    let out = builtin(&["fix"]).write_stdin("My patient John Smith, MRN 00412345, was admitted 3/14").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "My patient [NAME], [MRN], was admitted [DATE]");
    let out = builtin(&["fix"]).write_stdin("Mr. Okafor on ward 6 is 93 years old today").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "Mr. [NAME] on ward 6 is [AGE OVER 89] today");
}

#[test]
fn fix_redacts_names_and_addresses_across_a_line_break() {
    let post = "Discharged my patient John\nSmith to 42 Elm\nStreet this morning\n";
    let out = builtin(&["fix"]).write_stdin(post).output().unwrap();
    let fixed = String::from_utf8(out.stdout).unwrap();
    assert!(!fixed.contains("Smith") && !fixed.contains("Elm"), "{fixed}");
    assert!(fixed.contains("[NAME]") && fixed.contains("[ADDRESS]"), "{fixed}");
}

#[test]
fn fix_is_idempotent_and_check_passes_for_what_it_fixed() {
    let t = tmp();
    let a = t.path().join("a.md");
    write(&a, "Pt Jane Okafor, DOB 04/12/1961, call 617-555-0142. What a fucking week \u{1f92c}\n");
    builtin(&["fix", "--write", "--fail-on", "never", "a.md"]).current_dir(t.path()).assert().code(0);
    let once = fs::read_to_string(&a).unwrap();
    assert_eq!(once, "Pt [NAME], DOB [DATE], call [PHONE]. What a ******* week *\n", "profanity starred out whole");
    // What fix handles (identifiers, profanity) is gone for check too.
    let out = builtin(&["check", "--format", "jsonl", "a.md"]).current_dir(t.path()).output().unwrap();
    let left = jsonl(&out.stdout);
    assert!(left.iter().all(|f| !["phi", "profanity"].contains(&f["category"].as_str().unwrap())), "{once}\n{left:?}");
    // A second fix changes nothing and rewrites nothing.
    let modified = fs::metadata(&a).unwrap().modified().unwrap();
    let out = builtin(&["fix", "--write", "--fail-on", "never", "a.md"]).current_dir(t.path()).output().unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains("fixed"), "nothing reported as fixed");
    assert_eq!(fs::read_to_string(&a).unwrap(), once);
    assert_eq!(fs::metadata(&a).unwrap().modified().unwrap(), modified);
}

#[test]
fn fix_diff_prints_a_unified_diff() {
    let t = tmp();
    write(&t.path().join("d.md"), "Jane Roe came in\nall fine\n");
    let out = with_packs(pl().current_dir(t.path()).args(["fix", "--diff", "d.md"])).output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "--- a/d.md\n+++ b/d.md\n@@ -1,2 +1,2 @@\n-Jane Roe came in\n+[NAME] came in\n all fine\n"
    );
    assert_eq!(fs::read_to_string(t.path().join("d.md")).unwrap(), "Jane Roe came in\nall fine\n", "not written");
}

#[test]
fn fix_redacts_a_jsonl_export_keeping_the_other_fields() {
    let input = "{\"id\": \"a\", \"at\": \"2026-03-01T09:00\", \"text\": \"Jane Roe, 412-55-1234\"}\n\n\
                 {\"id\": \"b\", \"text\": \"all good\"}\nnot json\n";
    let out = with_packs(pl().args(["fix", "--input", "jsonl"])).write_stdin(input).output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "{\"id\":\"a\",\"at\":\"2026-03-01T09:00\",\"text\":\"[NAME], [SSN]\"}\n\n{\"id\": \"b\", \"text\": \"all good\"}\n"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("<stdin>:4:2: not a JSON object") && err.contains("left out"), "{err}");
    assert_eq!(out.status.code(), Some(2));
    // Rewritten in place too; a file with a bad line is not.
    let t = tmp();
    write(&t.path().join("x.jsonl"), "{\"text\": \"Jane Roe\", \"n\": 1}\n");
    let out = with_packs(pl().current_dir(t.path()).args(["fix", "--input", "jsonl", "--write", "x.jsonl"]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(fs::read_to_string(t.path().join("x.jsonl")).unwrap(), "{\"text\":\"[NAME]\",\"n\":1}\n");
}

// ---------------------------------------------------------------- explain

#[test]
fn rule_explains_one_rule() {
    let out = with_packs(pl().args(["rule", "wf.ssn"])).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for part in [
        "wf.ssn (phi rule, severity error)",
        "What it finds\n  This looks like a Social Security number.",
        "Why it matters\n  Test SSN rule.",
        "How to fix it\n  Remove the number.",
        "Flagged, for example\n  - 523-11-0987",
        "Not flagged, for example\n  - 5231-10987",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
    let out = with_packs(pl().args(["rule", "wf"])).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("wf.ssn, wf.name, wf.date, wf.story"));
    with_packs(pl().args(["rule", "nope"])).assert().code(2);
    // Every built-in rule can be explained.
    let out = pl().args(["rules", "--format", "json"]).output().unwrap();
    let rules: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!rules.is_empty());
    for r in &rules {
        for key in ["id", "category", "severity", "message", "help", "description", "source", "enabled", "examples"] {
            assert!(r.get(key).is_some(), "rules --format json lacks {key}: {r}");
        }
        pl().args(["rule", r["id"].as_str().unwrap()]).assert().code(0);
    }
}

#[test]
fn readme_config_example_is_a_valid_config() {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme.split("## Configuration").nth(1).expect("README has a Configuration section");
    let block = section.split("```toml\n").nth(1).and_then(|b| b.split("```").next()).expect("a toml block");
    let t = tmp();
    write(&t.path().join("postlint.toml"), block);
    fs::create_dir_all(t.path().join("compliance/packs")).unwrap();
    let out = pl().current_dir(t.path()).arg("config").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("fail-on = \"warning\""), "{out}");
}

#[test]
fn sarif_exact_output() {
    let t = tmp();
    write(&t.path().join("a.md"), "John Smith\n<!-- postlint-disable-line wfp -->\nSSN 523-11-0987 héllo heck\n");
    let out = with_packs(pl().current_dir(t.path()).args(["check", "--format", "sarif", "a.md"])).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    let want =
        fs::read_to_string(fixture("snapshots/check.sarif")).unwrap().replace("{VERSION}", env!("CARGO_PKG_VERSION"));
    let want: Value = serde_json::from_str(&want).unwrap();
    assert_eq!(got, want, "got:\n{}", serde_json::to_string_pretty(&got).unwrap());
}

#[test]
fn a_failed_run_is_never_reported_as_ok() {
    let t = tmp();
    fs::write(t.path().join("bad.md"), b"caf\xe9").unwrap();
    fs::write(t.path().join("bad.jsonl"), "not json\n{\"text\": 1}\n").unwrap();
    let text = |args: &[&str]| {
        let out =
            with_packs(pl().current_dir(t.path()).args(["check", "--color", "never"]).args(args)).output().unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    };
    for args in [&["missing.md"][..], &["bad.md"], &["--input", "jsonl", "bad.jsonl"]] {
        let (code, out, _) = text(args);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(out.starts_with("failed: ") && !out.contains("ok:"), "{args:?}: {out}");
    }
    let (_, _, err) = text(&["missing.md"]);
    assert_eq!(err, "postlint: error: missing.md: no such file or folder\n", "no 0:0 position");
    // json: an `errors` list; sarif: a failed invocation with a notification per input.
    let out = with_packs(pl().current_dir(t.path()).args(["check", "--format", "json", "missing.md", "bad.md"]))
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = doc["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{doc}");
    assert_eq!((errors[1]["path"].as_str(), errors[1]["line"].as_u64()), (Some("bad.md"), Some(1)));
    assert_eq!(doc["summary"]["failed"], 2);
    let out =
        with_packs(pl().current_dir(t.path()).args(["check", "--format", "sarif", "missing.md"])).output().unwrap();
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(invocation["toolExecutionNotifications"][0]["message"]["text"], "no such file or folder");
    // A named pipe is refused at once instead of blocking the run.
    #[cfg(unix)]
    {
        let fifo = t.path().join("pipe.md");
        assert!(StdCommand::new("mkfifo").arg(&fifo).status().unwrap().success());
        let (code, _, err) = text(&["pipe.md"]);
        assert_eq!(code, Some(2));
        assert!(err.contains("pipe.md: not a regular file"), "{err}");
    }
    // A JSONL record with its text twice is an error, not a post with the first value unchecked.
    let out = with_packs(pl().args(["check", "--input", "jsonl"]))
        .write_stdin("{\"text\": \"SSN 523-11-0987\", \"text\": \"hi\"}\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("duplicate field `text`"));
}

#[test]
fn text_on_a_terminal_shows_the_match() {
    // `script` (util-linux) runs the command on a pseudo-terminal.
    let t = tmp();
    write(&t.path().join("d.md"), "SSN 523-11-0987\n");
    let bin = assert_cmd::cargo::cargo_bin!("postlint");
    let cmd = format!(
        "{} check --color never --no-builtin --rules {} d.md",
        bin.display(),
        fixture("workflow_pack.toml").display()
    );
    let Ok(out) = StdCommand::new("script").current_dir(t.path()).args(["-qec", &cmd, "/dev/null"]).output() else {
        crate::common::skip("terminal test: `script` (util-linux) is not installed");
        return;
    };
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("1 | SSN 523-11-0987"), "{shown}");
}

#[test]
fn unused_suppression_rule_can_be_explained() {
    let out = with_packs(pl().args(["rule", "postlint.unused-suppression"])).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("How to fix it\n  Remove the comment"));
}

#[test]
fn paths_in_a_config_given_with_config_are_relative_to_that_file() {
    let t = tmp();
    write(&t.path().join("conf/lint.toml"), "rules = [\"packs\"]\nexclude = [\"drafts/old/**\"]\n");
    fs::create_dir_all(t.path().join("conf/packs")).unwrap();
    fs::copy(fixture("workflow_pack.toml"), t.path().join("conf/packs/wf.toml")).unwrap();
    write(&t.path().join("conf/drafts/old/a.md"), "523-11-0987");
    write(&t.path().join("conf/drafts/new/b.md"), "523-11-0987");
    let out = pl()
        .current_dir(t.path())
        .args(["check", "--no-builtin", "--format", "jsonl", "--config", "conf/lint.toml", "conf/drafts"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let paths: Vec<String> = jsonl(&out.stdout).iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
    assert_eq!(paths, ["conf/drafts/new/b.md"]);
}

// ---------------------------------------------------------------- completions and man page

#[test]
fn completions_are_valid_shell_and_know_the_options() {
    let out = pl().args(["completions", "bash"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let script = String::from_utf8(out.stdout).unwrap();
    for word in ["check", "fix", "test-rules", "--text-field", "--id-field", "csv", "--write-baseline"] {
        assert!(script.contains(word), "bash completions lack {word}");
    }
    let dir = tmp();
    let file = dir.path().join("postlint.bash");
    fs::write(&file, &script).unwrap();
    let syntax = StdCommand::new("bash").arg("-n").arg(&file).output().unwrap();
    assert!(syntax.status.success(), "{}", String::from_utf8_lossy(&syntax.stderr));
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = pl().args(["completions", shell]).output().unwrap();
        assert!(out.status.success() && out.stdout.len() > 1000, "{shell}");
    }
    pl().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_page_documents_every_subcommand() {
    let out = pl().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH postlint 1"), "{page}");
    for section in ["POSTLINT CHECK", "POSTLINT FIX", "POSTLINT RULE", "POSTLINT TEST-RULES", "POSTLINT COMPLETIONS"] {
        assert!(page.contains(&format!(".SH \"{section}\"")), "no {section} section");
    }
    assert!(page.contains(r"\-\-text\-field"), "check's options are in the page");
    assert!(!page.contains(".SH OPTIONS\n.SH"), "no empty sections");
}

#[test]
fn every_error_has_the_one_prefix_usage_errors_included() {
    let t = tmp();
    for args in [&["check", "--bogus"][..], &["chek"], &["check", "missing.md"], &["rule", "phi.sn"]] {
        let out = pl().current_dir(t.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("postlint: error: "), "{args:?}: {err}");
    }
    // `rule` suggests the nearest id.
    let out = pl().args(["rule", "phi.sn"]).output().unwrap();
    assert!(String::from_utf8(out.stderr).unwrap().contains("did you mean `phi.ssn`?"));
    let help = pl().args(["check", "--help"]).output().unwrap();
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8(help.stdout).unwrap().contains("Usage: postlint check"));
}

#[test]
fn a_terminal_on_stdin_gets_a_one_line_hint() {
    let bin = assert_cmd::cargo::cargo_bin!("postlint");
    // `script` gives `check` a terminal as stdin (`timeout` only guards against a
    // `check` left behind).
    let cmd = format!("timeout 120 {} check --isolated --color never", bin.display());
    let Ok(mut child) = StdCommand::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    else {
        crate::common::skip("terminal hint test: `script` (util-linux) is not installed");
        return;
    };
    // The test reads the terminal until the hint shows and then stops `script`: ending the
    // post with Ctrl-D through `script` raced with its hang-up on CI machines under load
    // (twice a failed run). That empty input is "no posts" is tested on a pipe.
    let _typed = child.stdin.take().unwrap();
    let mut screen = child.stdout.take().unwrap();
    let mut shown = Vec::new();
    let mut chunk = [0u8; 4096];
    while !String::from_utf8_lossy(&shown).contains("end it with Ctrl-D") {
        let n = std::io::Read::read(&mut screen, &mut chunk).unwrap_or(0);
        if n == 0 {
            break;
        }
        shown.extend_from_slice(&chunk[..n]);
    }
    let _ = child.kill();
    let _ = child.wait();
    let shown = String::from_utf8_lossy(&shown);
    assert!(shown.contains("postlint: reading a post from the terminal (end it with Ctrl-D"), "{shown}");
}
