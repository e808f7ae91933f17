//! `postlint lsp`: the Language Server Protocol over stdio, so editors show postlint's
//! findings as you write. A thin layer: checking is `lint::check`, quick fixes come from
//! `fix::fix_post`, positions from `finding::lsp_position`.
//!
//! Messages are typed with `lsp-types`. The framing (`Content-Length` headers, JSON-RPC) is
//! read here rather than with `lsp-server`, whose reader stops the connection at the first
//! message that is not valid JSON: here a malformed message gets a JSON-RPC error and the
//! server goes on. The nearest `postlint.toml` above each document applies to it; one engine
//! is compiled per config file and kept.

use super::Outcome;
use super::setup::{Setup, setup_or_report};
use crate::cli::{LspArgs, PackArgs};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Diagnostic, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, NumberOrString, Position,
    PublishDiagnosticsParams, Range, TextEdit, Url, WorkspaceEdit,
};
use postlint::finding::{lsp_offset, lsp_position};
use postlint::{Finding, Severity, Span, config, fix, lint};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{self, BufRead, Write};
use std::path::PathBuf;

pub fn run(args: LspArgs) -> io::Result<Outcome> {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut server = Server { args, engines: HashMap::new(), documents: HashMap::new(), out: io::stdout() };
    let mut shutting_down = false;
    loop {
        let body = match read_message(&mut input)? {
            Some(body) => body,
            None => return Ok(Outcome::Clean), // the editor closed the pipe
        };
        let message: Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                server.send(&json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32700, "message": format!("parse error: {e}")}}))?;
                continue;
            }
        };
        let method = message.get("method").and_then(Value::as_str).unwrap_or("");
        let id = message.get("id").cloned();
        let params = message.get("params").cloned().unwrap_or(Value::Null);
        match (method, id) {
            ("exit", _) => return Ok(if shutting_down { Outcome::Clean } else { Outcome::Failed }),
            ("shutdown", Some(id)) => {
                shutting_down = true;
                server.reply(id, Value::Null)?;
            }
            ("initialize", Some(id)) => server.reply(id, capabilities())?,
            ("textDocument/codeAction", Some(id)) => {
                let actions = serde_json::from_value(params).map(|p| server.code_actions(p)).unwrap_or_default();
                server.reply(id, serde_json::to_value(actions).unwrap_or(Value::Null))?;
            }
            (_, Some(id)) if !method.is_empty() => server.send(&json!({
                "jsonrpc": "2.0", "id": id,
                "error": {"code": -32601, "message": format!("method not supported: {method}")},
            }))?,
            ("textDocument/didOpen", None) => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(params) {
                    server.documents.insert(p.text_document.uri.clone(), p.text_document.text);
                    server.publish(&p.text_document.uri)?;
                }
            }
            ("textDocument/didChange", None) => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(params) {
                    // Full sync: the last change holds the whole text.
                    if let Some(change) = p.content_changes.into_iter().last() {
                        server.documents.insert(p.text_document.uri.clone(), change.text);
                        server.publish(&p.text_document.uri)?;
                    }
                }
            }
            ("textDocument/didClose", None) => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(params) {
                    server.documents.remove(&p.text_document.uri);
                    server.notify_diagnostics(p.text_document.uri, Vec::new())?;
                }
            }
            _ => {} // other notifications (initialized, didSave, $/...) need nothing
        }
    }
}

fn capabilities() -> Value {
    json!({
        "capabilities": {
            "textDocumentSync": { "openClose": true, "change": 1 },
            "codeActionProvider": { "codeActionKinds": ["quickfix"] },
        },
        "serverInfo": { "name": "postlint", "version": env!("CARGO_PKG_VERSION") },
    })
}

/// One message body, or `None` at the end of input. Headers other than `Content-Length` are
/// skipped; a message without one is skipped too.
fn read_message(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    loop {
        let mut length: Option<usize> = None;
        let mut saw_header = false;
        loop {
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                return Ok(None);
            }
            let line = line.trim_end();
            if line.is_empty() {
                if saw_header {
                    break;
                }
                continue;
            }
            saw_header = true;
            if let Some((name, value)) = line.split_once(':')
                && name.trim().eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().ok();
            }
        }
        if let Some(n) = length {
            let mut body = vec![0; n];
            input.read_exact(&mut body)?;
            return Ok(Some(body));
        }
    }
}

struct Server {
    args: LspArgs,
    /// Config file (or none) → its compiled setup (`None` when it failed to load).
    engines: HashMap<Option<PathBuf>, Option<Setup>>,
    documents: HashMap<Url, String>,
    out: io::Stdout,
}

impl Server {
    fn send(&mut self, message: &Value) -> io::Result<()> {
        let body = message.to_string();
        let mut out = self.out.lock();
        write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        out.flush()
    }

    fn reply(&mut self, id: Value, result: Value) -> io::Result<()> {
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }))
    }

    fn notify_diagnostics(&mut self, uri: Url, diagnostics: Vec<Diagnostic>) -> io::Result<()> {
        let params = PublishDiagnosticsParams { uri, diagnostics, version: None };
        self.send(&json!({
            "jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
            "params": serde_json::to_value(params).unwrap_or(Value::Null),
        }))
    }

    /// The setup for a document: the nearest config file above it, compiled once.
    fn setup_for(&mut self, uri: &Url) -> Option<&Setup> {
        let dir = uri.to_file_path().ok().and_then(|p| p.parent().map(PathBuf::from));
        let one_config = self.args.packs.isolated || self.args.packs.config.is_some();
        let key = if one_config { None } else { dir.as_deref().and_then(config::discover) };
        if !self.engines.contains_key(&key) {
            let start = dir.unwrap_or_else(super::setup::cwd);
            let packs: &PackArgs = &self.args.packs;
            // A config that fails to load is reported on stderr (the editor's log) once.
            let setup = setup_or_report(packs, &self.args.select, start, true);
            self.engines.insert(key.clone(), setup);
        }
        self.engines.get(&key).and_then(Option::as_ref)
    }

    fn findings(&mut self, uri: &Url) -> (String, Vec<Finding>) {
        let text = self.documents.get(uri).cloned().unwrap_or_default();
        let findings = self.setup_for(uri).map(|s| lint::check(&s.engine, &text)).unwrap_or_default();
        (text, findings)
    }

    fn publish(&mut self, uri: &Url) -> io::Result<()> {
        let (text, findings) = self.findings(uri);
        let diagnostics = findings.iter().map(|f| diagnostic(&text, f)).collect();
        self.notify_diagnostics(uri.clone(), diagnostics)
    }

    fn code_actions(&mut self, p: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = p.text_document.uri;
        let (text, findings) = self.findings(&uri);
        let wanted = Span::new(
            lsp_offset(&text, p.range.start.line, p.range.start.character),
            lsp_offset(&text, p.range.end.line, p.range.end.character),
        );
        let touches = |s: &Span| s.start <= wanted.end && wanted.start <= s.end;
        let mut actions = Vec::new();
        if let Some(setup) = self.setup_for(&uri) {
            for (f, replacement) in fix::fix_post(&setup.engine, &text).changed {
                if touches(&f.span) {
                    let edit = TextEdit { range: range(&text, f.span), new_text: replacement.clone() };
                    actions.push(action(
                        &uri,
                        format!("Replace with {replacement} ({})", f.rule),
                        edit,
                        diagnostic(&text, &f),
                    ));
                }
            }
        }
        for f in findings.iter().filter(|f| touches(&f.span)) {
            // A comment at the end of the line silences that rule on it: hidden in Markdown
            // (`<!-- postlint-disable-line RULE -->`), plain elsewhere (`postlint: ignore RULE`).
            let line_end = text[f.span.end..].find('\n').map_or(text.len(), |i| f.span.end + i);
            let line_end = if text[..line_end].ends_with('\r') { line_end - 1 } else { line_end };
            let markdown = uri.path().ends_with(".md") || uri.path().ends_with(".markdown");
            let comment = if markdown {
                format!(" <!-- postlint-disable-line {} -->", f.rule)
            } else {
                format!(" postlint: ignore {}", f.rule)
            };
            let edit = TextEdit { range: range(&text, Span::new(line_end, line_end)), new_text: comment };
            actions.push(action(&uri, format!("Ignore {} on this line", f.rule), edit, diagnostic(&text, f)));
        }
        actions
    }
}

fn action(uri: &Url, title: String, edit: TextEdit, diagnostic: Diagnostic) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), vec![edit])])), ..Default::default() }),
        ..Default::default()
    })
}

fn range(text: &str, span: Span) -> Range {
    let (sl, sc) = lsp_position(text, span.start);
    let (el, ec) = lsp_position(text, span.end);
    Range { start: Position { line: sl, character: sc }, end: Position { line: el, character: ec } }
}

fn diagnostic(text: &str, f: &Finding) -> Diagnostic {
    Diagnostic {
        range: range(text, f.span),
        severity: Some(match f.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(f.rule.clone())),
        source: Some("postlint".into()),
        message: format!("{}\n{}", f.message, f.help),
        ..Default::default()
    }
}
