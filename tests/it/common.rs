//! Helpers shared by the modules of this one test binary.

use postlint::Engine;
use std::io::Write as _;
use std::sync::LazyLock;

/// The engine of the built-in packs, built once for the whole test binary.
pub fn engine() -> &'static Engine {
    static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::builtin().expect("built-in packs load and compile"));
    &ENGINE
}

/// Says that a test cannot run on this machine (a tool or a file-system feature is missing);
/// the caller returns right after. Under CI (`CI` set) it fails instead: .ci/run installs what
/// the tests need, and there a skip would read as a pass. Elsewhere it writes `SKIPPED ...`
/// straight to stderr, past cargo's output capture, so the skip is seen.
pub fn skip(msg: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{msg}; CI must be able to run this test (.ci/run installs what it needs)"
    );
    let _ = writeln!(std::io::stderr(), "\n*** SKIPPED {msg}\n");
}
