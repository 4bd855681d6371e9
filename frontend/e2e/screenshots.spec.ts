import { test } from "./fixtures";
import { settle, SIGNED_IN_PAGES } from "./helpers";

// Pictures of the pages, light and dark, to look at: `SCREENSHOTS=1 npm run test:e2e -- screenshots`.
test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to take them");

const dir = new URL("./screenshots/", import.meta.url).pathname;

for (const theme of ["light", "dark"] as const) {
  test(`screenshots, ${theme}`, async ({ page, signedIn }) => {
    test.setTimeout(240_000);
    await page.emulateMedia({ colorScheme: theme });
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const path of ["/login", "/register", "/forgot-password", "/no-such-page"]) {
      await page.goto(path);
      await settle(page);
      await page.screenshot({ path: `${dir}${theme}${path.replace(/\//g, "_")}.png`, fullPage: true });
    }
    const app = signedIn;
    await app.emulateMedia({ colorScheme: theme });
    await app.setViewportSize({ width: 1280, height: 900 });
    for (const path of SIGNED_IN_PAGES) {
      await app.goto(path);
      await settle(app);
      await app.waitForTimeout(800);
      await app.screenshot({ path: `${dir}${theme}${path === "/" ? "_overview" : path.replace(/\//g, "_")}.png`, fullPage: true });
    }
    await app.setViewportSize({ width: 390, height: 844 });
    await app.goto("/");
    await settle(app);
    await app.waitForTimeout(800);
    await app.screenshot({ path: `${dir}${theme}_overview_mobile.png`, fullPage: true });
    await app.screenshot({ path: `${dir}${theme}_overview_mobile_top.png` });
    await app.getByRole("button", { name: /Open the menu|Menü öffnen/ }).click();
    await app.waitForTimeout(300);
    await app.screenshot({ path: `${dir}${theme}_mobile_menu.png` });
    await app.keyboard.press("Escape");
    await app.setViewportSize({ width: 1280, height: 900 });
    await app.getByTestId("ask-button").click();
    await app.waitForTimeout(300);
    await app.screenshot({ path: `${dir}${theme}_ask_panel.png` });
    await app.keyboard.press("Escape");
    await app.getByTestId("user-menu").click();
    await app.waitForTimeout(300);
    await app.screenshot({ path: `${dir}${theme}_user_menu.png` });
  });
}
