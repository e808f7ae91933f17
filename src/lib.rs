//! postlint: a pre-publication compliance linter for clinicians' social-media posts.
//!
//! The library core is pure: `pack` loads TOML rule packs, `engine` compiles them and checks
//! a post (`&str -> Vec<Finding>`), `report` formats findings. The CLI lives in `main.rs` and `commands/`.
#![forbid(unsafe_code)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod config;
pub mod engine;
pub mod finding;
pub mod fix;
pub mod join;
pub mod jsonl;
pub mod lint;
pub mod mask;
pub mod normalize;
pub mod pack;
pub mod report;
pub mod suppress;
pub mod validators;

pub use engine::Engine;
pub use finding::{Finding, Severity, Span};
