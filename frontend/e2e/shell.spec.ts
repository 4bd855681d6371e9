import { expect, test } from "./fixtures";

test("the theme toggle switches to dark and remembers it", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/login");
  const toggle = page.getByTestId("theme-toggle");
  // system → light → dark
  await toggle.click();
  await toggle.click();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await toggle.click(); // back to system
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
});

test("follows the system's dark mode by default", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/login");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
});

test("the language switch shows German", async ({ page }) => {
  await page.goto("/login");
  await page.getByTestId("language-switch").selectOption("de");
  await expect(page.getByRole("heading", { name: "Anmelden" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await page.reload();
  await expect(page.getByRole("heading", { name: "Anmelden" })).toBeVisible();
  await page.getByTestId("language-switch").selectOption("en");
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
});

test("Ask opens a panel that traps focus and closes on Escape", async ({ signedIn: page }) => {
  await page.goto("/");
  const ask = page.getByTestId("ask-button");
  await ask.click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("ask-input")).toBeFocused();
  for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
  expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(ask).toBeFocused();
});

test("a category on the overview opens its transactions", async ({ signedIn: page }) => {
  await page.goto("/");
  const link = page.getByTestId("spending-by-category").locator('a[href^="/transactions?"]').first();
  await expect(link).toBeVisible();
  const href = await link.getAttribute("href");
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${href!.replace(/[?]/g, "\\?")}$`));
});

test("every chart has a table view", async ({ signedIn: page }) => {
  await page.goto("/");
  for (const id of ["spending-by-category", "cash-flow", "net-worth"]) {
    const card = page.getByTestId(id);
    await card.getByRole("button", { name: /^(Table|Tabelle)$/ }).click();
    await expect(card.locator("table")).toBeVisible();
    await expect(card.locator("tbody tr").first()).toBeVisible();
  }
});
