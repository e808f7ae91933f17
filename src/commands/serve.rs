//! `postlint serve`: a private page and a JSON API on loopback, answered from one engine
//! compiled at start. A thin layer over the library: checking is `lint::check`, fixing is
//! `fix::fix_post`, and findings have the JSON shape of the `json` format.
//!
//! Built on `tiny_http` (a small synchronous HTTP/1.1 server: no async runtime to compile,
//! and each request is a short CPU-bound check). Safety: bodies are capped, the `Host` header
//! must name the bound address (so a web page elsewhere cannot reach the server through DNS
//! rebinding), no CORS header is ever sent, a panic in a handler answers 500 and the server
//! goes on, and drafts are never logged (only method, path, status and time).
//!
//! Time limits (`--timeout`, 10 s): every accepted connection gets read and write time-outs
//! (vendor/tiny_http, patched: tiny_http 0.12 has no setting for them), and a request head
//! (at most 64 KiB) must arrive within the limit, so a client that stalls or trickles its headers
//! gets 408 and is disconnected, and one that stops reading its answer loses it. A worker reading
//! a body also stops at the deadline, so a client trickling its body a byte at a time cannot hold
//! it either. Headers are read by tiny_http's own per-connection threads, never by the workers.

use super::Outcome;
use super::rules::reportable_rules;
use super::setup::{cwd, setup_or_report};
use crate::cli::ServeArgs;
use postlint::report::finding_value;
use postlint::{Engine, Finding, fix, lint};
use serde::Deserialize;
use serde_json::{Value, json};
use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tiny_http::{Header, Method, Request, Response, Server};

const PAGE: &str = include_str!("serve/page.html");
const SCRIPT: &str = include_str!("serve/app.js");
const STYLE: &str = include_str!("serve/style.css");
/// The page loads nothing from anywhere but this server.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; \
                   base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/// Requests are answered in parallel by this many threads (each check takes milliseconds).
const WORKERS: usize = 4;

pub fn run(args: ServeArgs) -> io::Result<Outcome> {
    let Ok(ip) = args.host.parse::<IpAddr>() else {
        eprintln!("postlint: error: --host {}: not an IP address (use 127.0.0.1 or ::1)", args.host);
        return Ok(Outcome::Failed);
    };
    if !ip.is_loopback() {
        if !args.allow_remote {
            eprintln!(
                "postlint: error: --host {ip} is not loopback: anyone who can reach it could read the drafts checked; add --allow-remote if you mean it"
            );
            return Ok(Outcome::Failed);
        }
        eprintln!(
            "postlint: warning: serving on {ip}, which other machines may reach; drafts sent to it cross the network"
        );
    }
    let Some(setup) = setup_or_report(&args.packs, &args.select, cwd(), true) else {
        return Ok(Outcome::Failed);
    };
    let timeout = Duration::from_secs(args.timeout);
    let server = match TcpListener::bind(SocketAddr::new(ip, args.port))
        .map_err(|e| e.to_string())
        .and_then(|l| Server::from_listener_with_timeout(l, None, Some(timeout)).map_err(|e| e.to_string()))
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("postlint: error: cannot listen on {ip}:{}: {e}", args.port);
            return Ok(Outcome::Failed);
        }
    };
    let Some(bound) = server.server_addr().to_ip() else {
        eprintln!("postlint: error: the server has no IP address");
        return Ok(Outcome::Failed);
    };
    let app = Arc::new(App {
        engine: setup.engine,
        hosts: allowed_hosts(bound, args.allow_remote),
        max_body: args.max_body,
        timeout,
    });
    let server = Arc::new(server);
    eprintln!("postlint: serving on http://{bound}/ (Ctrl-C to stop)");
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (server, app) = (Arc::clone(&server), Arc::clone(&app));
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    app.answer(request);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    Ok(Outcome::Clean)
}

/// `Host` header values the server answers to: its own address, and `localhost` for loopback.
fn allowed_hosts(bound: SocketAddr, any: bool) -> Option<Vec<String>> {
    if any {
        return None;
    }
    let port = bound.port();
    let mut hosts = vec![bound.to_string()];
    if bound.ip().is_loopback() {
        hosts.extend([format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}")]);
    }
    Some(hosts)
}

struct App {
    engine: Engine,
    /// `None` with `--allow-remote` (any name may reach it then).
    hosts: Option<Vec<String>>,
    max_body: usize,
    /// How long a worker waits for a request's body (and each socket read or write).
    timeout: Duration,
}

/// An answer: status and JSON body, or a static file.
enum Reply {
    Json(u16, Value),
    File(&'static str, &'static str),
}

fn error(status: u16, message: impl Into<String>) -> Reply {
    Reply::Json(status, json!({ "error": message.into() }))
}

impl App {
    fn answer(&self, mut request: Request) {
        let started = Instant::now();
        let method = request.method().clone();
        let path = request.url().split('?').next().unwrap_or("").to_string();
        let reply = catch_unwind(AssertUnwindSafe(|| self.route(&mut request, &method, &path, started)))
            .unwrap_or_else(|_| error(500, "internal error while checking; the server goes on"));
        let status = match &reply {
            Reply::Json(s, _) => *s,
            Reply::File(..) => 200,
        };
        let response = match reply {
            Reply::Json(s, body) => Response::from_string(body.to_string())
                .with_status_code(s)
                .with_header(header("Content-Type", "application/json; charset=utf-8")),
            Reply::File(kind, body) => Response::from_string(body).with_header(header("Content-Type", kind)),
        }
        .with_header(header("Content-Security-Policy", CSP))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Referrer-Policy", "no-referrer"))
        .with_header(header("Cache-Control", "no-store"));
        // Never the body: drafts stay out of logs.
        let log = format!("postlint: {method} {path} {status} {}ms", started.elapsed().as_millis());
        if matches!(status, 408 | 413) {
            // The client may still be sending: tiny_http reads an unread body to its end when the
            // request is dropped, so answer from a thread of its own and free this worker now.
            std::thread::spawn(move || {
                let _ = request.respond(response);
            });
        } else {
            let _ = request.respond(response);
        }
        eprintln!("{log}");
    }

    fn route(&self, request: &mut Request, method: &Method, path: &str, started: Instant) -> Reply {
        if let Some(hosts) = &self.hosts {
            let host = request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str());
            if !host.is_some_and(|h| hosts.iter().any(|a| a.eq_ignore_ascii_case(h))) {
                return error(421, "this server answers only to its own address (Host header)");
            }
        }
        match (method, path) {
            (Method::Get, "/") => Reply::File("text/html; charset=utf-8", PAGE),
            (Method::Get, "/app.js") => Reply::File("text/javascript; charset=utf-8", SCRIPT),
            (Method::Get, "/style.css") => Reply::File("text/css; charset=utf-8", STYLE),
            (Method::Get, "/healthz") => Reply::Json(200, json!({ "status": "ok" })),
            (Method::Get, "/v1/rules") => Reply::Json(200, self.rules()),
            (Method::Post, "/v1/check") => self.with_body(request, started, |app, body| app.check(body)),
            (Method::Post, "/v1/fix") => self.with_body(request, started, |app, body| app.fix(body)),
            (_, "/" | "/app.js" | "/style.css" | "/healthz" | "/v1/rules" | "/v1/check" | "/v1/fix") => {
                error(405, format!("{method} is not allowed on {path}"))
            }
            _ => error(404, format!("no such endpoint: {path}")),
        }
    }

    /// Read a JSON body (capped) and hand it on, or say what is wrong with it.
    fn with_body(&self, request: &mut Request, started: Instant, then: impl FnOnce(&App, Value) -> Reply) -> Reply {
        let json_type = request.headers().iter().any(|h| {
            h.field.equiv("Content-Type") && h.value.as_str().to_ascii_lowercase().starts_with("application/json")
        });
        if !json_type {
            return error(415, "send the body as JSON with Content-Type: application/json");
        }
        if request.body_length().is_some_and(|n| n > self.max_body) {
            return error(413, format!("the body is larger than {} bytes", self.max_body));
        }
        let mut body = Vec::new();
        let mut chunk = [0; 16 * 1024];
        let reader = request.as_reader();
        loop {
            if started.elapsed() > self.timeout {
                return error(408, format!("the body did not arrive within {} s", self.timeout.as_secs()));
            }
            match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => body.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // The socket's read time-out (WouldBlock on Unix, TimedOut on Windows).
                Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                    return error(408, format!("the body did not arrive within {} s", self.timeout.as_secs()));
                }
                Err(_) => return error(400, "the body could not be read"),
            }
            if body.len() > self.max_body {
                return error(413, format!("the body is larger than {} bytes", self.max_body));
            }
        }
        match serde_json::from_slice::<Value>(&body) {
            Ok(value) => then(self, value),
            Err(e) => error(400, format!("invalid JSON at line {} column {}: {e}", e.line(), e.column())),
        }
    }

    fn check(&self, body: Value) -> Reply {
        each_post(body, |post, show| {
            let findings = lint::check(&self.engine, &post.text);
            json!({ "id": post.id, "findings": self.findings_json(post, findings, show) })
        })
    }

    fn fix(&self, body: Value) -> Reply {
        each_post(body, |post, show| {
            let fixed = fix::fix_post(&self.engine, &post.text);
            let changed: Vec<Finding> = fixed.changed.iter().map(|(f, _)| f.clone()).collect();
            json!({
                "id": post.id,
                "text": fixed.text,
                "changed": self.findings_json(post, changed, show),
                "review": self.findings_json(post, fixed.review.clone(), show),
            })
        })
    }

    fn findings_json(&self, post: &Post, findings: Vec<Finding>, show: bool) -> Vec<Value> {
        findings
            .into_iter()
            .map(|f| if show { f } else { lint::masked(&self.engine, f) })
            .map(|f| finding_value("<api>", post.id.as_deref(), &f))
            .collect()
    }

    fn rules(&self) -> Value {
        let rules: Vec<Value> = reportable_rules(&self.engine)
            .into_iter()
            .map(|r| {
                json!({
                    "id": r.id, "category": r.category, "severity": r.severity.as_str(),
                    "message": r.message, "help": r.help, "description": r.description,
                })
            })
            .collect();
        json!({ "rules": rules })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Post {
    text: String,
    #[serde(default)]
    id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Request1 {
    text: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    show_matches: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestMany {
    posts: Vec<Post>,
    #[serde(default)]
    show_matches: bool,
}

/// The answer to a request of one or many posts: `{"posts": [one result per post]}`.
fn each_post(body: Value, answer: impl Fn(&Post, bool) -> Value) -> Reply {
    match parse_posts(body) {
        Ok((posts, show)) => {
            Reply::Json(200, json!({ "posts": posts.iter().map(|p| answer(p, show)).collect::<Vec<_>>() }))
        }
        Err(message) => error(400, message),
    }
}

/// `{"text": ..., "id": ...}` or `{"posts": [{"text": ..., "id": ...}, ...]}`, each with an
/// optional `"show_matches": true`.
fn parse_posts(body: Value) -> Result<(Vec<Post>, bool), String> {
    let many = body.get("posts").is_some();
    if many {
        let r: RequestMany = serde_json::from_value(body).map_err(|e| format!("invalid request: {e}"))?;
        Ok((r.posts, r.show_matches))
    } else {
        let r: Request1 = serde_json::from_value(body)
            .map_err(|e| format!("invalid request: {e} (send {{\"text\": \"...\"}} or {{\"posts\": [...]}})"))?;
        Ok((vec![Post { text: r.text, id: r.id }], r.show_matches))
    }
}

/// A response header from the constants above (ASCII, so it always parses).
fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("header names and values here are ASCII")
}
