//! `postlint fix`: print the posts with what can be fixed safely fixed (or rewrite the files
//! with `--write`), and list what needs a person.

use super::setup::{setup_or_report, start_dir};
use super::{Outcome, for_each_post, ok_or_report, report_input_error};
use crate::cli::{FixArgs, InputKind};
use postlint::config::FailOn;
use postlint::{Engine, Finding, Severity, fix, suppress};
use std::io::{self, Write};
use std::path::Path;

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
    let many = args.paths.len() > 1 || args.paths.iter().any(|p| p.is_dir());
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut failed = false;
    let mut worst_left: Option<Severity> = None;
    let mut result: io::Result<()> = Ok(());
    for_each_post(
        &args.paths,
        InputKind::Text,
        "text",
        args.stdin_filename.as_deref(),
        &excluder,
        |item| item,
        |item| {
            if result.is_err() {
                return false;
            }
            let post = match item {
                Ok(p) => p,
                Err(e) => {
                    failed |= report_input_error(&e);
                    return true;
                }
            };
            let findings = suppress::apply(&post.text, setup.engine.check(&post.text));
            let fixed = fix::fix(&post.text, &findings, setup.engine.rules());
            worst_left = worst_left.max(Engine::worst(&fixed.review));
            result = (|| {
                if args.write {
                    if !fixed.changed.is_empty() {
                        if let Err(e) = fix::atomic_write(Path::new(&post.path), fixed.text.as_bytes()) {
                            failed = true;
                            eprintln!("postlint: error: {}: cannot rewrite: {e} (file left unchanged)", post.path);
                            return Ok(());
                        }
                        let what: Vec<String> = fixed
                            .changed
                            .iter()
                            .map(|(f, by)| format!("{} -> {by} (line {})", f.rule, f.line))
                            .collect();
                        writeln!(out, "{}: fixed {}: {}", post.path, fixed.changed.len(), what.join(", "))?;
                    }
                    write_review(&mut out, &post.path, &fixed.review)?;
                } else {
                    if many {
                        writeln!(out, "==> {} <==", post.path)?;
                    }
                    out.write_all(fixed.text.as_bytes())?;
                    // Findings for a person go to stderr so stdout stays the fixed post.
                    write_review(&mut io::stderr().lock(), &post.path, &fixed.review)?;
                }
                Ok(())
            })();
            result.is_ok()
        },
    );
    result?;
    out.flush()?;
    Ok(Outcome::of(failed, threshold, worst_left))
}

fn write_review(out: &mut dyn Write, path: &str, review: &[Finding]) -> io::Result<()> {
    for f in review {
        writeln!(
            out,
            "{path}:{}:{}: needs a person: {}[{}] {} {}",
            f.line, f.column, f.severity, f.rule, f.message, f.help
        )?;
    }
    Ok(())
}
