//! `postlint check`: check posts on all cores, report the findings in the chosen format,
//! and read or write a baseline.

use super::config::print_settings;
use super::rules::reportable_rules;
use super::setup::{Configs, Setup, setup_with, start_dir};
use super::{Outcome, for_each_post, ok_or_report, read_mode, report_input_error, sources};
use crate::cli::{self, CheckArgs, ColorChoice, Format};
use crate::input;
use postlint::baseline::{self, Baseline};
use postlint::report::{
    GithubReporter, JsonReporter, JsonlReporter, PostResult, Reporter, SarifReporter, Summary, TextReporter,
};
use postlint::{Engine, Finding, fix, lint, mask};
use std::collections::HashSet;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

pub fn run(args: CheckArgs) -> io::Result<Outcome> {
    let flags = cli::flags(&args.packs, &args.select, args.fail_on);
    if args.show_settings {
        let start = start_dir(&args.paths, args.stdin_filename.as_deref());
        let Some(setup) = setup_with(&args.packs, &flags, start, true) else {
            return Ok(Outcome::Failed);
        };
        return print_settings(&setup);
    }
    let Some(mode) = read_mode(args.input, args.text_field.as_deref(), args.id_field.as_deref()) else {
        return Ok(Outcome::Failed);
    };
    let mut configs = Configs::new(&args.packs, flags);
    let sources = sources(&args.paths, args.input, args.stdin_filename.as_deref(), &mut configs);
    let configs = configs;
    // A config or pack that does not load stops the run before anything is checked.
    if configs.failed {
        return Ok(Outcome::Failed);
    }
    let Some(baseline) = ok_or_report(args.baseline.as_deref().map(Baseline::load).transpose()) else {
        return Ok(Outcome::Failed);
    };
    let accepted = baseline.as_ref().map(Baseline::set);
    // A version-1 baseline fingerprinted paths as they were typed: match those too.
    let legacy = baseline.as_ref().is_some_and(|b| b.version == 1);
    let cwd = super::setup::cwd();
    let root = match args.baseline.as_ref().or(args.write_baseline.as_ref()) {
        Some(file) => baseline::root_for(cwd.join(file).parent().unwrap_or(&cwd)),
        None => baseline::root_for(&cwd),
    };
    let terminal = io::stdout().is_terminal();
    setup_color(if args.format == Format::Text { args.color } else { ColorChoice::Never });
    // Matched text reaches only a person at a terminal, unless asked for.
    let shown_to_person = args.format == Format::Text && terminal;
    let masking = !args.show_matches && !shown_to_person;
    let mut reporter: Box<dyn Reporter> = match args.format {
        Format::Text => Box::new(TextReporter),
        Format::Json => Box::new(JsonReporter::default()),
        Format::Jsonl => Box::new(JsonlReporter),
        Format::Sarif => Box::new(SarifReporter::new(reportable_rules_of(&configs))),
        Format::Github => Box::new(GithubReporter),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut summary = Summary::default();
    // A finding at or above its own config's `fail-on` (or `--fail-on`) was reported.
    let mut over_threshold = false;
    let mut input_failed = configs.failed;
    let mut write_result: io::Result<()> = Ok(());
    let mut new_baseline = Baseline::new();

    // The last post's (path, relative path): the posts of a JSONL or CSV file share one path,
    // and resolving it (a canonicalize system call) was ~2% of checking a tweet-sized post.
    let last_path: std::sync::Mutex<Option<(String, String)>> = std::sync::Mutex::new(None);
    let relative_path = |path: &str| {
        let last = || last_path.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((seen, relative)) = last().as_ref()
            && seen == path
        {
            return relative.clone();
        }
        // Resolved without the lock: other threads may be checking other files' posts.
        let relative = baseline::relative_path(path, &cwd, &root);
        *last() = Some((path.to_string(), relative.clone()));
        relative
    };
    // Checking runs on all cores; everything after it, in input order, on this thread.
    let check_one = |item: input::Item| {
        item.and_then(|post| {
            let setup = setup_for(&configs, &post.path)?;
            let path = relative_path(&post.path);
            let location = baseline::location(&path, post.record, post.id.as_deref());
            let old = legacy.then(|| baseline::location(&post.path, post.record, post.id.as_deref()));
            let (findings, prints) =
                findings_of(&setup.engine, &post.text, &location, old.as_deref(), accepted.as_ref());
            Ok((post, location, findings, prints))
        })
    };
    // False once the output cannot be written to (nothing more will be).
    let mut handle = |checked: Result<Checked, postlint::Error>, out: &mut dyn Write| -> bool {
        if write_result.is_err() {
            return false;
        }
        let (post, location, findings, prints) = match checked {
            Ok(checked) => checked,
            Err(e) => {
                if report_input_error(&e) {
                    input_failed = true;
                    summary.failed += 1;
                    write_result = reporter.problem(out, &input::problem(&e));
                }
                return write_result.is_ok();
            }
        };
        if args.write_baseline.is_some() {
            new_baseline.findings.extend(findings.iter().zip(&prints).map(|(f, fp)| baseline::Entry {
                path: location.clone(),
                rule: f.rule.clone(),
                fingerprint: fp.clone(),
            }));
        }
        summary.add(&findings);
        let Some(setup) = configs.setup_of(&post.path) else { return true };
        let fail_on = setup.config.fail_on();
        over_threshold |= fail_on.threshold().is_some_and(|t| Engine::worst(&findings).is_some_and(|w| w >= t));
        let (text, findings) = match (masking, args.format) {
            (false, _) => (post.text, findings),
            (true, Format::Text) => mask::mask_text(&post.text, &findings),
            (true, _) => (post.text, findings.into_iter().map(|f| lint::masked(&setup.engine, f)).collect()),
        };
        let result = PostResult {
            path: &post.path,
            record: post.record,
            id: post.id.as_deref(),
            text: &text,
            findings: &findings,
            fingerprints: &prints,
        };
        write_result = reporter.post(out, &result);
        write_result.is_ok()
    };
    for_each_post(
        sources,
        mode,
        args.stdin_filename.as_deref(),
        check_one,
        // A closed output (`| head -1`) ends the run: nothing more can be written.
        |c| handle(c, &mut out),
    );
    write_result?;
    reporter.finish(&mut out, &summary)?;
    out.flush()?;

    if let Some(path) = &args.write_baseline {
        if let Err(e) = write_file(path, new_baseline.to_json().as_bytes()) {
            eprintln!("postlint: error: {}: cannot write baseline: {e}", path.display());
            return Ok(Outcome::Failed);
        }
        eprintln!("postlint: wrote {} findings to baseline {}", new_baseline.findings.len(), path.display());
        return Ok(if input_failed { Outcome::Failed } else { Outcome::Clean });
    }
    let outcome = Outcome::of(input_failed, over_threshold);
    // The process ends next: freeing the compiled engines piece by piece would only add
    // start-up-sized work to a one-post run (a pre-commit hook).
    std::mem::forget(configs);
    Ok(outcome)
}

/// The setup a post was admitted under (every admitted post has one).
fn setup_for<'c>(configs: &'c Configs, path: &str) -> Result<&'c Setup, postlint::Error> {
    configs.setup_of(path).ok_or_else(|| {
        postlint::Error::new(postlint::ErrorKind::Config, "no configuration was loaded for this file").in_file(path)
    })
}

/// The rules a SARIF report may mention: those of every config's engine, each id once.
fn reportable_rules_of(configs: &Configs) -> Vec<postlint::report::RuleInfo> {
    let mut seen = HashSet::new();
    let mut rules = Vec::new();
    for setup in configs.setups() {
        rules.extend(reportable_rules(&setup.engine).into_iter().filter(|r| seen.insert(r.id.clone())));
    }
    if rules.is_empty() {
        // No input was read: still a valid report.
        rules = Engine::new(&[]).map(|e| reportable_rules(&e)).unwrap_or_default();
    }
    rules
}

/// A checked post: the post, its baseline location, its findings and their fingerprints.
type Checked = (input::Post, String, Vec<Finding>, Vec<String>);

/// One post's findings and their fingerprints: check, then drop what inline comments
/// suppress, then what the baseline accepts (under `location`, or `legacy_location` for a
/// version-1 baseline). Pure, so posts can be processed in any order.
fn findings_of(
    engine: &Engine,
    text: &str,
    location: &str,
    legacy_location: Option<&str>,
    accepted: Option<&HashSet<&str>>,
) -> (Vec<Finding>, Vec<String>) {
    let findings = lint::check(engine, text);
    let prints = baseline::fingerprints(location, &findings);
    let Some(set) = accepted else { return (findings, prints) };
    let old = legacy_location.map(|l| baseline::fingerprints(l, &findings)).unwrap_or_default();
    findings
        .into_iter()
        .zip(prints)
        .enumerate()
        .filter(|(i, (_, fp))| !set.contains(fp.as_str()) && !old.get(*i).is_some_and(|o| set.contains(o.as_str())))
        .map(|(_, pair)| pair)
        .unzip()
}

fn setup_color(choice: ColorChoice) {
    let env = |name: &str| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned());
    let on = color_on(choice, io::stdout().is_terminal(), env("NO_COLOR").as_deref(), env("TERM").as_deref());
    colored::control::set_override(on);
}

/// Whether to colour: `auto` colours a terminal unless `NO_COLOR` is set (non-empty) or the
/// terminal says it cannot (`TERM=dumb`, as Emacs shells and some CI logs do).
fn color_on(choice: ColorChoice, terminal: bool, no_color: Option<&str>, term: Option<&str>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && no_color.is_none_or(str::is_empty) && term != Some("dumb"),
    }
}

/// Write a file: atomically over an existing one, plainly for a new one.
fn write_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    if path.exists() { fix::atomic_write(path, contents) } else { std::fs::write(path, contents) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_colour_honours_no_color_and_a_dumb_terminal() {
        let auto = |terminal, no_color, term| color_on(ColorChoice::Auto, terminal, no_color, term);
        assert!(auto(true, None, Some("xterm-256color")));
        assert!(auto(true, Some(""), None));
        assert!(!auto(false, None, None));
        assert!(!auto(true, Some("1"), None));
        assert!(!auto(true, None, Some("dumb")));
        assert!(color_on(ColorChoice::Always, false, Some("1"), Some("dumb")));
    }
}
