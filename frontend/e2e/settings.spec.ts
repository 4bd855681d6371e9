import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { axeViolations, settle, watchConsole } from "./helpers";
import { BG, logInAs, logOut, OWN_CLIENT, registerByApi, screenshots, snapshot } from "./bg-helpers";
import { secretFromOtpauth, totp, totpStep } from "./totp";

test.use(OWN_CLIENT);

const SECTIONS: [string, string][] = [
  ["/settings", "Profile"],
  ["/settings/security", "Password"],
  ["/settings/sessions", "Sessions"],
  ["/settings/tokens", "API tokens"],
  ["/settings/audit-log", "Audit log"],
  ["/settings/exchange-rates", "Exchange rates"],
  ["/settings/notifications", "Notifications"],
  ["/settings/telegram", "Telegram"],
  ["/settings/email-summaries", "E-mail summaries"],
  ["/settings/privacy", "Privacy"],
];

async function freshPage(browser: Browser, info: TestInfo): Promise<Page> {
  const context = await browser.newContext({ baseURL: info.project.use.baseURL, ...OWN_CLIENT });
  return context.newPage();
}

test.describe("as the bg user", () => {
  // One signed-in page for these: the bg user's logins stay few (the server limits them).
  test.describe.configure({ mode: "serial" });
  let page: Page;
  let errors: string[];

  test.beforeAll(async ({ browser }, info) => {
    page = await freshPage(browser, info);
    errors = watchConsole(page);
    await logInAs(page, BG, "/settings");
  });
  test.afterAll(async () => {
    await logOut(page);
    await page.context().close();
  });

  test("every section opens by a reload, with no console error and no serious axe violation", async () => {
    test.setTimeout(90_000);
    for (const [path, title] of SECTIONS) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
      await expect(page.getByRole("heading", { level: 2, name: title, exact: true })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Settings sections" }).locator('[aria-current="page"]')).toHaveAttribute(
        "href",
        path,
      );
      await settle(page);
      expect(await axeViolations(page), path).toEqual([]);
      await page.emulateMedia({ colorScheme: "dark" });
      await page.waitForTimeout(500); // colour transitions end
      expect(await axeViolations(page), `${path}, dark`).toEqual([]);
      await page.emulateMedia({ colorScheme: "light" });
    }
    await page.goto("/settings/exchange-rates");
    await expect(page.getByText("kakeibo fx import FILE")).toBeVisible();
    // No section is "coming soon" any more: Privacy has the account deletion (privacy.spec.ts).
    await page.goto("/settings/privacy");
    await expect(page.getByTestId("delete-account").getByRole("button", { name: "Delete account…" })).toBeVisible();
    await expect(page.getByTestId("coming-soon")).toHaveCount(0);
    // A server without the Telegram bot's endpoints answers the Telegram section's question 404.
    expect(errors.filter((e) => !/status of 404 .*\/api\/v1\/telegram\/link/.test(e))).toEqual([]);
  });

  test("create an API token, see its secret once, use it, and revoke it", async ({ request }) => {
    const name = `E2E token ${Date.now().toString(36)}`;
    await page.goto("/settings/tokens");
    await page.getByRole("button", { name: "New token" }).click();
    const form = page.getByTestId("token-form");
    await expect(form.getByLabel("Name")).toBeFocused();
    await form.getByLabel("Read", { exact: true }).uncheck();
    await form.getByRole("button", { name: "Create token" }).click();
    await expect(form.getByText("Choose read, write or both.")).toBeVisible();
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Read", { exact: true }).check();
    await form.getByLabel("Expires").selectOption("30");
    await form.getByRole("button", { name: "Create token" }).click();

    const created = page.getByTestId("new-token");
    await expect(created).toContainText(`The token “${name}” is ready.`);
    const secret = (await created.getByTestId("new-token-secret").textContent())?.trim() ?? "";
    await snapshot(page, "settings_token_created_light_desktop");
    expect(secret.length).toBeGreaterThan(20);
    // The secret works (a read), and only reads.
    const me = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } });
    expect(me.status()).toBe(200);
    const write = await request.patch("/api/v1/me", {
      headers: { Authorization: `Bearer ${secret}` },
      data: { display_name: "not allowed" },
    });
    expect(write.status()).toBe(403);

    await created.getByRole("button", { name: "Done, I have copied it" }).click();
    await expect(created).toHaveCount(0);
    const row = page.getByTestId("tokens-table").getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText("Read");
    await expect(row).toContainText("Never");
    // Shown once: a reload lists the token without its secret.
    await page.reload();
    await expect(row).toBeVisible();
    await expect(page.getByText(secret)).toHaveCount(0);

    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    const confirm = page.getByRole("alertdialog", { name: `Revoke the token “${name}”?` });
    await confirm.getByRole("button", { name: "Revoke" }).click();
    await expect(confirm).toBeHidden();
    await expect(row).toHaveCount(0);
    await expect(page.getByRole("button", { name: "New token" })).toBeVisible();
    const after = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } });
    expect(after.status()).toBe(401);
    expect(errors).toEqual([]);
  });

  test("revoke another session; this one is marked and stays", async ({ playwright }, info) => {
    // Another device: its own cookie jar and user agent (named for this run).
    const agent = `Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0 e2e-${Date.now().toString(36)}`;
    const other = await playwright.request.newContext({
      baseURL: info.project.use.baseURL,
      extraHTTPHeaders: { ...OWN_CLIENT.extraHTTPHeaders, "user-agent": agent },
    });
    const login = await other.post("/api/v1/auth/login", { data: BG });
    expect(login.status()).toBe(200);

    await page.goto("/settings/sessions");
    const sessions = page.getByTestId("session");
    const current = page.locator('[data-testid="session"][data-current="true"]');
    await expect(current).toHaveCount(1);
    await expect(current).toContainText("This device");
    const firefox = sessions.filter({ hasText: agent });
    await expect(firefox).toContainText("Firefox on Linux");
    await expect(firefox.first()).toBeVisible();
    const before = await sessions.count();
    await firefox.first().getByRole("button", { name: /^Log out Firefox on Linux/ }).click();
    await expect(sessions).toHaveCount(before - 1);
    await expect(current).toHaveCount(1);

    // The other device is out: its refresh cookie no longer renews anything.
    const refresh = await other.post("/api/v1/auth/refresh");
    expect(refresh.status()).toBe(401);
    await other.dispose();
    // And this one still works.
    await page.reload();
    await expect(current).toContainText("This device");

    await page.goto("/settings/audit-log");
    const audit = page.getByTestId("audit-table");
    await expect(audit).toContainText("Session ended");
    // Older events a page at a time (50 each), when there are more.
    const more = page.getByRole("button", { name: "Load older events" });
    if (await more.isVisible()) {
      await more.click();
      await expect.poll(() => audit.locator("tbody tr").count()).toBeGreaterThan(50);
    }
    expect(errors).toEqual([]);
  });

  test("exchange rates: each other currency with its rate or a warning, and the operator's command", async ({ playwright }, info) => {
    const api = await playwright.request.newContext({ baseURL: info.project.use.baseURL, ...OWN_CLIENT });
    const login = await api.post("/api/v1/auth/login", { data: BG });
    expect(login.status()).toBe(200);
    const headers = { Authorization: `Bearer ${((await login.json()) as { access_token: string }).access_token}` };
    // Chilean pesos: a currency the ECB does not quote, so no rate file has them.
    const accounts = (await (await api.get("/api/v1/accounts", { headers })).json()) as { id: string; name: string }[];
    if (!accounts.some((a) => a.name === "E2E pesos")) {
      const made = await api.post("/api/v1/accounts", { headers, data: { name: "E2E pesos", kind: "cash", currency: "CLP" } });
      expect(made.status(), await made.text()).toBe(201);
      const { id } = (await made.json()) as { id: string };
      const row = await api.post("/api/v1/transactions", {
        headers,
        data: { account_id: id, booked_on: "2026-11-02", amount: "-15000", description: "Empanadas" },
      });
      expect(row.status(), await row.text()).toBe(201);
    }
    await api.dispose();

    await page.goto("/settings/exchange-rates");
    await expect(page.getByText("Amounts in your other currencies are converted to EUR")).toBeVisible();
    const pesos = page.getByTestId("rate-CLP");
    await expect(pesos).toContainText("No rate");
    // The day and its warning are in the row twice, for wide and narrow screens: one shows.
    await expect(pesos.getByTestId("rate-missing").filter({ visible: true })).toHaveText("Missing");
    await expect(pesos.getByTestId("rate-unconverted")).toHaveText(/^\d+ amounts? (is|are) not converted$/);
    // The demo bank's dollar account: a rate when the operator loaded one, else the warning.
    const dollars = page.getByTestId("rate-USD");
    await expect(dollars).toContainText(/1 USD = [\d.,]+ EUR|No rate/);
    if ((await dollars.getByTestId("rate-missing").filter({ visible: true }).count()) === 0) {
      await expect(dollars.locator("td").nth(1)).toContainText(/\d{4}/);
    }
    await expect(page.getByTestId("rates-table").getByRole("row", { name: /^EUR/ })).toHaveCount(0);
    const operator = page.getByTestId("rates-operator");
    await expect(operator.getByText("kakeibo fx import FILE")).toBeVisible();
    await expect(operator).toContainText("eurofxref-hist.csv");
    expect(errors).toEqual([]);
  });

  test("pictures of the sections (SCREENSHOTS=1)", async () => {
    test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to take them");
    test.setTimeout(240_000);
    for (const [path] of SECTIONS.slice(0, 7)) {
      await screenshots(page, `settings${path.replace("/settings", "").replace(/\//g, "_") || "_profile"}`, path);
    }
    await screenshots(page, "settings_timezone_list", "/settings", async () => {
      await page.getByRole("combobox", { name: "Time zone" }).fill("new");
    }, { fullPage: false });
  });
});

test("profile: a time zone from the searchable list, the language switches the app; password change", async ({
  browser,
  request,
}, info) => {
  test.setTimeout(90_000);
  const user = await registerByApi(request, "bg-profile");
  const page = await freshPage(browser, info);
  const errors = watchConsole(page);
  await logInAs(page, user, "/settings");

  const zone = page.getByRole("combobox", { name: "Time zone" });
  await zone.fill("Mars/Olympus");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.locator("#profile-time-zone-error")).toHaveText("Pick a time zone from the list, such as Europe/Berlin.");
  await zone.fill("tokyo");
  const list = page.getByRole("listbox", { name: "Time zone" });
  await expect(list.getByRole("option", { name: /Asia\/Tokyo/ })).toBeVisible();
  await zone.press("ArrowDown");
  await zone.press("Enter");
  await expect(zone).toHaveValue("Asia/Tokyo");
  await expect(list).toBeHidden();
  await page.getByLabel("Name", { exact: true }).fill("Profile journey");
  await page.getByLabel("Language and formats").selectOption("de-CH");
  await page.getByRole("button", { name: "Save profile" }).click();

  // The app now speaks German, and the choice survives a reload.
  await expect(page.getByRole("heading", { level: 1, name: "Einstellungen" })).toBeVisible();
  await expect(page.getByText("Dein Profil ist gespeichert.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Einstellungen" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Zeitzone" })).toHaveValue("Asia/Tokyo");
  await expect(page.getByLabel("Sprache und Formate")).toHaveValue("de-CH");
  await settle(page);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel("Sprache und Formate").selectOption("en");
  await page.getByRole("button", { name: "Profil speichern" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();

  // Password: a wrong current one is refused beside its field, and the session stays.
  await page.goto("/settings/security");
  await page.getByLabel("Current password").fill("not the password");
  await page.getByLabel("New password").fill("a new long passphrase");
  await page.getByLabel("Repeat the password").fill("a new long passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#password-current-error")).toHaveText("The current password is wrong.");
  await expect(page).toHaveURL(/\/settings\/security$/);
  await page.getByLabel("Current password").fill(user.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password is changed. Your other sessions have ended.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 2, name: "Password" })).toBeVisible();
  expect(errors.filter((e) => !/status of 401 .*\/auth\/password$/.test(e))).toEqual([]);
  await page.context().close();
});

test("2FA: enrol with the QR code's secret, keep the recovery codes, log in with the 2FA step, turn it off", async ({
  browser,
  request,
}, info) => {
  test.setTimeout(150_000);
  const user = await registerByApi(request, "bg-2fa");
  const page = await freshPage(browser, info);
  const errors = watchConsole(page);
  await logInAs(page, user, "/settings/security");

  const card = page.getByTestId("two-factor");
  await expect(card.getByTestId("two-factor-status")).toHaveText("Off");
  await card.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  const qr = card.getByRole("img", { name: /QR code/ });
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute("src")).toMatch(/^data:image\/png;base64,/);
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(50);
  const otpauth = (await card.getByTestId("otpauth-link").getAttribute("href")) ?? "";
  expect(otpauth).toMatch(/^otpauth:\/\/totp\//);
  const secret = secretFromOtpauth(otpauth);
  expect((await card.getByTestId("totp-secret").textContent())?.replace(/\s/g, "")).toBe(secret);
  await snapshot(page, "settings_2fa_enrol_light_desktop");

  await card.getByLabel(/The 6-digit code/).fill("000000");
  await card.getByRole("button", { name: "Turn on", exact: true }).click();
  await expect(card.locator("#two-factor-code-error")).toContainText("does not match");
  const confirmedAt = totpStep();
  await card.getByLabel(/The 6-digit code/).fill(totp(secret));
  await card.getByRole("button", { name: "Turn on", exact: true }).click();

  const recovery = card.getByTestId("recovery-codes");
  await expect(recovery).toContainText("shown only this once");
  const codes = (await recovery.getByRole("listitem").allTextContents()).map((c) => c.trim());
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 390, height: 844 });
  await recovery.scrollIntoViewIfNeeded();
  await snapshot(page, "settings_2fa_codes_dark_mobile");
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: "light" });
  expect(codes.length).toBeGreaterThanOrEqual(8);
  const download = page.waitForEvent("download");
  await recovery.getByRole("button", { name: "Download as a file" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("kakeibo-recovery-codes.txt");
  const text = await readFile((await file.path()) ?? "", "utf8");
  for (const code of codes) expect(text).toContain(code);
  await recovery.getByRole("button", { name: "I have saved them" }).click();
  await expect(card.getByTestId("two-factor-status")).toHaveText("On");
  await expect(page.getByText(codes[0]!)).toHaveCount(0);

  // Log out, and in again: the password, then the code (from a later 30-second step).
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "Log out", exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
  while (totpStep() <= confirmedAt) await page.waitForTimeout(1_000);
  await page.getByLabel("Authentication code").fill(totp(secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).not.toHaveURL(/\/login/);

  // Turn it off with the password and a recovery code.
  await page.goto("/settings/security");
  await expect(card.getByTestId("two-factor-status")).toHaveText("On");
  await card.getByLabel("Current password").fill(user.password);
  await card.getByLabel("Code from the app, or a recovery code").fill("000000");
  await card.getByRole("button", { name: "Turn off two-factor authentication" }).click();
  await expect(card.getByRole("alert")).toHaveText("The password or the code is wrong.");
  await expect(page).toHaveURL(/\/settings\/security$/);
  await card.getByLabel("Code from the app, or a recovery code").fill(codes[1]!);
  await card.getByRole("button", { name: "Turn off two-factor authentication" }).click();
  await expect(card.getByText("Two-factor authentication is off.")).toBeVisible();
  await expect(card.getByTestId("two-factor-status")).toHaveText("Off");

  await page.goto("/settings/audit-log");
  const audit = page.getByTestId("audit-table");
  await expect(audit).toContainText("Two-factor authentication turned on");
  await expect(audit).toContainText("Two-factor authentication turned off");
  await expect(audit).toContainText("with 2FA");
  // The staged wrong codes are the browser's own 422/401 lines.
  expect(errors.filter((e) => !/status of (422|401) .*\/auth\/2fa\/(confirm|disable)$/.test(e))).toEqual([]);
  await page.context().close();
});
