import { expect, test, type Page } from "@playwright/test";
import { axeViolations, settle, watchConsole } from "./helpers";
import { BG, logInAs, logOut, OWN_CLIENT, screenshots } from "./bg-helpers";

// One signed-in page for the whole file: the bg user's logins stay few (the server limits them).
test.describe.configure({ mode: "serial" });
test.use(OWN_CLIENT);

let page: Page;
let errors: string[];
const stamp = Date.now().toString(36);

test.beforeAll(async ({ browser }, info) => {
  const context = await browser.newContext({ baseURL: info.project.use.baseURL, ...OWN_CLIENT });
  page = await context.newPage();
  errors = watchConsole(page);
  await logInAs(page, BG, "/budgets");
});

test.afterAll(async () => {
  await logOut(page);
  await page.context().close();
});

test("the page renders both sections, with no console error and no serious axe violation", async () => {
  await page.goto("/budgets");
  await expect(page.getByRole("heading", { level: 1, name: "Budgets and goals" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Budgets", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Savings goals" })).toBeVisible();
  await settle(page);
  expect(await axeViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForTimeout(500); // colour transitions end
  expect(await axeViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: "light" });
  expect(errors).toEqual([]);
});

test("create a budget and see its progress", async () => {
  const name = `E2E coffee ${stamp}`;
  await page.goto("/budgets");
  await page.getByRole("button", { name: "New budget" }).click();
  const dialog = page.getByRole("dialog", { name: "New budget" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Category").selectOption({ label: "Food & Dining › Coffee Shops" });
  await dialog.getByLabel("Period", { exact: true }).selectOption("monthly");
  await dialog.getByLabel("Amount per period").fill("50");
  await dialog.getByLabel("Alert at (percent of the budget)").fill("50, 100");
  await dialog.getByRole("button", { name: "Create budget" }).click();
  await expect(dialog).toBeHidden();

  const card = page.getByTestId("budget-card").filter({ has: page.getByRole("heading", { name }) });
  await expect(card).toBeVisible();
  await expect(card).toContainText("Coffee Shops · Monthly");
  await expect(card).toContainText(/of €50\.00/);
  await expect(card).toContainText(/(left|over)/);
  await expect(card.getByRole("progressbar")).toHaveAttribute("aria-label", new RegExp(`^${name}: `));
  await expect(card.getByTestId("pace")).toHaveText(/even line/);
  expect(errors).toEqual([]);
});

test("navigate to the previous period and back, the period in the URL", async () => {
  const name = `E2E coffee ${stamp}`;
  await page.goto("/budgets");
  await page.getByRole("link", { name: `${name}: this and earlier periods` }).click();
  await expect(page).toHaveURL(/\/budgets\?budget=[0-9a-f-]+$/);
  const range = page.getByTestId("period-range");
  await expect(range).toHaveText(/–/);
  const current = await range.textContent();
  await expect(page.getByText("This period", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Next period" })).toBeDisabled();

  await page.getByRole("button", { name: "Previous period" }).click();
  await expect(page).toHaveURL(/[?&]at=\d{4}-\d{2}-\d{2}/);
  await expect(range).not.toHaveText(current ?? "");
  await expect(page.getByText("Past period", { exact: true })).toBeVisible();
  const previous = await range.textContent();
  await expect(page.getByRole("list", { name: "Alerts" }).getByRole("listitem")).toHaveCount(2);

  // A reload opens the same period.
  await page.reload();
  await expect(page.getByTestId("period-range")).toHaveText(previous ?? "");

  await page.getByRole("button", { name: "Next period" }).click();
  await expect(page.getByTestId("period-range")).toHaveText(current ?? "");
  await page.goBack();
  await expect(page.getByTestId("period-range")).toHaveText(previous ?? "");
  await page.getByRole("button", { name: "Back to this period" }).click();
  await expect(page.getByTestId("period-range")).toHaveText(current ?? "");
  await settle(page);
  expect(await axeViolations(page)).toEqual([]);
});

test("the server's 422 field errors show beside their fields", async () => {
  await page.goto("/budgets");
  await page.route("**/api/v1/budgets", async (route) => {
    if (route.request().method() !== "POST") return route.fallback();
    await route.fulfill({
      status: 422,
      contentType: "application/json",
      body: JSON.stringify({
        error: {
          code: "validation_failed",
          message: "invalid fields",
          details: { fields: [{ field: "amount", message: "positive, at most 4 decimal places and 15 digits before the point" }] },
        },
      }),
    });
  });
  await page.getByRole("button", { name: "New budget" }).click();
  const dialog = page.getByRole("dialog", { name: "New budget" });
  await dialog.getByLabel("Name", { exact: true }).fill("Refused");
  await dialog.getByLabel("Amount per period").fill("12");
  await dialog.getByRole("button", { name: "Create budget" }).click();
  const amount = dialog.getByLabel("Amount per period");
  await expect(amount).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.locator("#budget-amount-error")).toHaveText(/positive, at most 4 decimal places/);
  await expect(amount).toBeFocused();
  await page.unroute("**/api/v1/budgets");
  // Client-side checks name their fields too.
  await dialog.getByLabel("Alert at (percent of the budget)").fill("0, 2000");
  await dialog.getByRole("button", { name: "Create budget" }).click();
  await expect(dialog.locator("#budget-thresholds-error")).toHaveText(/1 to 10 different whole percentages/);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "New budget" })).toBeFocused();
  // The browser logs the staged 422 itself; nothing else may be there.
  expect(errors.filter((e) => !/status of 422 .*\/api\/v1\/budgets$/.test(e))).toEqual([]);
  errors.length = 0;
});

test("edit the budget, then delete it after confirming", async () => {
  const name = `E2E coffee ${stamp}`;
  await page.goto("/budgets");
  await page.getByRole("button", { name: `Edit ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: "Edit budget" });
  await expect(dialog.getByLabel("Amount per period")).toHaveValue("50");
  await dialog.getByLabel("Amount per period").fill("75.5");
  // Roll leftovers and overspending over, counting from last month: last month's rest comes in.
  await dialog.getByLabel("Rollover", { exact: true }).selectOption("both");
  const now = new Date();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
  await dialog.getByLabel("Rollover counts from").fill(lastMonth);
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toBeHidden();
  const card = page.getByTestId("budget-card").filter({ has: page.getByRole("heading", { name }) });
  await expect(card).toContainText(/of €[\d,.]+/);
  await expect(card.getByTestId("rolled-over")).toHaveText(/carried in/);

  await page.getByRole("button", { name: `Delete ${name}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Delete the budget “${name}”?` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(confirm).toBeHidden();
  await expect(card).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("create a goal, add a contribution, see progress and projection, then clean up", async () => {
  const name = `E2E bike ${stamp}`;
  await page.goto("/budgets");
  await page.getByRole("button", { name: "New goal" }).click();
  const dialog = page.getByRole("dialog", { name: "New goal" });
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Target amount").fill("1200");
  await dialog.getByLabel("Target date").fill(`${new Date().getFullYear() + 1}-06-30`);
  await dialog.getByRole("button", { name: "Create goal" }).click();
  await expect(dialog).toBeHidden();

  const card = page.getByTestId("goal-card").filter({ has: page.getByRole("heading", { name }) });
  await expect(card).toContainText("€0.00 of €1,200.00");
  await expect(card.getByTestId("projection")).toHaveText(/Nothing was saved in the last 90 days/);

  await card.getByRole("button", { name: "Add money" }).click();
  const add = page.getByRole("dialog", { name: `Add money to “${name}”` });
  await expect(add.getByLabel("Amount (EUR)")).toBeFocused();
  await add.getByLabel("Amount (EUR)").fill("150");
  await add.getByLabel("Note (optional)").fill("first savings");
  await add.getByRole("button", { name: "Add", exact: true }).click();
  await expect(add).toBeHidden();
  await expect(card).toContainText("€150.00 of €1,200.00");
  await expect(card).toContainText("€1,050.00 to go");
  await expect(card.getByTestId("projection")).toHaveText(/At your pace of the last 90 days you get there around/);

  await card.getByRole("button", { name: "Show contributions" }).click();
  const table = card.getByRole("table", { name: `Contributions: ${name}` });
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table).toContainText("first savings");
  // Keyboard: the row's remove button is reachable with Tab.
  await card.getByRole("button", { name: "Hide contributions" }).focus();
  await page.keyboard.press("Tab");
  await expect(table.getByRole("button", { name: /^Remove \+€150\.00 of / })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(card).toContainText("€0.00 of €1,200.00");

  await page.getByRole("button", { name: `Delete ${name}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(card).toHaveCount(0);
  await settle(page);
  expect(errors).toEqual([]);
});

test("pictures of the page (SCREENSHOTS=1)", async () => {
  test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to take them");
  test.setTimeout(120_000);
  await screenshots(page, "budgets", "/budgets");
  const id = await page.getByTestId("budget-card").first().getByRole("link").getAttribute("href");
  await screenshots(page, "budget_detail", id ?? "/budgets");
  await screenshots(page, "budgets_goal_contributions", "/budgets", async () => {
    await page.getByRole("button", { name: "Show contributions" }).first().click();
    await page.waitForTimeout(300);
  });
  await screenshots(
    page,
    "budgets_form",
    "/budgets",
    async () => {
      await page.getByRole("button", { name: "New budget" }).click();
    },
    { fullPage: false },
  );
});
