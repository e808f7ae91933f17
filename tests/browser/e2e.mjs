// End-to-end test of postlint serve's page in real headless Chromium (Debian's package).
// Usage: node e2e.mjs URL SCREENSHOT_PATH. Exits non-zero with a message on any failure.
import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [url, screenshot] = process.argv.slice(2);
const fail = (message) => {
  console.error(`e2e: ${message}`);
  process.exit(1);
};
if (!url || !screenshot) fail("usage: node e2e.mjs URL SCREENSHOT_PATH");

const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "postlint-chromium-")), {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
  ],
  viewport: { width: 420, height: 900 },
  permissions: ["clipboard-read", "clipboard-write"],
});
try {
  const page = browser.pages()[0] || (await browser.newPage());
  // Any request to another origin fails the test: the page must be self-contained.
  const origin = new URL(url).origin;
  const foreign = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  await page.goto(url);
  const draft = "My patient John Smith, SSN 123-45-6789, went home today";
  await page.getByRole("textbox", { name: "Your draft", exact: true }).fill(draft);
  await page.locator("#preview mark.error").first().waitFor({ timeout: 15000 });
  const marked = await page.locator("#preview mark").allTextContents();
  if (!marked.some((t) => t.includes("123-45-6789"))) fail(`the SSN is not highlighted: ${JSON.stringify(marked)}`);
  const status = await page.locator("#status").textContent();
  if (!/problem/.test(status)) fail(`status says ${status}`);
  const items = await page.locator("#findings li").count();
  if (items < 2) fail(`expected findings listed, got ${items}`);
  const count = await page.locator("#count").textContent();
  if (!count.startsWith(`${draft.length} / 280`)) fail(`character count says ${count}`);

  // The platform selector changes the limit the count is measured against.
  await page.getByLabel("Platform").selectOption({ label: "Threads (500)" });
  const threads = await page.locator("#count").textContent();
  if (!threads.startsWith(`${draft.length} / 500`)) fail(`after choosing Threads the count says ${threads}`);

  // Keyboard only: Tab from the draft reaches "Copy redacted", and Enter presses it.
  await page.getByRole("textbox", { name: "Your draft", exact: true }).focus();
  let focused = "";
  for (let i = 0; i < 10 && focused !== "copy"; i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  }
  if (focused !== "copy") fail("Tab from the draft never reaches the Copy redacted button");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("redacted").value.length > 0, null, { timeout: 15000 });
  const redacted = await page.locator("#redacted").inputValue();
  if (!redacted.includes("[SSN]") || redacted.includes("6789") || redacted.includes("Smith")) {
    fail(`redacted text still identifies: ${redacted}`);
  }
  let clip = "";
  try {
    clip = await page.evaluate(() => navigator.clipboard.readText());
  } catch (_) {}
  if (clip && clip !== redacted) fail(`clipboard holds ${clip}`);
  await page.screenshot({ path: screenshot, fullPage: true });
  if (foreign.length) fail(`the page contacted other origins: ${foreign.join(", ")}`);
  console.log(`e2e: ok (${items} findings, redacted: ${redacted})`);
} finally {
  await browser.close();
}
