//! The `postlint` binary: parse arguments, run a command, map the outcome to an exit code
//! (0 clean, 1 findings at or above `--fail-on`, 2 usage/configuration/input error).
#![forbid(unsafe_code)]

mod batch;
mod cli;
mod input;

/// Compiling the packs makes hundreds of thousands of small allocations; mimalloc serves
/// them several times faster than the system allocator, which is most of a one-post run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use cli::{
    CheckArgs, Cli, ColorChoice, Command, ConfigArgs, FixArgs, Format, InputKind, ListFormat, PackArgs, RuleArgs,
    RulesArgs, SelectArgs,
};
use postlint::baseline::{self, Baseline};
use postlint::config::{self, Applied, FailOn, Selector, Settings};
use postlint::report::{
    GithubReporter, JsonReporter, JsonlReporter, PostResult, Reporter, RuleInfo, SarifReporter, Summary, TextReporter,
};
use postlint::{Engine, Finding, Severity, fix, mask, pack, suppress};
use std::collections::HashSet;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
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
        Command::Fix(args) => fix_posts(args),
        Command::Rules(args) => list_rules(args),
        Command::Rule(args) => explain_rule(args),
        Command::Config(args) => show_config(args),
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

/// The settings of a run and the engine built from them.
struct Setup {
    settings: Settings,
    engine: Engine,
    applied: Applied,
    /// Where the config search started (shown by `postlint config`).
    searched_from: PathBuf,
}

fn cwd() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

/// Where to start looking for a config file: the folder of the first path checked (or of
/// `--stdin-filename`), else the current folder.
fn start_dir(paths: &[PathBuf], stdin_filename: Option<&str>) -> PathBuf {
    let cwd = cwd();
    let first = match paths.first() {
        Some(p) if p.as_os_str() != "-" => Some(p.clone()),
        _ => stdin_filename.map(PathBuf::from),
    };
    let Some(first) = first else { return cwd };
    let abs = cwd.join(first);
    if abs.is_dir() { abs } else { abs.parent().map_or(cwd, Path::to_path_buf) }
}

/// Config file (found, given or none) merged with the command line.
fn resolve_settings(packs: &PackArgs, select: &SelectArgs, start: &Path) -> Result<Settings, String> {
    let found = if packs.isolated {
        None
    } else if let Some(p) = &packs.config {
        // Absolute, so excludes and pack paths are relative to the config file's folder.
        Some(cwd().join(p))
    } else {
        config::discover(start)
    };
    let mut s = match found {
        Some(p) => config::load(&p).map_err(|e| e.to_string())?,
        None => Settings { exclude_base: cwd(), ..Settings::default() },
    };
    s.rules.extend(packs.rules.iter().cloned());
    s.no_builtin |= packs.no_builtin;
    if !select.select.is_empty() {
        s.select = select.select.iter().map(|v| Selector::from_cli(v, "--select")).collect();
    }
    s.ignore.extend(select.ignore.iter().map(|v| Selector::from_cli(v, "--ignore")));
    Ok(s)
}

/// Load packs as the settings say and compile them. `apply` = also apply selection, severity
/// overrides and allow terms (not wanted when testing the rules' own examples).
fn build(packs: &PackArgs, select: &SelectArgs, start: PathBuf, apply: bool) -> Result<Setup, String> {
    let settings = resolve_settings(packs, select, &start)?;
    let mut loaded =
        if settings.no_builtin { Vec::new() } else { pack::builtin::builtin_packs().map_err(|e| e.to_string())? };
    for path in &settings.rules {
        loaded.extend(pack::load_path(path).map_err(|e| e.to_string())?);
    }
    let mut merged = pack::merge(loaded).map_err(|e| e.to_string())?;
    let applied = if apply { settings.apply(&mut merged).map_err(|e| e.to_string())? } else { Applied::default() };
    let engine = Engine::new(&merged).map_err(|e| e.to_string())?;
    Ok(Setup { settings, engine, applied, searched_from: start })
}

fn setup_or_report(packs: &PackArgs, select: &SelectArgs, start: PathBuf, apply: bool) -> Option<Setup> {
    match build(packs, select, start, apply) {
        Ok(setup) => Some(setup),
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

/// Rules a report may mention: every reported rule, plus the unused-suppression note.
fn reportable_rules(engine: &Engine) -> Vec<RuleInfo> {
    let mut rules: Vec<RuleInfo> = engine.rules().iter().filter(|r| !r.signal).map(RuleInfo::from_rule).collect();
    rules.push(RuleInfo {
        id: suppress::UNUSED_RULE.into(),
        category: suppress::CATEGORY.into(),
        severity: Severity::Info,
        message: "A suppression comment silences nothing.".into(),
        description: "A stale `postlint: ignore` or `<!-- postlint-disable-… -->` comment could hide a future problem."
            .into(),
        help: "Remove the comment, or the rule ids in it that no longer apply.".into(),
    });
    rules
}

/// Write a file: atomically over an existing one, plainly for a new one.
fn write_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    if path.exists() { fix::atomic_write(path, contents) } else { std::fs::write(path, contents) }
}

/// Read every input as posts, calling `each` for each post or input error. Excluded files
/// are skipped; stdin is named by `stdin_filename` when given.
/// Read the posts at `paths` (minus excluded files), run `work` on each post or input error
/// on all cores, and call `each` with the results in input order.
fn for_each_post<T: Send>(
    paths: &[PathBuf],
    kind: InputKind,
    text_field: &str,
    stdin_filename: Option<&str>,
    excluder: &config::Excluder,
    work: impl Fn(input::Item) -> T + Sync,
    each: impl FnMut(T),
) {
    let cwd = cwd();
    let rename = |item: input::Item| match item {
        Ok(mut post) if post.path == input::STDIN_NAME && stdin_filename.is_some() => {
            post.path = stdin_filename.unwrap_or_default().to_string();
            Ok(post)
        }
        other => other,
    };
    let sources = input::expand_paths(paths)
        .into_iter()
        .filter(|path| {
            let Ok(path) = path else { return true };
            let excluded_name = if path == "-" { stdin_filename.map(str::to_string) } else { Some(path.clone()) };
            !excluded_name.is_some_and(|p| excluder.excludes(Path::new(&p), &cwd))
        })
        .collect();
    let mode = match kind {
        InputKind::Text => batch::Mode::Text,
        InputKind::Jsonl => batch::Mode::Jsonl { text_field },
    };
    batch::for_each(sources, mode, |item| work(rename(item)), each);
}

fn check(args: CheckArgs) -> io::Result<Outcome> {
    let start = start_dir(&args.paths, args.stdin_filename.as_deref());
    let Some(mut setup) = setup_or_report(&args.packs, &args.select, start, true) else {
        return Ok(Outcome::Failed);
    };
    if let Some(f) = args.fail_on {
        setup.settings.fail_on = Some(f.into());
    }
    if args.show_settings {
        return print_settings(&setup);
    }
    let excluder = match setup.settings.excluder() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("postlint: error: {e}");
            return Ok(Outcome::Failed);
        }
    };
    let baseline = match &args.baseline {
        Some(path) => match Baseline::load(path) {
            Ok(b) => Some(b),
            Err(e) => {
                eprintln!("postlint: error: {e}");
                return Ok(Outcome::Failed);
            }
        },
        None => None,
    };
    let accepted = baseline.as_ref().map(Baseline::set);
    let engine = &setup.engine;
    let terminal = io::stdout().is_terminal();
    setup_color(if args.format == Format::Text { args.color } else { ColorChoice::Never });
    // Matched text reaches only a person at a terminal, unless asked for.
    let shown_to_person = args.format == Format::Text && terminal;
    let masking = !args.show_matches && !shown_to_person;
    let mut reporter: Box<dyn Reporter> = match args.format {
        Format::Text => Box::new(TextReporter),
        Format::Json => Box::new(JsonReporter::default()),
        Format::Jsonl => Box::new(JsonlReporter),
        Format::Sarif => Box::new(SarifReporter::new(reportable_rules(engine))),
        Format::Github => Box::new(GithubReporter),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut summary = Summary::default();
    let mut worst: Option<Severity> = None;
    let mut input_failed = false;
    let mut write_result: io::Result<()> = Ok(());
    let mut new_baseline = Baseline::new();

    // Checking runs on all cores; everything after it, in input order, on this thread.
    let check_one = |item: input::Item| {
        item.map(|post| {
            let location = baseline::location(&post.path, post.record, post.id.as_deref());
            let (findings, prints) = findings_of(engine, &post.text, &location, accepted.as_ref());
            (post, location, findings, prints)
        })
    };
    let mut handle = |checked: Result<Checked, input::InputError>, out: &mut dyn Write| {
        if write_result.is_err() {
            return;
        }
        let (post, location, findings, prints) = match checked {
            Ok(checked) => checked,
            Err(e) if e.note => return eprintln!("postlint: note: {e}"),
            Err(e) => {
                input_failed = true;
                eprintln!("postlint: error: {e}");
                return;
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
        worst = worst.max(Engine::worst(&findings));
        let (text, findings) = match (masking, args.format) {
            (false, _) => (post.text, findings),
            (true, Format::Text) => mask::mask_text(&post.text, &findings),
            (true, _) => (post.text, findings.into_iter().map(|f| masked(engine, f)).collect()),
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
    };
    for_each_post(
        &args.paths,
        args.input,
        &args.text_field,
        args.stdin_filename.as_deref(),
        &excluder,
        check_one,
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
    let threshold = setup.settings.fail_on.unwrap_or(FailOn::Error).threshold();
    let outcome = if input_failed {
        Outcome::Failed
    } else if threshold.is_some_and(|t| worst.is_some_and(|w| w >= t)) {
        Outcome::Findings
    } else {
        Outcome::Clean
    };
    // The process ends next: freeing the compiled engine piece by piece would only add
    // start-up-sized work to a one-post run (a pre-commit hook).
    std::mem::forget(setup);
    Ok(outcome)
}

/// A checked post: the post, its baseline location, its findings and their fingerprints.
type Checked = (input::Post, String, Vec<Finding>, Vec<String>);

/// One post's findings and their fingerprints: check, then drop what inline comments
/// suppress, then what the baseline accepts. Pure, so posts can be processed in any order.
fn findings_of(
    engine: &Engine,
    text: &str,
    location: &str,
    accepted: Option<&HashSet<&str>>,
) -> (Vec<Finding>, Vec<String>) {
    let findings = suppress::apply(text, engine.check(text));
    let prints = baseline::fingerprints(location, &findings);
    match accepted {
        Some(set) => findings.into_iter().zip(prints).filter(|(_, fp)| !set.contains(fp.as_str())).unzip(),
        None => (findings, prints),
    }
}

fn masked(engine: &Engine, mut f: Finding) -> Finding {
    let rule = engine.rules().iter().find(|r| r.id == f.rule);
    let templates: Vec<&str> = rule.map_or_else(Vec::new, |r| vec![r.message.as_str(), r.help.as_str()]);
    mask::mask_finding(&mut f, &templates);
    f
}

fn fix_posts(args: FixArgs) -> io::Result<Outcome> {
    let start = start_dir(&args.paths, args.stdin_filename.as_deref());
    let Some(setup) = setup_or_report(&args.packs, &args.select, start, true) else { return Ok(Outcome::Failed) };
    let excluder = match setup.settings.excluder() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("postlint: error: {e}");
            return Ok(Outcome::Failed);
        }
    };
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
                return;
            }
            let post = match item {
                Ok(p) => p,
                Err(e) if e.note => return eprintln!("postlint: note: {e}"),
                Err(e) => {
                    failed = true;
                    eprintln!("postlint: error: {e}");
                    return;
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
        },
    );
    result?;
    out.flush()?;
    Ok(if failed {
        Outcome::Failed
    } else if threshold.is_some_and(|t| worst_left.is_some_and(|w| w >= t)) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
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

fn list_rules(args: RulesArgs) -> io::Result<Outcome> {
    let Some(setup) = setup_or_report(&args.packs, &args.select, cwd(), true) else { return Ok(Outcome::Failed) };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let disabled = &setup.applied.disabled;
    match args.format {
        ListFormat::Json => {
            let rules: Vec<_> = setup.engine.rules().iter().map(|r| rule_json(r, disabled.contains(&r.id))).collect();
            serde_json::to_writer_pretty(&mut out, &rules)?;
            writeln!(out)?;
        }
        ListFormat::Text => {
            for r in setup.engine.rules() {
                let note = if disabled.contains(&r.id) {
                    " (off: deselected by configuration)"
                } else if r.signal {
                    " (signal: feeds other rules, never reported alone)"
                } else {
                    ""
                };
                writeln!(out, "{:<40} {:<18} {:<8} {}{}", r.id, r.category, r.severity, r.message, note)?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Clean)
}

fn rule_json(r: &pack::Rule, disabled: bool) -> serde_json::Value {
    serde_json::json!({
        "id": r.id, "category": r.category, "severity": r.severity.as_str(),
        "message": r.message, "help": r.help, "description": r.description,
        "signal": r.signal && !disabled, "enabled": !r.signal, "source": r.source,
        "examples": { "flag": r.examples.flag, "pass": r.examples.pass },
    })
}

fn explain_rule(args: RuleArgs) -> io::Result<Outcome> {
    let Some(setup) = setup_or_report(&args.packs, &SelectArgs::default(), cwd(), true) else {
        return Ok(Outcome::Failed);
    };
    let rules = setup.engine.rules();
    if args.id == suppress::UNUSED_RULE
        && let Some(info) = reportable_rules(&setup.engine).into_iter().find(|r| r.id == args.id)
    {
        let mut out = io::BufWriter::new(io::stdout().lock());
        writeln!(out, "{} (built in, severity {})", info.id, info.severity)?;
        writeln!(out, "\nWhat it finds\n  {}", info.message)?;
        writeln!(out, "\nWhy it matters\n  {}", info.description)?;
        writeln!(out, "\nHow to fix it\n  {}", info.help)?;
        out.flush()?;
        return Ok(Outcome::Clean);
    }
    let Some(r) = rules.iter().find(|r| r.id == args.id) else {
        let near: Vec<&str> =
            rules.iter().filter(|r| pack::selects(&args.id, &r.id, &r.category)).map(|r| r.id.as_str()).collect();
        if near.is_empty() {
            eprintln!("postlint: error: no rule `{}` (see `postlint rules`)", args.id);
        } else {
            eprintln!("postlint: error: `{}` is a group of rules; pick one: {}", args.id, near.join(", "));
        }
        return Ok(Outcome::Failed);
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.format == ListFormat::Json {
        serde_json::to_writer_pretty(&mut out, &rule_json(r, setup.applied.disabled.contains(&r.id)))?;
        writeln!(out)?;
        out.flush()?;
        return Ok(Outcome::Clean);
    }
    writeln!(out, "{} ({} rule, severity {})", r.id, r.category, r.severity)?;
    if setup.applied.disabled.contains(&r.id) {
        writeln!(out, "Switched off here by `select`/`ignore` (see `postlint config`).")?;
    } else if r.signal {
        writeln!(out, "A signal: never reported alone; other rules combine it with more evidence.")?;
    }
    writeln!(out, "\nWhat it finds\n  {}", r.message)?;
    let why = if r.description.is_empty() { "(the pack gives no further explanation)" } else { &r.description };
    writeln!(out, "\nWhy it matters\n  {why}")?;
    writeln!(out, "\nHow to fix it\n  {}", r.help)?;
    for (title, list) in [("Flagged, for example", &r.examples.flag), ("Not flagged, for example", &r.examples.pass)] {
        if !list.is_empty() {
            writeln!(out, "\n{title}")?;
            for e in list {
                writeln!(out, "  - {e}")?;
            }
        }
    }
    writeln!(out, "\nDefined in {}", r.source)?;
    out.flush()?;
    Ok(Outcome::Clean)
}

fn show_config(args: ConfigArgs) -> io::Result<Outcome> {
    let start = args.path.as_ref().map_or_else(cwd, |p| start_dir(std::slice::from_ref(p), None));
    let Some(setup) = setup_or_report(&args.packs, &args.select, start, true) else { return Ok(Outcome::Failed) };
    print_settings(&setup)
}

/// Print the resolved settings as TOML a user could paste into `postlint.toml`.
fn print_settings(setup: &Setup) -> io::Result<Outcome> {
    let s = &setup.settings;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let quote = |v: &str| serde_json::to_string(v).unwrap_or_default();
    let list = |items: Vec<&str>| format!("[{}]", items.iter().map(|v| quote(v)).collect::<Vec<_>>().join(", "));
    match &s.source {
        Some(p) => writeln!(out, "# settings from {}", p.display())?,
        None => writeln!(
            out,
            "# no config file (searched {} and the folders above it up to the repository root)",
            setup.searched_from.display()
        )?,
    }
    let rules: Vec<String> = s.rules.iter().map(|p| p.display().to_string()).collect();
    writeln!(out, "rules = {}", list(rules.iter().map(String::as_str).collect()))?;
    writeln!(out, "no-builtin = {}", s.no_builtin)?;
    writeln!(out, "select = {}", list(s.select.iter().map(|x| x.value.as_str()).collect()))?;
    writeln!(out, "ignore = {}", list(s.ignore.iter().map(|x| x.value.as_str()).collect()))?;
    writeln!(out, "fail-on = {}", quote(s.fail_on.unwrap_or(FailOn::Error).as_str()))?;
    writeln!(out, "exclude = {}", list(s.exclude.iter().map(String::as_str).collect()))?;
    writeln!(out, "\n[severity]")?;
    for (sel, sev) in &s.severity {
        writeln!(out, "{} = {}", quote(&sel.value), quote(sev.as_str()))?;
    }
    writeln!(out, "\n[allow]")?;
    writeln!(out, "terms = {}", list(s.allow_terms.iter().map(String::as_str).collect()))?;
    writeln!(out, "patterns = {}", list(s.allow_patterns.iter().map(|p| p.value.as_str()).collect()))?;
    let active = setup.engine.rules().iter().filter(|r| !r.signal).count();
    writeln!(out, "\n# {} rules reported, {} switched off by select/ignore", active, setup.applied.disabled.len())?;
    if !setup.applied.disabled.is_empty() {
        let off: Vec<&str> = setup.applied.disabled.iter().map(String::as_str).collect();
        writeln!(out, "# off: {}", off.join(", "))?;
    }
    out.flush()?;
    Ok(Outcome::Clean)
}

fn test_rules(args: PackArgs) -> io::Result<Outcome> {
    let Some(setup) = setup_or_report(&args, &SelectArgs::default(), cwd(), false) else {
        return Ok(Outcome::Failed);
    };
    let engine = &setup.engine;
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
