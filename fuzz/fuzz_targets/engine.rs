//! The engine with the built-in packs over arbitrary bytes (decoded lossily, as a post is
//! always UTF-8 by the time it reaches the engine): never panics, every finding's span lies on
//! char boundaries inside the text and `matched` is the text at that span.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postlint::Engine;
use postlint::finding::line_column;
use postlint::pack::{builtin::builtin_packs, merge};
use std::sync::LazyLock;

static ENGINE: LazyLock<Engine> =
    LazyLock::new(|| Engine::new(&merge(builtin_packs().expect("built-in packs load")).expect("merge")).expect("compile"));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let findings = ENGINE.check(&text);
    for f in &findings {
        let (s, e) = (f.span.start, f.span.end);
        assert!(s <= e && e <= text.len(), "span {s}..{e} outside text of {} bytes", text.len());
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "span {s}..{e} splits a char");
        assert_eq!(f.matched, &text[s..e]);
        assert_eq!((f.line, f.column), line_column(&text, s));
    }
    assert!(findings.windows(2).all(|w| w[0].span.start <= w[1].span.start), "findings sorted by position");
});
