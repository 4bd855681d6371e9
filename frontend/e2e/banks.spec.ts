import { expect, test, type Page } from "@playwright/test";
import { axeViolations, settle, watchConsole } from "./helpers";
import { BG, logInAs, logOut, OWN_CLIENT, screenshots, uniqueEmail, verificationLink } from "./bg-helpers";

test.use(OWN_CLIENT);

/** Signs up through the register page, then opens the link the verification mail carries. */
async function registerAndVerify(page: Page) {
  const user = { email: uniqueEmail("bg-bank"), password: "kakeibo demo e2e" };
  await page.goto("/register");
  await page.getByLabel("Name (optional)").fill("Bank journey");
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByLabel("Repeat the password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto(await verificationLink(user.email));
  await expect(page.getByText("Your e-mail address is verified.")).toBeVisible();
  return user;
}

test("a new user connects the demo bank and sees its accounts; sync now; disconnect", async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  await registerAndVerify(page);
  await page.goto("/banks");
  await expect(page.getByRole("heading", { level: 1, name: "Banks" })).toBeVisible();
  await expect(page.getByText("No bank connected yet.")).toBeVisible();
  await expect(page.getByText("No accounts yet.")).toBeVisible();
  await settle(page);
  expect(await axeViolations(page)).toEqual([]);

  // One click: the demo bank needs no consent.
  await page.getByRole("button", { name: "Connect Demo Bank", exact: true }).click();
  await expect(page.getByText("Demo Bank is connected. Its accounts are on their way.")).toBeVisible();
  const card = page.getByTestId("connection-card").filter({ hasText: "Demo Bank" });
  await expect(card).toBeVisible();
  await expect(card.getByTestId("connection-status")).toHaveText("Connected");

  // The first sync runs in the job workers; the page looks again until the accounts are in.
  const accounts = page.getByTestId("accounts-table");
  await expect(accounts.getByRole("row", { name: /Everyday Account/ })).toBeVisible({ timeout: 60_000 });
  await expect(accounts.getByRole("row", { name: /Savings Account/ })).toBeVisible();
  await expect(accounts.getByRole("row", { name: /Everyday Account/ })).toContainText(/€[\d,]+\.\d\d/);
  await expect(card).toContainText("4 accounts");
  await expect(card.getByTestId("last-synced")).not.toHaveText("Not yet");

  // Sync now: asked for, then the page looks until a sync has finished.
  await card.getByRole("button", { name: "Sync Demo Bank now" }).click();
  await expect(card.getByRole("button", { name: "Sync Demo Bank now" })).toContainText("Syncing…");
  await expect(card.getByText(/Synced just now\.|The sync is queued and runs shortly\./)).toBeVisible({ timeout: 90_000 });

  await settle(page);
  expect(await axeViolations(page)).toEqual([]);

  // Reconnect renews the consent; the demo bank needs none, so it is finished at once.
  await page.getByRole("button", { name: "Close" }).first().click();
  await card.getByRole("button", { name: "Reconnect Demo Bank" }).click();
  await expect(page.getByText("Demo Bank is connected. Its accounts are on their way.")).toBeVisible();
  await expect(card.getByTestId("connection-status")).toHaveText("Connected");

  // Disconnect, after confirming: the accounts stay, as manual ones.
  await card.getByRole("button", { name: "Disconnect Demo Bank" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Disconnect Demo Bank?" });
  await expect(confirm).toContainText("The accounts and their history stay, as manual accounts.");
  await confirm.getByRole("button", { name: "Disconnect" }).click();
  await expect(card).toHaveCount(0);
  await expect(page.getByText("No bank connected yet.")).toBeVisible();
  await expect(accounts.getByRole("row", { name: /Everyday Account/ })).toContainText("Manual");
  expect(errors).toEqual([]);
  await logOut(page);
});

test("SimpleFIN: a bad setup token is refused beside the field; the pending connection can be finished or removed", async ({
  page,
}) => {
  const errors = watchConsole(page);
  await logInAs(page, BG, "/banks");
  await page.route("**/api/v1/providers", (route) =>
    route.fulfill({ json: [{ id: "demo", name: "Demo Bank" }, { id: "simplefin", name: "SimpleFIN" }] }),
  );
  await page.goto("/banks");
  const simplefin = page.getByTestId("connection-card").filter({ hasText: "SimpleFIN Bridge" });
  await expect(page.getByTestId("connection-card").first()).toBeVisible();
  await settle(page);
  const before = await simplefin.count();
  await page.getByRole("button", { name: "Connect SimpleFIN", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Connect SimpleFIN Bridge" });
  await expect(dialog).toContainText("setup token");
  const field = dialog.getByLabel("SimpleFIN setup token");
  await expect(field).toBeFocused();
  await dialog.getByRole("button", { name: "Finish" }).click();
  await expect(dialog.getByText("Paste the token.")).toBeVisible();
  await field.fill("bm90LWEtdG9rZW4=");
  await dialog.getByRole("button", { name: "Finish" }).click();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.locator("#connection-token-error")).toContainText("claim URL");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Left pending: it says so, and offers to finish it.
  await expect(simplefin).toHaveCount(before + 1);
  const card = simplefin.last();
  await expect(card.getByTestId("connection-status")).toHaveText("Not finished");
  await card.getByRole("button", { name: "Finish connecting SimpleFIN Bridge" }).click();
  await expect(page.getByRole("dialog", { name: "Connect SimpleFIN Bridge" })).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();
  await card.getByRole("button", { name: "Disconnect SimpleFIN Bridge" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Disconnect" }).click();
  await expect(simplefin).toHaveCount(before);
  // The browser logs the refused token's 422 itself.
  expect(errors.filter((e) => !/status of 422 .*\/complete$/.test(e))).toEqual([]);
  await logOut(page);
});

test("Plaid and GoCardless (staged answers): the link token with the public-token field; the bank's consent page and the way back", async ({
  page,
}) => {
  const errors = watchConsole(page);
  await logInAs(page, BG, "/banks");
  const connection = (provider: string, name: string, id: string) => ({
    id,
    provider,
    institution_id: null,
    institution_name: name,
    status: "pending",
    last_synced_at: null,
    next_sync_at: null,
    last_error: null,
    consecutive_failures: 0,
    created_at: new Date().toISOString(),
  });
  const plaidId = "11111111-1111-4111-8111-111111111111";
  const gcId = "22222222-2222-4222-8222-222222222222";
  await page.route("**/api/v1/providers", (route) =>
    route.fulfill({
      json: [
        { id: "demo", name: "Demo Bank" },
        { id: "plaid", name: "Plaid" },
        { id: "gocardless", name: "GoCardless" },
      ],
    }),
  );
  await page.route("**/api/v1/providers/gocardless/institutions?country=DE", (route) =>
    route.fulfill({
      json: [
        { id: "SANDBOXFINANCE_SFIN0000", name: "Sandbox Finance", countries: ["DE"], transaction_total_days: 90 },
        { id: "N26_NTSBDEB1", name: "N26", countries: ["DE"], transaction_total_days: 730 },
      ],
    }),
  );
  let completeBody: unknown = null;
  await page.route("**/api/v1/connections", async (route) => {
    if (route.request().method() !== "POST") return route.fallback();
    const body = route.request().postDataJSON() as { provider: string; institution_id?: string };
    if (body.provider === "plaid") {
      return route.fulfill({
        status: 201,
        json: {
          connection: connection("plaid", "Plaid", plaidId),
          next_step: { kind: "link_token", link_token: "link-sandbox-1234", expiration: "2030-01-01T12:00:00Z" },
        },
      });
    }
    expect(body.institution_id).toBe("N26_NTSBDEB1");
    return route.fulfill({
      status: 201,
      json: {
        connection: connection("gocardless", "N26", gcId),
        next_step: { kind: "redirect", url: `/connections/callback?ref=${gcId}` },
      },
    });
  });
  await page.route(`**/api/v1/connections/${plaidId}/complete`, async (route) => {
    completeBody = route.request().postDataJSON();
    await route.fulfill({ json: { ...connection("plaid", "Chase", plaidId), status: "active" } });
  });
  await page.route(`**/api/v1/connections/${gcId}/complete`, (route) =>
    route.fulfill({ json: { ...connection("gocardless", "N26", gcId), status: "active" } }),
  );

  await page.goto("/banks");
  await page.getByRole("button", { name: "Connect Plaid", exact: true }).click();
  const plaid = page.getByRole("dialog", { name: "Connect Plaid" });
  await expect(plaid).toContainText("Plaid Link would open now");
  await expect(plaid).toContainText("security policy runs no scripts from other sites");
  await expect(plaid.getByTestId("link-token")).toHaveText("link-sandbox-1234");
  await plaid.getByLabel("Public token from Plaid Link").fill("public-sandbox-abc");
  await plaid.getByRole("button", { name: "Finish" }).click();
  await expect(plaid).toBeHidden();
  expect(completeBody).toEqual({ token: "public-sandbox-abc" });
  await expect(page.getByText("Chase is connected.")).toBeVisible();

  // GoCardless: country, then bank, then the bank's own page.
  const gc = page.getByTestId("provider-gocardless");
  await gc.getByRole("button", { name: "Connect GoCardless", exact: true }).click();
  await expect(gc.getByText("Choose your bank first.")).toBeVisible();
  await gc.getByLabel("Country").selectOption("DE");
  await gc.getByLabel("Search banks").fill("n2");
  await expect(gc.getByRole("radio")).toHaveCount(1);
  await gc.getByRole("radio", { name: /N26/ }).check();
  await gc.getByRole("button", { name: "Connect GoCardless", exact: true }).click();
  const consent = page.getByRole("dialog", { name: "Connect N26" });
  await expect(consent).toContainText("the bank sends you back here");
  await settle(page);
  expect(await axeViolations(page)).toEqual([]);
  // The staged consent page is Kakeibo's own callback: the bank's way back.
  await consent.getByRole("link", { name: "Continue to your bank" }).click();
  await expect(page).toHaveURL(new RegExp(`/connections/callback\\?ref=${gcId}$`));
  await expect(page.getByText("N26 is connected. Its accounts and transactions are on their way.")).toBeVisible();
  await page.getByRole("link", { name: "Go to Banks" }).click();
  await expect(page).toHaveURL(/\/banks$/);
  expect(errors).toEqual([]);
  await logOut(page);
});

test("the callback page: a reference (with a reconnect's suffix) finishes that connection; none, or the bank's error, says so", async ({
  page,
}) => {
  const errors = watchConsole(page);
  await logInAs(page, BG);
  const id = "33333333-3333-4333-8333-333333333333";
  let completed = 0;
  await page.route(`**/api/v1/connections/${id}/complete`, (route) => {
    completed += 1;
    return route.fulfill({
      status: 409,
      json: { error: { code: "wrong_state", message: "the connection is active, not waiting to be completed", details: null } },
    });
  });
  await page.route(`**/api/v1/connections/${id}`, (route) =>
    route.fulfill({
      json: {
        id,
        provider: "gocardless",
        institution_id: "N26",
        institution_name: "N26",
        status: "active",
        last_synced_at: null,
        next_sync_at: null,
        last_error: null,
        consecutive_failures: 0,
        created_at: new Date().toISOString(),
      },
    }),
  );
  // A second visit (a reload) finds it finished already: still a success.
  await page.goto(`/connections/callback?ref=${id}-1765000000`);
  await expect(page.getByText("N26 is connected.")).toBeVisible();
  expect(completed).toBe(1);

  await page.goto("/connections/callback");
  const callback = page.getByTestId("connection-callback");
  await expect(callback.getByRole("alert")).toContainText("this visit carries no connection");
  await page.goto(`/connections/callback?ref=${id}&error=UserCancelledSession&details=User%20cancelled%20the%20session`);
  await expect(callback.getByRole("alert")).toContainText("The bank reported a problem: User cancelled the session");
  await settle(page);
  expect(await axeViolations(page)).toEqual([]);
  expect(errors.filter((e) => !/status of 409 .*\/complete$/.test(e))).toEqual([]);
  await logOut(page);
});

test("a connection's trouble reads in words, the provider's text one click away", async ({ page }) => {
  const errors = watchConsole(page);
  await logInAs(page, BG);
  const base = {
    provider: "gocardless",
    institution_id: "X",
    last_synced_at: new Date(Date.now() - 26 * 3_600_000).toISOString(),
    next_sync_at: new Date(Date.now() + 3_600_000).toISOString(),
    created_at: new Date(Date.now() - 90 * 86_400_000).toISOString(),
  };
  await page.route("**/api/v1/connections", (route) =>
    route.request().method() === "GET"
      ? route.fulfill({
          json: [
            {
              ...base,
              id: "44444444-4444-4444-8444-444444444444",
              institution_name: "Sparkasse",
              status: "error",
              consecutive_failures: 3,
              last_error: "GoCardless: 429 Too Many Requests (rate limit exceeded for this account)",
            },
            {
              ...base,
              id: "55555555-5555-4555-8555-555555555555",
              institution_name: "N26",
              status: "reauth_required",
              consecutive_failures: 1,
              last_error: "the access agreed with the bank has expired; connect again",
            },
          ],
        })
      : route.fallback(),
  );
  await page.goto("/banks");
  const sparkasse = page.getByTestId("connection-card").filter({ hasText: "Sparkasse" });
  await expect(sparkasse.getByTestId("connection-status")).toHaveText("Sync failing");
  await expect(sparkasse).toContainText("The last 3 syncs failed. Kakeibo keeps trying on its own.");
  await expect(sparkasse).toContainText("The bank allows only a few syncs a day; the next one comes later.");
  await expect(sparkasse.getByText(/429 Too Many Requests/)).toBeHidden();
  await sparkasse.getByText("What the bank said").click();
  await expect(sparkasse.getByText(/429 Too Many Requests/)).toBeVisible();
  await expect(sparkasse.getByTestId("last-synced")).toHaveText("yesterday");

  const n26 = page.getByTestId("connection-card").filter({ hasText: "N26" });
  await expect(n26.getByTestId("connection-status")).toHaveText("Needs reconnecting");
  await expect(n26).toContainText("Your bank's permission ran out or was withdrawn. Reconnect to keep syncing.");
  await expect(n26.getByRole("button", { name: "Reconnect N26" })).toBeVisible();
  await settle(page);
  expect(await axeViolations(page)).toEqual([]);
  if (process.env.SCREENSHOTS) {
    await page.getByTestId("connections-section").screenshot({ path: new URL("./screenshots/bg_banks_trouble.png", import.meta.url).pathname });
  }
  expect(errors).toEqual([]);
  await logOut(page);
});

test("pictures of the page (SCREENSHOTS=1)", async ({ page }) => {
  test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to take them");
  test.setTimeout(120_000);
  await logInAs(page, BG, "/banks");
  await screenshots(page, "banks", "/banks");
  await screenshots(page, "callback", "/connections/callback");
  await logOut(page);
});
