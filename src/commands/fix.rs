//! `postlint fix`: print the posts with what can be fixed safely fixed (or a diff, or rewrite
//! the files with `--write`), and list what needs a person. Plain files or JSONL exports.

use super::setup::{setup_or_report, start_dir};
use super::{Outcome, for_each_post, ok_or_report, report_input_error, sources};
use crate::cli::{FixArgs, InputKind};
use crate::input;
use postlint::config::FailOn;
use postlint::fix::{self, WriteError};
use postlint::{Engine, Finding, Severity, Span, jsonl};
use std::io::{self, Write};
use std::path::Path;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Print the fixed posts.
    Print,
    /// Print a unified diff.
    Diff,
    /// Rewrite the files.
    Write,
}

/// One `fix` run: where output goes and how it is going.
struct Run<'a> {
    engine: &'a Engine,
    mode: Mode,
    /// Several inputs: printed posts get a `==> path <==` header.
    many: bool,
    out: io::BufWriter<io::StdoutLock<'static>>,
    failed: bool,
    worst_left: Option<Severity>,
}

pub fn run(args: FixArgs) -> io::Result<Outcome> {
    let start = start_dir(&args.paths, args.stdin_filename.as_deref());
    let Some(setup) = setup_or_report(&args.packs, &args.select, start, true) else { return Ok(Outcome::Failed) };
    let Some(excluder) = ok_or_report(setup.settings.excluder()) else { return Ok(Outcome::Failed) };
    let reads_stdin = args.paths.is_empty() || args.paths.iter().any(|p| p.as_os_str() == "-");
    if args.write && reads_stdin {
        eprintln!("postlint: error: `fix --write` rewrites files; give file or folder paths, not standard input");
        return Ok(Outcome::Failed);
    }
    let threshold = args.fail_on.map(FailOn::from).or(setup.settings.fail_on).unwrap_or(FailOn::Error).threshold();
    let mode = if args.write {
        Mode::Write
    } else if args.diff {
        Mode::Diff
    } else {
        Mode::Print
    };
    let many = args.paths.len() > 1 || args.paths.iter().any(|p| p.is_dir());
    let mut run = Run {
        engine: &setup.engine,
        mode,
        many,
        out: io::BufWriter::new(io::stdout().lock()),
        failed: false,
        worst_left: None,
    };
    let mut result: io::Result<()> = Ok(());
    match args.input {
        InputKind::Text => for_each_post(
            &args.paths,
            InputKind::Text,
            "text",
            args.stdin_filename.as_deref(),
            &excluder,
            |item| item,
            |item| {
                if result.is_ok() {
                    result = match item {
                        Ok(post) => run.text_post(&post.path, &post.text),
                        Err(e) => {
                            run.failed |= report_input_error(&e);
                            Ok(())
                        }
                    };
                }
                // A closed output (`| head -1`) ends the run.
                result.is_ok()
            },
        ),
        InputKind::Jsonl => {
            for source in sources(&args.paths, args.stdin_filename.as_deref(), &excluder) {
                result = match source {
                    Ok(path) => run.jsonl_input(&path, args.stdin_filename.as_deref(), &args.text_field),
                    Err(e) => {
                        run.failed |= report_input_error(&e);
                        Ok(())
                    }
                };
                if result.is_err() {
                    break;
                }
            }
        }
    }
    result?;
    run.out.flush()?;
    Ok(Outcome::of(run.failed, threshold, run.worst_left))
}

impl Run<'_> {
    fn text_post(&mut self, path: &str, text: &str) -> io::Result<()> {
        let fixed = fix::fix_post(self.engine, text);
        self.worst_left = self.worst_left.max(Engine::worst(&fixed.review));
        match self.mode {
            Mode::Write => {
                if fixed.text != text && self.rewrite(path, text.as_bytes(), fixed.text.as_bytes()) {
                    let what: Vec<String> =
                        fixed.changed.iter().map(|(f, by)| format!("{} -> {by} (line {})", f.rule, f.line)).collect();
                    writeln!(self.out, "{path}: fixed {}: {}", fixed.changed.len(), what.join(", "))?;
                }
                write_review(&mut self.out, path, None, &fixed.review)
            }
            Mode::Diff => {
                self.out.write_all(fix::diff(path, text, &fixed.edits()).as_bytes())?;
                write_review(&mut io::stderr().lock(), path, None, &fixed.review)
            }
            Mode::Print => {
                if self.many {
                    writeln!(self.out, "==> {path} <==")?;
                }
                self.out.write_all(fixed.text.as_bytes())?;
                // Findings for a person go to stderr so stdout stays the fixed post.
                write_review(&mut io::stderr().lock(), path, None, &fixed.review)
            }
        }
    }

    /// Fix every post of a JSONL input, keeping each line's other fields as written. A line
    /// that is not a post is reported and left out of the printed output; a file with such a
    /// line is not rewritten.
    fn jsonl_input(&mut self, path: &str, stdin_filename: Option<&str>, field: &str) -> io::Result<()> {
        let name = match stdin_filename {
            Some(n) if path == "-" => n,
            _ => input::display_name(path),
        };
        let bytes = match input::read_all(path) {
            Ok(b) => b,
            Err(e) => {
                self.failed |= report_input_error(&input::InputError { path: name.to_string(), ..e });
                return Ok(());
            }
        };
        let mut fixed_file: Vec<u8> = Vec::with_capacity(bytes.len());
        let mut edits: Vec<(Span, String)> = Vec::new();
        let mut bad_lines = false;
        // Written with the report when rewriting, else on stderr (stdout is the fixed file).
        let mut review_text = Vec::new();
        let mut offset = 0;
        for (record, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
            let ending = if line.ends_with(b"\r\n") { 2 } else { usize::from(line.ends_with(b"\n")) };
            let body = &line[..line.len() - ending];
            let replaced = match jsonl::parse_line(body, offset, field) {
                Ok(None) => None,
                Ok(Some(r)) => {
                    let fixed = fix::fix_post(self.engine, &r.text);
                    self.worst_left = self.worst_left.max(Engine::worst(&fixed.review));
                    let post = Some((record, r.id.as_deref()));
                    if self.mode == Mode::Write {
                        write_review(&mut review_text, name, post, &fixed.review)?;
                    } else {
                        write_review(&mut io::stderr().lock(), name, post, &fixed.review)?;
                    }
                    // Parsed just above, so it is valid UTF-8 and a JSON object.
                    (fixed.text != r.text)
                        .then(|| {
                            std::str::from_utf8(body).ok().and_then(|b| jsonl::replace_text(b, field, &fixed.text).ok())
                        })
                        .flatten()
                }
                Err(e) => {
                    let column = Some(e.column);
                    let error = input::InputError {
                        path: name.to_string(),
                        line: Some(record + 1),
                        column,
                        message: format!("{}; line left out of the fixed output", e.message),
                        note: false,
                    };
                    self.failed |= report_input_error(&error);
                    bad_lines = true;
                    offset += line.len();
                    continue;
                }
            };
            match replaced {
                Some(replaced) => {
                    fixed_file.extend_from_slice(replaced.as_bytes());
                    fixed_file.extend_from_slice(&line[body.len()..]);
                    edits.push((Span::new(offset, offset + body.len()), replaced));
                }
                None => fixed_file.extend_from_slice(line),
            }
            offset += line.len();
        }
        match self.mode {
            Mode::Print => {
                if self.many {
                    writeln!(self.out, "==> {name} <==")?;
                }
                self.out.write_all(&fixed_file)
            }
            Mode::Diff => {
                if let Ok(text) = std::str::from_utf8(&bytes) {
                    let edits: Vec<(Span, &str)> = edits.iter().map(|(s, by)| (*s, by.as_str())).collect();
                    self.out.write_all(fix::diff(name, text, &edits).as_bytes())?;
                }
                Ok(())
            }
            Mode::Write => {
                if bad_lines {
                    eprintln!("postlint: error: {name}: not rewritten: it has lines that are not posts (see above)");
                    self.failed = true;
                } else if !edits.is_empty() && self.rewrite(name, &bytes, &fixed_file) {
                    writeln!(self.out, "{name}: fixed {} posts", edits.len())?;
                }
                self.out.write_all(&review_text)
            }
        }
    }

    /// Rewrite a file unless it changed since it was read; true when rewritten.
    fn rewrite(&mut self, path: &str, read: &[u8], contents: &[u8]) -> bool {
        match fix::atomic_write_if_unchanged(Path::new(path), read, contents) {
            Ok(()) => true,
            Err(WriteError::Changed) => {
                self.failed = true;
                eprintln!("postlint: error: {path}: {}", WriteError::Changed);
                false
            }
            Err(e) => {
                self.failed = true;
                eprintln!("postlint: error: {path}: cannot rewrite: {e} (file left unchanged)");
                false
            }
        }
    }
}

/// List findings left for a person; `post` is the 0-based line and id of a JSONL post.
fn write_review(
    out: &mut dyn Write,
    path: &str,
    post: Option<(usize, Option<&str>)>,
    review: &[Finding],
) -> io::Result<()> {
    for f in review {
        let at = match post {
            Some((record, Some(id))) => {
                format!("{path}:{}: post {id}, line {}, column {}", record + 1, f.line, f.column)
            }
            Some((record, None)) => {
                format!("{path}:{}: post {record}, line {}, column {}", record + 1, f.line, f.column)
            }
            None => format!("{path}:{}:{}", f.line, f.column),
        };
        writeln!(out, "{at}: needs a person: {}[{}] {} {}", f.severity, f.rule, f.message, f.help)?;
    }
    Ok(())
}
