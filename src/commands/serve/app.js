// postlint's local page: checks the draft against this server's /v1/check as you type and
// fetches /v1/fix for "Copy redacted". No other origin is contacted.
"use strict";
const draft = document.getElementById("draft");
const preview = document.getElementById("preview");
const list = document.getElementById("findings");
const status = document.getElementById("status");
const count = document.getElementById("count");
const platform = document.getElementById("platform");
const redacted = document.getElementById("redacted");
const copyStatus = document.getElementById("copy-status");
let timer = null;
let sequence = 0;

async function post(path, text) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ text: text, show_matches: true }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body.posts[0];
}

// Byte offsets (UTF-8) from the API to string indices (UTF-16) of the draft.
function byteToIndex(text) {
  const map = new Map();
  let bytes = 0;
  for (let i = 0; i < text.length; ) {
    map.set(bytes, i);
    const code = text.codePointAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    i += code >= 0x10000 ? 2 : 1;
  }
  map.set(bytes, text.length);
  return (b) => (map.has(b) ? map.get(b) : text.length);
}

function updateCount() {
  const limit = Number(platform.value);
  const n = [...draft.value].length;
  count.textContent = `${n} / ${limit.toLocaleString()} characters` + (n > limit ? " (too long)" : "");
  count.classList.toggle("over", n > limit);
}

function render(text, findings) {
  const at = byteToIndex(text);
  preview.replaceChildren();
  let pos = 0;
  const spans = findings
    .map((f) => ({ f, start: at(f.start), end: at(f.end) }))
    .sort((a, b) => a.start - b.start);
  for (const s of spans) {
    if (s.start < pos) continue; // overlapping: the first one marks the text
    preview.append(text.slice(pos, s.start));
    const mark = document.createElement("mark");
    mark.className = s.f.severity;
    mark.title = `${s.f.severity}: ${s.f.message}`;
    mark.textContent = text.slice(s.start, s.end);
    preview.append(mark);
    pos = s.end;
  }
  preview.append(text.slice(pos));

  list.replaceChildren();
  for (const f of findings) {
    const item = document.createElement("li");
    const sev = document.createElement("span");
    sev.className = `sev ${f.severity}`;
    sev.textContent = f.severity;
    const message = document.createElement("span");
    message.textContent = f.message;
    const help = document.createElement("span");
    help.className = "help";
    help.textContent = f.help;
    const rule = document.createElement("span");
    rule.className = "rule";
    rule.textContent = `${f.rule}, line ${f.line} column ${f.column}`;
    item.append(sev, message, help, rule);
    list.append(item);
  }
  const errors = findings.filter((f) => f.severity === "error").length;
  status.textContent =
    findings.length === 0
      ? "No problems found."
      : `${findings.length} problem${findings.length === 1 ? "" : "s"} found (${errors} error${errors === 1 ? "" : "s"}).`;
}

async function check() {
  const text = draft.value;
  const mine = ++sequence;
  try {
    const result = await post("/v1/check", text);
    if (mine === sequence) render(text, result.findings);
  } catch (e) {
    status.textContent = `Could not check: ${e.message}`;
  }
}

draft.addEventListener("input", () => {
  updateCount();
  clearTimeout(timer);
  timer = setTimeout(check, 250);
});
platform.addEventListener("change", updateCount);

document.getElementById("copy").addEventListener("click", async () => {
  try {
    const result = await post("/v1/fix", draft.value);
    redacted.value = result.text;
    try {
      await navigator.clipboard.writeText(result.text);
      copyStatus.textContent = "Redacted draft copied.";
    } catch (_) {
      redacted.select();
      copyStatus.textContent = "Redacted draft shown above: copy it from there.";
    }
  } catch (e) {
    copyStatus.textContent = `Could not redact: ${e.message}`;
  }
});

updateCount();
