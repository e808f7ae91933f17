//! No leaks: postlint opens no network connection and writes no file the user did not ask
//! for (its report goes to stdout, errors to stderr, nothing else).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const POST: &str = "My patient John Smith, MRN 00412345, SSN 523-11-0987, was admitted 3/14. Damn.";

/// Every file and folder under `root`, relative, sorted.
fn tree(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> =
        walkdir::WalkDir::new(root).into_iter().map(|e| e.unwrap().path().strip_prefix(root).unwrap().into()).collect();
    out.sort();
    out
}

/// The binary with a private home, config, cache and temp folder inside `root`.
fn sandboxed(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("postlint").unwrap();
    cmd.current_dir(root)
        .env("HOME", root.join("home"))
        .env("XDG_CONFIG_HOME", root.join("home/.config"))
        .env("XDG_CACHE_HOME", root.join("home/.cache"))
        .env("XDG_DATA_HOME", root.join("home/.local/share"))
        .env("TMPDIR", root.join("tmp"));
    cmd
}

#[test]
fn writes_no_file_anywhere_it_could() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for sub in ["home", "tmp", "drafts"] {
        std::fs::create_dir(root.join(sub)).unwrap();
    }
    std::fs::write(root.join("drafts/post.txt"), POST).unwrap();
    std::fs::write(root.join("posts.jsonl"), format!("{{\"text\": {POST:?}}}\n")).unwrap();
    let before = tree(root);
    for format in ["text", "json", "jsonl"] {
        let out = sandboxed(root).args(["check", "--format", format, "drafts"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        let out =
            sandboxed(root).args(["check", "--input", "jsonl", "--format", format, "posts.jsonl"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
    }
    sandboxed(root).args(["rules"]).assert().success();
    sandboxed(root).args(["test-rules"]).assert().success();
    assert_eq!(tree(root), before, "postlint created or removed files");
    assert_eq!(std::fs::read_to_string(root.join("drafts/post.txt")).unwrap(), POST, "the draft is untouched");
}

/// System calls that open a connection or change the file system.
const NETWORK: &[&str] = &["socket(", "connect(", "sendto(", "sendmsg(", "bind("];
const WRITES: &[&str] = &["creat(", "mkdir(", "mkdirat(", "rename(", "renameat(", "renameat2(", "unlink(", "unlinkat("];

#[test]
fn no_network_syscall_and_nothing_opened_for_writing() {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("post.txt");
    std::fs::write(&post, POST).unwrap();
    let log = dir.path().join("strace.log");
    let traced = std::process::Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=%network,%file", "-o"])
        .arg(&log)
        .arg(assert_cmd::cargo::cargo_bin("postlint"))
        .args(["check", "--format", "jsonl"])
        .arg(&post)
        .output();
    let Ok(traced) = traced.map_err(|e| e.to_string()).and_then(|o| {
        if o.status.code() == Some(1) { Ok(o) } else { Err(String::from_utf8_lossy(&o.stderr).into_owned()) }
    }) else {
        // .ci/run installs strace.
        crate::common::skip(
            "no_network_syscall_and_nothing_opened_for_writing: strace is missing or cannot trace here",
        );
        return;
    };
    assert!(!traced.stdout.is_empty());
    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(calls.contains("post.txt"), "the trace saw the input being read: {calls}");
    for line in calls.lines() {
        let call = line.split_once(' ').map_or(line, |(_, rest)| rest.trim_start());
        assert!(!NETWORK.iter().any(|n| call.starts_with(n)), "network call: {line}");
        assert!(!WRITES.iter().any(|w| call.starts_with(w)), "file-system change: {line}");
        if call.starts_with("open") {
            assert!(
                !["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC"].iter().any(|flag| call.contains(flag)),
                "opened for writing: {line}"
            );
        }
    }
}

#[test]
fn no_networking_code_or_crate() {
    let lock = std::fs::read_to_string("Cargo.lock").unwrap();
    for krate in
        ["reqwest", "hyper", "ureq", "curl", "isahc", "surf", "attohttpc", "h2", "rustls", "native-tls", "openssl"]
    {
        assert!(!lock.contains(&format!("name = \"{krate}\"\n")), "Cargo.lock pulls in the networking crate {krate}");
    }
    // The one listener is `postlint serve`'s, on loopback unless the user asks otherwise: only
    // its module may name the server crate, and no code opens a socket of its own.
    for entry in walkdir::WalkDir::new("src") {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|x| x == "rs") {
            let code = std::fs::read_to_string(entry.path()).unwrap();
            let serve = entry.path() == std::path::Path::new("src/commands/serve.rs");
            // Sockets, not `std::net` as such: parsing an IP address (a validator) is no connection.
            // serve binds its one listener itself and hands it to tiny_http with time-outs.
            for needle in ["TcpStream", "UdpSocket", "TcpListener", "ToSocketAddrs", "UnixStream", "UnixDatagram"] {
                let its_listener = serve && needle == "TcpListener";
                assert!(its_listener || !code.contains(needle), "{} uses {needle}", entry.path().display());
            }
            if !serve {
                assert!(!code.contains("tiny_http"), "{} uses the HTTP server crate", entry.path().display());
            }
        }
    }
}

#[test]
fn error_messages_never_repeat_the_draft() {
    let ssn = "523-11-0987";
    let mut input = Vec::new();
    for line in [
        format!("{{\"text\": \"{ssn}\",, }}"),
        format!("{{\"body\": \"{ssn}\"}}"),
        format!("{{\"text\": {ssn}}}"),
        format!("[\"{ssn}\"]"),
        format!("\"{ssn}\""),
        format!("{{\"text\": \"{ssn}\\q\"}}"),
    ] {
        input.extend_from_slice(line.as_bytes());
        input.push(b'\n');
    }
    input.extend_from_slice(format!("{{\"text\": \"{ssn} ").as_bytes());
    input.extend_from_slice(b"\xff\"}\n");
    let out = Command::cargo_bin("postlint")
        .unwrap()
        .args(["check", "--input", "jsonl"])
        .write_stdin(input)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!((out.status.code(), err.lines().count()), (Some(2), 7), "{err}");
    assert!(!err.contains("523"), "stderr repeats the draft: {err}");
}
