//! The pack loader and compiler over arbitrary TOML text: errors are fine, panics are not.
//! Every error must name a position (line and column are 0 only for whole-file problems).
#![no_main]

use libfuzzer_sys::fuzz_target;
use postlint::Engine;
use postlint::pack::{merge, parse_pack};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(pack) = parse_pack("fuzz.toml", text) else { return };
    let Ok(packs) = merge(vec![pack]) else { return };
    if let Ok(engine) = Engine::new(&packs) {
        // A pack that compiles must also survive its own examples and a few texts.
        let _ = engine.test_examples();
        for text in [text, "", "a", "é 🎉 123-45-6789\n"] {
            let _ = engine.check(text);
        }
    }
});
