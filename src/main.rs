//! The `postlint` binary: parse arguments, run a command, map the outcome to an exit code
//! (0 clean, 1 findings at or above `--fail-on`, 2 usage/configuration/input error).
#![forbid(unsafe_code)]

mod cli;
mod input;

use clap::Parser;
use cli::{CheckArgs, Cli, ColorChoice, Command, FailOn, Format, InputKind, ListFormat, PackArgs, RulesArgs};
use postlint::pack::{self, Pack, PackError};
use postlint::report::{JsonReporter, JsonlReporter, PostResult, Reporter, Summary, TextReporter};
use postlint::{Engine, Severity};
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

/// How a run ended.
enum Outcome {
    Clean,
    Findings,
    /// Something could not be read or loaded (already reported on stderr).
    Failed,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => list_rules(args),
        Command::TestRules(args) => test_rules(args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::from(0),
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Failed) => ExitCode::from(2),
        // A closed pipe (`postlint check | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(0),
        Err(e) => {
            eprintln!("postlint: {e}");
            ExitCode::from(2)
        }
    }
}

/// Load built-in and user packs and compile them, or report why not.
fn load_engine(args: &PackArgs) -> Result<Engine, PackError> {
    let mut packs: Vec<Pack> = if args.no_builtin { Vec::new() } else { pack::builtin::builtin_packs()? };
    for path in &args.rules {
        packs.extend(pack::load_path(path)?);
    }
    Engine::new(&pack::merge(packs)?)
}

fn engine_or_report(args: &PackArgs) -> Option<Engine> {
    match load_engine(args) {
        Ok(engine) => Some(engine),
        Err(e) => {
            eprintln!("postlint: error: {e}");
            None
        }
    }
}

fn setup_color(choice: ColorChoice) {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    colored::control::set_override(on);
}

fn check(args: CheckArgs) -> io::Result<Outcome> {
    let Some(engine) = engine_or_report(&args.packs) else { return Ok(Outcome::Failed) };
    setup_color(if args.format == Format::Text { args.color } else { ColorChoice::Never });
    let mut reporter: Box<dyn Reporter> = match args.format {
        Format::Text => Box::new(TextReporter),
        Format::Json => Box::new(JsonReporter::default()),
        Format::Jsonl => Box::new(JsonlReporter),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut summary = Summary::default();
    let mut worst: Option<Severity> = None;
    let mut input_failed = false;
    let mut write_result: io::Result<()> = Ok(());

    let mut handle = |item: input::Item, out: &mut dyn Write| {
        if write_result.is_err() {
            return;
        }
        match item {
            Ok(post) => {
                let findings = engine.check(&post.text);
                summary.add(&findings);
                worst = worst.max(Engine::worst(&findings));
                let result = PostResult {
                    path: &post.path,
                    record: post.record,
                    id: post.id.as_deref(),
                    text: &post.text,
                    findings: &findings,
                };
                write_result = reporter.post(out, &result);
            }
            Err(e) => {
                input_failed = true;
                eprintln!("postlint: error: {e}");
            }
        }
    };
    for path in input::expand_paths(&args.paths) {
        match path {
            Err(e) => handle(Err(e), &mut out),
            Ok(path) => match args.input {
                InputKind::Text => handle(input::read_text_post(&path), &mut out),
                InputKind::Jsonl => input::read_jsonl(&path, &args.text_field, |item| handle(item, &mut out)),
            },
        }
    }
    write_result?;
    reporter.finish(&mut out, &summary)?;
    out.flush()?;

    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    Ok(if input_failed {
        Outcome::Failed
    } else if threshold.is_some_and(|t| worst.is_some_and(|w| w >= t)) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn list_rules(args: RulesArgs) -> io::Result<Outcome> {
    let Some(engine) = engine_or_report(&args.packs) else { return Ok(Outcome::Failed) };
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        ListFormat::Json => {
            let rules: Vec<_> = engine
                .rules()
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "category": r.category, "severity": r.severity.as_str(),
                        "message": r.message, "help": r.help, "description": r.description,
                        "signal": r.signal, "source": r.source,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &rules)?;
            writeln!(out)?;
        }
        ListFormat::Text => {
            for r in engine.rules() {
                let note = if r.signal { " (signal: feeds other rules, never reported alone)" } else { "" };
                writeln!(out, "{:<40} {:<18} {:<8} {}{}", r.id, r.category, r.severity, r.message, note)?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Clean)
}

fn test_rules(args: PackArgs) -> io::Result<Outcome> {
    let Some(engine) = engine_or_report(&args) else { return Ok(Outcome::Failed) };
    let failures = engine.test_examples();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for f in &failures {
        let want = if f.expected_flag { "should be flagged but was not" } else { "should pass but was flagged" };
        writeln!(out, "FAIL {} ({}): {:?} {want}; found: [{}]", f.rule, f.source, f.example, f.found.join(", "))?;
    }
    writeln!(
        out,
        "{} of {} rule examples passed ({} rules)",
        engine.example_count() - failures.len(),
        engine.example_count(),
        engine.rules().len()
    )?;
    out.flush()?;
    Ok(if failures.is_empty() { Outcome::Clean } else { Outcome::Findings })
}
