//! `postlint lsp` driven over stdio like an editor drives it: initialize, open a draft, read
//! the diagnostics (ranges in UTF-16 columns), ask for code actions, change the text, survive
//! a malformed message, shut down. And the nearest postlint.toml applies per document.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

struct Session {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Session {
    fn start() -> Session {
        let mut child = Command::new(env!("CARGO_BIN_EXE_postlint"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start postlint lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Session { child, stdin, stdout }
    }

    fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        self.send_raw(&message.to_string());
    }

    fn read(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(self.stdout.read_line(&mut line).unwrap() > 0, "the server closed stdout");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = v.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    /// The next message with this method (notifications) or this id (responses).
    fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        for _ in 0..20 {
            let m = self.read();
            if pred(&m) {
                return m;
            }
        }
        panic!("no such message");
    }

    fn initialize(&mut self, root: &str) {
        self.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": root, "capabilities": {}}}));
        let r = self.wait_for(|m| m["id"] == 1);
        assert_eq!(r["result"]["serverInfo"]["name"], "postlint");
        self.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    }

    fn open(&mut self, uri: &str, text: &str) -> Value {
        self.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}}));
        self.wait_for(|m| m["method"] == "textDocument/publishDiagnostics")
    }

    fn finish(mut self) {
        self.send(json!({"jsonrpc": "2.0", "id": 99, "method": "shutdown"}));
        let r = self.wait_for(|m| m["id"] == 99);
        assert!(r["result"].is_null());
        self.send(json!({"jsonrpc": "2.0", "method": "exit"}));
        assert!(self.child.wait().unwrap().success());
    }
}

#[test]
fn diagnostics_code_actions_and_a_clean_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("file://{}/draft.md", dir.path().display());
    let mut s = Session::start();
    s.initialize(&format!("file://{}", dir.path().display()));
    // The emoji is 2 UTF-16 units (4 bytes, 1 char): the SSN starts at UTF-16 column 23
    // (22 chars before it, 26 bytes).
    let text = "🎉 My patient's SSN is 123-45-6789 today";
    let d = s.open(&uri, text);
    let diags = d["params"]["diagnostics"].as_array().unwrap();
    let ssn = diags.iter().find(|d| d["code"].as_str().unwrap().starts_with("phi.ssn")).expect("an SSN diagnostic");
    assert_eq!(ssn["range"], json!({"start": {"line": 0, "character": 23}, "end": {"line": 0, "character": 34}}));
    assert_eq!(ssn["severity"], 1);
    assert_eq!(ssn["source"], "postlint");

    // A malformed message gets an error and the server goes on.
    s.send_raw("{ this is not json");
    let e = s.wait_for(|m| m.get("error").is_some());
    assert_eq!(e["error"]["code"], -32700);

    s.send(json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": uri}, "range": ssn["range"], "context": {"diagnostics": []}}}));
    let actions = s.wait_for(|m| m["id"] == 2)["result"].as_array().unwrap().clone();
    let redact = actions.iter().find(|a| a["title"].as_str().unwrap().contains("[SSN]")).expect("a redaction");
    let edit = &redact["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "[SSN]");
    assert_eq!(edit["range"], ssn["range"]);
    assert!(actions.iter().any(|a| a["title"].as_str().unwrap().starts_with("Ignore phi.ssn")));

    s.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "Flu shots on Friday at the clinic"}]}}));
    let d = s.wait_for(|m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(d["params"]["diagnostics"], json!([]));
    s.finish();
}

#[test]
fn the_nearest_config_applies_to_each_document() {
    let dir = tempfile::tempdir().unwrap();
    let quiet = dir.path().join("quiet");
    std::fs::create_dir(&quiet).unwrap();
    std::fs::write(quiet.join("postlint.toml"), "ignore = [\"profanity\"]\n").unwrap();
    let mut s = Session::start();
    s.initialize(&format!("file://{}", dir.path().display()));
    let loud = s.open(&format!("file://{}/a.md", dir.path().display()), "what a shit shift");
    assert!(!loud["params"]["diagnostics"].as_array().unwrap().is_empty());
    let calm = s.open(&format!("file://{}/b.md", quiet.display()), "what a shit shift");
    assert_eq!(calm["params"]["diagnostics"], json!([]));
    s.finish();
}
