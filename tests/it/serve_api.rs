//! `postlint serve` through real HTTP on a free port: each endpoint, masking, the errors a bad
//! request gets, the Host check, and that a malformed request never stops the server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The real binary serving on a free loopback port; killed when dropped.
struct Served {
    child: Child,
    addr: String,
    /// The request log (stderr), line by line.
    log: Arc<Mutex<Vec<String>>>,
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
    let log = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&log);
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            kept.lock().unwrap().push(line);
        }
    });
    Served { child, addr, log }
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

/// The first line of what the server sends on `stream` within `within` (empty if nothing).
fn first_line(stream: &mut TcpStream, within: Duration) -> String {
    let deadline = Instant::now() + within;
    let mut got = Vec::new();
    let mut byte = [0; 1];
    while !got.ends_with(b"\r\n") && Instant::now() < deadline {
        stream.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
        match stream.read(&mut byte) {
            Ok(0) => break,
            Ok(_) => got.push(byte[0]),
            Err(_) => {}
        }
    }
    String::from_utf8_lossy(&got).trim_end().to_string()
}

#[test]
fn stalled_and_trickling_clients_are_cut_off_while_others_are_answered() {
    let s = serve(&["--timeout", "1"]);
    let connect = |head: &str| {
        let mut c = TcpStream::connect(&s.addr).unwrap();
        c.write_all(head.as_bytes()).unwrap();
        c
    };
    // A body longer than tiny_http reads ahead (1 KiB), so a worker reads it: more stalled
    // bodies than there are workers (4), then one sent a byte every 200 ms.
    let head = format!(
        "POST /v1/check HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{{\"text\": \"",
        s.addr
    );
    let mut stalled: Vec<TcpStream> = (0..6).map(|_| connect(&head)).collect();
    let mut trickling = connect(&head);
    let mut writer = trickling.try_clone().unwrap();
    let trickle = std::thread::spawn(move || {
        for _ in 0..40 {
            if writer.write_all(b"a").is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    });
    // And one that never finishes its headers (read by tiny_http's own threads).
    let mut no_headers = connect(&format!("POST /v1/check HTTP/1.1\r\nHost: {}\r\n", s.addr));
    std::thread::sleep(Duration::from_millis(300));

    let asked = Instant::now();
    let (status, _) = post_json(&s.addr, "/v1/check", DRAFT);
    assert_eq!(status, 200);
    assert!(asked.elapsed() < Duration::from_secs(6), "answered only after {:?}", asked.elapsed());

    for c in &mut stalled {
        assert_eq!(first_line(c, Duration::from_secs(8)), "HTTP/1.1 408 Request Timeout");
    }
    assert_eq!(first_line(&mut trickling, Duration::from_secs(8)), "HTTP/1.1 408 Request Timeout");
    assert_eq!(first_line(&mut no_headers, Duration::from_secs(8)), "HTTP/1.1 408 Request Timeout");
    trickling.shutdown(std::net::Shutdown::Both).unwrap();
    trickle.join().unwrap();
    assert_eq!(request(&s.addr, "GET", "/healthz", None, "").0, 200);
}

#[test]
fn a_huge_declared_body_is_refused_and_the_server_goes_on() {
    let s = serve(&[]);
    for length in ["9000000000000000000", "5000000000"] {
        let head = format!(
            "POST /v1/check HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n{{",
            s.addr
        );
        let mut c = TcpStream::connect(&s.addr).unwrap();
        c.write_all(head.as_bytes()).unwrap();
        assert_eq!(first_line(&mut c, Duration::from_secs(8)), "HTTP/1.1 413 Payload Too Large");
    }
    // tiny_http 0.12.0 unpatched aborted here: it allocated the declared length to drain the body.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(request(&s.addr, "GET", "/healthz", None, "").0, 200);
}

#[test]
fn the_request_log_never_holds_a_draft() {
    let s = serve(&[]);
    assert_eq!(post_json(&s.addr, "/v1/check", DRAFT).0, 200);
    assert_eq!(post_json(&s.addr, "/v1/fix", DRAFT).0, 200);
    // A bad request whose error names a position, not the text.
    let (status, _) =
        request(&s.addr, "POST", "/v1/check", Some("application/json"), r#"{"text": "John Smith 123-45-6789"#);
    assert_eq!(status, 400);
    std::thread::sleep(Duration::from_millis(300));
    let log = s.log.lock().unwrap().join("\n");
    assert!(log.contains("POST /v1/check 200") && log.contains("POST /v1/fix 200"), "{log}");
    for secret in ["6789", "Smith", "John"] {
        assert!(!log.contains(secret), "the log holds {secret}: {log}");
    }
}

#[test]
fn a_slow_or_endless_request_head_is_cut_off() {
    let s = serve(&["--timeout", "1"]);
    // Headers a byte every 200 ms: each read is within the time-out, the whole head is not.
    let mut slow = TcpStream::connect(&s.addr).unwrap();
    let mut writer = slow.try_clone().unwrap();
    let trickle = std::thread::spawn(move || {
        for byte in
            b"GET /healthz HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".iter().cycle().take(100)
        {
            if writer.write_all(&[*byte]).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    });
    let started = Instant::now();
    assert_eq!(first_line(&mut slow, Duration::from_secs(8)), "HTTP/1.1 408 Request Timeout");
    assert!(started.elapsed() < Duration::from_secs(5), "cut off only after {:?}", started.elapsed());
    slow.shutdown(std::net::Shutdown::Both).unwrap();
    trickle.join().unwrap();
    // A header line that never ends is refused (the connection closed) once it passes 64 KiB,
    // instead of growing the server's memory.
    let mut endless = TcpStream::connect(&s.addr).unwrap();
    endless.write_all(format!("GET /healthz HTTP/1.1\r\nHost: {}\r\nX-Long: ", s.addr).as_bytes()).unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0;
    while sent < 64 << 20 && endless.write_all(&chunk).is_ok() {
        sent += chunk.len();
    }
    assert!(sent < 64 << 20, "the server read 64 MB of one header line");
    assert_eq!(request(&s.addr, "GET", "/healthz", None, "").0, 200);
}
