//! The real binary, end to end: input kinds, formats, exit codes, rule packs and their errors.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

const DEMO: &str = "tests/fixtures/packs/demo.toml";

fn postlint() -> Command {
    let mut cmd = Command::cargo_bin("postlint").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

/// `postlint check` with only the demo pack, so outputs stay stable as built-in packs grow.
fn demo_check(args: &[&str]) -> Command {
    let mut cmd = postlint();
    cmd.args(["check", "--no-builtin", "--rules", DEMO]).args(args);
    cmd
}

fn stdout_of(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn jsonl(stdout: &str) -> Vec<Value> {
    stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn readme_sample_post_is_flagged_by_builtin_packs() {
    let (code, out, _) = stdout_of(
        postlint()
            .args(["check", "--color", "never"])
            .write_stdin("My patient John Smith, MRN 00412345, was admitted 3/14"),
    );
    assert_eq!(code, 1);
    assert!(out.contains("error[phi.mrn]"), "{out}");
    assert!(out.contains("help:"), "{out}");
}

#[test]
fn text_format_exact_output() {
    let (code, out, _) =
        stdout_of(demo_check(&["--color", "never", "--show-matches"]).write_stdin("Well darn.\n🎉 SSN 523-11-0987 ok"));
    assert_eq!(code, 1);
    let want = "\
<stdin>:1:6: warning[demo.darn] Mild language.
  |
1 | Well darn.
  |      ^^^^
  = help: Pick another word.

<stdin>:2:7: error[demo.ssn] This looks like a Social Security number.
  |
2 | 🎉 SSN 523-11-0987 ok
  |        ^^^^^^^^^^^
  = help: Remove the number.

found: 1 error, 1 warning, 0 info in 1 post of 1 checked
";
    assert_eq!(out, want);
}

#[test]
fn clean_post_exits_zero_with_a_summary() {
    let (code, out, _) = stdout_of(demo_check(&["--color", "never"]).write_stdin("all good"));
    assert_eq!(code, 0);
    assert_eq!(out, "ok: 1 post checked, no problems found\n");
}

#[test]
fn colour_always_never_and_no_color() {
    let (_, coloured, _) = stdout_of(demo_check(&["--color", "always"]).write_stdin("darn"));
    assert!(coloured.contains("\x1b["), "{coloured:?}");
    let (_, plain, _) = stdout_of(demo_check(&["--color", "never"]).write_stdin("darn"));
    assert!(!plain.contains("\x1b["));
    // Not a terminal and NO_COLOR set: no escape codes in auto mode.
    let (_, auto, _) = stdout_of(demo_check(&[]).env("NO_COLOR", "1").write_stdin("darn"));
    assert!(!auto.contains("\x1b["));
}

#[test]
fn jsonl_fields_are_the_public_contract() {
    let (code, out, _) = stdout_of(demo_check(&["--format", "jsonl"]).write_stdin("é 523-11-0987"));
    assert_eq!(code, 1);
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    for field in [
        "path", "record", "id", "rule", "category", "severity", "message", "help", "start", "end", "line", "column",
        "match",
    ] {
        assert!(r.get(field).is_some(), "missing {field}: {r}");
    }
    assert_eq!(r["path"], "<stdin>");
    assert_eq!(r["rule"], "demo.ssn");
    assert_eq!(r["severity"], "error");
    assert_eq!((r["start"].as_u64(), r["end"].as_u64()), (Some(3), Some(14)));
    assert_eq!((r["line"].as_u64(), r["column"].as_u64()), (Some(1), Some(3)));
}

#[test]
fn json_is_one_document_with_summary() {
    let (_, out, _) = stdout_of(demo_check(&["--format", "json"]).write_stdin("darn 523-11-0987"));
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 2);
    assert_eq!(doc["summary"]["errors"], 1);
    assert_eq!(doc["summary"]["warnings"], 1);
    assert_eq!(doc["summary"]["posts"], 1);
}

#[test]
fn jsonl_input_carries_record_and_id_and_survives_bad_lines() {
    let input = concat!(
        "{\"id\": \"a\", \"text\": \"darn\"}\n",
        "not json\n",
        "{\"id\": 7, \"body\": \"no text field\"}\n",
        "\n",
        "{\"text\": \"ssn 523-11-0987\"}\n",
    );
    let (code, out, err) = stdout_of(demo_check(&["--input", "jsonl", "--format", "jsonl"]).write_stdin(input));
    assert_eq!(code, 2, "bad lines make the run fail: {err}");
    assert!(err.contains("<stdin>:2:"), "{err}");
    assert!(err.contains("<stdin>:3:") && err.contains("`text`"), "{err}");
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 2, "{out}");
    assert_eq!((rows[0]["record"].as_u64(), rows[0]["id"].as_str()), (Some(0), Some("a")));
    assert_eq!((rows[1]["record"].as_u64(), rows[1]["id"].clone()), (Some(4), Value::Null));
}

#[test]
fn text_field_option_picks_another_field() {
    let (code, out, _) = stdout_of(
        demo_check(&["--input", "jsonl", "--format", "jsonl", "--text-field", "body"])
            .write_stdin("{\"body\": \"darn\"}\n"),
    );
    assert_eq!(code, 0, "a warning does not fail by default");
    assert_eq!(jsonl(&out)[0]["rule"], "demo.darn");
}

#[test]
fn files_folders_and_dash() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("a.txt"), "darn").unwrap();
    std::fs::write(dir.path().join("sub/b.md"), "x\n523-11-0987").unwrap();
    std::fs::write(dir.path().join(".hidden"), "darn").unwrap();
    let (code, out, _) =
        stdout_of(demo_check(&["--format", "jsonl"]).arg(dir.path()).arg("-").write_stdin("darn from stdin"));
    assert_eq!(code, 1);
    let rows = jsonl(&out);
    let paths: Vec<&str> = rows.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths[0].ends_with("a.txt") && paths[1].ends_with("b.md") && paths[2] == "<stdin>", "{paths:?}");
    assert_eq!(rows[1]["line"], 2);
}

#[test]
fn missing_file_is_an_error_but_others_are_checked() {
    let (code, out, err) = stdout_of(demo_check(&["--format", "jsonl", "no/such/file.txt", "-"]).write_stdin("darn"));
    assert_eq!(code, 2);
    assert!(err.contains("no/such/file.txt") && err.contains("no such file"), "{err}");
    assert_eq!(jsonl(&out).len(), 1);
}

#[test]
fn invalid_utf8_names_line_column_and_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("latin1.txt");
    std::fs::write(&file, b"ok line\ncaf\xe9 au lait").unwrap();
    let (code, _, err) = stdout_of(demo_check(&[]).arg(&file));
    assert_eq!(code, 2);
    assert!(err.contains("latin1.txt:2:4") && err.contains("offset 11"), "{err}");
}

#[test]
fn fail_on_decides_the_exit_status() {
    let run =
        |fail_on: &str, text: &str| stdout_of(demo_check(&["--fail-on", fail_on]).write_stdin(text.to_string())).0;
    assert_eq!(run("error", "darn"), 0);
    assert_eq!(run("warning", "darn"), 1);
    assert_eq!(run("never", "523-11-0987"), 0);
    assert_eq!(run("error", "523-11-0987"), 1);
}

#[test]
fn user_pack_folder_adds_rules_and_two_user_packs_with_one_id_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let other = std::fs::read_to_string(DEMO).unwrap().replace("terms = [\"darn\"]", "terms = [\"heck\"]");
    let renamed = other.replacen("id = \"demo\"", "id = \"demo2\"", 1).replace("\"demo.", "\"demo2.");
    std::fs::write(dir.path().join("demo2.toml"), &renamed).unwrap();
    let (_, out, _) = stdout_of(
        postlint()
            .args(["check", "--no-builtin", "--format", "jsonl", "--show-matches", "--rules", DEMO, "--rules"])
            .arg(dir.path())
            .write_stdin("darn heck"),
    );
    let rows = jsonl(&out);
    assert_eq!(rows.iter().map(|r| r["match"].as_str().unwrap()).collect::<Vec<_>>(), ["darn", "heck"]);
    // The same pack id twice among user packs would silently drop one: an error, no 0:0.
    std::fs::write(dir.path().join("demo2.toml"), &other).unwrap();
    let (code, _, err) = stdout_of(
        postlint().args(["check", "--no-builtin", "--rules", DEMO, "--rules"]).arg(dir.path()).write_stdin("darn"),
    );
    assert_eq!(code, 2);
    assert!(err.contains("demo2.toml: pack id `demo` is also the id of"), "{err}");
    assert!(!err.contains(":0:0"), "{err}");
}

#[test]
fn each_kind_of_bad_pack_is_rejected_with_its_location() {
    let cases = [
        ("syntax.toml", ":5:", "expected"),
        ("unknown_field.toml", ":11:1", "unknown field `colour`"),
        ("missing_field.toml", ":5:", "missing field `message`"),
        ("invalid_regex.toml", ":10:", "invalid regex"),
        ("duplicate_id.toml", ":13:", "duplicate rule id `bad.x`"),
        ("unknown_severity.toml", ":7:", "unknown variant `critical`"),
        ("unknown_validator.toml", ":11:", "unknown variant `md5`"),
    ];
    for (file, location, needle) in cases {
        let path = Path::new("tests/fixtures/bad").join(file);
        let (code, out, err) = stdout_of(postlint().args(["check", "--rules"]).arg(&path).write_stdin("x"));
        assert_eq!(code, 2, "{file}: {err}");
        assert!(out.is_empty(), "{file}: nothing is checked with a bad pack");
        assert!(err.contains(&format!("{}{location}", path.display())), "{file}: {err}");
        assert!(err.contains(needle), "{file}: {err}");
        assert_eq!(err.lines().count(), 1, "{file}: one clear line: {err}");
    }
}

#[test]
fn rules_lists_builtin_and_user_rules() {
    let (code, out, _) = stdout_of(postlint().args(["rules", "--rules", DEMO]));
    assert_eq!(code, 0);
    assert!(out.contains("phi.ssn") && out.contains("demo.darn"), "{out}");
    let (_, json, _) = stdout_of(postlint().args(["rules", "--format", "json", "--no-builtin", "--rules", DEMO]));
    let rules: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rules.as_array().unwrap().len(), 2);
    assert_eq!(rules[0]["id"], "demo.ssn");
}

#[test]
fn test_rules_reports_failing_examples() {
    let (code, out, _) = stdout_of(postlint().args([
        "test-rules",
        "--no-builtin",
        "--rules",
        "tests/fixtures/bad/failing_example.toml",
    ]));
    assert_eq!(code, 1);
    // The failure names the pack file and the line holding the example.
    assert!(
        out.contains("FAIL selftest.word (tests/fixtures/bad/failing_example.toml:11): \"a gadget\" should be flagged"),
        "{out}"
    );
    assert!(out.contains("user packs: 3 of 4 rule examples passed (1 rules)"), "{out}");
    assert!(!out.contains("built-in"), "no built-in packs were loaded: {out}");
    // With the built-in packs, the user pack is counted apart.
    let (code, out, _) =
        stdout_of(postlint().args(["test-rules", "--rules", "tests/fixtures/bad/failing_example.toml"]));
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[lines.len() - 2].starts_with("built-in packs: "), "{out}");
    assert_eq!(lines[lines.len() - 1], "user packs: 3 of 4 rule examples passed (1 rules)", "{out}");
    let (code, out, _) = stdout_of(postlint().args(["test-rules"]));
    assert_eq!(code, 0, "built-in examples all pass: {out}");
    assert!(out.starts_with("built-in packs: ") && !out.contains("user packs"), "{out}");
}
