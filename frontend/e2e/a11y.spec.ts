import { expect, test } from "@playwright/test";
import { axeViolations, logIn, settle, SIGNED_IN_PAGES, SIGNED_OUT_PAGES } from "./helpers";

for (const theme of ["light", "dark"] as const) {
  test.describe(`axe, ${theme}`, () => {
    test.use({ colorScheme: theme });

    for (const path of SIGNED_OUT_PAGES) {
      test(`signed out: ${path}`, async ({ page }) => {
        await page.goto(path);
        await settle(page);
        expect(await axeViolations(page)).toEqual([]);
      });
    }

    test("signed in: every page", async ({ page }) => {
      // Eight full pages, each checked by axe: more than the default 30 s on a busy machine.
      test.setTimeout(90_000);
      await logIn(page);
      const found: string[] = [];
      for (const path of SIGNED_IN_PAGES) {
        await page.goto(path);
        await settle(page);
        // Charts are drawn after load; give them their frame.
        await page.waitForTimeout(300);
        found.push(...(await axeViolations(page)).map((v) => `${path}: ${v}`));
      }
      expect(found).toEqual([]);
    });
  });
}
