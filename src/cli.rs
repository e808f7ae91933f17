//! Command-line definitions (clap). No matching logic here.

use clap::{Args, Parser, Subcommand, ValueEnum};
use postlint::config::{Config, Selector};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "postlint",
    version,
    about = "Check a social-media draft for patient identifiers and unprofessional content before you post it."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check posts (stdin when no path or `-` is given; folders are walked).
    Check(CheckArgs),
    /// Print posts with patient identifiers redacted and profanity masked (`--write` rewrites
    /// the files); list what needs a person.
    Fix(FixArgs),
    /// List every loaded rule.
    Rules(RulesArgs),
    /// Explain one rule: what it finds, why it matters, how to fix it, examples.
    Rule(RuleArgs),
    /// Print the resolved configuration and the file it came from.
    Config(ConfigArgs),
    /// Run every rule's own examples and report the ones that fail.
    TestRules(PackArgs),
    /// Print a shell completion script (`postlint completions bash > /etc/bash_completion.d/postlint`).
    Completions(CompletionsArgs),
    /// Print the manual page in roff (`postlint man > postlint.1; man ./postlint.1`).
    Man,
    /// Serve a private local page and a JSON API on loopback (default 127.0.0.1:7878): the
    /// same packs and config, loaded once; drafts never leave the machine.
    Serve(ServeArgs),
    /// Speak the Language Server Protocol on stdin/stdout, so an editor shows findings as you
    /// write (Markdown and plain text; the nearest postlint.toml applies to each document).
    Lsp(LspArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Where rules come from.
#[derive(Debug, Args, Clone)]
pub struct PackArgs {
    /// Add a rule pack file or a folder of `*.toml` packs (repeatable). A pack with the id
    /// of a built-in pack replaces it.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in packs.
    #[arg(long)]
    pub no_builtin: bool,
    /// Use this config file instead of searching for `postlint.toml` / `.postlint.toml`.
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore every config file.
    #[arg(long)]
    pub isolated: bool,
}

/// Which rules are reported (added to the config file's settings).
#[derive(Debug, Args, Clone, Default)]
pub struct SelectArgs {
    /// Report only these rules: ids, id prefixes or categories (comma-separated, repeatable;
    /// replaces the config's `select`).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Never report these rules (comma-separated, repeatable; added to the config's `ignore`).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
}

/// The command line's layer of settings: the same `Config` a config file gives, laid over the
/// file's with `Config::update` (so `--select` replaces the file's `select`, `--ignore` and
/// `--rules` add to it, `--fail-on` replaces its `fail-on`).
pub fn flags(packs: &PackArgs, select: &SelectArgs, fail_on: Option<FailOn>) -> Config {
    Config {
        rules: packs.rules.clone(),
        no_builtin: packs.no_builtin,
        select: select.select.iter().map(|v| Selector::from_cli(v, "--select")).collect(),
        ignore: select.ignore.iter().map(|v| Selector::from_cli(v, "--ignore")).collect(),
        fail_on: fail_on.map(Into::into),
        ..Config::default()
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check; `-` or nothing reads standard input.
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub packs: PackArgs,
    #[command(flatten)]
    pub select: SelectArgs,
    /// How to read the input: whole files as one post, one JSON object per line, or a CSV
    /// export with a header row (one post per row).
    #[arg(long, value_enum, default_value_t = InputKind::Text)]
    pub input: InputKind,
    /// JSON field or CSV column holding the post text (with `--input jsonl|csv`) [default: text].
    #[arg(long, value_name = "NAME")]
    pub text_field: Option<String>,
    /// CSV column holding each post's id, reported and used in baselines (with `--input csv`;
    /// JSONL posts take theirs from `id`).
    #[arg(long, value_name = "NAME")]
    pub id_field: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// When to colour text output (`auto` honours `NO_COLOR` and `TERM=dumb`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Exit with status 1 when a finding at or above this severity is found [default: error,
    /// or the config's `fail-on`].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Name to report for standard input (and to find the config file and apply excludes).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Show matched text in every format (CI formats mask it by default; so does `text` when
    /// not writing to a terminal).
    #[arg(long)]
    pub show_matches: bool,
    /// Print the resolved settings instead of checking.
    #[arg(long)]
    pub show_settings: bool,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding in this baseline file (and exit 0).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Files or folders to fix; `-` or nothing reads standard input.
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub packs: PackArgs,
    #[command(flatten)]
    pub select: SelectArgs,
    /// Rewrite the files in place (atomically) instead of printing the fixed text. A file
    /// changed by someone else since it was read is left as it is (exit status 2).
    #[arg(long, conflicts_with = "diff")]
    pub write: bool,
    /// Print a unified diff of the changes instead of the fixed text.
    #[arg(long)]
    pub diff: bool,
    /// How to read the input: whole files as one post, or one JSON object per line (the
    /// output keeps every other field of a line as written). CSV is read by `check` only.
    #[arg(long, value_enum, default_value_t = InputKind::Text)]
    pub input: InputKind,
    /// JSON field holding the post text (with `--input jsonl`) [default: text].
    #[arg(long, value_name = "NAME")]
    pub text_field: Option<String>,
    /// Name to report for standard input (and to find the config file).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Exit with status 1 when a finding at or above this severity is left for a person.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule id, for example `phi.ssn`.
    pub id: String,
    #[command(flatten)]
    pub packs: PackArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Where to start the search for a config file (default: the current folder).
    pub path: Option<PathBuf>,
    #[command(flatten)]
    pub packs: PackArgs,
    #[command(flatten)]
    pub select: SelectArgs,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub packs: PackArgs,
    #[command(flatten)]
    pub select: SelectArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputKind {
    Text,
    Jsonl,
    /// A CSV export with a header row (scheduling tools); `--text-field` names the column.
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions annotations.
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl From<FailOn> for postlint::config::FailOn {
    fn from(f: FailOn) -> Self {
        match f {
            FailOn::Error => Self::Error,
            FailOn::Warning => Self::Warning,
            FailOn::Info => Self::Info,
            FailOn::Never => Self::Never,
        }
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub packs: PackArgs,
    #[command(flatten)]
    pub select: SelectArgs,
    /// Address to listen on. Anything but loopback needs `--allow-remote`.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on (0 picks a free one; the address is printed on stderr).
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// Allow a non-loopback `--host`: anyone who can reach it can read what is checked.
    #[arg(long)]
    pub allow_remote: bool,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = 1_048_576, value_name = "BYTES")]
    pub max_body: usize,
    /// Seconds a client may take to send a request's body, and the longest wait for any one
    /// read or write on its connection; a client that stalls longer gets 408 and is cut off.
    #[arg(long, default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct LspArgs {
    #[command(flatten)]
    pub packs: PackArgs,
    #[command(flatten)]
    pub select: SelectArgs,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// clap's own consistency checks over every subcommand and argument (conflicting or
    /// missing names, bad defaults, duplicate flags), which otherwise run only for the
    /// subcommand a user happens to invoke in a debug build.
    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
