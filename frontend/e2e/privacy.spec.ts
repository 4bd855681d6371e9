import { expect, test, type Page } from "@playwright/test";
import { axeViolations, settle, watchConsole } from "./helpers";
import { logInAs, OWN_CLIENT, registerByApi } from "./bg-helpers";
import { bearer, cashAccount, freshPage } from "./privacy-helpers";
import { totp } from "./totp";

/**
 * Settings → Privacy, with throwaway users signed up through the API (never a shared one):
 * the server's grace period is told before the password is asked; deleting the account with
 * a wrong and then the right password signs out with a notice; logging in again cancels the
 * deletion, says so, and keeps the data; with 2FA on the code is asked, a wrong one and too
 * many tries are told beside the field. The LLM consent switch needs a server whose chat
 * model counts as external, as deploy/local/e2e.sh starts it (`KAKEIBO_LLM__BASE_URL=
 * http://127.0.0.1:9/v1 KAKEIBO_LLM__CHAT_MODEL=any KAKEIBO_LLM__CONSENT=required`: nothing
 * is asked of the model here). The exports are privacy-export.spec.ts's.
 * `SCREENSHOTS=1` adds pictures of the page (and of an empty "Recent deliveries") in
 * test-results/privacy/.
 */
test.use(OWN_CLIENT);

const SHOTS = "test-results/privacy";

/** The browser's own lines for answers the tests stage on purpose. */
const staged = (errors: string[], statuses: string) =>
  errors.filter((e) => !new RegExp(`status of (${statuses}) .*/api/v1/privacy/delete-account`).test(e));

async function pictures(page: Page, name: string, path: string) {
  if (!process.env.SCREENSHOTS) return;
  for (const theme of ["light", "dark"] as const) {
    for (const width of [1280, 390]) {
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize({ width, height: width > 400 ? 900 : 844 });
      await page.goto(path);
      await settle(page);
      await page.waitForTimeout(400);
      await page.screenshot({ path: `${SHOTS}/${name}-${theme}-${width}.png`, fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
}

test("delete the account: a wrong password is told, the right one signs out; logging in cancels and keeps the data", async ({
  browser,
  request,
}, info) => {
  test.setTimeout(120_000);
  const user = await registerByApi(request, "privacy-delete");
  const api = await bearer(request, user);
  await cashAccount(request, api, "Privacy e2e cash");

  const page = await freshPage(browser, info);
  const errors = watchConsole(page);
  await logInAs(page, user, "/settings/privacy");
  await expect(page.getByRole("heading", { level: 2, name: "Privacy", exact: true })).toBeVisible();
  await expect(page.getByTestId("coming-soon")).toHaveCount(0);
  const terms = (await (await request.get("/api/v1/privacy/settings", { headers: api.headers })).json()) as {
    erasure_grace_days: number;
  };
  const days = terms.erasure_grace_days;
  expect(days, "the e2e server keeps the default grace period").toBeGreaterThan(1);
  const section = page.getByTestId("delete-account");
  await expect(section.getByRole("heading", { level: 2, name: "Delete your account" })).toBeVisible();
  await expect(section).toContainText(`Your data is kept for a grace period of ${days} days, then erased for good.`);
  await expect(section).toContainText("Logging in again before the data is erased cancels the deletion");
  await settle(page);
  expect(await axeViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForTimeout(500);
  expect(await axeViolations(page), "dark").toEqual([]);
  await page.emulateMedia({ colorScheme: "light" });
  await pictures(page, "privacy", "/settings/privacy");
  // A user with nothing sent yet: the deliveries' empty state.
  await pictures(page, "email-summaries-empty", "/settings/email-summaries");
  await page.goto("/settings/privacy");
  await settle(page);

  // The dialog, by keyboard: the button opens it, focus is in the password, Escape closes it
  // and gives the focus back.
  const open = section.getByRole("button", { name: "Delete account…" });
  await expect(open).toBeEnabled();
  await open.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Delete your account?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Password")).toBeFocused();
  await expect(dialog.getByLabel(/recovery code/)).toHaveCount(0);
  // Before anything is confirmed: how long until the data goes, and that logging in cancels;
  // the dialog's description, so a screen reader hears it on opening.
  const grace = dialog.getByTestId("delete-grace");
  await expect(grace).toContainText(`are erased in ${days} days, after `);
  await expect(grace).toContainText(/after .*\d{4}.*\. Logging in again before then cancels the deletion\.$/);
  await expect(dialog).toHaveAccessibleDescription(/erased in \d+ days, after .* cancels the deletion/);
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();

  await open.click();
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await expect(dialog.locator("#delete-password-error")).toHaveText("Required.");
  await dialog.getByLabel("Password").fill("not the password");
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await expect(dialog.locator("#delete-password-error")).toHaveText("The password is wrong.");
  await expect(dialog.getByLabel("Password")).toBeFocused();
  if (process.env.SCREENSHOTS) {
    for (const [theme, width] of [["light", 1280], ["dark", 390]] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize({ width, height: 844 });
      await page.screenshot({ path: `${SHOTS}/delete-dialog-${theme}-${width}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
  }
  await expect(page).toHaveURL(/\/settings\/privacy$/);
  expect((await request.get("/api/v1/me", { headers: api.headers })).status(), "nothing happened").toBe(200);

  await dialog.getByLabel("Password").fill(user.password);
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/login$/);
  const notice = page.getByTestId("account-deleted-notice");
  await expect(notice).toContainText("Your account is deleted. Its data will be erased after");
  await expect(notice).toContainText("Logging in again before then cancels the deletion.");
  await expect(notice).toContainText(/\d{4}/);
  expect(await axeViolations(page)).toEqual([]);
  if (process.env.SCREENSHOTS) {
    for (const theme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: theme });
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 844 });
        await page.screenshot({ path: `${SHOTS}/login-deleted-${theme}-${width}.png`, fullPage: true });
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
  }
  // Deactivated: the API session of before is over too.
  expect((await request.get("/api/v1/me", { headers: api.headers })).status()).toBe(401);

  // Logging in cancels, and the app says so once.
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  const cancelled = page.getByTestId("deletion-cancelled-notice");
  await expect(cancelled).toContainText("Your account deletion was cancelled");
  expect(await axeViolations(page)).toEqual([]);
  await cancelled.getByRole("button", { name: "Dismiss" }).click();
  await expect(cancelled).toHaveCount(0);

  // Everything is still there; the next login has nothing to cancel.
  const again = await bearer(request, user);
  expect(again.body.deletion_cancelled).toBe(false);
  const accounts = (await (await request.get("/api/v1/accounts", { headers: again.headers })).json()) as { name: string }[];
  expect(accounts.map((a) => a.name)).toContain("Privacy e2e cash");
  await page.goto("/banks");
  await expect(page.getByText("Privacy e2e cash").first()).toBeVisible();
  expect(staged(errors, "401")).toEqual([]);
  await page.context().close();
});

test("with 2FA on: the code is asked; a wrong one and too many tries are told beside the fields", async ({
  browser,
  request,
}, info) => {
  test.setTimeout(90_000);
  const user = await registerByApi(request, "privacy-2fa");
  const api = await bearer(request, user);
  const enrol = (await (await request.post("/api/v1/auth/2fa/enable", { headers: api.headers })).json()) as {
    secret_base32: string;
  };
  const confirmed = await request.post("/api/v1/auth/2fa/confirm", {
    headers: api.headers,
    data: { code: totp(enrol.secret_base32) },
  });
  expect(confirmed.status(), await confirmed.text()).toBe(200);
  const { recovery_codes: codes } = (await confirmed.json()) as { recovery_codes: string[] };

  // The browser logs in with a recovery code (the current time step is used up).
  const page = await freshPage(browser, info);
  const errors = watchConsole(page);
  await page.goto("/login?next=%2Fsettings%2Fprivacy");
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(codes[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/settings\/privacy$/);

  await page.getByTestId("delete-account").getByRole("button", { name: "Delete account…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete your account?" });
  const code = dialog.getByLabel("Code from the app, or a recovery code");
  await expect(code).toBeVisible();
  await dialog.getByLabel("Password").fill(user.password);
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await expect(dialog.locator("#delete-code-error")).toHaveText("Required.");
  await code.fill("000000");
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await expect(dialog.locator("#delete-password-error")).toHaveText("The password or the code is wrong.");
  expect(await axeViolations(page)).toEqual([]);

  // Someone guessing from a stolen session: the server stops them after 10 tries per 15
  // minutes (the wrong code above was the first), even with the right answers after.
  for (let i = 0; i < 9; i++) {
    await dialog.getByLabel("Password").fill(`guess ${i}`);
    await dialog.getByRole("button", { name: "Delete my account" }).click();
    await expect(dialog.locator("#delete-password-error")).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Delete my account" })).toBeEnabled();
  }
  await dialog.getByLabel("Password").fill(user.password);
  await code.fill(codes[1]!);
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await expect(dialog.locator("#delete-password-error")).toHaveText(/^Too many attempts\. Try again in (a minute|\d+ minutes)\.$/);
  await expect(page).toHaveURL(/\/settings\/privacy$/);
  expect(staged(errors, "401|429")).toEqual([]);
  await page.context().close();
});

test("the LLM consent: off by default, a switch that saves at once, in the audit log", async ({ browser, request }, info) => {
  test.setTimeout(90_000);
  const user = await registerByApi(request, "privacy-llm");
  const api = await bearer(request, user);
  const state = async () =>
    (await (await request.get("/api/v1/privacy/llm-consent", { headers: api.headers })).json()) as {
      consent: boolean;
      llm: string;
    };
  const initial = await state();
  expect(initial.consent, "off by default").toBe(false);

  const page = await freshPage(browser, info);
  const errors = watchConsole(page);
  await logInAs(page, user, "/settings/privacy");
  const card = page.getByTestId("llm-consent");
  await expect(card.getByRole("heading", { name: "Language model" })).toBeVisible();
  const toggle = card.getByRole("switch", { name: "Send my data to the external language model" });
  expect(
    initial.llm,
    "the server must count its chat model as external (deploy/local/e2e.sh sets KAKEIBO_LLM__CONSENT=required with a model)",
  ).toBe("external");
  await expect(card).toContainText("run by another company");
  await expect(toggle).not.toBeChecked();
  await expect(card).toContainText("Off: nothing of yours is sent to it.");
  await settle(page);
  expect(await axeViolations(page)).toEqual([]);

  // By keyboard: Space turns it on, saved at once.
  await toggle.focus();
  await page.keyboard.press("Space");
  await expect(card.getByText("Consent given.")).toBeVisible();
  await expect(toggle).toBeChecked();
  await expect(card).toContainText(/You agreed on .*\d{4}/);
  expect((await state()).consent).toBe(true);
  await pictures(page, "privacy-llm-on", "/settings/privacy");
  await page.goto("/settings/privacy");
  await expect(toggle).toBeChecked();
  await toggle.click();
  await expect(card.getByText("Consent withdrawn.")).toBeVisible();
  await expect(toggle).not.toBeChecked();
  expect((await state()).consent).toBe(false);

  await page.goto("/settings/audit-log");
  const changes = page.getByTestId("audit-table").getByRole("row", { name: /Consent for the external language model changed/ });
  await expect(changes).toHaveCount(2);
  // Newest first.
  await expect(changes.nth(0)).toContainText("withdrawn");
  await expect(changes.nth(1)).toContainText("given");
  expect(errors).toEqual([]);
  await page.context().close();
});
