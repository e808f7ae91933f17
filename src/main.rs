//! The `postlint` binary: parse arguments, run a command, map the outcome to an exit code
//! (0 clean, 1 findings at or above `--fail-on`, 2 usage/configuration/input error).
#![forbid(unsafe_code)]

mod batch;
mod cli;
// The front ends: each subcommand prints its own output and notes (Cargo.toml denies
// printing everywhere else, the library included).
#[allow(clippy::print_stdout, clippy::print_stderr)]
mod commands;
mod input;

/// Compiling the packs makes hundreds of thousands of small allocations; mimalloc serves
/// them several times faster than the system allocator, which is most of a one-post run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use cli::{Cli, Command};
use commands::Outcome;
use std::io;
use std::process::ExitCode;

#[allow(clippy::print_stderr)] // the one error line of a failed run
fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // `--help` and `--version` print as clap renders them, on stdout with status 0.
        Err(e) if !e.use_stderr() => e.exit(),
        // A usage error gets the prefix every other error has (clap's own starts `error:`).
        Err(e) => {
            eprint!("postlint: {}", e.render());
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Check(args) => commands::check::run(args),
        Command::Fix(args) => commands::fix::run(args),
        Command::Rules(args) => commands::rules::list(args),
        Command::Rule(args) => commands::rules::explain(args),
        Command::Config(args) => commands::config::run(args),
        Command::TestRules(args) => commands::test_rules::run(args),
        Command::Completions(args) => commands::docs::completions(args.shell),
        Command::Man => commands::docs::man(),
        Command::Serve(args) => commands::serve::run(args),
        Command::Lsp(args) => commands::lsp::run(args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::from(0),
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Failed) => ExitCode::from(2),
        // A closed pipe (`postlint check | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(0),
        Err(e) => {
            eprintln!("postlint: error: {e}");
            ExitCode::from(2)
        }
    }
}
