import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { axeViolations, settle, watchConsole } from "./helpers";
import { apiGet, demoUser, logInAs, token, type ApiTx } from "./tx-helpers";

// The import page against a running kakeibo, each journey with its own fresh demo user.
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

test("the import page renders without console errors or serious axe violations", async ({ page }) => {
  const email = demoUser("imp-page");
  await logInAs(page, email);
  const errors = watchConsole(page);
  await page.goto("/import");
  await expect(page.getByRole("heading", { level: 1, name: "Import" })).toBeVisible();
  await settle(page);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByTestId("new-account").click();
  await expect(page.getByTestId("new-account-form")).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  // The file button is reachable by keyboard and says what it does.
  await page.getByRole("button", { name: "Choose a file" }).focus();
  await expect(page.getByRole("button", { name: "Choose a file" })).toBeFocused();
  // The demo bank's syncs are not file imports: the history starts empty.
  await expect(page.getByTestId("import-history-empty")).toHaveText("No files imported yet.");
  expect(errors).toEqual([]);
});

test("a CSV that needs a mapping: a new manual account, map the columns, preview, import", async ({ page, request }) => {
  test.setTimeout(120_000);
  const email = demoUser("imp-map");
  await logInAs(page, email);
  const errors = watchConsole(page);
  await page.goto("/import");

  // A manual account, made here.
  await page.getByTestId("new-account").click();
  const form = page.getByTestId("new-account-form");
  await form.getByLabel("Name").fill("Cash box");
  await form.getByLabel("Kind").selectOption("cash");
  await form.getByLabel("Currency").fill("EUR");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByTestId("import-account").locator("option:checked")).toHaveText(/Cash box/);

  // The file: no known export, no header the server understands: it asks for a mapping.
  await page.getByTestId("file-input").setInputFiles(fixture("needs-mapping.csv"));
  await expect(page.getByTestId("file-name")).toHaveText("needs-mapping.csv");
  await expect(page.getByTestId("import-error")).toContainText("map the columns");
  const editor = page.getByTestId("mapping-editor");
  await expect(editor).toBeVisible();
  await expect(page.getByTestId("import-button")).toBeDisabled();
  expect(await axeViolations(page)).toEqual([]);

  // The file's own columns are offered, with a value each.
  await expect(editor.getByTestId("map-dateColumn").locator("option")).toContainText(["Wann — 03.11.2026"]);
  await editor.getByTestId("map-dateColumn").selectOption("s:Wann");
  await editor.getByTestId("map-dateFormat").selectOption("%d.%m.%Y");
  await editor.getByTestId("map-amountColumn").selectOption("s:Wieviel");
  await editor.getByTestId("map-decimalMark").selectOption("comma");
  await editor.getByTestId("map-payeeColumn").selectOption("s:Was");
  await editor.getByTestId("map-descriptionColumn").selectOption("s:Notiz");
  await editor.getByTestId("mapping-preview").click();

  const summary = page.getByTestId("preview-summary");
  await expect(summary).toBeVisible();
  await expect(page.getByTestId("preview-format")).toHaveText(/csv/i);
  await expect(page.getByTestId("preview-rows")).toHaveText("4");
  await expect(page.getByTestId("preview-how")).toHaveText("Read with your column mapping.");
  const sample = page.getByTestId("preview-sample");
  await expect(sample.locator("tbody tr")).toHaveCount(4);
  await expect(sample.locator("tbody tr").first()).toContainText("Baeckerei Kamps");
  await expect(sample.locator("tbody tr").first()).toContainText("-€3.10");

  await expect(page.getByTestId("import-button")).toHaveText("Import 4 rows into Cash box");
  await page.getByTestId("import-button").click();
  await expect(page.getByTestId("import-done")).toContainText("4 new, 0 already there");
  const history = page.getByTestId("import-history-table").locator("tbody tr");
  await expect(history).toHaveCount(1);
  await expect(history.first()).toContainText("needs-mapping.csv");
  await expect(history.first()).toContainText("Cash box");
  await expect(history.first().locator("td").nth(3)).toHaveText("4");

  // The same file again: the server remembers the mapping confirmed for this account, and
  // the rows are recognised, nothing doubles.
  await page.getByTestId("file-input").setInputFiles(fixture("needs-mapping.csv"));
  await expect(page.getByTestId("preview-how")).toHaveText("Read with the mapping you confirmed for this account before.");
  await expect(editor).toHaveCount(0);
  await page.getByTestId("import-button").click();
  await expect(page.getByTestId("import-done")).toContainText("0 new, 4 already there");
  await expect(history).toHaveCount(2);
  // Newest first: the second upload added nothing and found the four rows already there.
  await expect(history.first().locator("td").nth(3)).toHaveText("0");
  await expect(history.first().locator("td").nth(4)).toHaveText("4");

  // The imported rows are in the account's transactions.
  await page.getByRole("link", { name: "See the transactions" }).click();
  await expect(page).toHaveURL(/\/transactions\?account_id=/);
  await expect(page.getByTestId("tx-row")).toHaveCount(4);
  await expect(page.getByTestId("tx-row").first()).toContainText("Kiosk Ecke");
  const auth = await token(request, email);
  const accounts = await apiGet<{ id: string; name: string }[]>(request, auth, "/api/v1/accounts");
  const cash = accounts.find((a) => a.name === "Cash box")!;
  const rows = await apiGet<{ transactions: ApiTx[] }>(request, auth, `/api/v1/transactions?account_id=${cash.id}`);
  expect(rows.transactions.map((t) => t.amount).sort()).toEqual(["-2.5000", "-24.9500", "-3.1000", "-58.0000"]);
  // The server's 422 asking for the mapping is the browser's only complaint.
  expect(errors.filter((e) => !/status of 422 .*\/api\/v1\/imports\/preview/.test(e))).toEqual([]);
});

test("an unsure guess must be confirmed before the import", async ({ page }) => {
  test.setTimeout(90_000);
  const email = demoUser("imp-guess");
  await logInAs(page, email);
  await page.goto("/import");
  await page.getByTestId("import-account").selectOption({ label: "Everyday Account (EUR ·1228)" });
  await page.getByTestId("file-input").setInputFiles(fixture("unsure-guess.csv"));
  await expect(page.getByTestId("preview-how")).toHaveText(/Columns guessed from the header \(75% sure\)/);
  const editor = page.getByTestId("mapping-editor");
  await expect(editor).toBeVisible();
  // The editor starts from the guess.
  await expect(editor.getByTestId("map-dateColumn")).toHaveValue("s:Date");
  await expect(editor.getByTestId("map-decimalMark")).toHaveValue("comma");
  await expect(page.getByTestId("import-button")).toBeDisabled();
  // The dates are month first, not day first as guessed.
  await editor.getByTestId("map-dateFormat").selectOption("%m/%d/%Y");
  await editor.getByTestId("mapping-preview").click();
  await expect(page.getByTestId("preview-how")).toHaveText("Read with your column mapping.");
  await expect(page.getByTestId("preview-sample").locator("tbody tr").first()).toContainText("Jan 2, 2026");
  await expect(page.getByTestId("import-button")).toBeEnabled();
  await page.getByTestId("import-button").click();
  await expect(page.getByTestId("import-done")).toContainText("3 new");
});

test("a malformed file shows the server's message; what was chosen stays", async ({ page }) => {
  const email = demoUser("imp-bad");
  await logInAs(page, email);
  await page.goto("/import");
  await page.getByTestId("import-account").selectOption({ label: "Everyday Account (EUR ·1228)" });
  await page.getByTestId("file-input").setInputFiles(fixture("malformed.ofx"));
  const error = page.getByTestId("import-error");
  await expect(error).toContainText("The file cannot be imported as it is.");
  await expect(error.getByTestId("server-message")).toHaveText("line 3: the file ends early (truncated?)");
  await expect(page.getByTestId("import-account").locator("option:checked")).toHaveText(/Everyday Account/);
  await expect(page.getByTestId("import-button")).toBeDisabled();
});

test("a file over the server's limit shows the server's message", async ({ page }) => {
  test.setTimeout(120_000);
  const email = demoUser("imp-big");
  const dir = mkdtempSync(join(tmpdir(), "kakeibo-big-"));
  const big = join(dir, "huge.csv");
  // 65 MB: the API takes 64 MB at most.
  const line = "2026-01-01,Somewhere,-1.00,padding padding padding padding padding padding\n";
  writeFileSync(big, "Date,Payee,Amount,Description\n" + line.repeat(Math.ceil((65 * 1024 * 1024) / line.length)));
  try {
    await logInAs(page, email);
    await page.goto("/import");
    await page.getByTestId("import-account").selectOption({ label: "Everyday Account (EUR ·1228)" });
    await page.getByTestId("file-input").setInputFiles(big);
    const error = page.getByTestId("import-error");
    await expect(error).toContainText("The file is larger than the server accepts.", { timeout: 60_000 });
    await expect(error.getByTestId("server-message")).toHaveText("request body too large");
    await expect(page.getByTestId("import-account").locator("option:checked")).toHaveText(/Everyday Account/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the import history lists earlier files after a reload, newest first, and loads more", async ({ page, request }) => {
  test.setTimeout(120_000);
  const email = demoUser("imp-hist");
  const auth = await token(request, email);
  const accounts = await apiGet<{ id: string; name: string }[]>(request, auth, "/api/v1/accounts");
  const everyday = accounts.find((a) => a.name === "Everyday Account")!;
  // 21 uploads: one more than a page. The same rows each time, so only the first adds any.
  const csv = "Date,Description,Amount\n2026-01-05,Kiosk Zeche Zollverein,-1234.57\n2026-01-06,Bergbaumuseum Shop,-0.07\n";
  for (let n = 1; n <= 21; n++) {
    const r = await request.post("/api/v1/imports", {
      headers: { authorization: `Bearer ${auth}` },
      multipart: {
        account_id: everyday.id,
        file: { name: `history-${String(n).padStart(2, "0")}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv) },
      },
    });
    expect(r.status(), await r.text()).toBe(201);
  }
  await logInAs(page, email);
  const errors = watchConsole(page);
  await page.goto("/import");
  const rows = page.getByTestId("import-history-table").locator("tbody tr");
  await expect(rows).toHaveCount(20);
  await expect(rows.first()).toContainText("history-21.csv");
  await expect(rows.first()).toContainText("Everyday Account");
  await expect(rows.first()).toContainText(/csv/i);
  await expect(rows.first().locator("td").nth(3)).toHaveText("0");
  await expect(rows.first().locator("td").nth(4)).toHaveText("2");
  await settle(page);
  expect(await axeViolations(page)).toEqual([]);
  // The button is reached by keyboard and brings the last one.
  const more = page.getByRole("button", { name: "Load more" });
  await more.focus();
  await page.keyboard.press("Enter");
  await expect(rows).toHaveCount(21);
  await expect(rows.last()).toContainText("history-01.csv");
  await expect(rows.last().locator("td").nth(3)).toHaveText("2");
  await expect(more).toHaveCount(0);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForTimeout(500); // colour transitions end
  expect(await axeViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});
