//! postlint: a pre-publication compliance linter for clinicians' social-media posts.
//!
//! The library core is pure: `pack` loads TOML rule packs, `engine` compiles them and checks
//! a post (`&str -> Vec<Finding>`), `lint` adds suppression comments and masking, `fix`
//! redacts, `report` formats findings. The CLI, the local server (`postlint serve`) and the
//! language server (`postlint lsp`) live in `main.rs` and `commands/`, as thin layers over it.
//!
//! Embedding it (a scheduling tool checking drafts before it queues them):
//!
//! ```
//! use postlint::{Engine, Severity, fix, lint};
//!
//! let engine = Engine::builtin().expect("the built-in packs load");
//! let draft = "My patient John Smith, SSN 123-45-6789, went home today";
//! let findings = lint::check(&engine, draft);
//! let ssn = findings.iter().find(|f| f.rule.starts_with("phi.ssn")).expect("the SSN is found");
//! assert_eq!(ssn.severity, Severity::Error);
//! assert_eq!(&draft[ssn.span.start..ssn.span.end], "123-45-6789");
//!
//! // What `postlint fix` prints: identifiers replaced by their kind.
//! let fixed = fix::fix_post(&engine, draft);
//! assert_eq!(fixed.text, "My patient [NAME], SSN [SSN], went home today");
//!
//! // Your own packs: `pack::parse_pack` + `Engine::new` (built-in packs first to keep them).
//! let mine = postlint::pack::parse_pack("mine.toml", r#"
//! [pack]
//! id = "mine"
//! category = "house_style"
//! [[rule]]
//! id = "mine.asap"
//! severity = "info"
//! message = "Spell it out."
//! help = "Write 'as soon as possible'."
//! terms = ["asap"]
//! examples.flag = ["call asap", "ASAP please"]
//! examples.pass = ["as soon as possible", "asapna"]
//! "#).expect("a valid pack");
//! let engine = Engine::new(&[mine.clone()]).expect("it compiles");
//! assert_eq!(engine.check("reply asap")[0].rule, "mine.asap");
//!
//! // A run's choice of rules (what `--ignore` and `postlint.toml` give) is applied when the
//! // engine is compiled; the packs stay as written.
//! let quiet = postlint::engine::Selection { ignore: vec!["mine.asap".into()], ..Default::default() };
//! let engine = Engine::with_selection(&[mine], &quiet).expect("it compiles");
//! assert!(engine.check("reply asap").is_empty());
//! assert_eq!(engine.switched_off(), ["mine.asap"]);
//! ```
#![forbid(unsafe_code)]

pub mod baseline;
pub mod config;
pub mod engine;
pub mod error;
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
pub use error::{Error, ErrorKind, Location};
pub use finding::{Finding, Severity, Span};
