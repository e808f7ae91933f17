//! The page of `postlint serve` in real headless Chromium (Debian's `chromium`, driven by
//! Playwright from `tests/browser/`): type a draft with a patient's name and SSN, see it
//! highlighted, copy the redacted text, and keep a screenshot in `target/browser/serve.png`.
//! Needs `apt-get install chromium` and `npm ci --prefix tests/browser` (`.ci/run` does both);
//! without them it says SKIPPED, except under CI, where it fails.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

#[test]
fn the_page_highlights_a_draft_and_copies_it_redacted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ready = Path::new(&chromium).exists()
        && root.join("tests/browser/node_modules/playwright-core").exists()
        && Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ready {
        crate::common::skip(
            "the browser test needs chromium, node and `npm ci --prefix tests/browser` (tests/browser/node_modules)",
        );
        return;
    }
    let mut server = Command::new(env!("CARGO_BIN_EXE_postlint"))
        .args(["serve", "--isolated", "--port", "0"])
        .stderr(Stdio::piped())
        .spawn()
        .expect("start postlint serve");
    let mut lines = BufReader::new(server.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    std::thread::spawn(move || for _ in lines {});
    let url = first.split_whitespace().find(|w| w.starts_with("http://")).expect("the address").to_string();
    let shots = root.join("target/browser");
    std::fs::create_dir_all(&shots).unwrap();
    let out = Command::new("node")
        .arg(root.join("tests/browser/e2e.mjs"))
        .arg(&url)
        .arg(shots.join("serve.png"))
        .env("CHROMIUM", &chromium)
        .output()
        .expect("run node");
    let _ = server.kill();
    let _ = server.wait();
    assert!(
        out.status.success(),
        "browser test failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(shots.join("serve.png").exists());
}
