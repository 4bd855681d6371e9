import { expect, test, type Page } from "@playwright/test";
import { axeViolations, settle, watchConsole } from "./helpers";
import { apiGet, demoUser, logInAs, token, waitForCategorizer, type ApiTx } from "./tx-helpers";

// The transactions page against a running kakeibo (API, jobs, this build), each journey
// with its own fresh demo user: `kakeibo demo --email …` (see tx-helpers.ts).

interface Category {
  id: string;
  name: string;
  parent_id: string | null;
}

async function categories(request: Parameters<typeof token>[0], auth: string): Promise<Map<string, Category>> {
  const list = await apiGet<Category[]>(request, auth, "/api/v1/categories");
  return new Map(list.map((c) => [c.name, c]));
}

function rowOf(page: Page, id: string) {
  return page.locator(`[data-testid="tx-row"][data-id="${id}"]`);
}

/** Opens a row's category combobox, types, and picks the option with that exact name. */
async function pickCategory(page: Page, button: ReturnType<Page["locator"]>, name: string) {
  await button.click();
  const box = page.getByTestId("category-popup").getByRole("combobox");
  await expect(box).toBeFocused();
  await box.fill(name);
  await page.getByRole("option", { name, exact: true }).click();
  await expect(page.getByTestId("category-popup")).toHaveCount(0);
}

test.describe("transactions page", () => {
  let email = "";
  test.beforeAll(async ({ request }) => {
    test.setTimeout(150_000);
    email = demoUser("tx-page");
    await waitForCategorizer(request, await token(request, email));
  });

  test("renders every view without console errors or serious axe violations", async ({ page }) => {
    test.setTimeout(90_000);
    await logInAs(page, email);
    const errors = watchConsole(page);
    await page.goto("/transactions");
    await expect(page.getByRole("heading", { level: 1, name: "Transactions" })).toBeVisible();
    await expect(page.getByTestId("tx-row").first()).toBeVisible();
    await settle(page);
    expect(await axeViolations(page)).toEqual([]);

    // The badge says where the category came from, with its confidence.
    const badge = page.getByTestId("category-source").first();
    await expect(badge).toBeVisible();
    await badge.hover();
    await expect(page.getByTestId("source-tooltip").first()).toBeVisible();
    await expect(page.getByTestId("source-tooltip").first()).toHaveText(
      /^(Rule|Your earlier choice|Similar transactions|Card network code|AI|You)( · \d+% sure)?$/,
    );

    await page.getByTestId("filters-toggle").click();
    await expect(page.getByTestId("filters-panel")).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId("tx-row").first().locator('[data-col="merchant"]').click();
    await expect(page.getByTestId("tx-drawer")).toBeVisible();
    await settle(page);
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");

    await page.goto("/transactions?needs_review=true");
    await expect(page.getByTestId("review-queue")).toBeVisible();
    await settle(page);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto("/transactions?text=no-such-row-anywhere");
    await expect(page.getByTestId("tx-empty")).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test("filters live in the address: a reload opens the same view", async ({ page }) => {
    await logInAs(page, email);
    await page.goto("/transactions");
    await page.getByTestId("filters-toggle").click();
    await page.getByLabel("Text contains").fill("rewe");
    await page.getByLabel("Text contains").press("Enter");
    await expect(page).toHaveURL(/[?&]text=rewe/);
    await page.getByLabel("Amount to").fill("-50");
    await page.getByLabel("Amount to").press("Enter");
    await expect(page).toHaveURL(/max_amount=-50/);
    const rows = page.getByTestId("tx-row");
    await expect(rows.first()).toBeVisible();
    for (const text of await rows.locator('[data-col="merchant"]').allInnerTexts()) expect(text).toMatch(/rewe/i);

    await page.reload();
    await expect(page.getByRole("button", { name: /Remove filter Text contains: “rewe”/ })).toBeVisible();
    await expect(page.getByRole("button", { name: /Remove filter Amount to: -50/ })).toBeVisible();
    for (const text of await rows.locator('[data-col="merchant"]').allInnerTexts()) expect(text).toMatch(/rewe/i);
    for (const amount of await rows.getByTestId("amount").allInnerTexts())
      expect(Number(amount.replace(/[^0-9.-]/g, ""))).toBeLessThanOrEqual(-50);

    // A shared link with a category opens narrowed to it.
    await page.goto("/transactions?needs_review=true");
    await expect(page.getByTestId("view-review")).toHaveAttribute("aria-current", "page");
  });

  test("keyboard: arrows move between rows, the combobox works without a mouse, the drawer traps and returns focus", async ({ page }) => {
    await logInAs(page, email);
    await page.goto("/transactions");
    const first = page.getByTestId("tx-row").nth(0);
    await first.locator('[data-col="category"]').focus();
    await page.keyboard.press("ArrowDown");
    await expect(page.getByTestId("tx-row").nth(1).locator('[data-col="category"]')).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    await expect(page.getByTestId("tx-row").nth(1).locator('[data-col="category"]')).toBeFocused();

    // Enter opens the combobox; typing narrows; Escape closes and gives focus back.
    await page.keyboard.press("Enter");
    const popup = page.getByTestId("category-popup");
    await expect(popup.getByRole("combobox")).toBeFocused();
    await page.keyboard.type("groc");
    await expect(popup.getByRole("option")).toHaveCount(1);
    await expect(popup.getByRole("option", { name: "Groceries", exact: true })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(popup).toHaveCount(0);
    await expect(page.getByTestId("tx-row").nth(1).locator('[data-col="category"]')).toBeFocused();

    // Many rows down with the keyboard: rows scroll into view as focus moves.
    for (let i = 0; i < 25; i++) await page.keyboard.press("ArrowDown");
    const focusedRow = page.locator('[data-testid="tx-row"]:has([data-col="category"]:focus)');
    await expect(focusedRow).toHaveAttribute("data-row", "26");
    await expect(focusedRow).toBeInViewport();

    // The merchant of that row (reached by the keyboard) opens the drawer; focus stays
    // inside; Escape returns it to the row.
    await page.keyboard.press("Shift+Tab");
    const merchant = page.locator('[data-row="26"] [data-col="merchant"]');
    await expect(merchant).toBeFocused();
    await page.keyboard.press("Enter");
    const drawer = page.getByTestId("tx-drawer");
    await expect(drawer).toBeVisible();
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press("Tab");
      expect(await drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press("Escape");
    await expect(drawer).toHaveCount(0);
    await expect(merchant).toBeFocused();
    await expect(merchant).toBeInViewport();

    // The row unmounted by the virtualizer while the drawer is open (the page scrolled far
    // away): Escape draws it again, in view, and focuses its merchant.
    await page.keyboard.press("Enter");
    await expect(drawer).toBeVisible();
    await page.evaluate(() => window.scrollTo(0, 30_000));
    await expect(page.locator('[data-row="26"]')).toHaveCount(0);
    await page.keyboard.press("Escape");
    await expect(drawer).toHaveCount(0);
    await expect(merchant).toBeFocused();
    await expect(merchant).toBeInViewport();
  });

  test("semantic search switches the table to its results", async ({ page }) => {
    await logInAs(page, email);
    await page.goto("/transactions");
    await page.getByTestId("semantic-search").fill("coffee");
    await page.getByTestId("semantic-search").press("Enter");
    await expect(page).toHaveURL(/[?&]q=coffee/);
    await expect(page.getByTestId("search-banner")).toContainText("coffee");
    await expect(page.getByTestId("tx-row").first()).toBeVisible();
    await expect(page.getByTestId("match").first()).toHaveText(/\d+% match/);
    await page.getByRole("button", { name: "Back to all transactions" }).click();
    await expect(page).not.toHaveURL(/q=/);
    await expect(page.getByTestId("search-banner")).toHaveCount(0);
  });
});

test("recategorizing teaches the categorizer: the merchant's next imported row follows", async ({ page, request }) => {
  test.setTimeout(180_000);
  const email = demoUser("tx-learn");
  const auth = await token(request, email);
  await waitForCategorizer(request, auth);
  const cats = await categories(request, auth);
  const list = await apiGet<{ transactions: ApiTx[] }>(request, auth, "/api/v1/transactions?text=lidl&limit=50");
  const lidl = list.transactions.find((t) => t.merchant === "Lidl" && t.category_id);
  expect(lidl, "a Lidl row in the demo history").toBeTruthy();
  const target = cats.get("Restaurants")!;
  expect(lidl!.category_id).not.toBe(target.id);

  await logInAs(page, email);
  await page.goto("/transactions?text=lidl");
  const row = rowOf(page, lidl!.id);
  await expect(row).toBeVisible();
  await pickCategory(page, row.getByTestId("category-button"), "Restaurants");
  await expect(row.getByTestId("category-button")).toHaveText(/Restaurants/);
  await expect(row.getByTestId("category-source")).toHaveAttribute("data-source", "user");
  // The offer of a rule comes; this journey declines it (the history step is what is shown).
  await expect(page.getByTestId("rule-offer")).toContainText("Always file Lidl under Restaurants?");
  await page.getByRole("button", { name: "Not now" }).click();
  await expect(page.getByTestId("rule-offer")).toHaveCount(0);

  // A new Lidl row arrives by import.
  // As the bank writes it: the payee, and the card line in the description.
  const csv = "Date,Payee,Amount,Description\n2026-12-06,Lidl,-7.77,LIDL DIENSTLEISTUNG 1089 BERLIN\n";
  const mapping = {
    delimiter: 44,
    has_header: true,
    encoding: "utf8",
    date_column: "Date",
    date_format: "%Y-%m-%d",
    amount: { kind: "single", column: "Amount" },
    decimal_mark: "point",
    payee_column: "Payee",
    description_column: "Description",
  };
  const imported = await request.post("/api/v1/imports", {
    headers: { authorization: `Bearer ${auth}` },
    multipart: {
      file: { name: "lidl.csv", mimeType: "text/csv", buffer: Buffer.from(csv) },
      account_id: lidl!.account_id,
      options: JSON.stringify({ format: "csv", csv_mapping: mapping }),
    },
  });
  expect(imported.status(), await imported.text()).toBe(201);
  await waitForCategorizer(request, auth);

  await page.reload();
  const fresh = (await apiGet<{ transactions: ApiTx[] }>(request, auth, "/api/v1/transactions?text=lidl&limit=50")).transactions.find(
    (t) => t.amount === "-7.7700",
  )!;
  const newRow = rowOf(page, fresh.id);
  await expect(newRow.getByTestId("category-button")).toHaveText(/Restaurants/);
  await expect(newRow.getByTestId("category-source")).toHaveAttribute("data-source", "history");
  await newRow.getByTestId("category-source").hover();
  await expect(page.getByTestId("source-tooltip")).toHaveText(/^Your earlier choice/);
});

test("a recategorized row offers a rule for its merchant, and the rule is made", async ({ page, request }) => {
  test.setTimeout(120_000);
  const email = demoUser("tx-rule");
  const auth = await token(request, email);
  await waitForCategorizer(request, auth);
  const list = await apiGet<{ transactions: ApiTx[] }>(request, auth, "/api/v1/transactions?text=spotify&limit=20");
  const spotify = list.transactions.find((t) => t.merchant === "Spotify")!;
  await logInAs(page, email);
  await page.goto("/transactions?text=spotify");
  await pickCategory(page, rowOf(page, spotify.id).getByTestId("category-button"), "Entertainment");
  await expect(page.getByTestId("rule-offer")).toContainText("Always file Spotify under Entertainment?");
  await page.getByTestId("create-rule").click();
  await expect(page.getByTestId("rule-offer")).toContainText("Rule created");
  const rules = await apiGet<{ name: string; triggers: { type: string; value?: string }[]; actions: { category_id: string } }[]>(
    request,
    auth,
    "/api/v1/rules",
  );
  expect(rules.some((r) => r.triggers.some((t) => t.type === "merchant" && t.value === "Spotify"))).toBe(true);
});

test("the review queue: one click accepts a suggestion for the merchant's rows", async ({ page, request }) => {
  test.setTimeout(120_000);
  const email = demoUser("tx-review");
  const auth = await token(request, email);
  await waitForCategorizer(request, auth);
  const queue = await apiGet<{ groups: { merchant: string; rows: number; example_id: string; suggestions: { name: string; category_id: string }[] }[] }>(
    request,
    auth,
    "/api/v1/transactions/review",
  );
  const group = queue.groups.find((g) => g.suggestions.length > 0)!;
  expect(group, "a review group with suggestions").toBeTruthy();

  await logInAs(page, email);
  const errors = watchConsole(page);
  await page.goto("/transactions?needs_review=true");
  const card = page.locator(`[data-testid="review-group"][data-merchant="${group.merchant}"]`);
  await expect(card).toBeVisible();
  // The group's rows, opened, each with suggestions for that row alone.
  await card.getByRole("button", { name: /^Show/ }).click();
  await expect(card.getByTestId("review-row")).toHaveCount(group.rows);

  const best = group.suggestions[0]!;
  await card.getByTestId("suggestion").first().click();
  await expect(page.getByRole("status").filter({ hasText: `filed under ${best.name}` })).toBeVisible();
  await expect(card).toHaveCount(0);

  const after = await apiGet<ApiTx & { category_source: string }>(request, auth, `/api/v1/transactions/${group.example_id}`);
  expect(after.category_id).toBe(best.category_id);
  expect(after.category_source).toBe("user");
  expect(after.needs_review).toBe(false);
  expect(errors).toEqual([]);
});

test("bulk: shift-click selects a range, one category for all of them", async ({ page, request }) => {
  test.setTimeout(120_000);
  const email = demoUser("tx-bulk");
  const auth = await token(request, email);
  await waitForCategorizer(request, auth);
  await logInAs(page, email);
  await page.goto("/transactions");
  const rows = page.getByTestId("tx-row");
  await rows.nth(1).locator('input[type="checkbox"]').click();
  await rows.nth(4).locator('input[type="checkbox"]').click({ modifiers: ["Shift"] });
  await expect(page.getByTestId("bulk-bar")).toContainText("4 selected");
  const ids = await Promise.all([1, 2, 3, 4].map((i) => rows.nth(i).getAttribute("data-id")));
  await pickCategory(page, page.getByTestId("bulk-category"), "Gifts");
  await expect(page.getByTestId("bulk-bar")).toHaveCount(0);
  for (const id of ids) {
    await expect(rowOf(page, id!).getByTestId("category-button")).toHaveText(/Gifts/);
    const tx = await apiGet<ApiTx>(request, auth, `/api/v1/transactions/${id}`);
    expect(tx.category_source).toBe("user");
  }
  // Unselected neighbours kept theirs.
  await expect(rows.nth(0).getByTestId("category-button")).not.toHaveText(/^Gifts$/);
});

test("split: parts that do not add up show the server's error beside them; fixed, they are saved", async ({ page, request }) => {
  test.setTimeout(120_000);
  const email = demoUser("tx-split");
  const auth = await token(request, email);
  await waitForCategorizer(request, auth);
  const list = await apiGet<{ transactions: ApiTx[] }>(request, auth, "/api/v1/transactions?max_amount=-40&min_amount=-200&limit=5");
  const tx = list.transactions[0]!;
  const total = Math.abs(Number(tx.amount));

  await logInAs(page, email);
  await page.goto("/transactions");
  await rowOf(page, tx.id).locator('[data-col="merchant"]').click();
  const drawer = page.getByTestId("tx-drawer");
  await drawer.getByTestId("split-edit").click();
  await drawer.getByLabel("Part 1: amount").fill("30");
  await drawer.getByLabel("Part 2: amount").fill("5");
  await expect(drawer.getByTestId("split-remaining")).toContainText("left to assign");
  await drawer.getByTestId("split-save").click();
  const error = drawer.getByTestId("split-error");
  await expect(error).toContainText("the parts add up to -35");
  await expect(error).toContainText(`off by ${(total - 35).toFixed(2).replace(/\.?0+$/, "")}`);
  // What was typed stays.
  await expect(drawer.getByLabel("Part 1: amount")).toHaveValue("30");

  await drawer.getByLabel("Part 2: amount").fill((total - 30).toFixed(2));
  await expect(drawer.getByTestId("split-remaining")).toHaveText("The parts add up.");
  await pickCategory(page, drawer.getByRole("button", { name: /category of part 2/ }), "Gifts");
  await drawer.getByTestId("split-save").click();
  await expect(drawer.getByTestId("split-parts").locator("li")).toHaveCount(2);
  const detail = await apiGet<{ splits: { amount: string }[] }>(request, auth, `/api/v1/transactions/${tx.id}`);
  expect(detail.splits.map((s) => Number(s.amount))).toEqual([-30, -(total - 30)].map((n) => Number(n.toFixed(4))));
});

test("the drawer saves notes and tags, and deletes after a confirmation", async ({ page, request }) => {
  test.setTimeout(120_000);
  const email = demoUser("tx-drawer");
  const auth = await token(request, email);
  await waitForCategorizer(request, auth);
  await logInAs(page, email);
  await page.goto("/transactions");
  const row = page.getByTestId("tx-row").first();
  const id = (await row.getAttribute("data-id"))!;
  await row.locator('[data-col="merchant"]').click();
  const drawer = page.getByTestId("tx-drawer");
  await drawer.getByRole("textbox", { name: "Notes" }).fill("Shared with Sam");
  await drawer.getByRole("textbox", { name: "Tags" }).fill("trip, work");
  await drawer.getByRole("button", { name: "Save", exact: true }).click();
  await expect(drawer.getByText("Saved.")).toBeVisible();
  const saved = await apiGet<ApiTx & { notes: string; tags: string[] }>(request, auth, `/api/v1/transactions/${id}`);
  expect(saved.notes).toBe("Shared with Sam");
  expect(saved.tags).toEqual(["trip", "work"]);

  // The tag filter finds it.
  await page.keyboard.press("Escape");
  await page.goto("/transactions?tag=trip");
  await expect(page.getByTestId("tx-row")).toHaveCount(1);

  await page.getByTestId("tx-row").first().locator('[data-col="merchant"]').click();
  await drawer.getByTestId("delete-transaction").click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("Delete this transaction?");
  await confirm.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(drawer).toHaveCount(0);
  await expect(page.getByTestId("tx-empty")).toBeVisible();
  const gone = await request.get(`/api/v1/transactions/${id}`, { headers: { authorization: `Bearer ${auth}` } });
  expect(gone.status()).toBe(404);
});
