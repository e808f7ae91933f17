//! `postlint fix`: print the posts with what can be fixed safely fixed (or a diff, or rewrite
//! the files with `--write`), and list what needs a person. Plain files or JSONL exports.

use super::setup::{Configs, Setup};
use super::{Outcome, for_each_post, read_mode, report_input_error, sources};
use crate::cli::{FixArgs, InputKind};
use crate::{batch, input};
use postlint::ErrorKind;
use postlint::fix;
use postlint::{Engine, Finding, Span, jsonl};
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
    /// The setup of each file (the nearest config above it).
    configs: &'a Configs<'a>,
    /// A finding at or above its config's `fail-on` is left for a person.
    over_threshold: bool,
    mode: Mode,
    /// Several inputs: printed posts get a `==> path <==` header.
    many: bool,
    out: io::BufWriter<io::StdoutLock<'static>>,
    failed: bool,
}

pub fn run(args: FixArgs) -> io::Result<Outcome> {
    let reads_stdin = args.paths.is_empty() || args.paths.iter().any(|p| p.as_os_str() == "-");
    if args.write && reads_stdin {
        eprintln!("postlint: error: `fix --write` rewrites files; give file or folder paths, not standard input");
        return Ok(Outcome::Failed);
    }
    if args.input == InputKind::Csv {
        eprintln!("postlint: error: `fix` does not rewrite CSV exports; check them with `postlint check --input csv`");
        return Ok(Outcome::Failed);
    }
    if read_mode(args.input, args.text_field.as_deref(), None).is_none() {
        return Ok(Outcome::Failed);
    }
    let mut configs = Configs::new(&args.packs, crate::cli::flags(&args.packs, &args.select, args.fail_on));
    let sources = sources(&args.paths, args.input, args.stdin_filename.as_deref(), &mut configs);
    let configs = configs;
    // A config or pack that does not load stops the run before anything is checked.
    if configs.failed {
        return Ok(Outcome::Failed);
    }
    let mode = if args.write {
        Mode::Write
    } else if args.diff {
        Mode::Diff
    } else {
        Mode::Print
    };
    let many = args.paths.len() > 1 || args.paths.iter().any(|p| p.is_dir());
    let mut run = Run {
        configs: &configs,
        over_threshold: false,
        mode,
        many,
        out: io::BufWriter::new(io::stdout().lock()),
        failed: configs.failed,
    };
    let mut result: io::Result<()> = Ok(());
    match args.input {
        InputKind::Text => for_each_post(
            sources,
            batch::Mode::Text,
            args.stdin_filename.as_deref(),
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
        InputKind::Jsonl | InputKind::Csv => {
            let field = args.text_field.as_deref().unwrap_or("text");
            for source in sources {
                result = match source {
                    Ok(path) => run.jsonl_input(&path, args.stdin_filename.as_deref(), field),
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
    Ok(Outcome::of(run.failed, run.over_threshold))
}

impl<'a> Run<'a> {
    /// The setup of the file a post came from (every admitted file has one).
    fn setup(&mut self, path: &str) -> Option<&'a Setup> {
        let setup = self.configs.setup_of(path);
        if setup.is_none() {
            eprintln!("postlint: error: {path}: no configuration was loaded for this file");
            self.failed = true;
        }
        setup
    }

    /// Note the findings left for a person against the file's `fail-on`.
    fn left(&mut self, setup: &Setup, review: &[Finding]) {
        let fail_on = setup.config.fail_on();
        self.over_threshold |= fail_on.threshold().is_some_and(|t| Engine::worst(review).is_some_and(|w| w >= t));
    }

    fn text_post(&mut self, path: &str, text: &str) -> io::Result<()> {
        let Some(setup) = self.setup(path) else { return Ok(()) };
        let fixed = fix::fix_post(&setup.engine, text);
        self.left(setup, &fixed.review);
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
                self.failed |= report_input_error(&e.in_file(name));
                return Ok(());
            }
        };
        let Some(setup) = self.setup(name) else { return Ok(()) };
        let mut fixed_file: Vec<u8> = Vec::with_capacity(bytes.len());
        let mut edits: Vec<(Span, String)> = Vec::new();
        let mut bad_lines = false;
        // Written with the report when rewriting, else on stderr (stdout is the fixed file).
        let mut review_text = Vec::new();
        let mut offset = 0;
        for (record, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
            let ending = if line.ends_with(b"\r\n") { 2 } else { usize::from(line.ends_with(b"\n")) };
            let body = &line[..line.len() - ending];
            let at = jsonl::LineAt { file: name, line: record + 1, offset };
            let replaced = match jsonl::parse_line(body, at, field) {
                Ok(None) => None,
                Ok(Some(r)) => {
                    let fixed = fix::fix_post(&setup.engine, &r.text);
                    self.left(setup, &fixed.review);
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
                    let error = e.map_message(|m| format!("{m}; line left out of the fixed output"));
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
            Err(e) if e.kind() == ErrorKind::Changed => {
                self.failed = true;
                eprintln!("postlint: error: {e}");
                false
            }
            Err(e) => {
                self.failed = true;
                eprintln!("postlint: error: {path}: cannot rewrite: {} (file left unchanged)", e.message());
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
