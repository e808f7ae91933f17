//! The pack loader and compiler over arbitrary TOML text: errors are fine, panics are not.
//! Random text rarely gets past the TOML parser, so the input is also spliced into a valid
//! pack as a rule's pattern, terms and context words: that reaches regex compilation (and
//! its size limit), the term automaton and the engine with user-controlled rules.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postlint::Engine;
use postlint::pack::{merge, parse_pack};

/// A TOML basic string holding `s` exactly.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Load, merge, compile; when it all works, run the pack's examples and check a few texts.
fn exercise(pack_text: &str, texts: &[&str]) {
    let Ok(pack) = parse_pack("fuzz.toml", pack_text) else { return };
    let Ok(packs) = merge(vec![pack]) else { return };
    let Ok(engine) = Engine::new(&packs) else { return };
    let _ = engine.test_examples();
    for text in texts {
        for f in engine.check(text) {
            assert_eq!(f.matched, &text[f.span.start..f.span.end]);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    exercise(text, &[text, "", "a", "é 🎉 123-45-6789\n"]);

    let mut parts = text.splitn(3, '\n');
    let pattern = parts.next().unwrap_or_default();
    let term = parts.next().unwrap_or_default();
    let sample = parts.next().unwrap_or_default();
    let spliced = format!(
        "[pack]\nid = \"f\"\ncategory = \"f\"\n\
         [[rule]]\nid = \"f.pattern\"\nseverity = \"error\"\nmessage = \"m\"\nhelp = \"h\"\npattern = {p}\n\
         examples = {{ flag = [{s}], pass = [{t}] }}\n\
         [[rule]]\nid = \"f.term\"\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\nterms = [{t}]\nnormalize = true\n\
         context = {{ window = 2, require = [{s}] }}\n\
         [[rule]]\nid = \"f.both\"\nseverity = \"info\"\nmessage = \"m {{found}}\"\nhelp = \"h\"\nsignal = false\n\
         when = {{ all = [\"f.pattern\"], any = [\"f.term\"] }}\n",
        p = toml_string(pattern),
        t = toml_string(term),
        s = toml_string(sample),
    );
    exercise(&spliced, &[sample, text, term, pattern]);
});
