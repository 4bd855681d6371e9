import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import { logIn } from "./helpers";

/**
 * The server allows 10 logins per account per 15 minutes. So one browser context logs in
 * once per worker, and tests that need a signed-in page open a new page in it: the page
 * restores the session from the context's refresh cookie, like a reload would.
 */
export const test = base.extend<{ signedIn: Page }, { account: BrowserContext }>({
  account: [
    async ({ browser }, use) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await logIn(page, undefined, 300);
      await page.close();
      await use(context);
      await context.close();
    },
    { scope: "worker", timeout: 360_000 },
  ],
  signedIn: async ({ account }, use) => {
    const page = await account.newPage();
    await use(page);
    await page.close();
  },
});

export { expect };
