import { test } from "@playwright/test";
import { settle } from "./helpers";
import { demoUser, logInAs, token, waitForCategorizer } from "./tx-helpers";

// Pictures of the transactions and import pages, light and dark, desktop and 390 px:
// `SCREENSHOTS=1 npm run test:e2e -- tx-screenshots` (they land in e2e/screenshots/).
test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to take them");

const dir = new URL("./screenshots/", import.meta.url).pathname;

let email = "";
test.beforeAll(async ({ request }) => {
  test.setTimeout(150_000);
  email = process.env.TX_EMAIL ?? demoUser("tx-shots");
  await waitForCategorizer(request, await token(request, email));
});

for (const theme of ["light", "dark"] as const) {
  for (const width of [1280, 390] as const) {
    test(`transactions and import, ${theme}, ${width}px`, async ({ page }) => {
      test.setTimeout(120_000);
      const tag = `${theme}_${width === 390 ? "mobile" : "desktop"}`;
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await logInAs(page, email, "/transactions");
      await page.goto("/transactions");
      await settle(page);
      await page.getByTestId("tx-row").first().waitFor();
      await page.screenshot({ path: `${dir}tx_${tag}.png` });

      await page.getByTestId("filters-toggle").click();
      await page.screenshot({ path: `${dir}tx_${tag}_filters.png` });
      await page.getByTestId("filters-toggle").click();

      if (width > 400) {
        await page.getByTestId("category-button").first().click();
        await page.waitForTimeout(200);
        await page.screenshot({ path: `${dir}tx_${tag}_picker.png` });
        await page.keyboard.press("Escape");
        await page.getByTestId("category-source").first().hover();
        await page.waitForTimeout(200);
        await page.screenshot({ path: `${dir}tx_${tag}_tooltip.png` });
        await page.locator('[data-testid="tx-row"] input[type="checkbox"]').nth(1).click();
        await page.locator('[data-testid="tx-row"] input[type="checkbox"]').nth(4).click({ modifiers: ["Shift"] });
        await page.screenshot({ path: `${dir}tx_${tag}_bulk.png` });
        await page.getByRole("button", { name: /Clear selection|Auswahl aufheben/ }).click();
      }

      await page.getByTestId("tx-row").first().locator('[data-col="merchant"]').click();
      await page.getByTestId("tx-drawer").waitFor();
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${dir}tx_${tag}_drawer.png` });
      await page.getByTestId("split-edit").click();
      await page.waitForTimeout(200);
      await page.getByTestId("split-form").scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${dir}tx_${tag}_split.png` });
      await page.keyboard.press("Escape");

      await page.goto("/transactions?needs_review=true");
      await settle(page);
      await page.screenshot({ path: `${dir}tx_${tag}_review.png`, fullPage: true });

      await page.goto("/transactions?text=zzzz-nothing");
      await settle(page);
      await page.screenshot({ path: `${dir}tx_${tag}_empty.png` });

      await page.goto("/transactions?q=coffee");
      await settle(page);
      await page.screenshot({ path: `${dir}tx_${tag}_search.png` });

      await page.goto("/import");
      await settle(page);
      await page.screenshot({ path: `${dir}import_${tag}.png`, fullPage: true });
      await page.getByTestId("import-account").selectOption({ index: 1 });
      await page.getByTestId("file-input").setInputFiles(new URL("./fixtures/needs-mapping.csv", import.meta.url).pathname);
      await page.getByTestId("mapping-editor").waitFor();
      await settle(page);
      await page.screenshot({ path: `${dir}import_${tag}_mapping.png`, fullPage: true });
      await page.getByTestId("file-input").setInputFiles(new URL("./fixtures/unsure-guess.csv", import.meta.url).pathname);
      await page.getByTestId("preview-summary").waitFor();
      await settle(page);
      await page.screenshot({ path: `${dir}import_${tag}_preview.png`, fullPage: true });
    });
  }
}
