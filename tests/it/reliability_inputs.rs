//! Bad and extreme inputs through the real binary: each problem is one clear line on stderr
//! naming the file (and line/column where they exist), exit status 2, and the other inputs
//! are still checked. Bad packs are covered in `cli_core.rs`.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

const DEMO: &str = "tests/fixtures/packs/demo.toml";

/// `postlint check` with only the demo pack (`darn` warning, SSN error), jsonl output with
/// matches shown (they are masked when stdout is not a terminal).
fn check(args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("postlint").unwrap();
    cmd.args(["check", "--no-builtin", "--rules", DEMO, "--format", "jsonl", "--show-matches"]).args(args);
    cmd
}

struct Run {
    code: i32,
    rows: Vec<Value>,
    err: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        rows: stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect(),
        err: String::from_utf8(out.stderr).unwrap(),
    }
}

fn paths(rows: &[Value]) -> Vec<String> {
    rows.iter().map(|r| r["path"].as_str().unwrap().rsplit('/').next().unwrap().to_string()).collect()
}

/// Every stderr line is a `postlint: error|note: <where>: <why>` line.
fn assert_one_line_each(err: &str) {
    for line in err.lines() {
        assert!(line.starts_with("postlint: error: ") || line.starts_with("postlint: note: "), "{err}");
    }
}

#[test]
fn binary_file_in_a_folder_is_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "darn").unwrap();
    std::fs::write(dir.path().join("b.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(dir.path().join("c.txt"), "ssn 523-11-0987").unwrap();
    // Not a draft extension: a folder walk does not even open it.
    std::fs::write(dir.path().join("d.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let r = run(check(&[]).arg(dir.path()));
    assert_eq!(r.code, 1, "the note does not fail the run; the SSN does: {}", r.err);
    assert_eq!(paths(&r.rows), ["a.txt", "c.txt"]);
    assert!(r.err.contains("note: ") && r.err.contains("b.txt: binary file, skipped"), "{}", r.err);
    assert_eq!(r.err.lines().count(), 1, "{}", r.err);

    // Only binary files besides a clean one: still exit 0.
    std::fs::write(dir.path().join("a.txt"), "all good").unwrap();
    std::fs::remove_file(dir.path().join("c.txt")).unwrap();
    assert_eq!(run(check(&[]).arg(dir.path())).code, 0);
}

#[test]
fn folder_walks_honour_gitignore_and_check_only_draft_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let put = |name: &str, text: &str| {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    put(".gitignore", "build/\n*.draft.md\n");
    put("sub/.ignore", "private.md\n");
    put("a.md", "darn");
    put("b.markdown", "darn");
    put("c.txt", "darn");
    put("d.rs", "// darn");
    put("notes.json", "{\"t\": \"darn\"}");
    put("build/out.md", "darn");
    put("x.draft.md", "darn");
    put("sub/private.md", "darn");
    put("sub/public.md", "darn");
    let r = run(check(&[]).arg(root));
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(paths(&r.rows), ["a.md", "b.markdown", "c.txt", "public.md"], "{}", r.err);
    assert!(r.err.is_empty(), "{}", r.err);
    // Named on the command line, a file is checked whatever its extension or ignore file says.
    let r = run(check(&[]).arg(root.join("d.rs")).arg(root.join("build/out.md")));
    assert_eq!(paths(&r.rows), ["d.rs", "out.md"], "{}", r.err);
    // The config's `extensions` replaces the default list.
    put("postlint.toml", "extensions = [\"rs\", \".JSON\"]\n");
    let r = run(check(&[]).arg(root));
    assert_eq!(paths(&r.rows), ["d.rs", "notes.json"], "{}", r.err);
}

#[test]
fn a_folder_walk_never_follows_a_symlink_out_of_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (inside, outside) = (dir.path().join("drafts"), dir.path().join("elsewhere"));
    std::fs::create_dir_all(inside.join("sub")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(inside.join("sub/a.md"), "darn").unwrap();
    std::fs::write(outside.join("secret.md"), "darn").unwrap();
    std::os::unix::fs::symlink(&outside, inside.join("out_dir")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.md"), inside.join("out_file.md")).unwrap();
    std::os::unix::fs::symlink("sub/a.md", inside.join("z_in.md")).unwrap();
    let r = run(check(&[]).arg(&inside));
    assert_eq!(r.code, 0, "notes do not fail the run: {}", r.err);
    assert_eq!(paths(&r.rows), ["a.md", "z_in.md"], "a link inside the tree is followed: {}", r.err);
    assert_eq!(r.err.matches("symbolic link leads out of the folder being checked").count(), 2, "{}", r.err);
    assert!(r.err.contains("out_dir: ") && r.err.contains("out_file.md: "), "{}", r.err);
    assert_one_line_each(&r.err);
}

#[test]
fn csv_exports_are_read_row_by_row_with_their_ids() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("queue.csv");
    std::fs::write(
        &csv,
        "\u{feff}post_id,scheduled,body\n7,2026-01-01,\"fine, really\"\n8,2026-01-02,\"two\nlines, darn\"\n9,2026-01-03,SSN 523-11-0987\n",
    )
    .unwrap();
    let r = run(check(&["--input", "csv", "--text-field", "body", "--id-field", "post_id"]).arg(&csv));
    assert_eq!(r.code, 1, "{}", r.err);
    let got: Vec<(String, u64, String)> = r
        .rows
        .iter()
        .map(|f| (f["id"].as_str().unwrap().into(), f["record"].as_u64().unwrap(), f["match"].as_str().unwrap().into()))
        .collect();
    // Records are 0-based lines: row 8 starts on line 3, row 9 on line 5 (after a quoted line break).
    assert_eq!(got, [("8".into(), 2, "darn".into()), ("9".into(), 4, "523-11-0987".into())]);
    // A folder walk in CSV mode reads the `.csv` files; standard input works too.
    let r = run(check(&["--input", "csv", "--text-field", "body"]).arg(dir.path()));
    assert_eq!(r.rows.len(), 2, "{}", r.err);
    let r = run(check(&["--input", "csv"]).write_stdin("id,text\n1,darn\n"));
    assert_eq!(paths(&r.rows), ["<stdin>"]);
}

#[test]
fn csv_problems_name_the_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("q.csv");
    std::fs::write(&csv, "id,body\n1,darn\n2,too,many\n3,darn\n").unwrap();
    let r = run(check(&["--input", "csv", "--text-field", "body"]).arg(&csv));
    assert_eq!(r.code, 2, "{}", r.err);
    assert_eq!(r.rows.len(), 2, "the other rows are checked: {}", r.err);
    assert!(r.err.contains("q.csv:3: row has 3 columns, the header has 2"), "{}", r.err);
    assert_one_line_each(&r.err);

    let r = run(check(&["--input", "csv", "--text-field", "text"]).arg(&csv));
    assert_eq!(r.code, 2);
    assert!(r.err.contains("q.csv:1: no column `text` in the header (columns: id, body)"), "{}", r.err);
    let r = run(check(&["--input", "csv", "--text-field", "body", "--id-field", "key"]).arg(&csv));
    assert!(r.err.contains("q.csv:1: no column `key`"), "{}", r.err);

    std::fs::write(&csv, b"id,body\n1,ok\n2,caf\xe9\n").unwrap();
    let r = run(check(&["--input", "csv", "--text-field", "body"]).arg(&csv));
    assert_eq!(r.code, 2);
    assert!(r.err.contains("q.csv:3: column `body` (column 2): not valid UTF-8"), "{}", r.err);

    // --text-field and --id-field need an input mode that uses them.
    for args in [&["--text-field", "body"][..], &["--input", "jsonl", "--id-field", "id"][..]] {
        let r = run(check(args).write_stdin("darn"));
        assert_eq!((r.code, r.rows.len()), (2, 0), "{args:?}");
        assert!(r.err.contains("needs `--input"), "{}", r.err);
        assert_eq!(r.err.lines().count(), 1, "{}", r.err);
    }
}

#[test]
fn binary_file_named_on_the_command_line_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("draft.docx");
    std::fs::write(&bin, b"PK\x03\x04\0\0darn").unwrap();
    let r = run(check(&[]).arg(&bin).arg("-").write_stdin("darn"));
    assert_eq!(r.code, 2, "{}", r.err);
    assert_eq!(paths(&r.rows), ["<stdin>"], "the other input is still checked");
    assert!(r.err.contains("error: ") && r.err.contains("draft.docx: binary file, not checked"), "{}", r.err);
    assert!(r.err.contains("plain text"), "says how to fix it: {}", r.err);
    assert_one_line_each(&r.err);

    // Same with --input jsonl: one error for the file, not one per line.
    let r = run(check(&["--input", "jsonl"]).arg(&bin).write_stdin(""));
    assert_eq!((r.code, r.err.lines().count()), (2, 1), "{}", r.err);
    let r = run(check(&["--input", "jsonl"]).write_stdin(b"{\"text\": \"x\"}\n\0\0\0\n".to_vec()));
    assert_eq!((r.code, r.err.lines().count()), (2, 1), "{}", r.err);
    assert!(r.err.contains("<stdin>: binary file"), "{}", r.err);
}

#[test]
fn empty_inputs_are_clean() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    std::fs::create_dir(dir.path().join("nothing")).unwrap();
    for args in [vec![], vec!["-"], vec![empty.to_str().unwrap()], vec![dir.path().join("nothing").to_str().unwrap()]] {
        for kind in ["text", "jsonl"] {
            let r = run(check(&["--input", kind]).args(&args).write_stdin(""));
            assert_eq!((r.code, r.rows.len()), (0, 0), "{kind} {args:?}: {}", r.err);
            // An empty folder is worth a note (a folder named `x.md` is not a draft).
            if args.first().is_some_and(|a| a.ends_with("nothing")) {
                assert!(r.err.ends_with("nothing: folder holds no files to check\n"), "{}", r.err);
            } else {
                assert!(r.err.is_empty(), "{kind} {args:?}: {}", r.err);
            }
        }
    }
    // Empty standard input is no post; nothing checked is not "ok".
    let out = Command::cargo_bin("postlint").unwrap().args(["check", "--color", "never"]).write_stdin("").unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "nothing checked: no posts found\n");
    let out = Command::cargo_bin("postlint").unwrap().args(["check", "--color", "never"]).write_stdin("hi").unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "ok: 1 post checked, no problems found\n");
    // Blank and whitespace-only JSONL lines are not posts and not errors.
    let r = run(check(&["--input", "jsonl"]).write_stdin("\n  \r\n\t\n"));
    assert_eq!((r.code, r.rows.len(), r.err.as_str()), (0, 0, ""));
}

#[test]
fn large_file_and_long_line_are_checked_whole() {
    // Sizes stay small enough for a debug build; big inputs are measured by hand (see the
    // report of issue 7): a 100 MB file and a 10 MB line run in seconds with bounded memory.
    let dir = tempfile::tempdir().unwrap();
    let many_lines = dir.path().join("many_lines.txt");
    let block = "nothing to see here today, just a long shift and some coffee\n";
    let lines = 20_000;
    let mut text = block.repeat(lines);
    text.push_str("darn 523-11-0987\n");
    std::fs::write(&many_lines, &text).unwrap();
    let one_line = dir.path().join("one_line.txt");
    let words = "word ".repeat(100_000);
    std::fs::write(&one_line, format!("{words}darn {words}é 523-11-0987")).unwrap();

    let r = run(check(&[]).arg(&many_lines).arg(&one_line));
    assert_eq!(r.code, 1, "{}", r.err);
    let got: Vec<(u64, u64, &str)> = r
        .rows
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap(), f["match"].as_str().unwrap()))
        .collect();
    let col = |s: &str| s.chars().count() as u64 + 1;
    let last = lines as u64 + 1;
    assert_eq!(
        got,
        [
            (last, 1, "darn"),
            (last, 6, "523-11-0987"),
            (1, col(&words), "darn"),
            (1, col(&words) * 2 + 6, "523-11-0987")
        ]
    );

    // Text output shows a clipped excerpt of a long line, not the whole line per finding.
    let out = Command::cargo_bin("postlint")
        .unwrap()
        .args(["check", "--no-builtin", "--rules", DEMO, "--color", "never", "--show-matches"])
        .arg(&one_line)
        .output()
        .unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(shown.len() < 2_000, "{} bytes of output", shown.len());
    assert!(shown.contains("1 | …word word") && shown.contains("darn word"), "{shown}");
}

/// `check` as a user that chmod 000 really stops: ourselves, or (as root, who reads
/// anything) the `nobody` user via `setpriv`. `None` when neither is possible.
fn check_as_unprivileged(locked: &Path, args: &[&str]) -> Option<Command> {
    if std::fs::File::open(locked).is_err() {
        return Some(check(args));
    }
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].into_iter().find(|p| Path::new(p).exists())?;
    let mut cmd = Command::new(setpriv);
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(assert_cmd::cargo::cargo_bin("postlint"))
        .args(["check", "--no-builtin", "--rules"])
        .arg(std::fs::canonicalize(DEMO).unwrap())
        .args(["--format", "jsonl"])
        .args(args);
    Some(cmd)
}

#[test]
fn unreadable_file_is_an_error_and_others_are_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // Traversable by the unprivileged user; only the one file is locked.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    for kind in ["text", "jsonl"] {
        // A folder walk reads each input kind's own files: drafts, or `.jsonl` batches.
        let ext = if kind == "text" { "txt" } else { "jsonl" };
        let folder = dir.path().join(kind);
        std::fs::create_dir(&folder).unwrap();
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        let locked = folder.join(format!("locked.{ext}"));
        std::fs::write(&locked, "darn").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        let Some(mut cmd) = check_as_unprivileged(&locked, &["--input", kind]) else {
            // setpriv is part of util-linux, on every CI machine: a skip there would read as a pass.
            crate::common::skip(
                "unreadable_file_is_an_error_and_others_are_checked: running as root without setpriv, \
                 so chmod 000 does not stop reads",
            );
            return;
        };
        let input = if kind == "text" { "darn" } else { "{\"text\": \"darn\"}" };
        let open = folder.join(format!("open.{ext}"));
        std::fs::write(&open, input).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
        let r = run(cmd.arg(&folder));
        assert_eq!(r.code, 2, "{}", r.err);
        assert_eq!(paths(&r.rows), [format!("open.{ext}")]);
        assert!(r.err.contains(&format!("locked.{ext}: cannot read: Permission denied")), "{}", r.err);
        assert_eq!(r.err.lines().count(), 1, "{}", r.err);
    }
}

#[test]
fn symlink_loops_and_broken_links_are_errors_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::fs::write(root.join("sub/a.txt"), "darn").unwrap();
    std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
    std::os::unix::fs::symlink("self", root.join("self")).unwrap();
    std::os::unix::fs::symlink("nowhere", root.join("dangling")).unwrap();
    std::fs::write(root.join("z.txt"), "523-11-0987").unwrap();

    let r = run(check(&[]).arg(root));
    assert_eq!(r.code, 2, "{}", r.err);
    assert_eq!(paths(&r.rows), ["a.txt", "z.txt"], "files beside and after the loop are checked");
    assert!(r.err.contains("sub/up: symlink loop"), "{}", r.err);
    assert!(r.err.contains("self: broken symbolic link"), "{}", r.err);
    assert!(r.err.contains("dangling: broken symbolic link"), "{}", r.err);
    assert_eq!(r.err.lines().count(), 3, "{}", r.err);
    assert_one_line_each(&r.err);

    // Named on the command line.
    let r = run(check(&[]).arg(root.join("self")).arg(root.join("dangling")).arg(root.join("z.txt")));
    assert_eq!((r.code, paths(&r.rows)), (2, vec!["z.txt".to_string()]), "{}", r.err);
    assert_eq!(r.err.matches("broken symbolic link").count(), 2, "{}", r.err);
}

#[test]
fn missing_paths_each_get_their_own_line() {
    let r = run(check(&["no/such.txt", "-", "also/missing/"]).write_stdin("darn"));
    assert_eq!(r.code, 2);
    assert_eq!(paths(&r.rows), ["<stdin>"]);
    assert!(r.err.contains("no/such.txt: no such file or folder"), "{}", r.err);
    assert!(r.err.contains("also/missing/: no such file or folder"), "{}", r.err);
    assert_eq!(r.err.lines().count(), 2);
}

#[test]
fn invalid_utf8_in_jsonl_names_line_column_and_file_offset() {
    let input = b"{\"text\": \"darn\"}\n  {\"text\": \"caf\xe9\"}\n{\"text\": \"523-11-0987\"}\n".to_vec();
    let r = run(check(&["--input", "jsonl"]).write_stdin(input));
    assert_eq!(r.code, 2);
    assert_eq!(r.rows.len(), 2, "lines before and after are checked");
    // Line 2 starts at byte 17; the bad byte is 15 bytes into it, after 15 characters.
    assert!(r.err.contains("<stdin>:2:16: not valid UTF-8 (invalid byte at offset 32)"), "{}", r.err);
    assert_eq!(r.err.lines().count(), 1);
}

#[test]
fn jsonl_errors_give_the_column_in_the_line_as_written() {
    let r = run(check(&["--input", "jsonl"]).write_stdin("  {\"text\": \"ok\",, }\n   [1]\n\t{\"body\": 1}\n"));
    assert_eq!(r.code, 2);
    let lines: Vec<&str> = r.err.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.err);
    assert!(lines[0].starts_with("postlint: error: <stdin>:1:17: not a JSON object: "), "{}", r.err);
    assert!(!lines[0].contains("at line"), "the position is given once: {}", r.err);
    assert_eq!(lines[1], "postlint: error: <stdin>:2:4: not a JSON object");
    assert!(lines[2].starts_with("postlint: error: <stdin>:3:2: no string field `text`"), "{}", r.err);
}

#[test]
fn a_jsonl_file_with_a_byte_order_mark_reads_normally() {
    let r = run(check(&["--input", "jsonl"]).write_stdin("\u{feff}{\"text\": \"darn\"}\n"));
    assert_eq!((r.code, r.rows.len(), r.err.as_str()), (0, 1, ""));
}

#[test]
fn errors_never_panic_or_print_a_backtrace() {
    // A grab bag through every input path at once; the point is the shape of stderr.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.txt"), b"\xff\xfe").unwrap();
    std::fs::write(dir.path().join("ok.txt"), "fine").unwrap();
    let r = run(check(&[]).arg(dir.path()).arg(Path::new("missing")).env("RUST_BACKTRACE", "1"));
    assert_eq!(r.code, 2);
    assert!(!r.err.contains("panicked"), "{}", r.err);
    assert!(r.err.contains("bad.txt:1:1: not valid UTF-8 (invalid byte at offset 0)"), "{}", r.err);
    assert_one_line_each(&r.err);
}

#[test]
fn an_endless_binary_stream_is_refused_without_reading_it_all() {
    // Reading /dev/zero to the end would never finish; the binary sniff stops it at 8 KiB.
    // (Endless text is stopped by the 256 MiB post cap; see the unit test in src/input.rs.)
    for kind in ["text", "jsonl"] {
        // Not assert_cmd's `pipe_stdin`, which reads the file into memory first.
        let zero = std::fs::File::open("/dev/zero").unwrap();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin!("postlint"))
            .args(["check", "--no-builtin", "--rules", DEMO, "--format", "jsonl", "--input", kind])
            .stdin(zero)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!((out.status.code(), out.stdout.len()), (Some(2), 0), "{err}");
        assert!(err.contains("<stdin>: binary file, not checked"), "{err}");
        // Named, a device is refused without being opened.
        let stdin = if kind == "text" { "darn" } else { "{\"text\": \"darn\"}" };
        let r = run(check(&["--input", kind, "/dev/zero", "-"]).write_stdin(stdin));
        assert_eq!((r.code, paths(&r.rows)), (2, vec!["<stdin>".to_string()]), "{}", r.err);
        assert!(r.err.contains("/dev/zero: not a regular file"), "{}", r.err);
    }
}

#[test]
fn a_file_name_that_is_not_utf8_gets_a_clear_error() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
    if std::fs::write(&odd, "darn").is_err() {
        crate::common::skip("a_file_name_that_is_not_utf8_gets_a_clear_error: the file system refuses such names");
        return;
    }
    std::fs::write(dir.path().join("ok.txt"), "darn").unwrap();
    for arg in [dir.path().to_path_buf(), odd.clone()] {
        let r = run(check(&[]).arg(&arg).arg(dir.path().join("ok.txt")));
        assert_eq!(r.code, 2, "{}", r.err);
        assert_eq!(paths(&r.rows).last().map(String::as_str), Some("ok.txt"));
        assert!(r.err.contains("caf\u{fffd}.txt: file name is not valid UTF-8"), "{}", r.err);
        assert_eq!(r.err.lines().count(), 1, "{}", r.err);
    }
}

#[test]
fn an_oversized_regex_in_a_user_pack_is_one_clear_error_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("huge.toml");
    std::fs::write(
        &pack,
        "[pack]\nid = \"huge\"\ncategory = \"huge\"\n\n[[rule]]\nid = \"huge.x\"\nseverity = \"error\"\nmessage = \"m\"\nhelp = \"h\"\npattern = '\\w{1000}\\w{1000}'\n",
    )
    .unwrap();
    let out = Command::cargo_bin("postlint")
        .unwrap()
        .args(["check", "--rules"])
        .arg(&pack)
        .write_stdin("x")
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(out.stdout.is_empty());
    assert!(
        err.contains(&format!("{}:10:11: rule huge.x: pattern is too large once compiled", pack.display())),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}
