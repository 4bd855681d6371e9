import { expect, test } from "./fixtures";
import { settle, watchConsole } from "./helpers";

// Creates a new account each run (registration is allowed 10 times an hour per address).
test("a new account sees the first-run guide and connects the demo bank", async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const email = `e2e-${Date.now()}@kakeibo.local`;
  await page.goto("/register");
  await page.getByLabel(/^(E-mail|E-Mail)$/).fill(email);
  await page.getByLabel(/^(Password|Passwort)$/).fill("tea kettle harbour lantern");
  await page.getByLabel(/Repeat the password/).fill("tea kettle harbour lantern");
  await page.getByRole("button", { name: /Create account/ }).click();

  const guide = page.getByTestId("first-run");
  await expect(guide).toBeVisible();
  await expect(guide.getByRole("link", { name: /Connect your bank/ })).toHaveAttribute("href", "/banks");
  await expect(guide.getByRole("link", { name: /Import a file/ })).toHaveAttribute("href", "/import");

  await guide.getByRole("button", { name: /Connect the demo bank/ }).click();
  // The first sync runs as a job; the overview appears when its accounts do.
  await expect(page.getByTestId("month-stats")).toBeVisible({ timeout: 90_000 });
  await settle(page);
  expect(errors).toEqual([]);
});
