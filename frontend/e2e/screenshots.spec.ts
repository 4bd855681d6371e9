import { test } from "@playwright/test";
import { logIn, settle } from "./helpers";

// Pictures of the pages, light and dark, to look at: `SCREENSHOTS=1 npm run test:e2e -- screenshots`.
test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to take them");

const dir = new URL("./screenshots/", import.meta.url).pathname;

for (const theme of ["light", "dark"] as const) {
  test(`screenshots, ${theme}`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: theme });
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const path of ["/login", "/register", "/forgot-password", "/no-such-page"]) {
      await page.goto(path);
      await settle(page);
      await page.screenshot({ path: `${dir}${theme}${path.replace(/\//g, "_")}.png`, fullPage: true });
    }
    await logIn(page);
    for (const path of ["/", "/transactions"]) {
      await page.goto(path);
      await settle(page);
      await page.waitForTimeout(800);
      await page.screenshot({ path: `${dir}${theme}${path === "/" ? "_overview" : path.replace(/\//g, "_")}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    await settle(page);
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${dir}${theme}_overview_mobile.png`, fullPage: true });
    await page.screenshot({ path: `${dir}${theme}_overview_mobile_top.png` });
    await page.getByRole("button", { name: /Open the menu|Menü öffnen/ }).click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${dir}${theme}_mobile_menu.png` });
    await page.keyboard.press("Escape");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByTestId("ask-button").click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${dir}${theme}_ask_panel.png` });
    await page.keyboard.press("Escape");
    await page.getByTestId("user-menu").click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${dir}${theme}_user_menu.png` });
  });
}
