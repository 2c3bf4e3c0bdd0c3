// Drives the real VS Code workbench (code-server) in Chromium, as a writer would, for
// tests/editors/test_vscode.py: open each article with Quick Open, wait until the status bar
// counts the expected problems, walk the Problems panel row by row (Space opens a row's
// problem and selects its range, whose length the status bar shows), hover, and pick quick
// fixes from the Ctrl+. menu, saving the file after each. Writes what it saw as JSON.
//
// usage: node drive.js SPEC.json OUT.json
// SPEC: { url, shots, expectProblems, files: [name...],
//         hovers: [{file, line, col, name}], actions: [{file, line, col, title, name}] }
// Lines and columns are 1-based, columns in UTF-16 units (what VS Code's "Go to Line" takes).
"use strict";
const fs = require("fs");
const { chromium } = require("playwright-core");

const [specPath, outPath] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(specPath, "utf8"));
const T0 = Date.now();
const R = { steps: [], rows: [], hovers: {}, actions: {} };
const log = (m) => {
  R.steps.push(`${((Date.now() - T0) / 1000).toFixed(1)}s ${m}`);
  console.error(m);
};

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  const shot = (name) => page.screenshot({ path: `${spec.shots}/${name}.png` }).catch(() => {});
  const quickInput = async (keys, text) => {
    await page.keyboard.press(keys);
    await page.waitForSelector(".quick-input-widget:not([style*='display: none']) input", { timeout: 10000 });
    await page.keyboard.type(text, { delay: 5 });
    await page.waitForTimeout(600);
  };
  const status = (id) =>
    page.$eval(`[id='${id}']`, (e) => e.getAttribute("aria-label") || e.textContent).catch(() => "");
  // "Warnings: 6, Infos: 4" (or "No Problems") as one number.
  const problemCount = async () =>
    ((await status("status.problems")) || "").match(/\d+/g)?.reduce((a, b) => a + Number(b), 0) ?? 0;
  // Quick Open, then a click on the file's own row: file search can lag behind the list of
  // recently opened files, and Enter would pick whatever is first.
  const openFile = async (name) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await page.keyboard.press("Escape");
        await quickInput("Control+P", name);
        const row = page.locator(`.quick-input-list .monaco-list-row[aria-label^="${name}"]`).first();
        await row.waitFor({ state: "visible", timeout: 10000 });
        await row.click();
        await page.waitForFunction(
          (n) => [...document.querySelectorAll(".tab.active")].some((t) => (t.getAttribute("aria-label") || "").startsWith(n)),
          name,
          { timeout: 10000 },
        );
        await page.waitForTimeout(300);
        return;
      } catch (error) {
        if (attempt >= 2) throw error;
        log(`opening ${name} again (${String(error).split("\n")[0]})`);
      }
    }
  };
  const gotoPos = async (line, col) => {
    await page.locator(".editor-instance .monaco-editor .view-lines").first().click();
    await quickInput("Control+G", `${line}:${col}`);
    await page.keyboard.press("Enter");
    await page.waitForTimeout(400);
  };

  try {
    await page.goto(spec.url, { waitUntil: "domcontentloaded", timeout: 60000 });
    await page.waitForSelector(".monaco-workbench .part.editor", { timeout: 60000 });
    await page.waitForTimeout(2000);
    log("workbench loaded");
    for (const name of spec.files) {
      await openFile(name);
      log(`opened ${name}`);
    }
    // The server lints every open article; wait until the status bar counts them all.
    const deadline = Date.now() + 60000;
    while ((await problemCount()) < spec.expectProblems && Date.now() < deadline) {
      await page.waitForTimeout(250);
    }
    await page.waitForTimeout(1000); // a late extra problem would show up now
    R.statusBefore = await status("status.problems");
    log(`status bar: ${R.statusBefore}`);
    await shot("1-editor");

    // Problems panel, maximised; walked with the keyboard from its first row.
    await page.keyboard.press("Control+Shift+M");
    await page.waitForSelector(".markers-panel .monaco-list-row", { timeout: 15000 });
    const max = page.locator(".part.panel [aria-label^='Maximize Panel Size']");
    if (await max.count()) await max.first().click().catch(() => {});
    await page.waitForTimeout(500);
    await shot("2-problems-panel");
    // Click a problem, not a file's row (a click there folds the file's problems away).
    await page.locator(".markers-panel .monaco-list-row[aria-level='2']").first().click();
    await page.keyboard.press("Home");
    let previous = null;
    for (let i = 0; i < 400; i++) {
      const row = await page.$eval(".markers-panel .monaco-list-row.focused", (e) => ({
        index: e.getAttribute("data-index"),
        expanded: e.getAttribute("aria-expanded"),
        label: e.getAttribute("aria-label") || "",
        text: e.innerText,
      })).catch(() => null);
      if (row === null || row.index === previous) break;
      previous = row.index;
      if (/^(Error|Warning|Info|Hint): /.test(row.label)) {
        // Space opens the problem without leaving the list; the editor selects its range.
        await page.keyboard.press("Space");
        await page.waitForTimeout(250);
        row.selection = await status("status.editor.selection");
      }
      if (row.expanded === "false") {
        await page.keyboard.press("ArrowRight"); // unfold it: its rows come next
        await page.waitForTimeout(100);
      }
      R.rows.push(row);
      await page.keyboard.press("ArrowDown");
      await page.waitForTimeout(60);
    }
    log(`problems panel: ${R.rows.length} rows`);
    const restore = page.locator(".part.panel [aria-label^='Restore Panel Size']");
    if (await restore.count()) await restore.first().click().catch(() => {});
    await page.keyboard.press("Control+J"); // hide the panel: the editor gets its room back

    for (const h of spec.hovers) {
      await openFile(h.file);
      await gotoPos(h.line, h.col);
      await page.keyboard.press("Control+K");
      await page.keyboard.press("Control+I");
      await page.waitForSelector(".monaco-hover:not(.hidden)", { timeout: 10000 }).catch(() => {});
      await page.waitForTimeout(1500);
      R.hovers[h.name] = await page.$$eval(".monaco-hover", (els) => els.map((e) => e.innerText.trim()).filter(Boolean));
      await shot(`3-hover-${h.name}`);
      await page.keyboard.press("Escape");
      log(`hover ${h.name}`);
    }

    for (const a of spec.actions) {
      const done = (R.actions[a.name] = {});
      await openFile(a.file);
      await gotoPos(a.line, a.col);
      await page.keyboard.press("Control+.");
      await page.waitForSelector(".action-widget .monaco-list-row", { state: "visible", timeout: 10000 });
      await page.waitForTimeout(400);
      const rows = await page.$$eval(".action-widget .monaco-list-row", (els) =>
        els.map((e) => ({ text: e.innerText.trim(), header: e.classList.contains("group-header") })),
      );
      done.menu = rows.filter((r) => !r.header).map((r) => r.text);
      await shot(`4-menu-${a.name}`);
      const index = done.menu.findIndex((t) => t.includes(a.title));
      if (index < 0) {
        await page.keyboard.press("Escape");
        log(`action ${a.name}: "${a.title}" not in the menu`);
        continue;
      }
      done.picked = done.menu[index];
      for (let i = 0; i < index; i++) await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      await page.waitForTimeout(1000);
      await page.keyboard.press("Control+S");
      await page.waitForTimeout(2500); // the server re-lints the new text
      done.statusAfter = await status("status.problems");
      await shot(`5-after-${a.name}`);
      log(`action ${a.name}: applied "${done.picked}"; status now ${done.statusAfter}`);
    }

    // The server's log: the command it was started with must have been accepted.
    await page.keyboard.press("Escape");
    await quickInput("Control+Shift+P", "ketlint: Show the server log");
    await page.keyboard.press("Enter");
    await page.waitForTimeout(1500);
    R.serverLog = await page.$eval(".part.panel .monaco-editor .view-lines", (e) => e.innerText).catch(() => "");
    await shot("6-server-log");
    R.notifications = await page.$$eval(".notification-list-item-message", (els) => els.map((e) => e.textContent));
  } catch (error) {
    R.error = String(error).slice(0, 600);
    await shot("error");
  }
  R.seconds = (Date.now() - T0) / 1000;
  fs.writeFileSync(outPath, JSON.stringify(R, null, 1));
  await browser.close();
})();
