import { expect, test } from "./fixtures";
import { settle, SIGNED_IN_PAGES, SIGNED_OUT_PAGES, watchConsole } from "./helpers";

test.describe("every page renders without console errors", () => {
  for (const path of SIGNED_OUT_PAGES) {
    test(`signed out: ${path}`, async ({ page }) => {
      const errors = watchConsole(page);
      await page.goto(path);
      await expect(page.locator("h1")).toBeVisible();
      await settle(page);
      expect(errors).toEqual([]);
    });
  }

  test("signed in: every page of the shell, each opened by a reload", async ({ signedIn: page }) => {
    const errors = watchConsole(page);
    for (const path of SIGNED_IN_PAGES) {
      await page.goto(path);
      await expect(page.locator("main h1").first()).toBeVisible();
      await expect(page.getByRole("navigation", { name: /Main|Hauptmenü/ })).toBeVisible();
      await settle(page);
    }
    expect(errors).toEqual([]);
  });

  test("an unknown path shows the 404 page", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: /Page not found|Seite nicht gefunden/ })).toBeVisible();
  });
});
