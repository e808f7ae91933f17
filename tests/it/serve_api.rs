//! `postlint serve` through real HTTP on a free port: each endpoint, masking, the errors a bad
//! request gets, the Host check, and that a malformed request never stops the server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The real binary serving on a free loopback port; killed when dropped.
struct Served {
    child: Child,
    addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(extra: &[&str]) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_postlint"))
        .args(["serve", "--isolated", "--port", "0"])
        .args(extra)
        .stderr(Stdio::piped())
        .spawn()
        .expect("start postlint serve");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let first = lines.next().expect("a line on stderr").expect("readable stderr");
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_string();
    // Keep draining stderr (the request log) so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Served { child, addr }
}

/// Send raw bytes, return (status, body).
fn raw(addr: &str, request: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    stream.write_all(request).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).to_string();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

fn request(addr: &str, method: &str, path: &str, content_type: Option<&str>, body: &str) -> (u16, String) {
    let ct = content_type.map(|c| format!("Content-Type: {c}\r\n")).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{ct}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    raw(addr, req.as_bytes())
}

fn post_json(addr: &str, path: &str, body: &str) -> (u16, serde_json::Value) {
    let (status, body) = request(addr, "POST", path, Some("application/json"), body);
    (status, serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}")))
}

const DRAFT: &str = r#"{"text": "My patient John Smith, SSN 123-45-6789, went home", "id": "d1"}"#;

#[test]
fn check_fix_rules_and_health_answer_from_one_engine() {
    let s = serve(&[]);
    assert_eq!(request(&s.addr, "GET", "/healthz", None, "").0, 200);

    let (status, body) = post_json(&s.addr, "/v1/check", DRAFT);
    assert_eq!(status, 200);
    let findings = body["posts"][0]["findings"].as_array().unwrap();
    let ssn = findings.iter().find(|f| f["rule"].as_str().unwrap().starts_with("phi.ssn")).expect("an SSN finding");
    // The JSONL contract's fields, matched text masked by default.
    for field in ["rule", "category", "severity", "message", "help", "start", "end", "line", "column", "match", "id"] {
        assert!(ssn.get(field).is_some(), "{field} missing: {ssn}");
    }
    assert_eq!(ssn["match"], "***-**-6789");
    assert_eq!(ssn["id"], "d1");
    assert!(!body.to_string().contains("123-45-6789"));

    let (_, shown) =
        post_json(&s.addr, "/v1/check", r#"{"text": "My patient's SSN is 123-45-6789", "show_matches": true}"#);
    assert!(shown.to_string().contains("123-45-6789"));

    let (_, many) =
        post_json(&s.addr, "/v1/check", r#"{"posts": [{"text": "clean post about flu shots"}, {"text": "damn"}]}"#);
    assert_eq!(many["posts"].as_array().unwrap().len(), 2);
    assert!(many["posts"][0]["findings"].as_array().unwrap().is_empty());

    let (status, fixed) = post_json(&s.addr, "/v1/fix", DRAFT);
    assert_eq!(status, 200);
    let text = fixed["posts"][0]["text"].as_str().unwrap();
    assert!(text.contains("[SSN]") && text.contains("[NAME]") && !text.contains("6789"), "{text}");

    let (status, rules) = request(&s.addr, "GET", "/v1/rules", None, "");
    assert_eq!(status, 200);
    assert!(rules.contains("\"phi.ssn\""));

    let (status, page) = request(&s.addr, "GET", "/", None, "");
    assert_eq!(status, 200);
    assert!(page.contains("<textarea id=\"draft\"") && !page.contains("http://") && !page.contains("https://"));
}

#[test]
fn bad_requests_get_json_errors_and_the_server_goes_on() {
    let s = serve(&["--max-body", "2000"]);
    let cases: [(&str, &str, Option<&str>, String, u16); 6] = [
        ("POST", "/v1/check", Some("application/json"), "{\"text\": ".into(), 400),
        ("POST", "/v1/check", Some("application/json"), "{\"txt\": \"x\"}".into(), 400),
        ("POST", "/v1/check", Some("text/plain"), "{\"text\": \"x\"}".into(), 415),
        ("POST", "/v1/check", Some("application/json"), format!("{{\"text\": \"{}\"}}", "a".repeat(3000)), 413),
        ("GET", "/v1/nothing", None, String::new(), 404),
        ("DELETE", "/v1/check", None, String::new(), 405),
    ];
    for (method, path, ct, body, want) in cases {
        let (status, body) = request(&s.addr, method, path, ct, &body);
        assert_eq!(status, want, "{method} {path}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).expect("a JSON error");
        assert!(v["error"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    }
    // Garbage and a half-sent request on raw sockets.
    let _ = raw(&s.addr, b"\x00\x01 not http at all\r\n\r\n");
    {
        let mut half = TcpStream::connect(&s.addr).unwrap();
        half.write_all(b"POST /v1/check HTTP/1.1\r\nContent-Length: 50\r\n").unwrap();
    }
    assert_eq!(request(&s.addr, "GET", "/healthz", None, "").0, 200);
}

#[test]
fn only_its_own_address_is_answered_and_no_cors() {
    let s = serve(&[]);
    let (status, _) = raw(&s.addr, b"GET /healthz HTTP/1.1\r\nHost: attacker.example:80\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 421);
    let port = s.addr.rsplit(':').next().unwrap();
    let req = format!(
        "GET /healthz HTTP/1.1\r\nHost: localhost:{port}\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n"
    );
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    stream.write_all(req.as_bytes()).unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(!response.to_ascii_lowercase().contains("access-control-allow-origin"));
    assert!(response.contains("Content-Security-Policy: default-src 'none'"));
}

#[test]
fn a_non_loopback_host_needs_allow_remote() {
    let out = Command::new(env!("CARGO_BIN_EXE_postlint"))
        .args(["serve", "--isolated", "--host", "0.0.0.0", "--port", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-remote"));
}
