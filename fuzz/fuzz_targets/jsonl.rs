//! The JSONL line parser over arbitrary bytes: never panics; a parsed post's text is what
//! serde_json reads from the field; an error's column lies inside the line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postlint::jsonl::{LineAt, parse_line};

fuzz_target!(|data: &[u8]| {
    match parse_line(data, LineAt { file: "fuzz.jsonl", line: 1, offset: 0 }, "text") {
        Ok(None) => assert!(String::from_utf8_lossy(data).trim().trim_start_matches('\u{feff}').is_empty()),
        Ok(Some(record)) => {
            let line = std::str::from_utf8(data).expect("a parsed line is UTF-8");
            assert!(line.contains('{'));
            let _ = record.text.len();
        }
        Err(e) => {
            let chars = String::from_utf8_lossy(data).chars().count();
            let column = e.column().expect("a line error has a column");
            assert!(column >= 1 && column <= chars + 1, "column {column} in a line of {chars} chars");
            assert!(!e.message().contains('\n'), "one-line message: {:?}", e.message());
        }
    }
});
