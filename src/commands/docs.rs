//! `postlint completions SHELL` and `postlint man`: shell completions and the manual page,
//! generated from the same clap definitions the parser uses, so they never drift from it.

use super::Outcome;
use crate::cli::Cli;
use clap::CommandFactory;
use std::io::{self, Write};

/// Print the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> io::Result<Outcome> {
    // Into memory first: clap_complete panics on a write error (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "postlint", &mut script);
    let mut out = io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(Outcome::Clean)
}

/// Print the manual page (roff): the main page, then one section per subcommand.
pub fn man() -> io::Result<Outcome> {
    let command = Cli::command();
    let mut out = io::BufWriter::new(io::stdout().lock());
    clap_mangen::Man::new(command.clone()).render(&mut out)?;
    // Each subcommand's options as a section of the one page (`man postlint`, then search).
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let mut options = Vec::new();
        clap_mangen::Man::new(sub.clone()).render_options_section(&mut options)?;
        let options = String::from_utf8_lossy(&options).replacen(".SH OPTIONS", "", 1);
        writeln!(out, ".SH \"POSTLINT {}\"", sub.get_name().to_uppercase())?;
        if let Some(about) = sub.get_about() {
            writeln!(out, "{}", roff_escape(&about.to_string()))?;
        }
        out.write_all(options.as_bytes())?;
    }
    out.flush()?;
    Ok(Outcome::Clean)
}

/// Text safe as a roff paragraph: a leading `.` or `'` would be read as a request.
fn roff_escape(text: &str) -> String {
    let text = text.replace('\\', "\\e");
    if text.starts_with(['.', '\'']) { format!("\\&{text}") } else { text }
}
