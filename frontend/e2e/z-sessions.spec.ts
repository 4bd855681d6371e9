// Named to run last: "log out everywhere" ends the worker's shared session too.
import { expect, test } from "./fixtures";
import { logIn } from "./helpers";

test.describe.configure({ mode: "serial" });

test("log out ends the session; a reload stays signed out", async ({ page }) => {
  await logIn(page);
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: /^(Log out|Abmelden)$/ }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});

test("log out everywhere ends the other browsers' sessions too", async ({ page, account }) => {
  await logIn(page);
  // `account` is another browser, signed in since the start of the run.
  const other = await account.newPage();
  await other.goto("/");
  await expect(other.getByTestId("month-stats")).toBeVisible();
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: /Log out everywhere|Überall abmelden/ }).click();
  await expect(page).toHaveURL(/\/login$/);
  await other.reload();
  await expect(other).toHaveURL(/\/login\?reason=expired$/);
  await other.close();
});
