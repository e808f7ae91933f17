//! The subcommands, one module each, and what they share: the `Outcome` a run ends with,
//! reporting an error on stderr, and reading the posts to check or fix.

pub mod check;
pub mod config;
pub mod docs;
pub mod fix;
pub mod lsp;
pub mod rules;
pub mod serve;
mod setup;
pub mod test_rules;

use crate::cli::InputKind;
use crate::{batch, input};
use setup::Configs;
use std::fmt::Display;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// How a run ended.
pub enum Outcome {
    Clean,
    Findings,
    /// Something could not be read or loaded (already reported on stderr).
    Failed,
}

impl Outcome {
    /// The end of a run over posts: failed inputs first, then whether a finding reached its
    /// file's `fail-on` threshold.
    fn of(failed: bool, over_threshold: bool) -> Outcome {
        if failed {
            Outcome::Failed
        } else if over_threshold {
            Outcome::Findings
        } else {
            Outcome::Clean
        }
    }
}

/// The value, or `None` after saying on stderr what went wrong.
fn ok_or_report<T>(result: Result<T, impl Display>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(e) => {
            eprintln!("postlint: error: {e}");
            None
        }
    }
}

/// Say on stderr what went wrong with one input; true when it fails the run (a note does not).
fn report_input_error(e: &postlint::Error) -> bool {
    if e.kind() == postlint::ErrorKind::Skipped {
        eprintln!("postlint: note: {e}");
        false
    } else {
        eprintln!("postlint: error: {e}");
        true
    }
}

/// The inputs `paths` name (folders walked, `-` for stdin) minus the files their config
/// excludes, or what is wrong with them. Each file's setup is recorded in `configs`.
fn sources(
    paths: &[PathBuf],
    kind: InputKind,
    stdin_filename: Option<&str>,
    configs: &mut Configs,
) -> Vec<Result<String, postlint::Error>> {
    let reads_stdin = paths.is_empty() || paths.iter().any(|p| p.as_os_str() == "-");
    if reads_stdin && std::io::stdin().is_terminal() {
        eprintln!(
            "postlint: reading a post from the terminal (end it with Ctrl-D; give a file or folder to check files)"
        );
    }
    let has_extension =
        |p: &Path, exts: &[&str]| p.extension().is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)));
    // Which files a folder walk reads: drafts by the file's config, or the batch format's files.
    let mut walked = |p: &Path| match kind {
        InputKind::Text => configs.is_draft(p),
        InputKind::Jsonl => has_extension(p, &["jsonl", "ndjson"]),
        InputKind::Csv => has_extension(p, &["csv"]),
    };
    let expanded = input::expand_paths(paths, &mut walked);
    expanded
        .into_iter()
        .filter(|path| {
            let Ok(path) = path else { return true };
            match (path.as_str(), stdin_filename) {
                ("-", Some(name)) => configs.admit(Path::new(name), name),
                ("-", None) => configs.admit(Path::new(input::STDIN_NAME), input::STDIN_NAME),
                (path, _) => configs.admit(Path::new(path), path),
            }
        })
        .collect()
}

/// How `--input`, `--text-field` and `--id-field` say the posts are read, or `None` after
/// saying on stderr which option does not fit the input mode.
fn read_mode<'a>(kind: InputKind, text_field: Option<&'a str>, id_field: Option<&'a str>) -> Option<batch::Mode<'a>> {
    let text = text_field.unwrap_or("text");
    let mode = match (kind, text_field, id_field) {
        (InputKind::Text, Some(_), _) => Err("`--text-field` needs `--input jsonl` or `--input csv`"),
        (InputKind::Text | InputKind::Jsonl, _, Some(_)) => {
            Err("`--id-field` needs `--input csv` (JSONL posts take their id from the `id` field)")
        }
        (InputKind::Text, None, None) => Ok(batch::Mode::Text),
        (InputKind::Jsonl, _, None) => Ok(batch::Mode::Jsonl { text_field: text }),
        (InputKind::Csv, _, id_field) => Ok(batch::Mode::Csv { text_field: text, id_field }),
    };
    ok_or_report(mode.map_err(|e| format!("{e} (whole files are read as one post with `--input text`)")))
}

/// Read the posts of `sources` (as `sources` returns them; stdin is named by `stdin_filename`
/// when given), run `work` on each post or input error on all cores, and call `each` with the
/// results in input order until it returns false (the output is gone).
fn for_each_post<T: Send>(
    sources: Vec<Result<String, postlint::Error>>,
    mode: batch::Mode<'_>,
    stdin_filename: Option<&str>,
    work: impl Fn(input::Item) -> T + Sync,
    each: impl FnMut(T) -> bool,
) {
    let rename = |item: input::Item| match item {
        Ok(mut post) if post.path == input::STDIN_NAME && stdin_filename.is_some() => {
            post.path = stdin_filename.unwrap_or_default().to_string();
            Ok(post)
        }
        other => other,
    };
    batch::for_each(sources, mode, |item| work(rename(item)), each);
}
